// The open dialogue on a need on both engines: anonymous questions and final answers (with the
// 'answered' event for followers), and the dialogue log whose edits are new versions.
#include <gtest/gtest.h>

#include "directory/model.hpp"
#include "directory/reference_store.hpp"
#include "directory/store.hpp"
#include "needs/dialogue.hpp"
#include "needs/dialogue_store.hpp"
#include "needs/model.hpp"
#include "needs/store.hpp"
#include "platform/search/text.hpp"
#include "support/engine_fixture.hpp"

namespace {

using namespace samskap;
namespace ds = samskap::needs::dialogue_store;
namespace ns = samskap::needs::store;

TEST(DialogueRules, MeetingDatesAreNorwegianOrIso) {
  using needs::parse_meeting_date;
  EXPECT_EQ(parse_meeting_date("24.12.2026").value_or(""), "2026-12-24");
  EXPECT_EQ(parse_meeting_date(" 1.2.2026 ").value_or(""), "2026-02-01");
  EXPECT_EQ(parse_meeting_date("2026-02-01").value_or(""), "2026-02-01");
  EXPECT_EQ(parse_meeting_date("29.02.2028").value_or(""), "2028-02-29");
  EXPECT_FALSE(parse_meeting_date("29.02.2026"));
  EXPECT_FALSE(parse_meeting_date("31.04.2026"));
  EXPECT_FALSE(parse_meeting_date("2026-2-1"));
  EXPECT_FALSE(parse_meeting_date("24.12.26"));
  EXPECT_FALSE(parse_meeting_date("24/12/2026"));
  EXPECT_FALSE(parse_meeting_date("i går"));
  EXPECT_FALSE(parse_meeting_date(""));
  EXPECT_EQ(needs::display_date("2026-12-24"), "24.12.2026");
  EXPECT_EQ(needs::oslo_today().size(), 10u);
}

TEST(DialogueRules, EntriesNeedAPastDateTextsWithinLimitsAndAReasonForEdits) {
  needs::dialogue_store::Version v;
  v.held_on = "03.11.2026";
  v.channel = "call";
  v.participants = "  Kjør For Livet  ";
  v.summary = "Samtale om oppstart.";
  EXPECT_TRUE(needs::check_entry(v, "2026-11-23", false).empty());
  EXPECT_EQ(v.held_on, "2026-11-03");
  EXPECT_EQ(v.participants, "Kjør For Livet");
  // An edit needs a reason.
  auto errors = needs::check_entry(v, "2026-11-23", true);
  EXPECT_TRUE(errors.has("reason"));
  v.reason = "Rettet navn";
  EXPECT_TRUE(needs::check_entry(v, "2026-11-23", true).empty());
  // Today is fine, tomorrow is not.
  v.held_on = "2026-11-23";
  EXPECT_TRUE(needs::check_entry(v, "2026-11-23", false).empty());
  v.held_on = "24.11.2026";
  EXPECT_TRUE(needs::check_entry(v, "2026-11-23", false).has("held_on"));
  v.held_on = "30.02.2026";
  EXPECT_TRUE(needs::check_entry(v, "2026-11-23", false).has("held_on"));
  v.held_on = "2026-11-01";
  v.channel = "fax";
  v.summary = std::string(needs::kMaxSummary + 1, 'x');
  v.participants = "";
  errors = needs::check_entry(v, "2026-11-23", false);
  EXPECT_TRUE(errors.has("channel"));
  EXPECT_TRUE(errors.has("summary"));
  EXPECT_TRUE(errors.has("participants"));
  // Length is counted in characters, not bytes.
  std::string q;
  for (std::size_t i = 0; i < needs::kMaxQuestion; ++i) q += "ø";
  EXPECT_TRUE(needs::check_question(q).empty());
  q += "ø";
  EXPECT_TRUE(needs::check_question(q).has("question"));
  std::string blank = "   \n ";
  EXPECT_TRUE(needs::check_answer(blank).has("answer"));
}

class DialogueStore : public testkit::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped()) return;
    directory::sync_reference(db(), std::filesystem::path(SAMSKAP_SOURCE_DIR) / "content" / "reference");
    directory::Organisation o;
    o.name = "Sandefjord kommune";
    o.kind = "municipality";
    o.status = "verified";
    o.created_at = o.updated_at = "2026-11-01T10:00:00Z";
    owner_ = directory::store::create(db(), o, search::index_text({o.name}), search::sort_key(o.name));
    need_ = need("Arbeidstrening for unge");
    other_need_ = need("Et annet behov");
    asker_ = user("sporsmal@example.no", "Spørre Spørsen");
    editor_ = user("eier@example.no", "Eier Eiersen");
  }
  std::int64_t need(const std::string& title) {
    needs::Need n;
    n.organisation_id = owner_;
    n.title = title;
    n.situation = "Situasjonen.";
    n.status = "published";
    n.created_at = n.updated_at = "2026-11-02T10:00:00Z";
    return ns::create(db(), n, search::index_text({n.title}));
  }
  std::int64_t user(const std::string& email, const std::string& name) {
    return db().insert_id("INSERT INTO users (email, name, password_hash, created_at) VALUES (?, ?, 'x', ?) RETURNING id",
                          {email, name, "2026-11-01T10:00:00Z"});
  }
  static ds::Version version(const std::string& held_on, const std::string& summary, const std::string& reason = "") {
    ds::Version v;
    v.held_on = held_on;
    v.channel = "meeting";
    v.participants = "Kjør For Livet AS, Kari Nordmann";
    v.summary = summary;
    v.reason = reason;
    return v;
  }
  std::int64_t events(const std::string& kind) {
    return db().scalar_int("SELECT COUNT(*) FROM need_events WHERE need_id = ? AND kind = ?", {need_, kind}).value_or(-1);
  }
  std::int64_t owner_ = 0, need_ = 0, other_need_ = 0, asker_ = 0, editor_ = 0;
};

