// The weights in a checkpoint: ida's tensor format (net/tensor_file.h) and its loading into
// a network, as every command that loads an agent reaches them once the file's checksum
// passes. The first byte picks what the rest is: even, the payload of a small tic-tac-toe
// agent (weights and Adam state); odd, that of a small wildcard_search question agent (its
// sections, then the tensors). Loading throws only InputError.
#include <string>

#include "core/error.h"
#include "decomposition/model_answerer.h"
#include "decomposition/question_instance.h"
#include "fuzz_input.h"
#include "net/policy_value_net.h"
#include "net/question_net.h"
#include "questions/registry.h"

namespace {

using namespace ida;

// The small agents whose payloads make_seeds.cc saves.
net::PolicyValueNet& game_agent() {
  static net::PolicyValueNet agent({2, 3, 3, 9}, {8, 1, 8}, {}, 1);
  return agent;
}
const std::string& question_architecture() {
  static const std::string line =
      net::QuestionNet(decomposition::model_shape(*questions::make_domain("wildcard_search")),
                       {16, 2, 1, 1, 16}, {}, 1)
          .architecture();
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view payload = fuzz::as_text(data + 1, size - 1);
  try {
    if (data[0] % 2 == 0)
      game_agent().load(payload, "fuzz.ckpt");
    else
      decomposition::load_question_agent(payload, question_architecture(), "fuzz.ckpt");
  } catch (const InputError&) {
  }
  return 0;
}
