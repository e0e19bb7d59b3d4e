// The Store contract: every implementation passes the same cases (MemoryStore, SqliteStore on a
// real file).
#include <doctest/doctest.h>

#include "tests/temp_db.h"
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "engine/store/memory_store.h"
#include "engine/store/sqlite_schema.h"
#include "engine/store/sqlite_store.h"

using namespace stepwise;
using namespace stepwise::engine;
using namespace stepwise::engine::store;

namespace {


struct MemoryFixture {
  std::unique_ptr<Store> store = std::make_unique<MemoryStore>();
};

struct SqliteFixture {
  TempDb db;
  std::unique_ptr<Store> store;
  SqliteFixture() {
    auto opened = SqliteStore::open(db.path.string());
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
    store = std::move(opened.value());
  }
};

template <class T>
T must(Result<T> r) {
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  return std::move(r.value());
}

StateMachineRecord machine(const std::string& name, const std::string& definition = "{}") {
  StateMachineRecord r;
  r.arn = "arn:aws:states:us-east-1:123456789012:stateMachine:" + name;
  r.name = name;
  r.definition = definition;
  r.role_arn = "arn:aws:iam::123456789012:role/r";
  r.created_micros = r.updated_micros = 1000;
  return r;
}

EventRecord event(std::int64_t id, const std::string& type = "PassStateEntered") {
  return EventRecord{id, id - 1, 5000 + id, type, "{\"name\":\"S\"}"};
}

// A new execution's first step: ExecutionStarted and one state entered.
StepCommit start(const std::string& machine_name, const std::string& name) {
  StepCommit c;
  ExecutionRecord& e = c.execution;
  e.state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:" + machine_name;
  e.arn = "arn:aws:states:us-east-1:123456789012:execution:" + machine_name + ":" + name;
  e.name = name;
  e.input = "{\"n\":1}";
  e.start_micros = 5000;
  e.next_event_id = 3;
  e.seed = 0xFEEDFACECAFEBEEFULL;  // above INT64_MAX: stored as its bits
  e.started_by = "parent-task-token";
  c.events = {event(1, "ExecutionStarted"), event(2)};
  return c;
}

// The step after `previous`: two more events, the same row otherwise.
StepCommit next_step(const StepCommit& previous) {
  StepCommit c;
  c.execution = previous.execution;
  c.expected_next_event_id = previous.execution.next_event_id;
  const std::int64_t first = previous.execution.next_event_id;
  c.events = {event(first), event(first + 1)};
  c.execution.next_event_id = first + 2;
  return c;
}

}  // namespace

TEST_CASE_TEMPLATE("Store.Contract.StateMachinesAreVersioned", F, MemoryFixture, SqliteFixture) {
  F f;
  Store& s = *f.store;
  auto v1 = must(s.put_state_machine(machine("orders", "{\"v\":1}")));
  CHECK(v1.version == 1);
  auto later = machine("orders", "{\"v\":2}");
  later.created_micros = later.updated_micros = 2000;
  auto v2 = must(s.put_state_machine(later));
  CHECK(v2.version == 2);
  CHECK(v2.created_micros == 1000);  // the machine was created once
  CHECK(v2.updated_micros == 2000);
  CHECK(must(s.state_machine(v1.arn))->definition == "{\"v\":2}");
  CHECK(must(s.state_machine(v1.arn, 1))->definition == "{\"v\":1}");
  CHECK_FALSE(must(s.state_machine(v1.arn, 7)).has_value());
  CHECK_FALSE(must(s.state_machine(v1.arn + "x")).has_value());

  CHECK(must(s.delete_state_machine(v1.arn)));
  CHECK_FALSE(must(s.delete_state_machine(v1.arn)));
  CHECK_FALSE(must(s.state_machine(v1.arn)).has_value());
  CHECK(must(s.state_machine(v1.arn, 2))->definition == "{\"v\":2}");  // running executions still need it
  auto again = must(s.put_state_machine(machine("orders", "{\"v\":3}")));
  CHECK(again.version == 3);
  CHECK(must(s.state_machine(v1.arn))->version == 3);
}

