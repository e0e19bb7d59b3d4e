#include "engine/store/sqlite_store.h"

#include <sqlite3.h>

#include <stdexcept>

#include "engine/store/paging.h"
#include "engine/store/sqlite_schema.h"
#include "engine/store/sqlite_statement.h"

namespace stepwise::engine::store {

const char* to_string(SyncMode mode) { return mode == SyncMode::Full ? "full" : "normal"; }

// The columns execution_from reads, in its order.
#define EXECUTION_COLUMNS                                                                                 \
  "sequence, arn, name, state_machine_arn, state_machine_version, status, input, output, error, cause, " \
  "start_micros, stop_micros, next_event_id, seed, started_by"

// Every statement the store runs, prepared once when it opens.
struct SqliteStore::Statements {
  explicit Statements(sqlite3* db)
      : machine_head(db, "SELECT version, created_micros, deleted FROM state_machine_heads WHERE arn = ?"),
        put_head(db,
                 "INSERT INTO state_machine_heads (arn, version, created_micros, deleted) VALUES (?, ?, ?, 0) "
                 "ON CONFLICT (arn) DO UPDATE SET version = excluded.version, "
                 "created_micros = excluded.created_micros, deleted = 0"),
        put_machine(db,
                    "INSERT INTO state_machines (arn, version, name, definition, role_arn, type, created_micros, "
                    "updated_micros) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
        get_machine(db,
                    "SELECT m.arn, m.version, m.name, m.definition, m.role_arn, m.type, m.created_micros, "
                    "m.updated_micros FROM state_machines m JOIN state_machine_heads h ON h.arn = m.arn "
                    "WHERE m.arn = ?1 AND ((?2 = 0 AND m.version = h.version AND h.deleted = 0) OR m.version = ?2)"),
        list_machines(db,
                      "SELECT m.arn, m.version, m.name, m.definition, m.role_arn, m.type, m.created_micros, "
                      "m.updated_micros FROM state_machine_heads h JOIN state_machines m "
                      "ON m.arn = h.arn AND m.version = h.version WHERE h.deleted = 0 AND h.arn > ? "
                      "ORDER BY h.arn LIMIT ?"),
        delete_machine(db, "UPDATE state_machine_heads SET deleted = 1 WHERE arn = ? AND deleted = 0"),
        insert_execution(db,
                         "INSERT INTO executions (arn, name, state_machine_arn, state_machine_version, status, "
                         "input, output, error, cause, start_micros, stop_micros, next_event_id, snapshot, seed, "
                         "started_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?) ON CONFLICT (arn) DO NOTHING "
                         "RETURNING sequence"),
        update_execution(db,
                         "UPDATE executions SET status = ?, output = ?, error = ?, cause = ?, stop_micros = ?, "
                         "next_event_id = ? WHERE arn = ? AND next_event_id = ? RETURNING sequence"),
        insert_event(db,
                     "INSERT INTO events (execution, id, previous_event_id, timestamp_micros, type, details) "
                     "VALUES (?, ?, ?, ?, ?, ?)"),
        set_timer(db, "INSERT OR REPLACE INTO timers (execution, timer_id, due_micros) VALUES (?, ?, ?)"),
        cancel_timer(db, "DELETE FROM timers WHERE execution = ? AND timer_id = ?"),
        add_task(db,
                 "INSERT OR REPLACE INTO tasks (execution, task_id, token, activity_arn, request) "
                 "VALUES (?, ?, ?, ?, ?)"),
        task_done(db, "DELETE FROM tasks WHERE execution = ? AND task_id = ?"),
        add_journal(db, "INSERT INTO journal (execution, step, trigger) VALUES (?, ?, ?)"),
        drop_journal(db, "DELETE FROM journal WHERE execution = ?"),
        read_journal(db,
                     "SELECT j.step, j.trigger FROM journal j JOIN executions x ON x.sequence = j.execution "
                     "WHERE x.arn = ? ORDER BY j.step"),
        get_execution(db, "SELECT " EXECUTION_COLUMNS " FROM executions WHERE arn = ?"),
        list_executions(db,
                        "SELECT " EXECUTION_COLUMNS " FROM executions WHERE (?1 = 0 OR sequence < ?1) "
                        "AND (?2 = '' OR state_machine_arn = ?2) AND (?3 = '' OR status = ?3) "
                        "ORDER BY sequence DESC LIMIT ?4"),
        running(db, "SELECT " EXECUTION_COLUMNS " FROM executions WHERE status = 'RUNNING' ORDER BY sequence"),
        history_forward(db,
                        "SELECT e.id, e.previous_event_id, e.timestamp_micros, e.type, e.details FROM events e "
                        "JOIN executions x ON x.sequence = e.execution WHERE x.arn = ? AND e.id > ? "
                        "ORDER BY e.id LIMIT ?"),
        history_reverse(db,
                        "SELECT e.id, e.previous_event_id, e.timestamp_micros, e.type, e.details FROM events e "
                        "JOIN executions x ON x.sequence = e.execution WHERE x.arn = ?1 AND (?2 <= 0 OR e.id < ?2) "
                        "ORDER BY e.id DESC LIMIT ?3"),
        all_timers(db,
                   "SELECT x.arn, t.timer_id, t.due_micros FROM timers t JOIN executions x "
                   "ON x.sequence = t.execution ORDER BY t.due_micros"),
        all_tasks(db,
                  "SELECT x.arn, t.task_id, t.token, t.activity_arn, t.request FROM tasks t JOIN executions x "
                  "ON x.sequence = t.execution ORDER BY t.execution, t.task_id"),
        task_by_token(db,
                      "SELECT x.arn, t.task_id, t.token, t.activity_arn, t.request FROM tasks t JOIN executions x "
                      "ON x.sequence = t.execution WHERE t.token = ?"),
        put_activity(db, "INSERT INTO activities (arn, name, created_micros) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"),
        get_activity(db, "SELECT arn, name, created_micros FROM activities WHERE arn = ?"),
        list_activities(db, "SELECT arn, name, created_micros FROM activities WHERE arn > ? ORDER BY arn LIMIT ?"),
        delete_activity(db, "DELETE FROM activities WHERE arn = ?"),
        set_tag(db, "INSERT OR REPLACE INTO tags (resource_arn, key, value) VALUES (?, ?, ?)"),
        remove_tag(db, "DELETE FROM tags WHERE resource_arn = ? AND key = ?"),
        get_tags(db, "SELECT key, value FROM tags WHERE resource_arn = ? ORDER BY key") {}

  Statement machine_head, put_head, put_machine, get_machine, list_machines, delete_machine;
  Statement insert_execution, update_execution, insert_event, set_timer, cancel_timer, add_task, task_done;
  Statement add_journal, drop_journal, read_journal;
  Statement get_execution, list_executions, running, history_forward, history_reverse, all_timers, all_tasks,
      task_by_token;
  Statement put_activity, get_activity, list_activities, delete_activity, set_tag, remove_tag, get_tags;
};

namespace {

StateMachineRecord machine_from(const Statement& s) {
  StateMachineRecord r;
  r.arn = s.text_at(0);
  r.version = s.int_at(1);
  r.name = s.text_at(2);
  r.definition = s.text_at(3);
  r.role_arn = s.text_at(4);
  r.type = s.text_at(5);
  r.created_micros = s.int_at(6);
  r.updated_micros = s.int_at(7);
  return r;
}

ExecutionRecord execution_from(const Statement& s) {
  ExecutionRecord r;
  r.sequence = s.int_at(0);
  r.arn = s.text_at(1);
  r.name = s.text_at(2);
  r.state_machine_arn = s.text_at(3);
  r.state_machine_version = s.int_at(4);
  r.status = parse_execution_status(s.text_at(5)).value_or(ExecutionStatus::Failed);
  r.input = s.text_at(6);
  r.output = s.optional_text_at(7);
  r.error = s.optional_text_at(8);
  r.cause = s.optional_text_at(9);
  r.start_micros = s.int_at(10);
  r.stop_micros = s.optional_int_at(11);
  r.next_event_id = s.int_at(12);
  r.seed = static_cast<std::uint64_t>(s.int_at(13));
  r.started_by = s.text_at(14);
  return r;
}

EventRecord event_from(const Statement& s) {
  return EventRecord{s.int_at(0), s.int_at(1), s.int_at(2), s.text_at(3), s.text_at(4)};
}

TaskRecord task_from(const Statement& s) {
  return TaskRecord{s.text_at(0), static_cast<std::uint64_t>(s.int_at(1)), s.text_at(2), s.text_at(3), s.text_at(4)};
}

ActivityRecord activity_from(const Statement& s) { return ActivityRecord{s.text_at(0), s.text_at(1), s.int_at(2)}; }

// Every row a statement gives, each read by from.
template <class T, class F>
Result<std::vector<T>> rows(Statement& s, F from) {
  std::vector<T> out;
  for (;;) {
    auto row = s.step();
    if (!row) return row.error();
    if (!row.value()) return out;
    out.push_back(from(s));
  }
}

// At most one row.
template <class T, class F>
Result<std::optional<T>> one_row(Statement& s, F from) {
  auto row = s.step();
  if (!row) return row.error();
  if (!row.value()) return std::optional<T>();
  return std::optional<T>(from(s));
}

// A page of rows read with LIMIT max + 1: the extra row says there is a next page.
template <class T, class F, class K>
Result<Page<T>> page_of(Statement& s, std::size_t max, F from, K key) {
  auto all = rows<T>(s, from);
  if (!all) return all.error();
  Page<T> page;
  page.items = std::move(all.value());
  if (page.items.size() > max) {
    page.items.resize(max);
    page.next = key(page.items.back());
  }
  return page;
}

std::int64_t as_int(std::size_t n) { return static_cast<std::int64_t>(n); }
std::int64_t as_int(std::uint64_t n, int) { return static_cast<std::int64_t>(n); }

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& path, SyncMode sync) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    Error e = make_error("Storage", "cannot open the database '" + path + "': " +
                                        (db ? sqlite3_errmsg(db) : "out of memory"));
    sqlite3_close(db);
    return e;
  }
  sqlite3_busy_handler(db, &short_busy_wait, nullptr);
  const std::string pragmas = std::string("PRAGMA journal_mode = WAL; PRAGMA synchronous = ") +
                              (sync == SyncMode::Full ? "FULL" : "NORMAL") + "; PRAGMA foreign_keys = OFF; PRAGMA cache_size = -32768;";
  if (sqlite3_exec(db, pragmas.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    Error e = storage_error(db, "cannot set up the database '" + path + "'");
    sqlite3_close(db);
    return e;
  }
  if (auto m = migrate(db); !m) {
    sqlite3_close(db);
    return m.error();
  }
  std::unique_ptr<SqliteStore> store;
  try {
    store.reset(new SqliteStore(db));
  } catch (const std::exception& e) {
    sqlite3_close(db);
    return make_error("Storage", e.what());
  }
  auto checkpointer = SqliteCheckpointer::start(path, db, store->mutex_);
  if (!checkpointer) return checkpointer.error();
  store->checkpointer_ = std::move(checkpointer.value());
  return store;
}

SqliteStore::SqliteStore(sqlite3* db) : db_(db), sql_(std::make_unique<Statements>(db)) {}

SqliteStore::~SqliteStore() {
  checkpointer_.reset();  // its connection closes first: the writer's close then checkpoints and removes the WAL
  sql_.reset();  // statements first: a connection with live statements does not close
  sqlite3_close(db_);
}

Result<StateMachineRecord> SqliteStore::put_state_machine(StateMachineRecord record) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  if (auto b = tx.begin(); !b) return b.error();
  {
    StatementUse head(sql_->machine_head);
    head->bind(record.arn);
    auto row = head->step();
    if (!row) return row.error();
    if (row.value()) {
      record.version = head->int_at(0) + 1;
      if (head->int_at(2) == 0) record.created_micros = head->int_at(1);
    } else {
      record.version = 1;
    }
  }
  {
    StatementUse put(sql_->put_head);
    put->bind(record.arn).bind(record.version).bind(record.created_micros);
    if (auto r = put->run(); !r) return r.error();
  }
  {
    StatementUse put(sql_->put_machine);
    put->bind(record.arn).bind(record.version).bind(record.name).bind(record.definition).bind(record.role_arn);
    put->bind(record.type).bind(record.created_micros).bind(record.updated_micros);
    if (auto r = put->run(); !r) return r.error();
  }
  if (auto c = tx.commit(); !c) return c.error();
  return record;
}

