#include "impact/analyses.hpp"

#include "platform/db/database.hpp"

namespace samskap::impact::analyses {

namespace {

const char* const kColumns = "id, organisation_id, title, stakeholders, input, ratio, updated_at";

Analysis from_row(const db::Row& r) {
  Analysis a;
  a.id = r.integer(0);
  a.organisation_id = r.integer(1);
  a.title = r.str(2);
  a.stakeholders = r.str(3);
  a.input = r.str(4);
  a.ratio = r.str(5);
  a.updated_at = r.str(6);
  return a;
}

}  // namespace

Listing list(db::Connection& c, std::int64_t organisation_id, std::int64_t offset, std::int64_t limit) {
  Listing out;
  c.each(std::string("SELECT ") + kColumns + ", COUNT(*) OVER () FROM sroi_analyses WHERE organisation_id = ? "
             "ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?",
         {organisation_id, limit, offset}, [&](const db::Row& r) {
           out.rows.push_back(from_row(r));
           out.total = r.integer(7);
         });
  if (out.rows.empty() && offset > 0)
    out.total = c.scalar_int("SELECT COUNT(*) FROM sroi_analyses WHERE organisation_id = ?", {organisation_id}).value_or(0);
  return out;
}

std::optional<Analysis> find(db::Connection& c, std::int64_t organisation_id, std::int64_t id) {
  std::optional<Analysis> out;
  c.one(std::string("SELECT ") + kColumns + " FROM sroi_analyses WHERE organisation_id = ? AND id = ?",
        {organisation_id, id}, [&](const db::Row& r) { out = from_row(r); });
  return out;
}

std::int64_t create(db::Connection& c, std::int64_t organisation_id, const std::string& title, const std::string& input,
                    std::int64_t user_id, const std::string& now) {
  return c.insert_id(
      "INSERT INTO sroi_analyses (organisation_id, title, input, created_by, updated_by, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {organisation_id, title, input, user_id, user_id, now, now});
}

void save(db::Connection& c, const Analysis& a, std::int64_t user_id, const std::string& now) {
  c.exec("UPDATE sroi_analyses SET title = ?, stakeholders = ?, input = ?, ratio = ?, updated_by = ?, updated_at = ? "
         "WHERE id = ? AND organisation_id = ?",
         {a.title, a.stakeholders, a.input, a.ratio.empty() ? db::Param(nullptr) : db::Param(a.ratio), user_id, now, a.id,
          a.organisation_id});
}

bool remove(db::Connection& c, std::int64_t organisation_id, std::int64_t id) {
  return c.exec("DELETE FROM sroi_analyses WHERE organisation_id = ? AND id = ?", {organisation_id, id}) > 0;
}

}  // namespace samskap::impact::analyses