TEST_P(DialogueStore, QuestionsAreAskedAnsweredOnceAndListedPerNeed) {
  auto q1 = ds::ask(db(), need_, asker_, "Kan dere ta imot deltakere fra høsten?", "2026-11-03T10:00:00Z");
  auto q2 = ds::ask(db(), need_, asker_, "Hvor mange plasser trengs?", "2026-11-04T10:00:00Z");
  auto q3 = ds::ask(db(), need_, asker_, "Er det krav om politiattest?", "2026-11-05T10:00:00Z");
  ds::ask(db(), other_need_, asker_, "Et spørsmål på et annet behov", "2026-11-05T11:00:00Z");

  EXPECT_EQ(events("answered"), 0);
  {
    db::Transaction tx(db());
    EXPECT_EQ(ds::answer(db(), need_, q2, editor_, "Tolv plasser.", "2026-11-06T10:00:00Z"),
              ds::AnswerResult::answered);
    tx.commit();
  }
  EXPECT_EQ(events("answered"), 1);
  EXPECT_EQ(db().scalar_text("SELECT detail FROM need_events WHERE need_id = ? AND kind = 'answered'", {need_}),
            std::to_string(q2));
  // Once only, and only on the question's own need.
  EXPECT_EQ(ds::answer(db(), need_, q2, editor_, "Tretten plasser.", "2026-11-07T10:00:00Z"),
            ds::AnswerResult::already_answered);
  EXPECT_EQ(ds::answer(db(), other_need_, q1, editor_, "Feil behov.", "2026-11-07T10:00:00Z"),
            ds::AnswerResult::not_found);
  EXPECT_EQ(events("answered"), 1);
  EXPECT_EQ(ds::question(db(), need_, q2)->answer.value_or(""), "Tolv plasser.");
  EXPECT_EQ(ds::question(db(), need_, q2)->answered_at.value_or(""), "2026-11-06T10:00:00Z");
  EXPECT_FALSE(ds::question(db(), other_need_, q2));

  // Everyone: newest first.
  auto all = ds::questions(db(), need_, false, 0, 50);
  ASSERT_EQ(all.rows.size(), 3u);
  EXPECT_EQ(all.total, 3);
  EXPECT_EQ(all.unanswered, 2);
  EXPECT_EQ(all.rows[0].id, q3);
  EXPECT_EQ(all.rows[1].id, q2);
  EXPECT_EQ(all.rows[2].id, q1);
  EXPECT_EQ(all.rows[1].answer.value_or(""), "Tolv plasser.");
  EXPECT_FALSE(all.rows[0].answer);
  // The owner: unanswered first, the longest waiting first.
  auto owner = ds::questions(db(), need_, true, 0, 50);
  ASSERT_EQ(owner.rows.size(), 3u);
  EXPECT_EQ(owner.rows[0].id, q1);
  EXPECT_EQ(owner.rows[1].id, q3);
  EXPECT_EQ(owner.rows[2].id, q2);
  // Pages keep the totals.
  auto second = ds::questions(db(), need_, false, 2, 2);
  ASSERT_EQ(second.rows.size(), 1u);
  EXPECT_EQ(second.rows[0].id, q1);
  EXPECT_EQ(second.total, 3);
  auto beyond = ds::questions(db(), need_, false, 10, 2);
  EXPECT_TRUE(beyond.rows.empty());
  EXPECT_EQ(beyond.total, 3);
  EXPECT_EQ(beyond.unanswered, 2);
  EXPECT_EQ(ns::counts(db(), need_).questions, 3);
  EXPECT_EQ(ns::counts(db(), need_).answered, 1);
}

