// The interface of a question domain (one task of Christiano, Shlegeris & Amodei 2018):
// contexts of facts, questions and answers as token tuples, and the overseer H as a
// step-by-step Decomposition that never reads the context. See docs/questions.md.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/oracle_reads.h"
#include "core/rng.h"
#include "questions/tokens.h"

namespace ida::questions {

// A domain's precomputed view of one context (successor tables, distances...), built once
// by Domain::make_context and shared by every question on that context.
class ContextIndex {
 public:
  virtual ~ContextIndex() = default;
};

// One instance: an unordered set of facts (kept sorted, without duplicates) with its
// domain's index. Immutable and cheap to copy (the index is shared); thread-safe to read.
class Context {
 public:
  Context() = default;
  // Called by Domain::make_context only.
  Context(std::vector<Fact> facts, int size, uint64_t salt,
          std::shared_ptr<const ContextIndex> index);
  const std::vector<Fact>& facts() const { return facts_; }
  // Instance size: the number of elements (variables, strings, vertices) it is about.
  int size() const { return size_; }
  // Chooses the answers of "random" primitives (e.g. a random neighbour): a pure function
  // of (facts, salt, question). Re-salt a context to draw other random answers.
  uint64_t salt() const { return salt_; }
  Context with_salt(uint64_t salt) const;
  // The domain's index; T must be the type that domain built.
  template <class T>
  const T& index() const {
    const T* p = dynamic_cast<const T*>(index_.get());
    IDA_CHECK(p != nullptr);
    return *p;
  }

 private:
  std::vector<Fact> facts_;
  int size_ = 0;
  uint64_t salt_ = 0;
  std::shared_ptr<const ContextIndex> index_;
};

struct QuestionKind {
  std::string name;        // e.g. "distance"
  bool primitive = false;  // answered by looking facts up, never by A or H
  // H asks A's own guess at this same question and improves on it (policy improvement), so
  // recursing into it with H is not well-founded; see docs/questions.md.
  bool bootstraps = false;
};

// One step of H's transcript: a sub-question and the answer it got.
struct Exchange {
  Question question;
  Answer answer;
};

// H working on one question: it emits a sub-question, waits for its answer, emits the next
// (which may depend on earlier answers), ..., then gives its final answer computed from the
// sub-answers alone. It never sees the context. The number of sub-questions is at most the
// domain's max_subquestions(), whatever the answers. Many Decompositions can be driven side
// by side so that the model's answers are computed in batches.
// Not thread-safe; must not outlive the Domain that began it.
class Decomposition {
 public:
  virtual ~Decomposition() = default;
  // The pending sub-question (the same until it is answered), or nullopt when H is done.
  virtual std::optional<Question> next_subquestion() = 0;
  // Answers the pending sub-question; any tuple of the domain's answer length is accepted
  // (H answers "?" where the sub-answers make no sense).
  virtual void give_answer(const Answer& answer) = 0;
  // H's answer, once next_subquestion() returns nullopt.
  virtual Answer final_answer() const = 0;
  virtual const std::vector<Exchange>& transcript() const = 0;
};

struct DomainOptions {
  // Element names are 2 letters from the first `letters` of a-m: letters^2 elements, the
  // largest instance size of element-based tasks (the paper: 8 letters, 64 elements).
  // At most 13 so that no name is spelled like a keyword ("no").
  int letters = 8;
};

// A task: its tokens, contexts, questions, ground truth and overseer H.
// All methods are const and thread-safe.
class Domain {
 public:
  virtual ~Domain() = default;
  Domain(const Domain&) = delete;
  Domain& operator=(const Domain&) = delete;

  virtual std::string_view name() const = 0;

  // --- Tokens. Facts, questions and answers have fixed lengths (the formats' lengths).
  const Vocabulary& vocabulary() const { return vocabulary_; }
  const TupleFormat& fact_format() const { return fact_format_; }
  const TupleFormat& question_format() const { return question_format_; }
  const TupleFormat& answer_format() const { return answer_format_; }

  // --- Contexts.
  virtual int min_size() const { return 1; }
  virtual int max_size() const = 0;
  // A random instance of `size` elements; InputError if size is outside min..max_size().
  virtual Context sample_context(int size, Rng& rng) const = 0;
  // The context of these facts (duplicates dropped); InputError if a fact is malformed or
  // the facts are inconsistent (e.g. not a permutation).
  Context make_context(std::vector<Fact> facts, uint64_t salt = 0) const;

