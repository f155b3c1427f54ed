#include "net/tensor_file.h"

#include <gtest/gtest.h>

#include <cstring>

#include "core/error.h"
#include "error_of.h"

namespace ida::net {
namespace {

NamedTensor floats(std::string name, std::vector<int64_t> sizes) {
  NamedTensor t{std::move(name), DType::kFloat32, std::move(sizes), {}};
  std::vector<float> values(static_cast<size_t>(t.numel()));
  for (size_t i = 0; i < values.size(); ++i) values[i] = 0.5f * static_cast<float>(i) - 1;
  t.data.assign(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float));
  return t;
}

std::vector<NamedTensor> sample() {
  NamedTensor step{"optimizer.0.step", DType::kInt64, {}, std::string(8, '\0')};
  step.data[0] = 7;
  return {floats("model.conv.weight", {2, 3, 1, 1}), floats("model.empty", {0, 4}), step};
}

TEST(TensorFile, RoundTripsNamesShapesAndBytes) {
  const auto tensors = sample();
  const auto back = read_tensors(write_tensors(tensors), 1000);
  ASSERT_EQ(back.size(), tensors.size());
  for (size_t i = 0; i < back.size(); ++i) {
    EXPECT_EQ(back[i].name, tensors[i].name);
    EXPECT_EQ(back[i].dtype, tensors[i].dtype);
    EXPECT_EQ(back[i].sizes, tensors[i].sizes);
    EXPECT_EQ(back[i].data, tensors[i].data);
  }
}

// Every prefix of a valid file is refused with a clear error, and so is anything appended.
TEST(TensorFile, TruncatedOrExtendedBytesAreRefused) {
  const std::string bytes = write_tensors(sample());
  for (size_t n = 0; n < bytes.size(); ++n)
    EXPECT_THROW(read_tensors(bytes.substr(0, n), 1000), InputError) << n << " bytes";
  const std::string error = testing::error_of([&] { read_tensors(bytes + "x", 1000); });
  EXPECT_NE(error.find("1 bytes follow the last tensor"), std::string::npos) << error;
}

TEST(TensorFile, NamesWhatIsWrong) {
  auto error = [](std::string bytes) {
    return testing::error_of([&] { read_tensors(bytes, 1000); });
  };
  EXPECT_NE(error("PK\x03\x04").find("not ida tensors"), std::string::npos);
  EXPECT_NE(error("IDA-TENSORS 2\n").find("unsupported tensor format version"),
            std::string::npos);
  std::string bytes = write_tensors({floats("a", {2})});
  const size_t dtype_at = std::string("IDA-TENSORS 1\n").size() + 4 + 2 + 1;
  bytes[dtype_at] = 9;
  EXPECT_NE(error(bytes).find("tensor a: unknown dtype 9"), std::string::npos) << error(bytes);
  bytes = write_tensors({floats("a", {2})});
  bytes[dtype_at + 1] = 9;  // rank
  EXPECT_NE(error(bytes).find("tensor a: rank 9"), std::string::npos) << error(bytes);
  bytes = write_tensors({floats("a", {2}), floats("b", {2})});
  bytes[bytes.find('b')] = 'a';
  EXPECT_NE(error(bytes).find("tensor a appears twice"), std::string::npos) << error(bytes);
  bytes = write_tensors({floats("a", {2})});
  bytes[bytes.find('a')] = '\n';
  EXPECT_NE(error(bytes).find("not printable"), std::string::npos) << error(bytes);
}

// Sizes are bounded before anything is allocated: a negative size, or more elements than the
// bound (also through a product that would overflow), is refused.
TEST(TensorFile, SizesBeyondTheBoundAreRefused) {
  EXPECT_NO_THROW(read_tensors(write_tensors({floats("a", {10, 10})}), 100));
  EXPECT_THROW(read_tensors(write_tensors({floats("a", {10, 10})}), 99), InputError);
  EXPECT_THROW(read_tensors(write_tensors({floats("a", {60}), floats("b", {60})}), 100),
               InputError);
  EXPECT_THROW(read_tensors(write_tensors({floats("a", {10, 10}), floats("s", {})}), 100),
               InputError)
      << "a scalar counts as one element";
  for (int64_t size : {int64_t{-1}, int64_t{1} << 40, int64_t{1} << 62}) {
    std::string bytes = write_tensors({floats("a", {1, 1})});
    const size_t at = std::string("IDA-TENSORS 1\n").size() + 4 + 2 + 1 + 1 + 1 + 8;
    std::memcpy(bytes.data() + at, &size, sizeof size);  // the second size
    std::memcpy(bytes.data() + at - 8, &size, sizeof size);
    const std::string error = testing::error_of([&] { read_tensors(bytes, 1000); });
    EXPECT_NE(error.find("out of range"), std::string::npos) << size << ": " << error;
  }
}

}  // namespace
}  // namespace ida::net