TEST_CASE_TEMPLATE("Store.Contract.StateMachineListPages", F, MemoryFixture, SqliteFixture) {
  F f;
  for (const char* name : {"c", "a", "e", "b", "d"}) must(f.store->put_state_machine(machine(name)));
  must(f.store->delete_state_machine(machine("d").arn));
  auto first = must(f.store->list_state_machines(2, ""));
  REQUIRE(first.items.size() == 2);
  CHECK(first.items[0].name == "a");
  CHECK(first.items[1].name == "b");
  REQUIRE_FALSE(first.next.empty());
  auto second = must(f.store->list_state_machines(2, first.next));
  REQUIRE(second.items.size() == 2);
  CHECK(second.items[0].name == "c");
  CHECK(second.items[1].name == "e");
  CHECK(second.next.empty());
}

TEST_CASE_TEMPLATE("Store.Contract.StepsAreGuardedByTheNextEventId", F, MemoryFixture, SqliteFixture) {
  F f;
  Store& s = *f.store;
  StepCommit first = start("m", "run-1");
  CHECK(must(s.commit({first})) == std::vector<CommitOutcome>{CommitOutcome::Committed});
  // The same name again is a conflict (name idempotency is decided above the store).
  CHECK(must(s.commit({start("m", "run-1")})) == std::vector<CommitOutcome>{CommitOutcome::Conflict});

  StepCommit second = next_step(first);
  second.timers_set = {TimerRecord{first.execution.arn, 7, 9'000'000}};
  second.tasks_added = {TaskRecord{first.execution.arn, 3, "tok-3", "", "{\"input\":{}}"}};
  CHECK(must(s.commit({second})) == std::vector<CommitOutcome>{CommitOutcome::Committed});

  // A stale step (expects next event 3 again) changes nothing: no events, no timers, no row change.
  StepCommit stale = next_step(first);
  stale.execution.status = ExecutionStatus::Failed;
  stale.timers_cancelled = {7};
  CHECK(must(s.commit({stale})) == std::vector<CommitOutcome>{CommitOutcome::Conflict});
  auto row = must(s.execution(first.execution.arn));
  REQUIRE(row);
  CHECK(row->status == ExecutionStatus::Running);
  CHECK(row->next_event_id == 5);
  CHECK(row->input == "{\"n\":1}");
  CHECK(row->seed == 0xFEEDFACECAFEBEEFULL);
  CHECK(row->started_by == "parent-task-token");
  CHECK(must(s.history(first.execution.arn, 0, 0, false)).size() == 4);
  CHECK(must(s.timers()).size() == 1);

  // Unknown execution: a conflict too.
  StepCommit ghost = next_step(start("m", "ghost"));
  CHECK(must(s.commit({ghost})) == std::vector<CommitOutcome>{CommitOutcome::Conflict});
  CHECK_FALSE(must(s.execution(ghost.execution.arn)).has_value());
}

TEST_CASE_TEMPLATE("Store.Contract.TimersAndTheTaskOutbox", F, MemoryFixture, SqliteFixture) {
  F f;
  Store& s = *f.store;
  StepCommit a = start("m", "a");
  a.timers_set = {TimerRecord{a.execution.arn, 1, 300}, TimerRecord{a.execution.arn, 2, 100}};
  a.tasks_added = {TaskRecord{a.execution.arn, 5, "token-a5", "arn:aws:states:us-east-1:1:activity:x", "{}"}};
  must(s.commit({a}));
  auto timers = must(s.timers());
  REQUIRE(timers.size() == 2);
  auto task = must(s.task_by_token("token-a5"));
  REQUIRE(task);
  CHECK(task->execution_arn == a.execution.arn);
  CHECK(task->task_id == 5);
  CHECK(task->activity_arn == "arn:aws:states:us-east-1:1:activity:x");
  CHECK_FALSE(must(s.task_by_token("token-zz")).has_value());

  StepCommit b = next_step(a);
  b.timers_cancelled = {2};
  b.timers_set = {TimerRecord{a.execution.arn, 1, 400}};  // re-armed: replaces
  b.tasks_done = {5, 99};                                // 99 was never there: harmless
  must(s.commit({b}));
  timers = must(s.timers());
  REQUIRE(timers.size() == 1);
  CHECK(timers[0].timer_id == 1);
  CHECK(timers[0].due_micros == 400);
  CHECK(must(s.pending_tasks()).empty());
  CHECK_FALSE(must(s.task_by_token("token-a5")).has_value());
}

