#pragma once
// The workspace schema as ordered migrations. Migration N takes a database from
// user_version N-1 to N; Workspace applies the pending ones in one transaction at open and
// then sets PRAGMA user_version. Never edit a released migration: append a new one and
// bump Workspace::kSchemaVersion.
//
// Tables (timestamps are ISO-8601 UTC text, JSON columns are text holding JSON):
//   datasets(id, path, display_name, sha256, kind 'forecast'|'classify', rows, columns,
//            frequency_seconds, imported_at)                       UNIQUE(path, sha256)
//   runs(id, dataset_id -> datasets, model_type, task, config JSON, status
//        'running'|'completed'|'cancelled'|'failed'|'interrupted', message, started_at,
//        finished_at, pid, host, heartbeat_at, metrics JSON, seconds)
//   epochs(run_id -> runs, epoch, train_loss, val_loss, metrics JSON, seconds, at)
//                                                                  PRIMARY KEY(run_id, epoch)
//   models(id, run_id -> runs, path, sha256, metrics JSON, created_at)
//   forecasts(id, model_id -> models, dataset_id -> datasets, created_at, horizon,
//             start_time, values_json JSON, csv_path)
// Version 2 adds the indexes and the view run_summary (runs + dataset_name, best_val_loss,
// epochs_done) that `aaren runs` and the GUI list.
#include <vector>

namespace aaren::store::schema {

struct Migration {
  int version;      // user_version after this migration
  const char* sql;  // one or more statements
};

// Ordered by version, 1..Workspace::kSchemaVersion.
const std::vector<Migration>& migrations();

}  // namespace aaren::store::schema
