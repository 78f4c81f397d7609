#include "needs/dialogue_store.hpp"

#include "needs/store.hpp"

namespace samskap::needs::dialogue_store {

namespace {

// The columns of a version, in this order, after any leading columns of a query.
constexpr const char* kVersionColumns =
    "v.entry_id, v.version, v.held_on, v.channel, v.participants, v.summary, v.reason, v.edited_by_name, v.edited_at";

Version version_from(const db::Row& r, int at) {
  Version v;
  v.entry_id = r.integer(at);
  v.version = static_cast<int>(r.integer(at + 1));
  v.held_on = r.str(at + 2);
  v.channel = r.str(at + 3);
  v.participants = r.str(at + 4);
  v.summary = r.str(at + 5);
  v.reason = r.str(at + 6);
  v.edited_by_name = r.str(at + 7);
  v.edited_at = r.str(at + 8);
  return v;
}

Question question_from(const db::Row& r) {
  return {r.integer(0), r.integer(1), r.str(2), r.opt_text(3), r.str(4), r.opt_text(5)};
}

void insert_version(db::Connection& c, std::int64_t entry_id, int number, const Version& v,
                    std::optional<std::int64_t> user_id, const std::string& user_name, const std::string& now) {
  c.exec("INSERT INTO dialogue_versions (entry_id, version, held_on, channel, participants, summary, reason, "
         "edited_by, edited_by_name, edited_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
         {entry_id, number, v.held_on, v.channel, v.participants, v.summary, number == 1 ? std::string() : v.reason,
          user_id, user_name, now});
}

}  // namespace

// ---- questions ----

std::int64_t ask(db::Connection& c, std::int64_t need_id, std::int64_t asked_by, const std::string& question,
                 const std::string& now) {
  store::note_write();  // the need's page counts questions and answers
  return c.insert_id("INSERT INTO need_questions (need_id, asked_by, question, asked_at) VALUES (?, ?, ?, ?) "
                     "RETURNING id",
                     {need_id, asked_by, question, now});
}

AnswerResult answer(db::Connection& c, std::int64_t need_id, std::int64_t question_id, std::int64_t answered_by,
                    const std::string& text, const std::string& now) {
  store::note_write();
  auto changed = c.exec("UPDATE need_questions SET answer = ?, answered_by = ?, answered_at = ? "
                        "WHERE id = ? AND need_id = ? AND answer IS NULL",
                        {text, answered_by, now, question_id, need_id});
  if (changed == 0) {
    auto exists = c.scalar_int("SELECT 1 FROM need_questions WHERE id = ? AND need_id = ?", {question_id, need_id});
    return exists ? AnswerResult::already_answered : AnswerResult::not_found;
  }
  store::add_event(c, need_id, "answered", std::to_string(question_id), now);
  return AnswerResult::answered;
}

std::optional<Question> question(db::Connection& c, std::int64_t need_id, std::int64_t question_id) {
  std::optional<Question> out;
  c.one("SELECT id, need_id, question, answer, asked_at, answered_at FROM need_questions WHERE id = ? AND need_id = ?",
        {question_id, need_id}, [&](const db::Row& r) { out = question_from(r); });
  return out;
}

QuestionPage questions(db::Connection& c, std::int64_t need_id, bool unanswered_first, std::int64_t offset,
                       std::int64_t limit) {
  QuestionPage out;
  std::string sql =
      "SELECT id, need_id, question, answer, asked_at, answered_at, COUNT(*) OVER (), "
      "SUM(CASE WHEN answer IS NULL THEN 1 ELSE 0 END) OVER () FROM need_questions WHERE need_id = ? ORDER BY ";
  sql += unanswered_first ? "CASE WHEN answer IS NULL THEN 0 ELSE 1 END, "
                            "CASE WHEN answer IS NULL THEN id ELSE -id END"
                          : "id DESC";
  sql += " LIMIT ? OFFSET ?";
  c.each(sql, {need_id, limit, offset}, [&](const db::Row& r) {
    out.rows.push_back(question_from(r));
    out.total = r.integer(6);
    out.unanswered = r.integer(7);
  });
  if (out.rows.empty() && offset > 0) {
    // Past the last page: the totals still matter for the page's heading and pagination.
    c.one("SELECT COUNT(*), SUM(CASE WHEN answer IS NULL THEN 1 ELSE 0 END) FROM need_questions WHERE need_id = ?",
          {need_id}, [&](const db::Row& r) {
            out.total = r.integer(0);
            out.unanswered = r.integer(1);
          });
  }
  return out;
}

// ---- the dialogue log ----

std::int64_t add_entry(db::Connection& c, std::int64_t need_id, const Version& v, std::optional<std::int64_t> user_id,
                       const std::string& user_name, const std::string& now) {
  store::note_write();  // the need's page counts dialogue entries
  auto id = c.insert_id("INSERT INTO dialogue_entries (need_id, created_at) VALUES (?, ?) RETURNING id", {need_id, now});
  insert_version(c, id, 1, v, user_id, user_name, now);
  return id;
}

int edit_entry(db::Connection& c, std::int64_t need_id, std::int64_t entry_id, const Version& v,
               std::optional<std::int64_t> user_id, const std::string& user_name, const std::string& now) {
  auto last = c.scalar_int("SELECT MAX(v.version) FROM dialogue_versions v JOIN dialogue_entries e ON e.id = v.entry_id "
                           "WHERE e.id = ? AND e.need_id = ?",
                           {entry_id, need_id});
  if (!last) return 0;
  const int next = static_cast<int>(*last) + 1;
  insert_version(c, entry_id, next, v, user_id, user_name, now);
  return next;
}

std::optional<Entry> entry(db::Connection& c, std::int64_t need_id, std::int64_t entry_id) {
  std::optional<Entry> out;
  c.one(std::string("SELECT e.created_at, ") + kVersionColumns +
            " FROM dialogue_entries e JOIN dialogue_versions v ON v.entry_id = e.id "
            "WHERE e.id = ? AND e.need_id = ? ORDER BY v.version DESC LIMIT 1",
        {entry_id, need_id}, [&](const db::Row& r) {
          Entry x;
          x.created_at = r.str(0);
          x.latest = version_from(r, 1);
          x.versions = x.latest.version;  // versions are numbered 1…n and never removed
          out = std::move(x);
        });
  return out;
}

EntryPage entries(db::Connection& c, std::int64_t need_id, std::int64_t offset, std::int64_t limit) {
  EntryPage out;
  c.each(std::string("SELECT e.created_at, ") + kVersionColumns +
             ", COUNT(*) OVER () FROM dialogue_entries e JOIN dialogue_versions v ON v.entry_id = e.id "
             "AND v.version = (SELECT MAX(m.version) FROM dialogue_versions m WHERE m.entry_id = e.id) "
             "WHERE e.need_id = ? ORDER BY v.held_on DESC, e.id DESC LIMIT ? OFFSET ?",
         {need_id, limit, offset}, [&](const db::Row& r) {
           Entry x;
           x.created_at = r.str(0);
           x.latest = version_from(r, 1);
           x.versions = x.latest.version;
           out.rows.push_back(std::move(x));
           out.total = r.integer(10);
         });
  if (out.rows.empty() && offset > 0)
    out.total = c.scalar_int("SELECT COUNT(*) FROM dialogue_entries WHERE need_id = ?", {need_id}).value_or(0);
  return out;
}

std::vector<Version> history(db::Connection& c, std::int64_t need_id, std::int64_t entry_id) {
  std::vector<Version> out;
  c.each(std::string("SELECT ") + kVersionColumns +
             " FROM dialogue_versions v JOIN dialogue_entries e ON e.id = v.entry_id "
             "WHERE e.id = ? AND e.need_id = ? ORDER BY v.version DESC",
         {entry_id, need_id}, [&](const db::Row& r) { out.push_back(version_from(r, 0)); });
  return out;
}

}  // namespace samskap::needs::dialogue_store
