#pragma once
// Runs an ImportRequest: the right core/data reader, then the steps the CSV dialog adds on
// top of the readers (a time column read with a chosen format, a subset of value columns),
// the file's SHA-256 and the warnings. No widgets: the import worker calls it on its
// thread, the dialogs call the pure helpers on a preview, the tests call it directly.
//
// Threading: runs on the calling thread, shares no state; `progress` is called on that
// thread (fraction 0..1) and may cancel by returning false.
#include "ui/data/Dataset.h"

#include <functional>
#include <stdexcept>

namespace aaren::ui {

// Return false to cancel.
using ImportProgressFn = std::function<bool(double fraction)>;

// Throws aaren::data::DataError (messages "file:line:column: what") or std::runtime_error
// naming the file. Returns nullptr when cancelled.
DatasetPtr importDataset(const ImportRequest& request, const ImportProgressFn& progress = {});

// The CsvOptions actually given to the reader for this request (time detection is turned
// off when the time column is read with an explicit format).
aaren::data::CsvOptions readerOptions(const ImportRequest& request);

// Reads column `column` of `series` (a value column holding numbers, or a text column kept
// as categorical) as the time axis in the given format, removes it from the values and
// sets the timestamps. Mode Auto and None do nothing. Throws DataError naming `source`, the
// data row and the text that does not match, e.g.
//   "data.csv: data row 3: '31/02/2020' does not match the time format 'dd/MM/yyyy'".
// Appends the gap/duplicate/out-of-order warnings of the new time axis to `warnings`.
void applyTimeFormat(aaren::data::Series& series, const std::string& column, const TimeFormat& format,
                     const std::string& source, std::vector<aaren::data::Warning>& warnings);

// Keeps only the named value columns (in the series' order). Throws DataError
// "source: no value column named 'X' (columns: A, B, C)"; an empty list keeps all.
void keepValueColumns(aaren::data::Series& series, const QStringList& columns, const std::string& source);

}  // namespace aaren::ui
