#pragma once
// All SQL of needs: the need with its criteria and tags, status changes with their events,
// attachments, the public list and an organisation's own list, and who may act for whom.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "needs/model.hpp"
#include "platform/db/database.hpp"

namespace samskap::needs::store {

// ---- who acts for whom ----

struct MemberOrganisation {
  std::int64_t id = 0;
  std::string name;
  std::string kind;
  std::string status;  // unverified, verified
  std::string role;    // admin, member
};
// The active organisations a user belongs to, in Norwegian name order.
std::vector<MemberOrganisation> organisations_of(db::Connection& c, std::int64_t user_id);
bool is_member(db::Connection& c, std::int64_t organisation_id, std::int64_t user_id);

// ---- needs ----

// Bumped by every write that can change the public list or a need's page: the needs' own
// writes, attachments, proposals, questions and the dialogue log (cached rendered pages carry it
// in their key, so this process sees its own writes at once).
std::int64_t write_generation();
void note_write();

// What a need's page shows differently to a signed-in user, in one query: whether they belong to
// the owning organisation, the kinds of the active organisations they belong to, and whether
// they follow the need.
struct NeedViewer {
  bool member = false;
  bool following = false;
  std::vector<std::string> active_kinds;
};
NeedViewer viewer(db::Connection& c, std::int64_t need_id, std::int64_t need_organisation_id, std::int64_t user_id);

// Creates a draft (or whatever status need.status holds) with criteria and tags; returns its id.
std::int64_t create(db::Connection& c, const Need& need, const std::string& search_text);
// Rewrites the editable fields and tags; criteria are replaced only when replace_criteria is set
// (a need's criteria are fixed once it is published: every proposal answers the same ones).
void update(db::Connection& c, const Need& need, const std::string& search_text, bool replace_criteria);
// Deletes a draft; false when the need is not a draft (public needs are never deleted).
bool delete_draft(db::Connection& c, std::int64_t id);
std::optional<Need> find(db::Connection& c, std::int64_t id);
bool has_criteria(db::Connection& c, std::int64_t id);

// What access checks need, in one cheap query.
struct Head {
  std::int64_t id = 0;
  std::int64_t organisation_id = 0;
  std::string status;
  std::string title;
};
std::optional<Head> head(db::Connection& c, std::int64_t id);

// Moves the need from `from` to `to` if it still is in `from` (false otherwise), sets
// published_at / closed_at and the closing note, and records the event ('published' for the
// first publication, 'status' otherwise). Call inside a write transaction.
bool change_status(db::Connection& c, std::int64_t id, const std::string& from, const std::string& to,
                   const std::string& closing_note, const std::string& now);
// Records activity for followers: kind is 'published', 'answered' or 'status'.
void add_event(db::Connection& c, std::int64_t need_id, const std::string& kind, const std::string& detail,
               const std::string& now);

// ---- lists ----

struct Row {
  std::int64_t id = 0;
  std::string title;
  std::int64_t organisation_id = 0;
  std::string organisation_name;
  std::string status;
  std::string situation_excerpt;  // the start of the situation text, Markdown stripped by the caller
  std::optional<std::int64_t> value_min, value_max;
  std::string timeframe;
  std::optional<std::string> published_at;
  std::string updated_at;
  std::int64_t proposals = 0;  // live (not withdrawn) proposals; filled only for owner lists
};
struct Page {
  std::vector<Row> rows;
  std::int64_t total = 0;
};
// One query for the rows (with the total alongside), newest publication first, or by relevance
// when there is a text query. Drafts appear only with filter.include_drafts and an organisation.
Page list(db::Connection& c, const NeedFilter& filter, std::int64_t offset, std::int64_t limit,
          bool with_proposal_counts = false);

// Titles of the needs, by id, for labels elsewhere (feeds, matches): id → title.
std::vector<std::pair<std::int64_t, std::string>> titles(db::Connection& c, const std::vector<std::int64_t>& ids);

// ---- attachments ----

struct Attachment {
  std::int64_t id = 0;
  std::int64_t need_id = 0;
  std::string filename, content_type, sha256, created_at;
  std::int64_t size = 0;
  std::string data;  // only from attachment()
};
std::int64_t add_attachment(db::Connection& c, const Attachment& a, std::optional<std::int64_t> uploaded_by);
std::vector<Attachment> attachments_of(db::Connection& c, std::int64_t need_id);  // without data
std::optional<Attachment> attachment(db::Connection& c, std::int64_t need_id, std::int64_t attachment_id);
bool delete_attachment(db::Connection& c, std::int64_t need_id, std::int64_t attachment_id);
std::int64_t attachment_bytes(db::Connection& c, std::int64_t need_id);

// ---- counts shown on a need's page ----

struct Counts {
  std::int64_t proposals = 0;  // live proposals
  std::int64_t questions = 0;
  std::int64_t answered = 0;
  std::int64_t dialogue = 0;   // dialogue log entries
};
Counts counts(db::Connection& c, std::int64_t need_id);

}  // namespace samskap::needs::store
