// A JSON value for machine-readable reports (`ida audit --json`): null, booleans, numbers,
// strings, arrays and objects whose keys keep their insertion order. Writing only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace ida {

class Json {
 public:
  using Array = std::vector<Json>;
  using Object = std::vector<std::pair<std::string, Json>>;

  Json() = default;  // null
  Json(bool b) : value_(b) {}
  Json(double x) : value_(x) {}
  Json(int x) : value_(static_cast<double>(x)) {}
  Json(int64_t x) : value_(static_cast<double>(x)) {}
  Json(const char* s) : value_(std::string(s)) {}
  Json(std::string s) : value_(std::move(s)) {}
  static Json array() {
    Json j;
    j.value_ = Array();
    return j;
  }
  static Json object() {
    Json j;
    j.value_ = Object();
    return j;
  }

  // Appends to an array (a null becomes an empty array first).
  Json& push(Json item);
  // The member `key` of an object, added as null if absent (a null becomes an object first).
  Json& operator[](std::string_view key);

  // Compact text; a non-finite number is written as null, as JSON has no NaN.
  std::string dump() const;

 private:
  void write(std::string& out) const;
  std::variant<std::monostate, bool, double, std::string, Array, Object> value_;
};

}  // namespace ida
