#include "serve/api.h"

#include <charconv>

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

}  // namespace ida::serve
