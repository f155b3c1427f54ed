#include "net/tensor_file.h"

#include <cstring>
#include <set>

#include "core/error.h"

namespace ida::net {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the tensor format is little-endian");

namespace {

// This layer is C++17 under clang (CMakeLists.txt): no std::string_view::starts_with.
bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

constexpr std::string_view kMagic = "IDA-TENSORS 1\n";
constexpr std::string_view kMagicStem = "IDA-TENSORS ";
constexpr size_t kMaxRank = 8;
constexpr size_t kMaxNameLength = 1000;
constexpr uint32_t kMaxTensors = 100000;

size_t element_bytes(DType dtype) { return dtype == DType::kInt64 ? 8 : 4; }

bool valid_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameLength) return false;
  for (char c : name)
    if (c < 0x21 || c > 0x7e) return false;
  return true;
}

template <class T>
void put(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.append(bytes, sizeof(T));
}

// Reads the bytes front to back; every read checks what is left.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : rest_(bytes) {}

  template <class T>
  T get(const char* what) {
    T value;
    std::memcpy(&value, take(sizeof(T), what).data(), sizeof(T));
    return value;
  }
  std::string_view take(size_t n, const char* what) {
    if (rest_.size() < n) throw InputError(std::string("truncated in ") + what);
    std::string_view part = rest_.substr(0, n);
    rest_.remove_prefix(n);
    return part;
  }
  size_t left() const { return rest_.size(); }

 private:
  std::string_view rest_;
};

NamedTensor read_tensor(Reader& in, int64_t& elements_left) {
  NamedTensor t;
  const auto name_length = in.get<uint16_t>("a tensor's name");
  t.name = std::string(in.take(name_length, "a tensor's name"));
  if (!valid_name(t.name)) throw InputError("a tensor's name is empty or not printable");
  const auto dtype = in.get<uint8_t>("a tensor's dtype");
  if (dtype != 1 && dtype != 2)
    throw InputError("tensor " + t.name + ": unknown dtype " + std::to_string(dtype));
  t.dtype = static_cast<DType>(dtype);
  const auto rank = in.get<uint8_t>("a tensor's rank");
  if (rank > kMaxRank) throw InputError("tensor " + t.name + ": rank " + std::to_string(rank));
  int64_t numel = 1;
  for (int d = 0; d < rank; ++d) {
    const auto size = in.get<int64_t>("a tensor's sizes");
    if (size < 0 || (size > 0 && numel > elements_left / size))
      throw InputError("tensor " + t.name + ": size " + std::to_string(size) +
                       " out of range (at most " + std::to_string(elements_left) +
                       " elements left in the file's bound)");
    numel *= size;
    t.sizes.push_back(size);
  }
  if (numel > elements_left)  // a scalar (rank 0), which the loop above does not check
    throw InputError("tensor " + t.name + ": more elements than the file's bound");
  elements_left -= numel;
  t.data = std::string(
      in.take(static_cast<size_t>(numel) * element_bytes(t.dtype), "a tensor's elements"));
  return t;
}

}  // namespace

int64_t NamedTensor::numel() const {
  int64_t n = 1;
  for (int64_t s : sizes) n *= s;
  return n;
}

std::string write_tensors(const std::vector<NamedTensor>& tensors) {
  IDA_CHECK(tensors.size() <= kMaxTensors);
  std::string out(kMagic);
  put<uint32_t>(out, static_cast<uint32_t>(tensors.size()));
  std::set<std::string_view> names;
  for (const auto& t : tensors) {
    IDA_CHECK(valid_name(t.name) && names.insert(t.name).second);
    IDA_CHECK(t.sizes.size() <= kMaxRank);
    IDA_CHECK(t.data.size() == static_cast<size_t>(t.numel()) * element_bytes(t.dtype));
    put<uint16_t>(out, static_cast<uint16_t>(t.name.size()));
    out += t.name;
    put<uint8_t>(out, static_cast<uint8_t>(t.dtype));
    put<uint8_t>(out, static_cast<uint8_t>(t.sizes.size()));
    for (int64_t s : t.sizes) put<int64_t>(out, s);
    out += t.data;
  }
  return out;
}

std::vector<NamedTensor> read_tensors(std::string_view bytes, int64_t max_elements) {
  if (!starts_with(bytes, kMagicStem)) throw InputError("not ida tensors (no IDA-TENSORS line)");
  if (!starts_with(bytes, kMagic))
    throw InputError("unsupported tensor format version (this ida reads version 1)");
  Reader in(bytes.substr(kMagic.size()));
  const auto count = in.get<uint32_t>("the tensor count");
  if (count > kMaxTensors) throw InputError(std::to_string(count) + " tensors is too many");
  std::vector<NamedTensor> tensors;
  std::set<std::string> names;
  int64_t elements_left = max_elements;
  for (uint32_t i = 0; i < count; ++i) {
    tensors.push_back(read_tensor(in, elements_left));
    if (!names.insert(tensors.back().name).second)
      throw InputError("tensor " + tensors.back().name + " appears twice");
  }
  if (in.left() > 0)
    throw InputError(std::to_string(in.left()) + " bytes follow the last tensor");
  return tensors;
}

bool is_torch_archive(std::string_view bytes) { return starts_with(bytes, "PK\x03\x04"); }

}  // namespace ida::net