TEST_CASE_TEMPLATE("Store.Contract.TheJournalLastsWhileTheExecutionRuns", F, MemoryFixture, SqliteFixture) {
  F f;
  Store& s = *f.store;
  StepCommit a = start("m", "j");
  a.journal = {JournalRecord{1, "{\"k\":\"start\"}"}};
  must(s.commit({a}));
  StepCommit b = next_step(a);
  b.journal = {JournalRecord{2, "{\"k\":\"timer\"}"}, JournalRecord{3, "{\"k\":\"task\"}"}};
  must(s.commit({b}));
  auto journal = must(s.journal(a.execution.arn));
  REQUIRE(journal.size() == 3);
  CHECK(journal[0].step == 1);
  CHECK(journal[2].step == 3);
  CHECK(journal[2].trigger == "{\"k\":\"task\"}");
  CHECK(must(s.journal("arn:nope")).empty());

  // The step that ends the execution drops its journal: nothing will replay it again.
  StepCommit c = next_step(b);
  c.execution.status = ExecutionStatus::Succeeded;
  c.journal = {JournalRecord{4, "{}"}};
  must(s.commit({c}));
  CHECK(must(s.journal(a.execution.arn)).empty());
}

TEST_CASE_TEMPLATE("Store.Contract.GroupCommitAppliesEachStepOnItsOwn", F, MemoryFixture, SqliteFixture) {
  F f;
  Store& s = *f.store;
  StepCommit a = start("m", "a"), b = start("m", "b");
  must(s.commit({a}));
  StepCommit b_dup = start("m", "a");  // conflicts with a
  auto outcomes = must(s.commit({b, b_dup, next_step(a)}));
  CHECK(outcomes ==
        std::vector<CommitOutcome>{CommitOutcome::Committed, CommitOutcome::Conflict, CommitOutcome::Committed});
  CHECK(must(s.execution(a.execution.arn))->next_event_id == 5);
  CHECK(must(s.execution(b.execution.arn))->next_event_id == 3);
}

TEST_CASE_TEMPLATE("Store.Contract.HistoryPagesBothWays", F, MemoryFixture, SqliteFixture) {
  F f;
  Store& s = *f.store;
  StepCommit step = start("m", "h");
  must(s.commit({step}));
  for (int i = 0; i < 4; ++i) {
    step = next_step(step);
    must(s.commit({step}));
  }
  const auto& arn = step.execution.arn;
  auto all = must(s.history(arn, 0, 0, false));
  REQUIRE(all.size() == 10);
  for (std::size_t i = 0; i < all.size(); ++i) CHECK(all[i].id == static_cast<std::int64_t>(i + 1));
  CHECK(all[0].type == "ExecutionStarted");
  CHECK(all[3].details == "{\"name\":\"S\"}");
  auto page = must(s.history(arn, 4, 3, false));
  REQUIRE(page.size() == 3);
  CHECK(page[0].id == 5);
  CHECK(page[2].id == 7);
  auto back = must(s.history(arn, 0, 3, true));
  REQUIRE(back.size() == 3);
  CHECK(back[0].id == 10);
  CHECK(back[2].id == 8);
  auto more = must(s.history(arn, 8, 100, true));
  REQUIRE(more.size() == 7);
  CHECK(more.front().id == 7);
  CHECK(more.back().id == 1);
  CHECK(must(s.history("arn:unknown", 0, 0, false)).empty());
}

