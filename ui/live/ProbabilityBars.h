#pragma once
// Live class probabilities of every classifier in the stream: per model a bar per class (the
// predicted class drawn solid), the predicted class, and the accuracy over the labelled
// sequences finished so far (when the stream carries labels, e.g. a replayed .ts set).
// Painted from the latest figures only; setModels() repaints. GUI thread only.
#include "core/stream/StreamSession.h"

#include <QString>
#include <QWidget>

#include <vector>

namespace aaren::ui {

class ProbabilityBars : public QWidget {
  Q_OBJECT
 public:
  explicit ProbabilityBars(QWidget* parent = nullptr);

  void clear();
  // Keeps the classifiers (cost-only twins have nothing to show).
  void setModels(const std::vector<aaren::stream::ModelView>& models);

  int classifiers() const { return static_cast<int>(rows_.size()); }
  QString label(int i) const { return rows_[static_cast<std::size_t>(i)].label; }
  int predicted(int i) const { return rows_[static_cast<std::size_t>(i)].predicted; }
  QString predictedClass(int i) const;
  const std::vector<float>& probabilities(int i) const { return rows_[static_cast<std::size_t>(i)].probabilities; }
  std::uint64_t cases(int i) const { return rows_[static_cast<std::size_t>(i)].cases; }
  std::uint64_t correct(int i) const { return rows_[static_cast<std::size_t>(i)].correct; }

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  struct Row {
    QString label;
    int colorIndex = 0;
    std::vector<QString> classes;
    std::vector<float> probabilities;
    int predicted = -1;
    std::uint64_t cases = 0, correct = 0;
  };
  int rowHeight() const;
  std::vector<Row> rows_;
};

}  // namespace aaren::ui
