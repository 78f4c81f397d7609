#pragma once
// Tables as downloadable files: CSV (semicolon-separated, UTF-8 with BOM, as Norwegian Excel
// expects) and XLSX (libxlsxwriter).
#include <string>
#include <vector>

namespace samskap::render {

using TableRow = std::vector<std::string>;

std::string to_csv(const TableRow& header, const std::vector<TableRow>& rows);
// Throws std::runtime_error when the workbook cannot be written.
std::string to_xlsx(const std::string& sheet_name, const TableRow& header, const std::vector<TableRow>& rows);

}  // namespace samskap::render
