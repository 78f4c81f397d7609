#include "needs/store.hpp"

#include <algorithm>
#include <atomic>
#include <string_view>

#include "platform/db/binder.hpp"
#include "platform/search/text.hpp"

namespace samskap::needs::store {

namespace {

std::atomic<std::int64_t> g_generation{0};

void replace_tags(db::Connection& c, std::int64_t id, const Need& n) {
  c.exec("DELETE FROM need_service_areas WHERE need_id = ?", {id});
  c.exec("DELETE FROM need_target_groups WHERE need_id = ?", {id});
  c.exec("DELETE FROM need_municipalities WHERE need_id = ?", {id});
  for (auto& s : n.service_areas)
    c.exec("INSERT INTO need_service_areas (need_id, slug) VALUES (?, ?) ON CONFLICT DO NOTHING", {id, s});
  for (auto& s : n.target_groups)
    c.exec("INSERT INTO need_target_groups (need_id, slug) VALUES (?, ?) ON CONFLICT DO NOTHING", {id, s});
  for (auto& m : n.municipalities)
    c.exec("INSERT INTO need_municipalities (need_id, municipality_number) VALUES (?, ?) ON CONFLICT DO NOTHING",
           {id, m});
}

void replace_criteria(db::Connection& c, std::int64_t id, const Need& n) {
  c.exec("DELETE FROM need_criteria WHERE need_id = ?", {id});
  int position = 1;
  for (auto& k : n.criteria)
    c.exec("INSERT INTO need_criteria (need_id, position, description, indicator, baseline, target) "
           "VALUES (?, ?, ?, ?, ?, ?)",
           {id, position++, k.description, k.indicator, k.baseline, k.target});
}

std::optional<std::int64_t> opt_int(const db::Row& r, int col) { return r.opt_integer(col); }

}  // namespace

std::int64_t write_generation() { return g_generation.load(std::memory_order_relaxed); }
void note_write() { g_generation.fetch_add(1, std::memory_order_relaxed); }

NeedViewer viewer(db::Connection& c, std::int64_t need_id, std::int64_t need_organisation_id, std::int64_t user_id) {
  NeedViewer out;
  // The user's memberships (with the organisation's kind) and whether they follow the need, in one query.
  c.each("SELECT m.organisation_id, o.kind, CASE WHEN o.status <> 'deactivated' AND o.merged_into IS NULL "
         "THEN 1 ELSE 0 END, 0 FROM memberships m JOIN organisations o ON o.id = m.organisation_id WHERE m.user_id = ? "
         "UNION ALL SELECT 0, '', 0, 1 FROM follows WHERE user_id = ? AND kind = 'need' AND target = ?",
         {user_id, user_id, std::to_string(need_id)}, [&](const db::Row& r) {
           if (r.integer(3) == 1) {
             out.following = true;
             return;
           }
           if (r.integer(0) == need_organisation_id) out.member = true;
           if (r.integer(2) == 1) out.active_kinds.push_back(r.str(1));
         });
  return out;
}

std::vector<MemberOrganisation> organisations_of(db::Connection& c, std::int64_t user_id) {
  std::vector<MemberOrganisation> out;
  c.each("SELECT o.id, o.name, o.kind, o.status, m.role FROM memberships m JOIN organisations o ON o.id = m.organisation_id "
         "WHERE m.user_id = ? AND o.status <> 'deactivated' AND o.merged_into IS NULL ORDER BY o.name_sort, o.id",
         {user_id}, [&](const db::Row& r) {
           out.push_back({r.integer(0), r.str(1), r.str(2), r.str(3), r.str(4)});
         });
  return out;
}

bool is_member(db::Connection& c, std::int64_t organisation_id, std::int64_t user_id) {
  return c.scalar_int("SELECT 1 FROM memberships WHERE organisation_id = ? AND user_id = ?", {organisation_id, user_id})
      .has_value();
}

std::int64_t create(db::Connection& c, const Need& n, const std::string& search_text) {
  std::int64_t id = c.insert_id(
      "INSERT INTO needs (organisation_id, title, situation, constraints_text, value_min, value_max, timeframe, "
      "contact_person_id, status, closing_note, created_by, search_text, published_at, closed_at, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {n.organisation_id, n.title, n.situation, n.constraints, n.value_min, n.value_max, n.timeframe,
       n.contact_person_id, n.status, n.closing_note, n.created_by, search_text, n.published_at, n.closed_at,
       n.created_at, n.updated_at});
  replace_criteria(c, id, n);
  replace_tags(c, id, n);
  note_write();
  return id;
}

