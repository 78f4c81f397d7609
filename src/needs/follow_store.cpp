#include "needs/follow_store.hpp"

#include <algorithm>
#include <cstdint>
#include <map>

namespace samskap::needs::follow_store {
namespace {

// (user_id, event_id, need_id, kind, detail) for every event newer than a lower bound that
// matches a follow made before it: a followed need, or a need tagged with a followed service area
// or municipality. One branch per kind, so each can use its index; UNION drops the duplicates of
// an event matched twice. With one_user, each branch is limited to one follower.
std::string matches(bool one_user) {
  const std::string user = one_user ? " AND f.user_id = ?" : "";
  return "SELECT f.user_id, e.id AS event_id, e.need_id, e.kind, e.detail FROM need_events e "
         "JOIN follows f ON f.kind = 'need' AND f.target = CAST(e.need_id AS TEXT) AND f.created_at <= e.created_at "
         "WHERE e.id > ?" + user +
         " UNION "
         "SELECT f.user_id, e.id, e.need_id, e.kind, e.detail FROM need_events e "
         "JOIN need_service_areas s ON s.need_id = e.need_id "
         "JOIN follows f ON f.kind = 'service_area' AND f.target = s.slug AND f.created_at <= e.created_at "
         "WHERE e.id > ?" + user +
         " UNION "
         "SELECT f.user_id, e.id, e.need_id, e.kind, e.detail FROM need_events e "
         "JOIN need_municipalities nm ON nm.need_id = e.need_id "
         "JOIN follows f ON f.kind = 'municipality' AND f.target = nm.municipality_number "
         "AND f.created_at <= e.created_at "
         "WHERE e.id > ?" + user;
}

void ensure_state(db::Connection& c, std::int64_t user_id, const std::string& lang) {
  c.exec("INSERT INTO follow_digests (user_id, last_event_id, lang) "
         "VALUES (?, COALESCE((SELECT MAX(id) FROM need_events), 0), ?) "
         "ON CONFLICT (user_id) DO UPDATE SET lang = excluded.lang",
         {user_id, lang});
}

}  // namespace

bool is_kind(std::string_view kind) {
  return kind == kind_service_area || kind == kind_municipality || kind == kind_need;
}

bool follow(db::Connection& c, std::int64_t user_id, std::string_view kind, const std::string& target,
            const std::string& now, const std::string& lang) {
  bool added = false;
  c.one("INSERT INTO follows (user_id, kind, target, created_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (user_id, kind, target) DO NOTHING RETURNING user_id",
        {user_id, kind, target, now}, [&](const db::Row&) { added = true; });
  ensure_state(c, user_id, lang);
  return added;
}

bool unfollow(db::Connection& c, std::int64_t user_id, std::string_view kind, const std::string& target) {
  return c.exec("DELETE FROM follows WHERE user_id = ? AND kind = ? AND target = ?", {user_id, kind, target}) > 0;
}

bool is_following(db::Connection& c, std::int64_t user_id, std::string_view kind, const std::string& target) {
  return c.scalar_int("SELECT 1 FROM follows WHERE user_id = ? AND kind = ? AND target = ?", {user_id, kind, target})
      .has_value();
}

std::vector<std::string> targets(db::Connection& c, std::int64_t user_id, std::string_view kind) {
  std::vector<std::string> out;
  c.each("SELECT target FROM follows WHERE user_id = ? AND kind = ? ORDER BY target", {user_id, kind},
         [&](const db::Row& r) { out.push_back(r.str(0)); });
  return out;
}

void set_targets(db::Connection& c, std::int64_t user_id, std::string_view kind, const std::vector<std::string>& wanted,
                 const std::string& now, const std::string& lang) {
  for (const auto& old : targets(c, user_id, kind))
    if (std::find(wanted.begin(), wanted.end(), old) == wanted.end()) unfollow(c, user_id, kind, old);
  for (const auto& t : wanted) follow(c, user_id, kind, t, now, lang);
  ensure_state(c, user_id, lang);
}

FollowedNeeds followed_needs(db::Connection& c, std::int64_t user_id, std::int64_t offset, std::int64_t limit) {
  FollowedNeeds out;
  c.each("SELECT n.id, n.title, n.status, o.name, COUNT(*) OVER () FROM follows f "
         "JOIN needs n ON n.id = CAST(f.target AS BIGINT) JOIN organisations o ON o.id = n.organisation_id "
         "WHERE f.user_id = ? AND f.kind = 'need' AND n.status <> 'draft' "
         "ORDER BY f.created_at DESC, n.id DESC LIMIT ? OFFSET ?",
         {user_id, limit, offset}, [&](const db::Row& r) {
           out.rows.push_back({r.integer(0), r.str(1), r.str(2), r.str(3)});
           out.total = r.integer(4);
         });
  if (out.rows.empty() && offset > 0)
    out.total = c.scalar_int("SELECT COUNT(*) FROM follows f JOIN needs n ON n.id = CAST(f.target AS BIGINT) "
                             "WHERE f.user_id = ? AND f.kind = 'need' AND n.status <> 'draft'",
                             {user_id})
                    .value_or(0);
  return out;
}

std::vector<std::int64_t> users_with_news(db::Connection& c, const std::string& today, std::int64_t limit) {
  std::vector<std::int64_t> out;
  // No event older than the oldest watermark among those due today can be news to anyone.
  auto lower = c.scalar_int(
      "SELECT MIN(last_event_id) FROM follow_digests WHERE last_digest_date IS NULL OR last_digest_date < ?", {today});
  if (!lower) return out;
  c.each("SELECT DISTINCT m.user_id FROM (" + matches(false) +
             ") m JOIN follow_digests d ON d.user_id = m.user_id JOIN users u ON u.id = m.user_id "
             "JOIN needs n ON n.id = m.need_id "
             "WHERE m.event_id > d.last_event_id AND (d.last_digest_date IS NULL OR d.last_digest_date < ?) "
             "AND u.verified_at IS NOT NULL AND n.status <> 'draft' ORDER BY m.user_id LIMIT ?",
         {*lower, *lower, *lower, today, limit}, [&](const db::Row& r) { out.push_back(r.integer(0)); });
  return out;
}

std::optional<Digest> digest_for(db::Connection& c, std::int64_t user_id, std::size_t max_items) {
  std::optional<Digest> d;
  c.one("SELECT u.email, u.name, CASE WHEN u.verified_at IS NULL THEN 0 ELSE 1 END, s.lang, s.last_digest_date, "
        "s.last_event_id FROM users u JOIN follow_digests s ON s.user_id = u.id WHERE u.id = ?",
        {user_id}, [&](const db::Row& r) {
          d.emplace();
          d->user_id = user_id;
          d->email = r.str(0);
          d->name = r.str(1);
          d->verified = r.integer(2) != 0;
          d->lang = r.str(3);
          d->last_digest_date = r.opt_text(4);
          d->last_event_id = d->up_to_event_id = r.integer(5);
        });
  if (!d) return d;
  std::map<std::int64_t, std::size_t> index;  // need id → position in items
  c.each("SELECT m.event_id, m.need_id, m.kind, m.detail, n.title FROM (" + matches(true) +
             ") m JOIN needs n ON n.id = m.need_id WHERE n.status <> 'draft' ORDER BY m.event_id",
         {d->last_event_id, user_id, d->last_event_id, user_id, d->last_event_id, user_id}, [&](const db::Row& r) {
           d->up_to_event_id = std::max(d->up_to_event_id, r.integer(0));
           const std::int64_t need = r.integer(1);
           auto it = index.find(need);
           if (it == index.end()) {
             if (d->items.size() >= max_items) {
               index.emplace(need, SIZE_MAX);
               ++d->more;
               return;
             }
             it = index.emplace(need, d->items.size()).first;
             d->items.push_back({need, r.str(4)});
           }
           if (it->second == SIZE_MAX) return;
           DigestItem& item = d->items[it->second];
           const auto kind = r.text(2);
           if (kind == "published") item.published = true;
           else if (kind == "answered") ++item.answers;
           else if (kind == "status") item.new_status = r.str(3);
         });
  return d;
}

bool record_digest(db::Connection& c, std::int64_t user_id, const std::string& date, std::int64_t up_to_event_id,
                   const std::string& now) {
  return c.exec("UPDATE follow_digests SET last_digest_date = ?, sent_at = ?, "
                "last_event_id = CASE WHEN last_event_id > ? THEN last_event_id ELSE ? END "
                "WHERE user_id = ? AND (last_digest_date IS NULL OR last_digest_date < ?)",
                {date, now, up_to_event_id, up_to_event_id, user_id, date}) == 1;
}

}  // namespace samskap::needs::follow_store
