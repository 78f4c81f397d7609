#include "platform/pdf/pdf.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace samskap::pdf {

Document& Document::add_title(std::string text) {
  blocks.push_back({Block::Kind::title, std::move(text), {}});
  return *this;
}
Document& Document::add_heading(std::string text) {
  blocks.push_back({Block::Kind::heading, std::move(text), {}});
  return *this;
}
Document& Document::add_paragraph(std::string text) {
  blocks.push_back({Block::Kind::paragraph, std::move(text), {}});
  return *this;
}
Document& Document::add_table(std::vector<std::pair<std::string, std::string>> rows) {
  blocks.push_back({Block::Kind::table, {}, std::move(rows)});
  return *this;
}
Document& Document::add_drawing(Drawing drawing) {
  Block b;
  b.kind = Block::Kind::drawing;
  b.drawing = std::move(drawing);
  blocks.push_back(std::move(b));
  return *this;
}

namespace {

// A4 in points, 20 mm margins.
constexpr double kWidth = 595.2756;
constexpr double kHeight = 841.8898;
constexpr double kMargin = 56.6929;
constexpr double kKeyWidth = kTextWidth * 0.35;
constexpr double kGap = 12;  // between the key and the value column

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

template <class T, void (*F)(T*)>
struct Deleter {
  void operator()(T* p) const { F(p); }
};
using Surface = std::unique_ptr<cairo_surface_t, Deleter<cairo_surface_t, cairo_surface_destroy>>;
using Cairo = std::unique_ptr<cairo_t, Deleter<cairo_t, cairo_destroy>>;
void unref(void* p) { g_object_unref(p); }
using FontDescription = std::unique_ptr<PangoFontDescription, Deleter<PangoFontDescription, pango_font_description_free>>;

struct GObject {
  void* p = nullptr;
  explicit GObject(void* x) : p(x) {}
  ~GObject() {
    if (p) unref(p);
  }
  GObject(const GObject&) = delete;
  GObject& operator=(const GObject&) = delete;
};

void set_colour(cairo_t* cr, const Colour& c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

// Paints a drawing with its top left corner at (x0, y0); leaves the source black.
void paint(cairo_t* cr, PangoContext* context, const Drawing& d, double x0, double y0) {
  cairo_save(cr);
  cairo_translate(cr, x0, y0);
  for (const auto& r : d.rects) {
    set_colour(cr, r.fill);
    cairo_rectangle(cr, r.x, r.y, r.w, r.h);
    cairo_fill(cr);
  }
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
  for (const auto& l : d.lines) {
    if (l.points.size() < 2) continue;
    set_colour(cr, l.colour);
    cairo_set_line_width(cr, l.width);
    if (l.dashed) {
      const double dash[] = {3 * l.width, 2 * l.width};
      cairo_set_dash(cr, dash, 2, 0);
    } else {
      cairo_set_dash(cr, nullptr, 0, 0);
    }
    cairo_move_to(cr, l.points[0].x, l.points[0].y);
    for (std::size_t k = 1; k < l.points.size(); ++k) cairo_line_to(cr, l.points[k].x, l.points[k].y);
    cairo_stroke(cr);
  }
  cairo_set_dash(cr, nullptr, 0, 0);
  for (const auto& dot : d.dots) {
    set_colour(cr, dot.fill);
    cairo_new_sub_path(cr);
    cairo_arc(cr, dot.at.x, dot.at.y, dot.radius, 0, 2 * 3.14159265358979323846);
    cairo_fill(cr);
  }
  for (const auto& t : d.labels) {
    PangoLayout* l = pango_layout_new(context);
    FontDescription desc(pango_font_description_from_string(t.bold ? "DejaVu Sans Bold" : "DejaVu Sans"));
    pango_font_description_set_size(desc.get(), static_cast<gint>(t.size * PANGO_SCALE));
    pango_layout_set_font_description(l, desc.get());
    pango_layout_set_width(l, static_cast<int>(t.width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_height(l, -std::max(1, t.lines));
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    pango_layout_set_alignment(l, t.align == Drawing::Align::left     ? PANGO_ALIGN_LEFT
                                  : t.align == Drawing::Align::centre ? PANGO_ALIGN_CENTER
                                                                      : PANGO_ALIGN_RIGHT);
    pango_layout_set_text(l, t.text.data(), static_cast<int>(t.text.size()));
    // The layout box is `width` wide: place it so the text's edge (or centre) sits at x.
    const double left = t.align == Drawing::Align::left     ? t.at.x
                        : t.align == Drawing::Align::centre ? t.at.x - t.width / 2
                                                            : t.at.x - t.width;
    set_colour(cr, t.colour);
    cairo_move_to(cr, left, t.at.y);
    pango_cairo_show_layout(cr, l);
    g_object_unref(l);
  }
  cairo_restore(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
}

class Writer {
 public:
  Writer(cairo_t* cr, PangoContext* context) : cr_(cr), context_(context) {}

  // A laid-out piece of text of the given width and font.
  PangoLayout* layout(const std::string& text, const char* font, double width) {
    PangoLayout* l = pango_layout_new(context_);
    FontDescription desc(pango_font_description_from_string(font));
    pango_layout_set_font_description(l, desc.get());
    pango_layout_set_width(l, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(l, text.data(), static_cast<int>(text.size()));
    return l;
  }
  static double height_of(PangoLayout* l) {
    int w = 0, h = 0;
    pango_layout_get_size(l, &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
  }
  // Starts a new page when `height` does not fit below y (unless the page is still empty).
  void room_for(double height) {
    if (y_ + height > kHeight - kMargin && y_ > kMargin) {
      cairo_show_page(cr_);
      ++pages_;
      y_ = kMargin;
    }
  }
  void draw(PangoLayout* l, double x, double y) {
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, l);
  }

  void text_block(const std::string& text, const char* font, double space_after) {
    GObject l(layout(text, font, kTextWidth));
    auto* pl = static_cast<PangoLayout*>(l.p);
    const double h = height_of(pl);
    room_for(h);
    draw(pl, kMargin, y_);
    y_ += h + space_after;
  }

  void table(const std::vector<std::pair<std::string, std::string>>& rows) {
    for (const auto& [key, value] : rows) {
      GObject k(layout(key, "DejaVu Sans Bold 10", kKeyWidth));
      GObject v(layout(value, "DejaVu Sans 10", kTextWidth - kKeyWidth - kGap));
      auto* kl = static_cast<PangoLayout*>(k.p);
      auto* vl = static_cast<PangoLayout*>(v.p);
      const double h = std::max(height_of(kl), height_of(vl));
      room_for(h + 6);
      draw(kl, kMargin, y_);
      draw(vl, kMargin + kKeyWidth + kGap, y_);
      y_ += h + 3;
      cairo_set_line_width(cr_, 0.5);
      cairo_set_source_rgb(cr_, 0.7, 0.7, 0.7);
      cairo_move_to(cr_, kMargin, y_);
      cairo_line_to(cr_, kMargin + kTextWidth, y_);
      cairo_stroke(cr_);
      cairo_set_source_rgb(cr_, 0, 0, 0);
      y_ += 3;
    }
    y_ += 10;
  }

  void drawing(const Drawing& d) {
    room_for(d.height);
    paint(cr_, context_, d, kMargin, y_);
    y_ += d.height + 8;
  }

  int finish() {
    cairo_show_page(cr_);
    return pages_;
  }

 private:
  cairo_t* cr_;
  PangoContext* context_;
  double y_ = kMargin;
  int pages_ = 1;
};

}  // namespace

Rendered render(const Document& doc) {
  Rendered out;
  int pages = 0;
  {
    Surface surface(cairo_pdf_surface_create_for_stream(append, &out.bytes, kWidth, kHeight));
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
      throw std::runtime_error(std::string("PDF: ") + cairo_status_to_string(cairo_surface_status(surface.get())));
    if (!doc.title.empty()) cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, doc.title.c_str());
    if (!doc.author.empty())
      cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_AUTHOR, doc.author.c_str());
    Cairo cr(cairo_create(surface.get()));
    // Own font map and context per document: nothing shared between threads.
    GObject font_map(pango_cairo_font_map_new());
    GObject context(pango_font_map_create_context(static_cast<PangoFontMap*>(font_map.p)));
    pango_cairo_update_context(cr.get(), static_cast<PangoContext*>(context.p));
    cairo_set_source_rgb(cr.get(), 0, 0, 0);
    Writer w(cr.get(), static_cast<PangoContext*>(context.p));
    for (const auto& b : doc.blocks) {
      switch (b.kind) {
        case Block::Kind::title: w.text_block(b.text, "DejaVu Sans Bold 17", 14); break;
        case Block::Kind::heading: w.text_block(b.text, "DejaVu Sans Bold 12", 6); break;
        case Block::Kind::paragraph: w.text_block(b.text, "DejaVu Sans 10.5", 9); break;
        case Block::Kind::table: w.table(b.rows); break;
        case Block::Kind::drawing: w.drawing(b.drawing); break;
      }
    }
    pages = w.finish();
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS)
      throw std::runtime_error(std::string("PDF: ") + cairo_status_to_string(cairo_status(cr.get())));
    cr.reset();
    cairo_surface_finish(surface.get());
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
      throw std::runtime_error(std::string("PDF: ") + cairo_status_to_string(cairo_surface_status(surface.get())));
  }
  out.pages = pages;
  return out;
}

Raster rasterize(const Drawing& drawing, double width, double scale) {
  Raster out;
  out.width = std::max(1, static_cast<int>(width * scale + 0.5));
  out.height = std::max(1, static_cast<int>(drawing.height * scale + 0.5));
  Surface surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, out.width, out.height));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error(std::string("image: ") + cairo_status_to_string(cairo_surface_status(surface.get())));
  {
    Cairo cr(cairo_create(surface.get()));
    cairo_set_source_rgb(cr.get(), 1, 1, 1);
    cairo_paint(cr.get());
    cairo_scale(cr.get(), scale, scale);
    GObject font_map(pango_cairo_font_map_new());
    GObject context(pango_font_map_create_context(static_cast<PangoFontMap*>(font_map.p)));
    pango_cairo_update_context(cr.get(), static_cast<PangoContext*>(context.p));
    paint(cr.get(), static_cast<PangoContext*>(context.p), drawing, 0, 0);
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS)
      throw std::runtime_error(std::string("image: ") + cairo_status_to_string(cairo_status(cr.get())));
  }
  cairo_surface_flush(surface.get());
  const unsigned char* data = cairo_image_surface_get_data(surface.get());
  const int stride = cairo_image_surface_get_stride(surface.get());
  out.pixels.resize(static_cast<std::size_t>(out.width) * out.height);
  for (int y = 0; y < out.height; ++y)
    std::memcpy(&out.pixels[static_cast<std::size_t>(y) * out.width], data + static_cast<std::size_t>(y) * stride,
                static_cast<std::size_t>(out.width) * 4);
  return out;
}

}  // namespace samskap::pdf
