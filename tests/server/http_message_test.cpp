// The server's HTTP/1.1 request parser and response writer.
#include <doctest/doctest.h>

#include <string>

#include "api/server/http_message.h"

using stepwise::api::HttpResponse;
using stepwise::api::RequestParser;
using stepwise::api::serialize_response;
using Status = RequestParser::Status;

TEST_CASE("Server.HttpMessage.ContentLengthBodyArrivingInPieces") {
  RequestParser p(1024);
  const std::string full =
      "POST /v1/executions?max=5&status=RUNNING HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 7\r\n\r\n{\"a\":1}GET / HTTP/1.1\r\n\r\n";
  const std::size_t first_end = full.find("GET");
  for (std::size_t cut = 0; cut < first_end; ++cut) CHECK(p.parse(full.substr(0, cut)) == Status::NeedMore);
  REQUIRE(p.parse(full) == Status::Complete);
  CHECK(p.consumed() == first_end);
  CHECK(p.request().method == "POST");
  CHECK(p.request().path == "/v1/executions");
  CHECK(p.request().query.at("max") == "5");
  CHECK(p.request().query.at("status") == "RUNNING");
  CHECK(p.request().header("content-type") == "application/json");
  CHECK(p.request().body == "{\"a\":1}");
  CHECK(p.request().keep_alive);
  // The next request on the same connection (pipelined).
  p.reset();
  REQUIRE(p.parse(std::string_view(full).substr(first_end)) == Status::Complete);
  CHECK(p.request().method == "GET");
  CHECK(p.request().body.empty());
}

TEST_CASE("Server.HttpMessage.ChunkedBody") {
  RequestParser p(1024);
  const std::string text =
      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3;ext=1\r\n:1}\r\n0\r\nTrailer: x\r\n\r\n";
  CHECK(p.parse(text.substr(0, text.size() - 3)) == Status::NeedMore);
  REQUIRE(p.parse(text) == Status::Complete);
  CHECK(p.request().body == "{\"a\":1}");
  CHECK(p.consumed() == text.size());
}

TEST_CASE("Server.HttpMessage.KeepAliveRulesOf10And11") {
  SUBCASE("1.1 closes only when asked") {
    RequestParser p(1024);
    REQUIRE(p.parse("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n") == Status::Complete);
    CHECK_FALSE(p.request().keep_alive);
  }
  SUBCASE("1.0 keeps alive only when asked") {
    RequestParser p(1024);
    REQUIRE(p.parse("GET / HTTP/1.0\r\n\r\n") == Status::Complete);
    CHECK_FALSE(p.request().keep_alive);
    RequestParser q(1024);
    REQUIRE(q.parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") == Status::Complete);
    CHECK(q.request().keep_alive);
  }
}

TEST_CASE("Server.HttpMessage.ExpectContinueIsOfferedOnceBeforeTheBody") {
  RequestParser p(1024);
  const std::string head = "POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n";
  CHECK(p.parse(head) == Status::NeedMore);
  CHECK(p.take_continue());
  CHECK_FALSE(p.take_continue());
  REQUIRE(p.parse(head + "{}") == Status::Complete);
  CHECK(p.request().body == "{}");
}

TEST_CASE("Server.HttpMessage.PathsAndQueriesAreDecoded") {
  RequestParser p(1024);
  REQUIRE(p.parse("GET /v1/executions/arn%3Aaws%3Astates%3Ax HTTP/1.1\r\n\r\n") == Status::Complete);
  CHECK(p.request().path == "/v1/executions/arn:aws:states:x");
  RequestParser q(1024);
  REQUIRE(q.parse("GET /v1/x?name=a+b%2Bc&flag HTTP/1.1\r\n\r\n") == Status::Complete);
  CHECK(q.request().query.at("name") == "a b+c");
  CHECK(q.request().query.at("flag").empty());
}

TEST_CASE("Server.HttpMessage.BadRequestsGetAnErrorThatSaysWhy") {
  struct Case {
    std::string text;
    int status;
    std::string says;
  };
  const Case cases[] = {
      {"NONSENSE\r\n\r\n", 400, "request line"},
      {"GET / HTTP/2.0\r\n\r\n", 505, "HTTP/1.0 and HTTP/1.1"},
      {"GET /%zz HTTP/1.1\r\n\r\n", 400, "path"},
      {"GET / HTTP/1.1\r\nno colon here\r\n\r\n", 400, "header field"},
      {"POST / HTTP/1.1\r\nContent-Length: ten\r\n\r\n", 400, "Content-Length"},
      {"POST / HTTP/1.1\r\nContent-Length: 2048\r\n\r\n", 413, "2048 bytes, more than the limit of 1024 bytes"},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400, "chunk size"},
      {"GET / HTTP/1.1\r\nX: " + std::string(70 * 1024, 'a') + "\r\n\r\n", 431, "64 KiB"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text.substr(0, 60));
    RequestParser p(1024);
    REQUIRE(p.parse(c.text) == Status::Failed);
    CHECK(p.failure().status == c.status);
    CHECK(p.failure().close);
    CHECK(p.failure().body.find(c.says) != std::string::npos);
  }
  // A body over the limit: how much of it is still to come (read and dropped before closing).
  RequestParser p(1024);
  REQUIRE(p.parse("POST / HTTP/1.1\r\nContent-Length: 2048\r\n\r\nabcd") == Status::Failed);
  CHECK(p.unread_body(std::string("POST / HTTP/1.1\r\nContent-Length: 2048\r\n\r\nabcd").size()) == 2044);
}

TEST_CASE("Server.HttpMessage.ResponseCarriesLengthTypeHeadersAndConnection") {
  HttpResponse r;
  r.status = 400;
  r.content_type = "application/x-amz-json-1.0";
  r.body = "{}";
  r.headers.emplace_back("x-amzn-ErrorType", "ValidationException");
  CHECK(serialize_response(r, true) ==
        "HTTP/1.1 400 Bad Request\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: 2\r\n"
        "x-amzn-ErrorType: ValidationException\r\nConnection: keep-alive\r\n\r\n{}");
  HttpResponse empty;
  empty.status = 204;
  CHECK(serialize_response(empty, false) == "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
}
