// Checkpoint files, as `ida play`, `ida analyze`, `ida eval`, `ida ask` and `ida train --init`
// read them, up to the weights: the container (header, payload size and checksum), the
// architecture line, and for question agents the payload's sections. Torch's reading of the
// weights is fuzz_weights.cc (about 400 times slower per input). Input: a checkpoint file.
// Every step throws only InputError.
#include <string>

#include "core/error.h"
#include "core/sections.h"
#include "engine/checkpoint_file.h"
#include "fuzz_input.h"
#include "games/registry.h"
#include "net/policy_value_net.h"
#include "net/question_net.h"
#include "questions/registry.h"

namespace {

using namespace ida;

bool is_game(const std::string& name) {
  for (const auto& g : games::game_names())
    if (g == name) return true;
  return false;
}

bool is_task(const std::string& name) {
  for (const auto& t : questions::domain_names())
    if (t == name) return true;
  return false;
}

void load(std::string_view bytes) {
  try {
    const engine::CheckpointFile file = engine::unpack_checkpoint(bytes, "fuzz.ckpt");
    const auto& h = file.header;
    if (h.kind != "agent") return;
    if (is_game(h.instance)) {
      net::PolicyValueNet::from_architecture(h.architecture);
    } else if (is_task(h.instance)) {
      net::QuestionNet::from_architecture(h.architecture);
      unpack_sections(file.payload, file.origin);
    }
  } catch (const InputError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  load(fuzz::as_text(data, size));
  return 0;
}
