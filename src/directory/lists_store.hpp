#pragma once
// All SQL of the editable reference lists (service areas and target groups): entries with how
// many organisations use them, adding, renaming, ordering and (de)activating. Entries are never
// deleted: organisations and contact roles refer to them by slug.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/db/database.hpp"

namespace samskap::directory::lists_store {

enum class List { service_areas, target_groups };

struct Entry {
  std::string slug;
  std::string name_nb;
  std::string name_en;
  bool active = true;
  std::int64_t organisations = 0;  // organisations tagged with it
};

// In display order (position, then slug).
std::vector<Entry> entries(db::Connection& c, List list);
// Adds an active entry at the end; false when the slug is taken.
bool add(db::Connection& c, List list, const std::string& slug, const std::string& name_nb,
         const std::string& name_en);
bool rename(db::Connection& c, List list, const std::string& slug, const std::string& name_nb,
            const std::string& name_en);
bool set_active(db::Connection& c, List list, const std::string& slug, bool active);
// Swaps an entry with its neighbour above (-1) or below (+1) and numbers the list 1…n;
// false when the entry is unknown or already first/last.
bool move(db::Connection& c, List list, const std::string& slug, int direction);

}  // namespace samskap::directory::lists_store
