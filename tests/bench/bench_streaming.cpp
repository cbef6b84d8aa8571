// Streaming benchmark: per-token step latency and state bytes at contexts 1k, 4k, 16k and
// 64k for
//   aaren        ModelImpl::step of an Aaren forecasting model (LibTorch ops)
//   aaren_fused  FusedAarenStep (the same model, fused loops)
//   transformer  ModelImpl::step of the Transformer baseline (KV cache)
//   gru          torch::nn::GRU, same width and layers, one token at a time after a
//                Linear input projection from the channels (the traditional-RNN reference)
// all with the default options (d_model 64, 4 heads, 2 layers, d_ff 128, channels 1,
// horizon 24), batch 1, eval() + NoGradGuard, torch::set_num_threads(1): single-stream
// latency, the way one live feed is served.
//
// For a context N the state is pre-filled with N steps (not timed) and then the following
// steps are timed one by one. The pre-fill runs in parallel: Aaren's (m, c, a) is reduced
// directly from the parallel scores and values of every layer, the Transformer's KV cache
// from a chunked causal forward, the GRU from one sequence forward. A start-up check
// steps a short sequence both ways and refuses to run if the states disagree.
// The Transformer's context grows by one per timed step, so it is timed for a fixed 64
// steps (N..N+63); the others for a fixed, larger number of steps.
//
// Every measurement is preceded by untimed warm-up steps on a throw-away state.
// Counters: p50_us (median per-step latency, the figure the report uses: robust to the
// other processes on a shared machine), mean_us, state_bytes (exact logical bytes at the
// start of the timed steps), alloc_bytes, context (N).
#include "core/models/Aaren.h"
#include "core/models/FusedAarenStep.h"
#include "core/models/Model.h"
#include "core/models/Transformer.h"

#include <benchmark/benchmark.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using namespace aaren;
using Clock = std::chrono::steady_clock;

constexpr std::int64_t kContexts[] = {1024, 4096, 16384, 65536};
constexpr std::int64_t kGruHidden = 64, kGruLayers = 2;
constexpr int kStreamThreads = 1;
constexpr int kWarmupSteps = 300;  // untimed steps before each measurement

ModelOptions streamOptions(ModelType type) {
  ModelOptions o;  // defaults: d_model 64, 4 heads, 2 layers, d_ff 128, channels 1, horizon 24
  o.type = type;
  o.task = Task::Forecast;
  return o;
}

// A deterministic series: daily cycle + slow drift + noise, [1, N, channels].
torch::Tensor series(std::int64_t start, std::int64_t n, std::int64_t channels) {
  auto t = torch::arange(start, start + n, torch::kDouble);
  auto base = torch::sin(t * (2.0 * std::numbers::pi / 24.0)) + 0.001 * t.remainder(1000.0);
  auto gen = at::detail::createCPUGenerator(1234 + static_cast<std::uint64_t>(start));
  auto noise = at::normal(0.0, 0.1, {n, channels}, gen);
  return (base.unsqueeze(1).to(torch::kFloat) + noise).unsqueeze(0).contiguous();
}

// The timed inputs: a ring of 64 [1, channels] tensors taken from the series after N.
std::vector<torch::Tensor> inputsAfter(std::int64_t n, std::int64_t channels) {
  auto xs = series(n, 64, channels);
  std::vector<torch::Tensor> out;
  for (std::int64_t i = 0; i < 64; ++i) out.push_back(xs.select(1, i).contiguous());
  return out;
}

Model& model(ModelType type) {
  static Model aaren = [] {
    torch::manual_seed(42);
    auto m = makeModel(streamOptions(ModelType::Aaren));
    m->eval();
    return m;
  }();
  static Model transformer = [] {
    torch::manual_seed(42);
    auto m = makeModel(streamOptions(ModelType::Transformer));
    m->eval();
    return m;
  }();
  return type == ModelType::Aaren ? aaren : transformer;
}

