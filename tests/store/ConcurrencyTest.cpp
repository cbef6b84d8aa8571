// WAL mode, a reader beside a writer, a writer killed mid-transaction, and runs left
// "running" by processes that are gone.
#include <atomic>
#include <chrono>
#include <csignal>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/store/Workspace.h"
#include "tests/store/TestUtil.h"

namespace aaren::store {
namespace {

using test::RawDb;
using test::TempDir;

EpochRecord epoch(std::int64_t run, std::int64_t n) {
  EpochRecord e;
  e.runId = run;
  e.epoch = n;
  e.trainLoss = 1.0 / static_cast<double>(n);
  e.valLoss = 2.0 / static_cast<double>(n);
  e.seconds = 0.25;
  return e;
}

TEST(WorkspaceConcurrency, WalModeIsOn) {
  TempDir dir;
  const auto p = dir / "ws.sqlite";
  Workspace ws(p);
  RawDb raw(p);
  EXPECT_EQ(raw.text("PRAGMA journal_mode"), "wal");
}

TEST(WorkspaceConcurrency, ReaderSeesOnlyCommittedEpochsAndIsNotBlocked) {
  TempDir dir;
  const auto p = dir / "ws.sqlite";
  Workspace writer(p);
  Workspace reader(p);
  const auto run = writer.startRun(test::runOf("aaren"));
  writer.addEpoch(epoch(run, 1));
  EXPECT_EQ(reader.epochs(run).size(), 1u);
  {
    Transaction tx(writer);
    writer.addEpoch(epoch(run, 2));
    writer.addEpoch(epoch(run, 3));
    const auto t0 = std::chrono::steady_clock::now();
    EXPECT_EQ(reader.epochs(run).size(), 1u);  // uncommitted: invisible ...
    EXPECT_EQ(reader.run(run)->epochsDone, 1);
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(500));  // ... and no wait
    tx.commit();
  }
  EXPECT_EQ(reader.epochs(run).size(), 3u);
  EXPECT_EQ(reader.run(run)->epochsDone, 3);
}

TEST(WorkspaceConcurrency, ReaderThreadWhileWriterThreadWrites) {
  TempDir dir;
  const auto p = dir / "ws.sqlite";
  std::int64_t run = 0;
  {
    Workspace ws(p);
    run = ws.startRun(test::runOf("aaren"));
  }
  constexpr int kEpochs = 150;
  std::atomic<bool> writerFailed{false};
  std::thread writerThread([&] {
    try {
      Workspace writer(p);  // its own connection, on its own thread
      for (int e = 1; e <= kEpochs; ++e) {
        writer.addEpoch(epoch(run, e));
        if (e % 10 == 0) writer.heartbeat(run);
      }
      writer.finishRun(run, RunStatus::Completed, "done");
    } catch (...) {
      writerFailed = true;
    }
  });
  Workspace reader(p);
  std::size_t last = 0;
  int reads = 0;
  for (;;) {
    const auto es = reader.epochs(run);  // never throws SQLITE_BUSY in WAL mode
    ASSERT_GE(es.size(), last);
    for (std::size_t i = 0; i < es.size(); ++i) ASSERT_EQ(es[i].epoch, static_cast<std::int64_t>(i) + 1);
    last = es.size();
    ++reads;
    const auto r = reader.run(run);
    if (r->status != RunStatus::Running || writerFailed) break;
  }
  writerThread.join();
  EXPECT_FALSE(writerFailed);
  EXPECT_EQ(reader.epochs(run).size(), static_cast<std::size_t>(kEpochs));
  EXPECT_EQ(reader.run(run)->status, RunStatus::Completed);
  EXPECT_GT(reads, 1);
}

// The child: opens the workspace, starts a run, commits kCommitted epochs, tells the parent
// the run id, then writes epochs inside one transaction (large enough to spill into the WAL
// file) and says "T" before writing on, slowly, until it is killed.
constexpr int kCommitted = 5;

[[noreturn]] void killedWriterChild(const std::filesystem::path& p, int out) {
  try {
    Workspace ws(p);
    const auto run = ws.startRun(test::runOf("aaren"));
    for (int e = 1; e <= kCommitted; ++e) ws.addEpoch(epoch(run, e));
    if (write(out, &run, sizeof run) != sizeof run) _exit(2);
    Transaction tx(ws);
    const std::string padding(8192, 'x');
    for (int e = kCommitted + 1;; ++e) {
      EpochRecord big = epoch(run, e);
      big.metrics = {{"padding", padding}};
      ws.addEpoch(big);
      if (e == kCommitted + 600 && write(out, "T", 1) != 1) _exit(2);  // ~5 MB uncommitted
      if (e > kCommitted + 600) usleep(2000);
    }
  } catch (...) {
    _exit(3);
  }
}

TEST(WorkspaceConcurrency, KilledWriterLeavesAConsistentWorkspaceAndAnInterruptedRun) {
  TempDir dir;
  const auto p = dir / "ws.sqlite";
  { Workspace init(p); }  // no connection is open across fork()
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(fds[0]);
    killedWriterChild(p, fds[1]);
  }
  close(fds[1]);
  std::int64_t run = 0;
  char mark = 0;
  const bool ok = read(fds[0], &run, sizeof run) == sizeof run && read(fds[0], &mark, 1) == 1;
  kill(child, SIGKILL);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);  // reaped: the pid no longer exists
  close(fds[0]);
  ASSERT_TRUE(ok) << "child exited early, status " << status;
  ASSERT_EQ(mark, 'T');
  ASSERT_TRUE(WIFSIGNALED(status));
  ASSERT_EQ(WTERMSIG(status), SIGKILL);
  // The uncommitted transaction had spilled pages into the WAL file when it was killed.
  ASSERT_GT(std::filesystem::file_size(dir / "ws.sqlite-wal"), 1u << 20);

  Workspace ws(p);
  EXPECT_EQ(ws.integrityCheck(), "ok");
  const auto es = ws.epochs(run);
  ASSERT_EQ(es.size(), static_cast<std::size_t>(kCommitted));  // committed: all; the rest: none
  for (int e = 1; e <= kCommitted; ++e) {
    EXPECT_EQ(es[e - 1].epoch, e);
    EXPECT_DOUBLE_EQ(es[e - 1].trainLoss, 1.0 / e);
  }
  const auto r = ws.run(run);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, RunStatus::Interrupted);
  EXPECT_EQ(r->message, "process " + std::to_string(child) + " ended without finishing the run");
  EXPECT_EQ(r->pid, child);
  EXPECT_EQ(r->finishedAt, es.back().at);  // last sign of life: the last committed epoch
  EXPECT_EQ(r->epochsDone, kCommitted);
  // The workspace is writable again.
  const auto next = ws.startRun(test::runOf("aaren"));
  ws.addEpoch(epoch(next, 1));
  EXPECT_EQ(ws.epochs(next).size(), 1u);
  RawDb raw(p);
  EXPECT_EQ(raw.text("PRAGMA integrity_check"), "ok");
}

