#pragma once
// The bulk import of Brønnøysundregistrene's unit files (`samskap import-brreg FILE`) into the
// register_units reference table. Reads the JSON download (one array of unit objects) and the
// CSV download, gzipped or plain, streaming: memory stays flat whatever the file's size.
//
// All or nothing: readers see the table as it was until the import commits, and an error leaves
// it so. A re-run updates changed units, leaves equal ones, and marks units absent from the file
// as removed. Bad rows are reported with their line number and skipped.
#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "platform/db/database.hpp"

namespace samskap::directory::registry {

struct ImportOptions {
  bool progress = false;  // draw a progress bar on stderr when it is a terminal
};

struct ImportReport {
  std::int64_t read = 0;       // units (rows or objects) found in the file
  std::int64_t inserted = 0;
  std::int64_t updated = 0;
  std::int64_t unchanged = 0;
  std::int64_t removed = 0;    // active units that were not in the file
  std::int64_t skipped = 0;    // bad rows
  std::vector<std::string> problems;  // "linje 17: ugyldig organisasjonsnummer 123456789"
  std::int64_t problems_not_kept = 0; // problems beyond the first kMaxProblems
};

inline constexpr std::size_t kMaxProblems = 1000;

// The file was refused before anything was changed (unreadable, not a register file, required
// columns missing) or could not be read to its end (a damaged or cut-off download): the
// message, in Norwegian, says why. Database errors are db::Error; both leave the table as it was.
struct ImportError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

ImportReport import_brreg(db::Connection& conn, const std::string& path, const ImportOptions& options = {});

// --- CSV header mapping (exposed for tests) ---

// The columns the import reads into typed fields.
enum class Column {
  orgnr,
  name,
  org_form,
  org_form_description,
  employees,
  has_employees,
  nace_code,
  sector_code,
  founded,
  registered_voluntary,
  registered_vat,
  registered_business,
  registered_foundation,
  bankrupt,
  winding_up,
  parent_orgnr,
  website,
  purpose,
  business_address,
  business_postcode,
  business_city,
  business_municipality,
  location_address,
  location_postcode,
  location_city,
  location_municipality,
  postal_address,
  postal_postcode,
  postal_city,
  postal_municipality,
};
inline constexpr std::size_t kColumnCount = static_cast<std::size_t>(Column::postal_municipality) + 1;

// How the values of a CSV column are written into the unit's JSON.
enum class JsonKind { text, boolean, integer, lines };

// One CSV column placed in the JSON: "forretningsadresse.adresse" -> group "forretningsadresse",
// key "adresse", an array of lines. Names are spelt as the register's JSON spells them.
struct JsonField {
  std::string group;  // empty for top-level fields
  std::string key;
  JsonKind kind = JsonKind::text;
};

// The columns of one JSON member: a top-level field (one column) or an object such as
// "forretningsadresse" (its columns, in header order).
struct JsonGroup {
  std::string prefix;               // ,"forretningsadresse":{  or  ,"navn":
  std::vector<std::size_t> columns;
  bool object = false;
};

struct CsvLayout {
  std::array<int, kColumnCount> index{};  // column position, -1 when the file lacks the column
  std::vector<JsonField> json;            // one per header column, in header order
  std::vector<JsonGroup> groups;          // the JSON members in order of first appearance
  std::size_t width = 0;                  // number of columns in the header

  int at(Column c) const { return index[static_cast<std::size_t>(c)]; }
};

// Maps a header by name, case-insensitively, tolerating older and newer column sets; unknown
// columns only go into the JSON. Throws ImportError when organisasjonsnummer or navn is missing.
CsvLayout map_csv_header(const std::vector<std::string>& header);

// The unit's JSON for one CSV row (fields in header order; empty fields are left out).
std::string csv_row_json(const CsvLayout& layout, const std::vector<std::string_view>& fields);

}  // namespace samskap::directory::registry
