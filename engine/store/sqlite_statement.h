#pragma once
// A prepared SQLite statement, reset after each use, and a transaction that rolls back unless
// committed. Internal to the SQLite store.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "definitions/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace stepwise::engine::store {

// Error{"Storage", "<what>: <SQLite's message>"}.
Error storage_error(sqlite3* db, std::string_view what);

class Statement {
 public:
  Statement(sqlite3* db, const char* sql);  // throws std::runtime_error when the SQL is invalid
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binds the parameters in order (1, 2, ...) and returns *this; bind_null for an absent value.
  Statement& bind(std::int64_t value);
  Statement& bind(std::string_view value);
  Statement& bind(const std::string& value) { return bind(std::string_view(value)); }
  Statement& bind(const char* value) { return bind(std::string_view(value)); }
  Statement& bind_optional(const std::optional<std::string>& value);
  Statement& bind_optional(const std::optional<std::int64_t>& value);
  // Steps once: true when a row is there to read, false when done; an Error when it failed.
  Result<bool> step();
  // Runs to the end; the number of rows it changed.
  Result<int> run();
  std::int64_t int_at(int column) const;
  std::string text_at(int column) const;
  std::optional<std::string> optional_text_at(int column) const;
  std::optional<std::int64_t> optional_int_at(int column) const;
  // Ready for the next use: bindings cleared, cursor reset. Called by every scope that uses it.
  void reset();

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int next_ = 1;
};

// Resets a statement when the scope using it ends, whatever the path out.
class StatementUse {
 public:
  explicit StatementUse(Statement& s) : s_(s) {}
  ~StatementUse() { s_.reset(); }
  Statement* operator->() { return &s_; }
  Statement& operator*() { return s_; }

 private:
  Statement& s_;
};

class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) {}
  ~Transaction();
  Result<bool> begin();   // BEGIN IMMEDIATE
  Result<bool> commit();

 private:
  sqlite3* db_;
  bool open_ = false;
};

}  // namespace stepwise::engine::store
