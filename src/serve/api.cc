#include "serve/api.h"

#include <charconv>
#include <filesystem>

namespace ida::serve {

const std::string& Call::param(const std::string& key) const {
  const auto it = params.find(key);
  if (it == params.end() || it->second.empty())
    throw InputError("missing parameter '" + key + "'");
  return it->second;
}

std::string Call::param(const std::string& key, const std::string& fallback) const {
  const auto it = params.find(key);
  return it == params.end() || it->second.empty() ? fallback : it->second;
}

int Call::int_param(const std::string& key, int fallback, int low, int high) const {
  const auto it = params.find(key);
  if (it == params.end() || it->second.empty()) return fallback;
  const std::string& text = it->second;
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < low || value > high)
    throw InputError("parameter '" + key + "' must be an integer in [" + std::to_string(low) +
                     ", " + std::to_string(high) + "], not '" + text + "'");
  return value;
}

Json error_body(const std::string& message) {
  Json e = Json::object();
  e["error"] = message;
  return e;
}

Reply Api::respond(const std::string& method, const std::string& path,
                   const std::map<std::string, std::string>& params) const {
  // std::regex matches recursively: a bound keeps a long path from exhausting the stack.
  if (path.size() > kMaxPath)
    return {400, error_body("a path of " + std::to_string(path.size()) + " characters (at most " +
                            std::to_string(kMaxPath) + ")")};
  for (const Route& route : routes_) {
    std::smatch match;
    if (route.method != method || !std::regex_match(path, match, route.pattern)) continue;
    Call call;
    for (size_t i = 1; i < match.size(); ++i) call.captures.push_back(match[i]);
    call.params = params;
    try {
      return {200, route.endpoint(call)};
    } catch (const NotFound& e) {
      return {404, error_body(e.what())};
    } catch (const EnvironmentError& e) {
      return {503, error_body(e.what())};
    } catch (const InputError& e) {
      return {400, error_body(e.what())};
    } catch (const std::filesystem::filesystem_error& e) {  // the machine's refusal, not ida's
      return {503, error_body(e.what())};
    } catch (const std::exception& e) {
      return {500, error_body(std::string("internal error: ") + e.what())};
    }
  }
  return {404, error_body("no such endpoint: " + method + " " + path)};
}

}  // namespace ida::serve
