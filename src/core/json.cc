#include "core/json.h"

#include <cmath>
#include <cstdio>

#include "core/error.h"

namespace ida {

Json& Json::push(Json item) {
  if (std::holds_alternative<std::monostate>(value_)) value_ = Array();
  IDA_CHECK(std::holds_alternative<Array>(value_));
  auto& array = std::get<Array>(value_);
  array.push_back(std::move(item));
  return array.back();
}

Json& Json::operator[](std::string_view key) {
  if (std::holds_alternative<std::monostate>(value_)) value_ = Object();
  IDA_CHECK(std::holds_alternative<Object>(value_));
  auto& object = std::get<Object>(value_);
  for (auto& [k, v] : object)
    if (k == key) return v;
  object.emplace_back(std::string(key), Json());
  return object.back().second;
}

std::string Json::dump() const {
  std::string out;
  write(out);
  return out;
}

namespace {

void write_string(std::string& out, const std::string& s) {
  out += '"';
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

void write_number(std::string& out, double x) {
  if (!std::isfinite(x)) {
    out += "null";
    return;
  }
  char buf[32];
  if (x == std::floor(x) && std::fabs(x) < 1e15)
    std::snprintf(buf, sizeof buf, "%.0f", x);
  else
    std::snprintf(buf, sizeof buf, "%.6g", x);
  out += buf;
}

}  // namespace

void Json::write(std::string& out) const {
  if (std::holds_alternative<std::monostate>(value_)) {
    out += "null";
  } else if (const bool* b = std::get_if<bool>(&value_)) {
    out += *b ? "true" : "false";
  } else if (const double* x = std::get_if<double>(&value_)) {
    write_number(out, *x);
  } else if (const std::string* s = std::get_if<std::string>(&value_)) {
    write_string(out, *s);
  } else if (const Array* a = std::get_if<Array>(&value_)) {
    out += '[';
    for (size_t i = 0; i < a->size(); ++i) {
      if (i) out += ',';
      (*a)[i].write(out);
    }
    out += ']';
  } else {
    const Object& o = std::get<Object>(value_);
    out += '{';
    for (size_t i = 0; i < o.size(); ++i) {
      if (i) out += ',';
      write_string(out, o[i].first);
      out += ':';
      o[i].second.write(out);
    }
    out += '}';
  }
}

}  // namespace ida
