// The PDF report's charts: the drawing primitives paint where they are asked to (checked on an
// image surface), a chart row puts the measurement line, the target and the baseline where the
// values say, and a PDF with charts is still one page and carries the path operators.
#include <gtest/gtest.h>

#include <zlib.h>

#include <regex>

#include "impact/report_chart.hpp"
#include "platform/pdf/pdf.hpp"

namespace {

using namespace samskap;
using impact::report::ChartCell;

bool white(std::uint32_t px) { return (px & 0xFFFFFF) == 0xFFFFFF; }
// Blue dominates: the measurement line's colour (#1e5a8c).
bool bluish(std::uint32_t px) {
  const int r = (px >> 16) & 0xFF, g = (px >> 8) & 0xFF, b = px & 0xFF;
  return b > r + 60 && b > g + 20;
}
// Red dominates: the target's colour (#a34700).
bool orange(std::uint32_t px) {
  const int r = (px >> 16) & 0xFF, g = (px >> 8) & 0xFF, b = px & 0xFF;
  return r > g + 40 && r > b + 80;
}

TEST(PdfDrawing, PaintsLinesRectanglesDotsAndLabelsWhereAsked) {
  pdf::Drawing d;
  d.height = 100;
  d.rects.push_back({10, 10, 20, 20, {0, 0, 0}});
  d.lines.push_back({{{50, 50}, {150, 50}}, {0, 0, 1}, 2, false});
  d.dots.push_back({{180, 80}, 4, {1, 0, 0}});
  d.labels.push_back({{0, 70}, "Tekst ÆØÅ", 10, 100, 1, pdf::Drawing::Align::left, false, {0, 0, 0}});
  auto img = pdf::rasterize(d, 200, 2);
  ASSERT_EQ(img.width, 400);
  ASSERT_EQ(img.height, 200);
  EXPECT_EQ(img.at(40, 40) & 0xFFFFFF, 0x000000u) << "inside the rectangle";
  EXPECT_TRUE(white(img.at(80, 80))) << "outside it";
  EXPECT_EQ(img.at(200, 100) & 0xFFFFFF, 0x0000FFu) << "on the line";
  EXPECT_TRUE(white(img.at(200, 120))) << "beside the line";
  EXPECT_EQ(img.at(360, 160) & 0xFFFFFF, 0xFF0000u) << "the dot's centre";
  int ink = 0;  // the label's glyphs, below y = 70 pt and left of 100 pt
  for (int y = 140; y < 180; ++y)
    for (int x = 0; x < 200; ++x) ink += white(img.at(x, y)) ? 0 : 1;
  EXPECT_GT(ink, 50);
  int stray = 0;
  for (int y = 0; y < 200; ++y) stray += white(img.at(395, y)) ? 0 : 1;
  EXPECT_EQ(stray, 0) << "nothing at the right edge";
}

TEST(PdfDrawing, ADashedLineLeavesGaps) {
  pdf::Drawing d;
  d.height = 20;
  d.lines.push_back({{{0, 10}, {200, 10}}, {0, 0, 0}, 2, true});
  auto img = pdf::rasterize(d, 200, 1);
  int on = 0, off = 0;
  for (int x = 0; x < 200; ++x) (white(img.at(x, 10)) ? off : on) += 1;
  EXPECT_GT(on, 60);
  EXPECT_GT(off, 40);
}

ChartCell rising() {
  ChartCell c;
  c.name = "Deltakere over i lønnet arbeid";
  c.summary = "Nullpunkt: 2 · Siste måling: 8 · Mål: 10";
  c.baseline = 2;
  c.target = 10;
  c.points = {{"01.01.2026", 2}, {"01.06.2026", 5}, {"01.12.2026", 8}};
  return c;
}

TEST(ReportChart, DrawsTheLineTargetAndBaselineWhereTheValuesSay) {
  const auto cell = rising();
  auto row = impact::report::chart_row({cell}, "nb");
  const double scale = 3;
  auto img = pdf::rasterize(row, pdf::kTextWidth, scale);
  const auto a = impact::report::plot_area(0);
  const auto [lo, hi] = impact::report::value_range(cell);
  EXPECT_DOUBLE_EQ(lo, 2);
  EXPECT_DOUBLE_EQ(hi, 10);
  auto px = [&](double x, double y) { return img.at(static_cast<int>(x * scale), static_cast<int>(y * scale)); };
  auto y_of = [&](double v) { return a.top + a.height * (hi - v) / (hi - lo); };
  // Halfway between the first two points (2 → 5) the line is at 3.5.
  const double xq = a.left + a.width / 4;
  EXPECT_TRUE(bluish(px(xq, y_of(3.5)))) << std::hex << px(xq, y_of(3.5));
  // Halfway between the last two (5 → 8): 6.5.
  EXPECT_TRUE(bluish(px(a.left + a.width * 3 / 4, y_of(6.5))));
  // Well away from the line, inside the plot: the light frame, neither blue nor orange.
  EXPECT_FALSE(bluish(px(xq, y_of(8))));
  // The target at 10 runs along the top of the plot, dashed: orange somewhere along it.
  int target = 0;
  for (double x = a.left + 2; x < a.left + a.width - 2; x += 0.5) target += orange(px(x, y_of(10) + 0.2)) ? 1 : 0;
  EXPECT_GT(target, 20);
  // The baseline (2) is grey along the bottom third, right of the first point.
  const auto base = px(a.left + a.width * 0.9, y_of(2) - 0.1);
  EXPECT_FALSE(white(base));
  // The second column is empty with one cell.
  const auto b = impact::report::plot_area(1);
  EXPECT_TRUE(white(px(b.left + b.width / 2, b.top + b.height / 2)));
}

TEST(ReportChart, AFlatOrEmptyCellStillHasARange) {
  ChartCell c;
  c.points = {{"01.01.2026", 4}};
  EXPECT_EQ(impact::report::value_range(c), std::make_pair(4.0, 5.0));
  EXPECT_EQ(impact::report::value_range(ChartCell{}), std::make_pair(0.0, 1.0));
  c.empty_text = "Ingen målinger ennå";
  auto row = impact::report::chart_row({ChartCell{}, c}, "nb");
  EXPECT_GT(row.height, 50);
  auto img = pdf::rasterize(row, pdf::kTextWidth, 2);
  EXPECT_EQ(img.height, static_cast<int>(row.height * 2 + 0.5));
}

// Every Flate stream of the PDF, inflated.
std::string content(const std::string& pdf) {
  std::string out;
  std::size_t at = 0;
  while ((at = pdf.find("stream", at)) != std::string::npos) {
    if (at >= 3 && pdf.compare(at - 3, 3, "end") == 0) {
      at += 6;
      continue;
    }
    std::size_t start = at + 6;
    if (pdf[start] == '\r') ++start;
    if (pdf[start] == '\n') ++start;
    const auto end = pdf.find("endstream", start);
    if (end == std::string::npos) break;
    std::string buf(1 << 20, '\0');
    uLongf len = buf.size();
    if (uncompress(reinterpret_cast<Bytef*>(buf.data()), &len, reinterpret_cast<const Bytef*>(pdf.data() + start),
                   end - start) == Z_OK)
      out.append(buf.data(), len);
    at = end + 9;
  }
  return out;
}

TEST(ReportChart, APdfWithChartsIsOnePageWithPaths) {
  pdf::Document plain, charted;
  plain.add_title("Effektrapport");
  charted.add_title("Effektrapport");
  for (int k = 0; k < 4; ++k) charted.add_drawing(impact::report::chart_row({rising(), rising()}, "nb"));
  auto a = pdf::render(plain), b = pdf::render(charted);
  EXPECT_EQ(b.pages, 1);
  EXPECT_GT(b.bytes.size(), a.bytes.size() + 1000);
  const auto ops = content(b.bytes);
  static const std::regex line_to(R"(\d+(\.\d+)? \d+(\.\d+)? l\b)");
  EXPECT_GT(std::distance(std::sregex_iterator(ops.begin(), ops.end(), line_to), std::sregex_iterator()), 20);
  EXPECT_NE(ops.find(" re"), std::string::npos) << "the plot frames";
  EXPECT_NE(ops.find("] 0 d"), std::string::npos) << "a dash pattern for the target";
}

}  // namespace
