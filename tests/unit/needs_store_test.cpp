// The needs store and its rules on both engines: statuses, criteria, tags, the list's filters,
// attachments, and the dialogue log's append-only versions.
#include <gtest/gtest.h>

#include "directory/model.hpp"
#include "directory/reference_store.hpp"
#include "directory/store.hpp"
#include "needs/model.hpp"
#include "needs/store.hpp"
#include "platform/search/text.hpp"
#include "support/engine_fixture.hpp"

namespace {

using namespace samskap;
namespace ns = samskap::needs::store;

TEST(NeedRules, StatusesMoveForwardOnly) {
  using needs::need_transition_allowed;
  EXPECT_TRUE(need_transition_allowed("draft", "published"));
  EXPECT_TRUE(need_transition_allowed("published", "in_dialogue"));
  EXPECT_TRUE(need_transition_allowed("published", "closed"));
  EXPECT_TRUE(need_transition_allowed("in_dialogue", "solved"));
  EXPECT_FALSE(need_transition_allowed("draft", "solved"));
  EXPECT_FALSE(need_transition_allowed("published", "draft"));
  EXPECT_FALSE(need_transition_allowed("in_dialogue", "published"));
  EXPECT_FALSE(need_transition_allowed("solved", "closed"));
  EXPECT_FALSE(need_transition_allowed("closed", "published"));
  EXPECT_FALSE(need_transition_allowed("published", "nonsense"));
  EXPECT_TRUE(needs::need_status_is_final("solved"));
  EXPECT_FALSE(needs::need_accepts_proposals("draft"));
  EXPECT_TRUE(needs::need_accepts_proposals("in_dialogue"));
}

TEST(NeedRules, ProposalsAreDecidedByTheOwnerAndWithdrawnByTheProposer) {
  using needs::proposal_transition_allowed;
  EXPECT_TRUE(proposal_transition_allowed("sent", "under_review", true));
  EXPECT_TRUE(proposal_transition_allowed("under_review", "chosen", true));
  EXPECT_TRUE(proposal_transition_allowed("sent", "not_chosen", true));
  EXPECT_FALSE(proposal_transition_allowed("sent", "withdrawn", true));
  EXPECT_FALSE(proposal_transition_allowed("chosen", "not_chosen", true));
  EXPECT_TRUE(proposal_transition_allowed("under_review", "withdrawn", false));
  EXPECT_FALSE(proposal_transition_allowed("chosen", "withdrawn", false));
  EXPECT_FALSE(proposal_transition_allowed("sent", "chosen", false));
}

class NeedsStore : public testkit::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped()) return;
    directory::sync_reference(db(), std::filesystem::path(SAMSKAP_SOURCE_DIR) / "content" / "reference");
    owner_ = organisation("Sandefjord kommune", "municipality");
  }
  std::int64_t organisation(const std::string& name, const std::string& kind) {
    directory::Organisation o;
    o.name = name;
    o.kind = kind;
    o.status = "verified";
    o.created_at = o.updated_at = "2026-11-01T10:00:00Z";
    return directory::store::create(db(), o, search::index_text({name}), search::sort_key(name));
  }
  needs::Need need(const std::string& title, const std::string& situation) const {
    needs::Need n;
    n.organisation_id = owner_;
    n.title = title;
    n.situation = situation;
    n.created_at = n.updated_at = "2026-11-02T10:00:00Z";
    n.criteria = {{0, 0, "Flere unge i arbeid eller utdanning", "Andel i arbeid etter 12 mnd", "20 %", "40 %"},
                  {0, 0, "Færre avbrudd", "", "", ""}};
    n.service_areas = {"arbeidsinkludering"};
    n.municipalities = {"3907"};
    return n;
  }
  std::int64_t create(const needs::Need& n) {
    return ns::create(db(), n, search::index_text({n.title, n.situation}));
  }
  std::int64_t owner_ = 0;
};

TEST_P(NeedsStore, KeepsCriteriaInOrderAndTags) {
  auto id = create(need("Unge utenfor arbeid", "Mange unge står utenfor skole og arbeid."));
  auto n = ns::find(db(), id);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->organisation_name, "Sandefjord kommune");
  EXPECT_EQ(n->status, "draft");
  ASSERT_EQ(n->criteria.size(), 2u);
  EXPECT_EQ(n->criteria[0].description, "Flere unge i arbeid eller utdanning");
  EXPECT_EQ(n->criteria[0].position, 1);
  EXPECT_EQ(n->criteria[0].target, "40 %");
  EXPECT_EQ(n->criteria[1].position, 2);
  EXPECT_EQ(n->service_areas, std::vector<std::string>{"arbeidsinkludering"});
  EXPECT_EQ(n->municipalities, std::vector<std::string>{"3907"});

  // Once published the criteria stay as they are unless the caller replaces them.
  n->title = "Unge utenfor skole og arbeid";
  n->criteria.clear();
  ns::update(db(), *n, search::index_text({n->title}), false);
  auto again = ns::find(db(), id);
  EXPECT_EQ(again->title, "Unge utenfor skole og arbeid");
  EXPECT_EQ(again->criteria.size(), 2u);
}

