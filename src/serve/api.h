// The JSON API under /api/, independent of the HTTP library: each endpoint is a function
// from the request's path captures and parameters (query string or form body) to a JSON
// reply. InputError becomes 400 with {"error": "..."}, NotFound 404, EnvironmentError 503.
#pragma once

#include <functional>
#include <map>
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
  std::string method;   // "GET" or "POST" (POST: a write, needs the token off loopback)
  std::string pattern;  // a regular expression over the path, e.g. "/api/runs/(.+)"
  Endpoint endpoint;
};

class Api {
 public:
  void get(std::string pattern, Endpoint endpoint) {
    routes_.push_back({"GET", std::move(pattern), std::move(endpoint)});
  }
  void post(std::string pattern, Endpoint endpoint) {
    routes_.push_back({"POST", std::move(pattern), std::move(endpoint)});
  }
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace ida::serve
