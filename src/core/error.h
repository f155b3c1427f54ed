// Errors raised at the product's boundaries (configs, files, user input).
// Only main() turns them into exit codes; everything else lets them propagate.
#pragma once

#include <stdexcept>
#include <string>

namespace ida {

// Input from a user or a file was wrong: the message names the problem.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The environment refused an operation (a full disk, a read-only or missing directory,
// permissions): not a bug in ida. The message names the path and the system's reason; main()
// reports it as a user error (exit status 2).
class EnvironmentError : public InputError {
 public:
  using InputError::InputError;
};

// Always-on invariant check; failure is a bug in ida, not bad input.
#define IDA_CHECK(cond)                                                                    \
  do {                                                                                     \
    if (!(cond))                                                                           \
      throw std::logic_error(std::string(__FILE__) + ":" + std::to_string(__LINE__) +      \
                             ": check failed: " #cond);                                    \
  } while (0)

}  // namespace ida
