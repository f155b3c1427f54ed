// A share count / n of audited inputs with its Wilson score 95% interval, which stays inside
// [0, 1] and is honest for small n and for shares near 0 or 1 (where the normal
// approximation claims certainty it does not have).
#pragma once

#include <cstdint>
#include <string>

#include "core/json.h"

namespace ida::audit {

struct Share {
  int64_t count = 0;
  int64_t n = 0;
  double value() const;  // count / n; 0 when n = 0
  double low() const;    // Wilson 95% bounds; [0, 1] when n = 0
  double high() const;
  // {"count", "n", "share", "low", "high"}.
  Json json() const;
};

// The share in percent with one decimal, e.g. "12.3%".
std::string percent(const Share& s);

}  // namespace ida::audit
