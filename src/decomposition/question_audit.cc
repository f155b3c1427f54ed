#include "decomposition/question_audit.h"

#include <chrono>
#include <map>
#include <sstream>

#include "core/error.h"
#include "core/table.h"
#include "decomposition/model_answerer.h"
#include "decomposition/redundancy.h"

namespace ida::decomposition {
namespace {

using questions::Answer;

// The audit of one suite.
class SuiteAudit {
 public:
  SuiteAudit(const questions::Domain& domain, const QuestionSet& set, int64_t& oracle_calls)
      : domain_(domain), set_(set), oracle_calls_(oracle_calls) {}

  SizeAudit run(int size, const net::QuestionNet& before, const net::QuestionNet& after,
                const net::QuestionNet* baseline) {
    SizeAudit result;
    result.size = size;
    questions::AmplifyCounts unused;
    std::vector<Answer> direct_before;
    const auto amplified = amplify_set(domain_, before, set_, unused, &direct_before);
    const auto direct_after =
        answer_directly(after, set_.contexts, set_.context_of, set_.questions);
    const auto others = alternative_answers(domain_, before, set_, unused);
    int64_t right_before = 0;
    for (size_t i = 0; i < set_.questions.size(); ++i) {
      const auto& context = set_.contexts[set_.context_of[i]];
      const Answer truth = oracle(context, set_.questions[i]);
      const int depth = domain_.depth(context, set_.questions[i]);
      const bool teacher_right = amplified[i].answer == truth;
      const bool before_right = direct_before[i] == truth;
      const bool after_right = direct_after[i] == truth;
      right_before += before_right;
      for (auto* d : {&result.distill, &result.distill_by_depth[depth]})
        d->add(teacher_right, after_right, direct_after[i] == amplified[i].answer);
      result.amplify.add(before_right, teacher_right, amplified[i].answer == direct_before[i]);
      const auto [calls, wrong] = model_calls(context, amplified[i]);
      for (auto* c : {&result.compounding, &result.compounding_by_depth[depth]})
        c->add(teacher_right, calls, wrong);
      if (others.empty()) continue;
      std::vector<Answer> ways{amplified[i].answer};
      for (const auto& o : others) ways.push_back(o[i]);
      const bool vote_right = audit::plurality(ways) == truth;
      for (auto* r : {&result.redundancy, &result.redundancy_by_depth[depth]})
        r->add(!audit::unanimous(ways), teacher_right, vote_right);
    }
    result.accuracy_before = static_cast<double>(right_before) / set_.questions.size();
    result.h_alone = h_alone();
    if (baseline) result.baseline = accuracy(*baseline);
    result.gap_recovered = audit::teacher_gap_recovered(result.accuracy_before,
                                                        result.distill.source_accuracy().value(),
                                                        result.distill.result_accuracy().value());
    return result;
  }

 private:
  audit::Share h_alone() {
    const Answer unknown(domain_.answer_format().length());
    questions::FunctionAnswerer nobody([&](int, const questions::Question&) { return unknown; });
    questions::AmplifyCounts unused;
    const auto answers =
        questions::amplify_batch(domain_, set_.contexts, set_.context_of, set_.questions,
                                 questions::overseer_of(domain_), nobody, unused);
    return graded(answers_of(answers));
  }

  audit::Share accuracy(const net::QuestionNet& agent) {
    return graded(answer_directly(agent, set_.contexts, set_.context_of, set_.questions));
  }

  // The share of the suite's questions that `answers` (one per question) gets right.
  audit::Share graded(const std::vector<Answer>& answers) {
    audit::Share right{0, static_cast<int64_t>(answers.size())};
    for (size_t i = 0; i < answers.size(); ++i)
      right.count += answers[i] == oracle(set_.contexts[set_.context_of[i]], set_.questions[i]);
    return right;
  }

  Answer oracle(const questions::Context& context, const questions::Question& question) {
    ++oracle_calls_;
    return domain_.ground_truth(context, question);
  }

  // The sub-questions of the decomposition that A answered, and how many it got wrong.
  std::pair<int, int> model_calls(const questions::Context& context,
                                  const questions::Amplified& amplified) {
    int calls = 0, wrong = 0;
    for (size_t k = 0; k < amplified.transcript.size(); ++k) {
      if (amplified.looked_up[k]) continue;
      ++calls;
      const auto& exchange = amplified.transcript[k];
      wrong += exchange.answer != oracle(context, exchange.question);
    }
    return {calls, wrong};
  }