TEST_P(DialogueStore, AnAnswerCannotBeChangedEvenWithDirectSql) {
  auto q = ds::ask(db(), need_, asker_, "Spørsmål", "2026-11-03T10:00:00Z");
  EXPECT_EQ(ds::answer(db(), need_, q, editor_, "Svaret.", "2026-11-06T10:00:00Z"), ds::AnswerResult::answered);
  EXPECT_THROW(db().exec("UPDATE need_questions SET answer = 'Et annet svar' WHERE id = ?", {q}), db::Error);
  EXPECT_THROW(db().exec("UPDATE need_questions SET answer = NULL WHERE id = ?", {q}), db::Error);
  EXPECT_THROW(db().exec("UPDATE need_questions SET question = 'Omskrevet' WHERE id = ?", {q}), db::Error);
  EXPECT_EQ(ds::question(db(), need_, q)->answer.value_or(""), "Svaret.");
  // Deleting the answering account keeps the answer (answered_by is set to NULL).
  db().exec("DELETE FROM users WHERE id = ?", {editor_});
  EXPECT_EQ(ds::question(db(), need_, q)->answer.value_or(""), "Svaret.");
}

TEST_P(DialogueStore, AnEditAddsAVersionAndKeepsEveryEarlierOne) {
  std::int64_t first = 0, second = 0;
  {
    db::Transaction tx(db());
    first = ds::add_entry(db(), need_, version("2026-11-03", "Første møte om arbeidstrening."), editor_, "Eier Eiersen",
                          "2026-11-03T15:00:00Z");
    second = ds::add_entry(db(), need_, version("2026-11-10", "Telefon om oppstart."), editor_, "Eier Eiersen",
                           "2026-11-10T15:00:00Z");
    tx.commit();
  }
  auto e = ds::entry(db(), need_, first);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->versions, 1);
  EXPECT_EQ(e->latest.reason, "");
  EXPECT_EQ(e->latest.edited_by_name, "Eier Eiersen");

  {
    db::Transaction tx(db());
    EXPECT_EQ(ds::edit_entry(db(), need_, first, version("2026-11-03", "Første møte; to plasser drøftet.", "Rettet antall"),
                             editor_, "Eier Eiersen", "2026-11-04T09:00:00Z"),
              2);
    EXPECT_EQ(ds::edit_entry(db(), need_, first, version("2026-11-02", "Første møte; to plasser drøftet.", "Feil dato"),
                             std::nullopt, "Koordinator Ko", "2026-11-05T09:00:00Z"),
              3);
    // Not an entry of this need.
    EXPECT_EQ(ds::edit_entry(db(), other_need_, first, version("2026-11-02", "x", "y"), editor_, "E",
                             "2026-11-05T09:00:00Z"),
              0);
    tx.commit();
  }
  auto h = ds::history(db(), need_, first);
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h[0].version, 3);
  EXPECT_EQ(h[0].held_on, "2026-11-02");
  EXPECT_EQ(h[0].reason, "Feil dato");
  EXPECT_EQ(h[0].edited_by_name, "Koordinator Ko");
  EXPECT_EQ(h[1].version, 2);
  EXPECT_EQ(h[1].reason, "Rettet antall");
  EXPECT_EQ(h[2].version, 1);
  EXPECT_EQ(h[2].summary, "Første møte om arbeidstrening.");
  EXPECT_EQ(h[2].edited_at, "2026-11-03T15:00:00Z");
  EXPECT_TRUE(ds::history(db(), other_need_, first).empty());

  // The list: latest version and version count, newest meeting first.
  auto page = ds::entries(db(), need_, 0, 50);
  EXPECT_EQ(page.total, 2);
  ASSERT_EQ(page.rows.size(), 2u);
  EXPECT_EQ(page.rows[0].latest.entry_id, second);
  EXPECT_EQ(page.rows[0].versions, 1);
  EXPECT_EQ(page.rows[1].latest.entry_id, first);
  EXPECT_EQ(page.rows[1].versions, 3);
  EXPECT_EQ(page.rows[1].latest.summary, "Første møte; to plasser drøftet.");
  EXPECT_EQ(page.rows[1].latest.held_on, "2026-11-02");
  EXPECT_EQ(page.rows[1].created_at, "2026-11-03T15:00:00Z");
  EXPECT_TRUE(ds::entries(db(), other_need_, 0, 50).rows.empty());
  auto beyond = ds::entries(db(), need_, 5, 5);
  EXPECT_TRUE(beyond.rows.empty());
  EXPECT_EQ(beyond.total, 2);
  EXPECT_EQ(ns::counts(db(), need_).dialogue, 2);
}

