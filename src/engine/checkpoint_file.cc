// Packing, parsing and verification of checkpoint files (format in checkpoint_file.h).
#include "engine/checkpoint_file.h"

#include <charconv>

#include "core/atomic_file.h"
#include "core/checksum.h"
#include "core/error.h"

namespace ida::engine {
namespace {

constexpr std::string_view kMagic = "IDA-CHECKPOINT ";
constexpr std::string_view kVersion = "1";
constexpr std::string_view kReserved[] = {"kind",         "instance",      "round",
                                          "architecture", "payload_bytes", "payload_crc32"};

bool is_reserved(std::string_view key) {
  for (std::string_view r : kReserved) {
    if (r == key) return true;
  }
  return false;
}

bool valid_header_key(std::string_view key) {
  if (key.empty()) return false;
  for (char c : key) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
      return false;
    }
  }
  return true;
}

bool valid_header_value(std::string_view value) {
  return value.find_first_of("\n\r") == std::string_view::npos;
}

template <class Int>
bool parse_int(std::string_view text, Int& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && out >= 0;
}

bool valid_crc_text(std::string_view text) {
  if (text.size() != 8) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// Quoted for messages, shortened so binary garbage does not flood the terminal.
std::string excerpt(std::string_view text) {
  std::string out = "'";
  for (char c : text.substr(0, 60)) out += (c >= 0x20 && c < 0x7F) ? c : '?';
  return out + (text.size() > 60 ? "...'" : "'");
}

}  // namespace

std::string pack_checkpoint(const CheckpointHeader& header, std::string_view payload) {
  IDA_CHECK(header.round >= 0);
  for (const std::string* v : {&header.kind, &header.instance, &header.architecture}) {
    IDA_CHECK(valid_header_value(*v));
  }
  std::string out;
  out.reserve(payload.size() + 256);
  out.append(kMagic).append(kVersion).append("\n");
  out += "kind: " + header.kind + "\n";
  out += "instance: " + header.instance + "\n";
  out += "round: " + std::to_string(header.round) + "\n";
  out += "architecture: " + header.architecture + "\n";
  out += "payload_bytes: " + std::to_string(payload.size()) + "\n";
  out += "payload_crc32: " + crc32_hex(payload) + "\n";
  for (const auto& [key, value] : header.extra) {
    IDA_CHECK(valid_header_key(key) && !is_reserved(key) && valid_header_value(value));
    out += key + ": " + value + "\n";
  }
  out += "\n";
  out.append(payload);
  return out;
}

CheckpointFile unpack_checkpoint(std::string_view bytes, std::string_view origin) {
  const std::string where(origin);
  auto fail = [&](const std::string& message) -> InputError {
    return InputError(where + ": " + message);
  };
  if (!bytes.starts_with(kMagic)) throw fail("not an ida checkpoint (bad magic)");
  size_t pos = kMagic.size();
  size_t eol = bytes.find('\n', pos);
  if (eol == std::string_view::npos || eol - pos > 16) {
    throw fail("not an ida checkpoint (bad magic)");
  }
  std::string_view version = bytes.substr(pos, eol - pos);
  if (version != kVersion) {
    throw fail("unsupported checkpoint format version " + excerpt(version) +
               " (this ida reads version " + std::string(kVersion) + ")");
  }
  pos = eol + 1;

  std::map<std::string, std::string> fields;
  for (int line_number = 2;; ++line_number) {
    eol = bytes.find('\n', pos);
    if (eol == std::string_view::npos) {
      throw fail("truncated: the header does not end (no blank line before the payload)");
    }
    std::string_view line = bytes.substr(pos, eol - pos);
    pos = eol + 1;
    if (line.empty()) break;
    size_t colon = line.find(": ");
    std::string_view key = line.substr(0, colon);
    if (colon == std::string_view::npos || !valid_header_key(key)) {
      throw fail("malformed header line " + std::to_string(line_number) + ": " + excerpt(line));
    }
    if (!fields.emplace(key, line.substr(colon + 2)).second) {
      throw fail("header line " + std::to_string(line_number) + " repeats '" + std::string(key) +
                 "'");
    }
  }
  for (std::string_view r : kReserved) {
    if (!fields.contains(std::string(r))) {
      throw fail("header has no '" + std::string(r) + "' line");
    }
  }

  CheckpointFile file;
  file.origin = where;
  CheckpointHeader& h = file.header;
  h.kind = fields["kind"];
  h.instance = fields["instance"];
  h.architecture = fields["architecture"];
  if (!parse_int(fields["round"], h.round)) {
    throw fail("header's round " + excerpt(fields["round"]) + " is not a round number");
  }
  if (!parse_int(fields["payload_bytes"], h.payload_bytes)) {
    throw fail("header's payload_bytes " + excerpt(fields["payload_bytes"]) +
               " is not a byte count");
  }
  h.payload_crc32 = fields["payload_crc32"];
  if (!valid_crc_text(h.payload_crc32)) {
    throw fail("header's payload_crc32 " + excerpt(h.payload_crc32) +
               " is not 8 lowercase hex digits");
  }
  for (auto& [key, value] : fields) {
    if (!is_reserved(key)) h.extra.emplace(key, value);
  }

  std::string_view payload = bytes.substr(pos);
  auto actual = static_cast<int64_t>(payload.size());
  if (actual < h.payload_bytes) {
    throw fail("truncated: payload has " + std::to_string(actual) + " bytes, header says " +
               std::to_string(h.payload_bytes));
  }
  if (actual > h.payload_bytes) {
    throw fail("corrupted: payload has " + std::to_string(actual) + " bytes, header says " +
               std::to_string(h.payload_bytes) + " (extra bytes at the end)");
  }
  std::string crc = crc32_hex(payload);
  if (crc != h.payload_crc32) {
    throw fail("corrupted: payload checksum " + crc + " != header's " + h.payload_crc32);
  }
  file.payload = std::string(payload);
  return file;
}

CheckpointHeader write_checkpoint(const std::filesystem::path& path, const CheckpointHeader& header,
                                  std::string_view payload) {
  write_file_atomically(path, pack_checkpoint(header, payload));
  CheckpointHeader written = header;
  written.payload_bytes = static_cast<int64_t>(payload.size());
  written.payload_crc32 = crc32_hex(payload);
  return written;
}

CheckpointFile read_checkpoint(const std::filesystem::path& path) {
  return unpack_checkpoint(read_file(path), path.string());
}

void expect(const CheckpointFile& file, std::string_view kind, std::string_view instance,
            std::string_view architecture) {
  const CheckpointHeader& h = file.header;
  if (!kind.empty() && h.kind != kind) {
    throw InputError(file.origin + ": checkpoint is a " + h.kind + " checkpoint, not a " +
                     std::string(kind) + " checkpoint");
  }
  if (!instance.empty() && h.instance != instance) {
    throw InputError(file.origin + ": checkpoint is for " + h.instance + ", not " +
                     std::string(instance));
  }
  if (!architecture.empty() && h.architecture != architecture) {
    throw InputError(file.origin + ": checkpoint's network is '" + h.architecture +
                     "', but this config builds '" + std::string(architecture) + "'");
  }
}

}  // namespace ida::engine
