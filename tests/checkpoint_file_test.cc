// Tests for the checkpoint container, CRC-32 and atomic file writes.
#include "engine/checkpoint_file.h"

#include <gtest/gtest.h>

#include "error_of.h"
#include <stdlib.h>

#include <filesystem>

#include "core/atomic_file.h"
#include "core/checksum.h"
#include "core/error.h"

namespace ida::engine {
namespace {

namespace fs = std::filesystem;

// A fresh directory per test, removed afterwards.
class CheckpointFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "ida_checkpoint_test_XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

CheckpointHeader sample_header() {
  CheckpointHeader h;
  h.kind = "game-agent";
  h.instance = "connect4";
  h.round = 3;
  h.architecture = "resnet c=32 b=3";
  h.extra["optimizer"] = "adam lr=0.001";
  return h;
}

std::string sample_payload() {
  std::string p;
  for (int i = 0; i < 1000; ++i) p += static_cast<char>(i * 37 % 256);  // includes \0, \n
  return p;
}

using testing::error_of;

TEST(ChecksumTest, StandardVectors) {
  EXPECT_EQ(crc32("123456789"), 0xCBF43926u);
  EXPECT_EQ(crc32(""), 0u);
  EXPECT_EQ(crc32_hex("123456789"), "cbf43926");
  EXPECT_EQ(crc32_hex("The quick brown fox jumps over the lazy dog"), "414fa339");
  EXPECT_EQ(crc32("6789", crc32("12345")), 0xCBF43926u);
  EXPECT_EQ(format_crc32(0xAB), "000000ab");
}

TEST_F(CheckpointFileTest, PackUnpackRoundTrip) {
  std::string bytes = pack_checkpoint(sample_header(), sample_payload());
  EXPECT_EQ(bytes.rfind("IDA-CHECKPOINT 1\nkind: game-agent\n", 0), 0u);
  CheckpointFile f = unpack_checkpoint(bytes, "mem");
  EXPECT_EQ(f.origin, "mem");
  EXPECT_EQ(f.header.kind, "game-agent");
  EXPECT_EQ(f.header.instance, "connect4");
  EXPECT_EQ(f.header.round, 3);
  EXPECT_EQ(f.header.architecture, "resnet c=32 b=3");
  EXPECT_EQ(f.header.payload_bytes, 1000);
  EXPECT_EQ(f.header.payload_crc32, crc32_hex(sample_payload()));
  EXPECT_EQ(f.header.extra, sample_header().extra);
  EXPECT_EQ(f.payload, sample_payload());
  EXPECT_EQ(unpack_checkpoint(pack_checkpoint(sample_header(), ""), "mem").payload, "");
}

TEST_F(CheckpointFileTest, FileRoundTripLeavesNoTmp) {
  fs::path path = dir_ / "round-0003.ckpt";
  CheckpointHeader written = write_checkpoint(path, sample_header(), sample_payload());
  EXPECT_EQ(written.payload_bytes, 1000);
  EXPECT_EQ(written.payload_crc32, crc32_hex(sample_payload()));
  EXPECT_FALSE(fs::exists(dir_ / "round-0003.ckpt.tmp"));
  CheckpointFile f = read_checkpoint(path);
  EXPECT_EQ(f.origin, path.string());
  EXPECT_EQ(f.payload, sample_payload());
  // Overwriting replaces the file whole.
  write_checkpoint(path, sample_header(), "short");
  EXPECT_EQ(read_checkpoint(path).payload, "short");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(CheckpointFileTest, FlippedPayloadByteIsCorrupted) {
  std::string bytes = pack_checkpoint(sample_header(), sample_payload());
  bytes[bytes.size() - 10] ^= 0x55;
  std::string msg = error_of([&] { unpack_checkpoint(bytes, "ck.ckpt"); });
  EXPECT_EQ(msg.rfind("ck.ckpt: corrupted: payload checksum ", 0), 0u) << msg;
  EXPECT_NE(msg.find("!= header's " + crc32_hex(sample_payload())), std::string::npos) << msg;
}

TEST_F(CheckpointFileTest, TruncationAndTrailingBytes) {
  std::string bytes = pack_checkpoint(sample_header(), sample_payload());
  std::string msg = error_of([&] { unpack_checkpoint(bytes.substr(0, bytes.size() - 1), "f"); });
  EXPECT_EQ(msg, "f: truncated: payload has 999 bytes, header says 1000");
  msg = error_of([&] { unpack_checkpoint(bytes.substr(0, 40), "f"); });
  EXPECT_NE(msg.find("f: truncated"), std::string::npos) << msg;
  msg = error_of([&] { unpack_checkpoint(bytes + "x", "f"); });
  EXPECT_NE(msg.find("f: corrupted: payload has 1001 bytes, header says 1000"), std::string::npos)
      << msg;
  // A file cut off by a crash, on disk.
  write_file_atomically(dir_ / "cut.ckpt", bytes.substr(0, bytes.size() / 2));
  msg = error_of([&] { read_checkpoint(dir_ / "cut.ckpt"); });
  EXPECT_NE(msg.find((dir_ / "cut.ckpt").string() + ": truncated"), std::string::npos) << msg;
}

TEST_F(CheckpointFileTest, BadMagicVersionAndHeader) {
  EXPECT_EQ(error_of([&] { unpack_checkpoint("PK\x03\x04 zip data", "model.pt"); }),
            "model.pt: not an ida checkpoint (bad magic)");
  EXPECT_EQ(error_of([&] { unpack_checkpoint("", "empty"); }),
            "empty: not an ida checkpoint (bad magic)");
  std::string msg = error_of([&] { unpack_checkpoint("IDA-CHECKPOINT 2\n\n", "f"); });
  EXPECT_NE(msg.find("unsupported checkpoint format version '2'"), std::string::npos) << msg;
  std::string bytes = pack_checkpoint(sample_header(), "abc");
  std::string no_round = bytes;
  no_round.erase(no_round.find("round: 3\n"), 9);
  EXPECT_EQ(error_of([&] { unpack_checkpoint(no_round, "f"); }), "f: header has no 'round' line");
  std::string bad_round = bytes;
  bad_round.replace(bad_round.find("round: 3"), 8, "round: x");
  EXPECT_NE(error_of([&] { unpack_checkpoint(bad_round, "f"); }).find("not a round number"),
            std::string::npos);
  std::string bad_line = bytes;
  bad_line.replace(bad_line.find("round: 3"), 8, "round=3!");
  EXPECT_NE(error_of([&] { unpack_checkpoint(bad_line, "f"); }).find("malformed header line 4"),
            std::string::npos);
  EXPECT_EQ(error_of([&] {
              read_checkpoint(dir_ / "missing.ckpt");
            }).find((dir_ / "missing.ckpt").string() + ": cannot read"),
            0u);
}

TEST_F(CheckpointFileTest, ForeignCheckpointsAreRejected) {
  CheckpointFile f = unpack_checkpoint(pack_checkpoint(sample_header(), "abc"), "r.ckpt");
  EXPECT_NO_THROW(expect(f, "game-agent", "connect4", "resnet c=32 b=3"));
  EXPECT_NO_THROW(expect(f, "game-agent", "connect4", ""));
  EXPECT_EQ(error_of([&] { expect(f, "game-agent", "tictactoe", "resnet c=32 b=3"); }),
            "r.ckpt: checkpoint is for connect4, not tictactoe");
  std::string msg = error_of([&] { expect(f, "game-agent", "connect4", "resnet c=64 b=5"); });
  EXPECT_NE(msg.find("resnet c=32 b=3"), std::string::npos) << msg;
  EXPECT_NE(msg.find("resnet c=64 b=5"), std::string::npos) << msg;
  msg = error_of([&] { expect(f, "question-agent", "connect4", ""); });
  EXPECT_NE(msg.find("game-agent"), std::string::npos) << msg;
}

TEST_F(CheckpointFileTest, InvalidHeadersAreBugs) {
  CheckpointHeader h = sample_header();
  h.architecture = "two\nlines";
  EXPECT_THROW(pack_checkpoint(h, ""), std::logic_error);
  h = sample_header();
  h.extra["round"] = "5";
  EXPECT_THROW(pack_checkpoint(h, ""), std::logic_error);
}

TEST_F(CheckpointFileTest, AtomicWriteErrorsNamePath) {
  std::string msg = error_of([&] { write_file_atomically(dir_ / "no" / "such" / "f", "x"); });
  EXPECT_NE(msg.find((dir_ / "no" / "such" / "f.tmp").string()), std::string::npos) << msg;
  EXPECT_NE(msg.find("No such file or directory"), std::string::npos) << msg;
  msg = error_of([&] { read_file(dir_); });
  EXPECT_NE(msg.find("Is a directory"), std::string::npos) << msg;
  write_file_atomically(dir_ / "f", std::string("a\0b", 3));
  EXPECT_EQ(read_file(dir_ / "f"), std::string("a\0b", 3));
}

// What the machine refuses is an EnvironmentError (exit status 2), and the old file stays.
TEST_F(CheckpointFileTest, EnvironmentRefusalsAreEnvironmentErrors) {
  EXPECT_THROW(write_file_atomically(dir_ / "no" / "such" / "f", "x"), EnvironmentError);
  // A directory where the file should go: rename fails (EISDIR) after the write.
  std::filesystem::create_directories(dir_ / "d" / "inner");
  EXPECT_THROW(write_file_atomically(dir_ / "d", "x"), EnvironmentError);
  EXPECT_TRUE(std::filesystem::exists(dir_ / "d" / "inner"));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "d.tmp")) << "the temporary file is removed";
}

}  // namespace
}  // namespace ida::engine
