#pragma once
// Reader for the sktime / UEA-UCR `.ts` classification format:
//
//   # comments
//   @problemName BasicMotions
//   @timeStamps false          (true is not supported: an error)
//   @missing false
//   @univariate false
//   @dimensions 6
//   @equalLength true
//   @seriesLength 100
//   @classLabel true Standing Running Walking Badminton
//   @data
//   v,v,v,...:v,v,v,...:...:Label        (dimensions split by ':', label last)
//
// Univariate and multivariate, equal and unequal length, '?' (or NaN) for missing values,
// string labels. A case whose dimensions differ in length is padded with NaN (warning).
// Errors name the line and the 1-based character column, e.g.
//   X_TRAIN.ts:14:37: expected a number in dimension 2, found "abc"
//
// Threading: runs on the calling thread, no shared state; `progress` is called on that
// thread every 256 data lines with (bytes done, total bytes).
#include <filesystem>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "core/data/DataError.h"
#include "core/data/LabeledSeriesSet.h"

namespace aaren::data {

struct TsOptions {
  std::string sourceName;                       // for messages (default: path or "input")
  std::size_t maxLineBytes = std::size_t{64} << 20;
};

struct TsResult {
  LoadStatus status = LoadStatus::Ok;
  LabeledSeriesSet set;
  std::vector<Warning> warnings;
};

TsResult readTs(std::string_view text, const TsOptions& options = {}, const ProgressFn& progress = {});
TsResult readTs(std::istream& in, const TsOptions& options = {}, const ProgressFn& progress = {});
TsResult readTsFile(const std::filesystem::path& path, const TsOptions& options = {},
                    const ProgressFn& progress = {});

}  // namespace aaren::data
