// Table-driven CRC-32 (reflected polynomial 0xEDB88320), one byte per step.
#include "core/checksum.h"

#include <array>

namespace ida {
namespace {

constexpr std::array<uint32_t, 256> make_table() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int bit = 0; bit < 8; ++bit) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  return table;
}

constexpr std::array<uint32_t, 256> kTable = make_table();

}  // namespace

uint32_t crc32(std::string_view bytes, uint32_t previous) {
  uint32_t c = previous ^ 0xFFFFFFFFu;
  for (char ch : bytes) c = kTable[(c ^ static_cast<uint8_t>(ch)) & 0xFFu] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

std::string format_crc32(uint32_t crc) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(8, '0');
  for (int i = 7; i >= 0; --i, crc >>= 4) out[i] = kHex[crc & 0xFu];
  return out;
}

std::string crc32_hex(std::string_view bytes) { return format_crc32(crc32(bytes)); }

}  // namespace ida
