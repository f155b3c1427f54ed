#include "decomposition/question_probe.h"

#include <algorithm>

#include "core/error.h"
#include "decomposition/model_answerer.h"
#include "decomposition/question_set.h"

namespace ida::decomposition {
namespace {

template <class T>
const T& pick(const std::vector<T>& items, Rng& rng) {
  return items[std::uniform_int_distribution<size_t>(0, items.size() - 1)(rng)];
}

QuestionSet set_of(const std::vector<QuestionInput>& inputs) {
  QuestionSet set;
  for (const auto& input : inputs) {
    set.context_of.push_back(static_cast<int>(set.contexts.size()));
    set.contexts.push_back(input.context);
    set.questions.push_back(input.question);
  }
  return set;
}

}  // namespace

QuestionProbe::QuestionProbe(const questions::Domain& domain, const net::QuestionNet& agent,
                             int min_size, int max_size)
    : domain_(domain),
      agent_(agent),
      min_size_(std::max(min_size, domain.min_size())),
      max_size_(std::min(max_size, domain.max_size())) {
  if (min_size_ > max_size_) throw InputError("worst-case search: no size in range");
  for (size_t k = 0; k < domain.kinds().size(); ++k)
    if (!domain.kinds()[k].primitive) kinds_.push_back(static_cast<int>(k));
}

QuestionInput QuestionProbe::sample(int size, int kind, Rng& rng) const {
  QuestionInput input{domain_.sample_context(size, rng), {}};
  input.question = domain_.sample_question_of_kind(input.context, kind, rng);
  return input;
}

std::vector<QuestionInput> QuestionProbe::seeds(int count, Rng& rng) {
  std::vector<QuestionInput> seeds;
  for (int i = 0; i < count; ++i)
    seeds.push_back(sample(std::uniform_int_distribution<int>(min_size_, max_size_)(rng),
                           pick(kinds_, rng), rng));
  return seeds;
}

// One fact dropped or replaced by a fact of another context of the same size; nullopt when
// the task refuses the facts or the size changes.
std::optional<questions::Context> QuestionProbe::changed_facts(const questions::Context& context,
                                                               Rng& rng) const {
  auto facts = context.facts();
  const size_t at = std::uniform_int_distribution<size_t>(0, facts.size() - 1)(rng);
  if (rng() % 2 && facts.size() > 1) {
    facts.erase(facts.begin() + static_cast<std::ptrdiff_t>(at));
  } else {
    facts[at] = pick(domain_.sample_context(context.size(), rng).facts(), rng);
  }
  try {
    auto changed = domain_.make_context(std::move(facts), context.salt());
    if (changed.size() == context.size()) return changed;
  } catch (const InputError&) {
    // Not a valid context of this task: this try found nothing.
  }
  return std::nullopt;
}

std::optional<QuestionInput> QuestionProbe::mutate(const QuestionInput& input, Rng& rng) {
  const int kind = domain_.kind_of(input.question);
  QuestionInput next = input;
  switch (std::uniform_int_distribution<int>(0, 4)(rng)) {
    case 0:  // another question of the same kind
      next.question = domain_.sample_question_of_kind(input.context, kind, rng);
      break;
    case 1:  // another question of any kind
      next.question = domain_.sample_question_of_kind(input.context, pick(kinds_, rng), rng);
      break;
    case 2:
      if (auto changed = changed_facts(input.context, rng)) {
        next.context = std::move(*changed);
        break;
      }
      return std::nullopt;
    case 3:  // other answers of the task's random primitives
      next.context = input.context.with_salt(rng());
      break;
    default: {  // a context of a neighbouring size
      const int size =
          std::clamp(input.context.size() + (rng() % 2 ? 1 : -1), min_size_, max_size_);
      next = sample(size, kind, rng);
    }
  }
  return next;
}

std::vector<questions::Answer> QuestionProbe::direct(
    const std::vector<QuestionInput>& inputs) const {
  const auto set = set_of(inputs);
  return answer_directly(agent_, set.contexts, set.context_of, set.questions);
}

std::vector<audit::Disagreement> QuestionProbe::disagreement(
    const std::vector<QuestionInput>& inputs) {
  const auto set = set_of(inputs);
  questions::AmplifyCounts unused;
  std::vector<questions::Answer> direct;
  const auto amplified = amplify_set(domain_, agent_, set, unused, &direct);
  std::vector<audit::Disagreement> out;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const auto& a = direct[i];
    const auto& b = amplified[i].answer;
    int differ = 0;
    for (int t = 0; t < a.length(); ++t) differ += a[t] != b[t];
    out.push_back({static_cast<double>(differ) / std::max(1, a.length()), a != b});
  }
  return out;
}

std::vector<bool> QuestionProbe::wrong(const std::vector<QuestionInput>& inputs) {
  const auto answers = direct(inputs);
  std::vector<bool> out;
  for (size_t i = 0; i < inputs.size(); ++i)
    out.push_back(answers[i] != domain_.ground_truth(inputs[i].context, inputs[i].question));
  return out;
}

std::string QuestionProbe::text(const QuestionInput& input) const {
  return "salt " + std::to_string(input.context.salt()) + "\n" +
         domain_.question_format().format(input.question) + "\n" +
         domain_.context_text(input.context);
}

QuestionInput QuestionProbe::parse(const std::string& text) const {
  const size_t first = text.find('\n');
  const size_t second = first == std::string::npos ? first : text.find('\n', first + 1);
  if (second == std::string::npos || !text.starts_with("salt "))
    throw InputError("not a stored question input (salt, question, facts): " + text);
  uint64_t salt = 0;
  try {
    salt = std::stoull(text.substr(5, first - 5));
  } catch (const std::exception&) {
    throw InputError("bad salt in a stored question input: " + text.substr(0, first));
  }
  QuestionInput input{domain_.parse_context(text.substr(second + 1)).with_salt(salt),
                      domain_.parse_question(text.substr(first + 1, second - first - 1))};
  if (domain_.kind_of(input.question) < 0)
    throw InputError("not a question of " + std::string(domain_.name()) + ": " +
                     text.substr(first + 1, second - first - 1));
  return input;
}

}  // namespace ida::decomposition
