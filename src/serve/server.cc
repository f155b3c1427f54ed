#include "serve/server.h"

#include <httplib.h>

#include <cstdio>
#include <fstream>

#include "serve/assets.h"
#include "serve/endpoints.h"

namespace ida::serve {
namespace {

std::string random_token() {
  std::ifstream random("/dev/urandom", std::ios::binary);
  unsigned char bytes[16] = {};
  if (!random.read(reinterpret_cast<char*>(bytes), sizeof bytes))
    throw EnvironmentError("/dev/urandom: cannot read the server's token");
  std::string hex;
  char digits[3];
  for (unsigned char b : bytes) {
    std::snprintf(digits, sizeof digits, "%02x", b);
    hex += digits;
  }
  return hex;
}

void reply(httplib::Response& res, int status, const Json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

}  // namespace

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

struct WebServer::Impl {
  httplib::Server http;
  Endpoints endpoints;
  explicit Impl(const ServerOptions& options) : endpoints(options.runs) {}
};

WebServer::WebServer(const ServerOptions& options) : impl_(std::make_unique<Impl>(options)) {
  if (!is_loopback(options.host)) token_ = random_token();
  httplib::Server& http = impl_->http;
  http.set_payload_max_length(1 << 20);
  // SO_REUSEADDR only: httplib's default adds SO_REUSEPORT, which lets a second server
  // share a port in use instead of failing to bind it.
  http.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  auto respond = [this](const httplib::Request& req, httplib::Response& res) {
    if (req.method == "POST" && !token_.empty()) {
      const std::string given = req.has_header("X-Ida-Token")
                                    ? req.get_header_value("X-Ida-Token")
                                    : req.get_param_value("token");
      if (given != token_)
        return reply(res, 403, error_body("this server needs its token for writes (printed "
                                          "at start-up; header X-Ida-Token)"));
    }
    std::map<std::string, std::string> params;
    for (const auto& [k, v] : req.params) params.emplace(k, v);  // a repeated key: its first
    const Reply r = impl_->endpoints.api().respond(req.method, req.path, params);
    reply(res, r.status, r.body);
  };
  http.Get(R"(/api/.*)", respond);
  http.Post(R"(/api/.*)", respond);
  http.Get(R"(/([A-Za-z0-9_.-]*))", [](const httplib::Request& req, httplib::Response& res) {
    const std::string name = req.matches[1].str().empty() ? "index.html" : req.matches[1].str();
    const Asset* asset = find_asset(name);
    if (!asset) return reply(res, 404, error_body("no such page: " + req.path));
    res.set_content(std::string(asset->content), std::string(asset->mime));
  });
  port_ = options.port == 0 ? http.bind_to_any_port(options.host)
                            : (http.bind_to_port(options.host, options.port) ? options.port : -1);
  if (port_ <= 0)
    throw EnvironmentError("cannot listen on " + options.host + ":" +
                           std::to_string(options.port) +
                           " (in use, not an address of this machine, or not permitted)");
}

WebServer::~WebServer() { stop(); }

void WebServer::serve() { impl_->http.listen_after_bind(); }

void WebServer::stop() { impl_->http.stop(); }

}  // namespace ida::serve
