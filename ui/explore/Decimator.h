#pragma once
// What a plot draws of a long series: every point when few are visible, otherwise a min/max
// envelope with two points per pixel column, so 10 million samples draw as fast as 2,000.
// A pyramid of per-block minima and maxima (blocks of 8, 64, 512, ... samples) is built once;
// a query for the visible key range then costs O(pixels), not O(samples).
//
// NaN values are gaps: kept as NaN when drawn point by point, and a bucket holding only NaN
// draws as a gap. Keys must be ascending (equal keys allowed).
//
// Threading: build on any thread; a built Decimator is immutable and may be queried from
// any thread. It does not own the samples: `keys` and `values` must outlive it.
#include <cstdint>
#include <span>
#include <vector>

namespace aaren::ui {

struct DisplayPoint {
  double key = 0, value = 0;
};

class Decimator {
 public:
  Decimator() = default;
  Decimator(std::span<const double> keys, std::span<const double> values);

  // Points to draw for keys in [lo, hi] at `pixels` columns: the raw samples (plus one on
  // each side, so lines run to the edges) when at most 2 * pixels fall in the range,
  // otherwise per bucket of samples its minimum and maximum in the order they occur.
  void visible(double lo, double hi, int pixels, std::vector<DisplayPoint>& out) const;

  // Finite minimum and maximum of the values with keys in [lo, hi]; false when there is none.
  bool valueRange(double lo, double hi, double& min, double& max) const;

  std::size_t size() const { return values_.size(); }
  std::span<const double> keys() const { return keys_; }
  std::span<const double> values() const { return values_; }
  // Index of the sample whose key is nearest to `key` (size() when empty).
  std::size_t nearest(double key) const;

  static constexpr std::size_t kBlock = 8;  // fan-out between pyramid levels

 private:
  struct Block {
    double lo, hi;      // +inf / -inf when the block holds only NaN
    bool loFirst;       // the minimum occurs before the maximum
  };
  // Min/max over samples [begin, end) using the pyramid; returns lo/hi/loFirst.
  Block range(std::size_t begin, std::size_t end) const;
  static void merge(Block& acc, const Block& next);

  std::span<const double> keys_, values_;
  std::vector<std::vector<Block>> levels_;  // levels_[k]: blocks of kBlock^(k+1) samples
};

}  // namespace aaren::ui
