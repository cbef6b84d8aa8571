// The Live tab end to end in the main window (its widgets alone: LiveWidgetsTest.cpp): a tiny trained Aaren model (and the BasicMotions
// classifier) loaded from files, the loaded dataset replayed as fast as possible through a
// StreamSession, and what the panels then show — every actual sample plotted (or the display
// cap), one-step forecasts per forecasting model, Aaren's constant state bytes next to the
// untrained Transformer twin's growing KV cache, class probabilities and accuracy; Stop,
// a new dataset and closing the window end the stream promptly; a bad URI or a model that
// passes its byte limit is shown in the window and the app goes on.
#include "core/stream/Feed.h"
#include "core/stream/StreamingPredictor.h"
#include "tests/report/TinyRun.h"
#include "ui/MainWindow.h"
#include "ui/MessageBar.h"
#include "ui/StallProbe.h"
#include "ui/data/DataController.h"
#include "ui/live/LiveController.h"
#include "ui/live/LivePanel.h"
#include "ui/live/LivePlot.h"
#include "ui/live/LiveStyle.h"
#include "ui/live/MemoryRacePlot.h"
#include "ui/live/MemoryTable.h"
#include "ui/live/ModelRoster.h"
#include "ui/live/ProbabilityBars.h"
#include "ui/live/SourceForm.h"
#include "ui/training/ModelPanel.h"
#include "ui/training/ModelWorkflow.h"
#include "ui/training/TrainingController.h"
#include "ui/training/TrainingPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <string>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace aaren::ui;
namespace st = aaren::stream;

namespace {

QString qs(const std::filesystem::path& p) { return QString::fromStdString(p.string()); }
// A loopback port nothing listens on now.
int freePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

// Connects to 127.0.0.1:port (retrying up to 10 s) and sends `text`; false when it cannot.
bool sendTo(int port, const std::string& text) {
  for (int attempt = 0; attempt < 200; ++attempt) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
      std::size_t sent = 0;
      while (sent < text.size()) {
        const auto n = ::send(fd, text.data() + sent, text.size() - sent, 0);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
      }
      ::close(fd);
      return sent == text.size();
    }
    ::close(fd);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

QString status(const st::ModelView& m) { return QString::fromStdString(st::toString(m.status)); }

}  // namespace

