#include "core/sections.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "error_of.h"

namespace ida {
namespace {

TEST(Sections, RoundTripKeepsArbitraryBytes) {
  const std::string binary("a\0b\nc 12\n", 9);
  const auto packed = pack_sections({{"agent", binary}, {"empty", ""}, {"state", "size 4\n"}});
  const auto sections = unpack_sections(packed, "x");
  ASSERT_EQ(sections.size(), 3u);
  EXPECT_EQ(sections.at("agent"), binary);
  EXPECT_EQ(sections.at("empty"), "");
  EXPECT_EQ(section(sections, "state", "x"), "size 4\n");
}

TEST(Sections, DamagedBytesAreRefusedWithTheOrigin) {
  const auto packed = pack_sections({{"agent", "0123456789"}, {"state", "abc"}});
  EXPECT_NE(testing::error_of([&] { unpack_sections(packed.substr(0, 12), "f.ckpt"); })
                .find("f.ckpt: section 'agent' is truncated"),
            std::string::npos);
  EXPECT_NE(testing::error_of([&] { unpack_sections("agent x\n", "f"); }).find("malformed"),
            std::string::npos);
  EXPECT_NE(testing::error_of([&] { unpack_sections(packed + packed, "f"); }).find("twice"),
            std::string::npos);
  EXPECT_NE(testing::error_of([&] { section(unpack_sections(packed, "f"), "teacher", "f"); })
                .find("f: missing teacher"),
            std::string::npos);
}

}  // namespace
}  // namespace ida
