#pragma once
// Command-line options shared by the commands that build and train models: model shape,
// training settings and data preparation. Defaults are the experiment defaults of the task
// (aaren::train::defaultForecastConfig / defaultClassifyConfig, the settings measured in
// docs/benchmarks.md); an option given on the command line overrides them.
// Threading: plain values, used on the calling thread.
#include "core/train/Experiment.h"

#include <boost/program_options.hpp>

#include <string>

namespace aaren::cli {

struct TrainArgs {
  void addTo(boost::program_options::options_description& description);

  // The defaults of the task with the options given in `vm` applied. Throw
  // std::invalid_argument for a bad value (unknown --scaler, a number that is NaN or out of
  // range: "--lr must be a finite number from 1e-12 to 10 (got nan)", ...).
  aaren::train::ForecastExperimentConfig forecastConfig(const boost::program_options::variables_map& vm) const;
  aaren::train::ClassifyExperimentConfig classifyConfig(const boost::program_options::variables_map& vm) const;
  // "auto" leaves the split to aaren::train::defaultSplit (ETT for ETT files).
  bool autoSplit(const boost::program_options::variables_map& vm) const;

  std::string task;  // --task, "" = from the data

 private:
  void checkRanges(const boost::program_options::variables_map& vm) const;
  void applyModel(const boost::program_options::variables_map& vm, ModelOptions& m) const;
  void applyTrain(const boost::program_options::variables_map& vm, aaren::train::TrainOptions& t) const;

  std::string model_type, split, scaler, missing, columns, pooling, checkpoint;
  std::int64_t lookback = 0, horizon = 0, d_model = 0, heads = 0, layers = 0, d_ff = 0, epochs = 0, batch_size = 0,
               patience = 0, stride = 0, val_windows = 0, input_window = 0, train_length = 0, daily_cycle = 0,
               position_offset = 0;
  double train_ratio = 0, val_ratio = 0, dropout = 0, lr = 0, weight_decay = 0, clip = 0;
  std::uint64_t seed = 0;
  int threads = 0;
};

}  // namespace aaren::cli
