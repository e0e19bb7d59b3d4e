#pragma once
// TLS for the HTTP client, through the system's OpenSSL (libssl.so.3), loaded with dlopen the first
// time a session starts: a process that makes no https call never maps the library. The server's
// certificate is verified against the system's trust store (OpenSSL's default paths, which honour
// $SSL_CERT_FILE and $SSL_CERT_DIR) and must name the host called.
#include <memory>
#include <string>

#include "definitions/result.h"

namespace stepwise::workers {

// What a TLS call did on a non-blocking socket: finished, needs the socket readable or writable
// before it is called again, saw the peer close, or failed (error() says why).
enum class TlsStep { Done, WantRead, WantWrite, Closed, Failed };

class TlsSession {
 public:
  // A client session over the connected socket fd, for host (sent as SNI unless it is an IP
  // address, and checked against the certificate). Fails when libssl cannot be loaded.
  static Result<std::unique_ptr<TlsSession>> over(int fd, const std::string& host);
  ~TlsSession();
  TlsSession(const TlsSession&) = delete;
  TlsSession& operator=(const TlsSession&) = delete;

  TlsStep handshake();
  TlsStep read(char* buffer, std::size_t size, std::size_t& got);
  TlsStep write(const char* data, std::size_t size, std::size_t& put);
  const std::string& error() const { return error_; }

 private:
  explicit TlsSession(void* ssl) : ssl_(ssl) {}
  TlsStep step(int ret, const char* doing);
  void* ssl_;
  std::string error_;
};

}  // namespace stepwise::workers