  // --- Questions.
  const std::vector<QuestionKind>& kinds() const { return kinds_; }
  // Index into kinds(), or -1 for a malformed question.
  virtual int kind_of(const Question& question) const = 0;
  bool is_primitive(const Question& question) const;
  // A random question of `kind` about the context's elements.
  virtual Question sample_question_of_kind(const Context& context, int kind, Rng& rng) const = 0;
  // A random question, its kind uniform over the non-primitive kinds.
  Question sample_question(const Context& context, Rng& rng) const;
  // Looks a primitive question up in the facts; requires is_primitive(question).
  virtual Answer answer_primitive(const Context& context, const Question& question) const = 0;
  // The true answer, for evaluation, the audit and the supervised baseline only (never for
  // IDA training; counted by oracle_reads()). Equals answer_primitive on primitives; "?" for
  // malformed questions.
  Answer ground_truth(const Context& context, const Question& question) const {
    note_oracle_read();
    return compute_ground_truth(context, question);
  }
  // Decomposition depth, for reporting accuracy by depth: 0 for primitives, >= 1 otherwise:
  // the number of levels of H down to primitives where H is well-founded (no kind
  // bootstraps), else a task-specific measure (tree depth + 1, distance); see each task.
  virtual int depth(const Context& context, const Question& question) const = 0;

  // --- The overseer H. Any question may be begun: H answers a malformed one with "?" at
  // once and a primitive one by asking it as its only sub-question.
  virtual std::unique_ptr<Decomposition> begin(const Question& question) const = 0;
  virtual int max_subquestions() const = 0;  // bound on sub-questions per Decomposition

  // --- Alternative decompositions (redundancy, docs/alignment.md). H may know other ways to
  // decompose the same question: another split, another order, other candidates. Answered
  // by the ground truth, every variant gives the true answer; answered by A, variants that
  // disagree flag an error of A without reading a label. Variant 0 is begin(); the others
  // need not be well-founded (they serve only to cross-check, never as training targets)
  // and may ask up to max_alternative_subquestions(). A question may have fewer distinct
  // decompositions than alternatives(); its variants then repeat one.
  virtual int alternatives() const { return 1; }  // variants, begin()'s included
  virtual int max_alternative_subquestions() const { return max_subquestions(); }
  // Requires 0 <= variant < alternatives().
  std::unique_ptr<Decomposition> begin_alternative(const Question& question, int variant) const;

  // --- Text (one fact per line in context files; '#' starts a comment).
  Fact parse_fact(std::string_view text) const { return fact_format_.parse(text); }
  Question parse_question(std::string_view text) const { return question_format_.parse(text); }
  Answer parse_answer(std::string_view text) const { return answer_format_.parse(text); }
  Context parse_context(std::string_view text) const;  // InputError names the line
  // The context file `path`, read and parsed; InputError naming the file (and the line, for
  // a malformed fact).
  Context read_context(const std::string& path) const;
  std::string context_text(const Context& context) const;

 protected:
  Domain() = default;
  // InputError unless size is within min_size()..max_size().
  void check_size(int size) const;
  // Variant 1..alternatives()-1 of begin_alternative(); only domains offering them override.
  virtual std::unique_ptr<Decomposition> begin_other(const Question& question, int variant) const;
  // Adds the letters of element names to the vocabulary; InputError for bad options.
  ElementNames add_element_names(const DomainOptions& options);
  struct Indexed {
    int size = 0;
    std::shared_ptr<const ContextIndex> index;
  };
  // Validates well-formed, sorted, unique facts and builds the index; InputError if the
  // facts are inconsistent.
  virtual Indexed index_facts(const std::vector<Fact>& facts) const = 0;

  // Set up by each domain's constructor.
  Vocabulary vocabulary_;
  TupleFormat fact_format_;
  TupleFormat question_format_;
  TupleFormat answer_format_;
  std::vector<QuestionKind> kinds_;

 protected:
  // What ground_truth() returns, computed by the task.
  virtual Answer compute_ground_truth(const Context& context, const Question& question) const = 0;
};

// What answers H's non-primitive sub-questions: the model, the ground truth, a human...
using Answerer = std::function<Answer(const Question&)>;

// Answers `question` with one level of H: primitive sub-questions are looked up in the
// context, the others are sent to `ask`. With ask = ground truth this is the authors' check
// of H; with ask = the model A it is Amplify(H, A) for one question.
Answer amplify_one_level(const Domain& domain, const Context& context, const Question& question,
                         const Answerer& ask);

// H's finished transcript for people: the question, one "sub-question: answer" line per
// exchange, then "=> answer".
std::string transcript_text(const Domain& domain, const Question& question,
                            const Decomposition& decomposition);

}  // namespace ida::questions
