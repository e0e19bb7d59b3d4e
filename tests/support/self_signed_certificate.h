#pragma once
// A throw-away certificate authority for TLS tests: a self-signed certificate for "localhost"
// (and nothing else), made with the openssl command in a fresh temporary directory.
#include <cstdlib>
#include <filesystem>
#include <string>

#include <unistd.h>

namespace stepwise::testing {

struct SelfSignedCertificate {
  std::string certificate;  // PEM; also the trust anchor to put in $SSL_CERT_FILE
  std::string key;          // PEM
  bool made = false;
};

inline SelfSignedCertificate make_self_signed_certificate(const std::string& name) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("stepwise-tls-" + name + "-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  SelfSignedCertificate c{(dir / "cert.pem").string(), (dir / "key.pem").string()};
  const std::string command =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=localhost "
      "-addext subjectAltName=DNS:localhost -keyout '" + c.key + "' -out '" + c.certificate + "' >/dev/null 2>&1";
  c.made = std::system(command.c_str()) == 0;
  return c;
}

}  // namespace stepwise::testing
