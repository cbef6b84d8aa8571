#pragma once
// Time-ordered train / validation / test splits as row ranges (no shuffling, no copies).
//
// The validation and test ranges start `lookback` rows early so their first window has its
// full history (the convention of the Informer/Autoformer code):
//   ETT (12/4/4 months of 30 days): train [0, 12m), val [12m - L, 16m), test [16m - L, 20m)
//     -> for hourly ETTh1: train [0, 8640), val [8640 - L, 11520), test [11520 - L, 14400)
//   ratios (e.g. 0.7 / 0.1, test = the rest): n_train = floor(n * train),
//     n_test = floor(n * test), n_val = n - n_train - n_test;
//     train [0, n_train), val [n_train - L, n_train + n_val), test [n - n_test - L, n)
// Scalers are fitted on the `train` range only.
//
// Threading: pure functions.
#include <cstddef>
#include <cstdint>

namespace aaren::data {

struct RowRange {
  std::size_t begin = 0, end = 0;
  std::size_t size() const noexcept { return end - begin; }
  friend bool operator==(const RowRange&, const RowRange&) = default;
};

struct SplitBorders {
  RowRange train, val, test;
};

// Throws std::invalid_argument when the ratios are not in (0, 1) with train + val < 1, or a
// part is too short for the lookback.
SplitBorders splitByRatios(std::size_t rows, double train, double val, std::size_t lookback = 0);

// ETT convention for a regular series with `stepSeconds` per row (3600 for ETTh, 900 for
// ETTm). Throws std::invalid_argument when the series is shorter than 20 months of 30 days or
// the step does not divide a day.
SplitBorders ettSplit(std::size_t rows, std::int64_t stepSeconds, std::size_t lookback = 0);

}  // namespace aaren::data
