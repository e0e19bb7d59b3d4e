#pragma once
// Moves WAL checkpoints off the committing thread. SQLite's own auto-checkpoint runs inside the
// commit that crosses the threshold: that commit (and every caller waiting for it) then also
// copies the WAL into the database file and fsyncs it. Instead, the writer connection only reports
// the WAL's size after each commit (sqlite3_wal_hook, which replaces the auto-checkpoint); past
// kCheckpointPages a thread with a connection of its own runs a PASSIVE checkpoint, which copies
// what it can without blocking the writer. A PASSIVE checkpoint cannot rewind a WAL that is written
// to without pause, so past kRestartPages it runs a RESTART checkpoint, which waits for the writer
// between two commits and lets the next one start the WAL again from its beginning.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "definitions/result.h"

struct sqlite3;

namespace stepwise::engine::store {

// SQLite's busy timeout sleeps ever longer between tries (up to 100 ms): a writer that meets a
// checkpoint finishing would sleep far past its end. This handler retries every 100 microseconds,
// for at most five seconds; install it with sqlite3_busy_handler(db, short_busy_wait, nullptr).
int short_busy_wait(void* unused, int tries);

class SqliteCheckpointer {
 public:
  static constexpr int kCheckpointPages = 1000;
  static constexpr int kRestartPages = 32768;  // 128 MiB of 4 KiB pages

  // Watches writer (a connection in WAL mode to the file at path) and checkpoints that file.
  static Result<std::unique_ptr<SqliteCheckpointer>> start(const std::string& path, sqlite3* writer);
  ~SqliteCheckpointer();
  SqliteCheckpointer(const SqliteCheckpointer&) = delete;
  SqliteCheckpointer& operator=(const SqliteCheckpointer&) = delete;

 private:
  SqliteCheckpointer(sqlite3* db, sqlite3* writer);
  static int on_commit(void* self, sqlite3* db, const char* name, int wal_pages);
  void loop();

  sqlite3* db_;      // the checkpointer's own connection
  sqlite3* writer_;  // the hook's connection
  std::mutex mutex_;
  std::condition_variable cv_;
  int wal_pages_ = 0;     // frames in the WAL as the last commit left it; guarded by mutex_
  int backfilled_ = 0;    // of which the last checkpoint copied into the database file
  bool requested_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace stepwise::engine::store
