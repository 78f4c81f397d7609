#pragma once
// Reference lists (counties, municipalities with their pre-2024 numbers, service areas,
// target groups, SDGs, organisation forms): files in content/reference, synchronised into
// the database at start, and held in memory for forms and labels.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "platform/db/database.hpp"

namespace samskap::directory {

struct Named {
  std::string key;  // slug, code or number
  std::string name_nb;
  std::string name_en;
  const std::string& name(const std::string& lang) const { return lang == "en" && !name_en.empty() ? name_en : name_nb; }
};

struct Municipality {
  std::string number;
  std::string name;
  std::string county_number;
  std::optional<std::string> replaced_by;  // set for numbers no longer valid
};

struct County {
  std::string number;
  std::string name;
  bool current = true;
};

struct Reference {
  std::vector<County> counties;              // current ones, by number
  std::vector<Municipality> municipalities;  // current ones, by name (Norwegian order)
  std::map<std::string, Municipality> by_number;  // current and old numbers
  std::vector<Named> service_areas, target_groups, sdgs, org_forms;

  const Municipality* municipality(const std::string& number) const;
  // An old number resolves to the current one; unknown numbers give nullopt.
  std::optional<std::string> current_number(const std::string& number) const;
  const County* county(const std::string& number) const;
  const Named* find(const std::vector<Named>& list, const std::string& key) const;
};

// Reads content/reference/*.csv into the tables (authoritative lists are updated; the editable
// service areas and target groups are only added to, so coordinators' edits stay).
void sync_reference(db::Connection& c, const std::filesystem::path& reference_dir);
std::shared_ptr<const Reference> load_reference(db::Connection& c);

// Semicolon-separated files with a header line; fields may be quoted with '"'.
std::vector<std::vector<std::string>> read_semicolon_csv(const std::filesystem::path& file);

}  // namespace samskap::directory
