// The budget of a long test (label long): its full size in the release build, a smaller one
// in the sanitizer build (scripts/sanitize.sh), where search and training run 10-20 times
// slower. The smaller budget still has to show the same effect (learning happened, the
// agent wins); its thresholds say what that budget can show.
#pragma once

namespace ida::testing {

#ifdef IDA_SANITIZED
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif

template <class T>
constexpr T budget(T release, T sanitized) {
  return kSanitized ? sanitized : release;
}

}  // namespace ida::testing
