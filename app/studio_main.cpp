// aaren-studio: the desktop application.
#include "ui/MainWindow.h"
#include "ui/StallProbe.h"
#include "ui/data/DataController.h"
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
  QCommandLineOption tab(QStringLiteral("tab"), QStringLiteral("Show this tab first (explore, train, evaluate, workspace)"),
                         QStringLiteral("name"));
  QCommandLineOption workspace(QStringLiteral("workspace"), QStringLiteral("Workspace database (default: ~/.local/share/aaren-studio)"),
                               QStringLiteral("path"));
  QCommandLineOption probe(QStringLiteral("probe"), QStringLiteral("Measure GUI event-loop stalls and print them on exit."));
  QCommandLineOption size(QStringLiteral("size"), QStringLiteral("Window size WxH (e.g. 1600x1000)"), QStringLiteral("WxH"));
  parser.addOptions({screenshot, theme, tab, workspace, probe, size});
  parser.process(app);

  const QString themeName = parser.isSet(theme) ? parser.value(theme) : QSettings().value(QStringLiteral("theme")).toString();
  aaren::ui::Theme::instance().apply(aaren::ui::themeChoiceFromString(themeName));

  aaren::ui::StallProbe stalls;
  if (parser.isSet(probe)) stalls.start();

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

  QString path = parser.positionalArguments().value(0);
  if (path.isEmpty()) path = bundledDataset();
  if (!path.isEmpty()) window.openPath(path, /*interactive=*/false);

  if (parser.isSet(tab)) {
    const QString name = parser.value(tab).toLower();
    for (int i = 0; i < window.pages()->count(); ++i)
      if (window.pages()->tabText(i).remove(QLatin1Char('&')).toLower() == name) window.pages()->setCurrentIndex(i);
  }
  if (parser.isSet(screenshot)) {
    const QString out = parser.value(screenshot);
    QTimer::singleShot(0, &window, [&window, out] {
      window.dataController()->waitForIdle();
      QTimer::singleShot(800, &window, [&window, out] {
        const bool ok = window.grab().save(out);
        if (!ok) std::fprintf(stderr, "aaren-studio: cannot write %s\n", out.toLocal8Bit().constData());
        QApplication::exit(ok ? 0 : 1);
      });
    });
  }
  const int rc = QApplication::exec();
  if (parser.isSet(probe))
    std::fprintf(stderr, "aaren-studio: GUI event loop: %zu ticks, longest gap %.1f ms, p99 %.1f ms\n", stalls.ticks(), stalls.maxGapMs(),
                 stalls.percentileMs(99));
  return rc;
}
