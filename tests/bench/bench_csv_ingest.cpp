// CSV ingest benchmark: aaren::data::readCsvFile on a >= 100 MB file made by repeating
// ETTh1's rows with continuing hourly timestamps (written into the build directory on first
// run, never committed), against pandas.read_csv(path, parse_dates=[0]) in the same run
// (tests/bench/pandas_read_csv.py under Debian's /usr/bin/python3).
//
// Counters: MB/s (input bytes per second), rows, peak_MB (peak RSS growth of one read, taken
// in a forked child from ru_maxrss), peak_vs_values (peak / parsed values as float64,
// rows x 7 x 8 bytes) and peak_vs_parsed (peak / values + int64 timestamps).
#include <benchmark/benchmark.h>
#include <malloc.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/data/CsvReader.h"
#include "core/data/Timestamp.h"

namespace fs = std::filesystem;
using namespace aaren::data;

namespace {

constexpr std::uintmax_t kTargetBytes = 100ull << 20;

std::string benchFile() {
  static const std::string path = [] {
    const fs::path out = fs::path(AAREN_BENCH_DIR) / "etth1_x40.csv";
    if (fs::exists(out) && fs::file_size(out) >= kTargetBytes) return out.string();
    std::ifstream in(std::string(AAREN_DATA_DIR) + "/forecasting/ETTh1.csv");
    std::string header, line;
    std::getline(in, header);
    std::vector<std::string> rest;  // the 7 values of each row, after the first ','
    while (std::getline(in, line)) rest.push_back(line.substr(line.find(',')));
    std::ofstream o(out.string() + ".tmp", std::ios::binary);
    o << header << '\n';
    std::int64_t t = *parseTimestamp("2016-07-01 00:00:00");
    std::uintmax_t bytes = header.size() + 1;
    while (bytes < kTargetBytes)
      for (const auto& r : rest) {
        const std::string ts = formatTimestamp(t);
        t += 3600;
        o << ts << r << '\n';
        bytes += ts.size() + r.size() + 1;
      }
    o.close();
    fs::rename(out.string() + ".tmp", out);
    return out.string();
  }();
  return path;
}

long statusKb(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string k;
  long v = -1;
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key, 0) == 0) {
      std::istringstream ss(line.substr(std::strlen(key)));
      ss >> v;
    }
  return v;
}

void BM_CsvIngest(benchmark::State& state) {
  const std::string file = benchFile();
  const double mb = static_cast<double>(fs::file_size(file)) / 1e6;
  std::size_t rows = 0, cols = 0;
  for (auto _ : state) {
    CsvResult r = readCsvFile(file);
    rows = r.series.rows;
    cols = r.series.cols();
    benchmark::DoNotOptimize(r.series.values.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(fs::file_size(file)) * state.iterations());
  state.counters["MB/s"] = benchmark::Counter(mb * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["file_MB"] = mb;

  // Peak memory of one more read, in a forked child so the kernel's exact high-water mark
  // (ru_maxrss at exit) is the read's own: peak = child's maxrss - its RSS before reading.
  int fds[2];
  if (pipe(fds) != 0) return;
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    malloc_trim(0);  // hand freed heap back, so the read cannot reuse resident free pages
    const long before = statusKb("VmRSS:");
    {
      CsvResult r = readCsvFile(file);
      benchmark::DoNotOptimize(r.series.values.data());
    }
    const ssize_t w = write(fds[1], &before, sizeof before);
    _exit(w == sizeof before ? 0 : 1);
  }
  close(fds[1]);
  long before = 0;
  const bool got = read(fds[0], &before, sizeof before) == sizeof before;
  close(fds[0]);
  int status = 0;
  struct rusage ru {};
  wait4(pid, &status, 0, &ru);
  if (!got || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    state.SkipWithError("peak memory child failed");
    return;
  }
  const double peakBytes = static_cast<double>(ru.ru_maxrss - before) * 1024.0;
  const double values = static_cast<double>(rows * cols * sizeof(double));
  const double parsed = values + static_cast<double>(rows * sizeof(std::int64_t));
  state.counters["peak_MB"] = peakBytes / 1e6;
  state.counters["peak_vs_values"] = peakBytes / values;
  state.counters["peak_vs_parsed"] = peakBytes / parsed;
}
BENCHMARK(BM_CsvIngest)->Unit(benchmark::kMillisecond)->Iterations(5)->UseRealTime();

void BM_PandasReadCsv(benchmark::State& state) {
  const std::string file = benchFile();
  const double mb = static_cast<double>(fs::file_size(file)) / 1e6;
  const std::string cmd = "/usr/bin/python3 " + std::string(AAREN_BENCH_SOURCE_DIR) + "/pandas_read_csv.py '" + file + "' 1";
  double total = 0;
  for (auto _ : state) {
    FILE* p = popen(cmd.c_str(), "r");
    if (p == nullptr) {
      state.SkipWithError("cannot run /usr/bin/python3");
      return;
    }
    char buf[256] = {};
    const bool got = std::fgets(buf, sizeof buf, p) != nullptr;
    const int rc = pclose(p);
    double seconds = 0, mbps = 0;
    if (!got || rc != 0 || std::sscanf(buf, "%lf %lf", &seconds, &mbps) != 2) {
      state.SkipWithError("pandas_read_csv.py failed (is python3-pandas installed?)");
      return;
    }
    state.SetIterationTime(seconds);  // read_csv alone, not the interpreter start
    total += seconds;
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(fs::file_size(file)) * state.iterations());
  state.counters["MB/s"] = mb * static_cast<double>(state.iterations()) / total;
}
BENCHMARK(BM_PandasReadCsv)->Unit(benchmark::kMillisecond)->Iterations(3)->UseManualTime();

}  // namespace

BENCHMARK_MAIN();
