#pragma once
// Reference lists (counties, municipalities with their pre-2024 numbers, service areas,
// target groups, SDGs, organisation forms): files in content/reference, synchronised into
// the database at start, and held in memory for forms and labels.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "platform/db/database.hpp"

namespace samskap::directory {

struct Named {
  std::string key;  // slug, code or number
  std::string name_nb;
  std::string name_en;
  bool active = true;  // inactive entries of the editable lists stay on what already has them
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
  std::vector<Named> service_areas, target_groups, sdgs, org_forms;  // the active entries, for forms and filters
  std::vector<Named> all_service_areas, all_target_groups;          // active and inactive, for labels

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

// The reference lists as this process currently knows them. Coordinators edit the service areas
// and target groups; an edit bumps a generation number in the settings table and reloads here at
// once, and other processes notice the new number within kCheckInterval (one indexed read of the
// settings table per interval, not per request).
class ReferenceSource {
 public:
  static constexpr auto kCheckInterval = std::chrono::seconds(1);
  explicit ReferenceSource(db::Connection& c);
  // The lists to use for one request; the pointer keeps them alive while the request uses them.
  std::shared_ptr<const Reference> current(db::Connection& c);
  // After a committed edit of the lists: bumps the shared generation and reloads this process.
  void changed(db::Connection& c);
  // Changes whenever the lists change (for caches of rendered pages).
  std::int64_t generation() const { return generation_.load(std::memory_order_relaxed); }

 private:
  void reload(db::Connection& c, std::int64_t generation);
  std::mutex mutex_;
  std::shared_ptr<const Reference> ref_;
  std::atomic<std::int64_t> generation_{0};
  std::atomic<std::int64_t> next_check_{0};  // steady_clock ticks
};

// Semicolon-separated files with a header line; fields may be quoted with '"'.
std::vector<std::vector<std::string>> read_semicolon_csv(const std::filesystem::path& file);

}  // namespace samskap::directory
