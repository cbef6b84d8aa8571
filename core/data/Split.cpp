#include "core/data/Split.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace aaren::data {

SplitBorders splitByRatios(std::size_t rows, double train, double val, std::size_t lookback) {
  if (!(train > 0 && train < 1 && val >= 0 && train + val < 1))
    throw std::invalid_argument("split ratios must satisfy 0 < train, 0 <= val, train + val < 1");
  const auto nTrain = static_cast<std::size_t>(std::floor(static_cast<double>(rows) * train));
  const auto nTest = static_cast<std::size_t>(std::floor(static_cast<double>(rows) * (1.0 - train - val) + 1e-9));
  const std::size_t nVal = rows - nTrain - nTest;
  if (nTrain < lookback || rows - nTest < lookback || nTest == 0)
    throw std::invalid_argument("series of " + std::to_string(rows) + " rows is too short for this split with lookback " +
                                std::to_string(lookback));
  return {{0, nTrain}, {nTrain - lookback, nTrain + nVal}, {rows - nTest - lookback, rows}};
}

SplitBorders ettSplit(std::size_t rows, std::int64_t stepSeconds, std::size_t lookback) {
  if (stepSeconds <= 0 || 86400 % stepSeconds != 0)
    throw std::invalid_argument("ETT split needs a step that divides a day, got " + std::to_string(stepSeconds) + " s");
  const auto perMonth = static_cast<std::size_t>(30 * (86400 / stepSeconds));
  const std::size_t a = 12 * perMonth, b = 16 * perMonth, c = 20 * perMonth;
  if (rows < c) throw std::invalid_argument("ETT split needs " + std::to_string(c) + " rows, the series has " + std::to_string(rows));
  if (lookback > a) throw std::invalid_argument("lookback longer than the training part");
  return {{0, a}, {a - lookback, b}, {b - lookback, c}};
}

}  // namespace aaren::data
