#pragma once
// The engine tests' service: an ExecutionService over a real SQLite file with its own workers
// and task queues; destroying it is like stopping the server.
#include <doctest/doctest.h>

#include <filesystem>
#include <functional>
#include <memory>

#include "engine/service/execution_service.h"
#include "engine/store/sqlite_store.h"
#include "workers/function_dispatcher.h"

namespace stepwise::test {

template <class T>
T must(Result<T> r) {
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().code + ": " + r.error().message));
  return std::move(r.value());
}

// A service over a SQLite file with its own workers; closing it is like stopping the server.
struct Server {
  workers::FunctionRegistry registry;
  workers::TaskQueues queues;
  std::unique_ptr<workers::FunctionDispatcher> dispatcher;
  std::unique_ptr<engine::service::ExecutionService> service;

  explicit Server(const std::filesystem::path& db, std::function<void(workers::FunctionRegistry&)> setup = {},
                  engine::service::ServiceOptions options = {}) {
    if (setup) setup(registry);
    dispatcher = std::make_unique<workers::FunctionDispatcher>(registry, &queues);
    auto store = engine::store::SqliteStore::open(db.string(), engine::store::SyncMode::Normal);
    REQUIRE(store.ok());
    service = must(engine::service::ExecutionService::open(std::move(store.value()), *dispatcher, options));
  }
  ~Server() {
    queues.shutdown();
    service.reset();
  }
};


}  // namespace stepwise::test
