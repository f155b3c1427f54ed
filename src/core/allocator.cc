#include "core/allocator.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace ida {

void keep_freed_memory() {
#if defined(__GLIBC__)
  // Blocks up to the largest threshold glibc accepts (32 MiB on 64-bit systems) come from
  // the heap; a fixed threshold also stops glibc from adjusting it. The heap is never
  // trimmed below what ida has used.
  if (mallopt(M_MMAP_THRESHOLD, 1 << 30) == 0) mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  mallopt(M_TOP_PAD, 64 << 20);
#endif
}

}  // namespace ida
