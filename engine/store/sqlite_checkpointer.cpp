#include "engine/store/sqlite_checkpointer.h"

#include <pthread.h>
#include <sqlite3.h>

#include <chrono>

#include "engine/log.h"

namespace stepwise::engine::store {

int short_busy_wait(void*, int tries) {
  if (tries >= 50'000) return 0;  // five seconds: give up, the statement fails with SQLITE_BUSY
  std::this_thread::sleep_for(std::chrono::microseconds(100));
  return 1;
}

Result<std::unique_ptr<SqliteCheckpointer>> SqliteCheckpointer::start(const std::string& path, sqlite3* writer,
                                                                       std::mutex& writer_mutex) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    Error e = make_error("Storage", "cannot open the database '" + path + "' for checkpoints: " +
                                        (db ? sqlite3_errmsg(db) : "out of memory"));
    sqlite3_close(db);
    return e;
  }
  sqlite3_busy_handler(db, &short_busy_wait, nullptr);
  // A connection opens the WAL with its first read; until then its checkpoints do nothing.
  if (sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr) != SQLITE_OK) {
    Error e = make_error("Storage", "cannot read the database '" + path + "' for checkpoints: " + sqlite3_errmsg(db));
    sqlite3_close(db);
    return e;
  }
  return std::unique_ptr<SqliteCheckpointer>(new SqliteCheckpointer(db, writer, writer_mutex));
}

SqliteCheckpointer::SqliteCheckpointer(sqlite3* db, sqlite3* writer, std::mutex& writer_mutex)
    : db_(db), writer_(writer), writer_mutex_(writer_mutex) {
  sqlite3_wal_hook(writer_, &SqliteCheckpointer::on_commit, this);
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "sw-checkpoint");
    loop();
  });
}

SqliteCheckpointer::~SqliteCheckpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_one();
  thread_.join();
  sqlite3_wal_hook(writer_, nullptr, nullptr);
  sqlite3_close(db_);
}

// On the writer's thread, after each commit: cheap unless a checkpoint is due and not yet asked for.
int SqliteCheckpointer::on_commit(void* self, sqlite3*, const char*, int wal_pages) {
  auto* c = static_cast<SqliteCheckpointer*>(self);
  bool wake = false;
  {
    std::lock_guard lock(c->mutex_);
    if (wal_pages < c->wal_pages_) c->backfilled_ = 0;  // the WAL started again from its beginning
    c->wal_pages_ = wal_pages;
    const bool due = wal_pages - c->backfilled_ >= kCheckpointPages;
    if (due && !c->requested_) wake = c->requested_ = true;
  }
  if (wake) c->cv_.notify_one();
  return SQLITE_OK;
}

// A PASSIVE checkpoint; copied: the frames copied so far (-1 when unknown).
int SqliteCheckpointer::checkpoint(int* copied) {
  int log = -1;
  *copied = -1;
  const int rc = sqlite3_wal_checkpoint_v2(db_, "main", SQLITE_CHECKPOINT_PASSIVE, &log, copied);
  if (rc != SQLITE_OK && rc != SQLITE_BUSY) logger()->warn("WAL checkpoint failed: {}", sqlite3_errmsg(db_));
  return log;
}

void SqliteCheckpointer::loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    cv_.wait(lock, [&] { return stopping_ || requested_; });
    if (stopping_) return;
    lock.unlock();
    int copied = -1;
    const int frames = checkpoint(&copied);
    if (frames >= kRewindPages) {
      std::lock_guard writer_paused(writer_mutex_);  // no commit now: this pass copies every frame
      checkpoint(&copied);
    }
    lock.lock();
    if (copied >= 0) backfilled_ = copied;
    requested_ = false;  // the next commit that finds a checkpoint due asks again
  }
}

}  // namespace stepwise::engine::store
