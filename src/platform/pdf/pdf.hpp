#pragma once
// A small PDF writer on Pango and Cairo: a document of blocks (a title, headings, paragraphs and
// key/value tables) laid out on A4 pages with 20 mm margins, text wrapped at word boundaries and
// a new page started when a block does not fit. Text is plain UTF-8 (never markup), so nothing
// a user typed is interpreted.
#include <string>
#include <utility>
#include <vector>

namespace samskap::pdf {

struct Block {
  enum class Kind { title, heading, paragraph, table };
  Kind kind = Kind::paragraph;
  std::string text;                                        // title, heading, paragraph
  std::vector<std::pair<std::string, std::string>> rows;  // table: key, value
};

struct Document {
  std::string title;   // the PDF's metadata title
  std::string author;  // and author
  std::vector<Block> blocks;

  Document& add_title(std::string text);
  Document& add_heading(std::string text);
  Document& add_paragraph(std::string text);
  Document& add_table(std::vector<std::pair<std::string, std::string>> rows);
};

struct Rendered {
  std::string bytes;  // the PDF file
  int pages = 0;
};

// Lays out and writes the document; throws std::runtime_error when Cairo reports an error.
Rendered render(const Document& doc);

}  // namespace samskap::pdf
