#pragma once
// A dataset as the window holds it once imported: a time series to forecast, or labelled
// series (train and test sets) to classify, with the reader's warnings. Immutable once
// built: the import worker fills it, then the GUI shares it read-only
// (std::shared_ptr<const Dataset>) between panels and with the training worker.
#include "core/data/DataError.h"
#include "core/data/LabeledSeriesSet.h"
#include "core/data/Series.h"
#include "ui/data/ImportRequest.h"

#include <QMetaType>
#include <QString>

#include <memory>
#include <vector>

namespace aaren::ui {

struct Dataset {
  ImportRequest request;
  enum class Kind { Forecast, Classify } kind = Kind::Forecast;

  aaren::data::Series series;           // Kind::Forecast
  aaren::data::LabeledSeriesSet train;  // Kind::Classify
  aaren::data::LabeledSeriesSet test;   //   (empty when there is no test file)

  std::vector<aaren::data::Warning> warnings;
  QString sha256;          // of the file's bytes (hex)
  quint64 bytes = 0;
  double loadSeconds = 0;  // reading and checking, in the worker

  QString fileName() const;  // the file's name without the directory
  // "17,420 rows × 7 channels, hourly, 2016-07-01 00:00 – 2018-06-26 19:00" or
  // "40 training + 40 test cases, 6 channels, 4 classes"
  QString summary() const;
};

using DatasetPtr = std::shared_ptr<const Dataset>;

}  // namespace aaren::ui

Q_DECLARE_METATYPE(aaren::ui::DatasetPtr)
