#include "net/bf16.h"

#include <ATen/Context.h>
#include <ATen/autocast_mode.h>

namespace ida::net {

bool cpu_has_bf16() {
#if defined(__x86_64__) && defined(__GNUC__)
  return at::hasMKLDNN() && __builtin_cpu_supports("avx512bf16");
#else
  return false;
#endif
}

Bf16Scope::Bf16Scope(bool on) : entered_(on && !at::autocast::is_cpu_enabled()) {
  if (!entered_) return;
  at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
  at::autocast::set_cpu_enabled(true);
  at::autocast::increment_nesting();
}

Bf16Scope::~Bf16Scope() {
  if (!entered_) return;
  at::autocast::set_cpu_enabled(false);
  if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
}

}  // namespace ida::net
