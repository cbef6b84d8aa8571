#include "ui/live/LiveController.h"

#include "core/data/DataError.h"
#include "core/stream/SourceUri.h"
#include "ui/live/ModelRoster.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>

#include <algorithm>
#include <map>
#include <stdexcept>

namespace aaren::ui {

namespace st = aaren::stream;

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

}  // namespace

LiveController::LiveController(ModelRoster* roster, QObject* parent) : QObject(parent), roster_(roster) {
  qRegisterMetaType<aaren::ui::LiveController::State>();
  timer_.setInterval(33);
  timer_.setTimerType(Qt::CoarseTimer);
  connect(&timer_, &QTimer::timeout, this, &LiveController::poll);
}

LiveController::~LiveController() {
  timer_.stop();
  if (session_) session_->stop();
}

void LiveController::setDataset(DatasetPtr dataset) {
  stop();
  dataset_ = std::move(dataset);
}

bool LiveController::twinApplies(const ModelRoster& roster, const std::vector<int>& models) {
  bool aaren = false, transformer = false;
  for (int i : models) {
    if (i < 0 || i >= roster.size()) continue;
    const auto type = roster.entries()[static_cast<std::size_t>(i)].model.options().type;
    (type == aaren::ModelType::Aaren ? aaren : transformer) = true;
  }
  return aaren && !transformer;
}

std::unique_ptr<st::StreamSource> LiveController::makeSource(const QString& uri, std::vector<std::string>& columns) {
  const st::SourceUri parsed = st::parseSourceUri(uri.toStdString());
  columns.clear();
  if (parsed.scheme == "replay" && parsed.path.empty()) {
    if (!dataset_)
      throw std::invalid_argument("there is no dataset to replay: open one (File → Open), or name a file: replay:PATH?rate=1000");
    st::SourceContext context;
    if (dataset_->kind == Dataset::Kind::Classify) {
      // Every case in order, each starting a new sequence and carrying its label.
      context.cases = dataset_->test.size() > 0 ? &dataset_->test : &dataset_->train;
      context.series_name = QString(dataset_->fileName() + (dataset_->test.size() > 0 ? tr(" (test cases)") : QString())).toStdString();
      return st::makeSource(parsed, context);
    }
    context.series = &dataset_->series;
    context.series_name = dataset_->fileName().toStdString();
    context.columns = dataset_->series.names;
    columns = dataset_->series.names;
    return st::makeSource(parsed, context);
  }
  st::SourceContext context;
  if (dataset_ && dataset_->kind == Dataset::Kind::Forecast) context.columns = dataset_->series.names;
  return st::makeSource(parsed, context);
}

bool LiveController::start(const LiveConfig& config) {
  stop();
  session_.reset();
  labels_.clear();
  reported_.clear();
  source_failure_reported_ = false;
  latest_ = {};
  actuals_taken_ = 0;
  last_error_.clear();
  try {
    std::vector<std::string> streamColumns;
    std::unique_ptr<st::StreamSource> source = makeSource(config.uri, streamColumns);
    source_description_ = qs(source->describe());

    std::vector<st::ModelSlot> modelSlots;
    std::map<QString, int> seen;
    const aaren::train::TrainedModel* twinOf = nullptr;
    auto predictorOptions = [&](const aaren::train::TrainedModel& m) {
      st::PredictorOptions o;
      o.fused = config.fusedAaren;
      if (m.options().type == aaren::ModelType::Transformer && config.kvSliding) o.kv_window = config.kvWindow;
      if (m.task() == aaren::Task::Forecast) o.stream_columns = streamColumns;
      return o;
    };
    auto transformerLimit = [&](const aaren::train::TrainedModel& m) -> std::int64_t {
      return m.options().type == aaren::ModelType::Transformer && !config.kvSliding ? config.kvLimitBytes : 0;
    };
    for (int index : config.models) {
      if (!roster_ || index < 0 || index >= roster_->size()) continue;
      const RosterEntry& e = roster_->entries()[static_cast<std::size_t>(index)];
      st::ModelSlot slot;
      slot.model = e.model;
      QString label = e.model.options().type == aaren::ModelType::Aaren ? tr("Aaren") : tr("Transformer");
      const int n = ++seen[label];
      if (n > 1) label += QStringLiteral(" #%1").arg(n);
      slot.label = label.toStdString();
      slot.options = predictorOptions(e.model);
      slot.max_state_bytes = transformerLimit(e.model);
      if (!twinOf && e.model.options().type == aaren::ModelType::Aaren) twinOf = &e.model;
      labels_.push_back(label);
      modelSlots.push_back(std::move(slot));
    }
    if (config.transformerTwin && roster_ && twinApplies(*roster_, config.models) && twinOf) {
      st::ModelSlot twin;
      twin.model = st::makeTransformerTwin(*twinOf);
      twin.label = tr("Transformer, untrained").toStdString();
      twin.cost_only = true;
      twin.options = predictorOptions(twin.model);
      twin.max_state_bytes = transformerLimit(twin.model);
      labels_.push_back(qs(twin.label));
      modelSlots.push_back(std::move(twin));
    }
    // One tick takes at most this many actuals: 20,000 every 33 ms is 600,000 samples/s, six
    // times the fastest paced replay. A source running free with no model to pace it (replay
    // as fast as possible) sheds the surplus in the session, counted in actuals_dropped and
    // shown under the plot, instead of handing the GUI thread 100,000 samples per tick.
    st::SessionOptions sessionOptions = config.session;
    sessionOptions.display_capacity = std::min<std::size_t>(sessionOptions.display_capacity, kActualsPerTick);
    session_ = std::make_unique<st::StreamSession>(std::move(source), std::move(modelSlots), sessionOptions);
    session_->start();
  } catch (const std::exception& e) {
    session_.reset();
    labels_.clear();
    fail(QString::fromUtf8(e.what()));
    return false;
  }
  traces_clock_.start();
  timer_.start();
  setState(State::Running);
  Q_EMIT started(source_description_);
  return true;
}

