@problemName U
@univariate true
@equalLength true
@seriesLength 3
@classLabel true 1 2
@data
0.1,0.2,0.3:1
-1e3,4,5:2
