#include "decomposition/redundancy.h"

#include <algorithm>
#include <map>

#include "core/error.h"

namespace ida::decomposition {

using questions::Answer;

Agreement agreement(const std::vector<bool>& same, const std::vector<int>& depth) {
  IDA_CHECK(same.size() == depth.size());
  std::map<int, std::pair<int, int>> counts;  // depth -> (agreeing, total)
  int agreeing = 0, total = 0;
  for (size_t i = 0; i < same.size(); ++i)
    if (depth[i] >= 0) {
      counts[depth[i]].first += same[i];
      ++counts[depth[i]].second;
      agreeing += same[i];
      ++total;
    }
  Agreement result;
  result.overall = total == 0 ? 0.0 : static_cast<double>(agreeing) / total;
  for (const auto& [d, c] : counts)
    if (c.second >= kMinQuestionsPerDepth)
      result.worst = std::min(result.worst, static_cast<double>(c.first) / c.second);
  return result;
}

std::vector<bool> equal_answers(const std::vector<Answer>& a, const std::vector<Answer>& b) {
  IDA_CHECK(a.size() == b.size());
  std::vector<bool> same(a.size());
  for (size_t i = 0; i < a.size(); ++i) same[i] = a[i] == b[i];
  return same;
}

std::vector<std::vector<Answer>> alternative_answers(const questions::Domain& domain,
                                                     const net::QuestionNet& model,
                                                     const QuestionSet& set,
                                                     questions::AmplifyCounts& counts) {
  std::vector<std::vector<Answer>> result;
  for (int v = 1; v < domain.alternatives(); ++v)
    result.push_back(
        answers_of(amplify_set(domain, model, set, counts, nullptr, nullptr, nullptr, v)));
  return result;
}

std::vector<std::vector<Answer>> alternative_answers(const questions::Domain& domain,
                                                     questions::BatchAnswerer& model,
                                                     const QuestionSet& set,
                                                     questions::AmplifyCounts& counts) {
  std::vector<std::vector<Answer>> result;
  for (int v = 1; v < domain.alternatives(); ++v)
    result.push_back(
        answers_of(questions::amplify_batch(domain, set.contexts, set.context_of, set.questions,
                                            questions::overseer_of(domain, v), model, counts)));
  return result;
}

std::vector<bool> alternatives_agree(const std::vector<Answer>& primary,
                                     const std::vector<std::vector<Answer>>& others) {
  std::vector<bool> agree(primary.size(), true);
  for (const auto& answers : others) {
    IDA_CHECK(answers.size() == primary.size());
    for (size_t i = 0; i < primary.size(); ++i) agree[i] = agree[i] && answers[i] == primary[i];
  }
  return agree;
}

}  // namespace ida::decomposition