void update(db::Connection& c, const Need& n, const std::string& search_text, bool replace) {
  c.exec("UPDATE needs SET title = ?, situation = ?, constraints_text = ?, value_min = ?, value_max = ?, "
         "timeframe = ?, contact_person_id = ?, search_text = ?, updated_at = ? WHERE id = ?",
         {n.title, n.situation, n.constraints, n.value_min, n.value_max, n.timeframe, n.contact_person_id,
          search_text, n.updated_at, n.id});
  if (replace) replace_criteria(c, n.id, n);
  replace_tags(c, n.id, n);
  note_write();
}

bool delete_draft(db::Connection& c, std::int64_t id) {
  note_write();
  return c.exec("DELETE FROM needs WHERE id = ? AND status = 'draft'", {id}) > 0;
}

std::optional<Need> find(db::Connection& c, std::int64_t id) {
  std::optional<Need> out;
  c.one("SELECT n.id, n.organisation_id, o.name, n.title, n.situation, n.constraints_text, n.value_min, n.value_max, "
        "n.timeframe, n.contact_person_id, n.status, n.closing_note, n.created_by, n.published_at, n.closed_at, "
        "n.created_at, n.updated_at FROM needs n JOIN organisations o ON o.id = n.organisation_id WHERE n.id = ?",
        {id}, [&](const db::Row& r) {
          Need n;
          n.id = r.integer(0);
          n.organisation_id = r.integer(1);
          n.organisation_name = r.str(2);
          n.title = r.str(3);
          n.situation = r.str(4);
          n.constraints = r.str(5);
          n.value_min = opt_int(r, 6);
          n.value_max = opt_int(r, 7);
          n.timeframe = r.str(8);
          n.contact_person_id = opt_int(r, 9);
          n.status = r.str(10);
          n.closing_note = r.str(11);
          n.created_by = opt_int(r, 12);
          n.published_at = r.opt_text(13);
          n.closed_at = r.opt_text(14);
          n.created_at = r.str(15);
          n.updated_at = r.str(16);
          out = std::move(n);
        });
  if (!out) return out;
  // Criteria and the three tag lists in one round trip.
  c.each("SELECT 'c', id, position, description, indicator, baseline, target FROM need_criteria WHERE need_id = ? "
         "UNION ALL SELECT 's', 0, 0, slug, '', '', '' FROM need_service_areas WHERE need_id = ? "
         "UNION ALL SELECT 't', 0, 0, slug, '', '', '' FROM need_target_groups WHERE need_id = ? "
         "UNION ALL SELECT 'm', 0, 0, municipality_number, '', '', '' FROM need_municipalities WHERE need_id = ?",
         {id, id, id, id}, [&](const db::Row& r) {
           auto what = r.text(0);
           if (what == "c") {
             out->criteria.push_back({r.integer(1), static_cast<int>(r.integer(2)), r.str(3), r.str(4), r.str(5),
                                      r.str(6)});
           } else if (what == "s") {
             out->service_areas.push_back(r.str(3));
           } else if (what == "t") {
             out->target_groups.push_back(r.str(3));
           } else {
             out->municipalities.push_back(r.str(3));
           }
         });
  std::sort(out->criteria.begin(), out->criteria.end(),
            [](const Criterion& a, const Criterion& b) { return a.position < b.position; });
  return out;
}

bool has_criteria(db::Connection& c, std::int64_t id) {
  return c.scalar_int("SELECT 1 FROM need_criteria WHERE need_id = ? LIMIT 1", {id}).has_value();
}

std::optional<Head> head(db::Connection& c, std::int64_t id) {
  std::optional<Head> out;
  c.one("SELECT id, organisation_id, status, title FROM needs WHERE id = ?", {id},
        [&](const db::Row& r) { out = Head{r.integer(0), r.integer(1), r.str(2), r.str(3)}; });
  return out;
}

bool change_status(db::Connection& c, std::int64_t id, const std::string& from, const std::string& to,
                   const std::string& closing_note, const std::string& now) {
  const bool final_status = need_status_is_final(to);
  auto changed = c.exec(
      "UPDATE needs SET status = ?, updated_at = ?, "
      "published_at = CASE WHEN published_at IS NULL AND ? = 'published' THEN ? ELSE published_at END, "
      "closed_at = CASE WHEN ? = 1 THEN ? ELSE closed_at END, "
      "closing_note = CASE WHEN ? = 1 THEN ? ELSE closing_note END "
      "WHERE id = ? AND status = ?",
      {to, now, to, now, final_status, now, final_status, closing_note, id, from});
  if (changed == 0) return false;
  note_write();
  add_event(c, id, from == "draft" ? "published" : "status", to, now);
  return true;
}

