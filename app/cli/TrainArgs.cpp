#include "app/cli/TrainArgs.h"

#include <sstream>
#include <stdexcept>

namespace aaren::cli {

namespace po = boost::program_options;

void TrainArgs::addTo(po::options_description& desc) {
  desc.add_options()
      ("model,m", po::value(&model_type)->default_value("aaren"), "aaren or transformer")
      ("task", po::value(&task), "forecast or classify (default: from the data: .ts files classify)")
      ("lookback,L", po::value(&prep.lookback)->default_value(96), "forecast: input window length")
      ("horizon,H", po::value(&prep.horizon)->default_value(96), "forecast: steps ahead")
      ("split", po::value(&split)->default_value("auto"), "forecast: ett (12/4/4 months), ratios, or auto (ett for ETT files)")
      ("train-ratio", po::value(&prep.train_ratio)->default_value(0.7), "forecast: training share (split ratios)")
      ("val-ratio", po::value(&prep.val_ratio)->default_value(0.1), "forecast: validation share (split ratios)")
      ("columns", po::value(&columns), "forecast: comma-separated value columns (default: all)")
      ("scaler", po::value(&scaler)->default_value("standard"), "forecast: standard or minmax, fitted on the training part")
      ("missing", po::value(&missing)->default_value("interpolate"), "forecast: interpolate, ffill or drop")
      ("calendar", po::bool_switch(&prep.calendar), "forecast: add calendar features from the timestamps")
      ("no-channel-independent", po::bool_switch(&no_channel_independent), "forecast: feed all channels as one input vector")
      ("no-delta", po::bool_switch(&no_delta), "forecast: predict values, not changes from the current value")
      ("pooling", po::value(&pooling)->default_value("last"), "classify: last (final state) or mean")
      ("d-model", po::value(&model.d_model)->default_value(64), "model width")
      ("heads", po::value(&model.heads)->default_value(4), "attention heads")
      ("layers", po::value(&model.layers)->default_value(2), "blocks")
      ("d-ff", po::value(&model.d_ff)->default_value(128), "feed-forward width")
      ("dropout", po::value(&model.dropout)->default_value(0.1), "dropout probability")
      ("epochs", po::value(&train.epochs)->default_value(10), "maximum epochs")
      ("batch-size", po::value(&train.batch_size)->default_value(64), "windows or cases per batch")
      ("lr", po::value(&train.learning_rate)->default_value(1e-3), "peak learning rate (AdamW, warm-up then cosine)")
      ("weight-decay", po::value(&train.weight_decay)->default_value(1e-4), "AdamW weight decay")
      ("patience", po::value(&train.patience)->default_value(3), "early stopping: epochs without validation gain (0 = off)")
      ("clip", po::value(&train.grad_clip)->default_value(1.0), "gradient norm clip (0 = off)")
      ("seed", po::value(&train.seed)->default_value(42), "random seed")
      ("stride", po::value(&train.train_stride)->default_value(1), "forecast: use every k-th training window")
      ("last-position-loss", "forecast: loss on the final position only (default: every position)")
      ("threads", po::value(&train.threads)->default_value(0), "LibTorch threads (0 = default)")
      ("checkpoint", po::value(&train.checkpoint_path), "write a resumable checkpoint here after each epoch")
      ("resume", po::bool_switch(&train.resume), "resume from --checkpoint");
}

void TrainArgs::finish(const po::variables_map& vm) {
  model.type = modelTypeFromString(model_type);
  model.pooling = poolingFromString(pooling);
  if (scaler == "standard") prep.scaler = data::ScalerKind::Standard;
  else if (scaler == "minmax") prep.scaler = data::ScalerKind::MinMax;
  else throw std::invalid_argument("unknown --scaler '" + scaler + "' (expected standard or minmax)");
  if (missing == "interpolate") prep.missing = data::MissingPolicy::Interpolate;
  else if (missing == "ffill") prep.missing = data::MissingPolicy::ForwardFill;
  else if (missing == "drop") prep.missing = data::MissingPolicy::Drop;
  else throw std::invalid_argument("unknown --missing '" + missing + "' (expected interpolate, ffill or drop)");
  if (split == "ett") prep.split = aaren::train::SplitKind::Ett;
  else if (split == "ratios" || split == "auto") prep.split = aaren::train::SplitKind::Ratios;
  else throw std::invalid_argument("unknown --split '" + split + "' (expected ett, ratios or auto)");
  prep.columns.clear();
  std::stringstream ss(columns);
  for (std::string c; std::getline(ss, c, ',');)
    if (!c.empty()) prep.columns.push_back(c);
  train.all_positions = vm.count("last-position-loss") == 0;
  model.channel_independent = !no_channel_independent;
  model.predict_delta = !no_delta;
  model.calendar = prep.calendar;
  model.horizon = prep.horizon;
}

}  // namespace aaren::cli
