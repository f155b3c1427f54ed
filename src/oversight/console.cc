#include "oversight/console.h"

#include <istream>
#include <ostream>
#include <string>

#include "core/error.h"

namespace ida::oversight {
namespace {

constexpr const char* kCommands =
    "ask <sub-question> | answer <answer> | show | budget | skip | help | quit";

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

std::string budget_text(const Workspace& w) {
  return std::to_string(w.used()) + "/" + std::to_string(w.budget());
}

}  // namespace

Console::Console(Next next, Commit commit, ConsoleOptions options)
    : next_(std::move(next)), commit_(std::move(commit)), options_(options) {}

int Console::run(std::istream& in, std::ostream& out) {
  if (options_.interactive)
    out << "You are the overseer H. Answer each question; you see the question, never the "
           "facts.\nSub-questions about single facts are looked up; the others are answered "
           "by the run's model A.\nCommands: "
        << kCommands << "\n";
  std::string line;
  if (show_next_question(out)) {
    for (prompt(out); std::getline(in, line); prompt(out)) {
      const Flow flow = handle(trimmed(line), out);
      if (flow == Flow::kQuit || (flow == Flow::kNextQuestion && !show_next_question(out))) break;
    }
  }
  out << "done: " << committed_ << " committed\n" << std::flush;
  return committed_;
}

Console::Flow Console::handle(const std::string& line, std::ostream& out) {
  if (line.empty()) return Flow::kStay;
  const auto space = line.find(' ');
  const std::string command = line.substr(0, space);
  const std::string argument = space == std::string::npos ? "" : trimmed(line.substr(space));
  try {
    if (command == "ask") {
      const auto& step = current_->ask(argument);
      out << "sub-answer: " << current_->answer_text(step.answer) << " (" << source_name(step)
          << ")\n";
    } else if (command == "answer") {
      current_->answer(argument);
      commit_(*current_);
      ++committed_;
      return Flow::kNextQuestion;
    } else if (command == "show") {
      out << "transcript: " << current_->summary() << "\n";
    } else if (command == "budget") {
      out << "budget: " << budget_text(*current_) << "\n";
    } else if (command == "skip") {
      return Flow::kNextQuestion;
    } else if (command == "help") {
      out << "help: " << kCommands << "\n";
    } else if (command == "quit") {
      return Flow::kQuit;
    } else {
      throw InputError("unknown command '" + command + "' (" + kCommands + ")");
    }
  } catch (const InputError& e) {
    out << "error: " << e.what() << "\n";
  }
  out << std::flush;
  return Flow::kStay;
}

bool Console::show_next_question(std::ostream& out) {
  current_.reset();
  if (options_.questions > 0 && committed_ >= options_.questions) return false;
  current_ = next_();
  if (!current_) return false;
  out << "question: " << current_->text(current_->question()) << "\n" << std::flush;
  return true;
}

void Console::prompt(std::ostream& out) const {
  if (options_.interactive && current_) out << "[" << budget_text(*current_) << "] > " << std::flush;
}

}  // namespace ida::oversight
