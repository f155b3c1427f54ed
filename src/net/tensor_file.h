// ida's own tensor format: the payload of a network checkpoint, a list of named tensors.
// Written and parsed here without torch, so that damaged or hostile bytes meet only this
// bounds-checked reader (fuzz/fuzz_weights.cc), never torch's archive importer.
//
// Format (integers little-endian):
//   "IDA-TENSORS 1\n"
//   u32 count
//   count times:
//     u16 name length, the name (printable ASCII)
//     u8 dtype (1 = float32, 2 = int64), u8 rank (<= 8), rank x i64 sizes (>= 0)
//     the elements, row-major, 4 or 8 bytes each
// Names are unique; nothing follows the last tensor.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ida::net {

enum class DType : uint8_t { kFloat32 = 1, kInt64 = 2 };

struct NamedTensor {
  std::string name;
  DType dtype = DType::kFloat32;
  std::vector<int64_t> sizes;
  std::string data;  // the elements' bytes, little-endian

  int64_t numel() const;
};

// The bytes of `tensors` (names unique and printable, data sized to match: IDA_CHECK).
std::string write_tensors(const std::vector<NamedTensor>& tensors);

// Parses bytes written by write_tensors. Throws InputError naming what is wrong (not this
// format, an unknown version or dtype, a bad or repeated name, a size out of range, more than
// `max_elements` elements in all, truncated, trailing bytes).
std::vector<NamedTensor> read_tensors(std::string_view bytes, int64_t max_elements);

// Whether `bytes` start like a torch archive (a zip file), the payload format of ida's
// checkpoints before this one.
bool is_torch_archive(std::string_view bytes);

}  // namespace ida::net