TEST_CASE_TEMPLATE("Store.Contract.ExecutionsListNewestFirst", F, MemoryFixture, SqliteFixture) {
  F f;
  Store& s = *f.store;
  for (int i = 0; i < 5; ++i) must(s.commit({start(i % 2 ? "odd" : "even", "e" + std::to_string(i))}));
  StepCommit done = next_step(start("even", "e2"));
  done.execution.status = ExecutionStatus::Succeeded;
  done.execution.output = "{\"ok\":true}";
  done.execution.stop_micros = 9000;
  must(s.commit({done}));

  auto page = must(s.list_executions({}, 2, ""));
  REQUIRE(page.items.size() == 2);
  CHECK(page.items[0].name == "e4");
  CHECK(page.items[1].name == "e3");
  auto rest = must(s.list_executions({}, 10, page.next));
  REQUIRE(rest.items.size() == 3);
  CHECK(rest.items[0].name == "e2");
  CHECK(rest.next.empty());

  ExecutionFilter evens{"arn:aws:states:us-east-1:123456789012:stateMachine:even", std::nullopt};
  CHECK(must(s.list_executions(evens, 0, "")).items.size() == 3);
  ExecutionFilter succeeded{"", ExecutionStatus::Succeeded};
  auto ok = must(s.list_executions(succeeded, 0, ""));
  REQUIRE(ok.items.size() == 1);
  CHECK(ok.items[0].output == std::optional<std::string>("{\"ok\":true}"));
  CHECK(ok.items[0].stop_micros == std::optional<std::int64_t>(9000));
  CHECK_FALSE(ok.items[0].error.has_value());

  auto running = must(s.running_executions());
  CHECK(running.size() == 4);
  auto bad = s.list_executions({}, 2, "not-a-token");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == "InvalidToken");
}

TEST_CASE_TEMPLATE("Store.Contract.ActivitiesAndTags", F, MemoryFixture, SqliteFixture) {
  F f;
  Store& s = *f.store;
  ActivityRecord a{"arn:aws:states:us-east-1:123456789012:activity:approve", "approve", 10};
  CHECK(must(s.put_activity(a)).created_micros == 10);
  a.created_micros = 20;
  CHECK(must(s.put_activity(a)).created_micros == 10);  // creating an existing activity returns it
  CHECK(must(s.activity(a.arn))->name == "approve");
  must(s.put_activity(ActivityRecord{"arn:aws:states:us-east-1:123456789012:activity:bill", "bill", 11}));
  auto page = must(s.list_activities(1, ""));
  REQUIRE(page.items.size() == 1);
  CHECK(page.items[0].name == "approve");
  CHECK(must(s.list_activities(1, page.next)).items.at(0).name == "bill");
  CHECK(must(s.delete_activity(a.arn)));
  CHECK_FALSE(must(s.delete_activity(a.arn)));
  CHECK_FALSE(must(s.activity(a.arn)).has_value());

  must(s.set_tags("arn:x", {{"team", "core"}, {"env", "dev"}}));
  must(s.set_tags("arn:x", {{"env", "prod"}}));
  auto tags = must(s.tags("arn:x"));
  REQUIRE(tags.size() == 2);
  CHECK(tags[0].key == "env");
  CHECK(tags[0].value == "prod");
  must(s.remove_tags("arn:x", {"team", "absent"}));
  CHECK(must(s.tags("arn:x")).size() == 1);
  CHECK(must(s.tags("arn:none")).empty());
}