struct Gru {
  torch::nn::Linear input{nullptr};
  torch::nn::GRU gru{nullptr};
  std::int64_t stateBytes(const torch::Tensor& h) const {
    return h.numel() * static_cast<std::int64_t>(h.element_size());
  }
};

Gru& gru() {
  static Gru g = [] {
    torch::manual_seed(42);
    Gru r;
    r.input = torch::nn::Linear(streamOptions(ModelType::Aaren).channels, kGruHidden);
    r.gru = torch::nn::GRU(
        torch::nn::GRUOptions(kGruHidden, kGruHidden).num_layers(kGruLayers).batch_first(true));
    r.input->eval();
    r.gru->eval();
    return r;
  }();
  return g;
}

// ---- pre-fill -------------------------------------------------------------------------

// Aaren: run the stack in parallel over the N steps; each layer's final (m, c, a) is the
// softmax reduction of its scores and values over all N positions.
ModelState prefillAaren(Model& m, std::int64_t n) {
  torch::NoGradGuard no_grad;
  auto encoder = std::dynamic_pointer_cast<AarenEncoderImpl>(m->encoder);
  auto state = m->initialState(1);
  auto& st = dynamic_cast<AarenState&>(*state.encoder);
  auto h = encoder->embedding->forward(series(0, n, m->options.channels), {}, 0);
  for (std::size_t i = 0; i < encoder->blocks.size(); ++i) {
    auto& block = encoder->blocks[i];
    auto hn = block->norm1->forward(h);
    auto s = block->attention->scores(hn);  // [1, H, N]
    auto v = block->attention->values(hn);  // [1, H, N, D]
    auto mx = std::get<0>(s.max(-1));       // [1, H]
    auto e = torch::exp(s - mx.unsqueeze(-1));
    st.layers[i].m = mx.contiguous();
    st.layers[i].c = e.sum(-1).contiguous();
    st.layers[i].a = (e.unsqueeze(-1) * v).sum(-2).contiguous();
    h = block->forward(h);
  }
  st.steps = n;
  return state;
}

FusedAarenState fusedFrom(const FusedAarenStep& fused, const ModelState& ms) {
  auto st = fused.initialState();
  const auto& as = dynamic_cast<const AarenState&>(*ms.encoder);
  std::size_t mi = 0, ai = 0;
  for (const auto& layer : as.layers) {
    auto m = layer.m.contiguous(), c = layer.c.contiguous(), a = layer.a.contiguous();
    std::copy_n(m.data_ptr<float>(), m.numel(), st.m.begin() + static_cast<std::ptrdiff_t>(mi));
    std::copy_n(c.data_ptr<float>(), c.numel(), st.c.begin() + static_cast<std::ptrdiff_t>(mi));
    std::copy_n(a.data_ptr<float>(), a.numel(), st.a.begin() + static_cast<std::ptrdiff_t>(ai));
    mi += static_cast<std::size_t>(m.numel());
    ai += static_cast<std::size_t>(a.numel());
  }
  st.steps = ms.steps();
  return st;
}

