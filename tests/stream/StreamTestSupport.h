#pragma once
// Helpers for the streaming tests: small seeded (untrained) models wrapped as TrainedModel
// handles with a schema and scaler, and synthetic series. No Torch here.
#include "core/data/Series.h"
#include "core/models/ModelOptions.h"
#include "core/stream/StreamSource.h"
#include "core/train/TrainedModel.h"

#include <chrono>

#include <cstdint>
#include <string>
#include <vector>

namespace aaren::testing {

// A model built from `options` (seeded), with columns c0.. (or `columns`), a standard
// scaler of the given offsets/scales (default: offset 10 + c, scale 2 + c) and hourly
// frequency.
train::TrainedModel makeStreamModel(const ModelOptions& options, std::uint64_t seed = 7,
                                    std::vector<std::string> columns = {});

// rows x channels of smooth values (sines with noise), hourly from 2020-01-01, names c0...
data::Series makeSeries(std::size_t rows, std::size_t channels, std::uint64_t seed = 3);

// The model's parallel forward over the first n rows of `series` (scaled as the predictor
// does), output at position n - 1, unscaled: forecast [H*C] or class probabilities.
std::vector<double> batchOutput(const train::TrainedModel& model, const data::Series& series, std::size_t n);

// Takes samples from the source's buffer until `n` arrived or the deadline passed.
std::vector<stream::Sample> collect(stream::StreamSource& source, std::size_t n,
                                    std::chrono::milliseconds deadline = std::chrono::seconds(20));

}  // namespace aaren::testing
