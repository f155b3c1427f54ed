// How ida asks the C library to manage its heap.
#pragma once

namespace ida {

// Keeps freed memory in the process for reuse. Torch allocates and frees buffers of
// megabytes at every call of a network (activations, attention scores, BLAS scratch);
// glibc hands blocks above its mmap threshold back to the system when freed, and trims the
// heap top, so the next call page-faults the same memory in again, zeroed. Measured
// (`ida_bench`, a permutation-powering training step at size 64, 2 cores): perf put a third
// of the time in page faults, and keeping the memory alone took 4.4 to 10.7 steps/s.
// Call once, at start-up, before any thread starts.
// A no-op where the C library has no such settings (or a sanitizer owns the heap).
void keep_freed_memory();

}  // namespace ida
