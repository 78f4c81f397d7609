#include "needs/proposal_store.hpp"

#include <algorithm>
#include <map>

#include "needs/store.hpp"

namespace samskap::needs::proposal_store {

namespace {

// The public columns, and nothing else: every public read starts from here.
constexpr std::string_view kPublicColumns =
    "p.id, p.need_id, n.organisation_id, p.organisation_id, o.name, p.summary, s.id, s.title, p.status, p.created_at";
constexpr int kPublicCount = 10;
constexpr std::string_view kPublicFrom =
    " FROM proposals p JOIN needs n ON n.id = p.need_id JOIN organisations o ON o.id = p.organisation_id "
    "LEFT JOIN solutions s ON s.id = p.solution_id AND s.status = 'published'";

// The confidential columns, read only by the full reads, after the public ones.
constexpr std::string_view kConfidentialColumns =
    ", p.approach, p.timeline, p.cost, p.financing, p.confidential, p.decision_message, p.decided_at, p.created_by, "
    "p.updated_at";

// The viewer may read a proposal's confidential part (p = proposals, n = its need). Parameters:
// coordinator (0/1), user id.
constexpr std::string_view kMaySeeFull =
    " AND (? = 1 OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = ? "
    "AND (m.organisation_id = p.organisation_id OR m.organisation_id = n.organisation_id)))";

PublicProposal public_from(const db::Row& r) {
  PublicProposal p;
  p.id = r.integer(0);
  p.need_id = r.integer(1);
  p.need_organisation_id = r.integer(2);
  p.organisation_id = r.integer(3);
  p.organisation_name = r.str(4);
  p.summary = r.str(5);
  p.solution_id = r.opt_integer(6);
  if (p.solution_id) p.solution_title = r.str(7);
  p.status = r.str(8);
  p.submitted_at = r.str(9);
  return p;
}

Proposal full_from(const db::Row& r) {
  Proposal p;
  p.pub = public_from(r);
  int i = kPublicCount;
  p.approach = r.str(i++);
  p.timeline = r.str(i++);
  p.cost = r.opt_integer(i++);
  p.financing = r.str(i++);
  p.confidential = r.str(i++);
  p.decision_message = r.str(i++);
  p.decided_at = r.opt_text(i++);
  p.created_by = r.opt_integer(i++);
  p.updated_at = r.str(i++);
  return p;
}

std::string public_select() { return "SELECT " + std::string(kPublicColumns) + std::string(kPublicFrom); }
std::string full_select() {
  return "SELECT " + std::string(kPublicColumns) + std::string(kConfidentialColumns) + std::string(kPublicFrom);
}

}  // namespace

std::int64_t create(db::Connection& c, const NewProposal& p) {
  store::note_write();  // the need's page counts live proposals
  auto id = c.insert_id(
      "INSERT INTO proposals (need_id, organisation_id, solution_id, summary, approach, timeline, cost, financing, "
      "confidential, status, created_by, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'sent', ?, ?, ?) RETURNING id",
      {p.need_id, p.organisation_id, p.solution_id, p.summary, p.approach, p.timeline, p.cost, p.financing,
       p.confidential, p.created_by, p.now, p.now});
  for (auto& [criterion, answer] : p.answers)
    c.exec("INSERT INTO proposal_criteria (proposal_id, criterion_id, expected, measurement) "
           "SELECT ?, id, ?, ? FROM need_criteria WHERE id = ? AND need_id = ?",
           {id, answer.first, answer.second, criterion, p.need_id});
  return id;
}

std::optional<std::int64_t> live_of(db::Connection& c, std::int64_t need_id, std::int64_t organisation_id) {
  return c.scalar_int(
      "SELECT id FROM proposals WHERE need_id = ? AND organisation_id = ? AND status <> 'withdrawn'",
      {need_id, organisation_id});
}

std::optional<PublicProposal> find_public(db::Connection& c, std::int64_t id) {
  std::optional<PublicProposal> out;
  c.one(public_select() + " WHERE p.id = ?", {id}, [&](const db::Row& r) { out = public_from(r); });
  return out;
}

PublicPage list_public(db::Connection& c, std::int64_t need_id, std::int64_t offset, std::int64_t limit) {
  PublicPage page;
  c.each("SELECT " + std::string(kPublicColumns) + ", COUNT(*) OVER ()" + std::string(kPublicFrom) +
             " WHERE p.need_id = ? AND p.status <> 'withdrawn' ORDER BY p.created_at, p.id LIMIT ? OFFSET ?",
         {need_id, limit, offset}, [&](const db::Row& r) {
           page.rows.push_back(public_from(r));
           page.total = r.integer(kPublicCount);
         });
  if (page.rows.empty() && offset > 0)
    page.total = c.scalar_int("SELECT COUNT(*) FROM proposals WHERE need_id = ? AND status <> 'withdrawn'", {need_id})
                     .value_or(0);
  return page;
}

MinePage list_mine(db::Connection& c, std::int64_t user_id, std::int64_t offset, std::int64_t limit) {
  MinePage page;
  c.each("SELECT " + std::string(kPublicColumns) + ", n.title, COUNT(*) OVER ()" + std::string(kPublicFrom) +
             " WHERE p.organisation_id IN (SELECT organisation_id FROM memberships WHERE user_id = ?) "
             "ORDER BY p.created_at DESC, p.id DESC LIMIT ? OFFSET ?",
         {user_id, limit, offset}, [&](const db::Row& r) {
           page.rows.push_back({public_from(r), r.str(kPublicCount)});
           page.total = r.integer(kPublicCount + 1);
         });
  if (page.rows.empty() && offset > 0)
    page.total = c.scalar_int("SELECT COUNT(*) FROM proposals WHERE organisation_id IN "
                              "(SELECT organisation_id FROM memberships WHERE user_id = ?)",
                              {user_id})
                     .value_or(0);
  return page;
}

bool may_see_confidential(db::Connection& c, const Viewer& v, const PublicProposal& p) {
  if (v.coordinator) return true;
  if (v.user_id == 0) return false;
  return c.scalar_int("SELECT 1 FROM memberships WHERE user_id = ? AND (organisation_id = ? OR organisation_id = ?)",
                      {v.user_id, p.organisation_id, p.need_organisation_id})
      .has_value();
}

std::optional<Proposal> find_full(db::Connection& c, std::int64_t id, const Viewer& v) {
  std::optional<Proposal> out;
  if (!v.coordinator && v.user_id == 0) return out;
  c.one(full_select() + " WHERE p.id = ?" + std::string(kMaySeeFull), {id, v.coordinator, v.user_id},
        [&](const db::Row& r) { out = full_from(r); });
  if (!out) return out;
  c.each("SELECT k.id, k.position, k.description, COALESCE(pc.expected, ''), COALESCE(pc.measurement, '') "
         "FROM need_criteria k LEFT JOIN proposal_criteria pc ON pc.criterion_id = k.id AND pc.proposal_id = ? "
         "WHERE k.need_id = ? ORDER BY k.position",
         {id, out->pub.need_id}, [&](const db::Row& r) {
           out->criteria.push_back(
               {r.integer(0), static_cast<int>(r.integer(1)), r.str(2), r.str(3), r.str(4)});
         });
  return out;
}

std::vector<Proposal> compare(db::Connection& c, std::int64_t need_id, const Viewer& v) {
  std::vector<Proposal> out;
  if (!v.coordinator && v.user_id == 0) return out;
  // Only the need's owner (and coordinators) compare: other proposers must not see each other.
  const std::string owner_only =
      " AND (? = 1 OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = ? AND m.organisation_id = n.organisation_id))";
  c.each(full_select() + " WHERE p.need_id = ? AND p.status <> 'withdrawn'" + owner_only +
             " ORDER BY p.created_at, p.id",
         {need_id, v.coordinator, v.user_id}, [&](const db::Row& r) { out.push_back(full_from(r)); });
  if (out.empty()) return out;
  std::map<std::int64_t, std::size_t> index;
  for (std::size_t i = 0; i < out.size(); ++i) index[out[i].pub.id] = i;
  // Every criterion for every proposal, answered or not, in one query.
  c.each("SELECT p.id, k.id, k.position, k.description, COALESCE(pc.expected, ''), COALESCE(pc.measurement, '') "
         "FROM proposals p JOIN needs n ON n.id = p.need_id JOIN need_criteria k ON k.need_id = p.need_id "
         "LEFT JOIN proposal_criteria pc ON pc.proposal_id = p.id AND pc.criterion_id = k.id "
         "WHERE p.need_id = ? AND p.status <> 'withdrawn'" + owner_only + " ORDER BY p.id, k.position",
         {need_id, v.coordinator, v.user_id}, [&](const db::Row& r) {
           auto it = index.find(r.integer(0));
           if (it == index.end()) return;  // sent between the two queries
           out[it->second].criteria.push_back(
               {r.integer(1), static_cast<int>(r.integer(2)), r.str(3), r.str(4), r.str(5)});
         });
  return out;
}

bool change_status(db::Connection& c, std::int64_t id, const std::string& from, const std::string& to,
                   const std::string& message, const std::string& now) {
  const bool decision = to == "chosen" || to == "not_chosen";
  store::note_write();
  return c.exec("UPDATE proposals SET status = ?, updated_at = ?, "
                "decision_message = CASE WHEN ? = 1 THEN ? ELSE decision_message END, "
                "decided_at = CASE WHEN ? = 1 THEN ? ELSE decided_at END "
                "WHERE id = ? AND status = ?",
                {to, now, decision, message, decision, now, id, from}) > 0;
}

std::vector<std::string> decision_recipients(db::Connection& c, std::int64_t proposal_id) {
  std::vector<std::string> out;
  c.each("SELECT u.email FROM users u WHERE u.verified_at IS NOT NULL AND ("
         "u.id IN (SELECT m.user_id FROM memberships m JOIN proposals p ON p.organisation_id = m.organisation_id "
         "WHERE p.id = ? AND m.role = 'admin') "
         "OR u.id = (SELECT created_by FROM proposals WHERE id = ?)) ORDER BY u.email",
         {proposal_id, proposal_id}, [&](const db::Row& r) { out.push_back(r.str(0)); });
  return out;
}

std::vector<std::pair<std::int64_t, std::string>> published_solutions(db::Connection& c,
                                                                      std::int64_t organisation_id) {
  std::vector<std::pair<std::int64_t, std::string>> out;
  c.each("SELECT id, title FROM solutions WHERE organisation_id = ? AND status = 'published' ORDER BY title, id",
         {organisation_id}, [&](const db::Row& r) { out.emplace_back(r.integer(0), r.str(1)); });
  return out;
}

}  // namespace samskap::needs::proposal_store
