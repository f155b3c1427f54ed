// Config files and --set values. Input: TOML text in which lines that start with "--set "
// are --set values instead, applied after the text. For a game run's and a question run's
// schema: loading throws only InputError, and a config that loads is written back as TOML
// that reloads to the same text (to_toml's contract).
#include <string>
#include <vector>

#include "core/config.h"
#include "core/error.h"
#include "decomposition/question_config.h"
#include "fuzz_input.h"
#include "selfplay/game_config.h"

namespace {

template <class Config>
void load(const std::string& toml, const std::vector<std::string>& sets) {
  Config config;
  ida::ConfigSchema schema;
  describe(config, schema);
  try {
    schema.load_string(toml, "fuzz.toml");
    for (const auto& s : sets) schema.set(s);
  } catch (const ida::InputError&) {
    return;
  }
  const std::string written = schema.to_toml();
  Config again;
  ida::ConfigSchema reread;
  describe(again, reread);
  try {
    reread.load_string(written, "written");
  } catch (const ida::InputError&) {
    ida::fuzz::fail("a loaded config's to_toml() does not load");
  }
  if (reread.to_toml() != written) ida::fuzz::fail("to_toml() does not reload to itself");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input = ida::fuzz::as_text(data, size);
  std::string toml;
  std::vector<std::string> sets;
  for (size_t start = 0; start <= input.size();) {
    size_t end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    const std::string_view line = input.substr(start, end - start);
    if (line.substr(0, 6) == "--set ")
      sets.emplace_back(line.substr(6));
    else
      toml.append(line).append("\n");
    start = end + 1;
  }
  load<ida::selfplay::GameRunConfig>(toml, sets);
  load<ida::decomposition::QuestionRunConfig>(toml, sets);
  return 0;
}
