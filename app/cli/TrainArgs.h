#pragma once
// Command-line options shared by the commands that build and train models: model shape,
// training settings and data preparation, with their defaults and help texts.
#include "core/models/ModelOptions.h"
#include "core/train/Prepare.h"
#include "core/train/TrainOptions.h"

#include <boost/program_options.hpp>

#include <string>

namespace aaren::cli {

struct TrainArgs {
  ModelOptions model;
  aaren::train::TrainOptions train;
  aaren::train::ForecastPrepOptions prep;
  std::string model_type = "aaren", task, split = "auto", scaler = "standard", missing = "interpolate", columns, pooling = "last";
  bool no_channel_independent = false, no_delta = false;

  void addTo(boost::program_options::options_description& description);
  // Applies the parsed strings to the option structs; throws std::invalid_argument.
  void finish(const boost::program_options::variables_map& vm);
};

}  // namespace aaren::cli
