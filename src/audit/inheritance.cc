#include "audit/inheritance.h"

#include <cmath>

namespace ida::audit {

void Inheritance::add(bool source_is_right, bool result_is_right, bool same_answer) {
  ++inputs;
  source_right += source_is_right;
  result_right += result_is_right;
  if (source_is_right && !result_is_right) ++new_errors;
  if (!source_is_right && result_is_right) ++corrected;
  if (!source_is_right && !result_is_right) ++(same_answer ? inherited : other_errors);
}

Inheritance& Inheritance::operator+=(const Inheritance& o) {
  inputs += o.inputs;
  source_right += o.source_right;
  result_right += o.result_right;
  new_errors += o.new_errors;
  inherited += o.inherited;
  other_errors += o.other_errors;
  corrected += o.corrected;
  return *this;
}

Json Inheritance::json() const {
  Json j = Json::object();
  j["inputs"] = inputs;
  j["source_accuracy"] = source_accuracy().json();
  j["result_accuracy"] = result_accuracy().json();
  j["new_errors"] = new_error_share().json();
  j["inherited"] = inherited_share().json();
  j["other_errors"] = Share{other_errors, inputs}.json();
  j["corrected"] = corrected_share().json();
  j["introduced_rate"] = introduced_rate().json();
  j["correction_rate"] = correction_rate().json();
  return j;
}

std::optional<double> teacher_gap_recovered(double before, double teacher, double after,
                                            double min_gap) {
  const double gap = teacher - before;
  if (std::fabs(gap) < min_gap) return std::nullopt;
  return (after - before) / gap;
}

}  // namespace ida::audit
