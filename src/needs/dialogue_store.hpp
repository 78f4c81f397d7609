#pragma once
// All SQL of the open dialogue on a need: questions and the owner's answers, and the dialogue
// log of meetings and calls with potential suppliers.
//
// Questions are anonymous: who asked is stored (asked_by) but never read back by this store, so
// no page or API can show it. Answers are final (migration 0011 refuses changing one): every
// proposer relies on the same answer. The dialogue log is append-only: an entry's text lives in
// numbered versions, and an edit adds the next version with a reason (migration 0006 refuses
// UPDATE and DELETE on the versions).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/db/database.hpp"

namespace samskap::needs::dialogue_store {

// ---- questions ----

struct Question {
  std::int64_t id = 0;
  std::int64_t need_id = 0;
  std::string question;
  std::optional<std::string> answer;
  std::string asked_at;
  std::optional<std::string> answered_at;
};

std::int64_t ask(db::Connection& c, std::int64_t need_id, std::int64_t asked_by, const std::string& question,
                 const std::string& now);

enum class AnswerResult { answered, not_found, already_answered };
// Answers a question of this need once, and records the 'answered' event for followers. Call
// inside a write transaction so the two go together.
AnswerResult answer(db::Connection& c, std::int64_t need_id, std::int64_t question_id, std::int64_t answered_by,
                    const std::string& answer, const std::string& now);

std::optional<Question> question(db::Connection& c, std::int64_t need_id, std::int64_t question_id);

struct QuestionPage {
  std::vector<Question> rows;
  std::int64_t total = 0;
  std::int64_t unanswered = 0;  // of all the need's questions, not just this page
};
// One query. Newest first; with unanswered_first (the owner's view) the unanswered ones come
// first, oldest first, so the longest waiting is answered first.
QuestionPage questions(db::Connection& c, std::int64_t need_id, bool unanswered_first, std::int64_t offset,
                       std::int64_t limit);

// ---- the dialogue log ----

struct Version {
  std::int64_t entry_id = 0;
  int version = 0;
  std::string held_on;  // YYYY-MM-DD
  std::string channel;  // one of needs::dialogue_channels
  std::string participants;
  std::string summary;
  std::string reason;          // empty for the first version
  std::string edited_by_name;  // the editor's name at the time
  std::string edited_at;
};

struct Entry {
  Version latest;
  std::string created_at;
  int versions = 0;  // how many versions there are (1 = never edited)
};

// Adds an entry with its first version (v.held_on, channel, participants, summary); returns the
// entry id. Call inside a write transaction.
std::int64_t add_entry(db::Connection& c, std::int64_t need_id, const Version& v, std::optional<std::int64_t> user_id,
                       const std::string& user_name, const std::string& now);

// Adds the next version of an entry of this need with its reason; returns the new version
// number, or 0 when the need has no such entry. Call inside a write transaction.
int edit_entry(db::Connection& c, std::int64_t need_id, std::int64_t entry_id, const Version& v,
               std::optional<std::int64_t> user_id, const std::string& user_name, const std::string& now);

// The latest version of one entry of this need.
std::optional<Entry> entry(db::Connection& c, std::int64_t need_id, std::int64_t entry_id);

struct EntryPage {
  std::vector<Entry> rows;
  std::int64_t total = 0;
};
// The need's entries with their latest version and version count, newest meeting first; one query.
EntryPage entries(db::Connection& c, std::int64_t need_id, std::int64_t offset, std::int64_t limit);

// Every version of one entry of this need, newest first (empty when there is no such entry).
std::vector<Version> history(db::Connection& c, std::int64_t need_id, std::int64_t entry_id);

}  // namespace samskap::needs::dialogue_store
