// The checkpoint container: a small text header (what the network is for, its shape, the
// payload's size and CRC-32) followed by an opaque payload (the weights and optimiser state,
// in ida's tensor format: src/net/tensor_file.h).
// Corrupted, truncated or foreign files are rejected with messages a user can act on.
//
// Format:
//   IDA-CHECKPOINT 1\n
//   kind: game-agent\n           (required header lines, "key: value", any order)
//   instance: connect4\n
//   round: 3\n
//   architecture: resnet c=32 b=3\n
//   payload_bytes: 123456\n
//   payload_crc32: 89abcdef\n
//   <extra keys>: <values>\n     (optional, free-form)
//   \n
//   <payload_bytes bytes of payload>
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace ida::engine {

struct CheckpointHeader {
  std::string kind;          // what the payload is, e.g. "game-agent"
  std::string instance;      // the task instance, e.g. "connect4"
  int round = 0;             // the training round that produced it (>= 0)
  std::string architecture;  // network shape, e.g. "resnet c=32 b=3"
  // Filled in by pack/unpack/write_checkpoint; ignored (recomputed) when packing.
  int64_t payload_bytes = 0;
  std::string payload_crc32;  // 8 lowercase hex digits
  // Further metadata. Keys: [a-z0-9_-]+ and not one of the names above.
  std::map<std::string, std::string> extra;
};

struct CheckpointFile {
  std::string origin;  // where it came from (the path), used in error messages
  CheckpointHeader header;
  std::string payload;
};

// The checkpoint's bytes. Header values must not contain line breaks, and keys in
// `extra` must be valid and not reserved (both IDA_CHECK).
std::string pack_checkpoint(const CheckpointHeader& header, std::string_view payload);

// Parses and verifies `bytes`. Throws InputError prefixed with "<origin>: " for a bad
// magic line, an unsupported version, a malformed or incomplete header, a payload shorter
// ("truncated") or longer than the header says, or a payload checksum mismatch
// ("corrupted").
CheckpointFile unpack_checkpoint(std::string_view bytes, std::string_view origin);

// Packs and writes atomically (see write_file_atomically). Returns the header as written,
// with payload_bytes and payload_crc32 filled in (to record in the run store).
CheckpointHeader write_checkpoint(const std::filesystem::path& path, const CheckpointHeader& header,
                                  std::string_view payload);

// Reads and verifies the file at `path` (origin = the path). Throws InputError.
CheckpointFile read_checkpoint(const std::filesystem::path& path);

// Throws InputError unless the checkpoint has this kind, instance and architecture, e.g.
// "<origin>: checkpoint is for connect4, not tictactoe". An empty expected value is not
// checked.
void expect(const CheckpointFile& file, std::string_view kind, std::string_view instance,
            std::string_view architecture);

}  // namespace ida::engine
