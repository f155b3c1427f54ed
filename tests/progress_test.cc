// Tests for the metrics Table and the Progress bar's formatting and quiet-log behaviour.
#include "core/progress.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/table.h"

namespace ida {
namespace {

TEST(TableTest, FormatsNumbers) {
  EXPECT_EQ(Table::format_number(100), "100");
  EXPECT_EQ(Table::format_number(-3), "-3");
  EXPECT_EQ(Table::format_number(-0.0), "0");
  EXPECT_EQ(Table::format_number(0.53214), "0.5321");
  EXPECT_EQ(Table::format_number(2.079442), "2.079");
  EXPECT_EQ(Table::format_number(123.456), "123.5");
  EXPECT_EQ(Table::format_number(1234567.5), "1.235e+06");
  EXPECT_EQ(Table::format_number(3.2e-5), "3.2e-05");
  EXPECT_EQ(Table::format_number(std::nan("")), "nan");
  EXPECT_EQ(Table::format_number(-INFINITY), "-inf");
}

TEST(TableTest, PrintsIncrementallyAddingColumns) {
  Table table;
  std::string first = table.add_row({{"round", 1}, {"loss", 2.0794415}, {"winrate", 0.5}});
  EXPECT_EQ(first,
            "   round      loss   winrate\n"
            "       1     2.079    0.5000\n");
  // Same columns: just the row; a missing value shows "-".
  EXPECT_EQ(table.add_row({{"round", 2}, {"loss", 1.5}}), "       2     1.500         -\n");
  // A new metric name adds a column and reprints the header.
  EXPECT_EQ(table.add_row({{"round", 3}, {"loss", 1.25}, {"winrate", 0.75}, {"elo_gain", 31}}),
            "   round      loss   winrate  elo_gain\n"
            "       3     1.250    0.7500        31\n");
  EXPECT_EQ(table.render(),
            "   round      loss   winrate  elo_gain\n"
            "       1     2.079    0.5000         -\n"
            "       2     1.500         -         -\n"
            "       3     1.250    0.7500        31\n");
}

TEST(TableTest, FormatRowThenHeaderAndWideValues) {
  Table table({"round"});
  std::string row = table.format_row({{"round", 1}, {"a_very_long_metric_name", 0.25}});
  EXPECT_EQ(table.header(), "   round  a_very_long_metric_name");
  EXPECT_EQ(row, "       1                   0.2500");
  EXPECT_EQ(table.columns().size(), 2u);
  // A value wider than its column widens it.
  table.format_row({{"round", 123456789012.0}});
  EXPECT_EQ(table.header(), "       round  a_very_long_metric_name");
}

TEST(ProgressTest, FormatsDurations) {
  EXPECT_EQ(format_duration(0), "0:00");
  EXPECT_EQ(format_duration(12.4), "0:12");
  EXPECT_EQ(format_duration(75), "1:15");
  EXPECT_EQ(format_duration(3600 + 62), "1:01:02");
  EXPECT_EQ(format_duration(-1), "-:--");
  EXPECT_EQ(format_duration(std::nan("")), "-:--");
}

TEST(ProgressTest, FormatsLines) {
  EXPECT_EQ(Progress::format_line("self-play", 512, 1024, "positions", 12),
            "self-play  [############............]  512/1024 positions  50%  ETA 0:12");
  EXPECT_EQ(Progress::format_line("x", 0, 10, "", 5),
            "x  [........................]  0/10  0%  ETA -:--");
  EXPECT_EQ(Progress::format_line("x", 7, 0, "games", 5), "x  7 games");
  EXPECT_EQ(Progress::format_summary("self-play", 1024, 1024, "positions", 25.6),
            "self-play  1024/1024 positions  100%  in 0:26  (40.0 positions/s)");
}

TEST(ProgressTest, NonTerminalPrintsOnlyASummary) {
  std::ostringstream out;
  {
    Progress progress("distill", 100, out, "steps");
    EXPECT_FALSE(progress.interactive());
    for (int i = 1; i <= 100; ++i) progress.update(i);
    EXPECT_EQ(out.str(), "");
    progress.finish();
    progress.finish();  // idempotent
  }
  std::string s = out.str();
  EXPECT_EQ(s.rfind("distill  100/100 steps  100%  in 0:00", 0), 0u) << s;
  EXPECT_EQ(std::count(s.begin(), s.end(), '\n'), 1);
}

TEST(ProgressTest, InteractiveRedrawsInPlace) {
  std::ostringstream out;
  Progress progress("arena", 4, out, "games");
  progress.set_interactive(true);
  progress.update(1);  // first update draws
  progress.update(2);  // throttled (within 100 ms)
  progress.update(4);  // completion always draws
  progress.finish();
  std::string s = out.str();
  EXPECT_EQ(s.rfind("\rarena  [######..................]  1/4 games  25%", 0), 0u) << s;
  EXPECT_EQ(s.find("2/4"), std::string::npos) << s;
  EXPECT_NE(s.find("\rarena  [########################]  4/4 games  100%"), std::string::npos);
  EXPECT_NE(s.find("\rarena  4/4 games  100%  in 0:00"), std::string::npos) << s;
  EXPECT_EQ(s.back(), '\n');
}

TEST(ProgressTest, DisabledPrintsNothing) {
  std::ostringstream out;
  Progress progress("quiet", 3, out, "", /*enabled=*/false);
  progress.set_interactive(true);
  progress.update(3);
  progress.finish();
  EXPECT_EQ(out.str(), "");
}

}  // namespace
}  // namespace ida
