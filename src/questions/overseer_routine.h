// H's procedure for one question written as a C++20 coroutine, in the style of the authors'
// Python generators:   Answer a = co_yield sub_question;  ...  co_return final_answer;
// RoutineDecomposition drives such a routine behind the Decomposition interface.
#pragma once

#include <coroutine>
#include <exception>
#include <optional>
#include <utility>
#include <vector>

#include "core/error.h"
#include "questions/domain.h"

namespace ida::questions {

class OverseerRoutine {
 public:
  struct promise_type {
    std::optional<Question> asked;  // the sub-question H waits on
    Answer received;                // its answer, handed in before resuming
    Answer result;
    std::exception_ptr error;

    OverseerRoutine get_return_object() {
      return OverseerRoutine(std::coroutine_handle<promise_type>::from_promise(*this));
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    struct AnswerAwaiter {
      promise_type* promise;
      bool await_ready() const noexcept { return false; }
      void await_suspend(std::coroutine_handle<>) const noexcept {}
      Answer await_resume() const { return promise->received; }
    };
    AnswerAwaiter yield_value(const Question& question) {
      asked = question;
      return {this};
    }
    void return_value(const Answer& answer) { result = answer; }
    void unhandled_exception() { error = std::current_exception(); }
  };

  OverseerRoutine(OverseerRoutine&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  OverseerRoutine& operator=(OverseerRoutine&&) = delete;
  ~OverseerRoutine() {
    if (handle_) handle_.destroy();
  }
  promise_type& promise() const { return handle_.promise(); }
  bool done() const { return handle_.done(); }
  // Runs H until it asks its next sub-question or returns; rethrows H's exceptions.
  void resume() {
    handle_.resume();
    if (handle_.promise().error) std::rethrow_exception(handle_.promise().error);
  }

 private:
  explicit OverseerRoutine(std::coroutine_handle<promise_type> handle) : handle_(handle) {}
  std::coroutine_handle<promise_type> handle_;
};

// A Decomposition that runs an OverseerRoutine, keeps the transcript and checks the bound on
// sub-questions and the answer length (violations are bugs: IDA_CHECK).
class RoutineDecomposition final : public Decomposition {
 public:
  RoutineDecomposition(OverseerRoutine routine, int max_subquestions, int answer_length)
      : routine_(std::move(routine)),
        max_subquestions_(max_subquestions),
        answer_length_(answer_length) {
    routine_.resume();
  }
  std::optional<Question> next_subquestion() override {
    if (routine_.done()) return std::nullopt;
    IDA_CHECK(static_cast<int>(transcript_.size()) < max_subquestions_);
    return routine_.promise().asked;
  }
  void give_answer(const Answer& answer) override {
    IDA_CHECK(!routine_.done() && routine_.promise().asked.has_value());
    IDA_CHECK(answer.length() == answer_length_);
    transcript_.push_back({*routine_.promise().asked, answer});
    routine_.promise().asked.reset();
    routine_.promise().received = answer;
    routine_.resume();
  }
  Answer final_answer() const override {
    IDA_CHECK(routine_.done());
    IDA_CHECK(routine_.promise().result.length() == answer_length_);
    return routine_.promise().result;
  }
  const std::vector<Exchange>& transcript() const override { return transcript_; }

 private:
  OverseerRoutine routine_;
  int max_subquestions_;
  int answer_length_;
  std::vector<Exchange> transcript_;
};

}  // namespace ida::questions