void LiveController::fail(const QString& message) {
  last_error_ = message;
  setState(State::Failed);
  Q_EMIT failed(message);
}

void LiveController::setState(State state) {
  if (state_ == state) return;
  state_ = state;
  Q_EMIT stateChanged(state);
}

void LiveController::stop() {
  if (session_ && state_ == State::Running) endSession(State::Stopped);
}

void LiveController::endSession(State state) {
  timer_.stop();
  try {
    session_->stop();
    // What arrived between the last tick and the stop.
    st::SessionUpdate u = session_->takeUpdate();
    actuals_taken_ += u.actuals.size();
    Q_EMIT updated(u);
    latest_ = std::move(u);
  } catch (const std::exception& e) {
    last_error_ = QString::fromUtf8(e.what());
    Q_EMIT failed(last_error_);
  }
  setState(state);
  Q_EMIT tracesChanged();
}

void LiveController::resetModels() {
  if (session_ && state_ == State::Running) session_->resetModels();
}

void LiveController::poll() {
  if (!session_ || state_ != State::Running) return;
  st::SessionUpdate u;
  try {
    u = session_->takeUpdate();
  } catch (const std::exception& e) {
    fail(QString::fromUtf8(e.what()));
    timer_.stop();
    session_->stop();
    return;
  }
  actuals_taken_ += u.actuals.size();
  for (std::size_t i = 0; i < u.models.size(); ++i) {
    const st::ModelView& m = u.models[i];
    if ((m.status == st::ModelStatus::Failed || m.status == st::ModelStatus::Stopped) && reported_.insert(i).second)
      Q_EMIT modelProblem(m.message.empty() ? tr("%1 %2").arg(qs(m.label), qs(st::toString(m.status)))
                                            : tr("%1: %2").arg(qs(m.label), qs(m.message)));
  }
  const bool sourceFailed = u.source.state == st::SourceState::Failed;
  const bool finished = u.finished;
  Q_EMIT updated(u);
  latest_ = std::move(u);
  if (sourceFailed && !source_failure_reported_) {
    source_failure_reported_ = true;
    const QString why = latest_.source.message.empty() ? tr("the source failed") : qs(latest_.source.message);
    last_error_ = source_description_ + QStringLiteral(": ") + why;
    Q_EMIT failed(last_error_);
    endSession(State::Failed);
    return;
  }
  if (finished) {
    endSession(State::Finished);
    return;
  }
  if (traces_clock_.elapsed() >= 2000) {
    traces_clock_.restart();
    Q_EMIT tracesChanged();
  }
}

bool LiveController::waitFinished(int timeoutMs) {
  QElapsedTimer clock;
  clock.start();
  while (state_ == State::Running) {
    if (clock.elapsed() > timeoutMs) return false;
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    if (state_ == State::Running && session_ && session_->finished()) poll();
  }
  return true;
}

std::vector<aaren::report::StreamTrace> LiveController::reportTraces() const {
  std::vector<aaren::report::StreamTrace> out;
  if (!session_) return out;
  for (const auto& [label, trace] : session_->traces()) {
    aaren::report::StreamTrace t;
    t.model = label;
    t.points.reserve(trace.size());
    for (const st::MemorySample& m : trace)
      t.points.push_back({m.samples, m.state_bytes, m.step_median_us, m.step_p99_us, m.cumulative_seconds, m.rss_bytes});
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace aaren::ui
