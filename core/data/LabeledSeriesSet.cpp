#include "core/data/LabeledSeriesSet.h"

#include <algorithm>

namespace aaren::data {

std::size_t LabeledSeriesSet::minLength() const {
  return lengths.empty() ? 0 : *std::min_element(lengths.begin(), lengths.end());
}

std::size_t LabeledSeriesSet::maxLength() const {
  return lengths.empty() ? 0 : *std::max_element(lengths.begin(), lengths.end());
}

std::vector<std::size_t> LabeledSeriesSet::classCounts() const {
  std::vector<std::size_t> counts(classNames.size(), 0);
  for (int k : classIndex)
    if (k >= 0 && static_cast<std::size_t>(k) < counts.size()) ++counts[static_cast<std::size_t>(k)];
  return counts;
}

}  // namespace aaren::data
