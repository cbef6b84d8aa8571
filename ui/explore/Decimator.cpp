#include "ui/explore/Decimator.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace aaren::ui {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}

void Decimator::merge(Block& acc, const Block& next) {
  const bool loNext = next.lo < acc.lo;
  const bool hiNext = next.hi > acc.hi;
  if (loNext && hiNext) {
    acc = next;
  } else if (loNext) {
    acc.lo = next.lo;
    acc.loFirst = false;
  } else if (hiNext) {
    acc.hi = next.hi;
    acc.loFirst = true;
  }
}

Decimator::Decimator(std::span<const double> keys, std::span<const double> values) : keys_(keys), values_(values) {
  const std::size_t n = std::min(keys.size(), values.size());
  keys_ = keys.first(n);
  values_ = values.first(n);
  // Level 0 from the samples, then each level from the one below.
  std::vector<Block> level(n / kBlock);
  for (std::size_t b = 0; b < level.size(); ++b) {
    Block acc{kInf, -kInf, true};
    for (std::size_t i = b * kBlock; i < (b + 1) * kBlock; ++i) {
      const double v = values_[i];
      if (!std::isnan(v)) merge(acc, Block{v, v, true});
    }
    level[b] = acc;
  }
  while (!level.empty()) {
    std::vector<Block> up(level.size() / kBlock);
    for (std::size_t b = 0; b < up.size(); ++b) {
      Block acc = level[b * kBlock];
      for (std::size_t i = b * kBlock + 1; i < (b + 1) * kBlock; ++i) merge(acc, level[i]);
      up[b] = acc;
    }
    levels_.push_back(std::move(level));
    level = std::move(up);
  }
}

Decimator::Block Decimator::range(std::size_t begin, std::size_t end) const {
  Block acc{kInf, -kInf, true};
  std::size_t i = begin;
  while (i < end) {
    bool used = false;
    std::size_t size = kBlock;
    std::size_t best = 0;
    int bestLevel = -1;
    for (std::size_t k = 0; k < levels_.size(); ++k, size *= kBlock) {
      if (i % size != 0 || i + size > end) break;
      best = size;
      bestLevel = static_cast<int>(k);
    }
    if (bestLevel >= 0) {
      merge(acc, levels_[static_cast<std::size_t>(bestLevel)][i / best]);
      i += best;
      used = true;
    }
    if (!used) {
      const double v = values_[i];
      if (!std::isnan(v)) merge(acc, Block{v, v, true});
      ++i;
    }
  }
  return acc;
}

void Decimator::visible(double lo, double hi, int pixels, std::vector<DisplayPoint>& out) const {
  out.clear();
  const std::size_t n = values_.size();
  if (n == 0 || !(hi >= lo)) return;
  std::size_t i0 = static_cast<std::size_t>(std::lower_bound(keys_.begin(), keys_.end(), lo) - keys_.begin());
  std::size_t i1 = static_cast<std::size_t>(std::upper_bound(keys_.begin(), keys_.end(), hi) - keys_.begin());
  if (i0 > 0) --i0;
  if (i1 < n) ++i1;
  const std::size_t count = i1 - i0;
  const std::size_t columns = static_cast<std::size_t>(std::max(pixels, 1));
  if (count <= 2 * columns) {
    out.reserve(count);
    for (std::size_t i = i0; i < i1; ++i) out.push_back({keys_[i], values_[i]});
    return;
  }
  const std::size_t bucket = (count + columns - 1) / columns;
  out.reserve(2 * (count / bucket + 1));
  for (std::size_t s = i0; s < i1; s += bucket) {
    const std::size_t e = std::min(s + bucket, i1);
    const Block b = range(s, e);
    if (b.lo > b.hi) {
      out.push_back({keys_[s], std::numeric_limits<double>::quiet_NaN()});
      continue;
    }
    out.push_back({keys_[s], b.loFirst ? b.lo : b.hi});
    out.push_back({keys_[e - 1], b.loFirst ? b.hi : b.lo});
  }
}

bool Decimator::valueRange(double lo, double hi, double& min, double& max) const {
  const std::size_t i0 = static_cast<std::size_t>(std::lower_bound(keys_.begin(), keys_.end(), lo) - keys_.begin());
  const std::size_t i1 = static_cast<std::size_t>(std::upper_bound(keys_.begin(), keys_.end(), hi) - keys_.begin());
  if (i0 >= i1) return false;
  const Block b = range(i0, i1);
  if (b.lo > b.hi) return false;
  min = b.lo;
  max = b.hi;
  return true;
}

std::size_t Decimator::nearest(double key) const {
  const std::size_t n = keys_.size();
  if (n == 0) return 0;
  const std::size_t i = static_cast<std::size_t>(std::lower_bound(keys_.begin(), keys_.end(), key) - keys_.begin());
  if (i == 0) return 0;
  if (i == n) return n - 1;
  return key - keys_[i - 1] <= keys_[i] - key ? i - 1 : i;
}

}  // namespace aaren::ui
