#include "core/data/Windows.h"

namespace aaren::data {

Windows::Windows(const Series& series, RowRange range, WindowSpec spec) : s_(&series), range_(range), spec_(spec) {
  if (spec.lookback == 0 || spec.stride == 0) throw std::invalid_argument("windows need lookback > 0 and stride > 0");
  if (range.end > series.rows || range.begin > range.end) throw std::invalid_argument("window range outside the series");
  const std::size_t span = spec.lookback + spec.horizon;
  count_ = range.size() >= span ? (range.size() - span) / spec.stride + 1 : 0;
}

}  // namespace aaren::data
