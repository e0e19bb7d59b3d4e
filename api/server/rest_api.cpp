#include "api/server/rest_api.h"

#include <algorithm>
#include <chrono>
#include <vector>

#include "api/server/api_error.h"
#include "api/server/task_reports.h"
#include "engine/history_event.h"

namespace stepwise::api {

namespace {

using engine::format_iso_time;
using engine::store::ExecutionRecord;
using engine::store::StateMachineRecord;

RestReply error_reply(const Error& e) {
  return RestReply{http_status_for(e.code, false), Json{{"error", {{"code", e.code}, {"message", e.message}}}}};
}

RestReply not_found(const std::string& method, const std::string& path) {
  return RestReply{404, Json{{"error", {{"code", "NotFound"}, {"message", "No route for " + method + " " + path}}}}};
}

// JSON text stored by the service, shown as a value (kept as text if it is not JSON).
Json as_value(const std::string& text) {
  Json v = Json::parse(text, nullptr, false);
  return v.is_discarded() ? Json(text) : v;
}

Json machine_json(const StateMachineRecord& r) {
  return Json{{"stateMachineArn", r.arn},       {"name", r.name},
              {"version", r.version},           {"type", r.type},
              {"roleArn", r.role_arn},          {"definition", as_value(r.definition)},
              {"creationDate", format_iso_time(r.created_micros)},
              {"updateDate", format_iso_time(r.updated_micros)}};
}

Json execution_json(const ExecutionRecord& r) {
  Json out = Json{{"executionArn", r.arn},
                  {"stateMachineArn", r.state_machine_arn},
                  {"stateMachineVersion", r.state_machine_version},
                  {"name", r.name},
                  {"status", engine::to_string(r.status)},
                  {"startDate", format_iso_time(r.start_micros)},
                  {"input", as_value(r.input)}};
  if (r.stop_micros) out["stopDate"] = format_iso_time(*r.stop_micros);
  if (r.output) out["output"] = as_value(*r.output);
  if (r.error) out["error"] = *r.error;
  if (r.cause) out["cause"] = *r.cause;
  return out;
}

Json event_json(const engine::store::EventRecord& e) {
  Json out = Json{{"id", e.id}, {"previousEventId", e.previous_event_id},
                  {"timestamp", format_iso_time(e.timestamp_micros)}, {"type", e.type}};
  if (!e.details.empty()) out[engine::details_key(e.type)] = as_value(e.details);
  return out;
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::string current;
  for (char c : path) {
    if (c == '/') {
      if (!current.empty()) parts.push_back(std::move(current));
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  if (!current.empty()) parts.push_back(std::move(current));
  return parts;
}

std::size_t query_count(const std::map<std::string, std::string>& q, const char* key) {
  auto it = q.find(key);
  if (it == q.end()) return 0;
  try {
    return static_cast<std::size_t>(std::stoul(it->second));
  } catch (...) {
    return 0;
  }
}

std::string query_text(const std::map<std::string, std::string>& q, const char* key) {
  auto it = q.find(key);
  return it == q.end() ? std::string() : it->second;
}

// A definition member given as a JSON object (or as its text).
Result<std::string> definition_text(const Json& body) {
  auto it = body.find("definition");
  if (it == body.end() || it->is_null()) return make_error("ValidationException", "'definition' is required");
  return it->is_string() ? it->get<std::string>() : it->dump();
}

struct Router {
  ApiContext& c;
  const std::map<std::string, std::string>& query;
  Json body;

  std::string execution_arn(const std::string& id) {
    if (id.rfind("arn:", 0) == 0) return id;
    // MACHINE:NAME
    const auto colon = id.find(':');
    if (colon == std::string::npos) return id;
    return engine::service::execution_arn_of(c.service.state_machine_arn(id.substr(0, colon)), id.substr(colon + 1));
  }

  RestReply list_machines() {
    auto page = c.service.list_state_machines(query_count(query, "limit"), query_text(query, "next"));
    if (!page) return error_reply(page.error());
    Json items = Json::array();
    for (const auto& r : page->items) items.push_back(machine_json(r));
    return RestReply{200, Json{{"stateMachines", std::move(items)}, {"next", page->next}}};
  }

  RestReply create_machine() {
    RequestReader r(body);
    const auto name = r.required("name");
    const auto role = r.optional("roleArn").value_or("");
    const auto type = r.optional("type").value_or("STANDARD");
    if (r.error()) return error_reply(*r.error());
    auto definition = definition_text(body);
    if (!definition) return error_reply(definition.error());
    auto record = c.service.create_state_machine(name, *definition, role, type);
    if (!record) return error_reply(record.error());
    return RestReply{201, machine_json(*record)};
  }

  RestReply put_machine(const std::string& name) {
    RequestReader r(body);
    const auto role = r.optional("roleArn").value_or("");
    if (r.error()) return error_reply(*r.error());
    auto definition = definition_text(body);
    if (!definition) return error_reply(definition.error());
    auto record = c.service.put_state_machine(name, *definition, role);
    if (!record) return error_reply(record.error());
    return RestReply{200, machine_json(*record)};
  }

  // One machine's executions, or every machine's when machine is empty.
  RestReply list_executions(const std::string& machine) {
    engine::store::ExecutionFilter filter{machine.empty() ? "" : c.service.state_machine_arn(machine), std::nullopt};
    if (auto s = query_text(query, "status"); !s.empty()) {
      filter.status = engine::parse_execution_status(s);
      if (!filter.status)
        return error_reply(make_error("ValidationException", "status must be one of RUNNING, SUCCEEDED, FAILED, "
                                                             "TIMED_OUT, ABORTED; got '" + s + "'"));
    }
    auto page = c.service.list_executions(filter, query_count(query, "limit"), query_text(query, "next"));
    if (!page) return error_reply(page.error());
    Json items = Json::array();
    for (const auto& r : page->items) items.push_back(execution_json(r));
    return RestReply{200, Json{{"executions", std::move(items)}, {"next", page->next}}};
  }

  RestReply start_execution(const std::string& machine) {
    RequestReader r(body);
    const auto name = r.optional("name");
    if (r.error()) return error_reply(*r.error());
    const Json input = body.contains("input") ? body["input"] : Json::object();
    auto started = c.service.start_execution(c.service.state_machine_arn(machine), name.value_or(""),
                                             input.is_string() ? input.get<std::string>() : input.dump());
    if (!started) return error_reply(started.error());
    auto row = c.service.describe_execution(started->arn);
    return RestReply{201, execution_json(row ? *row : *started)};
  }

  RestReply history(const std::string& arn) {
    const bool reverse = query_text(query, "reverse") == "true";
    std::int64_t from = 0;
    if (auto next = query_text(query, "next"); !next.empty()) from = std::atoll(next.c_str());
    const std::size_t limit = query_count(query, "limit") ? query_count(query, "limit") : 100;
    auto events = c.service.history(arn, from, limit, reverse);
    if (!events) return error_reply(events.error());
    Json items = Json::array();
    for (const auto& e : *events) items.push_back(event_json(e));
    const std::string next = events->size() == limit ? std::to_string(events->back().id) : "";
    return RestReply{200, Json{{"events", std::move(items)}, {"next", next}}};
  }

  // A remote worker's long poll over the queues of the functions it serves.
  RestReply poll_task() {
    auto functions = body.find("functions");
    if (functions == body.end() || !functions->is_array() || functions->empty() || functions->size() > 100)
      return error_reply(make_error("ValidationException", "'functions' must list 1 to 100 function names"));
    std::vector<std::string> names;
    for (const auto& f : *functions) {
      if (!f.is_string() || f.get<std::string>().empty())
        return error_reply(make_error("ValidationException", "every entry of 'functions' must be a function name"));
      names.push_back(f.get<std::string>());
    }
    RequestReader r(body);
    const auto worker = r.optional("worker").value_or("");
    const bool given = body.contains("waitSeconds");
    const auto seconds = r.count("waitSeconds", 60);
    if (r.error()) return error_reply(*r.error());
    const auto timeout =
        std::min<std::chrono::milliseconds>(std::chrono::seconds(given ? seconds : 20), c.max_poll);
    auto task = c.queues.poll(names, timeout, [&](const workers::QueuedTask& t) {
      return c.service.task_picked_up(t.token, worker);
    });
    if (!task) return RestReply{204, Json()};
    return RestReply{200, Json{{"taskToken", task->token}, {"function", task->function}, {"input", as_value(task->input)}}};
  }

  RestReply task(const std::string& token, const std::string& verb) {
    Result<bool> done = false;
    if (verb == "success") {
      const Json output = body.contains("output") ? body["output"] : Json::object();
      done = report_task_success(c, token, output.dump());
    } else if (verb == "failure") {
      RequestReader r(body);
      const auto error = r.optional("error").value_or("");
      const auto cause = r.optional("cause").value_or("");
      if (r.error()) return error_reply(*r.error());
      done = report_task_failure(c, token, error, cause);
    } else if (verb == "heartbeat") {
      done = c.service.send_task_heartbeat(token);
    } else {
      return not_found("POST", "/v1/tasks/TOKEN/" + verb);
    }
    if (!done) return error_reply(done.error());
    return RestReply{200, Json::object()};
  }
};

RestReply machine_reply(const Result<StateMachineRecord>& r) {
  if (!r) return error_reply(r.error());
  return RestReply{200, machine_json(*r)};
}

RestReply execution_reply(const Result<ExecutionRecord>& r) {
  if (!r) return error_reply(r.error());
  return RestReply{200, execution_json(*r)};
}

}  // namespace

RestReply rest_call(ApiContext& c, const std::string& method, const std::string& path,
                    const std::map<std::string, std::string>& query, const std::string& body_text) {
  Router r{c, query, Json::object()};
  if (!body_text.empty()) {
    r.body = Json::parse(body_text, nullptr, false);
    if (!r.body.is_object())
      return error_reply(make_error("SerializationException", "The request body must be a JSON object"));
  }
  const auto p = split_path(path);
  if (p.empty() || p[0] != "v1") return not_found(method, path);
  const std::size_t n = p.size();
  if (n == 2 && p[1] == "health" && method == "GET")
    return RestReply{200, Json{{"status", "ok"}, {"region", c.service.options().region}}};
  if (n >= 2 && p[1] == "state-machines") {
    if (n == 2 && method == "GET") return r.list_machines();
    if (n == 2 && method == "POST") return r.create_machine();
    const std::string arn = n >= 3 ? c.service.state_machine_arn(p[2]) : "";
    if (n == 3 && method == "GET") return machine_reply(c.service.describe_state_machine(arn));
    if (n == 3 && method == "PUT") return r.put_machine(p[2]);
    if (n == 3 && method == "DELETE") {
      auto existing = c.service.describe_state_machine(arn);
      if (!existing) return error_reply(existing.error());
      auto deleted = c.service.delete_state_machine(arn);
      if (!deleted) return error_reply(deleted.error());
      return RestReply{200, Json{{"deleted", arn}}};
    }
    if (n == 4 && p[3] == "executions" && method == "GET") return r.list_executions(p[2]);
    if (n == 4 && p[3] == "executions" && method == "POST") return r.start_execution(p[2]);
  }
  if (n == 2 && p[1] == "executions" && method == "GET") return r.list_executions("");
  if (n >= 3 && p[1] == "executions") {
    const std::string arn = r.execution_arn(p[2]);
    if (n == 3 && method == "GET") return execution_reply(c.service.describe_execution(arn));
    if (n == 4 && p[3] == "stop" && method == "POST") {
      RequestReader reader(r.body);
      const auto error = reader.optional("error");
      const auto cause = reader.optional("cause");
      if (reader.error()) return error_reply(*reader.error());
      return execution_reply(c.service.stop_execution(arn, error, cause));
    }
    if (n == 4 && p[3] == "history" && method == "GET") return r.history(arn);
  }
  if (n == 4 && p[1] == "tasks" && method == "POST") return r.task(p[2], p[3]);
  if (n == 3 && p[1] == "workers" && p[2] == "poll" && method == "POST") return r.poll_task();
  return not_found(method, path);
}

}  // namespace stepwise::api
