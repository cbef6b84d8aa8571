#pragma once
// A confusion matrix drawn as a heat map: rows are the actual classes, columns the
// predicted ones, each cell with its count and shaded by the share of its row. GUI thread only.
#include <QWidget>

#include <string>
#include <vector>

namespace aaren::ui {

class ConfusionMatrixView : public QWidget {
  Q_OBJECT
 public:
  explicit ConfusionMatrixView(QWidget* parent = nullptr);
  void setMatrix(const std::vector<std::string>& classes, const std::vector<std::vector<std::int64_t>>& confusion);
  std::int64_t count(int actual, int predicted) const;
  QSize sizeHint() const override;
  QSize minimumSizeHint() const override { return {200, 160}; }

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  std::vector<QString> classes_;
  std::vector<std::vector<std::int64_t>> m_;
};

}  // namespace aaren::ui