  const questions::Domain& domain_;
  const QuestionSet& set_;
  int64_t& oracle_calls_;
};

// {"depth": d, ...row(value)} for each depth of `by_depth`.
template <class Value, class Row>
Json by_depth_json(const std::map<int, Value>& by_depth, Row row) {
  Json rows = Json::array();
  for (const auto& [depth, value] : by_depth) {
    Json r = row(value);
    r["depth"] = depth;
    rows.push(r);
  }
  return rows;
}

Json distill_size_json(const SizeAudit& s) {
  Json j = Json::object();
  j["size"] = s.size;
  j["all"] = s.distill.json();
  j["accuracy_before"] = s.accuracy_before;
  j["gap_recovered"] = s.gap_recovered ? Json(*s.gap_recovered) : Json();
  j["by_depth"] = by_depth_json(s.distill_by_depth, [](const auto& d) { return d.json(); });
  return j;
}

// Compounding predicted from the suite's per-call error rate overall, from each depth's own
// rate per depth.
Json amplify_size_json(const SizeAudit& s) {
  Json j = Json::object();
  j["size"] = s.size;
  j["all"] = s.amplify.json();
  j["compounding"] = s.compounding.json(s.compounding.call_error().value());
  j["by_depth"] = by_depth_json(s.compounding_by_depth,
                                [](const auto& c) { return c.json(c.call_error().value()); });
  if (s.redundancy.inputs > 0) {
    Json& r = j["redundancy"] = s.redundancy.json();
    r["by_depth"] = by_depth_json(s.redundancy_by_depth, [](const auto& d) { return d.json(); });
  }
  return j;
}

std::string fixed(double x, int digits = 1) {
  std::ostringstream out;
  out.precision(digits);
  out << std::fixed << x;
  return out.str();
}

// "12.3% (45)": the share and its count.
std::string percent_count(const audit::Share& s) {
  return audit::percent(s) + " (" + std::to_string(s.count) + ")";
}

std::string redundancy_text(const SizeAudit& s) {
  std::ostringstream out;
  out << "  Redundancy: H's alternative decompositions answered by A_t; a flag when they "
         "disagree with Amplify(H, A_t)\n";
  Table table;
  for (const auto& [depth, r] : s.redundancy_by_depth)
    table.add_row({{"depth", depth},
                   {"questions", static_cast<double>(r.inputs)},
                   {"disagree", r.disagreement().value()},
                   {"recall", r.recall().value()},
                   {"precision", r.precision().value()},
                   {"teacher_acc", r.primary_accuracy().value()},
                   {"vote_acc", r.vote_accuracy().value()}});
  out << table.render();
  const audit::Redundancy& r = s.redundancy;
  out << "  disagreement " << percent_count(r.disagreement()) << "; flag recall P(flag | wrong) "
      << percent_count(r.recall()) << ", precision P(wrong | flag) " << percent_count(r.precision())
      << "; vote " << percent_count(r.vote_accuracy()) << " against "
      << percent_count(r.primary_accuracy()) << "\n";
  return out.str();
}

}  // namespace

QuestionAudit audit_questions(const questions::Domain& domain, const net::QuestionNet& before,
                              const net::QuestionNet& after,
                              const std::vector<std::pair<int, QuestionSet>>& suites,
                              int trained_size, const net::QuestionNet* baseline) {
  const auto start = std::chrono::steady_clock::now();
  QuestionAudit result;
  result.trained_size = trained_size;
  for (const auto& [size, set] : suites)
    result.sizes.push_back(
        SuiteAudit(domain, set, result.oracle_calls).run(size, before, after, baseline));
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

void add_audit_metrics(const QuestionAudit& audit, engine::Metrics& metrics) {
  IDA_CHECK(!audit.sizes.empty());
  const SizeAudit& s = audit.sizes.front();
  metrics.add("audit_teacher_acc", s.distill.source_accuracy().value());
  metrics.add("audit_acc", s.distill.result_accuracy().value());
  metrics.add("audit_new_errors", s.distill.new_error_share().value());
  metrics.add("audit_inherited", s.distill.inherited_share().value());
  metrics.add("audit_corrected", s.distill.corrected_share().value());
  if (s.gap_recovered) metrics.add("audit_gap_recovered", *s.gap_recovered);
  const double e = s.compounding.call_error().value();
  metrics.add("audit_call_error", e);
  metrics.add("audit_amp_error", s.compounding.observed_error().value());
  metrics.add("audit_amp_predicted", s.compounding.predicted_error(e));
  s.redundancy.add_metrics("audit_vote_acc", metrics);
  metrics.add("audit_wall_s", audit.seconds);
}

Json QuestionAudit::distill_json() const {
  Json j = Json::array();
  for (const auto& s : sizes) j.push(distill_size_json(s));
  return j;
}

Json QuestionAudit::amplify_json() const {
  Json j = Json::array();
  for (const auto& s : sizes) j.push(amplify_size_json(s));
  return j;
}

std::optional<double> SizeAudit::baseline_gap_recovered() const {
  if (!baseline || baseline->value() - h_alone.value() < 0.02) return std::nullopt;
  return (distill.result_accuracy().value() - h_alone.value()) /
         (baseline->value() - h_alone.value());
}

int QuestionAudit::frontier() const {
  int frontier = 0;
  for (const auto& s : sizes) {
    if (s.distill.result_accuracy().value() < 0.95) break;
    frontier = s.size;
  }
  return frontier;
}

Json QuestionAudit::capability_json() const {
  Json j = Json::object();
  j["frontier"] = frontier();
  j["trained_size"] = trained_size;
  Json& rows = j["by_size"] = Json::array();
  for (const auto& s : sizes) {
    Json row = Json::object();
    row["size"] = s.size;
    row["beyond_trained"] = trained_size > 0 && s.size > trained_size;
    row["accuracy"] = s.distill.result_accuracy().json();
    row["h_alone"] = s.h_alone.json();
    if (s.baseline) {
      row["baseline"] = s.baseline->json();
      const auto pgr = s.baseline_gap_recovered();
      row["gap_recovered_vs_baseline"] = pgr ? Json(*pgr) : Json();
    }
    rows.push(row);
  }
  return j;
}

Json QuestionAudit::cost_json() const {
  Json j = Json::object();
  j["oracle_calls"] = oracle_calls;
  j["seconds"] = seconds;
  return j;
}

std::string QuestionAudit::text() const {
  std::ostringstream out;
  for (const auto& s : sizes) {
    out << "size " << s.size << ", " << s.distill.inputs << " held-out questions\n";
    out << "  Distill (requirement 1): A_t+1 against its teacher Amplify(H, A_t)\n";
    Table distill;
    for (const auto& [depth, d] : s.distill_by_depth)
      distill.add_row({{"depth", depth},
                       {"questions", static_cast<double>(d.inputs)},
                       {"teacher_acc", d.source_accuracy().value()},
                       {"A_acc", d.result_accuracy().value()},
                       {"new_errors", d.new_error_share().value()},
                       {"inherited", d.inherited_share().value()},
                       {"corrected", d.corrected_share().value()}});
    out << distill.render();
    out << "  all: teacher " << percent_count(s.distill.source_accuracy()) << ", A_t+1 "
        << percent_count(s.distill.result_accuracy()) << "; new errors "
        << percent_count(s.distill.new_error_share()) << ", inherited "
        << percent_count(s.distill.inherited_share()) << ", corrected "
        << percent_count(s.distill.corrected_share()) << "\n  A_t "
        << fixed(100 * s.accuracy_before) << "%; teacher gap recovered by Distill: "
        << (s.gap_recovered ? fixed(*s.gap_recovered, 2) : std::string("- (gap under 2 points)"))
        << "\n";
    out << "  Amplify (requirement 2): Amplify(H, A_t) against A_t's direct answers\n";
    Table amplify;
    for (const auto& [depth, c] : s.compounding_by_depth)
      amplify.add_row({{"depth", depth},
                       {"questions", static_cast<double>(c.questions)},
                       {"calls_to_A", static_cast<double>(c.calls) / c.questions},
                       {"call_err", c.call_error().value()},
                       {"observed_err", c.observed_error().value()},
                       {"predicted_err", c.predicted_error(c.call_error().value())}});
    out << amplify.render();
    out << "  per-call error of A " << percent_count(s.compounding.call_error())
        << "; amplification introduced errors on " << percent_count(s.amplify.new_error_share())
        << " and corrected " << percent_count(s.amplify.corrected_share()) << "\n";
    if (s.redundancy.inputs > 0) out << redundancy_text(s);
  }
  out << "Capability: A_t+1's held-out accuracy against H alone (H without A: sub-questions "
         "not looked up get \"don't know\")\n";
  for (const auto& s : sizes)
    out << "  size " << s.size
        << (trained_size > 0 && s.size > trained_size ? " (beyond trained)" : "") << ": A "
        << percent_count(s.distill.result_accuracy()) << ", H alone " << percent_count(s.h_alone)
        << (s.baseline ? ", baseline " + percent_count(*s.baseline) + ", gap recovered " +
                             (s.baseline_gap_recovered() ? fixed(*s.baseline_gap_recovered(), 2)
                                                         : std::string("- (no gap)"))
                       : std::string())
        << "\n";
  out << "  frontier (largest size with A >= 95% at it and every smaller audited size): "
      << (frontier() ? std::to_string(frontier()) : std::string("none")) << "\n";
  out << "audit cost: " << oracle_calls << " oracle answers, " << fixed(seconds) << " s\n";
  return out.str();
}

}  // namespace ida::decomposition