Result<std::optional<StateMachineRecord>> SqliteStore::state_machine(const std::string& arn, std::int64_t version) {
  std::lock_guard lock(mutex_);
  StatementUse get(sql_->get_machine);
  get->bind(arn).bind(version);
  return one_row<StateMachineRecord>(*get, machine_from);
}

Result<Page<StateMachineRecord>> SqliteStore::list_state_machines(std::size_t max, const std::string& token) {
  std::lock_guard lock(mutex_);
  StatementUse list(sql_->list_machines);
  list->bind(token).bind(as_int(page_size(max) + 1));
  return page_of<StateMachineRecord>(*list, page_size(max), machine_from,
                                     [](const StateMachineRecord& r) { return r.arn; });
}

Result<bool> SqliteStore::delete_state_machine(const std::string& arn) {
  std::lock_guard lock(mutex_);
  StatementUse del(sql_->delete_machine);
  del->bind(arn);
  auto changed = del->run();
  if (!changed) return changed.error();
  return changed.value() > 0;
}

Result<std::vector<CommitOutcome>> SqliteStore::commit(const std::vector<StepCommit>& steps) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  if (auto b = tx.begin(); !b) return b.error();
  std::vector<CommitOutcome> outcomes;
  outcomes.reserve(steps.size());
  for (const StepCommit& step : steps) {
    const ExecutionRecord& e = step.execution;
    std::int64_t sequence = 0;
    const bool fresh = step.expected_next_event_id == 0;
    {
      // The guard comes first: a conflicting step writes nothing.
      StatementUse row(fresh ? sql_->insert_execution : sql_->update_execution);
      if (fresh) {
        row->bind(e.arn).bind(e.name).bind(e.state_machine_arn).bind(e.state_machine_version);
        row->bind(to_string(e.status)).bind(e.input).bind_optional(e.output).bind_optional(e.error).bind_optional(e.cause);
        row->bind(e.start_micros).bind_optional(e.stop_micros).bind(e.next_event_id).bind(as_int(e.seed, 0));
        row->bind(e.started_by);
      } else {
        row->bind(to_string(e.status)).bind_optional(e.output).bind_optional(e.error).bind_optional(e.cause).bind_optional(e.stop_micros);
        row->bind(e.next_event_id).bind(e.arn).bind(step.expected_next_event_id);
      }
      auto found = row->step();
      if (!found) return found.error();
      if (!found.value()) {
        outcomes.push_back(CommitOutcome::Conflict);
        continue;
      }
      sequence = row->int_at(0);
      if (auto rest = row->run(); !rest) return rest.error();
    }
    for (const EventRecord& ev : step.events) {
      StatementUse insert(sql_->insert_event);
      insert->bind(sequence).bind(ev.id).bind(ev.previous_event_id).bind(ev.timestamp_micros).bind(ev.type);
      insert->bind(ev.details);
      if (auto r = insert->run(); !r) return r.error();
    }
    for (auto id : step.timers_cancelled) {
      StatementUse del(sql_->cancel_timer);
      del->bind(sequence).bind(as_int(id, 0));
      if (auto r = del->run(); !r) return r.error();
    }
    for (const TimerRecord& t : step.timers_set) {
      StatementUse set(sql_->set_timer);
      set->bind(sequence).bind(as_int(t.timer_id, 0)).bind(t.due_micros);
      if (auto r = set->run(); !r) return r.error();
    }
    for (auto id : step.tasks_done) {
      StatementUse del(sql_->task_done);
      del->bind(sequence).bind(as_int(id, 0));
      if (auto r = del->run(); !r) return r.error();
    }
    for (const TaskRecord& t : step.tasks_added) {
      StatementUse add(sql_->add_task);
      add->bind(sequence).bind(as_int(t.task_id, 0)).bind(t.token).bind(t.activity_arn).bind(t.request);
      if (auto r = add->run(); !r) return r.error();
    }
    if (e.status == ExecutionStatus::Running) {
      for (const JournalRecord& j : step.journal) {
        StatementUse add(sql_->add_journal);
        add->bind(sequence).bind(j.step).bind(j.trigger);
        if (auto r = add->run(); !r) return r.error();
      }
    } else if (!fresh) {  // an execution that ends in its first step never had a journal
      StatementUse drop(sql_->drop_journal);
      drop->bind(sequence);
      if (auto r = drop->run(); !r) return r.error();
    }
    outcomes.push_back(CommitOutcome::Committed);
  }
  if (auto c = tx.commit(); !c) return c.error();
  return outcomes;
}

