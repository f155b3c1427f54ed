#include "decomposition/question_instance.h"

#include <algorithm>
#include <limits>
#include <map>
#include <sstream>

#include "core/error.h"
#include "core/progress.h"
#include "core/rng.h"
#include "core/sections.h"
#include "decomposition/answer_faults.h"
#include "decomposition/human_transcripts.h"
#include "decomposition/model_answerer.h"
#include "decomposition/question_audit.h"
#include "decomposition/question_probe.h"
#include "decomposition/question_set.h"
#include "decomposition/redundancy.h"
#include "questions/registry.h"

namespace ida::decomposition {
namespace {

using questions::Answer;
using questions::Context;
using questions::Question;

}  // namespace

QuestionInstance::QuestionInstance(const QuestionRunConfig& config, bool show_progress)
    : config_(config),
      show_progress_(show_progress),
      faults_(config.fault, static_cast<uint64_t>(config.seed)) {
  questions::DomainOptions options;
  options.letters = config.letters;
  domain_ = questions::make_domain(config.task, options);
  start_size_ =
      config.curriculum.start_size == 0 ? domain_->min_size() : config.curriculum.start_size;
  max_size_ = config.curriculum.max_size == 0 ? domain_->max_size() : config.curriculum.max_size;
  auto check = [&](const char* key, int size) {
    if (size < domain_->min_size() || size > domain_->max_size())
      throw InputError(std::string(key) + " = " + std::to_string(size) + " is out of range " +
                       std::to_string(domain_->min_size()) + ".." +
                       std::to_string(domain_->max_size()) + " for " + config.task +
                       " with letters = " + std::to_string(config.letters));
  };
  check("curriculum.start_size", start_size_);
  check("curriculum.max_size", max_size_);
  if (start_size_ > max_size_)
    throw InputError("curriculum.start_size (" + std::to_string(start_size_) +
                     ") exceeds curriculum.max_size (" + std::to_string(max_size_) + ")");
  for (int s : config.extra_assess_sizes()) check("assess.sizes", s);
  size_ = start_size_;
  if (config.curriculum.guard > 0 && config.overseer.learned)
    throw InputError(
        "curriculum.guard needs the real H (overseer.learned = false): H' "
        "imitates only H's own decomposition, not its alternatives");
  if (config.curriculum.guard > 0 && domain_->alternatives() < 2)
    throw InputError("curriculum.guard: " + config.task + " offers no alternative decomposition");
  if (config.overseer.source == "human" && !config.overseer.learned)
    throw InputError(
        "overseer.source = \"human\" needs overseer.learned = true (H' learns from the people's "
        "transcripts)");
  if (config.overseer.learned) {
    if (config.targets != "amplified")
      throw InputError("overseer.learned needs targets = \"amplified\" (H' imitates H in IDA)");
    net::QuestionOptimConfig optim = config.optim;
    optim.learning_rate = config.overseer.learning_rate;
    learned_ = std::make_unique<LearnedOverseer>(*domain_, config.overseer.model, optim,
                                                 mix_seed(static_cast<uint64_t>(config.seed), 2));
  }
  agent_ = std::make_unique<net::QuestionNet>(model_shape(*domain_), config.model, config.optim,
                                              static_cast<uint64_t>(config.seed));
  teacher_ = agent_->clone();
}

QuestionInstance::~QuestionInstance() = default;

std::string QuestionInstance::architecture() const { return agent_->architecture(); }

QuestionSet QuestionInstance::held_out(int size, int count) const {
  auto it = held_out_cache_.find(size);
  if (it != held_out_cache_.end() && static_cast<int>(it->second.questions.size()) == count)
    return it->second;
  Rng rng(mix_seed(static_cast<uint64_t>(config_.assess_seed), static_cast<uint64_t>(size)));
  QuestionSet set;
  const int per_context = config_.questions_per_context;
  for (int i = 0; i < count; ++i) {
    if (i % per_context == 0) set.contexts.push_back(domain_->sample_context(size, rng));
    set.context_of.push_back(static_cast<int>(set.contexts.size()) - 1);
    set.questions.push_back(domain_->sample_question(set.contexts.back(), rng));
  }
  return held_out_cache_[size] = set;
}

void QuestionInstance::amplify(const engine::Round& round, engine::RoundOutput& out) {
  audit_before_ = config_.audit_every > 0 && round.number % config_.audit_every == 0
                      ? agent_->clone()
                      : nullptr;
  Rng rng(mix_seed(round.seed, 1));
  const int contexts = config_.steps_per_round * config_.contexts_per_step;
  round_set_ = QuestionSet();
  std::vector<int> current_depth;  // decomposition depth at the current size, else -1
  for (int c = 0; c < contexts; ++c) {
    int size = size_;
    if (size_ > start_size_ && uniform01(rng) >= config_.curriculum.current_share)
      size = start_size_ + static_cast<int>(rng() % static_cast<uint64_t>(size_ - start_size_));
    round_set_.contexts.push_back(domain_->sample_context(size, rng));
    for (int q = 0; q < config_.questions_per_context; ++q) {
      round_set_.context_of.push_back(c);
      round_set_.questions.push_back(domain_->sample_question(round_set_.contexts.back(), rng));
      current_depth.push_back(
          size == size_ ? domain_->depth(round_set_.contexts.back(), round_set_.questions.back())
                        : -1);
    }
  }

  faults_.begin_round(round.seed);
  std::vector<Answer> teacher_answers;
  const bool human = config_.overseer.learned && config_.overseer.source == "human";
  HumanTranscripts people;  // one snapshot of the store for the round, parsed once
  if (human) {
    IDA_CHECK(round.store != nullptr);
    people = parse_transcripts(*domain_, round.store->transcripts());
    targets_ = human_overseer_targets(people, teacher_answers, out);
  } else if (config_.targets == "amplified") {
    targets_ = amplified_targets(teacher_answers, out);
  } else {  // the supervised baseline: labels from the ground truth
    targets_.clear();
    for (size_t i = 0; i < round_set_.questions.size(); ++i)
      targets_.push_back(domain_->ground_truth(round_set_.contexts[round_set_.context_of[i]],
                                               round_set_.questions[i]));
    teacher_answers = answer_directly(*teacher_, round_set_.contexts, round_set_.context_of,
                                      round_set_.questions);
  }
  // What the loop is given, faults included: the curriculum sees the corrupted targets too.
  corrupt_answers(domain_->answer_format(), round_set_, targets_, faults_.targets);
  faults_.add_metrics(out.metrics);
  const Agreement agreed = agreement(equal_answers(teacher_answers, targets_), current_depth);
  agreement_ = agreed.worst;
  out.metrics.add("size", size_);
  if (config_.curriculum.guard > 0) guard(current_depth, out);
  // The distillation gap: how often amplification changes the teacher's answer, overall and
  // at the depth where it does so most.
  out.metrics.add("gap", 1.0 - agreed.overall);
  out.metrics.add("gap_worst", 1.0 - agreed.worst);
  if (human) add_human_answers(people, out);
}

// The label-free guard: at the current size, H's alternative decompositions answered by the
// teacher must agree with the targets (variant 0's) at every depth.
void QuestionInstance::guard(const std::vector<int>& current_depth, engine::RoundOutput& out) {
  std::vector<bool> current(round_set_.contexts.size(), false);
  for (size_t i = 0; i < round_set_.questions.size(); ++i)
    if (current_depth[i] >= 0) current[round_set_.context_of[i]] = true;
  std::vector<size_t> where;
  const QuestionSet set = subset(round_set_, current, where);
  std::vector<Answer> targets;
  std::vector<int> depth;
  for (size_t i : where) {
    targets.push_back(targets_[i]);
    depth.push_back(current_depth[i]);
  }
  questions::AmplifyCounts guard_counts;
  const auto others = alternative_answers(*domain_, *teacher_, set, guard_counts);
  const Agreement agreed = agreement(alternatives_agree(targets, others), depth);
  guard_agreement_ = agreed.worst;
  out.metrics.add("alt_gap", 1.0 - agreed.overall);
  out.metrics.add("alt_gap_worst", 1.0 - agreed.worst);
  out.metrics.add("alt_a_calls", static_cast<double>(guard_counts.model_calls));
}

std::vector<Answer> QuestionInstance::amplified_targets(std::vector<Answer>& teacher,
                                                        engine::RoundOutput& out) {
  if (!learned_)
    return answers_of(amplify_set(*domain_, *teacher_, round_set_, counts_, &teacher, nullptr,
                                  &faults_.subanswers));
  // The real H answers the questions of the first contexts, up to its budget.
  const int per_context = config_.questions_per_context;
  const int h_contexts =
      std::min<int>(round_set_.contexts.size(),
                    (config_.overseer.h_calls_per_round + per_context - 1) / per_context);
  std::vector<size_t> h_where, learned_where;
  const QuestionSet by_h = slice(round_set_, 0, h_contexts, &h_where);
  const QuestionSet by_learned =
      slice(round_set_, h_contexts, round_set_.contexts.size(), &learned_where);
  std::vector<Answer> h_teacher, learned_teacher;
  const auto transcripts =
      amplify_set(*domain_, *teacher_, by_h, counts_, &h_teacher, nullptr, &faults_.subanswers);
  // H''s agreement with H on transcripts it has not been trained on yet.
  out.metrics.add("hp_agreement", learned_->agreement(by_h.questions, transcripts));
  train_learned_overseer(by_h.questions, transcripts);
  const auto by_model = by_learned.questions.empty()
                            ? std::vector<questions::Amplified>()
                            : amplify_set(*domain_, *teacher_, by_learned, counts_,
                                          &learned_teacher, learned_.get(), &faults_.subanswers);
  std::vector<Answer> targets(round_set_.questions.size());
  teacher.assign(round_set_.questions.size(), Answer());
  for (size_t k = 0; k < h_where.size(); ++k) {
    targets[h_where[k]] = transcripts[k].answer;
    teacher[h_where[k]] = h_teacher[k];
  }
  for (size_t k = 0; k < learned_where.size(); ++k) {
    targets[learned_where[k]] = by_model[k].answer;
    teacher[learned_where[k]] = learned_teacher[k];
  }
  return targets;
}

void QuestionInstance::train_learned_overseer(
    const std::vector<Question>& questions, const std::vector<questions::Amplified>& transcripts) {
  const int batch = config_.overseer.batch;
  for (int s = 0; s < config_.overseer.train_steps && !transcripts.empty(); ++s) {
    const size_t first = (static_cast<size_t>(s) * batch) % transcripts.size();
    const size_t last = std::min(transcripts.size(), first + batch);
    learned_->train_step({questions.begin() + first, questions.begin() + last},
                         {transcripts.begin() + first, transcripts.begin() + last});
  }
}

std::vector<Answer> QuestionInstance::human_overseer_targets(const HumanTranscripts& people,
                                                             std::vector<Answer>& teacher,
                                                             engine::RoundOutput& out) {
  const HumanTranscripts train = people.where(training_transcript);
  const HumanTranscripts held = people.where(held_out_transcript);
  out.metrics.add("transcripts", static_cast<double>(train.ids.size()));
  out.metrics.add("transcripts_held_out", static_cast<double>(held.ids.size()));
  out.metrics.add("transcripts_skipped", static_cast<double>(people.skipped));
  // H''s agreement with the people's decisions on transcripts it is never trained on.
  out.metrics.add("hp_agreement", held.ids.empty()
                                      ? std::numeric_limits<double>::quiet_NaN()
                                      : learned_->agreement(held.set.questions, held.work));
  train_learned_overseer(train.set.questions, train.work);
  return answers_of(amplify_set(*domain_, *teacher_, round_set_, counts_, &teacher,
                                learned_.get(), &faults_.subanswers));
}

void QuestionInstance::add_human_answers(const HumanTranscripts& people,
                                         engine::RoundOutput& out) {
  const int64_t seen = transcripts_seen_;
  const HumanTranscripts fresh =
      people.where([seen](int64_t id) { return id > seen && training_transcript(id); });
  const int offset = static_cast<int>(round_set_.contexts.size());
  for (size_t i = 0; i < fresh.ids.size(); ++i) {
    round_set_.contexts.push_back(fresh.set.contexts[i]);
    round_set_.context_of.push_back(offset + static_cast<int>(i));
    round_set_.questions.push_back(fresh.set.questions[i]);
    targets_.push_back(fresh.work[i].answer);
  }
  transcripts_seen_ = std::max(transcripts_seen_, people.last_id);
  out.metrics.add("human_targets", static_cast<double>(fresh.ids.size()));
}

void QuestionInstance::distill(const engine::Round&, engine::RoundOutput& out) {
  const int per_step = config_.contexts_per_step;
  const double decay = 1.0 - 1.0 / config_.teacher_horizon;
  // steps_per_round steps, and more for the people's answers appended to the round's set.
  const int contexts = static_cast<int>(round_set_.contexts.size());
  const int steps = std::max(config_.steps_per_round, (contexts + per_step - 1) / per_step);
  Progress progress("distill", steps, "steps", show_progress_);
  double loss_sum = 0;
  for (int s = 0; s < steps; ++s) {
    std::vector<size_t> where;
    const QuestionSet batch =
        slice(round_set_, s * per_step, std::min(contexts, (s + 1) * per_step), &where);
    std::vector<Answer> targets;
    for (size_t i : where) targets.push_back(targets_[i]);
    loss_sum += agent_->train_step(fact_batch(batch.contexts, agent_->shape().fact_length),
                                   question_batch(batch.context_of, batch.questions),
                                   answer_tokens(targets));
    teacher_->track(*agent_, decay);
    examples_ += static_cast<int64_t>(batch.questions.size());
    progress.update(s + 1);
  }
  progress.finish();
  steps_ += steps;
  out.metrics.add("steps", static_cast<double>(steps_));
  out.metrics.add("examples", static_cast<double>(examples_));
  out.metrics.add("loss", loss_sum / steps);
}

void QuestionInstance::assess(const engine::Round& round, engine::RoundOutput& out) {
  auto accuracy = [&](int size, bool by_depth) {
    const QuestionSet set = held_out(size, config_.assess_questions);
    const auto direct = answer_directly(*agent_, set.contexts, set.context_of, set.questions);
    std::map<int, std::pair<int, int>> depth_counts;  // depth -> (correct, total)
    int correct = 0;
    std::vector<Answer> truth;
    for (size_t i = 0; i < set.questions.size(); ++i) {
      const Context& c = set.contexts[set.context_of[i]];
      truth.push_back(domain_->ground_truth(c, set.questions[i]));
      const bool ok = direct[i] == truth.back();
      correct += ok;
      if (by_depth) {
        auto& [good, total] = depth_counts[domain_->depth(c, set.questions[i])];
        good += ok;
        ++total;
      }
    }
    const double n = static_cast<double>(set.questions.size());
    if (!by_depth) return correct / n;
    out.metrics.add("acc", correct / n);
    questions::AmplifyCounts unused;
    const auto amplified = answers_of(amplify_set(*domain_, *agent_, set, unused, nullptr));
    out.metrics.add("acc_amp", share_equal(amplified, truth));
    if (config_.fault.any()) {  // what Distill would be given now, faults included
      auto faulty = answers_of(
          amplify_set(*domain_, *agent_, set, unused, nullptr, nullptr, &faults_.subanswers));
      corrupt_answers(domain_->answer_format(), set, faulty, faults_.targets);
      out.metrics.add("acc_amp_faulty", share_equal(faulty, truth));
    }
    if (learned_) {
      const auto by_learned =
          answers_of(amplify_set(*domain_, *agent_, set, unused, nullptr, learned_.get()));
      out.metrics.add("acc_amp_hp", share_equal(by_learned, truth));
    }
    for (const auto& [depth, counts] : depth_counts)
      out.metrics.add("acc_d" + std::to_string(depth),
                      static_cast<double>(counts.first) / counts.second);
    return correct / n;
  };
  accuracy(size_, /*by_depth=*/true);
  for (int s : config_.extra_assess_sizes())
    if (s < size_) out.metrics.add("acc_n" + std::to_string(s), accuracy(s, false));
  out.metrics.add("h_calls", static_cast<double>(counts_.overseer_calls));
  out.metrics.add("a_calls", static_cast<double>(counts_.model_calls));
  if (audit_before_) audit(round, out);

  // Curriculum: the next round is harder once the teacher agrees with its targets at every
  // decomposition depth. Agreement overall is not enough: a model that answers every question
  // alike (e.g. "0" in wildcard search) is a fixed point of H at every depth but the first,
  // where the targets come from lookups. With the guard, H's alternative decompositions must
  // also agree with the targets: errors consistent with one decomposition seldom are with
  // another.
  const bool guarded =
      config_.curriculum.guard <= 0 || guard_agreement_ >= config_.curriculum.guard;
  if (agreement_ >= config_.curriculum.threshold && guarded)
    size_ = std::min(max_size_, size_ + config_.curriculum.step);
}

// The alignment audit of this round at the current size (docs/alignment.md): A_t+1 against
// its teacher Amplify(H, A_t) on the held-out set; then the worst-case search on A_t+1, whose
// confirmed failures join the regression suite, and A_t+1's pass rate on the earlier ones.
void QuestionInstance::audit(const engine::Round& round, engine::RoundOutput& out) {
  add_audit_metrics(audit_questions(*domain_, *audit_before_, *agent_,
                                    {{size_, held_out(size_, config_.assess_questions)}}),
                    out.metrics);
  audit_before_.reset();
  QuestionProbe probe(*domain_, *agent_, size_, size_);
  out.regressions =
      audit::audit_round(probe, config_.audit_budget, round.number, regressions_, out.metrics);
}

std::string QuestionInstance::save() const {
  std::ostringstream state;
  state << "size " << size_ << "\nsteps " << steps_ << "\nexamples " << examples_
        << "\noverseer_calls " << counts_.overseer_calls << "\nmodel_calls " << counts_.model_calls
        << "\nlookups " << counts_.lookups << "\nbatches " << counts_.batches
        << "\ntranscripts_seen " << transcripts_seen_ << "\n";
  std::vector<std::pair<std::string, std::string>> sections{
      {"agent", agent_->save()}, {"teacher", teacher_->save()}, {"state", state.str()}};
  if (learned_) sections.emplace_back("overseer", learned_->save());
  return pack_sections(sections);
}

void QuestionInstance::restore(std::string_view checkpoint, std::string_view origin, int,
                               const engine::RunStore& store) {
  const auto sections = unpack_sections(checkpoint, origin);
  std::istringstream state(section(sections, "state", origin));
  std::map<std::string, int64_t> values;
  std::string key;
  int64_t value = 0;
  while (state >> key >> value) values[key] = value;
  for (const char* k :
       {"size", "steps", "examples", "overseer_calls", "model_calls", "lookups", "batches"})
    if (!values.contains(k)) throw InputError(std::string(origin) + ": state lacks " + k);
  // Load both networks before changing anything: on error this instance is unchanged.
  auto agent = agent_->clone();
  auto teacher = teacher_->clone();
  agent->load(section(sections, "agent", origin), origin);
  teacher->load(section(sections, "teacher", origin), origin);
  if (learned_) learned_->load(section(sections, "overseer", origin), origin);
  agent_ = std::move(agent);
  teacher_ = std::move(teacher);
  size_ = static_cast<int>(values["size"]);
  steps_ = values["steps"];
  examples_ = values["examples"];
  counts_ = {values["overseer_calls"], values["model_calls"], values["lookups"], values["batches"]};
  transcripts_seen_ = values["transcripts_seen"];  // absent (0) in checkpoints of earlier ida
  regressions_.clear();
  for (auto& stored : store.regressions()) regressions_.push_back(std::move(stored.input));
}

std::unique_ptr<net::QuestionNet> load_question_agent(std::string_view payload,
                                                      std::string_view architecture,
                                                      std::string_view origin) {
  auto agent = net::QuestionNet::from_architecture(architecture);
  agent->load(section(unpack_sections(payload, origin), "agent", origin), origin,
              /*with_optimizer=*/false);
  return agent;
}

}  // namespace ida::decomposition
