#include "workers/tls_session.h"

#include <arpa/inet.h>
#include <dlfcn.h>

#include <cerrno>
#include <cstring>
#include <mutex>

namespace stepwise::workers {

namespace {

// The part of OpenSSL's C API the client uses, resolved from libssl (and, through its
// dependencies, libcrypto). Handles are opaque here; only the constants below are needed.
constexpr int kVerifyPeer = 1;             // SSL_VERIFY_PEER
constexpr int kCtrlSetTlsextHostname = 55; // SSL_CTRL_SET_TLSEXT_HOSTNAME
constexpr int kErrorSsl = 1, kWantRead = 2, kWantWrite = 3, kSyscall = 5, kZeroReturn = 6;

struct OpenSsl {
  void* (*tls_client_method)();
  void* (*ctx_new)(void*);
  int (*ctx_set_default_verify_paths)(void*);
  void (*ctx_set_verify)(void*, int, void*);
  void* (*ssl_new)(void*);
  void (*ssl_free)(void*);
  int (*set_fd)(void*, int);
  long (*ctrl)(void*, int, long, void*);
  int (*set1_host)(void*, const char*);
  int (*connect)(void*);
  int (*read)(void*, void*, int);
  int (*write)(void*, const void*, int);
  int (*get_error)(const void*, int);
  long (*get_verify_result)(const void*);
  const char* (*verify_error_string)(long);
  unsigned long (*err_get)();
  void (*err_string)(unsigned long, char*, std::size_t);
  void (*err_clear)();
  void* context = nullptr;  // one SSL_CTX for the process: trust store loaded once
  std::string problem;      // why TLS is unavailable, when it is
};

template <typename F>
bool resolve(void* library, const char* name, F& slot, std::string& problem) {
  slot = reinterpret_cast<F>(dlsym(library, name));
  if (!slot && problem.empty()) problem = std::string("libssl has no ") + name;
  return slot != nullptr;
}

OpenSsl load() {
  OpenSsl o{};
  void* library = nullptr;
  for (const char* name : {"libssl.so.3", "libssl.so"})
    if ((library = dlopen(name, RTLD_NOW | RTLD_LOCAL))) break;
  if (!library) {
    o.problem = "https needs OpenSSL's libssl.so.3 (Debian package libssl3), which could not be loaded";
    return o;
  }
  std::string& p = o.problem;
  resolve(library, "TLS_client_method", o.tls_client_method, p);
  resolve(library, "SSL_CTX_new", o.ctx_new, p);
  resolve(library, "SSL_CTX_set_default_verify_paths", o.ctx_set_default_verify_paths, p);
  resolve(library, "SSL_CTX_set_verify", o.ctx_set_verify, p);
  resolve(library, "SSL_new", o.ssl_new, p);
  resolve(library, "SSL_free", o.ssl_free, p);
  resolve(library, "SSL_set_fd", o.set_fd, p);
  resolve(library, "SSL_ctrl", o.ctrl, p);
  resolve(library, "SSL_set1_host", o.set1_host, p);
  resolve(library, "SSL_connect", o.connect, p);
  resolve(library, "SSL_read", o.read, p);
  resolve(library, "SSL_write", o.write, p);
  resolve(library, "SSL_get_error", o.get_error, p);
  resolve(library, "SSL_get_verify_result", o.get_verify_result, p);
  resolve(library, "X509_verify_cert_error_string", o.verify_error_string, p);
  resolve(library, "ERR_get_error", o.err_get, p);
  resolve(library, "ERR_error_string_n", o.err_string, p);
  resolve(library, "ERR_clear_error", o.err_clear, p);
  if (!p.empty()) return o;
  o.context = o.ctx_new(o.tls_client_method());
  if (!o.context) {
    p = "OpenSSL could not create a TLS context";
    return o;
  }
  o.ctx_set_default_verify_paths(o.context);
  o.ctx_set_verify(o.context, kVerifyPeer, nullptr);
  return o;
}

const OpenSsl& openssl() {
  static const OpenSsl instance = load();
  return instance;
}

bool is_ip_address(const std::string& host) {
  unsigned char buffer[16];
  return inet_pton(AF_INET, host.c_str(), buffer) == 1 || inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

}  // namespace

Result<std::unique_ptr<TlsSession>> TlsSession::over(int fd, const std::string& host) {
  const OpenSsl& o = openssl();
  if (!o.problem.empty()) return make_error("Tls", o.problem);
  void* ssl = o.ssl_new(o.context);
  if (!ssl) return make_error("Tls", "OpenSSL could not create a TLS session");
  std::unique_ptr<TlsSession> session(new TlsSession(ssl));
  // RFC 6066: a literal IP address is not sent as the server name.
  if (!is_ip_address(host)) o.ctrl(ssl, kCtrlSetTlsextHostname, 0, const_cast<char*>(host.c_str()));
  if (o.set_fd(ssl, fd) != 1 || o.set1_host(ssl, host.c_str()) != 1)
    return make_error("Tls", "OpenSSL could not set up the session for " + host);
  return session;
}

TlsSession::~TlsSession() { openssl().ssl_free(ssl_); }

TlsStep TlsSession::step(int ret, const char* doing) {
  const OpenSsl& o = openssl();
  const int code = o.get_error(ssl_, ret);
  if (code == kWantRead) return TlsStep::WantRead;
  if (code == kWantWrite) return TlsStep::WantWrite;
  if (code == kZeroReturn) return TlsStep::Closed;
  error_ = std::string("TLS ") + doing + " failed";
  const long verify = o.get_verify_result(ssl_);
  if (verify != 0) {
    error_ += ": certificate verification: " + std::string(o.verify_error_string(verify));
  } else if (code == kErrorSsl) {
    char text[256];
    o.err_string(o.err_get(), text, sizeof text);
    error_ += std::string(": ") + text;
  } else if (code == kSyscall) {
    if (errno == 0) return TlsStep::Closed;  // the peer closed without close_notify
    error_ += std::string(": ") + std::strerror(errno);
  }
  o.err_clear();
  return TlsStep::Failed;
}

TlsStep TlsSession::handshake() {
  openssl().err_clear();
  const int ret = openssl().connect(ssl_);
  return ret == 1 ? TlsStep::Done : step(ret, "handshake");
}

TlsStep TlsSession::read(char* buffer, std::size_t size, std::size_t& got) {
  openssl().err_clear();
  errno = 0;
  const int ret = openssl().read(ssl_, buffer, static_cast<int>(std::min<std::size_t>(size, 1 << 30)));
  if (ret > 0) {
    got = static_cast<std::size_t>(ret);
    return TlsStep::Done;
  }
  return step(ret, "read");
}

TlsStep TlsSession::write(const char* data, std::size_t size, std::size_t& put) {
  openssl().err_clear();
  errno = 0;
  const int ret = openssl().write(ssl_, data, static_cast<int>(std::min<std::size_t>(size, 1 << 30)));
  if (ret > 0) {
    put = static_cast<std::size_t>(ret);
    return TlsStep::Done;
  }
  return step(ret, "write");
}

}  // namespace stepwise::workers