Result<std::optional<ExecutionRecord>> SqliteStore::execution(const std::string& arn) {
  std::lock_guard lock(mutex_);
  StatementUse get(sql_->get_execution);
  get->bind(arn);
  return one_row<ExecutionRecord>(*get, execution_from);
}

Result<Page<ExecutionRecord>> SqliteStore::list_executions(const ExecutionFilter& filter, std::size_t max,
                                                           const std::string& token) {
  auto before = parse_sequence_token(token);
  if (!before) return before.error();
  std::lock_guard lock(mutex_);
  StatementUse list(sql_->list_executions);
  list->bind(before.value()).bind(filter.state_machine_arn);
  list->bind(filter.status ? to_string(*filter.status) : "");
  list->bind(as_int(page_size(max) + 1));
  return page_of<ExecutionRecord>(*list, page_size(max), execution_from,
                                  [](const ExecutionRecord& r) { return std::to_string(r.sequence); });
}

Result<std::vector<EventRecord>> SqliteStore::history(const std::string& arn, std::int64_t from, std::size_t max,
                                                      bool reverse) {
  std::lock_guard lock(mutex_);
  StatementUse read(reverse ? sql_->history_reverse : sql_->history_forward);
  read->bind(arn).bind(from).bind(as_int(page_size(max)));
  return rows<EventRecord>(*read, event_from);
}

