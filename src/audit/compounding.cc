#include "audit/compounding.h"

#include <cmath>
#include <limits>

namespace ida::audit {

void Compounding::add(bool amplified_right, int model_calls, int wrong_model_calls) {
  ++questions;
  wrong += !amplified_right;
  calls += model_calls;
  wrong_calls += wrong_model_calls;
  ++questions_by_calls[model_calls];
}

Compounding& Compounding::operator+=(const Compounding& o) {
  questions += o.questions;
  wrong += o.wrong;
  calls += o.calls;
  wrong_calls += o.wrong_calls;
  for (const auto& [m, count] : o.questions_by_calls) questions_by_calls[m] += count;
  return *this;
}

double Compounding::predicted_error(double e) const {
  if (questions == 0) return 0;
  double sum = 0;
  for (const auto& [m, count] : questions_by_calls)
    sum += static_cast<double>(count) * (1 - std::pow(1 - e, m));
  return sum / static_cast<double>(questions);
}

Json Compounding::json(double e) const {
  Json j = Json::object();
  j["observed_error"] = observed_error().json();
  j["call_error"] = call_error().json();
  j["mean_calls"] = questions ? static_cast<double>(calls) / static_cast<double>(questions) : 0.0;
  const double predicted = predicted_error(e);
  j["predicted_error"] = predicted;
  j["ratio"] = predicted > 0 ? observed_error().value() / predicted
                             : std::numeric_limits<double>::quiet_NaN();
  return j;
}

}  // namespace ida::audit
