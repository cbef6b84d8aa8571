// Training through the TrainingController's worker thread (progress, finished, cancel within
// one batch keeping the best weights, failures), classification, baselines only, model files
// saved and reopened, and the whole flow in the main window. Tiny models, few epochs.
#include "core/store/Workspace.h"
#include "ui/MainWindow.h"
#include "ui/MessageBar.h"
#include "ui/StallProbe.h"
#include "ui/data/DataController.h"
#include "ui/data/Importer.h"
#include "ui/evaluate/ConfusionMatrixView.h"
#include "ui/evaluate/EvaluationPanel.h"
#include "ui/evaluate/ForecastPlot.h"
#include "ui/evaluate/MetricsTable.h"
#include "ui/evaluate/ProbabilityStrip.h"
#include "ui/training/LossPlot.h"
#include "ui/training/ModelPanel.h"
#include "ui/training/ModelWorkflow.h"
#include "ui/training/TrainingController.h"
#include "ui/training/TrainingPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <cmath>

#include <sqlite3.h>

using namespace aaren::ui;
namespace tr = aaren::train;

namespace {

// Two hourly channels: a daily sine and a slower one, with a little deterministic noise.
QString writeSineCsv(const QTemporaryDir& dir, const QString& name, int rows, bool emptyColumn = false) {
  const QString path = dir.filePath(name);
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
  f.write(emptyColumn ? "date,a,b,c\n" : "date,a,b\n");
  const qint64 t0 = 1577836800;  // 2020-01-01
  for (int r = 0; r < rows; ++r) {
    const QDateTime t = QDateTime::fromSecsSinceEpoch(t0 + 3600LL * r, QTimeZone::utc());
    const double a = std::sin(2 * M_PI * r / 24.0) + 0.05 * std::sin(r * 1.7);
    const double b = 0.5 * std::cos(2 * M_PI * r / 96.0) + 0.02 * std::cos(r * 2.3);
    QByteArray line = t.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")).toLatin1() + ',' + QByteArray::number(a, 'f', 5) + ',' +
                      QByteArray::number(b, 'f', 5);
    if (emptyColumn) line += ",NA";
    f.write(line + '\n');
  }
  return path;
}

TrainingSetup tinySetup(int epochs = 2) {
  TrainingSetup s = defaultSetup();
  for (aaren::ModelOptions* m : {&s.forecast.model, &s.classify.model}) {
    m->d_model = 8;
    m->heads = 2;
    m->layers = 1;
    m->d_ff = 16;
  }
  s.forecast.prep.lookback = 24;
  s.forecast.prep.horizon = 6;
  s.forecast.train.epochs = epochs;
  s.forecast.train.batch_size = 32;
  s.forecast.train.train_stride = 2;
  s.forecast.train.threads = 1;
  s.classify.train.epochs = epochs;
  s.classify.train.batch_size = 8;
  s.classify.train.threads = 1;
  return s;
}

DatasetPtr load(const QString& path) {
  DatasetPtr d = importDataset(defaultRequest(path));
  if (!d) qFatal("cannot import %s", qPrintable(path));
  return d;
}

}  // namespace

