#pragma once
// All SQL of managing the directory: profile updates, people and their contact roles,
// memberships, invitations, join requests, and the coordinators' verify, deactivate and merge.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "directory/model.hpp"
#include "platform/db/database.hpp"

namespace samskap::directory::manage_store {

// What the management pages need to know before anything else.
struct OrganisationState {
  std::int64_t id = 0;
  std::string name;
  std::string status;
  std::optional<std::int64_t> merged_into;
};
std::optional<OrganisationState> state(db::Connection& c, std::int64_t id);
// The organisation a merged one now lives on (for the redirect from its old page).
std::optional<std::int64_t> merged_into(db::Connection& c, std::int64_t id);
bool is_admin(db::Connection& c, std::int64_t organisation_id, std::int64_t user_id);

// Rewrites the profile and its tags (status, merged_into and created_at stay).
// Throws db::UniqueViolation when the organisation number belongs to another organisation.
void update_profile(db::Connection& c, const Organisation& o, const std::string& search_text,
                    const std::string& name_sort);
void set_search_text(db::Connection& c, std::int64_t id, const std::string& search_text);
void set_status(db::Connection& c, std::int64_t id, const std::string& status, const std::string& now);

// ---- people ----

struct PersonWithRoles {
  Person person;
  std::vector<ContactRole> roles;
};
// The people of an organisation with their roles, in no particular order.
std::vector<PersonWithRoles> people_of(db::Connection& c, std::int64_t organisation_id);
std::optional<PersonWithRoles> find_person(db::Connection& c, std::int64_t organisation_id, std::int64_t person_id);
std::int64_t create_person(db::Connection& c, const Person& p, const std::vector<ContactRole>& roles,
                           const std::string& now);
// Updates the person's fields and replaces their roles; false when the person is not the organisation's.
bool update_person(db::Connection& c, const Person& p, const std::vector<ContactRole>& roles);
bool delete_person(db::Connection& c, std::int64_t organisation_id, std::int64_t person_id);
// Links the organisation's people with this e-mail (folded) to the user, where not linked already.
void link_people_to_user(db::Connection& c, std::int64_t organisation_id, const std::string& email,
                         std::int64_t user_id);

// ---- members ----

struct Member {
  std::int64_t user_id = 0;
  std::string name, email, role, since;
};
std::vector<Member> members_of(db::Connection& c, std::int64_t organisation_id);
// Adds a member; an existing member keeps the higher of the two roles.
void add_member_keep_higher(db::Connection& c, std::int64_t organisation_id, std::int64_t user_id,
                            const std::string& role, const std::string& now);
enum class RemoveResult { removed, not_member, last_admin };
// Never removes the last administrator. Call inside a write transaction.
RemoveResult remove_member(db::Connection& c, std::int64_t organisation_id, std::int64_t user_id);
bool is_member_email(db::Connection& c, std::int64_t organisation_id, const std::string& email);
// Name and e-mail of the administrators, for notifications.
std::vector<Member> admins_of(db::Connection& c, std::int64_t organisation_id);

// ---- invitations ----

struct Invitation {
  std::int64_t id = 0;
  std::int64_t organisation_id = 0;
  std::string organisation_name;
  std::string email;
  std::string role;
  std::string expires_at;
};
// Replaces any open invitation of the same address to the same organisation.
void create_invitation(db::Connection& c, std::int64_t organisation_id, const std::string& email,
                       const std::string& role, const std::string& token_key, std::int64_t invited_by,
                       const std::string& expires_at);
// An unused, unexpired invitation to an active organisation; nothing otherwise.
std::optional<Invitation> open_invitation(db::Connection& c, const std::string& token_key, const std::string& now);
// Marks the invitation used if it still is open; false when someone else used it first. Atomic.
bool consume_invitation(db::Connection& c, std::int64_t invitation_id, const std::string& now);
std::vector<Invitation> pending_invitations(db::Connection& c, std::int64_t organisation_id, const std::string& now);

// ---- join requests ----

struct JoinRequest {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string name, email, message, created_at;
};
enum class JoinResult { created, already_pending, already_member };
JoinResult request_join(db::Connection& c, std::int64_t organisation_id, std::int64_t user_id,
                        const std::string& message, const std::string& now);
bool has_pending_request(db::Connection& c, std::int64_t organisation_id, std::int64_t user_id);
std::vector<JoinRequest> pending_requests(db::Connection& c, std::int64_t organisation_id);
// Closes an undecided request of this organisation; returns the request (user's name and e-mail) or nothing.
std::optional<JoinRequest> decide_request(db::Connection& c, std::int64_t organisation_id, std::int64_t request_id,
                                          const std::string& now);

// ---- merging ----

struct MergeCounts {
  std::int64_t people = 0;
  std::int64_t members = 0;
  std::int64_t requests = 0;
};
MergeCounts merge_counts(db::Connection& c, std::int64_t source);
// Moves people (with their contact roles), memberships (the higher role wins), tags, pending join
// requests and invitations, child organisations and earlier merges from source to target, and
// marks source deactivated and merged into target. Call inside a write transaction; the caller
// recomputes the target's search text.
void merge(db::Connection& c, std::int64_t source, std::int64_t target, const std::string& now);

}  // namespace samskap::directory::manage_store
