// People's transcripts (`ida oversee`, stored in the run's store) as data for the question
// instance: H' imitates their decisions and A is distilled on their answers. Each
// transcript is one question on its own context.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "decomposition/question_set.h"
#include "engine/run_store.h"
#include "questions/amplify.h"
#include "questions/domain.h"

namespace ida::decomposition {

struct HumanTranscripts {
  QuestionSet set;                         // one context and one question per transcript
  std::vector<questions::Amplified> work;  // the person's exchanges and final answer
  std::vector<int64_t> ids;                // store ids, increasing
  int skipped = 0;  // transcripts of this task that do not parse (e.g. another --letters)
  int64_t last_id = 0;  // the highest id among all the records read, of any task

  // Those whose id satisfies `keep`, in the same order (`skipped` and `last_id` stay the whole's).
  HumanTranscripts where(const std::function<bool(int64_t id)>& keep) const;
};

// The transcripts of `domain`'s task in `records`, parsed. A sub-answer the task cannot parse
// (A's malformed answers are stored as text that is no answer) becomes "?", as H would read it.
HumanTranscripts parse_transcripts(const questions::Domain& domain,
                                   const std::vector<engine::RunStore::TranscriptRecord>& records);

// The fixed split: every tenth transcript (id divisible by 10) is held out, to measure how
// well H' predicts the person's decisions; the others train H'.
inline bool held_out_transcript(int64_t id) { return id % 10 == 0; }
inline bool training_transcript(int64_t id) { return id % 10 != 0; }

}  // namespace ida::decomposition
