#include "core/store/Schema.h"

namespace aaren::store::schema {

namespace {

constexpr const char* kV1 = R"sql(
CREATE TABLE datasets (
  id                INTEGER PRIMARY KEY,
  path              TEXT    NOT NULL,
  display_name      TEXT    NOT NULL DEFAULT '',
  sha256            TEXT    NOT NULL DEFAULT '',
  kind              TEXT    NOT NULL CHECK (kind IN ('forecast', 'classify')),
  rows              INTEGER NOT NULL DEFAULT 0,
  columns           INTEGER NOT NULL DEFAULT 0,
  frequency_seconds REAL    NOT NULL DEFAULT 0,
  imported_at       TEXT    NOT NULL,
  UNIQUE (path, sha256)
);
CREATE TABLE runs (
  id           INTEGER PRIMARY KEY,
  dataset_id   INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
  model_type   TEXT    NOT NULL,
  task         TEXT    NOT NULL DEFAULT '',
  config       TEXT,
  status       TEXT    NOT NULL CHECK (status IN
                 ('running', 'completed', 'cancelled', 'failed', 'interrupted')),
  message      TEXT    NOT NULL DEFAULT '',
  started_at   TEXT    NOT NULL,
  finished_at  TEXT,
  pid          INTEGER NOT NULL,
  host         TEXT    NOT NULL,
  heartbeat_at TEXT    NOT NULL,
  metrics      TEXT,
  seconds      REAL    NOT NULL DEFAULT 0
);
CREATE TABLE epochs (
  run_id     INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  epoch      INTEGER NOT NULL,
  train_loss REAL,
  val_loss   REAL,
  metrics    TEXT,
  seconds    REAL    NOT NULL DEFAULT 0,
  at         TEXT    NOT NULL,
  PRIMARY KEY (run_id, epoch)
);
CREATE TABLE models (
  id         INTEGER PRIMARY KEY,
  run_id     INTEGER REFERENCES runs(id) ON DELETE SET NULL,
  path       TEXT    NOT NULL,
  sha256     TEXT    NOT NULL DEFAULT '',
  metrics    TEXT,
  created_at TEXT    NOT NULL
);
CREATE TABLE forecasts (
  id          INTEGER PRIMARY KEY,
  model_id    INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
  dataset_id  INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
  created_at  TEXT    NOT NULL,
  horizon     INTEGER NOT NULL,
  start_time  TEXT    NOT NULL DEFAULT '',
  values_json TEXT,
  csv_path    TEXT
);
)sql";

constexpr const char* kV2 = R"sql(
CREATE INDEX runs_started ON runs(started_at);
CREATE INDEX runs_status ON runs(status);
CREATE INDEX runs_dataset ON runs(dataset_id);
CREATE INDEX models_run ON models(run_id);
CREATE INDEX forecasts_model ON forecasts(model_id);
CREATE VIEW run_summary AS
  SELECT r.id, r.dataset_id, r.model_type, r.task, r.config, r.status, r.message,
         r.started_at, r.finished_at, r.pid, r.host, r.heartbeat_at, r.metrics, r.seconds,
         COALESCE(d.display_name, '') AS dataset_name,
         (SELECT MIN(e.val_loss) FROM epochs e WHERE e.run_id = r.id) AS best_val_loss,
         (SELECT COUNT(*) FROM epochs e WHERE e.run_id = r.id) AS epochs_done
  FROM runs r LEFT JOIN datasets d ON d.id = r.dataset_id;
)sql";

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all = {{1, kV1}, {2, kV2}};
  return all;
}

}  // namespace aaren::store::schema
