#include "app/cli/TrainArgs.h"

#include "app/cli/CliCommon.h"

#include <sstream>
#include <stdexcept>

namespace aaren::cli {

namespace po = boost::program_options;
namespace tr = aaren::train;

namespace {

template <typename T>
std::string text(T v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

// "(default 64)" or "(default 64; classification 32)" when the tasks differ.
template <typename T>
std::string defaults(T forecast, T classify) {
  if (forecast == classify) return " (default " + text(forecast) + ")";
  return " (default " + text(forecast) + "; classification " + text(classify) + ")";
}

// " (default)", " (forecast default)" or " (classification default)" for a switch.
std::string which(bool forecast, bool classify) {
  if (forecast && classify) return " (default)";
  if (forecast) return " (forecast default)";
  if (classify) return " (classification default)";
  return "";
}

bool given(const po::variables_map& vm, const char* name) { return vm.count(name) > 0 && !vm[name].defaulted(); }

}  // namespace

void TrainArgs::addTo(po::options_description& desc) {
  const auto f = tr::defaultForecastConfig();
  const auto c = tr::defaultClassifyConfig();
  desc.add_options()
      ("model,m", po::value(&model_type), ("aaren or transformer" + defaults(toString(f.model.type), toString(c.model.type))).c_str())
      ("task", po::value(&task), "forecast or classify (default: from the data: .ts files classify)")
      ("lookback,L", po::value(&lookback), ("forecast: input window length" + defaults(f.prep.lookback, f.prep.lookback)).c_str())
      ("lookback-search", "forecast: let validation choose the lookback among L, 2L, 4L … up to 512 (the shortest within one standard error of the best least-squares fit); the model then reads the whole window")
      ("horizon,H", po::value(&horizon), ("forecast: steps ahead" + defaults(f.prep.horizon, f.prep.horizon)).c_str())
      ("split", po::value(&split), "forecast: ett (12/4/4 months), ratios, or auto (default: ett for long ETT files)")
      ("train-ratio", po::value(&train_ratio), ("forecast: training share (split ratios)" + defaults(f.prep.train_ratio, f.prep.train_ratio)).c_str())
      ("val-ratio", po::value(&val_ratio), ("forecast: validation share (split ratios)" + defaults(f.prep.val_ratio, f.prep.val_ratio)).c_str())
      ("columns", po::value(&columns), "forecast: comma-separated value columns (default: all)")
      ("scaler", po::value(&scaler), "forecast: standard or minmax, fitted on the training part (default standard)")
      ("missing", po::value(&missing), "forecast: interpolate, ffill or drop (default interpolate)")
      ("calendar", "forecast: add calendar features from the timestamps")
      ("no-channel-independent", "forecast: feed all channels as one input vector")
      ("no-delta", "forecast: predict values, not changes from the current value")
      ("daily-cycle", po::value(&daily_cycle), ("forecast: harmonics of a per-channel daily cycle taken out of the inputs and put back into the forecast, 0 = none (needs sub-daily timestamps on a regular grid, at most 1 % of the rows off it; capped at half the samples in a day)" + defaults(f.model.daily_cycle, f.model.daily_cycle)).c_str())
      ("linear-skip", ("forecast: add a linear map of the input window to the forecast, started from its least-squares fit" + which(f.model.linear_skip, f.model.linear_skip)).c_str())
      ("no-linear-skip", ("forecast: no linear skip" + which(!f.model.linear_skip, !f.model.linear_skip)).c_str())
      ("train-linear-parts", "forecast: train the daily cycle and the linear skip with the network (default: they keep their least-squares fit)")
      ("pooling", po::value(&pooling), ("classify: last (final state) or mean" + defaults(toString(f.model.pooling), toString(c.model.pooling))).c_str())
      ("d-model", po::value(&d_model), ("model width" + defaults(f.model.d_model, c.model.d_model)).c_str())
      ("heads", po::value(&heads), ("attention heads" + defaults(f.model.heads, c.model.heads)).c_str())
      ("layers", po::value(&layers), ("blocks" + defaults(f.model.layers, c.model.layers)).c_str())
      ("d-ff", po::value(&d_ff), ("feed-forward width" + defaults(f.model.d_ff, c.model.d_ff)).c_str())
      ("input-window", po::value(&input_window), ("samples the value embedding reads at each step" + defaults(f.model.input_window, c.model.input_window)).c_str())
      ("relative-window", ("read the input window relative to the current sample (forecasting: needs the delta head)" + which(f.model.relative_window, c.model.relative_window)).c_str())
      ("absolute-window", ("read the input window as it is" + which(!f.model.relative_window, !c.model.relative_window)).c_str())
      ("scale-window", ("also divide the relative window by its spread and scale the forecast changes back (instance normalisation)" + which(f.model.scale_window, c.model.scale_window)).c_str())
      ("no-scale-window", ("do not scale the relative window" + which(!f.model.scale_window, !c.model.scale_window)).c_str())
      ("no-positional", ("no positional encoding of the step index (a stream's index grows past any trained position)" + which(!f.model.positional, !c.model.positional)).c_str())
      ("positional", ("add the sinusoidal positional encoding of the step index" + which(f.model.positional, c.model.positional)).c_str())
      ("no-final-norm", ("no LayerNorm before the head (the head reads the residual stream)" + which(!f.model.final_norm, !c.model.final_norm)).c_str())
      ("final-norm", ("a LayerNorm before the head" + which(f.model.final_norm, c.model.final_norm)).c_str())
      ("dropout", po::value(&dropout), ("dropout probability" + defaults(f.model.dropout, c.model.dropout)).c_str())
      ("epochs", po::value(&epochs), ("maximum epochs" + defaults(f.train.epochs, c.train.epochs)).c_str())
      ("batch-size", po::value(&batch_size), ("windows or cases per batch" + defaults(f.train.batch_size, c.train.batch_size)).c_str())
      ("lr", po::value(&lr), ("peak learning rate (AdamW, warm-up then cosine)" + defaults(f.train.learning_rate, c.train.learning_rate)).c_str())
      ("weight-decay", po::value(&weight_decay), ("AdamW weight decay" + defaults(f.train.weight_decay, c.train.weight_decay)).c_str())
      ("patience", po::value(&patience), ("early stopping: epochs without validation gain, 0 = off" + defaults(f.train.patience, c.train.patience)).c_str())
      ("clip", po::value(&clip), ("gradient norm clip, 0 = off" + defaults(f.train.grad_clip, c.train.grad_clip)).c_str())
      ("seed", po::value(&seed), ("random seed" + defaults(f.train.seed, c.train.seed)).c_str())
      ("stride", po::value(&stride), ("forecast: use every k-th training window" + defaults(f.train.train_stride, f.train.train_stride)).c_str())
      ("train-length", po::value(&train_length), ("forecast: training sequence length, 0 = the lookback" + defaults(f.train.train_length, f.train.train_length)).c_str())
      ("position-offset", po::value(&position_offset), ("forecast: number each training batch's steps from a random offset below N, 0 = from 0" + defaults(f.train.max_position_offset, f.train.max_position_offset)).c_str())
      ("full-context-loss", "forecast: loss only on positions with a full lookback of context")
      ("any-context-loss", "forecast: loss on every position of a training sequence")
      ("last-position-loss", ("forecast: loss on the final position of each window only" + which(!f.train.all_positions, !f.train.all_positions)).c_str())
      ("every-position-loss", ("forecast: loss on every position of each window" + which(f.train.all_positions, f.train.all_positions)).c_str())
      ("val-windows", po::value(&val_windows), "forecast: validate on N evenly spaced windows (default: all)")
      ("threads", po::value(&threads), "LibTorch threads (default: LibTorch's choice)")
      ("checkpoint", po::value(&checkpoint), "write a resumable checkpoint here after each epoch")
      ("resume", "resume from --checkpoint");
}

// Every numeric flag given is finite and within what a model file may hold (ModelFileInfo.h)
// or what training can use; the error names the flag and the value.
void TrainArgs::checkRanges(const po::variables_map& vm) const {
  const auto whole = [&](const char* flag, std::int64_t v, std::int64_t lo, std::int64_t hi) {
    if (given(vm, flag)) requireInRange(std::string("--") + flag, v, lo, hi);
  };
  const auto real = [&](const char* flag, double v, double lo, double hi) {
    if (given(vm, flag)) requireInRange(std::string("--") + flag, v, lo, hi);
  };
  whole("lookback", lookback, 1, 1000000);
  whole("horizon", horizon, 1, 100000);
  whole("d-model", d_model, 1, 4096);
  whole("heads", heads, 1, 256);
  whole("layers", layers, 1, 64);
  whole("d-ff", d_ff, 1, 16384);
  whole("input-window", input_window, 1, 4096);
  whole("epochs", epochs, 1, 1000000);
  whole("batch-size", batch_size, 1, 1000000);
  whole("patience", patience, 0, 1000000);
  whole("stride", stride, 1, 1000000);
  whole("val-windows", val_windows, 0, 1000000000);
  whole("train-length", train_length, 0, 1000000);
  whole("daily-cycle", daily_cycle, 0, 64);
  whole("position-offset", position_offset, 0, 1000000000);
  whole("threads", threads, 0, 1024);
  real("train-ratio", train_ratio, 0, 1);
  real("val-ratio", val_ratio, 0, 1);
  real("dropout", dropout, 0, 0.999);
  real("lr", lr, 1e-12, 10);
  real("weight-decay", weight_decay, 0, 100);
  real("clip", clip, 0, 1e6);
}

void TrainArgs::applyModel(const po::variables_map& vm, ModelOptions& m) const {
  if (given(vm, "model")) m.type = modelTypeFromString(model_type);
  if (given(vm, "pooling")) m.pooling = poolingFromString(pooling);
  if (given(vm, "d-model")) m.d_model = d_model;
  if (given(vm, "heads")) m.heads = heads;
  if (given(vm, "layers")) m.layers = layers;
  if (given(vm, "d-ff")) m.d_ff = d_ff;
  if (given(vm, "dropout")) m.dropout = dropout;
  if (given(vm, "input-window")) m.input_window = input_window;
  if (vm.count("relative-window")) m.relative_window = true;
  if (vm.count("absolute-window")) m.relative_window = false;
  if (vm.count("scale-window")) m.scale_window = true;
  if (vm.count("no-scale-window")) m.scale_window = false;
  if (vm.count("no-positional")) m.positional = false;
  if (vm.count("positional")) m.positional = true;
  if (vm.count("no-final-norm")) m.final_norm = false;
  if (vm.count("final-norm")) m.final_norm = true;
}

void TrainArgs::applyTrain(const po::variables_map& vm, tr::TrainOptions& t) const {
  if (given(vm, "epochs")) t.epochs = epochs;
  if (given(vm, "batch-size")) t.batch_size = batch_size;
  if (given(vm, "lr")) t.learning_rate = lr;
  if (given(vm, "weight-decay")) t.weight_decay = weight_decay;
  if (given(vm, "patience")) t.patience = patience;
  if (given(vm, "clip")) t.grad_clip = clip;
  if (given(vm, "seed")) t.seed = seed;
  if (given(vm, "threads")) t.threads = threads;
  if (given(vm, "checkpoint")) t.checkpoint_path = checkpoint;
  t.resume = vm.count("resume") > 0;
}

tr::ForecastExperimentConfig TrainArgs::forecastConfig(const po::variables_map& vm) const {
  checkRanges(vm);
  auto c = tr::defaultForecastConfig();
  applyModel(vm, c.model);
  applyTrain(vm, c.train);
  auto& p = c.prep;
  if (given(vm, "lookback")) p.lookback = lookback;
  if (vm.count("lookback-search")) c.lookback_search = true;
  if (c.lookback_search && (vm.count("no-linear-skip") || !c.model.linear_skip))
    throw std::invalid_argument("--lookback-search scores lookbacks by the linear skip's fit; drop --no-linear-skip");
  if (given(vm, "horizon")) p.horizon = horizon;
  if (given(vm, "train-ratio")) p.train_ratio = train_ratio;
  if (given(vm, "val-ratio")) p.val_ratio = val_ratio;
  if (given(vm, "scaler")) {
    if (scaler == "standard") p.scaler = data::ScalerKind::Standard;
    else if (scaler == "minmax") p.scaler = data::ScalerKind::MinMax;
    else throw std::invalid_argument("unknown --scaler '" + scaler + "' (expected standard or minmax)");
  }
  if (given(vm, "missing")) {
    if (missing == "interpolate") p.missing = data::MissingPolicy::Interpolate;
    else if (missing == "ffill") p.missing = data::MissingPolicy::ForwardFill;
    else if (missing == "drop") p.missing = data::MissingPolicy::Drop;
    else throw std::invalid_argument("unknown --missing '" + missing + "' (expected interpolate, ffill or drop)");
  }
  if (given(vm, "split")) {
    if (split == "ett") p.split = tr::SplitKind::Ett;
    else if (split == "ratios") p.split = tr::SplitKind::Ratios;
    else if (split != "auto") throw std::invalid_argument("unknown --split '" + split + "' (expected ett, ratios or auto)");
  }
  p.columns.clear();
  std::stringstream ss(columns);
  for (std::string col; std::getline(ss, col, ',');)
    if (!col.empty()) p.columns.push_back(col);
  if (vm.count("calendar")) p.calendar = true;
  if (vm.count("no-channel-independent")) c.model.channel_independent = false;
  if (vm.count("no-delta")) c.model.predict_delta = false;
  if (given(vm, "daily-cycle")) c.model.daily_cycle = daily_cycle;
  if (vm.count("linear-skip")) c.model.linear_skip = true;
  if (vm.count("no-linear-skip")) c.model.linear_skip = false;
  if (vm.count("train-linear-parts")) c.train.train_linear_parts = true;
  if (vm.count("last-position-loss")) c.train.all_positions = false;
  if (vm.count("every-position-loss")) c.train.all_positions = true;
  if (vm.count("full-context-loss")) c.train.full_context_loss = true;
  if (vm.count("any-context-loss")) c.train.full_context_loss = false;
  if (given(vm, "stride")) c.train.train_stride = stride;
  if (given(vm, "train-length")) c.train.train_length = train_length;
  if (given(vm, "position-offset")) c.train.max_position_offset = position_offset;
  if (given(vm, "val-windows")) c.train.max_val_windows = val_windows;
  c.model.calendar = p.calendar;
  c.model.horizon = p.horizon;
  return c;
}

tr::ClassifyExperimentConfig TrainArgs::classifyConfig(const po::variables_map& vm) const {
  checkRanges(vm);
  auto c = tr::defaultClassifyConfig();
  applyModel(vm, c.model);
  applyTrain(vm, c.train);
  return c;
}

bool TrainArgs::autoSplit(const po::variables_map& vm) const { return !given(vm, "split") || split == "auto"; }

}  // namespace aaren::cli
