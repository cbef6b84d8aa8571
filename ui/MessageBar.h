#pragma once
// A dismissible strip across the top of the window for errors and notices that must not be
// missed (an import that failed, a training run that failed) without a modal dialog that
// would stop the user — or a test. GUI thread only.
#include <QWidget>

class QLabel;
class QToolButton;

namespace aaren::ui {

class MessageBar : public QWidget {
  Q_OBJECT
 public:
  enum class Kind { Error, Warning, Info };
  explicit MessageBar(QWidget* parent = nullptr);

  void showMessage(const QString& text, Kind kind = Kind::Error);
  void dismiss();
  QString text() const;
  Kind kind() const { return kind_; }

 private:
  void restyle();
  QLabel* label_;
  QToolButton* close_;
  Kind kind_ = Kind::Info;
};

}  // namespace aaren::ui
