// The fused inference path of Aaren's step (FusedAarenStep.h).
//
// Layout: every Linear is stored transposed, [in, out] row-major, so that y = W x + b
// becomes `y = b; for i: y += x[i] * Wt[i, :]` — an axpy whose inner loop runs over
// contiguous memory with no reduction, which GCC vectorises at -O2/-O3 without
// -ffast-math. The key projection is only ever used through the score q_h · k_h, so it is
// folded at construction into one [d_model, heads] matrix (in double precision):
//     s_h = (q_h · (W_k x + b_k)_h) / sqrt(d_head) = (W_k,h^T q_h / sqrt(d_head)) · x + q_h · b_k,h / sqrt(d_head)
// which turns a d_model x d_model product into d_model x heads.
// Everything else follows the LibTorch modules operation for operation (pre-LayerNorm
// with eps 1e-5, exact erf GELU, the (m, c, a) recurrence with m starting at -inf,
// o = a / max(c, FLT_MIN)); dropout is the identity at inference.
#include "core/models/FusedAarenStep.h"

#include "core/models/Aaren.h"
#include "core/models/CalendarFeatures.h"
#include "core/models/FusedLinearParts.h"
#include "core/models/Model.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>

namespace aaren {
namespace {

using Floats = std::vector<float>;

// A float32 copy of a (possibly undefined) tensor, `n` zeros when undefined.
Floats copyOf(const torch::Tensor& t, std::int64_t n) {
  if (!t.defined()) return Floats(static_cast<std::size_t>(n), 0.0f);
  auto c = t.detach().to(torch::kCPU, torch::kFloat).contiguous();
  if (c.numel() != n)
    throw std::invalid_argument("FusedAarenStep: unexpected parameter size " +
                                std::to_string(c.numel()) + " (expected " + std::to_string(n) + ")");
  const float* p = c.data_ptr<float>();
  return Floats(p, p + n);
}

// The weight of a Linear(in, out) as [in, out] row-major.
Floats transposedWeight(const torch::nn::Linear& lin) {
  auto w = lin->weight.detach().to(torch::kCPU, torch::kFloat).t().contiguous();
  const float* p = w.data_ptr<float>();
  return Floats(p, p + w.numel());
}

struct Dense {  // y[out] = Wt^T x + b, Wt [in, out]
  std::int64_t in = 0, out = 0;
  Floats wt, b;
};

Dense denseOf(const torch::nn::Linear& lin) {
  Dense d;
  d.in = lin->weight.size(1);
  d.out = lin->weight.size(0);
  d.wt = transposedWeight(lin);
  d.b = copyOf(lin->bias, d.out);
  return d;
}

struct Norm {
  Floats g, b;
  float eps = 1e-5f;
};

Norm normOf(const torch::nn::LayerNorm& ln, std::int64_t n) {
  Norm r;
  r.g = copyOf(ln->weight, n);
  r.b = copyOf(ln->bias, n);
  r.eps = static_cast<float>(ln->options.eps());
  return r;
}

// y = b + Wt^T x (y must not alias x).
inline void dense(const Dense& d, const float* __restrict x, float* __restrict y) {
  const std::int64_t in = d.in, out = d.out;
  const float* __restrict w = d.wt.data();
  const float* __restrict b = d.b.data();
  for (std::int64_t o = 0; o < out; ++o) y[o] = b[o];
  for (std::int64_t i = 0; i < in; ++i) {
    const float xi = x[i];
    const float* __restrict row = w + i * out;
    for (std::int64_t o = 0; o < out; ++o) y[o] += xi * row[o];
  }
}

// y += Wt^T x + b (the residual connections).
inline void denseAccumulate(const Dense& d, const float* __restrict x, float* __restrict y) {
  const std::int64_t in = d.in, out = d.out;
  const float* __restrict w = d.wt.data();
  const float* __restrict b = d.b.data();
  for (std::int64_t o = 0; o < out; ++o) y[o] += b[o];
  for (std::int64_t i = 0; i < in; ++i) {
    const float xi = x[i];
    const float* __restrict row = w + i * out;
    for (std::int64_t o = 0; o < out; ++o) y[o] += xi * row[o];
  }
}

// LayerNorm over n values, as torch: biased variance, (x - mean) / sqrt(var + eps).
inline void layerNorm(const Norm& ln, const float* __restrict x, float* __restrict y,
                      std::int64_t n) {
  float sum = 0.0f;
  for (std::int64_t i = 0; i < n; ++i) sum += x[i];
  const float mean = sum / static_cast<float>(n);
  float sq = 0.0f;
  for (std::int64_t i = 0; i < n; ++i) {
    const float d = x[i] - mean;
    sq += d * d;
  }
  const float rstd = 1.0f / std::sqrt(sq / static_cast<float>(n) + ln.eps);
  const float* __restrict g = ln.g.data();
  const float* __restrict b = ln.b.data();
  for (std::int64_t i = 0; i < n; ++i) y[i] = (x[i] - mean) * rstd * g[i] + b[i];
}

// Exact (erf) GELU, torch's default: 0.5 x (1 + erf(x / sqrt 2)).
inline void gelu(float* __restrict x, std::int64_t n) {
  constexpr float kInvSqrt2 = static_cast<float>(1.0 / std::numbers::sqrt2);
  for (std::int64_t i = 0; i < n; ++i) x[i] = 0.5f * x[i] * (1.0f + std::erf(x[i] * kInvSqrt2));
}

}  // namespace

struct FusedAarenStep::Weights {
  ModelOptions options;
  std::int64_t C = 0, Dm = 0, H = 0, Dh = 0, L = 0, F = 0, out_size = 0;
  // Channel-independent forecasting runs every channel as its own univariate stream
  // (S = channels streams of 1 input value, each with its own (m, c, a)); otherwise one
  // stream of all C values.
  std::int64_t S = 1, in_per_stream = 1;
  std::int64_t W = 1;  // input window: the value embedding reads W * in_per_stream values
  bool relative_window = false;
  bool scale_window = false;  // divide the relative window by its spread, scale the changes back
  bool predict_delta = false;