// Transformer: embedding, then per layer K and V of every position (into a cache with the
// capacity doubling growth would have reached) and, for all but the last layer, the
// causal attention output computed in chunks of queries so that no N x N matrix exists.
ModelState prefillTransformer(Model& m, std::int64_t n) {
  torch::NoGradGuard no_grad;
  auto encoder = std::dynamic_pointer_cast<TransformerEncoderImpl>(m->encoder);
  auto state = m->initialState(1);
  auto& st = dynamic_cast<TransformerState&>(*state.encoder);
  const auto& o = m->options;
  const std::int64_t H = o.heads, D = o.d_model / o.heads;
  std::int64_t capacity = 64;
  while (capacity < n) capacity *= 2;
  if (capacity == n) capacity *= 2;  // as stepping would: the N-th append doubled it

  auto h = encoder->embedding->forward(series(0, n, o.channels), {}, 0);  // [1, N, Dm]
  for (std::size_t i = 0; i < encoder->blocks.size(); ++i) {
    auto& block = encoder->blocks[i];
    auto& att = block->attention;
    auto hn = block->norm1->forward(h);
    auto split = [&](const torch::Tensor& t) {
      return t.view({1, n, H, D}).permute({0, 2, 1, 3}).contiguous();  // [1, H, N, D]
    };
    auto k = split(att->key->forward(hn));
    auto v = split(att->value->forward(hn));
    auto& cache = st.layers[i];
    cache.k = torch::zeros({1, H, capacity, D});
    cache.v = torch::zeros({1, H, capacity, D});
    cache.k.narrow(2, 0, n).copy_(k);
    cache.v.narrow(2, 0, n).copy_(v);
    cache.length = n;
    if (i + 1 == encoder->blocks.size()) break;  // the last layer's output is not needed

    auto q = split(att->query->forward(hn)).mul_(1.0 / std::sqrt(static_cast<double>(D)));
    // Chunks of 128 queries: each [H, 128, e] score block stays small, and only the
    // diagonal [128, 128] block needs the causal mask.
    const std::int64_t chunk = 128;
    auto diagonal = torch::full({chunk, chunk}, -std::numeric_limits<float>::infinity()).triu(1);
    std::vector<torch::Tensor> outs;
    for (std::int64_t s = 0; s < n; s += chunk) {
      const std::int64_t c = std::min(chunk, n - s), e = s + c;
      auto scores = torch::matmul(q.narrow(2, s, c), k.narrow(2, 0, e).transpose(-2, -1));  // [1, H, c, e]
      scores.narrow(3, s, c).add_(diagonal.narrow(0, 0, c).narrow(1, 0, c));
      outs.push_back(torch::matmul(torch::softmax(scores, -1), v.narrow(2, 0, e)));  // [1, H, c, D]
    }
    auto o_att = torch::cat(outs, 2).permute({0, 2, 1, 3}).reshape({1, n, o.d_model});
    auto h1 = h + att->out->forward(o_att);
    h = h1 + block->ff2->forward(torch::gelu(block->ff1->forward(block->norm2->forward(h1))));
  }
  st.steps = n;
  return state;
}

torch::Tensor prefillGru(std::int64_t n) {
  torch::NoGradGuard no_grad;
  auto& g = gru();
  auto h0 = torch::zeros({kGruLayers, 1, kGruHidden});
  auto out = g.gru->forward(g.input->forward(series(0, n, streamOptions(ModelType::Aaren).channels)), h0);
  return std::get<1>(out);
}

