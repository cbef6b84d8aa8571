#pragma once
// Runs the Live tab's stream: builds the source from a URI (the loaded dataset for
// "replay:" without a path), one ModelSlot per chosen model plus, when asked, the untrained
// Transformer twin (cost only) so the memory race always has both sides, and drives an
// aaren::stream::StreamSession. The GUI never redraws per sample: one QTimer (~33 ms) calls
// takeUpdate() and hands what is new to the panel (updated), which appends to its plots.
//
// Errors never escape: a bad URI (std::invalid_argument from makeSource), a file that cannot
// be read, a model that does not fit, arrive as failed(message); a model that stops or fails
// mid-stream as modelProblem(message), once per model. stop() (also on a new dataset and in
// the destructor) stops the source and every model before it returns.
//
// Threading: GUI thread only; the session's own threads stay inside StreamSession.
#include "core/report/Report.h"
#include "core/stream/StreamSession.h"
#include "ui/data/Dataset.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>
#include <set>
#include <vector>

namespace aaren::ui {

class ModelRoster;

struct LiveConfig {
  QString uri = QStringLiteral("replay:?rate=1000");
  std::vector<int> models;         // indices into the roster
  bool transformerTwin = true;     // add the untrained Transformer (cost only) when no Transformer runs
  // Transformer: a KV cache that grows until it holds kvLimitBytes (then the model stops),
  // or a sliding window of the last kvWindow tokens.
  bool kvSliding = false;
  std::int64_t kvWindow = 1024;
  std::int64_t kvLimitBytes = std::int64_t{512} << 20;
  bool fusedAaren = true;          // Aaren: the fused step, else LibTorch ops
  aaren::stream::SessionOptions session;
};

class LiveController : public QObject {
  Q_OBJECT
 public:
  enum class State { Idle, Running, Finished, Stopped, Failed };

  explicit LiveController(ModelRoster* roster, QObject* parent = nullptr);
  ~LiveController() override;

  // The dataset "replay:" plays (stops a running stream: it belonged to the old data).
  void setDataset(DatasetPtr dataset);
  DatasetPtr dataset() const { return dataset_; }

  // Starts a new stream (stopping the current one). False, with failed(message), when the
  // source or a model cannot be set up.
  bool start(const LiveConfig& config);
  void stop();
  // Every model's state starts afresh at the next sample.
  void resetModels();

  State state() const { return state_; }
  bool isRunning() const { return state_ == State::Running; }
  QString lastError() const { return last_error_; }
  QString sourceDescription() const { return source_description_; }
  // The labels of the models the running session holds, in slot order.
  const std::vector<QString>& modelLabels() const { return labels_; }

  // The latest update taken (its models' figures are current; its actuals and one-step
  // points are those of the last take only) and how many samples were taken in all.
  const aaren::stream::SessionUpdate& latest() const { return latest_; }
  std::uint64_t actualsTaken() const { return actuals_taken_; }

  // Takes an update now (the timer does it every intervalMs()).
  void poll();
  void setIntervalMs(int ms) { timer_.setInterval(ms); }
  int intervalMs() const { return timer_.interval(); }
  // Runs the event loop until the session has finished (or stopped); false on timeout. Tests.
  bool waitFinished(int timeoutMs);

  // Every model's memory/latency trace so far, for the report's stream section.
  std::vector<aaren::report::StreamTrace> reportTraces() const;

  // Whether a session could add the twin: a selected Aaren model to copy the shape of, and
  // no Transformer among the selected models.
  static bool twinApplies(const ModelRoster& roster, const std::vector<int>& models);

 Q_SIGNALS:
  void started(const QString& description);
  void updated(const aaren::stream::SessionUpdate& update);
  void stateChanged(aaren::ui::LiveController::State state);
  void failed(const QString& message);
  void modelProblem(const QString& message);
  // The traces changed noticeably (at most every two seconds, and when the stream ends).
  void tracesChanged();

 private:
  static constexpr std::size_t kActualsPerTick = 20000;  // the session's display_capacity cap
  std::unique_ptr<aaren::stream::StreamSource> makeSource(const QString& uri, std::vector<std::string>& columns);
  void setState(State state);
  void fail(const QString& message);
  void endSession(State state);

  ModelRoster* roster_;
  DatasetPtr dataset_;
  std::unique_ptr<aaren::stream::StreamSession> session_;
  QTimer timer_;
  QElapsedTimer traces_clock_;
  State state_ = State::Idle;
  QString last_error_, source_description_;
  std::vector<QString> labels_;
  aaren::stream::SessionUpdate latest_;
  std::uint64_t actuals_taken_ = 0;
  std::set<std::size_t> reported_;        // models whose stop/failure was reported
  bool source_failure_reported_ = false;
};

}  // namespace aaren::ui

Q_DECLARE_METATYPE(aaren::ui::LiveController::State)