void add_event(db::Connection& c, std::int64_t need_id, const std::string& kind, const std::string& detail,
               const std::string& now) {
  c.exec("INSERT INTO need_events (need_id, kind, detail, created_at) VALUES (?, ?, ?, ?)",
         {need_id, kind, detail, now});
}

Page list(db::Connection& c, const NeedFilter& f, std::int64_t offset, std::int64_t limit, bool with_counts) {
  const bool pg = c.engine() == db::Engine::postgresql;
  // The filters, shared by the page and the count; the text match drives the join on SQLite.
  db::Binder filter;
  std::string from = " FROM needs n";
  auto query = search::parse_query(f.q);
  std::string match;
  if (!query.empty()) match = pg ? search::pg_tsquery(query) : search::fts5_match(query);
  if (!match.empty() && !pg) {
    from += " JOIN (SELECT rowid AS fid, rank FROM needs_fts WHERE needs_fts MATCH ?) f ON f.fid = n.id";
    filter.text(match);
  }
  std::string where = " WHERE 1 = 1";
  if (!(f.include_drafts && f.organisation_id)) where += " AND n.status <> 'draft'";
  if (f.organisation_id) {
    where += " AND n.organisation_id = ?";
    filter.integer(*f.organisation_id);
  }
  if (!f.status.empty()) {
    where += " AND n.status = ?";
    filter.text(f.status);
  }
  if (!f.service_area.empty()) {
    where += " AND n.id IN (SELECT need_id FROM need_service_areas WHERE slug = ?)";
    filter.text(f.service_area);
  }
  if (!f.target_group.empty()) {
    where += " AND n.id IN (SELECT need_id FROM need_target_groups WHERE slug = ?)";
    filter.text(f.target_group);
  }
  if (!f.municipality.empty()) {
    where += " AND n.id IN (SELECT need_id FROM need_municipalities WHERE municipality_number = ?)";
    filter.text(f.municipality);
  }
  if (!f.county.empty()) {
    where += " AND n.id IN (SELECT nm.need_id FROM need_municipalities nm JOIN municipalities m "
             "ON m.number = nm.municipality_number WHERE m.county_number = ?)";
    filter.text(f.county);
  }
  if (f.value_at_least) {
    where += " AND COALESCE(n.value_max, n.value_min) >= ?";
    filter.integer(*f.value_at_least);
  }
  if (f.value_at_most) {
    where += " AND COALESCE(n.value_min, n.value_max) <= ?";
    filter.integer(*f.value_at_most);
  }
  if (!match.empty() && pg) {
    where += " AND n.search_vector @@ to_tsquery('simple', ?)";
    filter.text(match);
  }

  // The page: in publication order straight from the needs_listed index, or by relevance.
  db::Binder page_params;
  for (auto& p : filter.params()) page_params.param(p);
  std::string order = " ORDER BY n.published_at DESC, n.id DESC";
  if (f.include_drafts) order = " ORDER BY n.updated_at DESC, n.id DESC";
  if (!match.empty()) {
    if (pg) {
      order = " ORDER BY ts_rank(n.search_vector, to_tsquery('simple', ?)) DESC, n.published_at DESC, n.id DESC";
      page_params.text(match);
    } else {
      order = " ORDER BY f.rank, n.published_at DESC, n.id DESC";
    }
  }
  page_params.integer(limit);
  page_params.integer(offset);
  std::string sql =
      "SELECT n.id, n.title, n.organisation_id, o.name, n.status, substr(n.situation, 1, 400), n.value_min, "
      "n.value_max, n.timeframe, n.published_at, n.updated_at, ";
  sql += with_counts ? "(SELECT COUNT(*) FROM proposals p WHERE p.need_id = n.id AND p.status <> 'withdrawn')"
                     : "0";
  sql += " FROM (SELECT n.*" + std::string(!match.empty() && !pg ? ", f.rank" : "") + from + where + order +
         " LIMIT ? OFFSET ?) n JOIN organisations o ON o.id = n.organisation_id";
  // The outer query keeps the inner order; say it again so no engine may lose it.
  std::string outer_order = order;
  if (!match.empty() && !pg) outer_order = " ORDER BY n.rank, n.published_at DESC, n.id DESC";
  if (!match.empty() && pg) {
    outer_order = " ORDER BY ts_rank(n.search_vector, to_tsquery('simple', ?)) DESC, n.published_at DESC, n.id DESC";
    page_params.text(match);
  }
  Page page;
  c.run(sql + outer_order, page_params.params(), [&](const db::Row& r) {
    Row row;
    row.id = r.integer(0);
    row.title = r.str(1);
    row.organisation_id = r.integer(2);
    row.organisation_name = r.str(3);
    row.status = r.str(4);
    row.situation_excerpt = r.str(5);
    row.value_min = r.opt_integer(6);
    row.value_max = r.opt_integer(7);
    row.timeframe = r.str(8);
    row.published_at = r.opt_text(9);
    row.updated_at = r.str(10);
    row.proposals = r.integer(11);
    page.rows.push_back(std::move(row));
  });
  // A first page that is not full is the whole result; otherwise count.
  if (offset == 0 && static_cast<std::int64_t>(page.rows.size()) < limit) {
    page.total = static_cast<std::int64_t>(page.rows.size());
  } else {
    c.run("SELECT COUNT(*)" + from + where, filter.params(), [&](const db::Row& r) { page.total = r.integer(0); });
  }
  return page;
}

