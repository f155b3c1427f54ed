// Sequential assignments: contexts, ground truth and H (see sequential_assignments.h).
#include "questions/sequential_assignments.h"

#include <algorithm>
#include <string>
#include <utility>

#include "questions/task_util.h"

namespace ida::questions {
namespace {

enum FactShape { kGiven, kDefinition, kFnEntry };
enum AnswerShape { kUnknownAnswer, kElementAnswer, kValueAnswer };

struct Variable {
  bool defined = false;
  bool given = false;
  int y = -1, z = -1;  // arguments of a definition; a given's value is in `value`
  int value = -1;      // -1: unknown (a needed f entry is missing)
  int depth = 0;
};

struct AssignmentIndex : ContextIndex {
  std::vector<int> variables;  // defined ones, ascending
  std::vector<Variable> of;    // by element
  std::vector<int> fn;         // fn[a * V + b] = f(a, b), or -1
  std::vector<std::pair<int, int>> fn_entries;
};

}  // namespace

SequentialAssignments::SequentialAssignments(const DomainOptions& options) {
  names_ = add_element_names(options);
  values_ = {vocabulary_.add_numbers(0, options.letters - 1), 0, options.letters - 1};
  const Token value = vocabulary_.add("value");
  const Token arg1 = vocabulary_.add("arg1");
  const Token arg2 = vocabulary_.add("arg2");
  fn_ = vocabulary_.add("fn");
  const Field e = Field::element(names_), v = Field::number(values_);
  const Field fn = Field::keyword(vocabulary_, fn_);
  fact_format_ = TupleFormat(std::string(kName) + " fact", 3 * kNameLength);
  fact_format_.add_shape({e, v});
  fact_format_.add_shape({e, e, e});
  fact_format_.add_shape({fn, v, v, v});
  question_format_ = TupleFormat(std::string(kName) + " question", 1 + kNameLength);
  question_format_.add_shape({Field::keyword(vocabulary_, value), e});
  question_format_.add_shape({Field::keyword(vocabulary_, arg1), e});
  question_format_.add_shape({Field::keyword(vocabulary_, arg2), e});
  question_format_.add_shape({fn, v, v});
  answer_format_ = TupleFormat(std::string(kName) + " answer", kNameLength);
  answer_format_.add_shape({});
  answer_format_.add_shape({e});
  answer_format_.add_shape({v});
  kinds_ = {
      {"value", false, false}, {"arg1", true, false}, {"arg2", true, false}, {"fn", true, false}};
}

Question SequentialAssignments::variable_question(Kind kind, int variable) const {
  IDA_CHECK(kind != kFn);
  Question q(question_format_.length());
  q[0] = vocabulary_.find(kinds_[kind].name).value();
  names_.put(q, 1, variable);
  return q;
}

Question SequentialAssignments::fn_question(int a, int b) const {
  Question q(question_format_.length());
  q[0] = fn_;
  q[1] = values_.token(a);
  q[2] = values_.token(b);
  return q;
}

Answer SequentialAssignments::element_answer(int element) const {
  Answer a(answer_format_.length());
  names_.put(a, 0, element);
  return a;
}

Answer SequentialAssignments::value_answer(int value) const {
  Answer a(answer_format_.length());
  if (value >= 0) a[0] = values_.token(value);
  return a;
}

std::optional<int> SequentialAssignments::answer_value(const Answer& answer) const {
  if (answer_format_.shape_of(answer) != kValueAnswer) return std::nullopt;
  return values_.get(answer[0]);
}

std::optional<int> SequentialAssignments::answer_element(const Answer& answer) const {
  if (answer_format_.shape_of(answer) != kElementAnswer) return std::nullopt;
  return names_.get(answer, 0);
}

SequentialAssignments::Indexed SequentialAssignments::index_facts(
    const std::vector<Fact>& facts) const {
  auto index = std::make_shared<AssignmentIndex>();
  const int V = values_.hi + 1;
  index->of.resize(names_.count());
  index->fn.assign(static_cast<size_t>(V) * V, -1);
  for (const Fact& f : facts) {
    const int shape = fact_format_.shape_of(f);
    if (shape == kFnEntry) {
      const int a = *values_.get(f[1]), b = *values_.get(f[2]), c = *values_.get(f[3]);
      int& entry = index->fn[a * V + b];
      if (entry >= 0)
        throw InputError("fn " + std::to_string(a) + " " + std::to_string(b) + " has two values");
      entry = c;
      index->fn_entries.emplace_back(a, b);
      continue;
    }
    const int x = *names_.get(f, 0);
    Variable& var = index->of[x];
    if (var.defined) throw InputError("variable " + names_.text(x) + " is defined twice");
    var.defined = true;
    var.given = shape == kGiven;
    if (var.given) {
      var.value = *values_.get(f[kNameLength]);
    } else {
      var.y = *names_.get(f, kNameLength);
      var.z = *names_.get(f, 2 * kNameLength);
    }
  }
  // Values and depths in dependency order; definitions must form no cycle.
  std::vector<int> state(names_.count(), 0);  // 0 new, 1 on the stack, 2 done
  auto resolve = [&](auto& self, int x) -> void {
    Variable& var = index->of[x];
    if (state[x] == 2) return;
    if (state[x] == 1)
      throw InputError("the definitions are cyclic (through " + names_.text(x) + ")");
    state[x] = 1;
    if (!var.given) {
      for (int arg : {var.y, var.z}) {
        if (!index->of[arg].defined)
          throw InputError(names_.text(x) + " uses the undefined variable " + names_.text(arg));
        self(self, arg);
      }
      const Variable &y = index->of[var.y], &z = index->of[var.z];
      var.depth = 1 + std::max(y.depth, z.depth);
      var.value = (y.value < 0 || z.value < 0) ? -1 : index->fn[y.value * V + z.value];
    }
    state[x] = 2;
  };
  for (int x = 0; x < names_.count(); ++x) {
    if (!index->of[x].defined) continue;
    resolve(resolve, x);
    index->variables.push_back(x);
  }
  if (index->variables.empty()) throw InputError("no variable is defined");
  return {static_cast<int>(index->variables.size()), std::move(index)};
}

Context SequentialAssignments::sample_context(int size, Rng& rng) const {
  check_size(size);
  const int V = values_.hi + 1;
  const std::vector<int> vars = sample_distinct(rng, names_.count(), size);
  int givens = 1;
  while ((givens + 1) * (givens + 1) <= size) ++givens;  // max(1, floor(sqrt(size)))
  std::vector<int> value(size), fn(static_cast<size_t>(V) * V, -1);
  std::vector<Fact> facts;
  for (int i = 0; i < size; ++i) {
    Fact f(fact_format_.length());
    names_.put(f, 0, vars[i]);
    if (i < givens) {
      value[i] = uniform_int(rng, V);
      f[kNameLength] = values_.token(value[i]);
    } else {
      const int y = uniform_int(rng, i), z = uniform_int(rng, i);
      names_.put(f, kNameLength, vars[y]);
      names_.put(f, 2 * kNameLength, vars[z]);
      int& entry = fn[value[y] * V + value[z]];
      if (entry < 0) {
        entry = uniform_int(rng, V);
        Fact e(fact_format_.length());
        e[0] = fn_;
        e[1] = values_.token(value[y]);
        e[2] = values_.token(value[z]);
        e[3] = values_.token(entry);
        facts.push_back(e);
      }
      value[i] = entry;
    }
    facts.push_back(f);
  }
  return make_context(std::move(facts), rng());
}

int SequentialAssignments::kind_of(const Question& question) const {
  return question_format_.shape_of(question);  // shapes are listed in Kind order
}

Question SequentialAssignments::sample_question_of_kind(const Context& context, int kind,
                                                        Rng& rng) const {
  const auto& index = context.index<AssignmentIndex>();
  if (kind == kFn) {
    if (!index.fn_entries.empty() && uniform_int(rng, 2) == 0) {
      const auto [a, b] =
          index.fn_entries[uniform_int(rng, static_cast<int>(index.fn_entries.size()))];
      return fn_question(a, b);
    }
    return fn_question(uniform_int(rng, values_.hi + 1), uniform_int(rng, values_.hi + 1));
  }
  IDA_CHECK(kind >= kValue && kind < kFn);
  const int x = index.variables[uniform_int(rng, static_cast<int>(index.variables.size()))];
  return variable_question(static_cast<Kind>(kind), x);
}

Answer SequentialAssignments::answer_primitive(const Context& context,
                                               const Question& question) const {
  const int kind = kind_of(question);
  IDA_CHECK(kind == kArg1 || kind == kArg2 || kind == kFn);
  for (const Fact& f : context.facts()) {
    const int shape = fact_format_.shape_of(f);
    if (kind == kFn) {
      if (shape == kFnEntry && f[1] == question[1] && f[2] == question[2])
        return value_answer(*values_.get(f[3]));
    } else if (shape != kFnEntry && names_.get(f, 0) == names_.get(question, 1)) {
      if (shape == kGiven) return value_answer(*values_.get(f[kNameLength]));
      return element_answer(*names_.get(f, kind == kArg1 ? kNameLength : 2 * kNameLength));
    }
  }
  return value_answer(-1);
}

Answer SequentialAssignments::compute_ground_truth(const Context& context,
                                                   const Question& question) const {
  const int kind = kind_of(question);
  const auto& index = context.index<AssignmentIndex>();
  if (kind < 0) return value_answer(-1);
  if (kind == kFn) {
    return value_answer(
        index.fn[*values_.get(question[1]) * (values_.hi + 1) + *values_.get(question[2])]);
  }
  const Variable& var = index.of[*names_.get(question, 1)];
  if (!var.defined) return value_answer(-1);
  if (kind == kValue || var.given) return value_answer(var.value);
  return element_answer(kind == kArg1 ? var.y : var.z);
}

int SequentialAssignments::depth(const Context& context, const Question& question) const {
  if (kind_of(question) != kValue) return 0;
  const Variable& var = context.index<AssignmentIndex>().of[*names_.get(question, 1)];
  return 1 + (var.defined ? var.depth : 0);
}

std::unique_ptr<Decomposition> SequentialAssignments::begin(const Question& question) const {
  return std::make_unique<RoutineDecomposition>(overseer(question), max_subquestions(),
                                                answer_format_.length());
}

std::unique_ptr<Decomposition> SequentialAssignments::begin_other(const Question& question,
                                                                  int) const {
  return std::make_unique<RoutineDecomposition>(
      expand_first_argument(question), max_alternative_subquestions(), answer_format_.length());
}

OverseerRoutine SequentialAssignments::expand_first_argument(Question question) const {
  const Answer unknown(answer_format_.length());
  const int kind = kind_of(question);
  if (kind < 0) co_return unknown;
  if (kind != kValue) co_return co_yield question;
  const int x = *names_.get(question, 1);
  const Answer first = co_yield variable_question(kArg1, x);
  if (answer_value(first)) co_return first;  // x is a given
  const std::optional<int> y = answer_element(first);
  if (!y) co_return unknown;
  // value(y), one level of H down.
  const Answer y_first = co_yield variable_question(kArg1, *y);
  std::optional<int> value_y = answer_value(y_first);
  if (!value_y) {
    const std::optional<int> y1 = answer_element(y_first);
    if (!y1) co_return unknown;
    const std::optional<int> v1 = answer_value(co_yield variable_question(kValue, *y1));
    const std::optional<int> y2 = answer_element(co_yield variable_question(kArg2, *y));
    if (!v1 || !y2) co_return unknown;
    const std::optional<int> v2 = answer_value(co_yield variable_question(kValue, *y2));
    if (!v2) co_return unknown;
    value_y = answer_value(co_yield fn_question(*v1, *v2));
    if (!value_y) co_return unknown;
  }
  const std::optional<int> z = answer_element(co_yield variable_question(kArg2, x));
  if (!z) co_return unknown;
  const std::optional<int> value_z = answer_value(co_yield variable_question(kValue, *z));
  if (!value_z) co_return unknown;
  const Answer result = co_yield fn_question(*value_y, *value_z);
  co_return answer_value(result) ? result : unknown;
}

OverseerRoutine SequentialAssignments::overseer(Question question) const {
  const Answer unknown(answer_format_.length());
  const int kind = kind_of(question);
  if (kind < 0) co_return unknown;
  if (kind != kValue) co_return co_yield question;
  const int x = *names_.get(question, 1);
  const Answer first = co_yield variable_question(kArg1, x);
  if (answer_value(first)) co_return first;  // x is a given
  const std::optional<int> y = answer_element(first);
  if (!y) co_return unknown;
  const std::optional<int> value_y = answer_value(co_yield variable_question(kValue, *y));
  if (!value_y) co_return unknown;
  const std::optional<int> z = answer_element(co_yield variable_question(kArg2, x));
  if (!z) co_return unknown;
  const std::optional<int> value_z = answer_value(co_yield variable_question(kValue, *z));
  if (!value_z) co_return unknown;
  const Answer result = co_yield fn_question(*value_y, *value_z);
  co_return answer_value(result) ? result : unknown;
}

}  // namespace ida::questions
