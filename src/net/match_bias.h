// The fact encoder's match bias (QuestionNetConfig::match_bias) on plain arrays, computed by
// the network's own code (net/fact_attention.h), for tests and tools that do not see torch.
#pragma once

#include <vector>

#include "net/question_net.h"

namespace ida::net {

// weight: heads x fact_length x fact_length, row-major. Returns contexts x heads x
// max_facts x max_facts, row-major: the bias of fact i's attention on fact j, per head.
std::vector<float> match_bias(const FactBatch& facts, int fact_length, int vocabulary,
                              const std::vector<float>& weight, int heads);

}  // namespace ida::net
