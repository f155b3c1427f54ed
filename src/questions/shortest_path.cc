// Shortest path: contexts, ground truth and H (see shortest_path.h).
#include "questions/shortest_path.h"

#include <algorithm>
#include <bit>
#include <set>
#include <string>
#include <utility>

#include "questions/task_util.h"

namespace ida::questions {
namespace {

enum AnswerShape { kUnknownAnswer, kElementAnswer, kNumberAnswer };

struct GraphIndex : ContextIndex {
  int count = 0;                      // element names
  std::vector<int> vertices;          // in some fact, ascending
  std::vector<std::vector<int>> out;  // out-neighbours by element, ascending
  std::vector<int> distance;          // [a * count + b], -1 when there is no path
  int dist(int a, int b) const { return distance[a * count + b]; }
};

}  // namespace

ShortestPath::ShortestPath(const DomainOptions& options) {
  names_ = add_element_names(options);
  const int limit = 2 * static_cast<int>(std::bit_width(static_cast<unsigned>(names_.count() - 1)));
  numbers_ = {vocabulary_.add_numbers(0, limit), 0, limit};
  const char* kinds[] = {"distance", "next", "edge", "neighbour", "bound"};
  for (int k = 0; k < kKinds; ++k) kind_token_[k] = vocabulary_.add(kinds[k]);
  yes_ = vocabulary_.add("yes");
  no_ = vocabulary_.add("no");
  none_ = vocabulary_.add("none");
  const Field e = Field::element(names_);
  fact_format_ = TupleFormat(std::string(kName) + " fact", 2 * kNameLength);
  fact_format_.add_shape({e, e});
  question_format_ = TupleFormat(std::string(kName) + " question", 1 + 2 * kNameLength);
  for (int k = 0; k < kKinds; ++k) {
    const Field keyword = Field::keyword(vocabulary_, kind_token_[k]);
    question_format_.add_shape(k == kBound       ? std::vector<Field>{keyword}
                               : k == kNeighbour ? std::vector<Field>{keyword, e}
                                                 : std::vector<Field>{keyword, e, e});
  }
  answer_format_ = TupleFormat(std::string(kName) + " answer", kNameLength);
  answer_format_.add_shape({});
  answer_format_.add_shape({e});
  answer_format_.add_shape({Field::number(numbers_)});
  for (Token word : {yes_, no_, none_})
    answer_format_.add_shape({Field::keyword(vocabulary_, word)});
  kinds_ = {{"distance", false, true},
            {"next", false, true},
            {"edge", true, false},
            {"neighbour", true, false},
            {"bound", true, false}};
}

Question ShortestPath::vertex_question(Kind kind, int a, int b) const {
  Question q(question_format_.length());
  q[0] = kind_token_[kind];
  if (kind == kBound) return q;
  names_.put(q, 1, a);
  if (kind != kNeighbour) names_.put(q, 1 + kNameLength, b);
  return q;
}

Answer ShortestPath::element_answer(int element) const {
  Answer a(answer_format_.length());
  names_.put(a, 0, element);
  return a;
}

Answer ShortestPath::number_answer(int n) const {
  Answer a(answer_format_.length());
  a[0] = n >= 0 && n <= numbers_.hi ? numbers_.token(n) : none_;
  return a;
}

Answer ShortestPath::bound_answer(const Context& context) const {
  const int vertices = static_cast<int>(context.index<GraphIndex>().vertices.size());
  return number_answer(std::min(vertices - 1, numbers_.hi));
}

Answer ShortestPath::word_answer(Token word) const {
  Answer a(answer_format_.length());
  a[0] = word;
  return a;
}

std::optional<int> ShortestPath::answer_element(const Answer& answer) const {
  if (answer_format_.shape_of(answer) != kElementAnswer) return std::nullopt;
  return names_.get(answer, 0);
}

std::optional<int> ShortestPath::answer_number(const Answer& answer) const {
  if (answer_format_.shape_of(answer) != kNumberAnswer) return std::nullopt;
  return numbers_.get(answer[0]);
}

ShortestPath::Indexed ShortestPath::index_facts(const std::vector<Fact>& facts) const {
  auto index = std::make_shared<GraphIndex>();
  const int n = names_.count();
  index->count = n;
  index->out.resize(n);
  std::vector<bool> present(n, false);
  for (const Fact& f : facts) {  // sorted, so each out-list comes out ascending
    const int a = *names_.get(f, 0), b = *names_.get(f, kNameLength);
    if (a == b) throw InputError("'" + names_.text(a) + " " + names_.text(a) + "' is a self-loop");
    index->out[a].push_back(b);
    present[a] = present[b] = true;
  }
  for (int v = 0; v < n; ++v)
    if (present[v]) index->vertices.push_back(v);
  // Breadth-first search from every vertex.
  index->distance.assign(static_cast<size_t>(n) * n, -1);
  for (int a : index->vertices) {
    int* dist = &index->distance[static_cast<size_t>(a) * n];
    std::vector<int> queue = {a};
    dist[a] = 0;
    for (size_t i = 0; i < queue.size(); ++i) {
      for (int c : index->out[queue[i]]) {
        if (dist[c] >= 0) continue;
        dist[c] = dist[queue[i]] + 1;
        queue.push_back(c);
      }
    }
  }
  return {static_cast<int>(index->vertices.size()), std::move(index)};
}

Context ShortestPath::sample_context(int size, Rng& rng) const {
  check_size(size);
  const std::vector<int> v = sample_distinct(rng, names_.count(), size);
  std::set<std::pair<int, int>> edges;
  for (int i = 0; i < size; ++i) edges.emplace(i, (i + 1 + uniform_int(rng, size - 1)) % size);
  const size_t target = std::min(2 * size, size * (size - 1));
  while (edges.size() < target) {
    const int a = uniform_int(rng, size), b = uniform_int(rng, size);
    if (a != b) edges.emplace(a, b);
  }
  std::vector<Fact> facts;
  for (const auto& [a, b] : edges) {
    Fact f(fact_format_.length());
    names_.put(f, 0, v[a]);
    names_.put(f, kNameLength, v[b]);
    facts.push_back(f);
  }
  return make_context(std::move(facts), rng());
}

int ShortestPath::kind_of(const Question& question) const {
  return question_format_.shape_of(question);  // shapes are listed in Kind order
}

Question ShortestPath::sample_question_of_kind(const Context& context, int kind, Rng& rng) const {
  const auto& index = context.index<GraphIndex>();
  const int n = static_cast<int>(index.vertices.size());
  if (kind == kBound) return vertex_question(kBound);
  const int a = index.vertices[uniform_int(rng, n)];
  if (kind == kNeighbour) return vertex_question(kNeighbour, a);
  int b = index.vertices[uniform_int(rng, n)];
  if (kind == kEdge) {
    const auto& out = index.out[a];
    if (!out.empty() && uniform_int(rng, 2) == 0)
      b = out[uniform_int(rng, static_cast<int>(out.size()))];
    return vertex_question(kEdge, a, b);
  }
  while (b == a) b = index.vertices[uniform_int(rng, n)];  // n >= 2
  return vertex_question(static_cast<Kind>(kind), a, b);
}

Answer ShortestPath::answer_primitive(const Context& context, const Question& question) const {
  const int kind = kind_of(question);
  IDA_CHECK(kind == kEdge || kind == kNeighbour || kind == kBound);
  if (kind == kBound) return bound_answer(context);
  const int a = *names_.get(question, 1);
  std::vector<int> out;
  for (const Fact& f : context.facts())
    if (*names_.get(f, 0) == a) out.push_back(*names_.get(f, kNameLength));
  if (kind == kEdge) {
    const int b = *names_.get(question, 1 + kNameLength);
    return word_answer(std::find(out.begin(), out.end(), b) != out.end() ? yes_ : no_);
  }
  std::sort(out.begin(), out.end());
  if (out.empty()) return word_answer(none_);
  return element_answer(out[salted_choice(context.salt(), question, static_cast<int>(out.size()))]);
}

Answer ShortestPath::compute_ground_truth(const Context& context, const Question& question) const {
  const int kind = kind_of(question);
  if (kind < 0) return Answer(answer_format_.length());
  if (kind == kBound) return bound_answer(context);
  const auto& index = context.index<GraphIndex>();
  const int a = *names_.get(question, 1);
  const auto& out = index.out[a];
  if (kind == kNeighbour) {
    if (out.empty()) return word_answer(none_);
    return element_answer(
        out[salted_choice(context.salt(), question, static_cast<int>(out.size()))]);
  }
  const int b = *names_.get(question, 1 + kNameLength);
  if (kind == kEdge) return word_answer(std::binary_search(out.begin(), out.end(), b) ? yes_ : no_);
  const int d = index.dist(a, b);
  if (kind == kDistance) return number_answer(d);
  if (a == b) return element_answer(a);
  if (d < 0 || d > numbers_.hi) return word_answer(none_);
  for (int c : out)  // ascending: the first on a shortest path is the canonical one
    if (index.dist(c, b) == d - 1) return element_answer(c);
  IDA_CHECK(false);
  return {};
}

int ShortestPath::depth(const Context& context, const Question& question) const {
  const int kind = kind_of(question);
  if (kind != kDistance && kind != kNext) return 0;
  const int a = *names_.get(question, 1), b = *names_.get(question, 1 + kNameLength);
  if (a == b) return 1;
  const int d = context.index<GraphIndex>().dist(a, b);
  return d < 0 || d > numbers_.hi ? numbers_.hi + 1 : d;
}

std::unique_ptr<Decomposition> ShortestPath::begin(const Question& question) const {
  return std::make_unique<RoutineDecomposition>(overseer(question), max_subquestions(),
                                                answer_format_.length());
}

std::unique_ptr<Decomposition> ShortestPath::begin_other(const Question& question, int) const {
  return std::make_unique<RoutineDecomposition>(cross_check(question), max_subquestions(),
                                                answer_format_.length());
}

OverseerRoutine ShortestPath::cross_check(Question question) const {
  const Answer unknown(answer_format_.length());
  const Answer none = word_answer(none_);
  const Answer yes = word_answer(yes_);
  const int kind = kind_of(question);
  if (kind < 0) co_return unknown;
  if (kinds_[kind].primitive) co_return co_yield question;
  const int a = *names_.get(question, 1), b = *names_.get(question, 1 + kNameLength);
  if (a == b) co_return kind == kDistance ? number_answer(0) : element_answer(a);
  const Answer edge = co_yield vertex_question(kEdge, a, b);
  if (edge == yes) co_return kind == kDistance ? number_answer(1) : element_answer(b);
  if (edge != word_answer(no_)) co_return unknown;
  const std::optional<int> bound = answer_number(co_yield vertex_question(kBound));
  if (!bound) co_return unknown;
  if (kind == kDistance) {
    const Answer next = co_yield vertex_question(kNext, a, b);
    if (next == none) co_return none;
    const std::optional<int> c = answer_element(next);
    if (!c) co_return unknown;
    if ((co_yield vertex_question(kEdge, *c, b)) == yes)
      co_return *bound < 2 ? none : number_answer(2);
    const Answer second = co_yield vertex_question(kNext, *c, b);
    if (second == none) co_return none;
    const std::optional<int> e = answer_element(second);
    if (!e) co_return unknown;
    const Answer rest = co_yield vertex_question(kDistance, *e, b);
    if (rest == none) co_return none;
    const std::optional<int> d = answer_number(rest);
    if (!d) co_return unknown;
    co_return *d + 2 > *bound ? none : number_answer(*d + 2);
  }
  const Answer total = co_yield vertex_question(kDistance, a, b);
  if (total == none) co_return none;
  const std::optional<int> d = answer_number(total);
  if (!d) co_return unknown;
  std::vector<int> candidates;
  if (const std::optional<int> n = answer_element(co_yield vertex_question(kNeighbour, a)))
    candidates.push_back(*n);
  const std::optional<int> g = answer_element(co_yield vertex_question(kNext, a, b));
  if (g && *g != a && (candidates.empty() || *g != candidates[0]) &&
      (co_yield vertex_question(kEdge, a, *g)) == yes)
    candidates.push_back(*g);
  std::sort(candidates.begin(), candidates.end());
  for (int c : candidates)
    if (answer_number(co_yield vertex_question(kDistance, c, b)) == *d - 1)
      co_return element_answer(c);
  co_return unknown;
}

OverseerRoutine ShortestPath::overseer(Question question) const {
  const Answer unknown(answer_format_.length());
  const Answer none = word_answer(none_);
  const int kind = kind_of(question);
  if (kind < 0) co_return unknown;
  if (kinds_[kind].primitive) co_return co_yield question;
  const int a = *names_.get(question, 1), b = *names_.get(question, 1 + kNameLength);
  if (a == b) co_return kind == kDistance ? number_answer(0) : element_answer(a);
  const Answer edge = co_yield vertex_question(kEdge, a, b);
  if (edge == word_answer(yes_)) co_return kind == kDistance ? number_answer(1) : element_answer(b);
  if (edge != word_answer(no_)) co_return unknown;
  if (kind == kDistance) {
    const Answer next = co_yield vertex_question(kNext, a, b);
    if (next == none) co_return none;
    const std::optional<int> c = answer_element(next);
    if (!c) co_return unknown;
    const Answer rest = co_yield vertex_question(kDistance, *c, b);
    if (rest == none) co_return none;
    const std::optional<int> d = answer_number(rest);
    if (!d) co_return unknown;
    const std::optional<int> bound = answer_number(co_yield vertex_question(kBound));
    if (!bound) co_return unknown;
    co_return *d + 1 > *bound ? none : number_answer(*d + 1);
  }
  // next(a, b): A's guesses checked as edges, plus a random out-neighbour; the nearest wins.
  std::vector<int> candidates, checked;
  for (int guess = 0; guess < 2; ++guess) {
    const std::optional<int> g = answer_element(co_yield vertex_question(kNext, a, b));
    if (!g || *g == a || std::find(checked.begin(), checked.end(), *g) != checked.end()) continue;
    checked.push_back(*g);
    const Answer is_edge = co_yield vertex_question(kEdge, a, *g);
    if (is_edge == word_answer(yes_)) candidates.push_back(*g);
  }
  const std::optional<int> n = answer_element(co_yield vertex_question(kNeighbour, a));
  if (n && *n != a && std::find(candidates.begin(), candidates.end(), *n) == candidates.end())
    candidates.push_back(*n);
  int best = -1, best_distance = 0;
  for (int c : candidates) {
    const std::optional<int> d = answer_number(co_yield vertex_question(kDistance, c, b));
    if (d && (best < 0 || *d < best_distance || (*d == best_distance && c < best))) {
      best = c;
      best_distance = *d;
    }
  }
  if (best < 0) co_return none;
  const std::optional<int> bound = answer_number(co_yield vertex_question(kBound));
  if (!bound) co_return unknown;
  co_return best_distance + 1 > *bound ? none : element_answer(best);
}

}  // namespace ida::questions
