#include "audit/worst_case.h"

#include <sstream>

namespace ida::audit {

Json WorstCase::json() const {
  Json j = Json::object();
  j["budget"] = budget;
  j["queries"] = queries;
  j["worst_disagreement"] = worst_disagreement;
  j["candidates"] = candidates;
  j["confirmed_failures"] = static_cast<int>(failures.size());
  // The security figure: queries until the first confirmed failure (null: none within budget).
  j["queries_to_first_failure"] = first_failure_query ? Json(*first_failure_query) : Json();
  Json& list = j["failures"] = Json::array();
  for (const auto& f : failures) list.push(f);
  j["oracle_calls"] = oracle_calls;
  j["seconds"] = seconds;
  return j;
}

Json RegressionCheck::json() const {
  Json j = Json::object();
  j["stored"] = passed.n;
  j["passed"] = passed.json();
  return j;
}

std::string Robustness::text() const {
  std::ostringstream out;
  if (search.budget > 0) {
    out << "Worst-case search (requirement 1, robustly): " << search.queries
        << " queries for inputs where A disagrees with Amplify(H, A)\n  worst disagreement "
        << search.worst_disagreement << ", " << search.candidates << " inputs where they differ, "
        << search.failures.size() << " confirmed failures of A (oracle); first after "
        << (search.first_failure_query ? std::to_string(*search.first_failure_query) + " queries"
                                       : "none within the budget")
        << "\n";
    for (size_t i = 0; i < std::min<size_t>(3, search.failures.size()); ++i) {
      std::string one_line = search.failures[i];
      for (char& c : one_line)
        if (c == '\n') c = ' ';
      if (one_line.size() > 100) one_line = one_line.substr(0, 97) + "...";
      out << "    " << one_line << "\n";
    }
  }
  out << "Regression suite (failures stored by earlier rounds): ";
  if (regression.passed.n == 0)
    out << "empty\n";
  else
    out << "A right on " << regression.passed.count << " of " << regression.passed.n << " ("
        << percent(regression.passed) << ")\n";
  return out.str();
}

}  // namespace ida::audit