  Dense value_embedding, calendar_embedding;
  bool use_calendar = false;
  std::vector<double> inv_freq;  // positional: one frequency per (sin, cos) pair
  bool use_positional = true;

  struct Layer {
    Norm norm1, norm2;
    Dense score;  // [Dm, H]: the key projection folded with the queries and 1/sqrt(Dh)
    Dense value, out, ff1, ff2;
  };
  std::vector<Layer> layers;
  Norm final_norm;
  bool use_final_norm = true;
  Dense head;
  bool classify = false, mean_pool = false;
  FusedLinearParts linear;  // forecasting: the daily cycle and the linear skip, if any
  std::int64_t horizon = 0;

  // scratch: pe [Dm] | h [Dm] | hn [Dm] | v [Dm] | o [Dm] | ff [F] | s [H] | y [head.out]
  //          | window [W * in_per_stream] | spread [C] | inputs less the cycle [C]
  //          | cycle features [2 * daily_cycle] | skip window [W] | skip output [horizon]
  std::int64_t scratchSize() const {
    return 5 * Dm + F + H + head.out + W * in_per_stream + 2 * C + 2 * options.daily_cycle + W + horizon;
  }
  std::int64_t statesPerStream() const { return L * H; }

  void positional(std::int64_t step, float* pe) const;
  // One stream's step through the encoder: embedding (pe precomputed), every block,
  // final norm. Leaves the final hidden state in hn. m, c [L*H], a [L*H*Dh] of the stream.
  void encode(const float* x, const float* calendar, const float* pe, float* m, float* c,
              float* a, float* scratch) const;
};

void FusedAarenStep::Weights::positional(std::int64_t step, float* __restrict pe) const {
  // As EmbeddingImpl::positional: the angle in double, reduced mod 2π.
  constexpr double two_pi = 2.0 * std::numbers::pi;
  const double pos = static_cast<double>(step);
  const double* __restrict f = inv_freq.data();
  const std::int64_t pairs = Dm / 2;
  for (std::int64_t j = 0; j < pairs; ++j) {
    const double angle = std::fmod(pos * f[j], two_pi);
    pe[2 * j] = static_cast<float>(std::sin(angle));
    pe[2 * j + 1] = static_cast<float>(std::cos(angle));
  }
  if (Dm % 2 != 0) pe[Dm - 1] = static_cast<float>(std::sin(std::fmod(pos * f[pairs], two_pi)));
}

void FusedAarenStep::Weights::encode(const float* x, const float* calendar, const float* pe,
                                     float* m_all, float* c_all, float* a_all,
                                     float* scratch) const {
  float* __restrict h = scratch + Dm;
  float* __restrict hn = h + Dm;
  float* __restrict v = hn + Dm;
  float* __restrict o = v + Dm;
  float* __restrict ff = o + Dm;
  float* __restrict s = ff + F;

  // Embedding: value(x) + positional [+ calendar_proj(calendar)]; dropout is the identity.
  dense(value_embedding, x, h);
  for (std::int64_t i = 0; i < Dm; ++i) h[i] += pe[i];
  if (use_calendar) denseAccumulate(calendar_embedding, calendar, h);

  for (std::int64_t l = 0; l < L; ++l) {
    const auto& layer = layers[static_cast<std::size_t>(l)];
    float* __restrict m = m_all + l * H;
    float* __restrict c = c_all + l * H;
    float* __restrict a = a_all + l * H * Dh;

    // x + Attn(LN(x))
    layerNorm(layer.norm1, h, hn, Dm);
    dense(layer.score, hn, s);
    dense(layer.value, hn, v);
    for (std::int64_t k = 0; k < H; ++k) {
      const float m_new = std::max(m[k], s[k]);
      const float e_old = std::exp(m[k] - m_new);  // exp(-inf) = 0 on the first step
      const float e_new = std::exp(s[k] - m_new);
      m[k] = m_new;
      c[k] = c[k] * e_old + e_new;
      const float inv_c = 1.0f / std::max(c[k], std::numeric_limits<float>::min());
      float* __restrict ak = a + k * Dh;
      const float* __restrict vk = v + k * Dh;
      float* __restrict ok = o + k * Dh;
      for (std::int64_t d = 0; d < Dh; ++d) {
        ak[d] = ak[d] * e_old + vk[d] * e_new;
        ok[d] = ak[d] * inv_c;
      }
    }
    denseAccumulate(layer.out, o, h);

    // x + FF(LN(x))
    layerNorm(layer.norm2, h, hn, Dm);
    dense(layer.ff1, hn, ff);
    gelu(ff, F);
    denseAccumulate(layer.ff2, ff, h);
  }
  if (use_final_norm) layerNorm(final_norm, h, hn, Dm);
  else std::copy_n(h, Dm, hn);
}

FusedAarenStep::FusedAarenStep(const ModelImpl& model) : w_(std::make_unique<Weights>()) {
  if (model.options.type != ModelType::Aaren)
    throw std::invalid_argument("FusedAarenStep: only Aaren models can be fused");
  auto encoder = std::dynamic_pointer_cast<AarenEncoderImpl>(model.encoder);
  if (!encoder) throw std::invalid_argument("FusedAarenStep: only Aaren models can be fused");

  Weights& w = *w_;
  w.options = model.options;
  w.C = model.options.channels;
  if (model.options.task == Task::Forecast && model.options.channel_independent) {
    w.S = w.C;
    w.in_per_stream = 1;
  } else {
    w.S = 1;
    w.in_per_stream = w.C;
  }
  w.predict_delta = model.options.task == Task::Forecast && model.options.predict_delta;
  w.W = model.options.input_window;
  w.relative_window = model.options.relative_window;
  w.scale_window = model.options.scale_window;
  w.use_positional = model.options.positional;
  w.Dm = model.options.d_model;
  w.H = model.options.heads;
  w.Dh = w.Dm / w.H;
  w.L = static_cast<std::int64_t>(encoder->blocks.size());
  w.F = model.options.d_ff;

  const auto& emb = encoder->embedding;
  w.value_embedding = denseOf(emb->value);
  w.use_calendar = emb->use_calendar && !emb->calendar_proj.is_empty();
  if (w.use_calendar) w.calendar_embedding = denseOf(emb->calendar_proj);
  // Positional frequencies exactly as EmbeddingImpl::positional: 10000^(-2i/d), one per
  // (sin, cos) pair; an odd d_model has a last sin without its cos.
  w.inv_freq.resize(static_cast<std::size_t>((w.Dm + 1) / 2));
  for (std::size_t i = 0; i < w.inv_freq.size(); ++i)
    w.inv_freq[i] =
        std::pow(10000.0, -2.0 * static_cast<double>(i) / static_cast<double>(w.Dm));

  const double scale = 1.0 / std::sqrt(static_cast<double>(w.Dh));
  torch::NoGradGuard no_grad;
  for (auto& block : encoder->blocks) {
    Weights::Layer layer;
    layer.norm1 = normOf(block->norm1, w.Dm);
    layer.norm2 = normOf(block->norm2, w.Dm);
    auto& att = block->attention;
    {
      // q_h = (W_q · query_token)_h, evaluated in float as the module does every step.
      auto q = att->queries().detach().to(torch::kCPU, torch::kDouble).contiguous();  // [H, Dh]
      auto wk = att->key->weight.detach().to(torch::kCPU, torch::kDouble).contiguous();  // [Dm, Dm]
      auto bk = att->key->bias.defined()
                    ? att->key->bias.detach().to(torch::kCPU, torch::kDouble).contiguous()
                    : torch::zeros({w.Dm}, torch::kDouble);
      auto qh = q.view({w.H, w.Dh, 1});
      auto wkh = wk.view({w.H, w.Dh, w.Dm});
      auto folded = (qh * wkh).sum(1) * scale;                      // [H, Dm]
      auto fb = (q * bk.view({w.H, w.Dh})).sum(1) * scale;          // [H]
      auto ft = folded.t().contiguous().to(torch::kFloat);          // [Dm, H]
      auto fbf = fb.to(torch::kFloat).contiguous();
      layer.score.in = w.Dm;
      layer.score.out = w.H;
      layer.score.wt.assign(ft.data_ptr<float>(), ft.data_ptr<float>() + ft.numel());
      layer.score.b.assign(fbf.data_ptr<float>(), fbf.data_ptr<float>() + fbf.numel());
    }
    layer.value = denseOf(att->value);
    layer.out = denseOf(att->out);
    layer.ff1 = denseOf(block->ff1);
    layer.ff2 = denseOf(block->ff2);
    w.layers.push_back(std::move(layer));
  }
  w.use_final_norm = !encoder->final_norm.is_empty();
  if (w.use_final_norm) w.final_norm = normOf(encoder->final_norm, w.Dm);

  if (model.options.task == Task::Forecast) {
    if (model.forecast_head.is_empty())
      throw std::invalid_argument("FusedAarenStep: the forecasting model has no forecast head");
    w.head = denseOf(model.forecast_head->proj);
  } else {
    if (model.classifier_head.is_empty())
      throw std::invalid_argument("FusedAarenStep: the classifier has no classifier head");
    w.head = denseOf(model.classifier_head->proj);
    w.classify = true;
    w.mean_pool = model.options.pooling == Pooling::Mean;
  }
  if (w.value_embedding.in != w.W * w.in_per_stream)
    throw std::invalid_argument("FusedAarenStep: the value embedding takes " +
                                std::to_string(w.value_embedding.in) + " inputs, expected " +
                                std::to_string(w.W * w.in_per_stream));
  w.out_size = w.head.out * w.S;  // channel-independent: horizon per channel
  if (!w.classify) {
    w.linear = FusedLinearParts(model);
    w.horizon = model.options.horizon;
  }
}

FusedAarenStep::~FusedAarenStep() = default;
FusedAarenStep::FusedAarenStep(FusedAarenStep&&) noexcept = default;
FusedAarenStep& FusedAarenStep::operator=(FusedAarenStep&&) noexcept = default;

const ModelOptions& FusedAarenStep::options() const { return w_->options; }
std::int64_t FusedAarenStep::outputSize() const { return w_->out_size; }

std::int64_t FusedAarenState::bytes() const {
  return static_cast<std::int64_t>((m.size() + c.size() + a.size() + pooled.size() + history.size()) *
                                   sizeof(float));
}

FusedAarenState FusedAarenStep::initialState() const {
  const Weights& w = *w_;
  const auto per = static_cast<std::size_t>(w.S * w.statesPerStream());
  FusedAarenState st;
  st.m.assign(per, -std::numeric_limits<float>::infinity());
  st.c.assign(per, 0.0f);
  st.a.assign(per * static_cast<std::size_t>(w.Dh), 0.0f);
  if (w.mean_pool) st.pooled.assign(static_cast<std::size_t>(w.Dm), 0.0f);
  st.scratch.assign(static_cast<std::size_t>(w.scratchSize()), 0.0f);
  return st;
}

void FusedAarenStep::step(const float* x, const float* calendar, FusedAarenState& st,
                          float* out) const {
  const Weights& w = *w_;
  const std::int64_t Dm = w.Dm, per = w.statesPerStream();
  if ((w.use_calendar || w.linear.hasCycle()) && calendar == nullptr)
    throw std::invalid_argument("FusedAarenStep::step: this model needs calendar features");
  if (static_cast<std::int64_t>(st.scratch.size()) < w.scratchSize() ||
      static_cast<std::int64_t>(st.m.size()) != w.S * per ||
      static_cast<std::int64_t>(st.a.size()) != w.S * per * w.Dh ||
      (w.mean_pool && static_cast<std::int64_t>(st.pooled.size()) != Dm))
    throw std::invalid_argument("FusedAarenStep::step: the state was not made by initialState()");

  float* scratch = st.scratch.data();
  float* __restrict pe = scratch;
  float* __restrict hn = scratch + 2 * Dm;      // encode()'s final hidden state
  float* __restrict tmp = scratch + 3 * Dm;     // pooled mean (free after encode)
  float* __restrict y = scratch + 5 * Dm + w.F + w.H;
  float* __restrict window = y + w.head.out;
  float* __restrict spread = window + w.W * w.in_per_stream;  // per channel, with scale_window
  float* __restrict less_cycle = spread + w.C;
  float* __restrict features = less_cycle + w.C;
  float* __restrict skip_window = features + 2 * w.options.daily_cycle;
  float* __restrict skip_y = skip_window + w.W;
  const float* x_in = x;
  if (w.linear.hasCycle()) {  // the model reads its inputs less the daily cycle at their time
    w.linear.cycleAt(calendar, features, less_cycle);
    for (std::int64_t ch = 0; ch < w.C; ++ch) less_cycle[ch] = x_in[ch] - less_cycle[ch];
    x = less_cycle;
  }
  if (w.use_positional) w.positional(st.steps, pe);
  else std::fill_n(pe, Dm, 0.0f);
  const std::int64_t in = w.in_per_stream, back = (w.W - 1) * in;  // history floats per stream
  if (w.W > 1 && st.history.empty()) {
    // Before the first sample the window repeats it (as EmbeddingImpl does).
    st.history.resize(static_cast<std::size_t>(w.S * back));
    for (std::int64_t s = 0; s < w.S; ++s)
      for (std::int64_t j = 0; j < w.W - 1; ++j)
        for (std::int64_t i = 0; i < in; ++i) st.history[static_cast<std::size_t>(s * back + j * in + i)] = x[s * in + i];
  }
  // The value embedding's input of stream s: its W - 1 previous inputs, then x.
  auto input = [&](std::int64_t s) -> const float* {
    if (w.W == 1) return x + s * in;
    std::copy_n(st.history.data() + s * back, back, window);
    std::copy_n(x + s * in, in, window + back);
    if (w.relative_window)
      for (std::int64_t j = 0; j < w.W; ++j)
        for (std::int64_t i = 0; i < in; ++i) window[j * in + i] -= x[s * in + i];
    if (w.scale_window)  // as EmbeddingImpl: sqrt(mean_j window^2 + 1e-6) per channel
      for (std::int64_t i = 0; i < in; ++i) {
        float sum = 0.0f;
        for (std::int64_t j = 0; j < w.W; ++j) sum += window[j * in + i] * window[j * in + i];
        const float sd = std::sqrt(sum / static_cast<float>(w.W) + 1e-6f);
        for (std::int64_t j = 0; j < w.W; ++j) window[j * in + i] /= sd;
        spread[w.S == 1 ? i : s] = sd;  // channel i of the one stream, or stream s's channel
      }
    return window;
  };

  if (w.S == 1) {
    w.encode(input(0), calendar, pe, st.m.data(), st.c.data(), st.a.data(), scratch);
    if (w.mean_pool) {
      float* __restrict sum = st.pooled.data();
      const float inv = 1.0f / static_cast<float>(st.steps + 1);
      for (std::int64_t i = 0; i < Dm; ++i) {
        sum[i] += hn[i];
        tmp[i] = sum[i] * inv;
      }
      dense(w.head, tmp, out);
    } else {
      dense(w.head, hn, out);
    }
  } else {
    // Channel-independent: stream s sees x[s]; its horizon values go to out[k * C + s].
    const std::int64_t C = w.C, horizon = w.head.out;
    for (std::int64_t s = 0; s < w.S; ++s) {
      w.encode(input(s), calendar, pe, st.m.data() + s * per, st.c.data() + s * per,
               st.a.data() + s * per * w.Dh, scratch);
      dense(w.head, hn, y);
      for (std::int64_t k = 0; k < horizon; ++k) out[k * C + s] = y[k];
    }
  }
  if (w.scale_window && !w.classify) {  // the head predicts changes in units of the spread
    const std::int64_t C = w.C, horizon = w.out_size / C;
    for (std::int64_t k = 0; k < horizon; ++k)
      for (std::int64_t ch = 0; ch < C; ++ch) out[k * C + ch] *= spread[ch];
  }
  if (w.linear.hasSkip()) {  // channel ch's window: its W - 1 previous inputs, then x[ch]
    const std::int64_t C = w.C;
    for (std::int64_t ch = 0; ch < C; ++ch) {
      const std::int64_t s = w.S == 1 ? 0 : ch, i = w.S == 1 ? ch : 0;
      for (std::int64_t j = 0; j < w.W - 1; ++j) skip_window[j] = st.history[static_cast<std::size_t>(s * back + j * in + i)];
      skip_window[w.W - 1] = x[ch];
      w.linear.addSkip(skip_window, skip_y, out + ch, C);
    }
  }
  if (w.predict_delta) {  // the head predicts x[t+k] - x[t]
    const std::int64_t C = w.C, horizon = w.out_size / C;
    for (std::int64_t k = 0; k < horizon; ++k)
      for (std::int64_t ch = 0; ch < C; ++ch) out[k * C + ch] += x[ch];
  }
  if (w.linear.hasCycle()) w.linear.addCycleAhead(calendar, features, out);
  if (w.W > 1)  // drop the oldest input of every stream, append x
    for (std::int64_t s = 0; s < w.S; ++s) {
      float* hist = st.history.data() + s * back;
      std::copy(hist + in, hist + back, hist);
      std::copy_n(x + s * in, in, hist + back - in);
    }
  ++st.steps;
}

}  // namespace aaren
