// Kill points: named moments at which a test can make the process kill itself with SIGKILL,
// to prove that a crash exactly there loses at most the work in flight (the kill campaign,
// tests/slow/kill_campaign_test.cc). The kill is the real thing (no destructor, flush or
// atexit handler runs); only its moment is chosen.
//
// IDA_KILL_AT=<name>[@<n>] in the environment kills the process the n-th time (default 1) it
// reaches kill point <name>. Without it a kill point costs one load of a cached flag.
#pragma once

#include <string_view>

namespace ida {

// The points ida has (names are stable: tests name them):
//   atomic-write.half      write_file_atomically, half the bytes in the .tmp file
//   atomic-write.synced    the .tmp file complete and synced, not yet renamed
//   atomic-write.renamed   renamed over the target, the directory not yet synced
//   store.before-commit    RunStore::commit_round, every row inserted, COMMIT not yet run
//   store.committed        the round committed, the call not yet returned
void kill_point(std::string_view name);

}  // namespace ida
