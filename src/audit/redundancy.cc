#include "audit/redundancy.h"

namespace ida::audit {

void Redundancy::add(bool disagreement, bool primary_is_right, bool vote_is_right) {
  ++inputs;
  flagged += disagreement;
  primary_wrong += !primary_is_right;
  primary_right += primary_is_right;
  flagged_wrong += disagreement && !primary_is_right;
  vote_right += vote_is_right;
}

Redundancy& Redundancy::operator+=(const Redundancy& o) {
  inputs += o.inputs;
  flagged += o.flagged;
  primary_wrong += o.primary_wrong;
  flagged_wrong += o.flagged_wrong;
  vote_right += o.vote_right;
  primary_right += o.primary_right;
  return *this;
}

Json Redundancy::json() const {
  Json j = Json::object();
  j["inputs"] = inputs;
  j["disagreement"] = disagreement().json();
  j["primary_accuracy"] = primary_accuracy().json();
  j["vote_accuracy"] = vote_accuracy().json();
  j["recall"] = recall().json();
  j["precision"] = precision().json();
  return j;
}

}  // namespace ida::audit
