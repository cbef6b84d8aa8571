#include "ui/explore/ExplorePanel.h"

#include "core/data/Series.h"
#include "ui/QCustomPlot.h"
#include "ui/explore/RangeSelector.h"
#include "ui/explore/SeriesPlot.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QStackedWidget>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace aaren::ui {

ExplorePanel::ExplorePanel(QWidget* parent)
    : QWidget(parent),
      stack_(new QStackedWidget(this)),
      plot_(new SeriesPlot(this)),
      selector_(new RangeSelector(this)),
      show_split_(new QCheckBox(tr("Show split"), this)),
      split_note_(new QLabel(this)),
      class_filter_(new QComboBox(this)),
      cases_(new QTreeWidget(this)),
      case_plot_(new SeriesPlot(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(stack_);

  // Time series page.
  auto* seriesPage = new QWidget(this);
  auto* sl = new QVBoxLayout(seriesPage);
  sl->setContentsMargins(6, 4, 6, 4);
  sl->setSpacing(4);
  auto* bar = new QHBoxLayout;
  auto addButton = [&](const QString& text, const QString& tip, auto slot) {
    auto* b = new QToolButton(seriesPage);
    b->setText(text);
    b->setToolTip(tip);
    b->setAutoRaise(true);
    connect(b, &QToolButton::clicked, this, slot);
    bar->addWidget(b);
  };
  addButton(tr("Zoom in"), tr("Zoom in on the time axis (Ctrl++)"), &ExplorePanel::zoomIn);
  addButton(tr("Zoom out"), tr("Zoom out (Ctrl+-)"), &ExplorePanel::zoomOut);
  addButton(tr("Fit all"), tr("Show the whole series (Ctrl+0, or double-click the plot)"), &ExplorePanel::resetZoom);
  bar->addSpacing(12);
  show_split_->setChecked(true);
  show_split_->setToolTip(tr("Shade the train, validation and test parts the model settings use"));
  bar->addWidget(show_split_);
  bar->addWidget(split_note_);
  bar->addStretch(1);
  auto* hint = new QLabel(tr("Wheel: zoom · drag: pan · click a legend entry to hide it"), seriesPage);
  hint->setEnabled(false);
  bar->addWidget(hint);
  sl->addLayout(bar);
  sl->addWidget(plot_, 1);
  sl->addWidget(selector_);
  stack_->addWidget(seriesPage);

  connect(plot_, &SeriesPlot::keyRangeChanged, selector_, &RangeSelector::setWindow);
  connect(selector_, &RangeSelector::windowRequested, plot_, &SeriesPlot::setKeyRange);
  connect(show_split_, &QCheckBox::toggled, this, [this](bool on) { plot_->setSplit(on ? split_ : std::nullopt); });

  // Classification page.
  auto* casePage = new QSplitter(Qt::Horizontal, this);
  auto* left = new QWidget(casePage);
  auto* ll = new QVBoxLayout(left);
  ll->setContentsMargins(6, 4, 0, 4);
  class_filter_->setToolTip(tr("Show the cases of one class"));
  ll->addWidget(class_filter_);
  cases_->setColumnCount(4);
  cases_->setHeaderLabels({tr("Case"), tr("Set"), tr("Class"), tr("Length")});
  cases_->setRootIsDecorated(false);
  cases_->setUniformRowHeights(true);
  cases_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
  ll->addWidget(cases_);
  casePage->addWidget(left);
  casePage->addWidget(case_plot_);
  casePage->setStretchFactor(1, 1);
  casePage->setSizes({280, 900});
  stack_->addWidget(casePage);
  connect(class_filter_, &QComboBox::currentIndexChanged, this, &ExplorePanel::fillCases);
  connect(cases_, &QTreeWidget::currentItemChanged, this, &ExplorePanel::showCase);
}

bool ExplorePanel::showsClassification() const { return stack_->currentIndex() == 1; }

void ExplorePanel::setDataset(const DatasetPtr& dataset) {
  dataset_ = dataset;
  if (!dataset) {
    plot_->clear();
    selector_->clear();
    case_plot_->clear();
    cases_->clear();
    return;
  }
  if (dataset->kind == Dataset::Kind::Forecast) {
    stack_->setCurrentIndex(0);
    plot_->setSeries(std::shared_ptr<const aaren::data::Series>(dataset, &dataset->series));
    selector_->setSources(&plot_->decimators(), plot_->fullKeyLower(), plot_->fullKeyUpper(), plot_->hasTime());
    selector_->setWindow(plot_->keyLower(), plot_->keyUpper());
    plot_->setSplit(show_split_->isChecked() ? split_ : std::nullopt);
  } else {
    stack_->setCurrentIndex(1);
    plot_->clear();
    selector_->clear();
    const QSignalBlocker block(class_filter_);
    class_filter_->clear();
    class_filter_->addItem(tr("All classes"));
    for (const auto& c : dataset->train.classNames) class_filter_->addItem(QString::fromStdString(c));
    fillCases();
  }
}

void ExplorePanel::setSplit(const std::optional<aaren::data::SplitBorders>& split) {
  split_ = split;
  if (split) {
    const QLocale l(QLocale::English);
    split_note_->setText(tr("train %1 · validation %2 · test %3 rows")
                             .arg(l.toString(static_cast<qulonglong>(split->train.size())),
                                  l.toString(static_cast<qulonglong>(split->val.end - split->train.end)),
                                  l.toString(static_cast<qulonglong>(split->test.end - std::max(split->val.end, split->test.begin)))));
  } else {
    split_note_->setText(QString());
  }
  if (show_split_->isChecked()) plot_->setSplit(split_);
}

void ExplorePanel::zoomIn() {
  if (showsClassification()) case_plot_->zoomBy(1.5);
  else plot_->zoomBy(1.5);
}
void ExplorePanel::zoomOut() {
  if (showsClassification()) case_plot_->zoomBy(1 / 1.5);
  else plot_->zoomBy(1 / 1.5);
}
void ExplorePanel::resetZoom() {
  if (showsClassification()) case_plot_->resetView();
  else plot_->resetView();
}

void ExplorePanel::fillCases() {
  cases_->clear();
  if (!dataset_ || dataset_->kind != Dataset::Kind::Classify) return;
  const int filter = class_filter_->currentIndex() - 1;  // -1: all
  const QString filterName = filter >= 0 ? class_filter_->currentText() : QString();
  QList<QTreeWidgetItem*> items;
  auto add = [&](const aaren::data::LabeledSeriesSet& set, const QString& setName) {
    for (std::size_t i = 0; i < set.size(); ++i) {
      const QString label = QString::fromStdString(set.labels[i]);
      if (filter >= 0 && label != filterName) continue;
      auto* item = new QTreeWidgetItem({QString::number(i + 1), setName, label, QString::number(set.lengths[i])});
      item->setData(0, Qt::UserRole, static_cast<qulonglong>(i));
      item->setData(1, Qt::UserRole, setName == tr("test"));
      items << item;
    }
  };
  add(dataset_->train, tr("train"));
  add(dataset_->test, tr("test"));
  cases_->addTopLevelItems(items);
  if (!items.isEmpty()) cases_->setCurrentItem(items.front());
}

void ExplorePanel::showCase() {
  QTreeWidgetItem* item = cases_->currentItem();
  if (!item || !dataset_) {
    case_plot_->clear();
    return;
  }
  const auto& set = item->data(1, Qt::UserRole).toBool() ? dataset_->test : dataset_->train;
  const auto i = static_cast<std::size_t>(item->data(0, Qt::UserRole).toULongLong());
  aaren::data::Series s;
  s.rows = set.lengths[i];
  for (std::size_t c = 0; c < set.channels; ++c) {
    s.names.push_back(c < set.channelNames.size() ? set.channelNames[c] : "dim_" + std::to_string(c));
    const auto ch = set.channel(i, c);
    s.values.insert(s.values.end(), ch.begin(), ch.end());
  }
  s.refreshStats();
  case_plot_->setSeries(std::move(s));
  case_plot_->plot()->xAxis->setLabel(tr("step (case %1, class %2)").arg(item->text(0), item->text(2)));
}

}  // namespace aaren::ui
