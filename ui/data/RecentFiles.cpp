#include "ui/data/RecentFiles.h"

#include "ui/report/SafeText.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace aaren::ui {

namespace {
const QString kKey = QStringLiteral("recentFiles");
}

RecentFiles::RecentFiles(QObject* parent) : QObject(parent) {}

QList<ImportRequest> RecentFiles::entries() const {
  QList<ImportRequest> list;
  const QVariantList stored = QSettings().value(kKey).toList();
  for (const QVariant& v : stored) {
    ImportRequest r = ImportRequest::fromVariant(v.toMap());
    if (!r.path.isEmpty()) list << r;
  }
  return list;
}

void RecentFiles::save(const QList<ImportRequest>& list) {
  QVariantList stored;
  for (const ImportRequest& r : list) stored << r.toVariant();
  QSettings().setValue(kKey, stored);
  rebuild();
  Q_EMIT changed();
}

void RecentFiles::add(const ImportRequest& request) {
  QList<ImportRequest> list = entries();
  const QString path = QFileInfo(request.path).absoluteFilePath();
  list.erase(std::remove_if(list.begin(), list.end(), [&](const ImportRequest& r) { return QFileInfo(r.path).absoluteFilePath() == path; }),
             list.end());
  ImportRequest r = request;
  r.path = path;
  list.prepend(r);
  while (list.size() > kMax) list.removeLast();
  save(list);
}

void RecentFiles::remove(const QString& path) {
  QList<ImportRequest> list = entries();
  const QString abs = QFileInfo(path).absoluteFilePath();
  list.erase(std::remove_if(list.begin(), list.end(), [&](const ImportRequest& r) { return QFileInfo(r.path).absoluteFilePath() == abs; }),
             list.end());
  save(list);
}

void RecentFiles::clear() { save({}); }

void RecentFiles::attach(QMenu* menu) {
  menu_ = menu;
  rebuild();
}

void RecentFiles::rebuild() {
  if (!menu_) return;
  menu_->clear();
  const QList<ImportRequest> list = entries();
  int n = 0;
  for (const ImportRequest& r : list) {
    ++n;
    const QString label = (n <= 9 ? QStringLiteral("&%1  ").arg(n) : QStringLiteral("    ")) + QFileInfo(r.path).fileName();
    QAction* a = menu_->addAction(label);
    a->setToolTip(plainToolTip(QDir::toNativeSeparators(r.path)));
    a->setStatusTip(QDir::toNativeSeparators(r.path));
    const ImportRequest copy = r;
    connect(a, &QAction::triggered, this, [this, copy] { Q_EMIT openRequested(copy); });
  }
  if (list.isEmpty()) menu_->addAction(tr("(no recent files)"))->setEnabled(false);
  menu_->addSeparator();
  QAction* clearAction = menu_->addAction(tr("&Clear list"), this, &RecentFiles::clear);
  clearAction->setEnabled(!list.isEmpty());
}

}  // namespace aaren::ui
