// Training benchmark: forward + backward throughput (windows per second) at T = 96, 512 and
// 2048 for
//   aaren_scan        Aaren's parallel form (AarenEncoderImpl::forward, the chunked scan)
//   transformer       the causal Transformer baseline (full T x T attention)
//   aaren_sequential  Aaren with only its attention run as a sequential loop
//                     (AarenEncoderImpl::forwardSequential: the recurrence stepped T times,
//                     every projection, norm and feed-forward still over all T at once)
//   aaren_step_loop   Aaren trained as an RNN is: ModelImpl::step called T times with
//                     autograd on (the whole model per step), backpropagation through time
// Default options (d_model 64, 4 heads, 2 layers, d_ff 128, dropout 0.1, channels 1,
// horizon 24), train mode, loss = MSE of the forecast head's output at every position
// against zeros, zero_grad + backward every iteration (no optimiser step: it costs the
// same for every model). Threads: LibTorch's default (at::get_num_threads(), recorded in
// the JSON context; 1 on the reference 2-vCPU VM, where LibTorch 1.13 counts one core),
// AAREN_TRAIN_THREADS=n overrides. On a machine shared with a compiler, 2 OpenMP threads
// made every iteration ~10x slower (barriers spin while the other core is busy).
// Counters: windows_per_s (= items_per_second), batch, T.
#include "core/models/Aaren.h"
#include "core/models/Model.h"

#include <benchmark/benchmark.h>
#include <torch/torch.h>

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using namespace aaren;

enum class Kind { Scan, Transformer, Sequential, StepLoop };

// The same batch for every model at a given T.
std::int64_t batchFor(std::int64_t T) { return T <= 512 ? 8 : 4; }

void BM_Train(benchmark::State& st, Kind kind) {
  const std::int64_t T = st.range(0), B = batchFor(T);
  ModelOptions o;  // defaults
  o.type = kind == Kind::Transformer ? ModelType::Transformer : ModelType::Aaren;
  o.task = Task::Forecast;
  torch::manual_seed(7);
  auto model = makeModel(o);
  model->train();
  auto x = torch::randn({B, T, o.channels});
  auto encoder = std::dynamic_pointer_cast<AarenEncoderImpl>(model->encoder);

  for (auto _ : st) {
    model->zero_grad();
    torch::Tensor y;
    if (kind == Kind::Sequential) {
      y = model->forecast_head->forward(encoder->forwardSequential(x));
    } else if (kind == Kind::StepLoop) {
      auto state = model->initialState(B);
      std::vector<torch::Tensor> outs;
      outs.reserve(static_cast<std::size_t>(T));
      for (std::int64_t t = 0; t < T; ++t) outs.push_back(model->step(x.select(1, t), state));
      y = torch::stack(outs, 1);  // [B, T, horizon, channels]
    } else {
      y = model->forward(x);  // [B, T, horizon, channels]
    }
    auto loss = torch::mse_loss(y, torch::zeros_like(y));
    loss.backward();
    benchmark::DoNotOptimize(loss.item<float>());
  }
  const double windows = static_cast<double>(st.iterations() * B);
  st.SetItemsProcessed(st.iterations() * B);
  st.counters["windows_per_s"] = benchmark::Counter(windows, benchmark::Counter::kIsRate);
  st.counters["batch"] = static_cast<double>(B);
  st.counters["T"] = static_cast<double>(T);
}

}  // namespace

int main(int argc, char** argv) {
  // LibTorch's default thread count unless AAREN_TRAIN_THREADS says otherwise (see the
  // comment at the top).
  if (const char* env = std::getenv("AAREN_TRAIN_THREADS"); env != nullptr && std::atoi(env) > 0)
    torch::set_num_threads(std::atoi(env));
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("torch_threads", std::to_string(torch::get_num_threads()));
  benchmark::AddCustomContext("model", "d_model 64, heads 4, layers 2, d_ff 128, channels 1, horizon 24; batch 8 (T<=512), 4 (T=2048)");
  auto shape = [](benchmark::internal::Benchmark* b) {
    b->Arg(96)->Arg(512)->Arg(2048)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);
  };
  benchmark::RegisterBenchmark("train/aaren_scan", BM_Train, Kind::Scan)->Apply(shape);
  benchmark::RegisterBenchmark("train/transformer", BM_Train, Kind::Transformer)->Apply(shape);
  benchmark::RegisterBenchmark("train/aaren_sequential", BM_Train, Kind::Sequential)->Apply(shape);
  benchmark::RegisterBenchmark("train/aaren_step_loop", BM_Train, Kind::StepLoop)->Apply(shape);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
