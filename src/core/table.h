// A plain-text table of named numeric columns, printable one row at a time (the
// per-round metrics table): columns appear as new metric names appear, numbers are
// right-aligned with a precision that suits their magnitude.
//
//      round   loss/policy   winrate     games
//          0        2.0794    0.5000       100
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace ida {

class Table {
 public:
  // (column name, value) pairs; a row need not mention every column.
  using Row = std::vector<std::pair<std::string, double>>;

  explicit Table(std::vector<std::string> columns = {});

  // Appends a column for each name in `row` not yet present (in row order).
  // Returns true if any was added.
  bool add_columns(const Row& row);
  // The column names, right-aligned to the column widths (no newline).
  std::string header() const;
  // One line (no newline) with `row`'s values under their columns. First adds columns for
  // new names and widens columns too narrow for the values, so call header() after it;
  // a column the row does not mention shows "-".
  std::string format_row(const Row& row);
  // Adds `row` (and its new columns) and returns the text to print for it, each line
  // ending in '\n': the header first if this is the first row or the columns or their
  // widths changed since the last add_row, then the row.
  std::string add_row(const Row& row);
  // The header and every row given to add_row so far, in the final column layout.
  std::string render() const;

  const std::vector<std::string>& columns() const { return names_; }

  // Integers without decimals ("100"), other values with about 4 significant digits
  // ("0.5321", "2.079", "123.5", "1.235e+06", "3.2e-05"), "nan", "inf", "-inf".
  static std::string format_number(double value);

 private:
  // Grows columns for `row` (names and widths); true if the layout changed.
  bool fit(const Row& row);
  std::string line(const Row& row) const;

  std::vector<std::string> names_;
  std::vector<size_t> widths_;
  std::vector<Row> rows_;
  bool layout_changed_ = true;  // the header must be (re)printed before the next row
};

}  // namespace ida
