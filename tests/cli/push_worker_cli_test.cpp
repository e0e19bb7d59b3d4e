// `stepwise run` with a function bound to an HTTP endpoint (--worker 'NAME=http://...'): the
// engine POSTs the input as Lambda is invoked, wraps lambda:invoke results in Lambda's envelope,
// and a {"errorType","errorMessage"} answer is an error that Retry and Catch match.
#include <doctest/doctest.h>
#include <httplib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "definitions/json.h"
#include "tests/cli/process.h"
#include "tests/support/self_signed_certificate.h"

using stepwise::Json;

TEST_CASE("Cli.Run.PushWorkersAreCalledOverHttp") {
  httplib::Server server;
  std::atomic<int> charges{0};
  server.Post("/charge", [&](const httplib::Request& req, httplib::Response& res) {
    Json in = Json::parse(req.body);
    if (++charges == 1) {  // the first attempt fails as a Lambda function would
      res.status = 500;
      res.set_content(R"({"errorType":"Payment.Unavailable","errorMessage":"try again"})", "application/json");
      return;
    }
    if (in["amount"].get<int>() > 100) {
      res.status = 400;
      res.set_content(R"({"errorType":"Payment.Declined","errorMessage":"over the limit"})", "application/json");
      return;
    }
    res.set_content(Json{{"charged", in["amount"]}}.dump(), "application/json");
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  std::thread thread([&] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));

  const auto file = (std::filesystem::temp_directory_path() / "stepwise-push-worker.json").string();
  std::ofstream(file) << R"J({"StartAt":"Charge","States":{
    "Charge":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
      "Parameters":{"FunctionName":"charge","Payload.$":"$"},
      "Retry":[{"ErrorEquals":["Payment.Unavailable"],"IntervalSeconds":1,"MaxAttempts":2}],
      "Catch":[{"ErrorEquals":["Payment.Declined"],"ResultPath":"$.error","Next":"Declined"}],
      "ResultSelector":{"result.$":"$.Payload","status.$":"$.StatusCode"},"End":true},
    "Declined":{"Type":"Pass","End":true}}})J";
  const std::string worker = "charge=http://127.0.0.1:" + std::to_string(port) + "/charge --timeout 5";

  auto ok = run_stepwise({"run", file, "--virtual-time", "--input", R"({"amount":25})", "--worker", worker});
  CHECK(ok.exit_code == 0);
  CHECK(Json::parse(ok.out) == Json::parse(R"({"result":{"charged":25},"status":200})"));
  CHECK(charges == 2);

  auto declined = run_stepwise({"run", file, "--virtual-time", "--input", R"({"amount":500})", "--worker", worker});
  CHECK(declined.exit_code == 0);
  auto out = Json::parse(declined.out);
  CHECK(out["error"]["Error"] == "Payment.Declined");
  CHECK(Json::parse(out["error"]["Cause"].get<std::string>())["errorMessage"] == "over the limit");

  server.stop();
  thread.join();
  auto unreachable = run_stepwise({"run", file, "--input", R"({"amount":1})", "--worker", worker});
  CHECK(unreachable.exit_code == 1);
  CHECK(unreachable.err.find("Could not call the endpoint http://127.0.0.1:") != std::string::npos);
  auto bad = run_stepwise({"run", file, "--worker", "charge=http://127.0.0.1:1/x --timeout never"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("only --timeout SECONDS") != std::string::npos);
}

TEST_CASE("Cli.Run.PushWorkersOverHttps") {
  // The binary loads libssl only for an https call; the server's certificate is checked against
  // the trust store ($SSL_CERT_FILE here, a throw-away authority for localhost).
  const auto certificate = stepwise::testing::make_self_signed_certificate("cli");
  REQUIRE(certificate.made);
  httplib::SSLServer server(certificate.certificate.c_str(), certificate.key.c_str());
  server.Post("/double", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content(Json{{"doubled", Json::parse(req.body)["n"].get<int>() * 2}}.dump(), "application/json");
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  std::thread thread([&] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const auto file = (std::filesystem::temp_directory_path() / "stepwise-push-worker-tls.json").string();
  std::ofstream(file) << R"J({"StartAt":"Double","States":{
    "Double":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:double","End":true}}})J";

  ::setenv("SSL_CERT_FILE", certificate.certificate.c_str(), 1);
  const std::string worker = "double=https://localhost:" + std::to_string(port) + "/double";
  auto ok = run_stepwise({"run", file, "--input", R"({"n":21})", "--worker", worker});
  CHECK(ok.exit_code == 0);
  CHECK(ok.err == "");
  CHECK(Json::parse(ok.out) == Json{{"doubled", 42}});

  ::unsetenv("SSL_CERT_FILE");  // the system's trust store does not know this authority
  auto untrusted = run_stepwise({"run", file, "--input", R"({"n":21})", "--worker", worker});
  CHECK(untrusted.exit_code == 1);
  CHECK(untrusted.err.find("certificate verification") != std::string::npos);
  server.stop();
  thread.join();
}