TEST_P(DialogueStore, TheLogRefusesDirectUpdatesAndDeletes) {
  auto id = ds::add_entry(db(), need_, version("2026-11-03", "Møte."), editor_, "Eier Eiersen", "2026-11-03T15:00:00Z");
  EXPECT_THROW(db().exec("UPDATE dialogue_versions SET summary = 'Stille endret' WHERE entry_id = ?", {id}), db::Error);
  EXPECT_THROW(db().exec("UPDATE dialogue_versions SET reason = 'x' WHERE entry_id = ?", {id}), db::Error);
  EXPECT_THROW(db().exec("DELETE FROM dialogue_versions WHERE entry_id = ?", {id}), db::Error);
  // Two writers cannot both add version 2.
  ds::edit_entry(db(), need_, id, version("2026-11-03", "Møte, v2", "Grunn"), editor_, "E", "2026-11-04T10:00:00Z");
  ds::Version dup = version("2026-11-03", "Møte, v2 igjen", "Grunn");
  EXPECT_THROW(db().exec("INSERT INTO dialogue_versions (entry_id, version, held_on, channel, participants, summary, "
                         "reason, edited_by_name, edited_at) VALUES (?, 2, ?, 'call', 'x', ?, 'r', 'E', ?)",
                         {id, dup.held_on, dup.summary, "2026-11-04T10:00:00Z"}),
               db::Error);
  auto h = ds::history(db(), need_, id);
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[1].summary, "Møte.");
  EXPECT_EQ(h[0].summary, "Møte, v2");
}

INSTANTIATE_TEST_SUITE_P(Engines, DialogueStore, samskap::testkit::engines(), samskap::testkit::engine_name);

}  // namespace
