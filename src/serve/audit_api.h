// The Audit page: the alignment audit of a round of a run (alignment/run_audit.h), what
// `ida audit --run DIR --json` prints. An audit keeps the cores busy for seconds to minutes,
// so the server runs one at a time; a second request waits for the first.
#pragma once

#include "serve/api.h"
#include "serve/run_folder.h"

namespace ida::serve {

// GET /api/audit  run (a run name), round (default: its last), budget (worst-case search
// queries; default: the run's audit.budget), questions (question runs: held-out questions
// per size; default: its assess.questions). Reply: `ida audit --json`'s object and "text",
// the tables it prints.
void add_audit_endpoint(const RunFolder& folder, Api& api);

}  // namespace ida::serve
