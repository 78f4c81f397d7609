#include "directory/manage_store.hpp"

#include <map>

#include "directory/store.hpp"

namespace samskap::directory::manage_store {

namespace {

void insert_roles(db::Connection& c, std::int64_t person_id, const std::vector<ContactRole>& roles) {
  for (auto& r : roles) store::add_contact_role(c, person_id, r);
}

// Rows of people_of()/find_person(), one per role (people without roles once), grouped by person.
constexpr const char* kPeopleSelect =
    "SELECT p.id, p.organisation_id, p.name, p.title, p.email, p.phone, p.public_consent_at, p.user_id, "
    "cr.service_area, cr.municipality_number FROM people p LEFT JOIN contact_roles cr ON cr.person_id = p.id ";

std::vector<PersonWithRoles> read_people(db::Connection& c, std::string_view sql, db::Params params) {
  std::vector<PersonWithRoles> out;
  std::map<std::int64_t, std::size_t> index;
  c.each(sql, params, [&](const db::Row& r) {
    auto id = r.integer(0);
    auto [it, added] = index.emplace(id, out.size());
    if (added) {
      PersonWithRoles x;
      x.person.id = id;
      x.person.organisation_id = r.integer(1);
      x.person.name = r.str(2);
      x.person.title = r.str(3);
      x.person.email = r.str(4);
      x.person.phone = r.str(5);
      x.person.public_consent_at = r.opt_text(6);
      x.person.user_id = r.opt_integer(7);
      out.push_back(std::move(x));
    }
    if (!r.is_null(8)) out[it->second].roles.push_back({r.str(8), r.opt_text(9)});
  });
  return out;
}

// On PostgreSQL, serialises changes to an organisation's administrators (SQLite has one writer anyway).
void lock_organisation(db::Connection& c, std::int64_t id) {
  if (c.engine() == db::Engine::postgresql) c.exec("SELECT id FROM organisations WHERE id = ? FOR UPDATE", {id});
}

}  // namespace

std::optional<OrganisationState> state(db::Connection& c, std::int64_t id) {
  std::optional<OrganisationState> s;
  c.one("SELECT id, name, status, merged_into FROM organisations WHERE id = ?", {id}, [&](const db::Row& r) {
    s = OrganisationState{r.integer(0), r.str(1), r.str(2), r.opt_integer(3)};
  });
  return s;
}

std::optional<std::int64_t> merged_into(db::Connection& c, std::int64_t id) {
  return c.scalar_int("SELECT merged_into FROM organisations WHERE id = ?", {id});
}

bool is_admin(db::Connection& c, std::int64_t organisation_id, std::int64_t user_id) {
  return c.scalar_int("SELECT COUNT(*) FROM memberships WHERE organisation_id = ? AND user_id = ? AND role = 'admin'",
                      {organisation_id, user_id})
             .value_or(0) > 0;
}

void update_profile(db::Connection& c, const Organisation& o, const std::string& search_text,
                    const std::string& name_sort) {
  store::note_write();
  c.exec(
      "UPDATE organisations SET name = ?, name_sort = ?, kind = ?, orgnr = ?, org_form = ?, municipality_number = ?, "
      "short_description = ?, long_description = ?, website = ?, email = ?, phone = ?, address = ?, postcode = ?, "
      "city = ?, founded_year = ?, no_dividends = ?, no_dividends_note = ?, search_text = ?, updated_at = ? "
      "WHERE id = ?",
      {o.name, db::Blob{name_sort}, o.kind, o.orgnr, o.org_form, o.municipality_number, o.short_description,
       o.long_description, o.website, o.email, o.phone, o.address, o.postcode, o.city, o.founded_year, o.no_dividends,
       o.no_dividends_note, search_text, o.updated_at, o.id});
  c.exec("DELETE FROM organisation_municipalities WHERE organisation_id = ?", {o.id});
  c.exec("DELETE FROM organisation_service_areas WHERE organisation_id = ?", {o.id});
  c.exec("DELETE FROM organisation_target_groups WHERE organisation_id = ?", {o.id});
  c.exec("DELETE FROM organisation_sdgs WHERE organisation_id = ?", {o.id});
  for (auto& m : o.municipalities)
    c.exec("INSERT INTO organisation_municipalities (organisation_id, municipality_number) VALUES (?, ?) "
           "ON CONFLICT DO NOTHING",
           {o.id, m});
  for (auto& s : o.service_areas)
    c.exec("INSERT INTO organisation_service_areas (organisation_id, slug) VALUES (?, ?) ON CONFLICT DO NOTHING",
           {o.id, s});
  for (auto& s : o.target_groups)
    c.exec("INSERT INTO organisation_target_groups (organisation_id, slug) VALUES (?, ?) ON CONFLICT DO NOTHING",
           {o.id, s});
  for (auto n : o.sdgs)
    c.exec("INSERT INTO organisation_sdgs (organisation_id, sdg) VALUES (?, ?) ON CONFLICT DO NOTHING", {o.id, n});
}

void set_search_text(db::Connection& c, std::int64_t id, const std::string& search_text) {
  store::note_write();
  c.exec("UPDATE organisations SET search_text = ? WHERE id = ?", {search_text, id});
}

void set_status(db::Connection& c, std::int64_t id, const std::string& status, const std::string& now) {
  store::note_write();
  c.exec("UPDATE organisations SET status = ?, updated_at = ? WHERE id = ?", {status, now, id});
}

// ---- people ----

std::vector<PersonWithRoles> people_of(db::Connection& c, std::int64_t organisation_id) {
  return read_people(c, std::string(kPeopleSelect) +
                            "WHERE p.organisation_id = ? ORDER BY p.id, cr.service_area, cr.municipality_number",
                     {organisation_id});
}

std::optional<PersonWithRoles> find_person(db::Connection& c, std::int64_t organisation_id, std::int64_t person_id) {
  auto found = read_people(c,
                           std::string(kPeopleSelect) +
                               "WHERE p.organisation_id = ? AND p.id = ? "
                               "ORDER BY cr.service_area, cr.municipality_number",
                           {organisation_id, person_id});
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::int64_t create_person(db::Connection& c, const Person& p, const std::vector<ContactRole>& roles,
                           const std::string& now) {
  auto id = store::add_person(c, p, now);
  insert_roles(c, id, roles);
  return id;
}

bool update_person(db::Connection& c, const Person& p, const std::vector<ContactRole>& roles) {
  store::note_write();  // pages that show a contact person (a need's) are cached by this generation
  auto changed = c.exec(
      "UPDATE people SET name = ?, title = ?, email = ?, phone = ?, public_consent_at = ?, user_id = ? "
      "WHERE id = ? AND organisation_id = ?",
      {p.name, p.title, p.email, p.phone, p.public_consent_at, p.user_id, p.id, p.organisation_id});
  if (changed == 0) return false;
  c.exec("DELETE FROM contact_roles WHERE person_id = ?", {p.id});
  insert_roles(c, p.id, roles);
  return true;
}

bool delete_person(db::Connection& c, std::int64_t organisation_id, std::int64_t person_id) {
  store::note_write();
  return c.exec("DELETE FROM people WHERE id = ? AND organisation_id = ?", {person_id, organisation_id}) > 0;
}

void link_people_to_user(db::Connection& c, std::int64_t organisation_id, const std::string& email,
                         std::int64_t user_id) {
  c.exec("UPDATE people SET user_id = ? WHERE organisation_id = ? AND email = ? AND user_id IS NULL",
         {user_id, organisation_id, email});
}

// ---- members ----

namespace {

std::vector<Member> read_members(db::Connection& c, const char* role_filter, std::int64_t organisation_id) {
  std::vector<Member> out;
  c.each(std::string("SELECT u.id, u.name, u.email, m.role, m.created_at FROM memberships m "
                     "JOIN users u ON u.id = m.user_id WHERE m.organisation_id = ?") +
             role_filter + " ORDER BY m.role, u.name, u.id",
         {organisation_id}, [&](const db::Row& r) {
           out.push_back({r.integer(0), r.str(1), r.str(2), r.str(3), r.str(4)});
         });
  return out;
}

}  // namespace

std::vector<Member> members_of(db::Connection& c, std::int64_t organisation_id) {
  return read_members(c, "", organisation_id);
}

std::vector<Member> admins_of(db::Connection& c, std::int64_t organisation_id) {
  return read_members(c, " AND m.role = 'admin'", organisation_id);
}

void add_member_keep_higher(db::Connection& c, std::int64_t organisation_id, std::int64_t user_id,
                            const std::string& role, const std::string& now) {
  c.exec("INSERT INTO memberships (organisation_id, user_id, role, created_at) VALUES (?, ?, ?, ?) "
         "ON CONFLICT (organisation_id, user_id) DO UPDATE SET role = "
         "CASE WHEN memberships.role = 'admin' THEN 'admin' ELSE excluded.role END",
         {organisation_id, user_id, role, now});
}

RemoveResult remove_member(db::Connection& c, std::int64_t organisation_id, std::int64_t user_id) {
  lock_organisation(c, organisation_id);
  auto role = store::member_role(c, organisation_id, user_id);
  if (!role) return RemoveResult::not_member;
  if (*role == "admin" &&
      c.scalar_int("SELECT COUNT(*) FROM memberships WHERE organisation_id = ? AND role = 'admin'", {organisation_id})
              .value_or(0) <= 1)
    return RemoveResult::last_admin;
  c.exec("DELETE FROM memberships WHERE organisation_id = ? AND user_id = ?", {organisation_id, user_id});
  return RemoveResult::removed;
}

bool is_member_email(db::Connection& c, std::int64_t organisation_id, const std::string& email) {
  return c.scalar_int("SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id "
                      "WHERE m.organisation_id = ? AND u.email = ?",
                      {organisation_id, email})
             .value_or(0) > 0;
}

// ---- invitations ----

void create_invitation(db::Connection& c, std::int64_t organisation_id, const std::string& email,
                       const std::string& role, const std::string& token_key, std::int64_t invited_by,
                       const std::string& expires_at) {
  c.exec("DELETE FROM invitations WHERE organisation_id = ? AND email = ? AND accepted_at IS NULL",
         {organisation_id, email});
  c.exec("INSERT INTO invitations (organisation_id, email, role, token_key, invited_by, expires_at) "
         "VALUES (?, ?, ?, ?, ?, ?)",
         {organisation_id, email, role, token_key, invited_by, expires_at});
}

std::optional<Invitation> open_invitation(db::Connection& c, const std::string& token_key, const std::string& now) {
  std::optional<Invitation> out;
  c.one(
      "SELECT i.id, i.organisation_id, o.name, i.email, i.role, i.expires_at FROM invitations i "
      "JOIN organisations o ON o.id = i.organisation_id WHERE i.token_key = ? AND i.accepted_at IS NULL "
      "AND i.expires_at > ? AND o.status <> 'deactivated' AND o.merged_into IS NULL",
      {token_key, now}, [&](const db::Row& r) {
        out = Invitation{r.integer(0), r.integer(1), r.str(2), r.str(3), r.str(4), r.str(5)};
      });
  return out;
}

bool consume_invitation(db::Connection& c, std::int64_t invitation_id, const std::string& now) {
  return c.exec("UPDATE invitations SET accepted_at = ? WHERE id = ? AND accepted_at IS NULL AND expires_at > ?",
                {now, invitation_id, now}) == 1;
}

std::vector<Invitation> pending_invitations(db::Connection& c, std::int64_t organisation_id, const std::string& now) {
  std::vector<Invitation> out;
  c.each(
      "SELECT id, organisation_id, email, role, expires_at FROM invitations "
      "WHERE organisation_id = ? AND accepted_at IS NULL AND expires_at > ? ORDER BY email, id",
      {organisation_id, now},
      [&](const db::Row& r) { out.push_back({r.integer(0), r.integer(1), "", r.str(2), r.str(3), r.str(4)}); });
  return out;
}

// ---- join requests ----

JoinResult request_join(db::Connection& c, std::int64_t organisation_id, std::int64_t user_id,
                        const std::string& message, const std::string& now) {
  if (store::member_role(c, organisation_id, user_id)) return JoinResult::already_member;
  // A decided request may be asked again; an open one stays as it is.
  auto changed = c.exec(
      "INSERT INTO join_requests (organisation_id, user_id, message, created_at) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (organisation_id, user_id) DO UPDATE SET message = excluded.message, "
      "created_at = excluded.created_at, decided_at = NULL WHERE join_requests.decided_at IS NOT NULL",
      {organisation_id, user_id, message, now});
  return changed > 0 ? JoinResult::created : JoinResult::already_pending;
}

bool has_pending_request(db::Connection& c, std::int64_t organisation_id, std::int64_t user_id) {
  return c.scalar_int("SELECT COUNT(*) FROM join_requests WHERE organisation_id = ? AND user_id = ? "
                      "AND decided_at IS NULL",
                      {organisation_id, user_id})
             .value_or(0) > 0;
}

std::vector<JoinRequest> pending_requests(db::Connection& c, std::int64_t organisation_id) {
  std::vector<JoinRequest> out;
  c.each(
      "SELECT j.id, j.user_id, u.name, u.email, j.message, j.created_at FROM join_requests j "
      "JOIN users u ON u.id = j.user_id WHERE j.organisation_id = ? AND j.decided_at IS NULL "
      "ORDER BY j.created_at, j.id",
      {organisation_id}, [&](const db::Row& r) {
        out.push_back({r.integer(0), r.integer(1), r.str(2), r.str(3), r.str(4), r.str(5)});
      });
  return out;
}

std::optional<JoinRequest> decide_request(db::Connection& c, std::int64_t organisation_id, std::int64_t request_id,
                                          const std::string& now) {
  std::optional<JoinRequest> out;
  c.one(
      "UPDATE join_requests SET decided_at = ? WHERE id = ? AND organisation_id = ? AND decided_at IS NULL "
      "RETURNING id, user_id, message, created_at",
      {now, request_id, organisation_id}, [&](const db::Row& r) {
        out = JoinRequest{r.integer(0), r.integer(1), "", "", r.str(2), r.str(3)};
      });
  if (out)
    c.one("SELECT name, email FROM users WHERE id = ?", {out->user_id}, [&](const db::Row& r) {
      out->name = r.str(0);
      out->email = r.str(1);
    });
  return out;
}

// ---- merging ----

MergeCounts merge_counts(db::Connection& c, std::int64_t source) {
  MergeCounts n;
  c.one(
      "SELECT (SELECT COUNT(*) FROM people WHERE organisation_id = ?), "
      "(SELECT COUNT(*) FROM memberships WHERE organisation_id = ?), "
      "(SELECT COUNT(*) FROM join_requests WHERE organisation_id = ? AND decided_at IS NULL)",
      {source, source, source}, [&](const db::Row& r) {
        n.people = r.integer(0);
        n.members = r.integer(1);
        n.requests = r.integer(2);
      });
  return n;
}

void merge(db::Connection& c, std::int64_t source, std::int64_t target, const std::string& now) {
  store::note_write();
  lock_organisation(c, target);
  // People keep their contact roles: the roles hang on the person.
  c.exec("UPDATE people SET organisation_id = ? WHERE organisation_id = ?", {target, source});
  // SQLite needs the WHERE before ON CONFLICT in INSERT … SELECT.
  c.exec(
      "INSERT INTO memberships (organisation_id, user_id, role, created_at) "
      "SELECT CAST(? AS BIGINT), user_id, role, created_at FROM memberships WHERE organisation_id = ? "
      "ON CONFLICT (organisation_id, user_id) DO UPDATE SET role = "
      "CASE WHEN memberships.role = 'admin' OR excluded.role = 'admin' THEN 'admin' ELSE 'member' END",
      {target, source});
  c.exec("DELETE FROM memberships WHERE organisation_id = ?", {source});
  c.exec(
      "INSERT INTO organisation_municipalities (organisation_id, municipality_number) "
      "SELECT CAST(? AS BIGINT), municipality_number FROM organisation_municipalities WHERE organisation_id = ? "
      "ON CONFLICT DO NOTHING",
      {target, source});
  c.exec(
      "INSERT INTO organisation_service_areas (organisation_id, slug) "
      "SELECT CAST(? AS BIGINT), slug FROM organisation_service_areas WHERE organisation_id = ? ON CONFLICT DO NOTHING",
      {target, source});
  c.exec(
      "INSERT INTO organisation_target_groups (organisation_id, slug) "
      "SELECT CAST(? AS BIGINT), slug FROM organisation_target_groups WHERE organisation_id = ? ON CONFLICT DO NOTHING",
      {target, source});
  c.exec(
      "INSERT INTO organisation_sdgs (organisation_id, sdg) "
      "SELECT CAST(? AS BIGINT), sdg FROM organisation_sdgs WHERE organisation_id = ? ON CONFLICT DO NOTHING",
      {target, source});
  c.exec("DELETE FROM organisation_municipalities WHERE organisation_id = ?", {source});
  c.exec("DELETE FROM organisation_service_areas WHERE organisation_id = ?", {source});
  c.exec("DELETE FROM organisation_target_groups WHERE organisation_id = ?", {source});
  c.exec("DELETE FROM organisation_sdgs WHERE organisation_id = ?", {source});
  // Open requests move unless the user is already a member of, or waiting at, the target.
  c.exec(
      "UPDATE join_requests SET organisation_id = ? WHERE organisation_id = ? AND decided_at IS NULL "
      "AND user_id NOT IN (SELECT user_id FROM memberships WHERE organisation_id = ?) "
      "AND user_id NOT IN (SELECT user_id FROM join_requests WHERE organisation_id = ?)",
      {target, source, target, target});
  c.exec("DELETE FROM join_requests WHERE organisation_id = ?", {source});
  c.exec("UPDATE invitations SET organisation_id = ? WHERE organisation_id = ? AND accepted_at IS NULL",
         {target, source});
  c.exec("UPDATE organisations SET parent_id = NULL WHERE id = ? AND parent_id = ?", {target, source});
  c.exec("UPDATE organisations SET parent_id = ? WHERE parent_id = ? AND id <> ?", {target, source, target});
  c.exec("UPDATE organisations SET merged_into = ? WHERE merged_into = ?", {target, source});
  c.exec("UPDATE organisations SET status = 'deactivated', merged_into = ?, updated_at = ? WHERE id = ?",
         {target, now, source});
  c.exec("UPDATE organisations SET updated_at = ? WHERE id = ?", {now, target});
}

}  // namespace samskap::directory::manage_store
