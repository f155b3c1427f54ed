// The JSON API under /api/, independent of the HTTP library: each endpoint is a function
// from the request's path captures and parameters (query string or form body) to a JSON
// reply. Api::respond routes a request and turns errors into statuses: InputError becomes
// 400 with {"error": "..."}, NotFound 404, EnvironmentError and filesystem errors 503,
// anything else 500.
#pragma once

#include <functional>
#include <map>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/json.h"

namespace ida::serve {

// The resource a request names does not exist (404).
class NotFound : public InputError {
 public:
  using InputError::InputError;
};

struct Call {
  std::vector<std::string> captures;         // the pattern's groups, in order
  std::map<std::string, std::string> params;  // query string and form fields

  // The parameter `key`; InputError naming it when absent (no default) or empty.
  const std::string& param(const std::string& key) const;
  std::string param(const std::string& key, const std::string& fallback) const;
  // An integer parameter within [low, high]; InputError naming it otherwise.
  int int_param(const std::string& key, int fallback, int low, int high) const;
};

using Endpoint = std::function<Json(const Call&)>;

struct Route {
  std::string method;  // "GET" or "POST" (POST: a write, needs the token off loopback)
  std::regex pattern;  // over the whole path, e.g. "/api/runs/(.+)"
  Endpoint endpoint;
};

struct Reply {
  int status = 200;
  Json body;
};

class Api {
 public:
  void get(const std::string& pattern, Endpoint endpoint) {
    routes_.push_back({"GET", std::regex(pattern), std::move(endpoint)});
  }
  void post(const std::string& pattern, Endpoint endpoint) {
    routes_.push_back({"POST", std::regex(pattern), std::move(endpoint)});
  }

  // The reply of the first route (in the order added) whose method is `method` and whose
  // pattern matches all of `path`; 404 when none does, 400 for a path over kMaxPath.
  static constexpr size_t kMaxPath = 2048;
  Reply respond(const std::string& method, const std::string& path,
                const std::map<std::string, std::string>& params) const;

 private:
  std::vector<Route> routes_;
};

Json error_body(const std::string& message);

}  // namespace ida::serve
