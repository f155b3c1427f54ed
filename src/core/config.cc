// ConfigSchema: TOML loading (via toml++), validation, --set overrides and TOML output.
#include "core/config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <map>
#include <sstream>
#include <utility>

#include "core/atomic_file.h"
#include "core/error.h"

namespace ida {
namespace {

using config_detail::Entry;
// A validated value waiting to be stored (loading is all-or-nothing).
using Value = std::variant<int64_t, double, bool, std::string>;

bool valid_key(std::string_view key) {
  if (key.empty() || key.front() == '.' || key.back() == '.') return false;
  for (size_t i = 0; i < key.size(); ++i) {
    char c = key[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || (c == '.' && key[i - 1] != '.');
    if (!ok) return false;
  }
  return true;
}

std::string section_of(std::string_view key) {
  size_t dot = key.rfind('.');
  return dot == std::string_view::npos ? std::string() : std::string(key.substr(0, dot));
}

std::string leaf_of(std::string_view key) {
  size_t dot = key.rfind('.');
  return std::string(dot == std::string_view::npos ? key : key.substr(dot + 1));
}

// Shortest text that parses back to exactly `v`, always TOML float syntax.
std::string format_double(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  IDA_CHECK(ec == std::errc());
  std::string s(buf, end);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04X", c);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

// A parsed TOML node as canonical TOML text (for messages and comparisons).
std::string node_text(const toml::node& node) {
  if (auto v = node.as_integer()) return std::to_string(v->get());
  if (auto v = node.as_floating_point()) return format_double(v->get());
  if (auto v = node.as_boolean()) return v->get() ? "true" : "false";
  if (auto v = node.as_string()) return quote(v->get());
  std::ostringstream out;
  node.visit([&](const auto& n) { out << n; });
  return out.str();
}

std::string value_of(const Entry& e) {
  return std::visit(
      [](auto* field) -> std::string {
        using T = std::remove_pointer_t<decltype(field)>;
        if constexpr (std::is_same_v<T, double>) {
          return format_double(*field);
        } else if constexpr (std::is_same_v<T, bool>) {
          return *field ? "true" : "false";
        } else if constexpr (std::is_same_v<T, std::string>) {
          return quote(*field);
        } else {
          return std::to_string(*field);
        }
      },
      e.field);
}

std::string range_text(const Entry& e) {
  if (std::holds_alternative<int*>(e.field) || std::holds_alternative<int64_t*>(e.field)) {
    return "an integer in [" + std::to_string(e.int_min) + ", " + std::to_string(e.int_max) + "]";
  }
  if (std::holds_alternative<double*>(e.field)) {
    return "a number in [" + format_double(e.real_min) + ", " + format_double(e.real_max) + "]";
  }
  if (std::holds_alternative<bool*>(e.field)) return "true or false";
  if (e.allowed.empty()) return "a string";
  std::string out = "one of ";
  for (size_t i = 0; i < e.allowed.size(); ++i) out += (i ? ", " : "") + quote(e.allowed[i]);
  return out;
}

// True if the entry accepts every value of its C++ type (no range worth printing).
bool unrestricted(const Entry& e) {
  using I = std::numeric_limits<int>;
  using L = std::numeric_limits<int64_t>;
  using D = std::numeric_limits<double>;
  if (std::holds_alternative<int*>(e.field)) {
    return e.int_min == I::min() && e.int_max == I::max();
  }
  if (std::holds_alternative<int64_t*>(e.field)) {
    return e.int_min == L::min() && e.int_max == L::max();
  }
  if (std::holds_alternative<double*>(e.field)) {
    return e.real_min <= -D::max() && e.real_max >= D::max();
  }
  return false;
}

std::string location(std::string_view origin, const toml::source_region& src) {
  std::string out(origin);
  if (src.begin.line > 0) out += ":" + std::to_string(src.begin.line);
  return out;
}

// Checks `node` against the entry's type and range.
Value convert(const Entry& e, const toml::node& node, std::string_view where) {
  auto fail = [&]() -> Value {
    throw InputError(std::string(where) + ": " + e.key + " = " + node_text(node) + ": expected " +
                     range_text(e));
  };
  if (std::holds_alternative<int*>(e.field) || std::holds_alternative<int64_t*>(e.field)) {
    auto v = node.as_integer();
    if (!v || v->get() < e.int_min || v->get() > e.int_max) return fail();
    return v->get();
  }
  if (std::holds_alternative<double*>(e.field)) {
    double d;
    if (auto f = node.as_floating_point()) {
      d = f->get();
    } else if (auto i = node.as_integer()) {
      d = static_cast<double>(i->get());
    } else {
      return fail();
    }
    if (!(d >= e.real_min && d <= e.real_max)) return fail();
    return d;
  }
  if (std::holds_alternative<bool*>(e.field)) {
    auto v = node.as_boolean();
    if (!v) return fail();
    return v->get();
  }
  auto v = node.as_string();
  if (!v) return fail();
  if (!e.allowed.empty() &&
      std::find(e.allowed.begin(), e.allowed.end(), v->get()) == e.allowed.end()) {
    return fail();
  }
  return v->get();
}

void store(const Entry& e, const Value& value) {
  std::visit(
      [&](auto* field) {
        using T = std::remove_pointer_t<decltype(field)>;
        if constexpr (std::is_same_v<T, int> || std::is_same_v<T, int64_t>) {
          *field = static_cast<T>(std::get<int64_t>(value));
        } else {
          *field = std::get<T>(value);
        }
      },
      e.field);
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

toml::table parse_toml(std::string_view text, std::string_view origin) {
  try {
    return toml::parse(text, origin);
  } catch (const toml::parse_error& e) {
    const auto& src = e.source();
    throw InputError(std::string(origin) + ":" + std::to_string(src.begin.line) + ":" +
                     std::to_string(src.begin.column) +
                     ": TOML syntax error: " + std::string(e.description()));
  }
}

// Every leaf of `table` as dotted key -> canonical value text.
void flatten(const toml::table& table, const std::string& prefix,
             std::map<std::string, std::string>& out) {
  for (const auto& [k, node] : table) {
    std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (auto sub = node.as_table()) {
      flatten(*sub, key, out);
    } else {
      out[key] = node_text(node);
    }
  }
}

}  // namespace

Entry& ConfigSchema::insert(std::string key, std::string help) {
  IDA_CHECK(valid_key(key));
  for (const Entry& e : entries_) {
    IDA_CHECK(e.key != key);
    IDA_CHECK(!e.key.starts_with(key + "."));  // `key` would be both value and section
    IDA_CHECK(!key.starts_with(e.key + "."));
  }
  Entry& e = entries_.emplace_back();
  e.key = std::move(key);
  e.help = std::move(help);
  return e;
}

void ConfigSchema::add(std::string key, int* field, int min, int max, std::string help) {
  IDA_CHECK(field != nullptr && min <= *field && *field <= max);
  Entry& e = insert(std::move(key), std::move(help));
  e.field = field;
  e.int_min = min;
  e.int_max = max;
}

void ConfigSchema::add(std::string key, int64_t* field, int64_t min, int64_t max,
                       std::string help) {
  IDA_CHECK(field != nullptr && min <= *field && *field <= max);
  Entry& e = insert(std::move(key), std::move(help));
  e.field = field;
  e.int_min = min;
  e.int_max = max;
}

void ConfigSchema::add(std::string key, double* field, double min, double max, std::string help) {
  IDA_CHECK(field != nullptr && min <= *field && *field <= max);
  Entry& e = insert(std::move(key), std::move(help));
  e.field = field;
  e.real_min = min;
  e.real_max = max;
}

void ConfigSchema::add(std::string key, bool* field, std::string help) {
  IDA_CHECK(field != nullptr);
  insert(std::move(key), std::move(help)).field = field;
}

void ConfigSchema::add(std::string key, std::string* field, std::string help,
                       std::vector<std::string> allowed) {
  IDA_CHECK(field != nullptr);
  IDA_CHECK(allowed.empty() || std::find(allowed.begin(), allowed.end(), *field) != allowed.end());
  Entry& e = insert(std::move(key), std::move(help));
  e.field = field;
  e.allowed = std::move(allowed);
}

const Entry* ConfigSchema::find(std::string_view key) const {
  for (const Entry& e : entries_) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

bool ConfigSchema::is_section(std::string_view name) const {
  for (const Entry& e : entries_) {
    if (e.key.size() > name.size() && e.key.starts_with(name) && e.key[name.size()] == '.') {
      return true;
    }
  }
  return false;
}

void ConfigSchema::throw_unknown(std::string_view key, std::string_view where) const {
  // Candidates: every key and every section; a candidate with the same last segment
  // (a key put in the wrong section) wins, otherwise the closest by edit distance.
  std::vector<std::string> candidates;
  for (const Entry& e : entries_) {
    for (std::string s = e.key; !s.empty(); s = section_of(s)) candidates.push_back(s);
  }
  std::string best;
  size_t best_distance = std::max<size_t>(2, key.size() / 4) + 1;
  for (const std::string& c : candidates) {
    size_t d = leaf_of(c) == leaf_of(key) ? 0 : edit_distance(key, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  std::string message = std::string(where) + ": unknown key '" + std::string(key) + "'";
  if (!best.empty()) message += " (did you mean '" + best + "'?)";
  throw InputError(message);
}

void ConfigSchema::load_file(const std::filesystem::path& path) {
  load_string(read_file(path), path.string());
}

void ConfigSchema::load_string(std::string_view text, std::string_view origin) {
  toml::table root = parse_toml(text, origin);
  std::vector<std::pair<const Entry*, Value>> pending;
  std::function<void(const toml::table&, const std::string&)> walk =
      [&](const toml::table& table, const std::string& prefix) {
        for (const auto& [k, node] : table) {
          std::string key =
              prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
          std::string where =
              location(origin, node.source().begin.line > 0 ? node.source() : k.source());
          const Entry* entry = find(key);
          if (auto sub = node.as_table(); sub && !entry) {
            if (!is_section(key)) throw_unknown(key, where);
            walk(*sub, key);
            continue;
          }
          if (!entry) {
            if (is_section(key)) {
              throw InputError(where + ": '" + key + "' is a section, not a value");
            }
            throw_unknown(key, where);
          }
          pending.emplace_back(entry, convert(*entry, node, where));
        }
      };
  walk(root, "");
  for (const auto& [entry, value] : pending) store(*entry, value);
}

void ConfigSchema::set(std::string_view assignment) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  };
  size_t eq = assignment.find('=');
  std::string_view key = eq == std::string_view::npos ? "" : trim(assignment.substr(0, eq));
  if (key.empty()) {
    throw InputError("--set '" + std::string(assignment) + "': expected key=value");
  }
  std::string_view text = trim(assignment.substr(eq + 1));
  const Entry* entry = find(key);
  if (!entry) throw_unknown(key, "--set");

  bool raw_string = std::holds_alternative<std::string*>(entry->field) &&
                    !(text.starts_with('"') || text.starts_with('\''));
  Value value;
  if (raw_string) {
    toml::value<std::string> node{std::string(text)};
    value = convert(*entry, node, "--set");
  } else {
    toml::table parsed;
    bool ok = text.find_first_of("\n\r") == std::string_view::npos;
    if (ok) {
      try {
        parsed = toml::parse("v = " + std::string(text), std::string_view("--set"));
      } catch (const toml::parse_error&) {
        ok = false;
      }
    }
    if (!ok || parsed.size() != 1 || !parsed.contains("v")) {
      throw InputError("--set: " + entry->key + " = " + std::string(text) + ": expected " +
                       range_text(*entry));
    }
    value = convert(*entry, *parsed.get("v"), "--set");
  }
  store(*entry, value);
}

std::string ConfigSchema::to_toml() const {
  std::vector<std::string> sections = {""};
  for (const Entry& e : entries_) {
    std::string s = section_of(e.key);
    if (std::find(sections.begin(), sections.end(), s) == sections.end()) sections.push_back(s);
  }
  std::string out;
  for (const std::string& section : sections) {
    bool first = true;  // the section's first key: header, or nothing before top keys
    for (const Entry& e : entries_) {
      if (section_of(e.key) != section) continue;
      if (first && !section.empty()) {
        out += (out.empty() ? "[" : "\n[") + section + "]\n";
      } else if (!first) {
        out += "\n";  // a blank line between keys
      }
      first = false;
      std::istringstream help(e.help);
      for (std::string line; std::getline(help, line);) {
        out += line.empty() ? "#\n" : "# " + line + "\n";
      }
      bool plain = std::holds_alternative<bool*>(e.field) ||
                   (std::holds_alternative<std::string*>(e.field) && e.allowed.empty()) ||
                   unrestricted(e);
      if (!plain) out += "# (" + range_text(e) + ")\n";
      out += leaf_of(e.key) + " = " + value_of(e) + "\n";
    }
  }
  return out;
}

std::vector<std::string> ConfigSchema::keys() const {
  std::vector<std::string> out;
  for (const Entry& e : entries_) out.push_back(e.key);
  return out;
}

bool ConfigSchema::has(std::string_view key) const { return find(key) != nullptr; }

std::string ConfigSchema::value_text(std::string_view key) const {
  const Entry* e = find(key);
  if (!e) throw_unknown(key, "config");
  return value_of(*e);
}

std::vector<std::string> ConfigSchema::differing_keys(std::string_view toml_a,
                                                      std::string_view toml_b) {
  std::map<std::string, std::string> a, b;
  flatten(parse_toml(toml_a, "first config"), "", a);
  flatten(parse_toml(toml_b, "second config"), "", b);
  std::vector<std::string> out;
  for (const auto& [key, value] : a) {
    auto it = b.find(key);
    if (it == b.end() || it->second != value) out.push_back(key);
  }
  for (const auto& [key, value] : b) {
    if (!a.contains(key)) out.push_back(key);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace ida
