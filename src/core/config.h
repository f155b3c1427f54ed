// Configuration binding: configs are plain structs declared once; a ConfigSchema binds
// dotted TOML keys ("search.simulations") to their fields, with ranges and help texts,
// loads TOML files and --set overrides onto them with precise errors, and writes the
// resolved config back as a commented TOML file that reloads to identical values.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ida {

namespace config_detail {
// One bound key (implementation detail of ConfigSchema).
struct Entry {
  std::string key;
  std::string help;
  std::variant<int*, int64_t*, double*, bool*, std::string*> field;
  int64_t int_min = 0, int_max = 0;
  double real_min = 0, real_max = 0;
  std::vector<std::string> allowed;
};
}  // namespace config_detail

// Binds keys to fields owned by the caller. The fields must outlive the schema.
// A key is dot-separated segments of [A-Za-z0-9_-]; the part before the last dot is its
// TOML section. A field's value when it is added is its default and must be valid.
// Registering a key twice, a malformed key, a key that is also another key's section, or
// an invalid default is a bug (IDA_CHECK).
//
// Loading is all-or-nothing per call: on InputError no field has changed.
class ConfigSchema {
 public:
  // Integer field accepting TOML integers in [min, max].
  void add(std::string key, int* field, int min, int max, std::string help);
  // 64-bit integer field (uint64 seeds may be stored as int64) in [min, max].
  void add(std::string key, int64_t* field, int64_t min, int64_t max, std::string help);
  // Floating-point field in [min, max]; accepts TOML floats and integers.
  void add(std::string key, double* field, double min, double max, std::string help);
  // Boolean field (TOML true/false).
  void add(std::string key, bool* field, std::string help);
  // String field; if `allowed` is not empty the value must be one of its entries.
  void add(std::string key, std::string* field, std::string help,
           std::vector<std::string> allowed = {});

  // Applies the TOML file's values. Throws InputError naming the file (and line) for an
  // unreadable file, a syntax error, an unknown key (suggesting a close known key), a
  // wrong type or an out-of-range/disallowed value.
  void load_file(const std::filesystem::path& path);
  // Same as load_file with TOML text; `origin` names it in errors (e.g. a file name).
  void load_string(std::string_view toml, std::string_view origin);
  // Applies one command-line override "key=value". The value is parsed by the field's
  // type: integers/floats/booleans in TOML syntax (1000, 1_000, 0.25, 1e-3, true);
  // strings verbatim (or a TOML-quoted string). Same errors as load_string.
  void set(std::string_view assignment);

  // The resolved config as TOML: each key preceded by its help (and range) as # comments,
  // grouped by section in registration order. load_string(to_toml()) reproduces every
  // value exactly (doubles are written in shortest round-trip form).
  std::string to_toml() const;

  // All keys in registration order.
  std::vector<std::string> keys() const;
  bool has(std::string_view key) const;
  // The key's current value as TOML text, e.g. 100, 0.25, true, "connect4".
  // Throws InputError for an unknown key.
  std::string value_text(std::string_view key) const;

  // Keys (sorted) whose values differ between two TOML texts, such as two resolved
  // configs, including keys present in only one of them. Values are compared after
  // parsing (0.10 == 0.1). Throws InputError if either text is not valid TOML.
  static std::vector<std::string> differing_keys(std::string_view toml_a, std::string_view toml_b);

 private:
  using Entry = config_detail::Entry;

  Entry& insert(std::string key, std::string help);
  const Entry* find(std::string_view key) const;
  // True if `name` is a section (a proper dotted prefix) of some key.
  bool is_section(std::string_view name) const;
  // InputError "<where>: unknown key 'k'" plus a suggestion when a known key is close.
  [[noreturn]] void throw_unknown(std::string_view key, std::string_view where) const;

  std::vector<Entry> entries_;
};

}  // namespace ida
