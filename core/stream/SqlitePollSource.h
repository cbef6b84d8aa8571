#pragma once
// Polls a SQLite table or view for new rows, read-only (the database is opened with
// mode=ro and never written): rows whose key (rowid, or a given column such as the time
// column) is greater than the last one seen, in key order, every poll interval. Timestamps
// come from the time column (text in the forms of core/data/Timestamp.h, or epoch numbers).
// A database that is busy or locked by its writer is retried at the next poll; a file that
// is not SQLite, or a table without the columns asked for, fails the source with a message.
// The connection is data::SqliteConnection's hardened read-only one (only reads are
// authorized). stop() interrupts a running query at once; a query that runs longer than
// query_timeout_ms (a view that never ends) fails the source.
// Threading: see StreamSource.h.
#include "core/stream/StreamSource.h"

#include <filesystem>

namespace aaren::stream {

struct SqlitePollOptions {
  std::string table;                 // table or view
  std::string time_column;           // "" = none
  std::vector<std::string> columns;  // value columns; empty = every numeric column but the time
  std::string key_column;            // "" = rowid (a view needs a key column: the time column is used)
  bool from_start = true;            // false: only rows added after start()
  std::int64_t poll_ms = 200;
  std::size_t batch_rows = 10000;    // rows read per query
  std::int64_t query_timeout_ms = 30000;  // one query running longer fails the source
  std::size_t buffer = 1 << 16;
};

class SqlitePollSource : public StreamSource {
 public:
  SqlitePollSource(std::filesystem::path path, SqlitePollOptions options);
  ~SqlitePollSource() override;
  std::string describe() const override;

 private:
  void run(std::stop_token stop) override;

  std::filesystem::path path_;
  SqlitePollOptions options_;
};

}  // namespace aaren::stream
