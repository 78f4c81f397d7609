#include "platform/render/table_export.hpp"

#include <xlsxwriter.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace samskap::render {

namespace {

void append_csv_field(std::string& out, const std::string& s) {
  // Quote when needed; a leading = + - @ is prefixed so spreadsheets do not run it as a formula.
  bool formula = !s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@');
  bool quote = formula || s.find_first_of(";\"\r\n") != std::string::npos;
  if (!quote) {
    out += s;
    return;
  }
  out += '"';
  if (formula) out += '\'';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void append_csv_row(std::string& out, const TableRow& row) {
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (i) out += ';';
    append_csv_field(out, row[i]);
  }
  out += "\r\n";
}

}  // namespace

std::string to_csv(const TableRow& header, const std::vector<TableRow>& rows) {
  std::string out = "\xEF\xBB\xBF";
  append_csv_row(out, header);
  for (auto& r : rows) append_csv_row(out, r);
  return out;
}

std::string to_xlsx(const std::string& sheet_name, const TableRow& header, const std::vector<TableRow>& rows) {
  // libxlsxwriter writes to a file; a private temporary one is read back and removed.
  char path[] = "/tmp/samskap-export-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) throw std::runtime_error("kunne ikke lage midlertidig fil for eksport");
  close(fd);
  struct Cleanup {
    const char* p;
    ~Cleanup() { std::remove(p); }
  } cleanup{path};

  lxw_workbook* wb = workbook_new(path);
  if (!wb) throw std::runtime_error("kunne ikke lage regnearket");
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet_name.substr(0, 31).c_str());
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  for (std::size_t c = 0; c < header.size(); ++c)
    worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), header[c].c_str(), bold);
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < rows[r].size(); ++c)
      worksheet_write_string(ws, static_cast<lxw_row_t>(r + 1), static_cast<lxw_col_t>(c), rows[r][c].c_str(), nullptr);
  worksheet_freeze_panes(ws, 1, 0);
  if (workbook_close(wb) != LXW_NO_ERROR) throw std::runtime_error("kunne ikke skrive regnearket");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

}  // namespace samskap::render
