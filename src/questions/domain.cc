// The parts of the question-domain interface shared by every task (see domain.h).
#include "questions/domain.h"

#include <algorithm>
#include <utility>

#include "core/atomic_file.h"

namespace ida::questions {

Context::Context(std::vector<Fact> facts, int size, uint64_t salt,
                 std::shared_ptr<const ContextIndex> index)
    : facts_(std::move(facts)), size_(size), salt_(salt), index_(std::move(index)) {}

Context Context::with_salt(uint64_t salt) const {
  Context c = *this;
  c.salt_ = salt;
  return c;
}

Context Domain::make_context(std::vector<Fact> facts, uint64_t salt) const {
  for (const Fact& f : facts) {
    if (fact_format_.shape_of(f) < 0) {
      std::string tokens;
      for (Token t : f) tokens += (tokens.empty() ? "" : " ") + std::to_string(t);
      throw InputError("malformed " + std::string(name()) + " fact (tokens " + tokens + ")");
    }
  }
  std::sort(facts.begin(), facts.end());
  facts.erase(std::unique(facts.begin(), facts.end()), facts.end());
  Indexed indexed = index_facts(facts);
  return Context(std::move(facts), indexed.size, salt, std::move(indexed.index));
}

bool Domain::is_primitive(const Question& question) const {
  const int kind = kind_of(question);
  return kind >= 0 && kinds_[kind].primitive;
}

Question Domain::sample_question(const Context& context, Rng& rng) const {
  std::vector<int> hard;
  for (size_t k = 0; k < kinds_.size(); ++k)
    if (!kinds_[k].primitive) hard.push_back(static_cast<int>(k));
  IDA_CHECK(!hard.empty());
  return sample_question_of_kind(context, hard[rng() % hard.size()], rng);
}

Context Domain::read_context(const std::string& path) const {
  const std::string text = read_file(path);  // names the file itself when unreadable
  try {
    return parse_context(text);
  } catch (const InputError& e) {
    throw InputError(path + ": " + e.what());
  }
}

Context Domain::parse_context(std::string_view text) const {
  std::vector<Fact> facts;
  int line_number = 0;
  for (size_t pos = 0; pos <= text.size();) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    line = line.substr(0, line.find('#'));
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    try {
      facts.push_back(parse_fact(line));
    } catch (const InputError& e) {
      throw InputError("line " + std::to_string(line_number) + ": " + e.what());
    }
  }
  if (facts.empty()) throw InputError("no " + std::string(name()) + " facts in the context");
  return make_context(std::move(facts));
}

std::string Domain::context_text(const Context& context) const {
  std::string text;
  for (const Fact& f : context.facts()) text += fact_format_.format(f) + "\n";
  return text;
}

void Domain::check_size(int size) const {
  if (size < min_size() || size > max_size())
    throw InputError("instance size " + std::to_string(size) + " is out of range " +
                     std::to_string(min_size()) + ".." + std::to_string(max_size()) + " for " +
                     std::string(name()));
}

ElementNames Domain::add_element_names(const DomainOptions& options) {
  if (options.letters < 2 || options.letters > 13)
    throw InputError("letters = " + std::to_string(options.letters) + " is out of range 2..13");
  const std::string alphabet = "abcdefghijklm";
  return {vocabulary_.add_chars(alphabet.substr(0, options.letters)), options.letters};
}

std::unique_ptr<Decomposition> Domain::begin_alternative(const Question& question,
                                                         int variant) const {
  IDA_CHECK(variant >= 0 && variant < alternatives());
  return variant == 0 ? begin(question) : begin_other(question, variant);
}

std::unique_ptr<Decomposition> Domain::begin_other(const Question&, int) const {
  IDA_CHECK(false);  // alternatives() > 1 without begin_other
  return nullptr;
}

Answer amplify_one_level(const Domain& domain, const Context& context, const Question& question,
                         const Answerer& ask) {
  std::unique_ptr<Decomposition> h = domain.begin(question);
  while (std::optional<Question> sub = h->next_subquestion()) {
    h->give_answer(domain.is_primitive(*sub) ? domain.answer_primitive(context, *sub) : ask(*sub));
  }
  return h->final_answer();
}

std::string transcript_text(const Domain& domain, const Question& question,
                            const Decomposition& decomposition) {
  std::string text = domain.question_format().format(question) + "\n";
  for (const Exchange& e : decomposition.transcript()) {
    const std::string a = domain.answer_format().shape_of(e.answer) >= 0
                              ? domain.answer_format().format(e.answer)
                              : "(malformed answer)";
    text += "  " + domain.question_format().format(e.question) + ": " + a + "\n";
  }
  text += "  => " + domain.answer_format().format(decomposition.final_answer()) + "\n";
  return text;
}

}  // namespace ida::questions
