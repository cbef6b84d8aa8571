// aaren-studio: the desktop application.
#include "ui/MainWindow.h"
#include "ui/StallProbe.h"
#include "ui/data/DataController.h"
#include "ui/live/LivePanel.h"
#include "ui/live/SourceForm.h"
#include "ui/training/ModelPanel.h"
#include "ui/training/ModelWorkflow.h"
#include "ui/training/TrainingController.h"
#include "ui/training/TrainingPanel.h"
#include "ui/Theme.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QIcon>
#include <QSettings>
#include <QTabWidget>
#include <QTimer>

#include <cstdio>

namespace {

// ETTh1 from the installed data (<prefix>/share/aaren-studio/data, found next to the
// executable's bin/), else from the source tree this binary was built from.
QString bundledDataset() {
  const QStringList dirs = {QCoreApplication::applicationDirPath() + QStringLiteral("/../share/aaren-studio/data"),
                            QStringLiteral(AAREN_SOURCE_DATA_DIR)};
  for (const QString& dir : dirs) {
    const QString candidate = dir + QStringLiteral("/forecasting/ETTh1.csv");
    if (QFileInfo::exists(candidate)) return QFileInfo(candidate).canonicalFilePath();
  }
  return {};
}

}  // namespace

int main(int argc, char* argv[]) {
  QApplication::setHighDpiScaleFactorRoundingPolicy(Qt::HighDpiScaleFactorRoundingPolicy::PassThrough);
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("Aaren Studio"));
  QApplication::setOrganizationName(QStringLiteral("Aaren Studio"));
  QApplication::setApplicationVersion(QStringLiteral(AAREN_VERSION));
  QGuiApplication::setDesktopFileName(QStringLiteral("org.aarenstudio.AarenStudio"));  // the app id
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/aaren-studio.svg")));

  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral("Time-series forecasting and classification with Aaren"));
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("Data file (CSV, SQLite, .ts) or model (.aaren) to open"));
  QCommandLineOption screenshot(QStringLiteral("screenshot"), QStringLiteral("Save a PNG of the window to <path> once loaded, then quit."),
                                QStringLiteral("path"));
  QCommandLineOption theme(QStringLiteral("theme"), QStringLiteral("system, light or dark (default: the saved choice)"),
                           QStringLiteral("name"));
  QCommandLineOption tab(QStringLiteral("tab"), QStringLiteral("Show this tab first (explore, train, evaluate, live, workspace)"),
                         QStringLiteral("name"));
  QCommandLineOption workspace(QStringLiteral("workspace"), QStringLiteral("Workspace database (default: ~/.local/share/aaren-studio)"),
                               QStringLiteral("path"));
  QCommandLineOption probe(QStringLiteral("probe"), QStringLiteral("Measure GUI event-loop stalls and print them on exit."));
  QCommandLineOption size(QStringLiteral("size"), QStringLiteral("Window size WxH (e.g. 1600x1000)"), QStringLiteral("WxH"));
  QCommandLineOption train(QStringLiteral("train"), QStringLiteral("Train the default model as soon as the data is loaded."));
  QCommandLineOption epochs(QStringLiteral("epochs"), QStringLiteral("With --train: epochs to train."), QStringLiteral("n"));
  QCommandLineOption stride(QStringLiteral("stride"), QStringLiteral("With --train: use every n-th training window."), QStringLiteral("n"));
  QCommandLineOption live(QStringLiteral("live"),
                          QStringLiteral("Once the data is loaded (and trained): stream this source on the Live tab, e.g. replay:?rate=1000"),
                          QStringLiteral("uri"));
  QCommandLineOption liveSeconds(QStringLiteral("live-seconds"),
                                 QStringLiteral("With --live and --screenshot: stream this many seconds before the screenshot (default 15)."),
                                 QStringLiteral("s"));
  parser.addOptions({screenshot, theme, tab, workspace, probe, size, train, epochs, stride, live, liveSeconds});
  parser.process(app);

  const QString themeName = parser.isSet(theme) ? parser.value(theme) : QSettings().value(QStringLiteral("theme")).toString();
  aaren::ui::Theme::instance().apply(aaren::ui::themeChoiceFromString(themeName));

  aaren::ui::StallProbe stalls;
  if (parser.isSet(probe)) {
    stalls.setReportThresholdMs(50);
    stalls.start();
  }

  aaren::ui::MainWindow::Options options;
  options.workspacePath = parser.value(workspace);
  options.restoreGeometry = !parser.isSet(screenshot) && !parser.isSet(size);
  aaren::ui::MainWindow window(options);
  if (parser.isSet(size)) {
    const QStringList wh = parser.value(size).split(QLatin1Char('x'));
    if (wh.size() == 2) window.resize(wh[0].toInt(), wh[1].toInt());
  } else if (parser.isSet(screenshot)) {
    window.resize(1600, 1000);
  }
  window.show();

  // Every file given: data files and model files (.aaren), in order; none: the bundled data.
  QStringList paths = parser.positionalArguments();
  if (paths.isEmpty() && !bundledDataset().isEmpty()) paths << bundledDataset();
  if (paths.size() == 1) window.openPath(paths.front(), /*interactive=*/false);
  else
    for (const QString& p : paths) window.openFile(p);

  auto selectTab = [&] {
    if (!parser.isSet(tab)) return;
    const QString name = parser.value(tab).toLower();
    for (int i = 0; i < window.pages()->count(); ++i)
      if (window.pages()->tabText(i).remove(QLatin1Char('&')).toLower() == name) window.pages()->setCurrentIndex(i);
  };
  selectTab();
  // After the data is in: train (--train), then the screenshot (--screenshot), in that order.
  QTimer::singleShot(0, &window, [&] {
    if (!parser.isSet(train) && !parser.isSet(screenshot) && !parser.isSet(live)) return;
    window.dataController()->waitForIdle();
    if (parser.isSet(train)) {
      auto* panel = window.trainingPanel()->modelPanel();
      aaren::ui::TrainingSetup setup = panel->setup();
      if (parser.isSet(epochs)) setup.forecast.train.epochs = setup.classify.train.epochs = parser.value(epochs).toInt();
      if (parser.isSet(stride)) setup.forecast.train.train_stride = parser.value(stride).toInt();
      panel->setSetup(setup);
      if (window.modelWorkflow()->train() && (parser.isSet(screenshot) || parser.isSet(live))) {
        window.trainingController()->waitForIdle(3600 * 1000);
        selectTab();
      }
    }
    auto startLive = [&] {
      window.showPage(window.livePanel());
      window.livePanel()->sourceForm()->setUri(parser.value(live));
      window.livePanel()->start();
    };
    if (parser.isSet(live) && !parser.isSet(screenshot)) startLive();
    if (parser.isSet(screenshot)) {
      // A model file opens its dataset, then evaluates: wait until nothing is running.
      for (int quiet = 0; quiet < 3;) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        const bool busy = window.dataController()->isBusy() || window.trainingController()->isBusy();
        window.dataController()->waitForIdle();
        window.trainingController()->waitForIdle(3600 * 1000);
        quiet = busy ? 0 : quiet + 1;
      }
      selectTab();
      int delayMs = 800;
      if (parser.isSet(live)) {
        startLive();
        delayMs = static_cast<int>(1000 * (parser.isSet(liveSeconds) ? parser.value(liveSeconds).toDouble() : 15.0));
      }
      const QString out = parser.value(screenshot);
      QTimer::singleShot(delayMs, &window, [&window, out] {
        const bool ok = window.grab().save(out);
        if (!ok) std::fprintf(stderr, "aaren-studio: cannot write %s\n", out.toLocal8Bit().constData());
        QApplication::exit(ok ? 0 : 1);
      });
    }
  });
  const int rc = QApplication::exec();
  if (parser.isSet(probe))
    std::fprintf(stderr,
                 "aaren-studio: GUI event loop: %zu ticks; longest gap %.1f ms (at %.2f s), p99 %.1f ms; "
                 "longest GUI-thread busy stretch %.1f ms, p99 %.1f ms\n",
                 stalls.ticks(), stalls.maxGapMs(), stalls.maxGapAtSeconds(), stalls.percentileMs(99), stalls.maxBusyMs(),
                 stalls.busyPercentileMs(99));
  return rc;
}
