// The PDF writer: a letter with a title, paragraphs and a key/value table is one A4 page of a
// well-formed PDF with the text in it; a long document flows onto more pages.
#include <gtest/gtest.h>

#include <regex>

#include "platform/pdf/pdf.hpp"

namespace {

using namespace samskap;

int page_objects(const std::string& bytes) {
  static const std::regex page(R"(/Type\s*/Page[^s])");
  return static_cast<int>(std::distance(std::sregex_iterator(bytes.begin(), bytes.end(), page), std::sregex_iterator()));
}

pdf::Document letter() {
  pdf::Document doc;
  doc.title = "Vedtak om tilskudd";
  doc.author = "Sandefjord kommune";
  doc.add_paragraph("Sandefjord kommune")
      .add_title("Vedtak om tilskudd")
      .add_paragraph("Vi viser til søknaden «Sykkelverksted for unge». Søknaden er innvilget – æøå ÆØÅ.")
      .add_table({{"Søker", "Medarbeiderne AS"}, {"Innvilget beløp", "250 000 kr"}, {"Periode", "2027-01 – 2027-12"}})
      .add_heading("Vilkår for tilskuddet")
      .add_paragraph("Samarbeidsavtalen signeres før første utbetaling.");
  return doc;
}

TEST(Pdf, ALetterIsOneA4PageOfAPdf) {
  auto out = pdf::render(letter());
  ASSERT_GT(out.bytes.size(), 500u);
  EXPECT_EQ(out.bytes.substr(0, 5), "%PDF-");
  EXPECT_NE(out.bytes.find("%%EOF"), std::string::npos);
  EXPECT_EQ(out.pages, 1);
  EXPECT_EQ(page_objects(out.bytes), 1);
  EXPECT_NE(out.bytes.find("/Count 1"), std::string::npos);
  EXPECT_NE(out.bytes.find("595.27"), std::string::npos) << "A4 width in points";
  EXPECT_NE(out.bytes.find("841.88"), std::string::npos) << "A4 height in points";
}

TEST(Pdf, ALongDocumentFlowsOntoMorePages) {
  auto doc = letter();
  std::vector<std::pair<std::string, std::string>> rows;
  for (int i = 0; i < 80; ++i) rows.emplace_back("Linje " + std::to_string(i), std::string(120, 'x'));
  doc.add_table(rows);
  for (int i = 0; i < 20; ++i) doc.add_paragraph(std::string(600, 'y') + " slutt");
  auto out = pdf::render(doc);
  EXPECT_EQ(out.bytes.substr(0, 5), "%PDF-");
  EXPECT_GT(out.pages, 2);
  EXPECT_EQ(page_objects(out.bytes), out.pages);
}

TEST(Pdf, AnEmptyDocumentIsStillOnePage) {
  auto out = pdf::render({});
  EXPECT_EQ(out.bytes.substr(0, 5), "%PDF-");
  EXPECT_EQ(out.pages, 1);
}

}  // namespace
