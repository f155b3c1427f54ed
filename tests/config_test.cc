// Tests for ConfigSchema: TOML loading, errors, --set overrides, exact round trips, diffs.
#include "core/config.h"

#include <gtest/gtest.h>

#include "error_of.h"
#include <stdlib.h>

#include <bit>
#include <cmath>
#include <filesystem>
#include <limits>
#include <random>

#include "core/atomic_file.h"
#include "core/error.h"

namespace ida {
namespace {

namespace fs = std::filesystem;

struct SearchConfig {
  int simulations = 100;
  double c_puct = 1.5;
  bool dirichlet = true;
};

struct TestConfig {
  int64_t seed = 42;
  std::string game = "connect4";
  std::string note = "plain text";
  SearchConfig search;
  double learning_rate = 1e-3;
  int train_batch = 256;
};

ConfigSchema make_schema(TestConfig& c) {
  ConfigSchema s;
  s.add("seed", &c.seed, std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(),
        "Master seed.");
  s.add("game", &c.game, "The game to learn.", {"connect4", "tictactoe"});
  s.add("note", &c.note, "Free text.\nSecond help line.");
  s.add("search.simulations", &c.search.simulations, 1, 100000, "MCTS simulations per move.");
  s.add("search.c_puct", &c.search.c_puct, 0.0, 100.0, "Exploration constant.");
  s.add("search.dirichlet", &c.search.dirichlet, "Add Dirichlet noise at the root.");
  s.add("train.learning_rate", &c.learning_rate, 0.0, 1.0, "Adam learning rate.");
  s.add("train.batch", &c.train_batch, 1, 4096, "Positions per batch.");
  return s;
}

using testing::error_of;

TEST(ConfigTest, LoadsSectionsAndDottedKeys) {
  TestConfig c;
  ConfigSchema s = make_schema(c);
  s.load_string("seed = 7\n[search]\nsimulations = 800\nc_puct = 2\n", "a.toml");
  EXPECT_EQ(c.seed, 7);
  EXPECT_EQ(c.search.simulations, 800);
  EXPECT_EQ(c.search.c_puct, 2.0);  // integers are accepted for doubles
  EXPECT_TRUE(c.search.dirichlet);  // untouched keys keep their defaults
  s.load_string("search.dirichlet = false\ntrain.batch = 64\n", "b.toml");
  EXPECT_FALSE(c.search.dirichlet);
  EXPECT_EQ(c.train_batch, 64);
}

TEST(ConfigTest, UnknownKeyNamesKeyFileLineAndSuggestion) {
  TestConfig c;
  ConfigSchema s = make_schema(c);
  std::string msg = error_of([&] { s.load_string("[search]\nsimulatons = 5\n", "run.toml"); });
  EXPECT_NE(msg.find("run.toml:2"), std::string::npos) << msg;
  EXPECT_NE(msg.find("unknown key 'search.simulatons'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("did you mean 'search.simulations'"), std::string::npos) << msg;

  msg = error_of([&] { s.load_string("simulations = 5\n", "run.toml"); });
  EXPECT_NE(msg.find("did you mean 'search.simulations'"), std::string::npos) << msg;

  msg = error_of([&] { s.load_string("[serach]\nsimulations = 5\n", "run.toml"); });
  EXPECT_NE(msg.find("unknown key 'serach'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("did you mean 'search'"), std::string::npos) << msg;

  msg = error_of([&] { s.load_string("completely_unrelated_thing = 1\n", "run.toml"); });
  EXPECT_NE(msg.find("unknown key 'completely_unrelated_thing'"), std::string::npos) << msg;
  EXPECT_EQ(msg.find("did you mean"), std::string::npos) << msg;

  msg = error_of([&] { s.load_string("search = 3\n", "run.toml"); });
  EXPECT_NE(msg.find("'search' is a section"), std::string::npos) << msg;
}

TEST(ConfigTest, WrongTypeAndRangeErrorsNameKeyValueAndRange) {
  TestConfig c;
  ConfigSchema s = make_schema(c);
  std::string msg = error_of([&] { s.load_string("[search]\nsimulations = 0\n", "x.toml"); });
  EXPECT_NE(msg.find("x.toml:2"), std::string::npos) << msg;
  EXPECT_NE(msg.find("search.simulations = 0"), std::string::npos) << msg;
  EXPECT_NE(msg.find("[1, 100000]"), std::string::npos) << msg;

  msg = error_of([&] { s.load_string("search.simulations = 1.5\n", "x.toml"); });
  EXPECT_NE(msg.find("expected an integer"), std::string::npos) << msg;
  msg = error_of([&] { s.load_string("search.simulations = \"many\"\n", "x.toml"); });
  EXPECT_NE(msg.find("search.simulations = \"many\""), std::string::npos) << msg;
  msg = error_of([&] { s.load_string("search.c_puct = -0.5\n", "x.toml"); });
  EXPECT_NE(msg.find("a number in [0.0, 100.0]"), std::string::npos) << msg;
  msg = error_of([&] { s.load_string("search.c_puct = nan\n", "x.toml"); });
  EXPECT_NE(msg.find("search.c_puct = nan"), std::string::npos) << msg;
  msg = error_of([&] { s.load_string("search.dirichlet = 1\n", "x.toml"); });
  EXPECT_NE(msg.find("true or false"), std::string::npos) << msg;
  msg = error_of([&] { s.load_string("game = \"chess\"\n", "x.toml"); });
  EXPECT_NE(msg.find("one of \"connect4\", \"tictactoe\""), std::string::npos) << msg;
  msg = error_of([&] { s.load_string("[search.simulations]\n", "x.toml"); });
  EXPECT_NE(msg.find("expected an integer"), std::string::npos) << msg;
}

TEST(ConfigTest, SyntaxErrorNamesFileAndLine) {
  TestConfig c;
  ConfigSchema s = make_schema(c);
  std::string msg = error_of([&] { s.load_string("seed = 1\n[search\n", "bad.toml"); });
  EXPECT_NE(msg.find("bad.toml:2"), std::string::npos) << msg;
  EXPECT_NE(msg.find("TOML syntax error"), std::string::npos) << msg;
}

TEST(ConfigTest, LoadingIsAllOrNothing) {
  TestConfig c;
  ConfigSchema s = make_schema(c);
  EXPECT_THROW(s.load_string("seed = 5\n[search]\nsimulations = -1\n", "x.toml"), InputError);
  EXPECT_EQ(c.seed, 42);
  EXPECT_EQ(c.search.simulations, 100);
}

TEST(ConfigTest, LoadFile) {
  char tmpl[] = "/tmp/ida_config_test_XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  fs::path dir = tmpl;
  TestConfig c;
  ConfigSchema s = make_schema(c);
  write_file_atomically(dir / "run.toml", "[train]\nbatch = 32\nbogus = 1\n");
  std::string msg = error_of([&] { s.load_file(dir / "run.toml"); });
  EXPECT_NE(msg.find((dir / "run.toml").string() + ":3"), std::string::npos) << msg;
  write_file_atomically(dir / "run.toml", "[train]\nbatch = 32\n");
  s.load_file(dir / "run.toml");
  EXPECT_EQ(c.train_batch, 32);
  msg = error_of([&] { s.load_file(dir / "missing.toml"); });
  EXPECT_NE(msg.find("missing.toml"), std::string::npos) << msg;
  EXPECT_NE(msg.find("No such file"), std::string::npos) << msg;
  fs::remove_all(dir);
}

TEST(ConfigTest, SetParsesByFieldType) {
  TestConfig c;
  ConfigSchema s = make_schema(c);
  s.set("search.simulations=1_000");
  s.set("search.c_puct = 0.25");
  s.set("search.dirichlet=false");
  s.set("game=tictactoe");
  s.set("note=hello world");
  s.set("seed=-9223372036854775808");
  s.set("train.learning_rate=1");
  EXPECT_EQ(c.search.simulations, 1000);
  EXPECT_EQ(c.search.c_puct, 0.25);
  EXPECT_FALSE(c.search.dirichlet);
  EXPECT_EQ(c.game, "tictactoe");
  EXPECT_EQ(c.note, "hello world");
  EXPECT_EQ(c.seed, std::numeric_limits<int64_t>::min());
  s.set("note=\"quoted \\\"text\\\"\"");
  EXPECT_EQ(c.note, "quoted \"text\"");
  s.set("note=");
  EXPECT_EQ(c.note, "");

  std::string msg = error_of([&] { s.set("search.simulations=lots"); });
  EXPECT_NE(msg.find("--set"), std::string::npos) << msg;
  EXPECT_NE(msg.find("search.simulations = lots"), std::string::npos) << msg;
  EXPECT_NE(msg.find("[1, 100000]"), std::string::npos) << msg;
  msg = error_of([&] { s.set("search.simulatoins=5"); });
  EXPECT_NE(msg.find("did you mean 'search.simulations'"), std::string::npos) << msg;
  EXPECT_NE(error_of([&] { s.set("no_equals_sign"); }).find("key=value"), std::string::npos);
  EXPECT_FALSE(error_of([&] { s.set("search.simulations=5\ntrain.batch=1"); }).empty());
  EXPECT_FALSE(error_of([&] { s.set("game=chess"); }).empty());
  EXPECT_FALSE(error_of([&] { s.set("search.c_puct=1e9"); }).empty());
  EXPECT_EQ(c.learning_rate, 1.0);
  EXPECT_EQ(c.search.simulations, 1000);
}

TEST(ConfigTest, ToTomlIsCommentedAndGrouped) {
  TestConfig c;
  ConfigSchema s = make_schema(c);
  std::string text = s.to_toml();
  EXPECT_EQ(text.rfind("# Master seed.\nseed = 42\n", 0), 0u) << text;
  EXPECT_NE(text.find("# Free text.\n# Second help line.\nnote = \"plain text\"\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("[search]\n# MCTS simulations per move.\n# (an integer in [1, 100000])\n"
                      "simulations = 100\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("[train]\n"), std::string::npos) << text;
  EXPECT_NE(text.find("learning_rate = 0.001\n"), std::string::npos) << text;
  EXPECT_LT(text.find("note ="), text.find("[search]"));  // top-level keys come first
}

TEST(ConfigTest, ToTomlRoundTripsExactly) {
  std::mt19937_64 rng(123);
  std::vector<double> doubles = {0.0,
                                 -0.0,
                                 0.1,
                                 1.0 / 3.0,
                                 1e-300,
                                 5e-324,
                                 0.30000000000000004,
                                 1.0,
                                 2.5e-7,
                                 123456789.123456789};
  for (int i = 0; i < 200; ++i) {
    double d = std::bit_cast<double>(rng());
    if (std::isfinite(d)) doubles.push_back(std::fabs(d) > 1e300 ? d / 1e10 : d);
  }
  for (double d : doubles) {
    TestConfig a;
    ConfigSchema sa;
    sa.add("x.value", &a.learning_rate, -std::numeric_limits<double>::max(),
           std::numeric_limits<double>::max(), "A double.");
    a.learning_rate = d;
    std::string text = sa.to_toml();
    TestConfig b;
    b.learning_rate = 7;
    ConfigSchema sb;
    sb.add("x.value", &b.learning_rate, -std::numeric_limits<double>::max(),
           std::numeric_limits<double>::max(), "A double.");
    sb.load_string(text, "resolved.toml");
    EXPECT_EQ(std::bit_cast<uint64_t>(b.learning_rate), std::bit_cast<uint64_t>(d)) << text;
  }

  TestConfig a;
  a.seed = std::numeric_limits<int64_t>::max();
  a.note = "quote \" backslash \\ newline\n tab\t ctrl\x01 unicode \xc3\xa9";
  a.search = {7, 0.7, false};
  a.game = "tictactoe";
  ConfigSchema sa = make_schema(a);
  TestConfig b;
  ConfigSchema sb = make_schema(b);
  sb.load_string(sa.to_toml(), "resolved.toml");
  EXPECT_EQ(b.seed, a.seed);
  EXPECT_EQ(b.note, a.note);
  EXPECT_EQ(b.game, a.game);
  EXPECT_EQ(b.search.simulations, 7);
  EXPECT_EQ(b.search.c_puct, 0.7);
  EXPECT_FALSE(b.search.dirichlet);
  EXPECT_EQ(sb.to_toml(), sa.to_toml());
}

TEST(ConfigTest, KeysAndValueText) {
  TestConfig c;
  ConfigSchema s = make_schema(c);
  std::vector<std::string> expected = {"seed",
                                       "game",
                                       "note",
                                       "search.simulations",
                                       "search.c_puct",
                                       "search.dirichlet",
                                       "train.learning_rate",
                                       "train.batch"};
  EXPECT_EQ(s.keys(), expected);
  EXPECT_TRUE(s.has("search.c_puct"));
  EXPECT_FALSE(s.has("search"));
  EXPECT_EQ(s.value_text("search.simulations"), "100");
  EXPECT_EQ(s.value_text("search.c_puct"), "1.5");
  EXPECT_EQ(s.value_text("search.dirichlet"), "true");
  EXPECT_EQ(s.value_text("game"), "\"connect4\"");
  EXPECT_EQ(s.value_text("train.learning_rate"), "0.001");
  EXPECT_THROW(s.value_text("nope"), InputError);
}

TEST(ConfigTest, DifferingKeys) {
  TestConfig c;
  ConfigSchema s = make_schema(c);
  std::string before = s.to_toml();
  EXPECT_TRUE(ConfigSchema::differing_keys(before, before).empty());
  s.set("search.simulations=50");
  s.set("game=tictactoe");
  std::vector<std::string> expected = {"game", "search.simulations"};
  EXPECT_EQ(ConfigSchema::differing_keys(before, s.to_toml()), expected);
  // Values compare after parsing; comments and layout do not matter.
  EXPECT_TRUE(ConfigSchema::differing_keys("a = 0.10\n# x\n", "a = 0.1").empty());
  EXPECT_TRUE(ConfigSchema::differing_keys("[s]\nb = 1\n", "s.b = 1").empty());
  expected = {"only_a", "s.only_b"};
  EXPECT_EQ(ConfigSchema::differing_keys("only_a = 1\n", "s.only_b = 1\n"), expected);
  EXPECT_THROW(ConfigSchema::differing_keys("a = ", "a = 1"), InputError);
}

TEST(ConfigTest, RegistrationBugsAreChecked) {
  TestConfig c;
  ConfigSchema s = make_schema(c);
  int x = 5;
  EXPECT_THROW(s.add("search.simulations", &x, 0, 10, "dup"), std::logic_error);
  EXPECT_THROW(s.add("search", &x, 0, 10, "section as key"), std::logic_error);
  EXPECT_THROW(s.add("seed.sub", &x, 0, 10, "key as section"), std::logic_error);
  EXPECT_THROW(s.add("bad key", &x, 0, 10, "space"), std::logic_error);
  EXPECT_THROW(s.add("out_of_range", &x, 6, 10, "default invalid"), std::logic_error);
  std::string g = "go";
  EXPECT_THROW(s.add("g", &g, "not allowed", {"chess"}), std::logic_error);
}

}  // namespace
}  // namespace ida
