#pragma once
// All SQL of solutions: standing offers from social enterprises (and other organisations that are
// not public bodies), with their tags and references, the public list and an organisation's own.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "platform/db/database.hpp"

namespace samskap::needs::solution_store {

// An organisation that uses the solution, linked from the directory.
struct SolutionReference {
  std::int64_t organisation_id = 0;
  std::string organisation_name;  // read only
  std::string note;
};

struct Solution {
  std::int64_t id = 0;
  std::int64_t organisation_id = 0;
  std::string organisation_name;  // read only
  std::string title;
  std::string summary;      // plain text, at most 300 characters
  std::string description;  // Markdown
  std::string audience;     // for whom
  std::string evidence;     // Markdown
  std::string price_model;
  bool nationwide = false;  // available in every municipality
  std::string status = "draft";
  std::optional<std::int64_t> created_by;
  std::optional<std::string> published_at;
  std::string created_at, updated_at;
  std::vector<std::string> service_areas, target_groups, municipalities;
  std::vector<SolutionReference> references;  // in the order given
};

// The list's filter, read from the query string; empty strings mean "any".
struct Filter {
  std::string q;
  std::string service_area;
  std::string target_group;
  std::string county;        // a nationwide solution is available in every county
  std::string municipality;  // … and in every municipality
  std::optional<std::int64_t> organisation_id;  // one organisation's solutions
  bool include_unpublished = false;             // drafts and archived ones too (with organisation_id only)
};

// Creates the solution with tags and references; returns its id.
std::int64_t create(db::Connection& c, const Solution& s, const std::string& search_text);
// Rewrites the editable fields, tags and references.
void update(db::Connection& c, const Solution& s, const std::string& search_text);
std::optional<Solution> find(db::Connection& c, std::int64_t id);

// What access checks need, in one cheap query.
struct Head {
  std::int64_t id = 0;
  std::int64_t organisation_id = 0;
  std::string status;
  std::string title;
};
std::optional<Head> head(db::Connection& c, std::int64_t id);

// Moves the solution from `from` to `to` if it still is in `from`; sets published_at the first
// time it is published. False when the status had changed meanwhile.
bool change_status(db::Connection& c, std::int64_t id, const std::string& from, const std::string& to,
                   const std::string& now);

struct Row {
  std::int64_t id = 0;
  std::string title;
  std::string summary;
  std::int64_t organisation_id = 0;
  std::string organisation_name;
  std::string status;
  bool nationwide = false;
  std::optional<std::string> published_at;
  std::string updated_at;
};
struct Page {
  std::vector<Row> rows;
  std::int64_t total = 0;
};
// One query for the rows with the total alongside: newest publication first, or by relevance
// when there is a text query. Only published solutions unless filter.include_unpublished is set
// together with an organisation.
Page list(db::Connection& c, const Filter& filter, std::int64_t offset, std::int64_t limit);

// Verified, active organisations whose name or description matches q (Norwegian search), for
// choosing references: (id, name), at most limit, in Norwegian name order.
std::vector<std::pair<std::int64_t, std::string>> verified_organisations(db::Connection& c, const std::string& q,
                                                                          std::int64_t limit);
// Names of active organisations by id, for references typed in a form: id → name.
std::vector<std::pair<std::int64_t, std::string>> organisation_names(db::Connection& c,
                                                                      const std::vector<std::int64_t>& ids);

}  // namespace samskap::needs::solution_store
