// CRC-32 checksums (IEEE 802.3, the zlib/PNG polynomial) for detecting corrupted or
// truncated files: checkpoints carry the CRC of their payload, the run store records it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ida {

// Standard CRC-32 of `bytes`: crc32("123456789") == 0xCBF43926, crc32("") == 0.
// To checksum data arriving in pieces, pass the previous result as `previous`:
// crc32(b, crc32(a)) == crc32(a + b).
uint32_t crc32(std::string_view bytes, uint32_t previous = 0);

// crc32(bytes) as exactly 8 lowercase hex digits, e.g. "cbf43926".
std::string crc32_hex(std::string_view bytes);

// `crc` as exactly 8 lowercase hex digits.
std::string format_crc32(uint32_t crc);

}  // namespace ida
