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
// string labels. A case whose dimensions differ in length is padded with NaN (warning); the
// values held after padding, over all cases, are bounded before allocating by the larger of
// 16 Mi values (128 MiB) and 4 times the values in the file, else an error naming the line:
//   x.ts:5:1: case 1 pads its 20000 dimensions with NaN to its longest (20000 values): ...
// A case has at most 1,000,000 dimensions (or the @dimensions declared).
// Files are opened with openInputFile (InputFile.h): a device, FIFO or a file over 16 GiB is
// refused before reading.
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
