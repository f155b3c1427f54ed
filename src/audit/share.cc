#include "audit/share.h"

#include <cmath>
#include <cstdio>

namespace ida::audit {
namespace {

constexpr double kZ = 1.959963984540054;  // the normal 97.5% quantile

// The Wilson interval's centre and half-width.
std::pair<double, double> wilson(int64_t count, int64_t n) {
  const double p = static_cast<double>(count) / static_cast<double>(n);
  const double z2n = kZ * kZ / static_cast<double>(n);
  const double centre = (p + z2n / 2) / (1 + z2n);
  const double half =
      kZ * std::sqrt(p * (1 - p) / static_cast<double>(n) + z2n / (4 * n)) / (1 + z2n);
  return {centre, half};
}

}  // namespace

double Share::value() const { return n ? static_cast<double>(count) / static_cast<double>(n) : 0; }

double Share::low() const {
  if (n == 0) return 0;
  const auto [centre, half] = wilson(count, n);
  return std::max(0.0, centre - half);
}

double Share::high() const {
  if (n == 0) return 1;
  const auto [centre, half] = wilson(count, n);
  return std::min(1.0, centre + half);
}

Json Share::json() const {
  Json j = Json::object();
  j["count"] = count;
  j["n"] = n;
  j["share"] = value();
  j["low"] = low();
  j["high"] = high();
  return j;
}

std::string percent(const Share& s) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%%", 100 * s.value());
  return text;
}

}  // namespace ida::audit
