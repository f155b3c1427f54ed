// The Ask page: a question on a typed or sampled context, answered by a question run's A
// directly and by Amplify(H, A), with H's decomposition as a tree (each node looked up, by
// A, or decomposed by H again), as `ida ask` prints it.
#pragma once

#include "serve/api.h"
#include "serve/run_folder.h"

namespace ida::serve {

// GET /api/ask  run (a question run), depth (levels of H, default 1), and either context
// (facts, one per line) and question, or neither: a context and question sampled at
// `size` (default: the run's first curriculum size) with `seed`. Reply: {task, model, round, context,
// question, a, amplified, truth, tree: {question, answer, by: lookup|A|H, steps: [...]}}.
void add_ask_endpoint(const RunFolder& folder, Api& api);

}  // namespace ida::serve