Result<std::vector<ExecutionRecord>> SqliteStore::running_executions() {
  std::lock_guard lock(mutex_);
  StatementUse read(sql_->running);
  return rows<ExecutionRecord>(*read, execution_from);
}

Result<std::vector<TimerRecord>> SqliteStore::timers() {
  std::lock_guard lock(mutex_);
  StatementUse read(sql_->all_timers);
  return rows<TimerRecord>(*read, [](const Statement& s) {
    return TimerRecord{s.text_at(0), static_cast<std::uint64_t>(s.int_at(1)), s.int_at(2)};
  });
}

Result<std::vector<TaskRecord>> SqliteStore::pending_tasks() {
  std::lock_guard lock(mutex_);
  StatementUse read(sql_->all_tasks);
  return rows<TaskRecord>(*read, task_from);
}

Result<std::optional<TaskRecord>> SqliteStore::task_by_token(const std::string& token) {
  std::lock_guard lock(mutex_);
  StatementUse read(sql_->task_by_token);
  read->bind(token);
  return one_row<TaskRecord>(*read, task_from);
}

Result<std::vector<JournalRecord>> SqliteStore::journal(const std::string& arn) {
  std::lock_guard lock(mutex_);
  StatementUse read(sql_->read_journal);
  read->bind(arn);
  return rows<JournalRecord>(*read, [](const Statement& s) { return JournalRecord{s.int_at(0), s.text_at(1)}; });
}

