// Table: column bookkeeping and number formatting.
#include "core/table.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ida {
namespace {

constexpr size_t kMinWidth = 8;
constexpr const char* kGap = "  ";

std::string pad_left(const std::string& text, size_t width) {
  return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

}  // namespace

Table::Table(std::vector<std::string> columns) {
  for (std::string& name : columns) {
    if (std::find(names_.begin(), names_.end(), name) != names_.end()) continue;
    widths_.push_back(std::max(kMinWidth, name.size()));
    names_.push_back(std::move(name));
  }
}

std::string Table::format_number(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  double a = std::fabs(v);
  if (v == std::trunc(v) && a < 1e12) {
    std::snprintf(buf, sizeof buf, "%.0f", v == 0 ? 0.0 : v);  // no "-0"
  } else if (a >= 1e6 || a < 1e-3) {
    std::snprintf(buf, sizeof buf, "%.4g", v);
  } else if (a >= 100) {
    std::snprintf(buf, sizeof buf, "%.1f", v);
  } else if (a >= 1) {
    std::snprintf(buf, sizeof buf, "%.3f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.4f", v);
  }
  return buf;
}

bool Table::add_columns(const Row& row) {
  bool added = false;
  for (const auto& [name, value] : row) {
    if (std::find(names_.begin(), names_.end(), name) != names_.end()) continue;
    names_.push_back(name);
    widths_.push_back(std::max(kMinWidth, name.size()));
    added = true;
  }
  if (added) layout_changed_ = true;
  return added;
}

std::string Table::header() const {
  std::string out;
  for (size_t i = 0; i < names_.size(); ++i) {
    out += (i ? kGap : "") + pad_left(names_[i], widths_[i]);
  }
  return out;
}

std::string Table::line(const Row& row) const {
  std::string out;
  for (size_t i = 0; i < names_.size(); ++i) {
    std::string cell = "-";
    for (const auto& [name, value] : row) {
      if (name == names_[i]) {
        cell = format_number(value);
        break;
      }
    }
    out += (i ? kGap : "") + pad_left(cell, widths_[i]);
  }
  return out;
}

bool Table::fit(const Row& row) {
  bool changed = add_columns(row);
  for (size_t i = 0; i < names_.size(); ++i) {
    for (const auto& [name, value] : row) {
      if (name != names_[i]) continue;
      size_t width = format_number(value).size();
      if (width > widths_[i]) {
        widths_[i] = width;
        changed = true;
      }
    }
  }
  if (changed) layout_changed_ = true;
  return changed;
}

std::string Table::format_row(const Row& row) {
  fit(row);
  return line(row);
}

std::string Table::add_row(const Row& row) {
  fit(row);
  rows_.push_back(row);
  std::string out;
  if (layout_changed_) out += header() + "\n";
  layout_changed_ = false;
  return out + line(row) + "\n";
}

std::string Table::render() const {
  std::string out = header() + "\n";
  for (const Row& row : rows_) out += line(row) + "\n";
  return out;
}

}  // namespace ida