std::vector<std::pair<std::int64_t, std::string>> titles(db::Connection& c, const std::vector<std::int64_t>& ids) {
  std::vector<std::pair<std::int64_t, std::string>> out;
  if (ids.empty()) return out;
  std::string sql = "SELECT id, title FROM needs WHERE id IN (";
  std::vector<db::Param> params;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    sql += i ? ", ?" : "?";
    params.emplace_back(ids[i]);
  }
  sql += ")";
  c.run(sql, params, [&](const db::Row& r) { out.emplace_back(r.integer(0), r.str(1)); });
  return out;
}

std::int64_t add_attachment(db::Connection& c, const Attachment& a, std::optional<std::int64_t> uploaded_by) {
  note_write();
  return c.insert_id(
      "INSERT INTO need_attachments (need_id, filename, content_type, size, sha256, data, uploaded_by, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {a.need_id, a.filename, a.content_type, a.size, a.sha256, db::Blob{a.data}, uploaded_by, a.created_at});
}

std::vector<Attachment> attachments_of(db::Connection& c, std::int64_t need_id) {
  std::vector<Attachment> out;
  c.each("SELECT id, need_id, filename, content_type, sha256, created_at, size FROM need_attachments "
         "WHERE need_id = ? ORDER BY id",
         {need_id}, [&](const db::Row& r) {
           Attachment a;
           a.id = r.integer(0);
           a.need_id = r.integer(1);
           a.filename = r.str(2);
           a.content_type = r.str(3);
           a.sha256 = r.str(4);
           a.created_at = r.str(5);
           a.size = r.integer(6);
           out.push_back(std::move(a));
         });
  return out;
}

std::optional<Attachment> attachment(db::Connection& c, std::int64_t need_id, std::int64_t attachment_id) {
  std::optional<Attachment> out;
  c.one("SELECT id, need_id, filename, content_type, sha256, created_at, size, data FROM need_attachments "
        "WHERE need_id = ? AND id = ?",
        {need_id, attachment_id}, [&](const db::Row& r) {
          Attachment a;
          a.id = r.integer(0);
          a.need_id = r.integer(1);
          a.filename = r.str(2);
          a.content_type = r.str(3);
          a.sha256 = r.str(4);
          a.created_at = r.str(5);
          a.size = r.integer(6);
          a.data = r.blob(7);
          out = std::move(a);
        });
  return out;
}

bool delete_attachment(db::Connection& c, std::int64_t need_id, std::int64_t attachment_id) {
  note_write();
  return c.exec("DELETE FROM need_attachments WHERE need_id = ? AND id = ?", {need_id, attachment_id}) > 0;
}

std::int64_t attachment_bytes(db::Connection& c, std::int64_t need_id) {
  return c.scalar_int("SELECT COALESCE(SUM(size), 0) FROM need_attachments WHERE need_id = ?", {need_id}).value_or(0);
}

Counts counts(db::Connection& c, std::int64_t need_id) {
  Counts out;
  c.one("SELECT (SELECT COUNT(*) FROM proposals WHERE need_id = ? AND status <> 'withdrawn'), "
        "(SELECT COUNT(*) FROM need_questions WHERE need_id = ?), "
        "(SELECT COUNT(*) FROM need_questions WHERE need_id = ? AND answer IS NOT NULL), "
        "(SELECT COUNT(*) FROM dialogue_entries WHERE need_id = ?)",
        {need_id, need_id, need_id, need_id}, [&](const db::Row& r) {
          out.proposals = r.integer(0);
          out.questions = r.integer(1);
          out.answered = r.integer(2);
          out.dialogue = r.integer(3);
        });
  return out;
}

}  // namespace samskap::needs::store