TEST_CASE("Store.Sqlite.EverythingSurvivesReopening") {
  TempDb db;
  StepCommit step = start("m", "durable");
  step.timers_set = {TimerRecord{step.execution.arn, 4, 86'400'000'000}};
  step.tasks_added = {TaskRecord{step.execution.arn, 2, "tok", "", "{\"r\":1}"}};
  {
    auto s = must(SqliteStore::open(db.path.string(), SyncMode::Normal));
    must(s->put_state_machine(machine("m")));
    must(s->commit({step}));
  }
  std::unique_ptr<Store> s = must(SqliteStore::open(db.path.string()));
  CHECK(must(s->state_machine(machine("m").arn))->version == 1);
  CHECK(must(s->running_executions()).size() == 1);
  CHECK(must(s->history(step.execution.arn, 0, 0, false)).size() == 2);
  CHECK(must(s->timers()).at(0).due_micros == 86'400'000'000);
  CHECK(must(s->pending_tasks()).at(0).request == "{\"r\":1}");
  CHECK(must(s->commit({next_step(step)})).at(0) == CommitOutcome::Committed);
}

TEST_CASE("Store.Sqlite.ClearErrors") {
  SUBCASE("a path that cannot be opened") {
    auto s = SqliteStore::open("/nonexistent-dir/sub/stepwise.db");
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == "Storage");
    CHECK(s.error().message.find("/nonexistent-dir/sub/stepwise.db") != std::string::npos);
  }
  SUBCASE("a schema newer than this program") {
    TempDb db;
    must(SqliteStore::open(db.path.string()));
    // Raise user_version behind the store's back, as a newer Stepwise would have.
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.path.string().c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, "PRAGMA user_version = 99", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
    auto s = SqliteStore::open(db.path.string());
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().message.find("newer") != std::string::npos);
  }
}

TEST_CASE("Store.Sqlite.TheWalIsCheckpointedWhileCommitsGoOn") {
  // Checkpoints run on a thread of their own: while the store is open and written to, what the
  // WAL holds reaches the database file, and the WAL starts over instead of growing for ever.
  TempDb db;
  auto s = must(SqliteStore::open(db.path.string(), SyncMode::Normal));
  must(s->put_state_machine(machine("m")));
  const auto initial = std::filesystem::file_size(db.path);
  const std::string payload(2000, 'x');
  auto grown = [&] { return std::filesystem::file_size(db.path) > initial + 1'000'000; };
  for (int i = 0; i < 20000 && !grown(); ++i) {
    StepCommit step = start("m", "wal-" + std::to_string(i));
    step.execution.input = payload;
    must(s->commit({step}));
    if (i % 500 == 499) std::this_thread::sleep_for(std::chrono::milliseconds(20));  // let it catch up
  }
  CHECK(grown());
  CHECK(std::filesystem::file_size(db.path.string() + "-wal") < 200'000'000);
}

TEST_CASE("Store.Sqlite.AVersion3DatabaseMigrates") {
  // A database written by a build with schema version 3 (events clustered by execution): the
  // current build migrates it on open, reads every history back in order and goes on writing.
  TempDb db;
  const std::string a = "arn:aws:states:us-east-1:123456789012:execution:m:a";
  const std::string b = "arn:aws:states:us-east-1:123456789012:execution:m:b";
  {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.path.string().c_str(), &raw) == SQLITE_OK);
    must(migrate(raw, 3));
    const std::string rows =
        "INSERT INTO executions (arn, name, state_machine_arn, state_machine_version, status, input, start_micros, "
        "next_event_id, snapshot, seed, started_by) VALUES "
        "('" + a + "', 'a', 'arn:aws:states:us-east-1:123456789012:stateMachine:m', 1, 'RUNNING', '{}', 5000, 4, '', 7, ''),"
        "('" + b + "', 'b', 'arn:aws:states:us-east-1:123456789012:stateMachine:m', 1, 'RUNNING', '{}', 5000, 3, '', 8, '');"
        "INSERT INTO events VALUES (2, 2, 1, 5002, 'PassStateEntered', '{\"name\":\"B\"}'),"
        "(1, 3, 2, 5003, 'PassStateExited', '{\"name\":\"A\"}'), (1, 1, 0, 5001, 'ExecutionStarted', '{}'),"
        "(2, 1, 0, 5001, 'ExecutionStarted', '{}'), (1, 2, 1, 5002, 'PassStateEntered', '{\"name\":\"A\"}');";
    REQUIRE(sqlite3_exec(raw, rows.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
  }
  std::unique_ptr<Store> s = must(SqliteStore::open(db.path.string()));
  auto history_a = must(s->history(a, 0, 0, false));
  REQUIRE(history_a.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) CHECK(history_a[i].id == static_cast<std::int64_t>(i + 1));
  CHECK(history_a[2].type == "PassStateExited");
  CHECK(history_a[1].details == "{\"name\":\"A\"}");
  CHECK(must(s->history(b, 0, 0, true)).front().type == "PassStateEntered");
  // The next step of a commits against the migrated rows.
  StepCommit step;
  step.execution = *must(s->execution(a));
  step.expected_next_event_id = 4;
  step.events = {event(4), event(5)};
  step.execution.next_event_id = 6;
  CHECK(must(s->commit({step})).at(0) == CommitOutcome::Committed);
  CHECK(must(s->history(a, 0, 0, false)).size() == 5);
  CHECK(must(s->history(b, 0, 0, false)).size() == 2);
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(db.path.string().c_str(), &raw) == SQLITE_OK);
  sqlite3_stmt* version = nullptr;
  sqlite3_prepare_v2(raw, "PRAGMA user_version", -1, &version, nullptr);
  REQUIRE(sqlite3_step(version) == SQLITE_ROW);
  CHECK(sqlite3_column_int(version, 0) == newest_schema_version());
  sqlite3_finalize(version);
  sqlite3_close(raw);
}
