// The SVG line chart writer: ticks, labels, and the markup of series, legends and markers.
#include "core/svg_plot.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>

#include "core/atomic_file.h"

namespace ida {
namespace {

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(SvgPlot, NiceTicksCoverTheRangeInRoundSteps) {
  const auto unit = nice_ticks(0, 1);
  ASSERT_EQ(unit.size(), 6u);
  for (size_t i = 0; i < unit.size(); ++i) EXPECT_NEAR(unit[i], 0.2 * i, 1e-12);
  const auto t = nice_ticks(13, 1'160'000);
  EXPECT_EQ(t.front(), 0);
  EXPECT_GE(t.back(), 1'160'000);
  EXPECT_DOUBLE_EQ(t[1] - t[0], 200'000);
  const auto flat = nice_ticks(0.5, 0.5);
  EXPECT_LE(flat.front(), 0.5);
  EXPECT_GE(flat.back(), 0.5);
  EXPECT_GE(flat.size(), 2u);
  EXPECT_EQ(nice_ticks(std::nan(""), 1), (std::vector<double>{0, 1}));
}

TEST(SvgPlot, TickLabelsAreShort) {
  EXPECT_EQ(format_tick(0), "0");
  EXPECT_EQ(format_tick(2.5), "2.5");
  EXPECT_EQ(format_tick(0.05), "0.05");
  EXPECT_EQ(format_tick(200'000), "200k");
  EXPECT_EQ(format_tick(1'200'000), "1.2M");
  EXPECT_EQ(format_tick(5000), "5000");
  EXPECT_EQ(format_tick(1e-17), "0");
}

TEST(SvgPlot, DrawsEverySeriesWithALegendAndBreaksAtMissingPoints) {
  LineChart chart{"accuracy <raw>", "positions", "share"};
  chart.y_range = {{0.0, 1.0}};
  chart.y_percent = true;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  chart.series.push_back({"optimal & more", {{0, 0.4}, {10, 0.6}, {20, nan}, {30, 0.9}}});
  chart.series.push_back({"preserving", {{0, 0.7}, {30, 0.95}}, true});
  chart.markers.push_back({15, "stage 2"});
  LineChart empty{"nothing", "x", "y"};
  const std::string svg = render_svg("Title & co", {chart, empty});
  EXPECT_EQ(svg.rfind("<svg ", 0), 0u);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  EXPECT_EQ(count(svg, "<polyline"), 3u) << "the NaN splits the first series in two";
  EXPECT_NE(svg.find("optimal &amp; more"), std::string::npos) << "text is escaped";
  EXPECT_NE(svg.find("accuracy &lt;raw&gt;"), std::string::npos);
  EXPECT_NE(svg.find("Title &amp; co"), std::string::npos);
  EXPECT_NE(svg.find("100%"), std::string::npos) << "percent tick labels";
  EXPECT_NE(svg.find("stage 2"), std::string::npos);
  EXPECT_EQ(count(svg, "stroke-dasharray=\"6 4\""), 2u) << "dashed series and its legend line";
  EXPECT_EQ(count(svg, "<clipPath"), 2u) << "one per panel";
}

TEST(SvgPlot, WritesTheFile) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("ida_svg_" + std::to_string(getpid()) + ".svg");
  LineChart chart{"t", "x", "y"};
  chart.series.push_back({"s", {{1, 2}, {3, 4}}});
  write_svg(path, "figure", {chart});
  EXPECT_EQ(read_file(path), render_svg("figure", {chart}));
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace ida
