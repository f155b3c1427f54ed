#include "decomposition/human_transcripts.h"

#include <algorithm>

#include "core/error.h"

namespace ida::decomposition {
namespace {

questions::Answer answer_or_unknown(const questions::Domain& domain, const std::string& text) {
  try {
    return domain.parse_answer(text);
  } catch (const InputError&) {
    return domain.parse_answer("?");
  }
}

}  // namespace

HumanTranscripts parse_transcripts(const questions::Domain& domain,
                                   const std::vector<engine::RunStore::TranscriptRecord>& records) {
  HumanTranscripts out;
  for (const auto& r : records) {
    out.last_id = std::max(out.last_id, r.id);
    if (r.task != domain.name()) continue;
    try {
      questions::Context context = domain.parse_context(r.context);
      questions::Question question = domain.parse_question(r.question);
      if (domain.kind_of(question) < 0) throw InputError("not a question of the task");
      questions::Amplified work;
      for (const auto& e : r.exchanges) {
        const questions::Question sub = domain.parse_question(e.question);
        if (static_cast<int>(work.transcript.size()) >= domain.max_subquestions())
          throw InputError("more sub-questions than the budget");
        work.transcript.push_back({sub, answer_or_unknown(domain, e.answer)});
        work.looked_up.push_back(e.source == "lookup");
      }
      work.answer = domain.parse_answer(r.answer);
      out.set.context_of.push_back(static_cast<int>(out.set.contexts.size()));
      out.set.contexts.push_back(std::move(context));
      out.set.questions.push_back(std::move(question));
      out.work.push_back(std::move(work));
      out.ids.push_back(r.id);
    } catch (const InputError&) {
      ++out.skipped;
    }
  }
  return out;
}

HumanTranscripts HumanTranscripts::where(const std::function<bool(int64_t id)>& keep) const {
  HumanTranscripts out;
  out.skipped = skipped;
  out.last_id = last_id;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (!keep(ids[i])) continue;
    out.set.context_of.push_back(static_cast<int>(out.set.contexts.size()));
    out.set.contexts.push_back(set.contexts[set.context_of[i]]);
    out.set.questions.push_back(set.questions[i]);
    out.work.push_back(work[i]);
    out.ids.push_back(ids[i]);
  }
  return out;
}

}  // namespace ida::decomposition