// Refuses to benchmark if a parallel pre-fill disagrees with stepping.
void checkPrefill() {
  torch::NoGradGuard no_grad;
  const std::int64_t n = 300;
  for (auto type : {ModelType::Aaren, ModelType::Transformer}) {
    auto& m = model(type);
    auto stepped = m->initialState(1);
    auto xs = series(0, n, m->options.channels);
    for (std::int64_t t = 0; t < n; ++t) m->step(xs.select(1, t), stepped);
    auto filled = type == ModelType::Aaren ? prefillAaren(m, n) : prefillTransformer(m, n);
    if (filled.bytes() != stepped.bytes())
      throw std::runtime_error("pre-fill check: state bytes differ for " + toString(type));
    double worst = 0.0;
    for (const auto& x : inputsAfter(n, m->options.channels)) {
      auto a = m->step(x, stepped), b = m->step(x, filled);
      worst = std::max(worst, (a - b).abs().max().item<double>());
    }
    if (worst > 1e-3)
      throw std::runtime_error("pre-fill check: " + toString(type) + " differs by " + std::to_string(worst));
    std::fprintf(stderr, "pre-fill check %s: max |diff| %.2e over 64 steps\n", toString(type).c_str(), worst);
  }
  {
    auto& m = model(ModelType::Aaren);
    FusedAarenStep fused(*m);
    auto ms = prefillAaren(m, n);
    auto fs = fusedFrom(fused, ms);
    std::vector<float> out(static_cast<std::size_t>(fused.outputSize()));
    double worst = 0.0;
    for (const auto& x : inputsAfter(n, m->options.channels)) {
      auto a = m->step(x, ms).contiguous();
      fused.step(x.data_ptr<float>(), nullptr, fs, out.data());
      for (std::size_t i = 0; i < out.size(); ++i)
        worst = std::max(worst, std::abs(static_cast<double>(out[i]) - a.data_ptr<float>()[i]));
    }
    if (worst > 1e-3) throw std::runtime_error("pre-fill check: fused step differs by " + std::to_string(worst));
    std::fprintf(stderr, "pre-fill check fused: max |diff| %.2e over 64 steps\n", worst);
  }
  {
    auto& g = gru();
    auto xs = series(0, n, 1);
    auto h = torch::zeros({kGruLayers, 1, kGruHidden});
    for (std::int64_t t = 0; t < n; ++t)
      h = std::get<1>(g.gru->forward(g.input->forward(xs.select(1, t)).view({1, 1, kGruHidden}), h));
    const double worst = (h - prefillGru(n)).abs().max().item<double>();
    if (worst > 1e-4) throw std::runtime_error("pre-fill check: GRU differs by " + std::to_string(worst));
  }
}

// ---- timing ---------------------------------------------------------------------------

struct Samples {
  std::vector<double> us;
  explicit Samples(std::int64_t n) { us.reserve(static_cast<std::size_t>(n)); }
  void add(Clock::time_point a, Clock::time_point b) {
    us.push_back(std::chrono::duration<double, std::micro>(b - a).count());
  }
  void report(benchmark::State& st, std::int64_t context, std::int64_t bytes, std::int64_t alloc) {
    if (us.empty()) return;
    std::vector<double> s = us;
    std::sort(s.begin(), s.end());
    st.counters["p50_us"] = s[s.size() / 2];
    st.counters["mean_us"] = std::accumulate(s.begin(), s.end(), 0.0) / static_cast<double>(s.size());
    st.counters["state_bytes"] = static_cast<double>(bytes);
    st.counters["alloc_bytes"] = static_cast<double>(alloc);
    st.counters["context"] = static_cast<double>(context);
  }
};

void BM_Aaren(benchmark::State& st) {
  const std::int64_t n = st.range(0);
  auto& m = model(ModelType::Aaren);
  auto state = prefillAaren(m, n);
  const auto bytes = state.bytes(), alloc = state.allocatedBytes();
  const auto xs = inputsAfter(n, m->options.channels);
  torch::NoGradGuard no_grad;
  {  // warm-up on a throw-away state: same cost per step, the measured state stays at N
    auto scratch = m->initialState(1);
    for (int w = 0; w < kWarmupSteps; ++w) m->step(xs[static_cast<std::size_t>(w) % xs.size()], scratch);
  }
  Samples samples(st.max_iterations);
  std::size_t i = 0;
  for (auto _ : st) {
    const auto t0 = Clock::now();
    auto y = m->step(xs[i++ % xs.size()], state);
    benchmark::DoNotOptimize(y.data_ptr<float>());
    samples.add(t0, Clock::now());
  }
  if (state.bytes() != bytes) st.SkipWithError("Aaren state bytes changed while stepping");
  samples.report(st, n, bytes, alloc);
}