// Killed at an arbitrary moment of a tight loop of commits (often inside COMMIT itself).
TEST(WorkspaceConcurrency, WriterKilledWhileCommittingLeavesACommittedPrefix) {
  TempDir dir;
  const auto p = dir / "ws.sqlite";
  for (int round = 0; round < 3; ++round) {
    { Workspace init(p); }
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      close(fds[0]);
      try {
        Workspace ws(p);
        const auto run = ws.startRun(test::runOf("transformer"));
        if (write(fds[1], &run, sizeof run) != sizeof run) _exit(2);
        for (int e = 1;; ++e) {
          ws.addEpoch(epoch(run, e));
          ws.heartbeat(run);
        }
      } catch (...) {
        _exit(3);
      }
    }
    close(fds[1]);
    std::int64_t run = 0;
    const bool ok = read(fds[0], &run, sizeof run) == sizeof run;
    close(fds[0]);
    std::this_thread::sleep_for(std::chrono::milliseconds(30 + 25 * round));
    kill(child, SIGKILL);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(ok);
    ASSERT_TRUE(WIFSIGNALED(status)) << "child exited with status " << status;

    Workspace ws(p);
    EXPECT_EQ(ws.integrityCheck(), "ok");
    const auto es = ws.epochs(run);
    for (std::size_t i = 0; i < es.size(); ++i) ASSERT_EQ(es[i].epoch, static_cast<std::int64_t>(i) + 1);
    const auto r = ws.run(run);
    EXPECT_EQ(r->status, RunStatus::Interrupted);
    EXPECT_EQ(r->message, "process " + std::to_string(child) + " ended without finishing the run");
    EXPECT_EQ(r->epochsDone, static_cast<std::int64_t>(es.size()));
  }
}

