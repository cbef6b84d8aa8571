// aaren-studio: the desktop application.
#include "ui/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QIcon>
#include <QTimer>

int main(int argc, char* argv[]) {
  QApplication::setHighDpiScaleFactorRoundingPolicy(Qt::HighDpiScaleFactorRoundingPolicy::PassThrough);
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("Aaren Studio"));
  QApplication::setOrganizationName(QStringLiteral("Aaren Studio"));
  QApplication::setApplicationVersion(QStringLiteral(AAREN_VERSION));
  QGuiApplication::setDesktopFileName(QStringLiteral("aaren-studio"));
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/aaren-studio.svg")));

  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral("Time-series forecasting with Aaren"));
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("CSV file to open"));
  QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                QStringLiteral("Save a PNG of the window to <path> once loaded, then quit."),
                                QStringLiteral("path"));
  parser.addOption(screenshot);
  parser.process(app);

  QString path = parser.positionalArguments().value(0);
  if (path.isEmpty()) {
    for (const char* dir : {AAREN_SOURCE_DATA_DIR, AAREN_INSTALL_DATA_DIR}) {
      const QString candidate = QString::fromUtf8(dir) + QStringLiteral("/forecasting/ETTh1.csv");
      if (QFileInfo::exists(candidate)) {
        path = candidate;
        break;
      }
    }
  }
  aaren::ui::MainWindow window;
  window.show();
  if (!path.isEmpty()) window.openFile(path, !parser.isSet(screenshot));
  if (parser.isSet(screenshot)) {
    const QString out = parser.value(screenshot);
    QTimer::singleShot(1500, &window, [&window, out] {
      const bool ok = window.grab().save(out);
      QApplication::exit(ok ? 0 : 1);
    });
  }
  return QApplication::exec();
}
