// A scripted person for `ida oversee`: it plays a task's overseer H (Domain::begin) through
// the line protocol, reading each question and sub-answer from ida's replies like a person
// reading the screen, and gives a wrong final answer (another random answer) on a share of
// the questions, as people err.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "core/rng.h"
#include "questions/domain.h"
#include "subprocess.h"

namespace ida::testing {

struct OverseenQuestions {
  int answered = 0;
  int mistakes = 0;
};

// Answers `questions` questions of the session `ida` (an `ida oversee` conversation), then
// quits. Fails the test on a reply out of protocol.
inline OverseenQuestions oversee_as_h(const questions::Domain& domain, Conversation& ida,
                                      int questions, double mistake_rate, uint64_t seed) {
  Rng rng(seed);
  OverseenQuestions done;
  std::string line;
  auto reply = [&](const std::string& prefix) {
    EXPECT_TRUE(ida.read_line(line)) << "no reply, expected " << prefix;
    EXPECT_EQ(line.rfind(prefix, 0), 0u) << line;
    return line.substr(std::min(line.size(), prefix.size()));
  };
  std::string question = reply("question: ");
  while (done.answered < questions && !::testing::Test::HasFailure()) {
    auto h = domain.begin(domain.parse_question(question));
    while (auto sub = h->next_subquestion()) {
      ida.send("ask " + domain.question_format().format(*sub));
      std::string text = reply("sub-answer: ");
      text = text.substr(0, text.rfind(" ("));  // "<answer> (lookup|A)"
      questions::Answer answer = domain.parse_answer("?");
      try {
        answer = domain.parse_answer(text);
      } catch (const InputError&) {  // "(malformed answer)": H reads it as "?"
      }
      h->give_answer(answer);
    }
    questions::Answer answer = h->final_answer();
    if (uniform01(rng) < mistake_rate) {
      const auto& format = domain.answer_format();
      questions::Answer wrong = answer;
      while (wrong == answer) wrong = format.sample(static_cast<int>(rng() % format.shapes()), rng);
      answer = wrong;
      ++done.mistakes;
    }
    ida.send("answer " + domain.answer_format().format(answer));
    ++done.answered;
    if (done.answered < questions) question = reply("question: ");
  }
  ida.send("quit");
  return done;
}

}  // namespace ida::testing