// Inserts a run row as another process or host would have.
void insertRunningRun(RawDb& raw, std::int64_t id, std::int64_t pid, const std::string& host,
                      const std::string& startedAt, const std::string& heartbeatAt) {
  raw.exec("INSERT INTO runs (id, model_type, status, started_at, pid, host, heartbeat_at) VALUES (" +
           std::to_string(id) + ", 'aaren', 'running', '" + startedAt + "', " + std::to_string(pid) +
           ", '" + host + "', '" + heartbeatAt + "')");
}

TEST(WorkspaceConcurrency, StaleRunsAreMarkedInterruptedAtOpen) {
  TempDir dir;
  const auto p = dir / "ws.sqlite";
  { Workspace init(p); }
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  const std::string now = utcNow();
  const std::string old = "2000-01-01T00:00:00.000Z";
  {
    RawDb raw(p);
    insertRunningRun(raw, 1, 4242, "other-host", old, old);  // silent for years
    insertRunningRun(raw, 2, 4243, "other-host", now, now);  // fresh heartbeat
    insertRunningRun(raw, 3, getpid(), host, now, now);       // this very process
    insertRunningRun(raw, 4, 1, host, old, old);              // pid 1 started after the run: reused
  }
  Workspace ws(p);
  auto r1 = ws.run(1);
  EXPECT_EQ(r1->status, RunStatus::Interrupted);
  EXPECT_EQ(r1->message,
            "process 4242 on other-host stopped sending heartbeats (last at 2000-01-01T00:00:00.000Z)");
  EXPECT_EQ(r1->finishedAt, old);
  EXPECT_EQ(ws.run(2)->status, RunStatus::Running);
  EXPECT_EQ(ws.run(3)->status, RunStatus::Running);
  EXPECT_EQ(ws.run(4)->status, RunStatus::Interrupted);
  EXPECT_EQ(ws.run(4)->message, "process 1 ended without finishing the run");
  EXPECT_EQ(ws.markInterruptedRuns(), 0);  // nothing left to mark

  // A shorter threshold catches run 2 too; its own process may still finish it.
  OpenOptions strictOptions;
  strictOptions.staleHeartbeatSeconds = -1;
  Workspace strict(p, strictOptions);
  EXPECT_EQ(strict.run(2)->status, RunStatus::Interrupted);
  strict.finishRun(2, RunStatus::Completed, "finished after all");
  EXPECT_EQ(strict.run(2)->status, RunStatus::Completed);
}

TEST(WorkspaceConcurrency, OpeningWithoutMarkingLeavesRunsAlone) {
  TempDir dir;
  const auto p = dir / "ws.sqlite";
  { Workspace init(p); }
  {
    RawDb raw(p);
    insertRunningRun(raw, 1, 4242, "other-host", "2000-01-01T00:00:00.000Z", "2000-01-01T00:00:00.000Z");
  }
  OpenOptions options;
  options.markInterruptedRuns = false;
  Workspace ws(p, options);
  EXPECT_EQ(ws.run(1)->status, RunStatus::Running);
  EXPECT_EQ(ws.markInterruptedRuns(), 1);
  EXPECT_EQ(ws.run(1)->status, RunStatus::Interrupted);
}

}  // namespace
}  // namespace aaren::store
