#pragma once
// Moves WAL checkpoints off the committing thread. SQLite's own auto-checkpoint runs inside the
// commit that crosses the threshold: that commit (and every caller waiting for it) then also
// copies the WAL into the database file and fsyncs it. Instead, the writer connection only reports
// the WAL's size after each commit (sqlite3_wal_hook, which replaces the auto-checkpoint); past
// kCheckpointPages not yet copied, a thread with a connection of its own runs a PASSIVE checkpoint,
// which copies what it can without blocking the writer.
// The WAL starts again from its beginning only when a write begins with every frame copied, which
// a writer that never pauses does not allow: past kRewindPages, right after a PASSIVE pass, the
// checkpointer holds the writer's mutex for a second pass over the few frames written meanwhile
// (a pause of a millisecond or two), and the next commit rewinds the WAL.
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
  static constexpr int kRewindPages = 4096;  // 16 MiB of 4 KiB pages

  // Watches writer (a connection in WAL mode to the file at path, used under writer_mutex) and
  // checkpoints that file.
  static Result<std::unique_ptr<SqliteCheckpointer>> start(const std::string& path, sqlite3* writer,
                                                           std::mutex& writer_mutex);
  ~SqliteCheckpointer();
  SqliteCheckpointer(const SqliteCheckpointer&) = delete;
  SqliteCheckpointer& operator=(const SqliteCheckpointer&) = delete;

 private:
  SqliteCheckpointer(sqlite3* db, sqlite3* writer, std::mutex& writer_mutex);
  int checkpoint(int* copied);
  static int on_commit(void* self, sqlite3* db, const char* name, int wal_pages);
  void loop();

  sqlite3* db_;      // the checkpointer's own connection
  sqlite3* writer_;  // the hook's connection
  std::mutex& writer_mutex_;
  std::mutex mutex_;
  std::condition_variable cv_;
  int wal_pages_ = 0;     // frames in the WAL as the last commit left it; guarded by mutex_
  int backfilled_ = 0;    // of which the last checkpoint copied into the database file
  bool requested_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace stepwise::engine::store
