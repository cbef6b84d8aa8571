#pragma once
// LabeledSeriesSet: a classification dataset — cases of one or more channels, each case with
// its own length and a string class label. Output of the .ts reader and of the long-format
// classification CSV reader.
//
// Storage: case i holds channels x lengths[i] values, channel-major and contiguous
// (channel c of case i is data[i][c * lengths[i] .. (c + 1) * lengths[i])); NaN is missing.
//
// Threading: a plain value type, no internal synchronisation.
#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace aaren::data {

struct LabeledSeriesSet {
  std::string name;                        // @problemName, or the file name
  std::size_t channels = 0;
  std::vector<std::string> channelNames;   // long-format CSV column names; "dim_0".. for .ts
  std::vector<std::string> classNames;     // declared (@classLabel) or first-seen order
  std::vector<std::vector<double>> data;   // per case, channel-major
  std::vector<std::size_t> lengths;        // per case
  std::vector<std::string> labels;         // per case
  std::vector<int> classIndex;             // per case, index into classNames
  std::size_t missing = 0;                 // NaN values over all cases

  std::size_t size() const noexcept { return data.size(); }
  std::span<const double> channel(std::size_t caseIndex, std::size_t c) const {
    const std::size_t len = lengths[caseIndex];
    return {data[caseIndex].data() + c * len, len};
  }
  std::size_t minLength() const;
  std::size_t maxLength() const;
  bool equalLength() const { return minLength() == maxLength(); }
  // Cases per class, in classNames order.
  std::vector<std::size_t> classCounts() const;
};

}  // namespace aaren::data
