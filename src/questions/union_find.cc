// Union find: contexts, ground truth and H (see union_find.h).
#include "questions/union_find.h"

#include <algorithm>
#include <numeric>
#include <string>
#include <utility>

#include "questions/task_util.h"

namespace ida::questions {
namespace {

enum FactShape { kRootFact, kEdgeFact };
enum AnswerShape { kUnknownAnswer, kElementAnswer, kNumberAnswer };

struct Member {
  bool present = false;
  int value = -1;  // of its class
  bool root = false;
  int parent = -1;
  int depth = -1;
  std::vector<int> neighbours;  // ascending
};

struct ForestIndex : ContextIndex {
  std::vector<int> elements;  // ascending
  std::vector<Member> of;     // by element
};

}  // namespace

UnionFind::UnionFind(const DomainOptions& options) {
  names_ = add_element_names(options);
  values_ = options.letters;
  numbers_ = {vocabulary_.add_numbers(0, names_.count() - 1), 0, names_.count() - 1};
  const char* kinds[] = {"value", "parent", "depth", "root", "neighbour", "edge"};
  for (int k = 0; k < 6; ++k) kind_token_[k] = vocabulary_.add(kinds[k]);
  yes_ = vocabulary_.add("yes");
  no_ = vocabulary_.add("no");
  none_ = vocabulary_.add("none");
  const Field e = Field::element(names_);
  fact_format_ = TupleFormat(std::string(kName) + " fact", 2 * kNameLength);
  fact_format_.add_shape({e, Field::number({numbers_.first, 0, values_ - 1})});
  fact_format_.add_shape({e, e});
  question_format_ = TupleFormat(std::string(kName) + " question", 1 + 2 * kNameLength);
  for (int k = 0; k < 6; ++k) {
    const Field keyword = Field::keyword(vocabulary_, kind_token_[k]);
    question_format_.add_shape(k == kEdge ? std::vector<Field>{keyword, e, e}
                                          : std::vector<Field>{keyword, e});
  }
  answer_format_ = TupleFormat(std::string(kName) + " answer", kNameLength);
  answer_format_.add_shape({});
  answer_format_.add_shape({e});
  answer_format_.add_shape({Field::number(numbers_)});
  for (Token word : {yes_, no_, none_})
    answer_format_.add_shape({Field::keyword(vocabulary_, word)});
  kinds_ = {{"value", false, true}, {"parent", false, true},    {"depth", false, true},
            {"root", true, false},  {"neighbour", true, false}, {"edge", true, false}};
}

Question UnionFind::element_question(Kind kind, int x, int y) const {
  Question q(question_format_.length());
  q[0] = kind_token_[kind];
  names_.put(q, 1, x);
  if (kind == kEdge) names_.put(q, 1 + kNameLength, y);
  return q;
}

Answer UnionFind::element_answer(int element) const {
  Answer a(answer_format_.length());
  if (element >= 0) names_.put(a, 0, element);
  return a;
}

Answer UnionFind::number_answer(int n) const {
  Answer a(answer_format_.length());
  a[0] = numbers_.token(n);
  return a;
}

Answer UnionFind::word_answer(Token word) const {
  Answer a(answer_format_.length());
  a[0] = word;
  return a;
}

std::optional<int> UnionFind::answer_element(const Answer& answer) const {
  if (answer_format_.shape_of(answer) != kElementAnswer) return std::nullopt;
  return names_.get(answer, 0);
}

std::optional<int> UnionFind::answer_number(const Answer& answer) const {
  if (answer_format_.shape_of(answer) != kNumberAnswer) return std::nullopt;
  return numbers_.get(answer[0]);
}

UnionFind::Indexed UnionFind::index_facts(const std::vector<Fact>& facts) const {
  auto index = std::make_shared<ForestIndex>();
  std::vector<Member>& of = index->of;
  of.resize(names_.count());
  std::vector<int> set(names_.count());  // disjoint sets, to find cycles
  std::iota(set.begin(), set.end(), 0);
  auto find = [&](int x) {
    while (set[x] != x) x = set[x] = set[set[x]];
    return x;
  };
  for (const Fact& f : facts) {
    const int x = *names_.get(f, 0);
    of[x].present = true;
    if (fact_format_.shape_of(f) == kRootFact) {
      if (of[x].root) throw InputError(names_.text(x) + " has two values");
      of[x].root = true;
      of[x].value = *numbers_.get(f[kNameLength]);
      continue;
    }
    const int y = *names_.get(f, kNameLength);
    of[y].present = true;
    if (x == y) throw InputError("'" + names_.text(x) + " " + names_.text(x) + "' is no edge");
    if (std::find(of[x].neighbours.begin(), of[x].neighbours.end(), y) != of[x].neighbours.end())
      continue;  // the same equality written both ways
    if (find(x) == find(y))
      throw InputError("the equalities form a cycle through " + names_.text(x));
    set[find(x)] = find(y);
    of[x].neighbours.push_back(y);
    of[y].neighbours.push_back(x);
  }
  // Breadth-first from each root gives parents and depths; each class needs one root.
  for (int r = 0; r < names_.count(); ++r) {
    if (!of[r].root) continue;
    of[r].parent = r;
    of[r].depth = 0;
    std::vector<int> queue = {r};
    for (size_t i = 0; i < queue.size(); ++i) {
      const int x = queue[i];
      of[x].value = of[r].value;
      for (int y : of[x].neighbours) {
        if (y == of[x].parent) continue;
        if (of[y].root)
          throw InputError(names_.text(r) + " and " + names_.text(y) +
                           " are equal but both have values");
        of[y].parent = x;
        of[y].depth = of[x].depth + 1;
        queue.push_back(y);
      }
    }
  }
  for (int x = 0; x < names_.count(); ++x) {
    if (!of[x].present) continue;
    if (of[x].depth < 0) throw InputError("the class of " + names_.text(x) + " has no value");
    std::sort(of[x].neighbours.begin(), of[x].neighbours.end());
    index->elements.push_back(x);
  }
  return {static_cast<int>(index->elements.size()), std::move(index)};
}

Context UnionFind::sample_context(int size, Rng& rng) const {
  check_size(size);
  const std::vector<int> elements = sample_distinct(rng, names_.count(), size);
  int used = 1;
  while ((used + 1) * (used + 1) <= size && used < values_) ++used;
  const std::vector<int> values = sample_distinct(rng, values_, used);
  std::vector<std::vector<int>> classes(used);
  for (int x : elements) classes[uniform_int(rng, used)].push_back(x);
  std::vector<Fact> facts;
  for (int c = 0; c < used; ++c) {
    const std::vector<int>& members = classes[c];  // in random order: members[0] is the root
    if (members.empty()) continue;
    Fact root(fact_format_.length());
    names_.put(root, 0, members[0]);
    root[kNameLength] = numbers_.token(values[c]);
    facts.push_back(root);
    for (size_t i = 1; i < members.size(); ++i) {
      const int up = members[uniform_int(rng, static_cast<int>(i))];
      const bool flip = uniform_int(rng, 2) == 0;
      Fact edge(fact_format_.length());
      names_.put(edge, 0, flip ? up : members[i]);
      names_.put(edge, kNameLength, flip ? members[i] : up);
      facts.push_back(edge);
    }
  }
  return make_context(std::move(facts), rng());
}

int UnionFind::kind_of(const Question& question) const {
  return question_format_.shape_of(question);  // shapes are listed in Kind order
}

Question UnionFind::sample_question_of_kind(const Context& context, int kind, Rng& rng) const {
  const auto& index = context.index<ForestIndex>();
  const int n = static_cast<int>(index.elements.size());
  const int x = index.elements[uniform_int(rng, n)];
  if (kind != kEdge) return element_question(static_cast<Kind>(kind), x);
  const auto& neighbours = index.of[x].neighbours;
  const bool adjacent = !neighbours.empty() && uniform_int(rng, 2) == 0;
  const int y = adjacent ? neighbours[uniform_int(rng, static_cast<int>(neighbours.size()))]
                         : index.elements[uniform_int(rng, n)];
  return element_question(kEdge, x, y);
}

Answer UnionFind::answer_primitive(const Context& context, const Question& question) const {
  const int kind = kind_of(question);
  IDA_CHECK(kind == kRoot || kind == kNeighbour || kind == kEdge);
  const int x = *names_.get(question, 1);
  const int y = kind == kEdge ? *names_.get(question, 1 + kNameLength) : -1;
  bool present = false;
  std::vector<int> neighbours;
  for (const Fact& f : context.facts()) {
    const int a = *names_.get(f, 0);
    if (fact_format_.shape_of(f) == kRootFact) {
      if (a == x && kind == kRoot) return number_answer(*numbers_.get(f[kNameLength]));
      present |= a == x;
      continue;
    }
    const int b = *names_.get(f, kNameLength);
    if (a != x && b != x) continue;
    present = true;
    neighbours.push_back(a == x ? b : a);
  }
  if (kind == kEdge)
    return word_answer(
        std::find(neighbours.begin(), neighbours.end(), y) != neighbours.end() ? yes_ : no_);
  if (!present) return element_answer(-1);
  if (kind == kRoot) return word_answer(no_);
  std::sort(neighbours.begin(), neighbours.end());
  neighbours.erase(std::unique(neighbours.begin(), neighbours.end()), neighbours.end());
  if (neighbours.empty()) return word_answer(none_);
  const int n = static_cast<int>(neighbours.size());
  return element_answer(neighbours[salted_choice(context.salt(), question, n)]);
}

Answer UnionFind::compute_ground_truth(const Context& context, const Question& question) const {
  const int kind = kind_of(question);
  if (kind < 0) return element_answer(-1);
  const auto& of = context.index<ForestIndex>().of;
  const Member& m = of[*names_.get(question, 1)];
  if (kind == kEdge) {
    const int y = *names_.get(question, 1 + kNameLength);
    return word_answer(std::binary_search(m.neighbours.begin(), m.neighbours.end(), y) ? yes_
                                                                                       : no_);
  }
  if (!m.present) return element_answer(-1);
  switch (kind) {
    case kValue:
      return number_answer(m.value);
    case kParent:
      return element_answer(m.parent);
    case kDepth:
      return number_answer(m.depth);
    case kRoot:
      return m.root ? number_answer(m.value) : word_answer(no_);
    default:
      break;
  }
  if (m.neighbours.empty()) return word_answer(none_);
  const int n = static_cast<int>(m.neighbours.size());
  return element_answer(m.neighbours[salted_choice(context.salt(), question, n)]);
}

int UnionFind::depth(const Context& context, const Question& question) const {
  const int kind = kind_of(question);
  if (kind < 0 || kinds_[kind].primitive) return 0;
  const Member& m = context.index<ForestIndex>().of[*names_.get(question, 1)];
  return 1 + (m.present ? m.depth : 0);
}

std::unique_ptr<Decomposition> UnionFind::begin(const Question& question) const {
  return std::make_unique<RoutineDecomposition>(overseer(question), max_subquestions(),
                                                answer_format_.length());
}

std::unique_ptr<Decomposition> UnionFind::begin_other(const Question& question, int) const {
  return std::make_unique<RoutineDecomposition>(cross_check(question), max_subquestions(),
                                                answer_format_.length());
}

OverseerRoutine UnionFind::cross_check(Question question) const {
  const Answer unknown(answer_format_.length());
  const int kind = kind_of(question);
  if (kind < 0) co_return unknown;
  if (kinds_[kind].primitive) co_return co_yield question;
  const int x = *names_.get(question, 1);
  const Answer root = co_yield element_question(kRoot, x);
  if (const std::optional<int> value = answer_number(root); value && *value < values_)
    co_return kind == kValue ? root : kind == kDepth ? number_answer(0) : element_answer(x);
  if (root != word_answer(no_)) co_return unknown;
  const std::optional<int> n = answer_element(co_yield element_question(kNeighbour, x));
  if (!n || *n == x) co_return unknown;
  if (kind == kValue) {
    const std::optional<int> v = answer_number(co_yield element_question(kValue, *n));
    co_return v&&* v < values_ ? number_answer(*v) : unknown;
  }
  const std::optional<int> guess = answer_element(co_yield element_question(kParent, x));
  if (kind == kDepth) {
    const std::optional<int> d = answer_number(co_yield element_question(kDepth, *n));
    if (!d) co_return unknown;
    const int depth = guess == n ? *d + 1 : *d - 1;
    co_return depth >= 0 && depth <= numbers_.hi ? number_answer(depth) : unknown;
  }
  std::vector<int> candidates{*n};
  if (guess && *guess != x && *guess != *n &&
      (co_yield element_question(kEdge, x, *guess)) == word_answer(yes_))
    candidates.push_back(*guess);
  const std::optional<int> dx = answer_number(co_yield element_question(kDepth, x));
  if (!dx) co_return unknown;
  for (int c : candidates)
    if (answer_number(co_yield element_question(kDepth, c)) == *dx - 1) co_return element_answer(c);
  co_return unknown;
}

OverseerRoutine UnionFind::overseer(Question question) const {
  const Answer unknown(answer_format_.length());
  const int kind = kind_of(question);
  if (kind < 0) co_return unknown;
  if (kinds_[kind].primitive) co_return co_yield question;
  const int x = *names_.get(question, 1);
  const Answer root = co_yield element_question(kRoot, x);
  if (const std::optional<int> value = answer_number(root); value && *value < values_)
    co_return kind == kValue ? root : kind == kDepth ? number_answer(0) : element_answer(x);
  if (root != word_answer(no_)) co_return unknown;
  if (kind != kParent) {
    const std::optional<int> parent = answer_element(co_yield element_question(kParent, x));
    if (!parent) co_return unknown;
    const std::optional<int> n =
        answer_number(co_yield element_question(static_cast<Kind>(kind), *parent));
    if (!n) co_return unknown;
    if (kind == kValue) co_return *n < values_ ? number_answer(*n) : unknown;
    co_return *n + 1 <= numbers_.hi ? number_answer(*n + 1) : unknown;
  }
  // parent(x): A's guesses checked as edges, plus a random neighbour; the shallowest wins.
  std::vector<int> candidates, checked;
  for (int guess = 0; guess < 2; ++guess) {
    const std::optional<int> g = answer_element(co_yield element_question(kParent, x));
    if (!g || *g == x || std::find(checked.begin(), checked.end(), *g) != checked.end()) continue;
    checked.push_back(*g);
    const Answer edge = co_yield element_question(kEdge, x, *g);
    if (edge == word_answer(yes_)) candidates.push_back(*g);
  }
  const std::optional<int> n = answer_element(co_yield element_question(kNeighbour, x));
  if (n && *n != x && std::find(candidates.begin(), candidates.end(), *n) == candidates.end())
    candidates.push_back(*n);
  int best = -1, best_depth = 0;
  for (int c : candidates) {
    const std::optional<int> d = answer_number(co_yield element_question(kDepth, c));
    if (d && (best < 0 || *d < best_depth || (*d == best_depth && c < best))) {
      best = c;
      best_depth = *d;
    }
  }
  co_return element_answer(best);
}

}  // namespace ida::questions
