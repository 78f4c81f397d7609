#include "impact/report_chart.hpp"

#include <algorithm>

#include "impact/plan_routes.hpp"
#include "impact/plan_rules.hpp"

namespace samskap::impact::report {

namespace {

constexpr pdf::Colour kInk{0.102, 0.102, 0.102};      // #1a1a1a, as the SVG's axes
constexpr pdf::Colour kSeries{0.118, 0.353, 0.549};   // #1e5a8c, the SVG's line
constexpr pdf::Colour kTarget{0.639, 0.278, 0.0};     // #a34700, the SVG's dashed target
constexpr pdf::Colour kBaseline{0.55, 0.55, 0.55};
constexpr pdf::Colour kFrame{0.96, 0.96, 0.96};

constexpr double kNameHeight = 22;   // two lines of 8 pt
constexpr double kPlotTop = kNameHeight + 8;
constexpr double kPlotHeight = 44;
constexpr double kAxisLabels = 30;   // room left of the plot for the high and low figures
constexpr double kDateRow = 10;
constexpr double kSummaryHeight = 22;  // two lines of 6.5 pt
constexpr double kRowHeight = kPlotTop + kPlotHeight + kDateRow + kSummaryHeight + 2;

}  // namespace

PlotArea plot_area(std::size_t column) {
  PlotArea a;
  a.left = static_cast<double>(column) * (kCellWidth + kChartGap) + kAxisLabels;
  a.top = kPlotTop;
  a.width = kCellWidth - kAxisLabels - 8;
  a.height = kPlotHeight;
  return a;
}

std::pair<double, double> value_range(const ChartCell& cell) {
  std::optional<double> lo, hi;
  auto take = [&](double v) {
    lo = lo ? std::min(*lo, v) : v;
    hi = hi ? std::max(*hi, v) : v;
  };
  for (auto& p : cell.points) take(p.second);
  if (cell.target) take(*cell.target);
  if (cell.baseline) take(*cell.baseline);
  if (!lo) return {0, 1};
  if (*hi - *lo < 1e-9) return {*lo, *lo + 1};
  return {*lo, *hi};
}

pdf::Drawing chart_row(const std::vector<ChartCell>& cells, const std::string& lang) {
  pdf::Drawing d;
  d.height = kRowHeight;
  for (std::size_t col = 0; col < cells.size() && col < kChartColumns; ++col) {
    const auto& cell = cells[col];
    const double x0 = static_cast<double>(col) * (kCellWidth + kChartGap);
    const auto area = plot_area(col);
    const auto [lo, hi] = value_range(cell);
    auto y_of = [&, lo = lo, hi = hi](double v) { return area.top + area.height * (hi - v) / (hi - lo); };
    auto x_of = [&](std::size_t k) {
      if (cell.points.size() < 2) return area.left + area.width / 2;
      return area.left + area.width * static_cast<double>(k) / static_cast<double>(cell.points.size() - 1);
    };

    d.labels.push_back({{x0, 0}, cell.name, 8, kCellWidth, 2, pdf::Drawing::Align::left, true, kInk});
    d.rects.push_back({area.left, area.top, area.width, area.height, kFrame});
    // The axes, as on the page.
    d.lines.push_back({{{area.left, area.top}, {area.left, area.top + area.height}}, kInk, 0.6, false});
    d.lines.push_back(
        {{{area.left, area.top + area.height}, {area.left + area.width, area.top + area.height}}, kInk, 0.6, false});
    if (!cell.points.empty() || cell.target) {
      d.labels.push_back({{area.left - 3, area.top - 3}, show_decimal(figure(hi), lang), 6, kAxisLabels - 3, 1,
                          pdf::Drawing::Align::right, false, kInk});
      d.labels.push_back({{area.left - 3, area.top + area.height - 6}, show_decimal(figure(lo), lang), 6,
                          kAxisLabels - 3, 1, pdf::Drawing::Align::right, false, kInk});
    }
    if (cell.baseline)
      d.lines.push_back({{{area.left, y_of(*cell.baseline)}, {area.left + area.width, y_of(*cell.baseline)}},
                         kBaseline, 0.6, false});
    if (cell.target)
      d.lines.push_back(
          {{{area.left, y_of(*cell.target)}, {area.left + area.width, y_of(*cell.target)}}, kTarget, 1.2, true});
    if (cell.points.empty()) {
      d.labels.push_back({{area.left + area.width / 2, area.top + area.height / 2 - 4}, cell.empty_text, 6.5,
                          area.width - 8, 1, pdf::Drawing::Align::centre, false, kInk});
    } else {
      pdf::Drawing::Line series{{}, kSeries, 1.6, false};
      for (std::size_t k = 0; k < cell.points.size(); ++k) {
        series.points.push_back({x_of(k), y_of(cell.points[k].second)});
        d.dots.push_back({{x_of(k), y_of(cell.points[k].second)}, 2.2, kSeries});
      }
      if (series.points.size() >= 2) d.lines.push_back(std::move(series));
      // The first and the last date under the axis (all of them are in the table on the page).
      const double date_y = area.top + area.height + 2;
      if (cell.points.size() == 1) {
        d.labels.push_back({{x_of(0), date_y}, cell.points[0].first, 6, area.width, 1, pdf::Drawing::Align::centre,
                            false, kInk});
      } else {
        d.labels.push_back({{area.left, date_y}, cell.points.front().first, 6, area.width / 2, 1,
                            pdf::Drawing::Align::left, false, kInk});
        d.labels.push_back({{area.left + area.width, date_y}, cell.points.back().first, 6, area.width / 2, 1,
                            pdf::Drawing::Align::right, false, kInk});
      }
    }
    d.labels.push_back({{x0, area.top + area.height + kDateRow}, cell.summary, 6.5, kCellWidth, 2,
                        pdf::Drawing::Align::left, false, kInk});
  }
  return d;
}

pdf::Drawing figure_tiles(const std::vector<std::pair<std::string, std::string>>& figures) {
  constexpr double gap = 10, height = 46, row_gap = 6;
  const double width = (pdf::kTextWidth - gap * (kTileColumns - 1)) / kTileColumns;
  pdf::Drawing d;
  const std::size_t rows = (figures.size() + kTileColumns - 1) / kTileColumns;
  d.height = rows == 0 ? 0 : static_cast<double>(rows) * (height + row_gap) - row_gap;
  for (std::size_t k = 0; k < figures.size(); ++k) {
    const double x = static_cast<double>(k % kTileColumns) * (width + gap);
    const double y = static_cast<double>(k / kTileColumns) * (height + row_gap);
    d.rects.push_back({x, y, width, height, kFrame});
    d.rects.push_back({x, y, 2.5, height, kSeries});
    d.labels.push_back({{x + 8, y + 3}, figures[k].second, 13, width - 12, 1, pdf::Drawing::Align::left, true, kInk});
    d.labels.push_back({{x + 8, y + 21}, figures[k].first, 6.5, width - 12, 2, pdf::Drawing::Align::left, false, kInk});
  }
  return d;
}

pdf::Drawing note(const std::string& text) {
  pdf::Drawing d;
  d.height = 18;
  d.labels.push_back({{0, 0}, text, 7, pdf::kTextWidth, 2, pdf::Drawing::Align::left, false, kInk});
  return d;
}

}  // namespace samskap::impact::report
