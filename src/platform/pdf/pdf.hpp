#pragma once
// A small PDF writer on Pango and Cairo: a document of blocks (a title, headings, paragraphs and
// key/value tables) laid out on A4 pages with 20 mm margins, text wrapped at word boundaries and
// a new page started when a block does not fit. Text is plain UTF-8 (never markup), so nothing
// a user typed is interpreted. A drawing block holds simple vector graphics (lines, rectangles,
// dots and small text labels) for charts.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace samskap::pdf {

// The width of the text column on the page (A4 less two 20 mm margins), in points.
inline constexpr double kTextWidth = 595.2756 - 2 * 56.6929;

struct Colour {
  double r = 0, g = 0, b = 0;
};

// Simple vector graphics in points, x from the left of the text column and y down from the top of
// the drawing; painted in this order: rectangles, lines, dots, labels.
struct Drawing {
  struct Point {
    double x = 0, y = 0;
  };
  struct Rect {
    double x = 0, y = 0, w = 0, h = 0;
    Colour fill;
  };
  struct Line {
    std::vector<Point> points;  // a polyline of two or more points
    Colour colour;
    double width = 1;
    bool dashed = false;
  };
  struct Dot {
    Point at;
    double radius = 2;
    Colour fill;
  };
  enum class Align { left, centre, right };
  struct Label {
    Point at;             // the top of the text; its left, centre or right edge by `align`
    std::string text;     // plain UTF-8
    double size = 7;      // font size in points
    double width = 100;   // at most this wide; wrapped, then cut with "…" after `lines` lines
    int lines = 1;
    Align align = Align::left;
    bool bold = false;
    Colour colour;
  };

  double height = 0;  // the space the drawing takes on the page
  std::vector<Rect> rects;
  std::vector<Line> lines;
  std::vector<Dot> dots;
  std::vector<Label> labels;
};

struct Block {
  enum class Kind { title, heading, paragraph, table, drawing };
  Kind kind = Kind::paragraph;
  std::string text;                                        // title, heading, paragraph
  std::vector<std::pair<std::string, std::string>> rows;  // table: key, value
  Drawing drawing;                                         // drawing
};

struct Document {
  std::string title;   // the PDF's metadata title
  std::string author;  // and author
  std::vector<Block> blocks;

  Document& add_title(std::string text);
  Document& add_heading(std::string text);
  Document& add_paragraph(std::string text);
  Document& add_table(std::vector<std::pair<std::string, std::string>> rows);
  Document& add_drawing(Drawing drawing);
};

struct Rendered {
  std::string bytes;  // the PDF file
  int pages = 0;
};

// Lays out and writes the document; throws std::runtime_error when Cairo reports an error.
Rendered render(const Document& doc);

// A drawing painted on a white image `scale` pixels per point (for tests of what is drawn):
// width × height pixels, each 0xAARRGGBB, row by row.
struct Raster {
  int width = 0, height = 0;
  std::vector<std::uint32_t> pixels;
  std::uint32_t at(int x, int y) const { return pixels[static_cast<std::size_t>(y) * width + x]; }
};
Raster rasterize(const Drawing& drawing, double width, double scale = 1);

}  // namespace samskap::pdf
