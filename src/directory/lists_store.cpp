#include "directory/lists_store.hpp"

#include <algorithm>

namespace samskap::directory::lists_store {

namespace {

// Table names come from this switch only, never from input.
struct Tables {
  const char* list;
  const char* tags;
};

Tables tables(List list) {
  return list == List::service_areas ? Tables{"service_areas", "organisation_service_areas"}
                                     : Tables{"target_groups", "organisation_target_groups"};
}

}  // namespace

std::vector<Entry> entries(db::Connection& c, List list) {
  auto t = tables(list);
  std::vector<Entry> out;
  c.each(std::string("SELECT l.slug, l.name_nb, l.name_en, l.active, COUNT(x.organisation_id) FROM ") + t.list +
             " l LEFT JOIN " + t.tags +
             " x ON x.slug = l.slug GROUP BY l.slug, l.name_nb, l.name_en, l.active, l.position "
             "ORDER BY l.position, l.slug",
         {}, [&](const db::Row& r) {
           out.push_back({r.str(0), r.str(1), r.str(2), r.integer(3) != 0, r.integer(4)});
         });
  return out;
}

bool add(db::Connection& c, List list, const std::string& slug, const std::string& name_nb,
         const std::string& name_en) {
  auto t = tables(list);
  auto last = c.scalar_int(std::string("SELECT COALESCE(MAX(position), 0) FROM ") + t.list).value_or(0);
  return c.exec(std::string("INSERT INTO ") + t.list +
                    " (slug, name_nb, name_en, position, active) VALUES (?, ?, ?, ?, 1) ON CONFLICT (slug) DO NOTHING",
                {slug, name_nb, name_en, last + 1}) > 0;
}

bool rename(db::Connection& c, List list, const std::string& slug, const std::string& name_nb,
            const std::string& name_en) {
  return c.exec(std::string("UPDATE ") + tables(list).list + " SET name_nb = ?, name_en = ? WHERE slug = ?",
                {name_nb, name_en, slug}) > 0;
}

bool set_active(db::Connection& c, List list, const std::string& slug, bool active) {
  return c.exec(std::string("UPDATE ") + tables(list).list + " SET active = ? WHERE slug = ?",
                {active ? 1 : 0, slug}) > 0;
}

bool move(db::Connection& c, List list, const std::string& slug, int direction) {
  auto t = tables(list);
  std::vector<std::string> order;
  c.each(std::string("SELECT slug FROM ") + t.list + " ORDER BY position, slug", {},
         [&](const db::Row& r) { order.push_back(r.str(0)); });
  auto it = std::find(order.begin(), order.end(), slug);
  if (it == order.end()) return false;
  auto i = static_cast<std::ptrdiff_t>(it - order.begin());
  auto j = i + (direction < 0 ? -1 : 1);
  if (j < 0 || j >= static_cast<std::ptrdiff_t>(order.size())) return false;
  std::swap(order[static_cast<std::size_t>(i)], order[static_cast<std::size_t>(j)]);
  std::int64_t position = 0;
  for (auto& s : order)
    c.exec(std::string("UPDATE ") + t.list + " SET position = ? WHERE slug = ?", {++position, s});
  return true;
}

}  // namespace samskap::directory::lists_store
