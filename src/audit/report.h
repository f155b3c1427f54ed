// What an instance's audit reports, the same way for every instance: the parts of
// `ida audit --json` (its top-level keys "distill", "amplify", "capability" and "cost") and
// tables for the terminal.
#pragma once

#include <string>

#include "core/json.h"

namespace ida::audit {

class Report {
 public:
  virtual ~Report() = default;
  virtual Json distill_json() const = 0;     // requirement 1
  virtual Json amplify_json() const = 0;     // requirement 2
  virtual Json capability_json() const = 0;  // the audited agent's own accuracy
  virtual Json cost_json() const = 0;        // seconds, oracle calls
  virtual std::string text() const = 0;
};

}  // namespace ida::audit
