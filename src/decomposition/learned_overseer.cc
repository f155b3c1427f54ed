#include "decomposition/learned_overseer.h"

#include <algorithm>

#include "core/error.h"
#include "core/sections.h"

namespace ida::decomposition {
namespace {

using questions::Amplified;
using questions::Answer;
using questions::Exchange;
using questions::Question;
using questions::TokenTuple;

constexpr size_t kChunk = 4096;  // questions per H' forward pass (bounds memory)

// H''s tokens after the domain's: step indices 0..max_steps, then ASK and ANSWER.
struct Tokens {
  int domain;     // the domain's vocabulary size
  int max_steps;  // the domain's max_subquestions()
  int64_t step(int j) const { return domain + j; }
  int64_t ask() const { return domain + max_steps + 1; }
  int64_t answer() const { return domain + max_steps + 2; }
  int size() const { return domain + max_steps + 3; }
};

Tokens tokens_of(const questions::Domain& d) {
  return {d.vocabulary().size(), d.max_subquestions()};
}

// The transcripts' first `count` exchanges as H''s facts, written into slot `slot` of a
// FactBatch whose max_facts is at least count + 1.
void put_facts(net::FactBatch& batch, int slot, const std::vector<Exchange>& transcript, int count,
               const Tokens& t, int fact_length) {
  IDA_CHECK(count + 1 <= batch.max_facts);
  const size_t first = static_cast<size_t>(slot) * batch.max_facts;
  for (int f = 0; f <= count; ++f) {
    batch.padding[first + f] = 0;
    int64_t* out = batch.tokens.data() + (first + f) * fact_length;
    out[0] = t.step(f);  // f = 0: the start fact, all padding after its step token
    if (f == 0) continue;
    const Exchange& e = transcript[f - 1];
    IDA_CHECK(1 + e.question.length() + e.answer.length() == fact_length);
    std::copy(e.question.begin(), e.question.end(), out + 1);
    std::copy(e.answer.begin(), e.answer.end(), out + 1 + e.question.length());
  }
}

net::FactBatch empty_facts(int contexts, int max_facts, int fact_length) {
  net::FactBatch batch;
  batch.contexts = contexts;
  batch.max_facts = max_facts;
  batch.tokens.assign(static_cast<size_t>(contexts) * max_facts * fact_length, 0);
  batch.padding.assign(static_cast<size_t>(contexts) * max_facts, 1);
  return batch;
}

// H''s next action decoded from its tokens: an ask, an answer, or nothing usable.
struct Action {
  enum Kind { kAsk, kAnswer, kMalformed } kind = kMalformed;
  TokenTuple tuple;  // the sub-question (kAsk) or the final answer (kAnswer)
};

// A transcript whose answer has length 0 was cut short: it has no final-answer example.
bool finished(const Amplified& a) { return a.answer.length() > 0; }

}  // namespace

struct LearnedOverseer::Examples {
  net::FactBatch facts;
  net::QuestionBatch questions;
  std::vector<int64_t> targets;  // action_length per example
  int size() const { return questions.size(); }
};

net::QuestionNetShape LearnedOverseer::shape_for(const questions::Domain& domain) {
  const int q = domain.question_format().length();
  const int a = domain.answer_format().length();
  return {tokens_of(domain).size(), 1 + q + a, q, 1 + std::max(q, a)};
}

LearnedOverseer::LearnedOverseer(const questions::Domain& domain, net::QuestionNetConfig config,
                                 net::QuestionOptimConfig optim, uint64_t seed, int average_steps)
    : domain_(domain),
      question_length_(domain.question_format().length()),
      answer_length_(domain.answer_format().length()),
      max_steps_(domain.max_subquestions()),
      decay_(1.0 - 1.0 / std::max(1, average_steps)),
      online_(std::make_unique<net::QuestionNet>(shape_for(domain), config, optim, seed)),
      average_(online_->clone()) {
  IDA_CHECK(max_steps_ >= 1);
  if (average_steps < 1)
    throw InputError("the learned overseer's average_steps (" + std::to_string(average_steps) +
                     ") must be at least 1");
}

LearnedOverseer::~LearnedOverseer() = default;

LearnedOverseer::Examples LearnedOverseer::examples(
    const std::vector<Question>& questions, const std::vector<Amplified>& transcripts) const {
  IDA_CHECK(questions.size() == transcripts.size());
  const Tokens t = tokens_of(domain_);
  const net::QuestionNetShape& shape = online_->shape();
  int count = 0, longest = 0;
  for (const Amplified& a : transcripts) {
    const int steps = static_cast<int>(a.transcript.size());
    IDA_CHECK(steps <= max_steps_);
    count += steps + (finished(a) ? 1 : 0);
    longest = std::max(longest, steps);
  }
  Examples ex;
  ex.facts = empty_facts(count, longest + 1, shape.fact_length);
  ex.targets.assign(static_cast<size_t>(count) * shape.answer_length, 0);
  int slot = 0;
  for (size_t i = 0; i < questions.size(); ++i) {
    const Question& q = questions[i];
    const std::vector<Exchange>& transcript = transcripts[i].transcript;
    IDA_CHECK(q.length() == question_length_);
    const int last = static_cast<int>(transcript.size()) - (finished(transcripts[i]) ? 0 : 1);
    for (int j = 0; j <= last; ++j, ++slot) {
      put_facts(ex.facts, slot, transcript, j, t, shape.fact_length);
      ex.questions.context.push_back(slot);
      ex.questions.tokens.insert(ex.questions.tokens.end(), q.begin(), q.end());
      int64_t* target = ex.targets.data() + static_cast<size_t>(slot) * shape.answer_length;
      const bool done = j == static_cast<int>(transcript.size());
      const TokenTuple& next = done ? transcripts[i].answer : transcript[j].question;
      IDA_CHECK(next.length() == (done ? answer_length_ : question_length_));
      target[0] = done ? t.answer() : t.ask();
      std::copy(next.begin(), next.end(), target + 1);
    }
  }
  return ex;
}

double LearnedOverseer::train_step(const std::vector<Question>& questions,
                                   const std::vector<Amplified>& transcripts) {
  const Examples ex = examples(questions, transcripts);
  IDA_CHECK(ex.size() > 0);
  const double loss = online_->train_step(ex.facts, ex.questions, ex.targets);
  average_->track(*online_, decay_);
  return loss;
}

double LearnedOverseer::agreement(const std::vector<Question>& questions,
                                  const std::vector<Amplified>& transcripts) const {
  const Examples ex = examples(questions, transcripts);
  if (ex.size() == 0) return 0.0;
  const std::vector<int64_t> predicted =
      average_->answer(*average_->encode(ex.facts), ex.questions);
  const Tokens t = tokens_of(domain_);
  const int length = average_->shape().answer_length;
  int64_t agree = 0;
  for (int i = 0; i < ex.size(); ++i) {
    const int64_t* want = ex.targets.data() + static_cast<size_t>(i) * length;
    const int64_t* got = predicted.data() + static_cast<size_t>(i) * length;
    // The tokens that inference reads: the action and its sub-question or answer.
    const int used = 1 + (want[0] == t.ask() ? question_length_ : answer_length_);
    agree += std::equal(want, want + used, got);
  }
  return static_cast<double>(agree) / ex.size();
}

std::vector<Amplified> LearnedOverseer::amplify_batch(
    const std::vector<questions::Context>& contexts, const std::vector<int>& context_of,
    const std::vector<Question>& questions, questions::BatchAnswerer& model,
    questions::AmplifyCounts& counts) const {
  IDA_CHECK(context_of.size() == questions.size());
  const size_t n = questions.size();
  const Tokens t = tokens_of(domain_);
  const net::QuestionNetShape& shape = average_->shape();
  const Answer unknown(answer_length_);
  std::vector<Amplified> out(n);
  std::vector<size_t> open;  // questions H' has not finished
  for (size_t i = 0; i < n; ++i) {
    IDA_CHECK(context_of[i] >= 0 && context_of[i] < static_cast<int>(contexts.size()));
    IDA_CHECK(questions[i].length() == question_length_);
    open.push_back(i);
  }

  // H''s next action for each open question: one forward pass per chunk.
  auto next_actions = [&]() {
    std::vector<Action> actions;
    actions.reserve(open.size());
    for (size_t at = 0; at < open.size(); at += kChunk) {
      const size_t end = std::min(open.size(), at + kChunk);
      int longest = 0;
      for (size_t k = at; k < end; ++k)
        longest = std::max(longest, static_cast<int>(out[open[k]].transcript.size()));
      net::FactBatch facts =
          empty_facts(static_cast<int>(end - at), longest + 1, shape.fact_length);
      net::QuestionBatch batch;
      for (size_t k = at; k < end; ++k) {
        const Amplified& a = out[open[k]];
        const int slot = static_cast<int>(k - at);
        put_facts(facts, slot, a.transcript, static_cast<int>(a.transcript.size()), t,
                  shape.fact_length);
        batch.context.push_back(slot);
        const Question& q = questions[open[k]];
        batch.tokens.insert(batch.tokens.end(), q.begin(), q.end());
      }
      const std::vector<int64_t> tokens = average_->answer(*average_->encode(facts), batch);
      for (size_t k = at; k < end; ++k) {
        const int64_t* got = tokens.data() + (k - at) * shape.answer_length;
        Action action;
        const bool ask = got[0] == t.ask();
        if (ask || got[0] == t.answer()) {
          const int length = ask ? question_length_ : answer_length_;
          TokenTuple tuple(length);
          bool in_domain = true;
          for (int p = 0; p < length; ++p) {
            in_domain = in_domain && got[1 + p] >= 0 && got[1 + p] < t.domain;
            tuple[p] = static_cast<questions::Token>(in_domain ? got[1 + p] : 0);
          }
          const bool well_formed =
              in_domain &&
              (ask ? domain_.kind_of(tuple) >= 0 : domain_.answer_format().shape_of(tuple) >= 0);
          if (well_formed) action = {ask ? Action::kAsk : Action::kAnswer, tuple};
        }
        actions.push_back(action);
      }
    }
    return actions;
  };

  std::vector<size_t> waiting;  // questions whose sub-question goes to the model
  std::vector<int> ask_context;
  std::vector<Question> asks;
  while (!open.empty()) {
    const std::vector<Action> actions = next_actions();
    std::vector<size_t> still_open;
    waiting.clear();
    ask_context.clear();
    asks.clear();
    for (size_t k = 0; k < open.size(); ++k) {
      const size_t i = open[k];
      Amplified& a = out[i];
      const Action& action = actions[k];
      if (action.kind == Action::kAnswer) {
        a.answer = action.tuple;
        continue;
      }
      if (action.kind == Action::kMalformed ||
          static_cast<int>(a.transcript.size()) >= max_steps_) {
        a.answer = unknown;
        continue;
      }
      still_open.push_back(i);
      if (domain_.is_primitive(action.tuple)) {
        a.transcript.push_back(
            {action.tuple, domain_.answer_primitive(contexts[context_of[i]], action.tuple)});
        a.looked_up.push_back(true);
        ++counts.lookups;
      } else {
        waiting.push_back(i);
        ask_context.push_back(context_of[i]);
        asks.push_back(action.tuple);
      }
    }
    if (!waiting.empty()) {
      const std::vector<Answer> answers = model.answer(ask_context, asks);
      IDA_CHECK(answers.size() == asks.size());
      ++counts.batches;
      counts.model_calls += static_cast<int64_t>(asks.size());
      for (size_t k = 0; k < waiting.size(); ++k) {
        IDA_CHECK(answers[k].length() == answer_length_);
        out[waiting[k]].transcript.push_back({asks[k], answers[k]});
        out[waiting[k]].looked_up.push_back(false);
      }
    }
    open = std::move(still_open);
  }
  return out;
}

std::string LearnedOverseer::save() const {
  return pack_sections({{"online", online_->save()}, {"average", average_->save()}});
}

void LearnedOverseer::load(std::string_view bytes, std::string_view origin) {
  const auto sections = unpack_sections(bytes, origin);
  // Load both before changing anything: on error this overseer is unchanged.
  auto online = online_->clone();
  auto average = average_->clone();
  online->load(section(sections, "online", origin), origin);
  average->load(section(sections, "average", origin), origin);
  online_ = std::move(online);
  average_ = std::move(average);
}

std::string LearnedOverseer::architecture() const {
  return "learned-overseer task=" + std::string(domain_.name()) + " " + online_->architecture();
}

}  // namespace ida::decomposition
