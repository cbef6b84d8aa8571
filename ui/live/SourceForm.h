#pragma once
// Where the live samples come from: a small form per kind of source that writes the URI of
// core/stream/SourceUri.h into an editable field (the field is what is used, so any URI the
// core understands can be typed in directly):
//
//   Replay the loaded dataset   replay:?rate=1000[&loop=1][&start=ROW]    (rate 0 = as fast as possible)
//   Follow a file               file:PATH[?from=end]
//   TCP, connect                tcp://HOST:PORT
//   TCP, listen                 tcp+listen://HOST:PORT                     (127.0.0.1 by default)
//   UDP                         udp://HOST:PORT
//   SQLite table                sqlite:PATH?table=T[&time=C][&columns=A,B][&key=C][&from=end][&interval=MS]
//
// Line sources also get format= (auto, csv, json) and epoch=1. The replay rate is chosen on a
// log-scale slider or in a spin box, 1 to 100,000 samples/s, or "as fast as possible".
// GUI thread only.
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSlider;
class QSpinBox;
class QStackedWidget;

namespace aaren::ui {

class SourceForm : public QWidget {
  Q_OBJECT
 public:
  enum class Kind { Replay, File, TcpConnect, TcpListen, Udp, Sqlite };
  explicit SourceForm(QWidget* parent = nullptr);

  // The URI to open (the field's text, trimmed).
  QString uri() const;
  // Replaces the field's text, and shows what it says in the form when it can be read
  // (typing in the field does the same).
  void setUri(const QString& uri);
  Kind kind() const;
  void setKind(Kind kind);

  // Replay: samples per second (1..100,000), or 0 for as fast as possible.
  void setRate(double rate);
  double rate() const;
  void setLoop(bool loop);

  // What "replay" plays: the loaded dataset's name and size ("" = none loaded).
  void setDataset(const QString& description);

  // The URI the form describes, whatever the field holds now.
  QString formUri() const;

  QLineEdit* uriEdit() const { return uri_; }
  QSlider* rateSlider() const { return rate_slider_; }
  QSpinBox* rateBox() const { return rate_box_; }
  QCheckBox* fastestBox() const { return fastest_; }

  static constexpr int kMaxRate = 100000;

 Q_SIGNALS:
  void changed();
  // Enter pressed in the URI field.
  void activated();

 private:
  QWidget* buildReplayPage();
  QWidget* buildFilePage();
  QWidget* buildNetworkPage(Kind kind);
  QWidget* buildSqlitePage();
  void formChanged();
  // Fills the form from a URI (without rewriting the field); false when it cannot be read.
  bool showUri(const QString& uri);
  void syncRateFromSlider(int position);
  void syncRateFromBox(int rate);
  QString browse(const QString& title, const QString& filter);

  QComboBox* kind_;
  QStackedWidget* stack_;
  QLineEdit* uri_;

  QLabel* dataset_ = nullptr;
  QSlider* rate_slider_ = nullptr;
  QSpinBox* rate_box_ = nullptr;
  QCheckBox* fastest_ = nullptr;
  QCheckBox* loop_ = nullptr;
  QSpinBox* start_row_ = nullptr;

  QLineEdit* file_path_ = nullptr;
  QComboBox* file_from_ = nullptr;

  struct Network {
    QLineEdit* host = nullptr;
    QSpinBox* port = nullptr;
  } tcp_, listen_, udp_;

  QComboBox* format_ = nullptr;
  QCheckBox* epoch_ = nullptr;
  QWidget* line_options_ = nullptr;

  QLineEdit* db_path_ = nullptr;
  QLineEdit* db_table_ = nullptr;
  QLineEdit* db_time_ = nullptr;
  QLineEdit* db_columns_ = nullptr;
  QLineEdit* db_key_ = nullptr;
  QComboBox* db_from_ = nullptr;
  QSpinBox* db_interval_ = nullptr;

  bool updating_ = false;
};

}  // namespace aaren::ui