void BM_AarenFused(benchmark::State& st) {
  const std::int64_t n = st.range(0);
  auto& m = model(ModelType::Aaren);
  const FusedAarenStep fused(*m);
  auto state = fusedFrom(fused, prefillAaren(m, n));
  const auto bytes = state.bytes();
  const auto xs = inputsAfter(n, m->options.channels);
  std::vector<float> out(static_cast<std::size_t>(fused.outputSize()));
  {
    auto scratch = fused.initialState();
    for (int w = 0; w < kWarmupSteps; ++w)
      fused.step(xs[static_cast<std::size_t>(w) % xs.size()].data_ptr<float>(), nullptr, scratch, out.data());
  }
  Samples samples(st.max_iterations);
  std::size_t i = 0;
  for (auto _ : st) {
    const auto t0 = Clock::now();
    fused.step(xs[i++ % xs.size()].data_ptr<float>(), nullptr, state, out.data());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
    samples.add(t0, Clock::now());
  }
  if (state.bytes() != bytes) st.SkipWithError("fused state bytes changed while stepping");
  samples.report(st, n, bytes, bytes);
}

void BM_Transformer(benchmark::State& st) {
  const std::int64_t n = st.range(0);
  auto& m = model(ModelType::Transformer);
  auto state = prefillTransformer(m, n);
  const auto bytes = state.bytes(), alloc = state.allocatedBytes();
  const auto xs = inputsAfter(n, m->options.channels);
  torch::NoGradGuard no_grad;
  {  // warm-up of the code path on a short throw-away stream; the measured cache stays at N
    auto scratch = m->initialState(1);
    for (int w = 0; w < 64; ++w) m->step(xs[static_cast<std::size_t>(w) % xs.size()], scratch);
  }
  Samples samples(st.max_iterations);
  std::size_t i = 0;
  for (auto _ : st) {
    const auto t0 = Clock::now();
    auto y = m->step(xs[i++ % xs.size()], state);
    benchmark::DoNotOptimize(y.data_ptr<float>());
    samples.add(t0, Clock::now());
  }
  samples.report(st, n, bytes, alloc);
}

void BM_Gru(benchmark::State& st) {
  const std::int64_t n = st.range(0);
  auto& g = gru();
  auto h = prefillGru(n);
  const auto bytes = g.stateBytes(h);
  const auto xs = inputsAfter(n, streamOptions(ModelType::Aaren).channels);
  torch::NoGradGuard no_grad;
  {
    auto scratch = torch::zeros({kGruLayers, 1, kGruHidden});
    for (int w = 0; w < kWarmupSteps; ++w)
      scratch = std::get<1>(g.gru->forward(
          g.input->forward(xs[static_cast<std::size_t>(w) % xs.size()]).view({1, 1, kGruHidden}), scratch));
  }
  Samples samples(st.max_iterations);
  std::size_t i = 0;
  for (auto _ : st) {
    const auto t0 = Clock::now();
    auto x = g.input->forward(xs[i++ % xs.size()]).view({1, 1, kGruHidden});
    auto [y, h_next] = g.gru->forward(x, h);
    h = h_next;
    benchmark::DoNotOptimize(y.data_ptr<float>());
    samples.add(t0, Clock::now());
  }
  samples.report(st, n, bytes, bytes);
}

}  // namespace

int main(int argc, char** argv) {
  torch::set_num_threads(kStreamThreads);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("torch_threads", std::to_string(kStreamThreads));
  benchmark::AddCustomContext("model", "d_model 64, heads 4, layers 2, d_ff 128, channels 1, horizon 24, batch 1");
  try {
    checkPrefill();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_streaming: %s\n", e.what());
    return 1;
  }
  // Grouped by model; within a model by context.
  auto contexts = [](benchmark::internal::Benchmark* b) {
    for (const std::int64_t n : kContexts) b->Arg(n);
    b->Unit(benchmark::kMicrosecond)->UseRealTime();
  };
  benchmark::RegisterBenchmark("stream/aaren", BM_Aaren)->Apply(contexts)->Iterations(3000);
  benchmark::RegisterBenchmark("stream/aaren_fused", BM_AarenFused)->Apply(contexts)->Iterations(100000);
  benchmark::RegisterBenchmark("stream/gru", BM_Gru)->Apply(contexts)->Iterations(3000);
  benchmark::RegisterBenchmark("stream/transformer", BM_Transformer)->Apply(contexts)->Iterations(64);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