TEST_P(NeedsStore, ChangesStatusOnlyFromTheExpectedOneAndRecordsEvents) {
  auto id = create(need("Pårørende til personer med demens", "Pårørende blir slitne."));
  EXPECT_TRUE(ns::change_status(db(), id, "draft", "published", "", "2026-11-03T10:00:00Z"));
  EXPECT_FALSE(ns::change_status(db(), id, "draft", "published", "", "2026-11-03T11:00:00Z"));
  EXPECT_TRUE(ns::change_status(db(), id, "published", "closed", "Ingen passende tilbud.", "2026-11-04T10:00:00Z"));
  auto n = ns::find(db(), id);
  EXPECT_EQ(n->status, "closed");
  EXPECT_EQ(n->published_at.value_or(""), "2026-11-03T10:00:00Z");
  EXPECT_EQ(n->closed_at.value_or(""), "2026-11-04T10:00:00Z");
  EXPECT_EQ(n->closing_note, "Ingen passende tilbud.");
  std::vector<std::string> events;
  db().each("SELECT kind, detail FROM need_events WHERE need_id = ? ORDER BY id", {id},
            [&](const db::Row& r) { events.push_back(r.str(0) + ":" + r.str(1)); });
  EXPECT_EQ(events, (std::vector<std::string>{"published:published", "status:closed"}));
  EXPECT_FALSE(ns::delete_draft(db(), id));
}

TEST_P(NeedsStore, ListsPublicNeedsWithFiltersAndStemmedSearch) {
  auto a = create(need("Arbeid for unge", "Unge entreprenører og arbeidstrening."));
  auto b = create(need("Ensomhet på sykehjem", "Beboere på sykehjemmene er ensomme."));
  auto draft = create(need("Et utkast", "Ikke ferdig."));
  ns::change_status(db(), a, "draft", "published", "", "2026-11-03T10:00:00Z");
  ns::change_status(db(), b, "draft", "published", "", "2026-11-04T10:00:00Z");
  db().exec("UPDATE needs SET value_min = 100000000, value_max = 300000000 WHERE id = ?", {b});

  needs::NeedFilter all;
  auto page = ns::list(db(), all, 0, 10);
  ASSERT_EQ(page.total, 2);
  EXPECT_EQ(page.rows[0].id, b);  // newest first
  EXPECT_EQ(page.rows[1].id, a);

  needs::NeedFilter q;
  q.q = "entreprenør";
  page = ns::list(db(), q, 0, 10);
  ASSERT_EQ(page.rows.size(), 1u);
  EXPECT_EQ(page.rows[0].id, a);
  q.q = "sykehjemmet";
  page = ns::list(db(), q, 0, 10);
  ASSERT_EQ(page.rows.size(), 1u);
  EXPECT_EQ(page.rows[0].id, b);

  needs::NeedFilter county;
  county.county = "39";
  EXPECT_EQ(ns::list(db(), county, 0, 10).total, 2);
  county.county = "03";
  EXPECT_EQ(ns::list(db(), county, 0, 10).total, 0);

  needs::NeedFilter value;
  value.value_at_least = 200000000;
  page = ns::list(db(), value, 0, 10);
  ASSERT_EQ(page.rows.size(), 1u);
  EXPECT_EQ(page.rows[0].id, b);

  needs::NeedFilter own;
  own.organisation_id = owner_;
  own.include_drafts = true;
  page = ns::list(db(), own, 0, 10, true);
  EXPECT_EQ(page.total, 3);
  bool saw_draft = false;
  for (auto& r : page.rows) saw_draft |= r.id == draft;
  EXPECT_TRUE(saw_draft);

  // Past the end: no rows, but the total is still known.
  page = ns::list(db(), all, 10, 10);
  EXPECT_TRUE(page.rows.empty());
  EXPECT_EQ(page.total, 2);
}

TEST_P(NeedsStore, KeepsAttachmentsBytesExact) {
  auto id = create(need("Vedlegg", "Med vedlegg."));
  ns::Attachment a;
  a.need_id = id;
  a.filename = "beskrivelse.pdf";
  a.content_type = "application/pdf";
  a.data = std::string("%PDF-1.4\0\xff\x01 binary", 18);
  a.size = static_cast<std::int64_t>(a.data.size());
  a.sha256 = "x";
  a.created_at = "2026-11-02T10:00:00Z";
  auto aid = ns::add_attachment(db(), a, std::nullopt);
  auto back = ns::attachment(db(), id, aid);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->data, a.data);
  EXPECT_EQ(ns::attachments_of(db(), id).size(), 1u);
  EXPECT_EQ(ns::attachment_bytes(db(), id), 18);
  EXPECT_FALSE(ns::attachment(db(), id + 1, aid));
  EXPECT_TRUE(ns::delete_attachment(db(), id, aid));
}

TEST_P(NeedsStore, DialogueVersionsCannotBeChangedOrDeleted) {
  auto id = create(need("Dialog", "Med dialog."));
  auto entry = db().insert_id("INSERT INTO dialogue_entries (need_id, created_at) VALUES (?, ?) RETURNING id",
                              {id, "2026-11-05T10:00:00Z"});
  db().exec("INSERT INTO dialogue_versions (entry_id, version, held_on, channel, participants, summary, edited_by_name, "
            "edited_at) VALUES (?, 1, '2026-11-05', 'meeting', 'Kjør for livet', 'Første møte', 'Kari', ?)",
            {entry, "2026-11-05T10:00:00Z"});
  EXPECT_THROW(db().exec("UPDATE dialogue_versions SET summary = 'endret' WHERE entry_id = ?", {entry}), db::Error);
  EXPECT_THROW(db().exec("DELETE FROM dialogue_versions WHERE entry_id = ?", {entry}), db::Error);
  EXPECT_EQ(db().scalar_text("SELECT summary FROM dialogue_versions WHERE entry_id = ?", {entry}).value_or(""),
            "Første møte");
}

INSTANTIATE_TEST_SUITE_P(Engines, NeedsStore, samskap::testkit::engines(), samskap::testkit::engine_name);

}  // namespace
