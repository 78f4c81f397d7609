#pragma once
// All SQL of the register reference table (register_units): lookups, the name search and the
// writer the bulk import stores units through.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "directory/register/model.hpp"
#include "platform/db/database.hpp"

namespace samskap::directory::registry::store {

// The unit with this organisation number (spaces and other separators allowed), removed units
// included (see RegisterUnit::removed()); nothing for an invalid or unknown number.
std::optional<RegisterUnit> find(db::Connection& c, const std::string& orgnr);

// The register's JSON for an active unit; nothing when unknown or removed. orgnr: nine digits.
std::optional<std::string> active_data(db::Connection& c, const std::string& orgnr);

// Autocomplete over the names of active units: every word of the query must match a word of the
// name (search::parse_query), the last one also as a prefix while it is being typed
// ("sandefjord idr"). On SQLite a prefix stands for its 24 most common completions in the
// register (all of them once the prefix is that specific), which keeps short prefixes fast at
// national scale. With municipality_number set (four digits) only units in that municipality are
// returned, including those the register still lists under its pre-2024 number. Closest matches
// (shortest names) first, chosen among the first 200 matches; at most limit hits.
std::vector<UnitHit> search(db::Connection& c, std::string_view query, const std::string& municipality_number,
                            int limit);

// How many units of the file have each search_text word (looked up by string_view too).
struct TermHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
using TermCounts = std::unordered_map<std::string, std::int64_t, TermHash, std::equal_to<>>;

struct WriteCounts {
  std::int64_t inserted = 0;
  std::int64_t updated = 0;
  std::int64_t unchanged = 0;
  std::int64_t removed = 0;
};

// Stores the units of one import. It opens its own transactions on the connection (which must
// not be in one), and finish() commits the import as a whole: until then readers see the table
// as it was. Destroying a writer that has not finished leaves the table as it was.
class UnitWriter {
 public:
  virtual ~UnitWriter() = default;
  // Inserts new units, updates changed ones (and ones that had been removed), leaves equal ones.
  // The numbers of one import must be distinct.
  virtual void write(const std::vector<ParsedUnit>& units) = 0;
  // Numbers that are in the file on rows that could not be read: neither changed nor removed.
  virtual void keep(const std::vector<std::string>& orgnrs) = 0;
  // Marks active units that were not in the file as removed, commits, and returns the counts.
  // in_file(n): whether organisation number n (as an integer) was in the file, kept ones included.
  // terms: the words of the file's units, for the name search's vocabulary (SQLite).
  virtual WriteCounts finish(const std::function<bool(std::int64_t)>& in_file, TermCounts& terms) = 0;
};

// now: the import's timestamp (ISO 8601 UTC) for updated_at and removed_at. On SQLite the first
// import into an empty table loads a staging table in steps and swaps it in at the end; later
// ones update the table in place in one transaction (see store.cpp).
std::unique_ptr<UnitWriter> open_writer(db::Connection& c, std::string now);

}  // namespace samskap::directory::registry::store
