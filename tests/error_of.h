// Test helper: the message of the InputError a callable throws.
#pragma once

#include <string>

#include "core/error.h"

namespace ida::testing {

// The InputError message thrown by `f`, or "" if none was thrown.
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace ida::testing