Result<ActivityRecord> SqliteStore::put_activity(ActivityRecord record) {
  std::lock_guard lock(mutex_);
  {
    StatementUse put(sql_->put_activity);
    put->bind(record.arn).bind(record.name).bind(record.created_micros);
    if (auto r = put->run(); !r) return r.error();
  }
  StatementUse get(sql_->get_activity);
  get->bind(record.arn);
  auto row = one_row<ActivityRecord>(*get, activity_from);
  if (!row) return row.error();
  return row.value().value_or(record);
}

Result<std::optional<ActivityRecord>> SqliteStore::activity(const std::string& arn) {
  std::lock_guard lock(mutex_);
  StatementUse get(sql_->get_activity);
  get->bind(arn);
  return one_row<ActivityRecord>(*get, activity_from);
}

Result<Page<ActivityRecord>> SqliteStore::list_activities(std::size_t max, const std::string& token) {
  std::lock_guard lock(mutex_);
  StatementUse list(sql_->list_activities);
  list->bind(token).bind(as_int(page_size(max) + 1));
  return page_of<ActivityRecord>(*list, page_size(max), activity_from, [](const ActivityRecord& r) { return r.arn; });
}

Result<bool> SqliteStore::delete_activity(const std::string& arn) {
  std::lock_guard lock(mutex_);
  StatementUse del(sql_->delete_activity);
  del->bind(arn);
  auto changed = del->run();
  if (!changed) return changed.error();
  return changed.value() > 0;
}

Result<bool> SqliteStore::set_tags(const std::string& resource_arn, const std::vector<Tag>& tags) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  if (auto b = tx.begin(); !b) return b.error();
  for (const Tag& t : tags) {
    StatementUse set(sql_->set_tag);
    set->bind(resource_arn).bind(t.key).bind(t.value);
    if (auto r = set->run(); !r) return r.error();
  }
  return tx.commit();
}

Result<bool> SqliteStore::remove_tags(const std::string& resource_arn, const std::vector<std::string>& keys) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  if (auto b = tx.begin(); !b) return b.error();
  for (const auto& key : keys) {
    StatementUse del(sql_->remove_tag);
    del->bind(resource_arn).bind(key);
    if (auto r = del->run(); !r) return r.error();
  }
  return tx.commit();
}

Result<std::vector<Tag>> SqliteStore::tags(const std::string& resource_arn) {
  std::lock_guard lock(mutex_);
  StatementUse read(sql_->get_tags);
  read->bind(resource_arn);
  return rows<Tag>(*read, [](const Statement& s) { return Tag{s.text_at(0), s.text_at(1)}; });
}

}  // namespace stepwise::engine::store
