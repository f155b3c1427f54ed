#include "selfplay/game_audit.h"

#include <iomanip>
#include <sstream>

namespace ida::selfplay {
namespace {

using audit::percent;

Json phased_json(const PhasedInheritance& t, const std::vector<std::string>& phases) {
  Json j = Json::object();
  j["setting"] = t.label;
  j["all"] = t.all().json();
  Json& by_phase = j["by_phase"] = Json::array();
  for (size_t p = 0; p < phases.size(); ++p) {
    Json row = t.phase[p].json();
    row["phase"] = phases[p];
    by_phase.push(row);
  }
  return j;
}

// One line per phase and one for all: accuracies and the inheritance shares.
std::string phased_text(const PhasedInheritance& t, const std::vector<std::string>& phases,
                        const char* source, const char* result) {
  std::ostringstream out;
  out << "  " << std::left << std::setw(9) << "phase" << std::right << std::setw(10) << "positions"
      << std::setw(12) << source << std::setw(12) << result << std::setw(12) << "new errors"
      << std::setw(11) << "inherited" << std::setw(11) << "corrected"
      << "\n";
  auto line = [&](const std::string& name, const audit::Inheritance& i) {
    out << "  " << std::left << std::setw(9) << name << std::right << std::setw(10) << i.inputs
        << std::setw(12) << percent(i.source_accuracy()) << std::setw(12)
        << percent(i.result_accuracy()) << std::setw(12) << percent(i.new_error_share())
        << std::setw(11) << percent(i.inherited_share()) << std::setw(11)
        << percent(i.corrected_share()) << "\n";
  };
  for (size_t p = 0; p < phases.size(); ++p) line(phases[p], t.phase[p]);
  line("all", t.all());
  return out.str();
}

}  // namespace

void add_audit_metrics(const GameAudit& audit, engine::Metrics& metrics) {
  const auto distill = audit.distill.all();
  metrics.add("audit_teacher_keeps", distill.source_accuracy().value());
  metrics.add("audit_keeps", distill.result_accuracy().value());
  metrics.add("audit_new_errors", distill.new_error_share().value());
  metrics.add("audit_inherited", distill.inherited_share().value());
  metrics.add("audit_corrected", distill.corrected_share().value());
  if (!audit.amplify.empty()) {
    const auto amplify = audit.amplify.front().all();
    metrics.add("audit_search_introduced", amplify.introduced_rate().value());
    metrics.add("audit_search_repairs", amplify.correction_rate().value());
  }
  if (audit.ways > 1) audit.redundancy_all().add_metrics("audit_vote_keeps", metrics);
  metrics.add("audit_wall_s", audit.seconds);
}

Json GameAudit::distill_json() const {
  Json j = phased_json(distill, phases);
  j["suite"] = suite;
  j["positions"] = positions;
  return j;
}

// The teacher's setting carries the redundancy figures.
Json GameAudit::amplify_json() const {
  Json j = Json::array();
  for (const auto& a : amplify) {
    Json setting = phased_json(a, phases);
    if (a.label == distill.label && ways > 1) {
      Json& r = setting["redundancy"] = redundancy_all().json();
      r["ways"] = ways;
      Json& by_phase = r["by_phase"] = Json::array();
      for (size_t p = 0; p < phases.size(); ++p) {
        Json row = redundancy[p].json();
        row["phase"] = phases[p];
        by_phase.push(row);
      }
    }
    j.push(setting);
  }
  return j;
}

Json GameAudit::capability_json() const {
  Json j = Json::object();
  j["raw_policy_keeps_result"] = distill.all().result_accuracy().json();
  return j;
}

Json GameAudit::cost_json() const {
  Json j = Json::object();
  j["seconds"] = seconds;
  return j;
}

std::string GameAudit::redundancy_text() const {
  const audit::Redundancy r = redundancy_all();
  std::ostringstream out;
  out << "Redundancy: the teacher search repeated " << ways - 1
      << " time(s) on symmetric images with other seeds; a flag when the moves differ\n"
      << "  disagreement " << percent(r.disagreement()) << " (" << r.flagged << " of " << r.inputs
      << "); flag recall P(flag | teacher wrong) " << percent(r.recall()) << " of "
      << r.primary_wrong << ", precision P(teacher wrong | flag) " << percent(r.precision())
      << "; the vote keeps the result on " << percent(r.vote_accuracy()) << " against "
      << percent(r.primary_accuracy()) << "\n";
  return out.str();
}

std::string GameAudit::text() const {
  std::ostringstream out;
  out << positions << " decisive positions: " << suite << "\n";
  out << "Distill (requirement 1): raw A_t+1 against its teacher, search with A_t ("
      << distill.label << "); right = keeps the result\n"
      << phased_text(distill, phases, "teacher", "A_t+1");
  for (const auto& a : amplify) {
    const auto all = a.all();
    out << "Amplify (requirement 2): " << a.label
        << " with A_t against raw A_t: P(search wrong | raw right) "
        << percent(all.introduced_rate()) << ", P(search right | raw wrong) "
        << percent(all.correction_rate()) << "\n"
        << phased_text(a, phases, "raw A_t", "search");
  }
  if (ways > 1) out << redundancy_text();
  out << "audit cost: " << std::fixed << std::setprecision(1) << seconds << " s\n";
  return out.str();
}

}  // namespace ida::selfplay
