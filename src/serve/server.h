// `ida serve`'s HTTP server: the pages (assets compiled into the binary from web/) and the
// JSON API under /api/ (serve/api.h). Bound to 127.0.0.1 unless told otherwise; bound to
// anything else, every write (POST) must carry the token made at start-up, in the header
// "X-Ida-Token" or the parameter "token".
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "serve/api.h"

namespace ida::serve {

struct ServerOptions {
  std::filesystem::path runs = "runs";
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port (see WebServer::port())
};

class WebServer {
 public:
  // Binds the port (EnvironmentError naming host and port when it cannot) and registers
  // every endpoint; serve() then answers requests.
  explicit WebServer(const ServerOptions& options);
  ~WebServer();
  WebServer(const WebServer&) = delete;
  WebServer& operator=(const WebServer&) = delete;

  int port() const { return port_; }
  // Empty when bound to loopback (no token needed).
  const std::string& token() const { return token_; }
  // Answers requests until stop() (from another thread or a signal handler's thread).
  void serve();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
  std::string token_;
};

// True for 127.0.0.1 (and the rest of 127/8), ::1 and "localhost".
bool is_loopback(const std::string& host);

}  // namespace ida::serve
