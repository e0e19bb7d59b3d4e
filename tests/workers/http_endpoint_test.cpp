// Push workers against a real HTTP server on 127.0.0.1: results, Lambda-shaped errors, other
// failures, timeouts, and the --worker syntax that binds a function to an endpoint.
#include <doctest/doctest.h>
#include <httplib.h>

#include <thread>

#include "workers/http_endpoint.h"

using namespace stepwise;
using namespace stepwise::workers;

namespace {

// A loopback server with a handler per path, on a port of its own.
struct Endpoints {
  httplib::Server server;
  int port = 0;
  std::thread thread;
  Endpoints() {
    server.Post("/double", [](const httplib::Request& req, httplib::Response& res) {
      Json in = Json::parse(req.body);
      Json out{{"doubled", in["n"].get<int>() * 2},
               {"function", req.get_header_value("X-Stepwise-Function")},
               {"token", req.get_header_value("X-Stepwise-Task-Token")}};
      res.set_content(out.dump(), "application/json");
    });
    server.Post("/nothing", [](const httplib::Request&, httplib::Response& res) { res.status = 200; });
    server.Post("/declined", [](const httplib::Request&, httplib::Response& res) {
      res.status = 400;
      res.set_content(R"({"errorType":"Payment.Declined","errorMessage":"over the limit"})", "application/json");
    });
    server.Post("/rie-error", [](const httplib::Request&, httplib::Response& res) {  // the Lambda RIE's way
      res.set_content(R"({"errorMessage":"boom","errorType":"ValueError","stackTrace":["x.py:1"]})", "application/json");
    });
    server.Post("/header-error", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("X-Amz-Function-Error", "Unhandled");
      res.set_content(R"("just text")", "application/json");
    });
    server.Post("/down", [](const httplib::Request&, httplib::Response& res) {
      res.status = 503;
      res.set_content("maintenance", "text/plain");
    });
    server.Post("/html", [](const httplib::Request&, httplib::Response& res) { res.set_content("<html>", "text/html"); });
    server.Post("/slow", [](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      res.set_content("{}", "application/json");
    });
    port = server.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { server.listen_after_bind(); });
    while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Endpoints() {
    server.stop();
    thread.join();
  }
  EndpointSpec at(const std::string& path, int timeout_ms = 5000) const {
    return EndpointSpec{"http://127.0.0.1:" + std::to_string(port) + path, std::chrono::milliseconds(timeout_ms)};
  }
};

}  // namespace

TEST_CASE("Workers.HttpEndpoint.ResultsAndErrorsAsLambdaReportsThem") {
  Endpoints e;
  auto ok = call_endpoint("double", e.at("/double"), Json{{"n", 21}}, "tok-1");
  REQUIRE(ok.succeeded);
  CHECK(ok.output == Json{{"doubled", 42}, {"function", "double"}, {"token", "tok-1"}});
  auto empty = call_endpoint("f", e.at("/nothing"), Json::object(), "t");
  REQUIRE(empty.succeeded);
  CHECK(empty.output.is_null());

  auto declined = call_endpoint("charge", e.at("/declined"), Json::object(), "t");
  CHECK_FALSE(declined.succeeded);
  CHECK(declined.error == "Payment.Declined");
  CHECK(Json::parse(*declined.cause) == Json{{"errorType", "Payment.Declined"}, {"errorMessage", "over the limit"}});
  auto rie = call_endpoint("f", e.at("/rie-error"), Json::object(), "t");
  CHECK_FALSE(rie.succeeded);
  CHECK(rie.error == "ValueError");
  auto header = call_endpoint("f", e.at("/header-error"), Json::object(), "t");
  CHECK_FALSE(header.succeeded);
  CHECK(header.error == "States.TaskFailed");
  CHECK(header.cause->find("answered HTTP 200") != std::string::npos);

  auto down = call_endpoint("f", e.at("/down"), Json::object(), "t");
  CHECK(down.error == "States.TaskFailed");
  CHECK(*down.cause == "the endpoint " + e.at("/down").url + " of function 'f' answered HTTP 503: maintenance");
  auto html = call_endpoint("f", e.at("/html"), Json::object(), "t");
  CHECK(html.error == "States.TaskFailed");
  CHECK(html.cause->find("a body that is not JSON: <html>") != std::string::npos);
  auto slow = call_endpoint("f", e.at("/slow", 300), Json::object(), "t");
  CHECK(slow.error == "Sandbox.Timedout");
  CHECK(Json::parse(*slow.cause)["errorMessage"].get<std::string>().rfind("Task timed out after 0.30 seconds", 0) == 0);
  auto refused = call_endpoint("f", EndpointSpec{"http://127.0.0.1:1/x", std::chrono::seconds(2)}, Json::object(), "t");
  CHECK(refused.error == "States.TaskFailed");
  CHECK(refused.cause->rfind("Could not call the endpoint http://127.0.0.1:1/x of function 'f': ", 0) == 0);
}

TEST_CASE("Workers.HttpEndpoint.AStoppedCallEndsAtOnce") {
  // The engine let go of the task, or the server stops: a slow endpoint is not waited for.
  Endpoints e;
  EndpointCall call("f", e.at("/slow", 5000), "t");
  const auto start = std::chrono::steady_clock::now();
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    call.stop();
  });
  auto result = call.run(Json::object());
  stopper.join();
  CHECK_FALSE(result.succeeded);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(1200));
  EndpointCall stopped_first("f", e.at("/double"), "t");
  stopped_first.stop();
  CHECK(stopped_first.run(Json{{"n", 1}}).cause->find("was stopped") != std::string::npos);
}

TEST_CASE("Workers.HttpEndpoint.WorkerOptionBindsAFunctionToAnEndpoint") {
  auto endpoint = parse_worker_option("charge=http://127.0.0.1:9000/charge --timeout 30");
  REQUIRE(endpoint);
  CHECK(endpoint->name == "charge");
  REQUIRE(endpoint->endpoint);
  CHECK_FALSE(endpoint->command);
  CHECK(endpoint->endpoint->url == "http://127.0.0.1:9000/charge");
  CHECK(endpoint->endpoint->timeout == std::chrono::seconds(30));
  CHECK(parse_worker_option("f=https://example.test")->endpoint->timeout == std::chrono::seconds(60));
  auto command = parse_worker_option("f=python3 worker.py  f");
  REQUIRE(command);
  CHECK(command->command->argv == std::vector<std::string>{"python3", "worker.py", "f"});
  CHECK_FALSE(parse_worker_option("f=http://h/x --timeout soon").ok());
  CHECK_FALSE(parse_worker_option("f=http://h/x extra").ok());
  CHECK_FALSE(parse_worker_option("f=http:///path").ok());
  CHECK_FALSE(parse_worker_option("=http://h").ok());
}
