// Transcripts as JSON Lines (`ida transcripts`), schema "ida-transcript/1":
//   {"schema": "ida-transcript/1", "id": 1, "task": "permutation_powering",
//    "overseer": "human", "user": "ada", "context": ["<fact>", ...], "question": "<q>",
//    "exchanges": [{"question": "<sq>", "answer": "<a>", "source": "lookup" | "A"}, ...],
//    "answer": "<a>", "seconds": 12.5, "finished_at": "2026-12-03T12:00:00Z"}
// Facts, questions and answers are in the task's notation (docs: README, "Overseeing").
// A later schema adds keys or bumps the version; readers should check "schema".
#pragma once

#include <string>

#include "engine/run_store.h"

namespace ida::oversight {

inline constexpr const char* kTranscriptSchema = "ida-transcript/1";

// One line of JSON, without the newline.
std::string transcript_json(const engine::RunStore::TranscriptRecord& record);

}  // namespace ida::oversight
