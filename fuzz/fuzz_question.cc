// Context files and questions of every question task, as `ida ask` reads them. Input: a
// context file whose last line is the question; the first byte picks the task. Parsing
// throws only InputError; a context that parses writes back as text that parses to the same
// facts; for a well-formed question H's decomposition runs to an answer with the ground
// truth answering its sub-questions, and the depth is defined.
#include <string>

#include "core/error.h"
#include "fuzz_input.h"
#include "questions/registry.h"

namespace {

using namespace ida::questions;

const std::vector<std::unique_ptr<Domain>>& domains() {
  static const auto all = [] {
    std::vector<std::unique_ptr<Domain>> made;
    for (const auto& entry : kAllDomains) made.push_back(entry.make(DomainOptions{}));
    return made;
  }();
  return all;
}

void ask(const Domain& domain, std::string_view context_text, std::string_view question_text) {
  Context context;
  Question question;
  try {
    context = domain.parse_context(context_text);
    question = domain.parse_question(question_text);
  } catch (const ida::InputError&) {
    return;
  }
  const std::string written = domain.context_text(context);
  if (domain.parse_context(written).facts() != context.facts())
    ida::fuzz::fail("context_text does not parse back to the facts");
  if (domain.kind_of(question) < 0) return;
  const Answer truth = domain.ground_truth(context, question);
  const Answer amplified = amplify_one_level(
      domain, context, question, [&](const Question& q) { return domain.ground_truth(context, q); });
  domain.answer_format().format(truth);
  domain.answer_format().format(amplified);
  if (domain.depth(context, question) < 0) ida::fuzz::fail("negative depth");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const auto& all = domains();
  const Domain& domain = *all[data[0] % all.size()];
  std::string_view text = ida::fuzz::as_text(data + 1, size - 1);
  const size_t last = text.find_last_of('\n');
  const std::string_view context = last == std::string_view::npos ? "" : text.substr(0, last);
  const std::string_view question = last == std::string_view::npos ? text : text.substr(last + 1);
  ask(domain, context, question);
  return 0;
}
