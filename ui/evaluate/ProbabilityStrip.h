#pragma once
// One row per test case: its class probabilities as a stacked bar (one colour per class),
// the actual class and the predicted one, wrong predictions marked. Rows are grouped by
// actual class, most confident first. Only the visible rows are painted, so thousands of
// cases scroll smoothly. GUI thread only.
#include <QWidget>

#include <string>
#include <vector>

namespace aaren::ui {

class ProbabilityStrip : public QWidget {
  Q_OBJECT
 public:
  explicit ProbabilityStrip(QWidget* parent = nullptr);

  // actual[i] = -1 for a case whose label the model does not know.
  void setCases(const std::vector<std::string>& classes, const std::vector<std::vector<float>>& probabilities,
                const std::vector<int>& predicted, const std::vector<int>& actual);
  int rows() const { return static_cast<int>(order_.size()); }
  // The case drawn on row `row` (after sorting).
  int caseAt(int row) const { return order_[static_cast<std::size_t>(row)]; }
  QSize sizeHint() const override;

  static constexpr int kRowHeight = 18;

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  std::vector<QString> classes_;
  std::vector<std::vector<float>> probs_;
  std::vector<int> predicted_, actual_, order_;
};

}  // namespace aaren::ui
