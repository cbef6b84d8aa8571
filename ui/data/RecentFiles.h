#pragma once
// The File → Open Recent list, kept in QSettings ("recentFiles"): up to 10 files, newest
// first, each with the ImportRequest that read it so reopening reads it the same way.
// GUI thread only.
#include "ui/data/ImportRequest.h"

#include <QList>
#include <QObject>

class QMenu;

namespace aaren::ui {

class RecentFiles : public QObject {
  Q_OBJECT
 public:
  explicit RecentFiles(QObject* parent = nullptr);

  static constexpr int kMax = 10;

  void add(const ImportRequest& request);   // moves it to the top
  void remove(const QString& path);
  void clear();
  QList<ImportRequest> entries() const;

  // Keeps `menu` filled with the entries (numbered &1..&9), a
  // separator and "Clear list".
  void attach(QMenu* menu);

 Q_SIGNALS:
  void openRequested(const aaren::ui::ImportRequest& request);
  void changed();

 private:
  void rebuild();
  void save(const QList<ImportRequest>& list);
  QMenu* menu_ = nullptr;
};

}  // namespace aaren::ui