class TrainingTest : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  QString workspace() const { return dir_.filePath(QStringLiteral("ws.sqlite")); }
  QString models() const { return dir_.filePath(QStringLiteral("models")); }

 private Q_SLOTS:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void workerEmitsProgressAndFinished() {
    const DatasetPtr d = load(writeSineCsv(dir_, QStringLiteral("sine.csv"), 900));
    TrainingController c(workspace(), models());
    QSignalSpy progress(&c, &TrainingController::progress);
    QSignalSpy finished(&c, &TrainingController::finished);
    QSignalSpy stages(&c, &TrainingController::stageChanged);
    StallProbe probe;
    probe.start();
    QVERIFY(c.train(d, tinySetup(2)));
    QVERIFY(c.isBusy());
    QVERIFY(!c.train(d, tinySetup(2)));  // one job at a time
    QVERIFY(c.waitForIdle(300000));
    probe.stop();
    QCOMPARE(finished.count(), 1);
    const OutcomePtr o = c.outcome();
    QVERIFY(o->status == tr::TrainStatus::Completed);
    QCOMPARE(o->history.size(), std::size_t{2});
    int epochEnds = 0;
    for (const auto& args : progress) epochEnds += args.at(0).value<tr::TrainingProgress>().epoch_end;
    QCOMPARE(epochEnds, 2);
    QVERIFY(progress.count() >= 2);
    QVERIFY(stages.count() >= 3);
    // The model and the five baselines (hourly: daily cycle + linear too), scored on the same
    // windows; every window forecast.
    const auto& f = *o->forecast;
    QCOMPARE(f.rows.size(), std::size_t{6});
    QCOMPARE(QString::fromStdString(f.rows[0].name), QStringLiteral("Aaren"));
    QVERIFY(f.rows[0].isModel);
    QCOMPARE(f.rows[0].mseByStep.size(), std::size_t{6});
    QCOMPARE(static_cast<std::int64_t>(f.windows.windows()), f.testWindows);
    QCOMPARE(f.windows.horizon, std::int64_t{6});
    QCOMPARE(f.windows.columns, (std::vector<std::string>{"a", "b"}));
    // Recorded in the workspace, with the model file saved next to it.
    QVERIFY(QFile::exists(o->modelPath));
    QCOMPARE(QFileInfo(o->modelPath).fileName(), QStringLiteral("run-%1-sine-aaren.aaren").arg(o->runId));
    aaren::store::Workspace ws(workspace().toStdString());
    const auto run = ws.run(o->runId);
    QVERIFY(run.has_value());
    QCOMPARE(std::string(aaren::store::toString(run->status)), std::string("completed"));
    QCOMPARE(run->epochsDone, std::int64_t{2});
    QCOMPARE(run->config.value("choice", std::string()), std::string("aaren"));
    QCOMPARE(ws.modelsForRun(o->runId).size(), std::size_t{1});
    // The GUI thread did next to nothing meanwhile.
    QVERIFY2(probe.maxBusyMs() < 50, qPrintable(QString::number(probe.maxBusyMs())));
  }

  void cancelStopsWithinOneBatchAndKeepsTheBestEpoch() {
    const DatasetPtr d = load(writeSineCsv(dir_, QStringLiteral("sine2.csv"), 900));
    TrainingController c(workspace(), models());
    TrainingSetup s = tinySetup(200);
    s.forecast.train.batch_size = 4;  // many batches per epoch
    s.forecast.train.patience = 0;
    // Cancel in the second epoch: the first one's weights are kept.
    connect(&c, &TrainingController::progress, &c, [&c](const tr::TrainingProgress& p) {
      if (p.epoch == 2 && !p.epoch_end) c.cancel();
    });
    QVERIFY(c.train(d, s));
    QVERIFY(c.waitForIdle(300000));
    const OutcomePtr o = c.outcome();
    QVERIFY(o->status == tr::TrainStatus::Cancelled);
    QVERIFY2(c.batchesAfterCancel() <= 1, qPrintable(QString::number(c.batchesAfterCancel())));
    QCOMPARE(o->history.size(), std::size_t{1});
    QCOMPARE(o->bestEpoch, std::int64_t{1});
    QVERIFY(o->model.valid());
    QVERIFY(o->forecast && o->forecast->rows.front().isModel);
    aaren::store::Workspace ws(workspace().toStdString());
    QCOMPARE(std::string(aaren::store::toString(ws.run(o->runId)->status)), std::string("cancelled"));
  }

  void cancelBeforeTheFirstEpochLeavesNoModel() {
    const DatasetPtr d = load(writeSineCsv(dir_, QStringLiteral("sine3.csv"), 900));
    TrainingController c(workspace(), models());
    TrainingSetup s = tinySetup(5);
    s.forecast.train.batch_size = 4;
    QVERIFY(c.train(d, s));
    c.cancel();  // before the worker even starts
    QVERIFY(c.waitForIdle(300000));
    const OutcomePtr o = c.outcome();
    QVERIFY(o->status == tr::TrainStatus::Cancelled);
    QVERIFY(!o->model.valid());
    QVERIFY(o->modelPath.isEmpty());
    QVERIFY(c.batchesAfterCancel() <= 1);
  }

  // Issue 18 item 13: a model that cannot be written to the models directory is kept in
  // the outcome (Save model saves it), and the message says so.
  void aModelThatCannotBeSavedIsKept() {
    const DatasetPtr d = load(writeSineCsv(dir_, QStringLiteral("sine-unsaved.csv"), 600));
    const QString blocker = dir_.filePath(QStringLiteral("a-file"));
    QFile f(blocker);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.close();
    const QString modelsDir = blocker + QStringLiteral("/models");
    TrainingController c(workspace(), modelsDir);
    QSignalSpy failed(&c, &TrainingController::failed);
    QVERIFY(c.train(d, tinySetup(1)));
    QVERIFY(c.waitForIdle(300000));
    QCOMPARE(failed.count(), 0);
    const OutcomePtr o = c.outcome();
    QVERIFY(o->status == tr::TrainStatus::Completed);
    QVERIFY(o->model.valid());
    QVERIFY(o->modelPath.isEmpty());
    QVERIFY2(o->message.endsWith(QStringLiteral(" (the model is not saved: cannot create the directory ") + modelsDir +
                                 QStringLiteral("; it is kept here and can be saved)")),
             qPrintable(o->message));
  }

  // Issue 18 item 13: another writer holding the workspace lock mid-run stops the recording,
  // not the training: the model is saved and the message names the workspace and says busy.
  // (The worker waits the 5 s busy timeout once for an epoch and once to finish the run.)
  void aBusyWorkspaceDoesNotCostTheModel() {
    const DatasetPtr d = load(writeSineCsv(dir_, QStringLiteral("sine-busy.csv"), 900));
    const QString wsPath = dir_.filePath(QStringLiteral("busy.sqlite"));
    TrainingController c(wsPath, models());
    TrainingSetup s = tinySetup(3);
    s.forecast.train.batch_size = 4;  // epochs long enough for the lock to come first
    s.forecast.train.patience = 0;
    sqlite3* other = nullptr;
    connect(&c, &TrainingController::progress, &c, [&](const tr::TrainingProgress& p) {
      if (p.epoch_end && !other) {
        QCOMPARE(sqlite3_open(wsPath.toUtf8().constData(), &other), SQLITE_OK);
        QCOMPARE(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
      }
    });
    QVERIFY(c.train(d, s));
    QVERIFY(c.waitForIdle(300000));
    QVERIFY(other);
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);
    const OutcomePtr o = c.outcome();
    QVERIFY(o->status == tr::TrainStatus::Completed);
    QCOMPARE(o->history.size(), std::size_t{3});
    QVERIFY(o->model.valid());
    QVERIFY(QFile::exists(o->modelPath));
    QVERIFY2(o->message.endsWith(QStringLiteral(" (not fully recorded in the workspace: workspace ") + wsPath +
                                 QStringLiteral(": busy: another connection holds its lock (database is locked))")),
             qPrintable(o->message));
  }

  void failureIsReportedAndTheControllerKeepsWorking() {
    const DatasetPtr bad = load(writeSineCsv(dir_, QStringLiteral("empty-column.csv"), 300, /*emptyColumn=*/true));
    TrainingController c(workspace(), models());
    QSignalSpy failed(&c, &TrainingController::failed);
    QVERIFY(c.train(bad, tinySetup(1)));
    QVERIFY(c.waitForIdle(300000));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.at(0).at(0).toString(),
             QStringLiteral("300 values are still missing after the missing-value policy (a column with no values?)"));
    aaren::store::Workspace ws(workspace().toStdString());
    const auto runs = ws.runs();
    QCOMPARE(std::string(aaren::store::toString(runs.front().status)), std::string("failed"));
    // The next run works.
    QVERIFY(c.train(load(writeSineCsv(dir_, QStringLiteral("sine4.csv"), 600)), tinySetup(1)));
    QVERIFY(c.waitForIdle(300000));
    QVERIFY(c.outcome()->status == tr::TrainStatus::Completed);
  }

  void baselinesOnly() {
    const DatasetPtr d = load(writeSineCsv(dir_, QStringLiteral("sine5.csv"), 600));
    TrainingController c(workspace(), models());
    TrainingSetup s = tinySetup(1);
    s.choice = ModelChoice::BaselinesOnly;
    QVERIFY(c.train(d, s));
    QVERIFY(c.waitForIdle(300000));
    const OutcomePtr o = c.outcome();
    QVERIFY(!o->model.valid());
    QCOMPARE(o->forecast->rows.size(), std::size_t{5});  // naive … RLinear, daily cycle + linear
    QCOMPARE(QString::fromStdString(o->forecast->rows[4].name), QStringLiteral("daily cycle + linear"));
    QCOMPARE(QString::fromStdString(o->forecast->rows[0].name), QStringLiteral("naive"));
    QCOMPARE(o->forecast->rows[0].isModel, false);
    QCOMPARE(o->forecast->baselineName, std::string("linear"));
    QCOMPARE(static_cast<std::int64_t>(o->forecast->windows.windows()), o->forecast->testWindows);
    // The naive forecast of step 1 is the last value: its MSE there equals the scaled
    // one-step differences; the linear baseline fits a daily sine far better.
    const double naive = o->forecast->rows[0].metrics.at("mse"), linear = o->forecast->rows[2].metrics.at("mse");
    QVERIFY2(linear < naive / 4, qPrintable(QStringLiteral("%1 vs %2").arg(linear).arg(naive)));
    // The baselines alone are scored in the data's own units too (no MASE: no period set).
    QVERIFY(std::isfinite(o->forecast->rows[0].metrics.at("mae_original")));
    QVERIFY(std::isfinite(o->forecast->rows[0].metrics.at("smape")));
  }

  void classificationOnBasicMotions() {
    const DatasetPtr d = load(QStringLiteral(AAREN_DATA_DIR "/classification/BasicMotions/BasicMotions_TRAIN.ts"));
    TrainingController c(workspace(), models());
    QVERIFY(c.train(d, tinySetup(2)));
    QVERIFY(c.waitForIdle(300000));
    const OutcomePtr o = c.outcome();
    QVERIFY2(o->status == tr::TrainStatus::Completed || o->status == tr::TrainStatus::EarlyStopped, qPrintable(o->message));
    QVERIFY(o->classify);
    QCOMPARE(o->classify->classes.size(), std::size_t{4});
    QCOMPARE(o->classify->predicted.size(), std::size_t{40});
    std::int64_t total = 0;
    for (const auto& row : o->classify->metrics.confusion)
      for (auto v : row) total += v;
    QCOMPARE(total, std::int64_t{40});

    EvaluationPanel panel;
    panel.setOutcome(o);
    QCOMPARE(panel.probabilityStrip()->rows(), 40);
    QCOMPARE(panel.perClassTable()->rowCount(), 4);
    const auto& m = o->classify->metrics.confusion;
    QCOMPARE(panel.confusionMatrix()->count(1, 2), m[1][2]);
    QCOMPARE(panel.classificationTable()->cell(0, QStringLiteral("accuracy")), QString::number(o->classify->metrics.accuracy, 'f', 4));
    // Rows are grouped by actual class.
    for (int r = 1; r < panel.probabilityStrip()->rows(); ++r)
      QVERIFY(o->classify->actual[static_cast<std::size_t>(panel.probabilityStrip()->caseAt(r - 1))] <=
              o->classify->actual[static_cast<std::size_t>(panel.probabilityStrip()->caseAt(r))]);
  }

  void savedModelReopensWithTheSameScores() {
    const DatasetPtr d = load(writeSineCsv(dir_, QStringLiteral("sine6.csv"), 900));
    TrainingController c(workspace(), QString());
    QVERIFY(c.train(d, tinySetup(1)));
    QVERIFY(c.waitForIdle(300000));
    const OutcomePtr trained = c.outcome();
    QVERIFY(trained->modelPath.isEmpty());  // no models directory: not saved automatically
    const QString path = dir_.filePath(QStringLiteral("saved.aaren"));
    QSignalSpy saved(&c, &TrainingController::saved);
    QVERIFY(c.saveModel(path));
    QVERIFY(c.waitForIdle(60000));
    QCOMPARE(saved.count(), 1);
    QCOMPARE(saved.at(0).at(1).toString().size(), 64);  // SHA-256 hex
    EvaluateJob job;
    job.modelPath = path;
    job.dataset = d;
    QVERIFY(c.evaluate(job));
    QVERIFY(c.waitForIdle(300000));
    const OutcomePtr loaded = c.outcome();
    QVERIFY(loaded->origin == TrainingOutcome::Origin::Loaded);
    QCOMPARE(loaded->modelName, QStringLiteral("saved.aaren"));
    QCOMPARE(loaded->forecast->testWindows, trained->forecast->testWindows);
    QVERIFY(std::fabs(loaded->forecast->rows[0].metrics.at("mse") - trained->forecast->rows[0].metrics.at("mse")) < 1e-6);
    QCOMPARE(loaded->forecast->windows.values.size(), trained->forecast->windows.values.size());
    QVERIFY(std::fabs(loaded->forecast->windows.values[17] - trained->forecast->windows.values[17]) < 1e-6);
    // A file that is not a model is an error naming it.
    const QString junk = dir_.filePath(QStringLiteral("junk.aaren"));
    QFile j(junk);
    QVERIFY(j.open(QIODevice::WriteOnly));
    j.write("not a model");
    j.close();
    QSignalSpy failed(&c, &TrainingController::failed);
    job.modelPath = junk;
    QVERIFY(c.evaluate(job));
    QVERIFY(c.waitForIdle(60000));
    QCOMPARE(failed.count(), 1);
    QVERIFY2(failed.at(0).at(0).toString().startsWith(junk + QStringLiteral(": ")), qPrintable(failed.at(0).at(0).toString()));
  }

  void setupSurvivesTheWorkspaceConfig() {
    TrainingSetup s = tinySetup(7);
    s.choice = ModelChoice::Transformer;
    s.forecast.model.type = aaren::ModelType::Transformer;
    s.forecast.prep.split = tr::SplitKind::Ratios;
    s.forecast.prep.train_ratio = 0.6;
    s.forecast.prep.scaler = aaren::data::ScalerKind::MinMax;
    s.forecast.train.learning_rate = 0.0025;
    s.autoSplit = false;
    const TrainingSetup back = setupFromJson(toJson(s, false));
    QVERIFY(back.choice == ModelChoice::Transformer);
    QCOMPARE(back.forecast.model.d_model, std::int64_t{8});
    QCOMPARE(back.forecast.prep.lookback, std::int64_t{24});
    QCOMPARE(back.forecast.prep.train_ratio, 0.6);
    QVERIFY(back.forecast.prep.scaler == aaren::data::ScalerKind::MinMax);
    QCOMPARE(back.forecast.train.epochs, std::int64_t{7});
    QCOMPARE(back.forecast.train.learning_rate, 0.0025);
    QCOMPARE(back.autoSplit, false);
  }

  void modelPanelExplainsWhatIsWrong() {
    ModelPanel panel;
    QCOMPARE(panel.problem(), QStringLiteral("Open a dataset to train on."));
    panel.setDataset(load(writeSineCsv(dir_, QStringLiteral("short.csv"), 200)));
    panel.setSetup(tinySetup());
    QCOMPARE(panel.problem(), QString());
    panel.headsBox()->setValue(3);
    QCOMPARE(panel.problem(), QStringLiteral("The heads (3) must divide d_model (8)."));
    panel.headsBox()->setValue(2);
    panel.lookbackBox()->setValue(150);
    // 200 rows at 0.7 / 0.1: 140 training and 20 validation rows. The panel names a pair that
    // fits ((140 − 6) / 2 = 67) and a button sets it.
    QCOMPARE(panel.problem(), QStringLiteral("Lookback 150 and horizon 6 do not fit this series (200 rows): the training part has 140 rows, "
                                             "fewer than lookback + horizon = 156. Lookback 67 and horizon 6 fit (15 validation windows)."));
    auto* fit = panel.findChild<QPushButton*>(QStringLiteral("fitWindow"));
    QVERIFY(fit && !fit->isHidden());
    QCOMPARE(fit->text(), QStringLiteral("Use lookback 67 and horizon 6"));
    fit->click();
    QCOMPARE(panel.lookbackBox()->value(), 67);
    QCOMPARE(panel.problem(), QString());
    QVERIFY(fit->isHidden());
    panel.lookbackBox()->setValue(24);
    QCOMPARE(panel.setup().forecast.model.horizon, std::int64_t{6});
    QCOMPARE(panel.setup().forecast.prep.split == tr::SplitKind::Ratios, true);  // not an ETT file
  }

  void modelPanelSetsTheDailyCycleAndTheLinearSkip() {
    ModelPanel panel;
    panel.setDataset(load(writeSineCsv(dir_, QStringLiteral("hourly.csv"), 400)));
    panel.setSetup(tinySetup());
    // The defaults: 12 harmonics, the skip on; both reach the setup and survive its JSON.
    QCOMPARE(panel.dailyCycleBox()->value(), 12);
    QVERIFY(panel.dailyCycleBox()->isEnabled());
    QVERIFY(!panel.dailyCycleBox()->toolTip().contains(QStringLiteral("Off for this data")));
    QVERIFY(panel.linearSkipBox()->isChecked());
    panel.dailyCycleBox()->setValue(5);
    panel.linearSkipBox()->setChecked(false);
    TrainingSetup s = panel.setup();
    QCOMPARE(s.forecast.model.daily_cycle, std::int64_t{5});
    QCOMPARE(s.forecast.model.linear_skip, false);
    s.forecast.train.train_linear_parts = true;
    const TrainingSetup back = setupFromJson(toJson(s, false));
    QCOMPARE(back.forecast.model.daily_cycle, std::int64_t{5});
    QCOMPARE(back.forecast.model.linear_skip, false);
    QCOMPARE(back.forecast.train.train_linear_parts, true);
    QCOMPARE(panel.dailyCycleBox()->text(), QStringLiteral("5"));
    panel.dailyCycleBox()->setValue(0);
    QCOMPARE(panel.dailyCycleBox()->text(), QStringLiteral("none"));
    // A series without timestamps has no time of day: the control is off.
    const QString untimed = dir_.filePath(QStringLiteral("untimed.csv"));
    {
      QFile f(untimed);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write("a,b\n");
      for (int r = 0; r < 300; ++r) f.write(QByteArray::number(std::sin(r * 0.2)) + ',' + QByteArray::number(std::cos(r * 0.1)) + '\n');
    }
    panel.setDataset(load(untimed));
    QVERIFY(!panel.dailyCycleBox()->isEnabled());
    QVERIFY(panel.dailyCycleBox()->toolTip().endsWith(QStringLiteral("\n\nOff for this data: this series has no timestamps.")));
    QVERIFY(panel.linearSkipBox()->isEnabled());
  }

  void theWholeFlowInTheWindow() {
    MainWindow::Options o;
    o.workspacePath = dir_.filePath(QStringLiteral("window.sqlite"));
    o.restoreGeometry = false;
    MainWindow window(o);
    window.resize(1400, 900);
    window.show();
    QVERIFY(window.openFile(writeSineCsv(dir_, QStringLiteral("flow.csv"), 900)));
    // Before any run the stage line says whether Train can be pressed.
    auto blocked = tinySetup(1);
    blocked.forecast.prep.lookback = 800;
    window.trainingPanel()->modelPanel()->setSetup(blocked);
    QVERIFY(!window.trainingPanel()->trainButton()->isEnabled());
    QCOMPARE(window.trainingPanel()->stageText(), QStringLiteral("Not ready: see the message above the settings."));
    window.trainingPanel()->modelPanel()->setSetup(tinySetup(1));
    QVERIFY(window.trainingPanel()->trainButton()->isEnabled());
    QCOMPARE(window.trainingPanel()->stageText(), QStringLiteral("Ready: press Train."));
    QTest::mouseClick(window.trainingPanel()->trainButton(), Qt::LeftButton);
    QVERIFY(window.trainingController()->isBusy());
    QCOMPARE(window.pages()->currentWidget(), static_cast<QWidget*>(window.trainingPanel()));
    QVERIFY(!window.trainingPanel()->trainButton()->isEnabled());
    QVERIFY(window.trainingController()->waitForIdle(300000));
    QCoreApplication::processEvents();
    // Evaluate tab: the model row first, then the baselines; forecasts over the test part.
    QCOMPARE(window.pages()->currentWidget(), static_cast<QWidget*>(window.evaluationPanel()));
    MetricsTable* table = window.evaluationPanel()->metricsTable();
    QCOMPARE(table->rowCount(), 6);  // Issue 17 item 4: RLinear and daily cycle + linear (hourly data) too
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("Aaren (run 1)"));
    QCOMPARE(table->item(4, 0)->text(), QStringLiteral("RLinear"));
    QCOMPARE(table->item(5, 0)->text(), QStringLiteral("daily cycle + linear"));
    const OutcomePtr out = window.trainingController()->outcome();
    QCOMPARE(table->cell(0, QStringLiteral("mse")), QString::number(out->forecast->rows[0].metrics.at("mse"), 'f', 4));
    // Issue 17 item 5: MAE in the data's own units beside the scaled figures, and a table per channel.
    QCOMPARE(table->cell(0, QStringLiteral("mae_original")), QString::number(out->forecast->rows[0].metrics.at("mae_original"), 'f', 4));
    QCOMPARE(table->horizontalHeaderItem(1)->text(), QStringLiteral("MSE (scaled)"));
    QCOMPARE(window.evaluationPanel()->channelMetricsBox()->count(), 2);
    QCOMPARE(window.evaluationPanel()->channelMetricsBox()->currentText(), QStringLiteral("a"));
    MetricsTable* perChannel = window.evaluationPanel()->channelMetricsTable();
    QCOMPARE(perChannel->rowCount(), table->rowCount());
    QCOMPARE(perChannel->cell(0, QStringLiteral("mae@a")), QString::number(out->forecast->rows[0].metrics.at("mae@a"), 'f', 4));
    window.evaluationPanel()->channelMetricsBox()->setCurrentIndex(1);
    QCOMPARE(perChannel->cell(1, QStringLiteral("mae@b")), QString::number(out->forecast->rows[1].metrics.at("mae@b"), 'f', 4));
    ForecastPlot* plot = window.evaluationPanel()->forecastPlot();
    QCOMPARE(plot->forecastPoints(), static_cast<int>(out->forecast->testWindows));
    plot->setStepsAhead(3);
    const auto& w = out->forecast->windows;
    QCOMPARE(plot->forecastValueAt(0), w.value(0, 2, plot->channelBox()->currentIndex()));
    plot->setMode(ForecastPlot::Mode::OneForecast);
    QCOMPARE(plot->forecastPoints(), 6 + 1);  // the horizon, joined to the last input
    QVERIFY(window.trainingPanel()->lossPlot()->epochPoints() == 1);
    QVERIFY(window.trainingPanel()->trainButton()->isEnabled());
    // Explore shows the split of these settings.
    QVERIFY(window.messageBar()->text().isEmpty());
  }

  void trainingFailureShowsInTheWindow() {
    MainWindow::Options o;
    o.workspacePath = dir_.filePath(QStringLiteral("window2.sqlite"));
    o.restoreGeometry = false;
    MainWindow window(o);
    QVERIFY(window.openFile(writeSineCsv(dir_, QStringLiteral("flow-bad.csv"), 300, true)));
    window.trainingPanel()->modelPanel()->setSetup(tinySetup(1));
    QVERIFY(window.modelWorkflow()->train());
    QVERIFY(window.trainingController()->waitForIdle(300000));
    QCoreApplication::processEvents();
    QCOMPARE(window.messageBar()->text(), QStringLiteral("300 values are still missing after the missing-value policy (a column with no values?)"));
    QVERIFY(window.trainingPanel()->log()->toPlainText().contains(QStringLiteral("Failed: 300 values are still missing")));
    QVERIFY(window.trainingPanel()->trainButton()->isEnabled());
  }
};

QTEST_MAIN(TrainingTest)
#include "TrainingTest.moc"
