#pragma once
// The PDF report's small charts: each indicator in a cell of a two-column grid with its name, a
// line of the baseline and the measurements in date order against the baseline (thin grey) and the
// target (dashed), like the SVG chart on the page, and its figures in words underneath.
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "platform/pdf/pdf.hpp"

namespace samskap::impact::report {

struct ChartCell {
  std::string name;     // the indicator
  std::string summary;  // baseline, latest and target in words
  std::vector<std::pair<std::string, double>> points;  // date, value: the baseline first, then measurements
  std::optional<double> baseline, target;
  std::string empty_text;  // shown in the plot when there is nothing to draw
};

inline constexpr std::size_t kChartColumns = 2;
inline constexpr double kChartGap = 14;  // between the columns
inline constexpr double kCellWidth = (pdf::kTextWidth - kChartGap * (kChartColumns - 1)) / kChartColumns;

// Where a cell's plot area lies in its row's drawing, in points.
struct PlotArea {
  double left = 0, top = 0, width = 0, height = 0;
};
PlotArea plot_area(std::size_t column);

// The value range a cell's plot spans (the points and the target; never empty).
std::pair<double, double> value_range(const ChartCell& cell);

// One row of the grid (at most kChartColumns cells); `lang` for the axis figures.
pdf::Drawing chart_row(const std::vector<ChartCell>& cells, const std::string& lang);

// The key figures as tiles, three to a row: the figure large, its label small beneath.
inline constexpr std::size_t kTileColumns = 3;
pdf::Drawing figure_tiles(const std::vector<std::pair<std::string, std::string>>& figures);

// A short note in small type across the text column (the charts' legend).
pdf::Drawing note(const std::string& text);

}  // namespace samskap::impact::report
