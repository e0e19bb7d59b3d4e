#include "engine/store/sqlite_statement.h"

#include <cerrno>
#include <cstring>

#include <sqlite3.h>

#include <stdexcept>

namespace stepwise::engine::store {

Error storage_error(sqlite3* db, std::string_view what) {
  // what: an operation, or a statement's SQL (its first words name the table).
  if (what.size() > 48) what = what.substr(0, what.rfind(' ', 48));
  std::string message = "storage failure (" + std::string(what) + "): " + sqlite3_errmsg(db);
  const int sys = sqlite3_system_errno(db);
  if (sys) message += std::string(" (") + std::strerror(sys) + ")";
  const int code = sqlite3_extended_errcode(db);
  if ((code & 0xFF) == SQLITE_FULL || code == SQLITE_IOERR_WRITE || sys == ENOSPC || sys == EFBIG || sys == EDQUOT)
    message += "; writing to the database failed, is the disk full? What was committed before is kept";
  return make_error("Storage", message);
}

Statement::Statement(sqlite3* db, const char* sql) : db_(db) {
  if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) != SQLITE_OK)
    throw std::runtime_error(std::string("cannot prepare '") + sql + "': " + sqlite3_errmsg(db));
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(std::int64_t value) {
  sqlite3_bind_int64(stmt_, next_++, value);
  return *this;
}

Statement& Statement::bind(std::string_view value) {
  sqlite3_bind_text(stmt_, next_++, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind_optional(const std::optional<std::string>& value) {
  if (value) return bind(std::string_view(*value));
  sqlite3_bind_null(stmt_, next_++);
  return *this;
}

Statement& Statement::bind_optional(const std::optional<std::int64_t>& value) {
  if (value) return bind(*value);
  sqlite3_bind_null(stmt_, next_++);
  return *this;
}

Result<bool> Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return storage_error(db_, sqlite3_sql(stmt_));
}

Result<int> Statement::run() {
  for (;;) {
    auto more = step();
    if (!more) return more.error();
    if (!more.value()) break;
  }
  return sqlite3_changes(db_);
}

std::int64_t Statement::int_at(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::text_at(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
}

std::optional<std::string> Statement::optional_text_at(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return text_at(column);
}

std::optional<std::int64_t> Statement::optional_int_at(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return int_at(column);
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  next_ = 1;
}

Transaction::~Transaction() {
  if (open_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

Result<bool> Transaction::begin() {
  if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
    return storage_error(db_, "begin transaction");
  open_ = true;
  return true;
}

Result<bool> Transaction::commit() {
  if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) return storage_error(db_, "commit");
  open_ = false;
  return true;
}

}  // namespace stepwise::engine::store