class LiveTest : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

  MainWindow::Options options(const QString& name) const {
    MainWindow::Options o;
    o.workspacePath = dir_.filePath(name + QStringLiteral(".sqlite"));
    o.restoreGeometry = false;
    o.modelsDir = dir_.filePath(QStringLiteral("models"));
    return o;
  }

  // The tiny forecasting CSV and its model, loaded (and evaluated) in the window.
  static void loadTinyForecast(MainWindow& w) {
    const auto& run = aaren::testing::tinyForecastRun();
    QVERIFY(w.openFile(qs(run.csv)));
    w.openPath(qs(run.model), false);
    QVERIFY(w.trainingController()->waitForIdle(120000));
    QCOMPARE(w.modelRoster()->size(), 1);
  }

 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    aaren::testing::tinyForecastRun();  // trained once, before the timings below
  }

  void rosterHoldsEachModelOnce() {
    MainWindow w(options(QStringLiteral("roster")));
    loadTinyForecast(w);
    const auto& run = aaren::testing::tinyForecastRun();
    // The same file again: still one entry.
    w.openPath(qs(run.model), false);
    QVERIFY(w.trainingController()->waitForIdle(120000));
    QCOMPARE(w.modelRoster()->size(), 1);
    QVERIFY(w.modelRoster()->entries()[0].name.startsWith(QStringLiteral("Aaren forecaster")));
    QCOMPARE(w.livePanel()->modelList()->count(), 1);
    QCOMPARE(w.livePanel()->modelList()->item(0)->checkState(), Qt::Checked);
    // No trained Transformer: the untrained twin is offered, checked.
    QVERIFY(w.livePanel()->twinBox()->isEnabled());
    QVERIFY(w.livePanel()->twinBox()->isChecked());
  }

  void replaysTheDatasetThroughAarenAndTheTwin() {
    MainWindow w(options(QStringLiteral("replay")));
    w.resize(1400, 900);
    w.show();
    loadTinyForecast(w);
    const auto& run = aaren::testing::tinyForecastRun();
    LivePanel* panel = w.livePanel();
    LiveController* live = w.liveController();
    panel->sourceForm()->setRate(0);
    QCOMPARE(panel->sourceForm()->uri(), QStringLiteral("replay:?rate=0"));
    StallProbe probe;
    probe.start();
    QSignalSpy updates(live, &LiveController::updated);
    QVERIFY(panel->start());
    QVERIFY(live->isRunning());
    QVERIFY(!panel->startButton()->isEnabled());
    QVERIFY(panel->stopButton()->isEnabled());
    QVERIFY(live->waitFinished(60000));
    probe.stop();
    QCOMPARE(live->state(), LiveController::State::Finished);
    QVERIFY(panel->startButton()->isEnabled());

    // Every sample replayed was plotted (480 rows: under the display cap).
    const auto rows = static_cast<std::uint64_t>(run.series.rows);
    QCOMPARE(live->actualsTaken(), rows);
    LivePlot* plot = panel->livePlot();
    QCOMPARE(plot->actualPoints(), static_cast<int>(rows));
    QVERIFY(plot->timed());
    QCOMPARE(plot->channelBox()->count(), 2);
    // Aaren and the untrained twin; only Aaren forecasts: one-step points for every sample
    // after the first, and its forecast of the next 6 steps ahead of the last sample.
    QCOMPARE(plot->models(), 2);
    QCOMPARE(plot->modelLabel(0), QStringLiteral("Aaren"));
    QCOMPARE(plot->oneStepPoints(0), static_cast<int>(rows) - 1);
    QVERIFY(plot->forecastPoints(0) >= 6);
    QCOMPARE(plot->oneStepPoints(1), 0);
    QCOMPARE(plot->forecastPoints(1), 0);
    QVERIFY(std::isfinite(plot->rollingMae(0)));
    QVERIFY(plot->rollingMae(0) > 0);
    // Updates were coalesced, not per sample.
    QVERIFY(updates.count() < static_cast<int>(rows) / 4);

    // The memory table: Aaren's state is its constant (m, c, a), exactly what a predictor holds.
    const auto& models = live->latest().models;
    QCOMPARE(models.size(), std::size_t{2});
    QVERIFY(models[1].cost_only);
    st::StreamingPredictor probeModel(w.modelRoster()->entries()[0].model);
    st::Sample first;
    first.timestamp = run.series.timestamps[0];
    for (std::size_t c = 0; c < run.series.cols(); ++c) first.values.push_back(run.series.at(0, c));
    probeModel.push(first);
    const qint64 aarenBytes = probeModel.stateBytes();
    QVERIFY(aarenBytes > 0);
    MemoryTable* table = panel->memoryTable();
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->stateBytes(0), aarenBytes);
    QCOMPARE(table->item(0, MemoryTable::Samples)->text(), QStringLiteral("480"));
    QCOMPARE(table->item(0, MemoryTable::Status)->text(), QStringLiteral("finished"));
    QVERIFY(table->item(0, MemoryTable::Model)->text().startsWith(QStringLiteral("Aaren")));
    QVERIFY(table->item(1, MemoryTable::Model)->text().startsWith(QStringLiteral("Transformer, untrained")));
    QVERIFY(table->item(0, MemoryTable::MedianUs)->text().endsWith(QStringLiteral("s")));
    // ...flat over the whole stream, while the twin's KV cache grows with every sample.
    MemoryRacePlot* race = panel->memoryPlot();
    QCOMPARE(race->models(), 2);
    QVERIFY(race->tracePoints(0) > 10);
    for (int i = 0; i < race->tracePoints(0); ++i) QCOMPARE(race->stateBytesAt(0, i), static_cast<double>(aarenBytes));
    const int n = race->tracePoints(1);
    QVERIFY(n > 10);
    for (int i = 1; i < n; ++i) QVERIFY(race->stateBytesAt(1, i) > race->stateBytesAt(1, i - 1));
    QVERIFY(table->stateBytes(1) > 100 * aarenBytes / 10);
    QCOMPARE(static_cast<double>(table->stateBytes(1)), race->stateBytesAt(1, n - 1));

    // The report gets both traces.
    const auto traces = live->reportTraces();
    QCOMPARE(traces.size(), std::size_t{2});
    QVERIFY(!traces[0].points.empty());
    QCOMPARE(traces[0].points.back().state_bytes, static_cast<std::int64_t>(aarenBytes));

    // The status line says what the source did.
    QVERIFY2(panel->statusLine()->text().contains(QStringLiteral("Finished")), qPrintable(panel->statusLine()->text()));
    QVERIFY(panel->statusLine()->text().contains(QStringLiteral("480 samples")));
    QVERIFY(panel->statusLine()->text().contains(QStringLiteral("0 malformed")));
    // The GUI thread stayed responsive.
    QVERIFY2(probe.maxBusyMs() < 250, qPrintable(QString::number(probe.maxBusyMs())));
  }

  void theDisplayIsCapped() {
    MainWindow w(options(QStringLiteral("cap")));
    loadTinyForecast(w);
    LivePanel* panel = w.livePanel();
    panel->livePlot()->setDisplayPoints(200);
    panel->sourceForm()->setRate(0);
    panel->twinBox()->setChecked(false);
    QVERIFY(panel->start());
    QVERIFY(w.liveController()->waitFinished(60000));
    QCOMPARE(w.liveController()->actualsTaken(), std::uint64_t{480});
    QCOMPARE(panel->livePlot()->actualPoints(), 200);
    QVERIFY(panel->livePlot()->oneStepPoints(0) <= 200);
    QVERIFY(panel->livePlot()->oneStepPoints(0) >= 199);
    QCOMPARE(panel->memoryTable()->rowCount(), 1);  // no twin this time
  }

  void aFreeRunningReplayHandsTheGuiAtMost20000SamplesATick() {
    // No model paces the source: replay as fast as possible, looping. The GUI thread takes
    // at most 20,000 actuals per tick, the rest is counted as not drawn.
    MainWindow w(options(QStringLiteral("free")));
    QVERIFY(w.openFile(QStringLiteral(AAREN_DATA_DIR "/forecasting/ETTh1.csv")));
    LivePanel* panel = w.livePanel();
    LiveController* live = w.liveController();
    panel->sourceForm()->setUri(QStringLiteral("replay:?rate=0&loop=1"));
    std::size_t largest = 0;
    std::uint64_t dropped = 0;
    QObject::connect(live, &LiveController::updated, [&](const aaren::stream::SessionUpdate& u) {
      largest = std::max(largest, u.actuals.size());
      dropped = u.actuals_dropped;
    });
    QVERIFY(panel->start());
    QTRY_VERIFY_WITH_TIMEOUT(dropped > 0, 20000);
    panel->stop();
    QVERIFY2(largest <= 20000, qPrintable(QString::number(largest)));
    QVERIFY(largest > 0);
    QVERIFY(panel->livePlot()->actualPoints() > 0);
  }

  void stopEndsTheStreamPromptly() {
    MainWindow w(options(QStringLiteral("stop")));
    loadTinyForecast(w);
    LivePanel* panel = w.livePanel();
    LiveController* live = w.liveController();
    panel->sourceForm()->setRate(200);
    panel->sourceForm()->setLoop(true);  // never ends by itself
    QVERIFY(panel->start());
    QTRY_VERIFY_WITH_TIMEOUT(live->actualsTaken() > 20, 10000);
    QElapsedTimer clock;
    clock.start();
    panel->stopButton()->click();
    const qint64 ms = clock.elapsed();
    QVERIFY2(ms < 1000, qPrintable(QString::number(ms)));
    QCOMPARE(live->state(), LiveController::State::Stopped);
    QVERIFY(panel->startButton()->isEnabled());
    for (const auto& m : live->latest().models) QCOMPARE(status(m), QStringLiteral("stopped"));
    const auto taken = live->actualsTaken();
    QTest::qWait(200);
    QCOMPARE(live->actualsTaken(), taken);  // nothing more arrives
    QVERIFY(panel->statusLine()->text().contains(QStringLiteral("Stopped")));
    // Started again afresh.
    QVERIFY(panel->start());
    QTRY_VERIFY_WITH_TIMEOUT(live->actualsTaken() > 5, 10000);
    QVERIFY(panel->livePlot()->actualPoints() < static_cast<int>(taken) + 200);
    panel->stop();
  }

  void aNewDatasetOrClosingTheWindowStopsTheStream() {
    MainWindow w(options(QStringLiteral("switch")));
    loadTinyForecast(w);
    LiveController* live = w.liveController();
    w.livePanel()->sourceForm()->setRate(100);
    w.livePanel()->sourceForm()->setLoop(true);
    QVERIFY(w.livePanel()->start());
    QTRY_VERIFY_WITH_TIMEOUT(live->actualsTaken() > 5, 10000);
    QVERIFY(w.openFile(QStringLiteral(AAREN_DATA_DIR "/forecasting/Airline.csv")));
    QCOMPARE(live->state(), LiveController::State::Stopped);
    QVERIFY(live->dataset());
    QCOMPARE(live->dataset()->fileName(), QStringLiteral("Airline.csv"));

    QVERIFY(w.livePanel()->start());  // Airline with the tiny model: the model does not fit
    QTRY_VERIFY_WITH_TIMEOUT(live->actualsTaken() > 5, 10000);
    w.close();
    QVERIFY(!live->isRunning());
  }

  void aBadUriIsShownAndTheAppGoesOn() {
    MainWindow w(options(QStringLiteral("bad")));
    loadTinyForecast(w);
    LivePanel* panel = w.livePanel();
    QSignalSpy failed(w.liveController(), &LiveController::failed);
    panel->sourceForm()->setUri(QStringLiteral("foo://x"));
    QVERIFY(!panel->start());
    QCOMPARE(failed.count(), 1);
    QCOMPARE(w.liveController()->state(), LiveController::State::Failed);
    QVERIFY2(w.messageBar()->text().contains(QStringLiteral("unknown source")), qPrintable(w.messageBar()->text()));
    QCOMPARE(w.messageBar()->kind(), MessageBar::Kind::Error);
    QVERIFY(panel->statusLine()->text().contains(QStringLiteral("Error")));
    QVERIFY(panel->startButton()->isEnabled());
    // A file that is not there.
    panel->sourceForm()->setUri(QStringLiteral("replay:/no/such/file.csv"));
    QVERIFY(!panel->start());
    QCOMPARE(failed.count(), 2);
    // Then a good one works.
    panel->sourceForm()->setUri(QStringLiteral("replay:?rate=0"));
    QVERIFY(panel->start());
    QVERIFY(w.liveController()->waitFinished(60000));
    QCOMPARE(w.liveController()->actualsTaken(), std::uint64_t{480});
  }

  void aTcpFeedWithAMalformedLineIsCountedAndShown() {
    MainWindow w(options(QStringLiteral("tcp")));
    loadTinyForecast(w);
    const auto& run = aaren::testing::tinyForecastRun();
    LivePanel* panel = w.livePanel();
    LiveController* live = w.liveController();
    const int port = freePort();
    panel->sourceForm()->setKind(SourceForm::Kind::TcpListen);
    QCOMPARE(panel->sourceForm()->uri(), QStringLiteral("tcp+listen://127.0.0.1:9000"));
    panel->sourceForm()->setUri(QStringLiteral("tcp+listen://127.0.0.1:%1").arg(port));
    QVERIFY(panel->start());
    // A sender with a header, 60 rows of the tiny series and one line that is not a sample.
    std::string text = "date,load,temp\n";
    for (int r = 0; r < 60; ++r) {
      if (r == 20) text += "20 apples and a pear\n";
      text += aaren::stream::formatCsvLine(run.series, static_cast<std::size_t>(r)) + "\n";
    }
    bool sent = false;
    std::thread sender([&] { sent = sendTo(port, text); });
    QTRY_VERIFY_WITH_TIMEOUT(live->actualsTaken() >= 60, 20000);
    sender.join();
    QVERIFY(sent);
    QTRY_COMPARE_WITH_TIMEOUT(live->latest().models.at(0).samples, std::uint64_t{60}, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(panel->livePlot()->oneStepPoints(0), 59, 10000);
    QCOMPARE(live->latest().source.malformed, std::uint64_t{1});
    const QString line = panel->statusLine()->text();
    QVERIFY2(line.contains(QStringLiteral("1 malformed")), qPrintable(line));
    QVERIFY2(line.contains(QStringLiteral("last malformed line 22")), qPrintable(line));
    QVERIFY(line.contains(QStringLiteral("drops the oldest when full")));
    QVERIFY(panel->livePlot()->timed());
    QCOMPARE(panel->livePlot()->channelBox()->itemText(0), QStringLiteral("load"));
    panel->stop();
    QCOMPARE(live->state(), LiveController::State::Stopped);
  }

  void replayWithoutDatasetSaysSo() {
    ModelRoster roster;
    LiveController live(&roster);
    QSignalSpy failed(&live, &LiveController::failed);
    QVERIFY(!live.start(LiveConfig{}));
    QCOMPARE(failed.count(), 1);
    QVERIFY(live.lastError().contains(QStringLiteral("no dataset to replay")));
  }

  void aModelPastItsByteLimitIsStoppedAndShown() {
    MainWindow w(options(QStringLiteral("limit")));
    loadTinyForecast(w);
    LiveController* live = w.liveController();
    QSignalSpy problems(live, &LiveController::modelProblem);
    LiveConfig c = w.livePanel()->config();
    c.uri = QStringLiteral("replay:?rate=0");
    c.kvLimitBytes = 16 * 1024;  // the twin's cache passes it after some tokens
    QVERIFY(live->start(c));
    QVERIFY(live->waitFinished(60000));
    const auto& models = live->latest().models;
    QCOMPARE(models.size(), std::size_t{2});
    QCOMPARE(status(models[1]), QStringLiteral("stopped"));
    QVERIFY(models[1].samples < 480);
    QCOMPARE(status(models[0]), QStringLiteral("finished"));  // Aaren goes on
    QCOMPARE(models[0].samples, std::uint64_t{480});
    QCOMPARE(problems.count(), 1);
    QVERIFY2(problems.at(0).at(0).toString().contains(QStringLiteral("limit")), qPrintable(problems.at(0).at(0).toString()));
    QCOMPARE(w.messageBar()->kind(), MessageBar::Kind::Warning);
    QVERIFY(w.livePanel()->memoryTable()->item(1, MemoryTable::Message)->text().contains(QStringLiteral("limit")));
  }

  void aSlidingWindowBoundsTheTwin() {
    MainWindow w(options(QStringLiteral("window")));
    loadTinyForecast(w);
    LivePanel* panel = w.livePanel();
    panel->kvModeBox()->setCurrentIndex(1);
    panel->kvWindowBox()->setValue(32);
    panel->sourceForm()->setRate(0);
    QVERIFY(!panel->kvLimitBox()->isEnabled());
    const LiveConfig c = panel->config();
    QVERIFY(c.kvSliding);
    QCOMPARE(c.kvWindow, std::int64_t{32});
    QVERIFY(panel->start());
    QVERIFY(w.liveController()->waitFinished(60000));
    MemoryRacePlot* race = panel->memoryPlot();
    const int n = race->tracePoints(1);
    QVERIFY(n > 10);
    // Past 32 tokens the cache holds still.
    QCOMPARE(race->stateBytesAt(1, n - 1), race->stateBytesAt(1, n / 2));
    QVERIFY(w.livePanel()->memoryTable()->item(1, MemoryTable::Model)->text().contains(QStringLiteral("window 32")));
  }

  void modelsTrainedInTheWindowRunSideBySide() {
    const auto& run = aaren::testing::tinyForecastRun();
    MainWindow w(options(QStringLiteral("trained")));
    QVERIFY(w.openFile(qs(run.csv)));
    TrainingSetup setup = defaultSetup();
    setup.forecast.model.d_model = 8;
    setup.forecast.model.heads = 2;
    setup.forecast.model.layers = 1;
    setup.forecast.model.d_ff = 16;
    setup.forecast.prep.lookback = 24;
    setup.forecast.prep.horizon = 6;
    setup.forecast.train.epochs = 1;
    setup.forecast.train.threads = 1;
    for (ModelChoice choice : {ModelChoice::Aaren, ModelChoice::Transformer}) {
      setup.choice = choice;
      w.trainingPanel()->modelPanel()->setSetup(setup);
      QVERIFY(w.modelWorkflow()->train());
      QVERIFY(w.trainingController()->waitForIdle(300000));
    }
    ModelRoster* roster = w.modelRoster();
    QCOMPARE(roster->size(), 2);
    QVERIFY(!roster->entries()[0].loaded);
    QVERIFY(roster->entries()[1].name.startsWith(QStringLiteral("Transformer forecaster")));
    // A trained Transformer is the baseline: no untrained twin.
    LivePanel* panel = w.livePanel();
    QVERIFY(!panel->twinBox()->isEnabled());
    QVERIFY(!panel->config().transformerTwin);
    panel->sourceForm()->setRate(0);
    QVERIFY(panel->start());
    QVERIFY(w.liveController()->waitFinished(60000));
    LivePlot* plot = panel->livePlot();
    QCOMPARE(plot->models(), 2);
    QCOMPARE(plot->modelLabel(1), QStringLiteral("Transformer"));
    for (int m = 0; m < 2; ++m) QCOMPARE(plot->oneStepPoints(m), static_cast<int>(run.series.rows) - 1);
    // Only the unchecked one stays out.
    panel->setSelectedModels({1});
    QVERIFY(panel->start());
    QVERIFY(w.liveController()->waitFinished(60000));
    QCOMPARE(panel->memoryTable()->rowCount(), 1);
    QVERIFY(panel->memoryTable()->item(0, MemoryTable::Model)->text().startsWith(QStringLiteral("Transformer")));
  }

  void classifiersShowLiveProbabilitiesAndAccuracy() {
    const auto& run = aaren::testing::tinyClassifyRun();
    MainWindow w(options(QStringLiteral("classify")));
    QVERIFY(w.openFile(qs(run.train_file)));
    w.openPath(qs(run.model), false);
    QVERIFY(w.trainingController()->waitForIdle(120000));
    QCOMPARE(w.modelRoster()->size(), 1);
    LivePanel* panel = w.livePanel();
    panel->sourceForm()->setRate(0);
    QVERIFY(panel->start());
    QVERIFY(w.liveController()->waitFinished(120000));
    ProbabilityBars* bars = panel->probabilityBars();
    QCOMPARE(bars->classifiers(), 1);  // the twin has no probabilities to show
    QVERIFY(!bars->isHidden());
    double sum = 0;
    for (float p : bars->probabilities(0)) sum += p;
    QVERIFY(std::abs(sum - 1.0) < 1e-4);
    QCOMPARE(bars->probabilities(0).size(), run.test.classNames.size());
    QVERIFY(bars->predicted(0) >= 0);
    QVERIFY(!bars->predictedClass(0).isEmpty());
    // Every test case is a labelled sequence: all of them are scored.
    QCOMPARE(bars->cases(0), static_cast<std::uint64_t>(run.test.size()));
    QVERIFY(bars->correct(0) <= bars->cases(0));
    std::uint64_t samples = 0;
    for (std::size_t i = 0; i < run.test.size(); ++i) samples += run.test.lengths[i];
    QCOMPARE(w.liveController()->actualsTaken(), samples);
  }
};

QTEST_MAIN(LiveTest)
#include "LiveTest.moc"
