#include "core/train/ForecastData.h"

#include <algorithm>
#include <stdexcept>

namespace aaren::train {

std::int64_t ForecastData::windows(const RowRange& range) const {
  return std::max<std::int64_t>(0, static_cast<std::int64_t>(range.size()) - lookback - horizon + 1);
}

void ForecastData::check() const {
  if (channels < 1) throw std::invalid_argument("forecast data: no value columns");
  if (static_cast<std::int64_t>(values.size()) != rows * channels)
    throw std::invalid_argument("forecast data: values hold " + std::to_string(values.size()) + " numbers, expected rows × channels = " +
                                std::to_string(rows * channels));
  if (!calendar.empty() && static_cast<std::int64_t>(calendar.size()) != rows * 8)
    throw std::invalid_argument("forecast data: calendar features do not match the rows");
  if (!timestamps.empty() && static_cast<std::int64_t>(timestamps.size()) != rows)
    throw std::invalid_argument("forecast data: " + std::to_string(timestamps.size()) + " timestamps for " + std::to_string(rows) + " rows");
  if (lookback < 1 || horizon < 1) throw std::invalid_argument("forecast data: lookback and horizon must be at least 1");
  for (const auto* r : {&train, &val, &test})
    if (static_cast<std::int64_t>(r->end) > rows || r->begin > r->end)
      throw std::invalid_argument("forecast data: a split range lies outside rows [0, " + std::to_string(rows) + ")");
  if (windows(train) < 1)
    throw std::invalid_argument("forecast data: the training part has " + std::to_string(train.size()) +
                                " rows, fewer than lookback + horizon = " + std::to_string(lookback + horizon));
}

std::int64_t ClassifyData::maxLength() const {
  std::int64_t m = 0;
  for (const auto* set : {&train, &val, &test})
    for (const auto& c : *set) m = std::max(m, c.length);
  return m;
}

void ClassifyData::check() const {
  if (channels < 1) throw std::invalid_argument("classification data: no channels");
  if (class_names.size() < 2) throw std::invalid_argument("classification data: fewer than 2 classes");
  if (train.empty()) throw std::invalid_argument("classification data: no training cases");
  for (const auto* set : {&train, &val, &test})
    for (const auto& c : *set) {
      if (c.length < 1 || static_cast<std::int64_t>(c.values.size()) != c.length * channels)
        throw std::invalid_argument("classification data: a case's values do not match its length");
      if (c.label < 0 || c.label >= static_cast<int>(class_names.size()))
        throw std::invalid_argument("classification data: label " + std::to_string(c.label) + " is not a known class");
    }
}

}  // namespace aaren::train
