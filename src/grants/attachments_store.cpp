#include "grants/attachments_store.hpp"

namespace samskap::grants::store {

namespace {

// The viewer may see the application's own files (a = grant_applications): members of the
// applicant organisation always; once submitted also coordinators, members of the scheme's owner
// and reviewers who declared impartiality, but never someone who declared a conflict of interest.
// Parameters: user id, user id, coordinator (0/1), user id, user id.
constexpr std::string_view kMaySeeApplication =
    " AND (EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = ? AND m.organisation_id = a.organisation_id)"
    " OR (a.status = 'submitted'"
    " AND NOT EXISTS (SELECT 1 FROM grant_reviewers cr WHERE cr.application_id = a.id AND cr.user_id = ? "
    "AND cr.impartial = 0)"
    " AND (? = 1"
    " OR EXISTS (SELECT 1 FROM grant_calls gc JOIN grant_schemes gs ON gs.id = gc.scheme_id "
    "JOIN memberships om ON om.organisation_id = gs.organisation_id WHERE gc.id = a.call_id AND om.user_id = ?)"
    " OR EXISTS (SELECT 1 FROM grant_reviewers ir WHERE ir.application_id = a.id AND ir.user_id = ? "
    "AND ir.impartial = 1))))";

// The viewer may see a report's files (a = grant_applications, r = grant_reports): members of the
// applicant organisation always; once the report is submitted also coordinators and members of the
// scheme's owner without a conflict of interest. Parameters: user id, user id, coordinator (0/1), user id.
constexpr std::string_view kMaySeeReport =
    " AND (EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = ? AND m.organisation_id = a.organisation_id)"
    " OR (r.status = 'submitted'"
    " AND NOT EXISTS (SELECT 1 FROM grant_reviewers cr WHERE cr.application_id = a.id AND cr.user_id = ? "
    "AND cr.impartial = 0)"
    " AND (? = 1"
    " OR EXISTS (SELECT 1 FROM grant_calls gc JOIN grant_schemes gs ON gs.id = gc.scheme_id "
    "JOIN memberships om ON om.organisation_id = gs.organisation_id WHERE gc.id = a.call_id AND om.user_id = ?))))";

constexpr std::string_view kColumns =
    "SELECT f.id, f.application_id, f.report_id, f.requirement, f.filename, f.content_type, f.sha256, f.created_at, "
    "f.size";

File from_row(const db::Row& r) {
  File f;
  f.id = r.integer(0);
  f.application_id = r.integer(1);
  f.report_id = r.opt_integer(2);
  f.requirement = r.str(3);
  f.filename = r.str(4);
  f.content_type = r.str(5);
  f.sha256 = r.str(6);
  f.created_at = r.str(7);
  f.size = r.integer(8);
  return f;
}

// FROM … WHERE with the access check; the parameters follow the application (and report) id.
std::string from_where(std::optional<std::int64_t> report_id, std::vector<db::Param>& params,
                       std::int64_t application_id, const FileViewer& v) {
  std::string sql;
  params.emplace_back(application_id);
  const std::int64_t coordinator = v.coordinator ? 1 : 0;
  if (report_id) {
    sql = " FROM grant_files f JOIN grant_applications a ON a.id = f.application_id "
          "JOIN grant_reports r ON r.id = f.report_id AND r.application_id = a.id "
          "WHERE f.application_id = ? AND f.report_id = ?";
    params.emplace_back(*report_id);
    sql += kMaySeeReport;
    params.insert(params.end(), {db::Param(v.user_id), db::Param(v.user_id), db::Param(coordinator), db::Param(v.user_id)});
  } else {
    sql = " FROM grant_files f JOIN grant_applications a ON a.id = f.application_id "
          "WHERE f.application_id = ? AND f.report_id IS NULL";
    sql += kMaySeeApplication;
    params.insert(params.end(), {db::Param(v.user_id), db::Param(v.user_id), db::Param(coordinator),
                                 db::Param(v.user_id), db::Param(v.user_id)});
  }
  return sql;
}

}  // namespace

std::optional<std::int64_t> add_file(db::Connection& c, const File& f, std::int64_t uploaded_by) {
  // Touching the draft takes its row (PostgreSQL) or the write lock (SQLite) until the commit, so
  // a submission running at the same time either comes first and the file is refused, or waits.
  std::int64_t open = 0;
  if (f.report_id)
    open = c.exec("UPDATE grant_reports SET updated_at = ?, updated_by = ? "
                  "WHERE id = ? AND application_id = ? AND status <> 'submitted'",
                  {f.created_at, uploaded_by, *f.report_id, f.application_id});
  else
    open = c.exec("UPDATE grant_applications SET updated_at = ? WHERE id = ? AND status = 'draft'",
                  {f.created_at, f.application_id});
  if (open == 0) return std::nullopt;
  return c.insert_id(
      "INSERT INTO grant_files (application_id, report_id, requirement, filename, content_type, size, sha256, data, "
      "uploaded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {f.application_id, f.report_id, f.requirement, f.filename, f.content_type, f.size, f.sha256, db::Blob{f.data},
       uploaded_by, f.created_at});
}

bool delete_file(db::Connection& c, std::int64_t application_id, std::optional<std::int64_t> report_id,
                 std::int64_t file_id) {
  if (report_id)
    return c.exec("DELETE FROM grant_files WHERE id = ? AND application_id = ? AND report_id = ? AND EXISTS "
                  "(SELECT 1 FROM grant_reports r WHERE r.id = grant_files.report_id AND r.status <> 'submitted')",
                  {file_id, application_id, *report_id}) > 0;
  return c.exec("DELETE FROM grant_files WHERE id = ? AND application_id = ? AND report_id IS NULL AND EXISTS "
                "(SELECT 1 FROM grant_applications a WHERE a.id = grant_files.application_id AND a.status = 'draft')",
                {file_id, application_id}) > 0;
}

std::vector<File> files_of(db::Connection& c, std::int64_t application_id, std::optional<std::int64_t> report_id,
                           const FileViewer& v) {
  std::vector<File> out;
  if (v.user_id == 0) return out;
  std::vector<db::Param> params;
  auto sql = std::string(kColumns) + from_where(report_id, params, application_id, v) + " ORDER BY f.id";
  c.run(sql, params, [&](const db::Row& r) { out.push_back(from_row(r)); });
  return out;
}

std::optional<File> file(db::Connection& c, std::int64_t application_id, std::optional<std::int64_t> report_id,
                         std::int64_t file_id, const FileViewer& v) {
  std::optional<File> out;
  if (v.user_id == 0) return out;
  std::vector<db::Param> params;
  auto sql = std::string(kColumns) + ", f.data" + from_where(report_id, params, application_id, v) + " AND f.id = ?";
  params.emplace_back(file_id);
  c.run(sql, params, [&](const db::Row& r) {
    if (out) return;
    File f = from_row(r);
    f.data = r.blob(9);
    out = std::move(f);
  });
  return out;
}

std::int64_t file_bytes(db::Connection& c, std::int64_t application_id) {
  return c.scalar_int("SELECT COALESCE(SUM(size), 0) FROM grant_files WHERE application_id = ?", {application_id})
      .value_or(0);
}

std::vector<std::string> requirements_of(db::Connection& c, std::int64_t application_id) {
  std::vector<std::string> out;
  c.each("SELECT DISTINCT requirement FROM grant_files WHERE application_id = ? AND report_id IS NULL "
         "AND requirement <> ''",
         {application_id}, [&](const db::Row& r) { out.push_back(r.str(0)); });
  return out;
}

}  // namespace samskap::grants::store
