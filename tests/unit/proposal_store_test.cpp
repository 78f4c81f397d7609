// The proposal store on both engines: public reads carry no confidential column, full reads are
// refused in SQL to anyone but the proposer's and the owner's members and coordinators, one live
// proposal per organisation and need, status changes only from the expected status, and who
// hears of a decision.
#include <gtest/gtest.h>

#include "accounts/model.hpp"
#include "accounts/store.hpp"
#include "directory/model.hpp"
#include "directory/reference_store.hpp"
#include "directory/store.hpp"
#include "needs/model.hpp"
#include "needs/proposal_store.hpp"
#include "needs/store.hpp"
#include "platform/search/text.hpp"
#include "support/engine_fixture.hpp"

namespace {

using namespace samskap;
namespace ps = samskap::needs::proposal_store;
namespace ns = samskap::needs::store;

constexpr const char* kSecret = "HEMMELIG-MARKØR-7Q";

class ProposalStore : public testkit::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped()) return;
    directory::sync_reference(db(), std::filesystem::path(SAMSKAP_SOURCE_DIR) / "content" / "reference");
    owner_org_ = organisation("Sandefjord kommune", "municipality");
    proposer_org_ = organisation("Kjør for livet AS", "social_enterprise");
    rival_org_ = organisation("Konkurrenten SA", "social_enterprise");
    owner_ = user("eier@example.no", owner_org_, "member");
    proposer_ = user("forslag@example.no", proposer_org_, "member");
    proposer_admin_ = user("leder@example.no", proposer_org_, "admin");
    rival_ = user("rival@example.no", rival_org_, "admin");
    outsider_ = user("utenfor@example.no", 0, "");

    needs::Need n;
    n.organisation_id = owner_org_;
    n.title = "Unge utenfor arbeid";
    n.situation = "Mange unge står utenfor.";
    n.created_at = n.updated_at = "2026-11-02T10:00:00Z";
    n.criteria = {{0, 0, "Flere unge i arbeid", "Andel i arbeid", "20 %", "40 %"},
                  {0, 0, "Færre avbrudd", "", "", ""}};
    need_ = ns::create(db(), n, search::index_text({n.title}));
    ns::change_status(db(), need_, "draft", "published", "", "2026-11-03T10:00:00Z");
    auto full = ns::find(db(), need_);
    criteria_ = {full->criteria[0].id, full->criteria[1].id};
  }
  std::int64_t organisation(const std::string& name, const std::string& kind) {
    directory::Organisation o;
    o.name = name;
    o.kind = kind;
    o.status = "verified";
    o.created_at = o.updated_at = "2026-11-01T10:00:00Z";
    return directory::store::create(db(), o, search::index_text({name}), search::sort_key(name));
  }
  std::int64_t user(const std::string& email, std::int64_t org, const std::string& role) {
    accounts::Account a;
    a.email = email;
    a.name = email;
    a.password_hash = "x";
    a.created_at = "2026-11-01T10:00:00Z";
    a.verified_at = a.created_at;
    auto id = accounts::store::create(db(), a);
    if (org)
      db().exec("INSERT INTO memberships (organisation_id, user_id, role, created_at) VALUES (?, ?, ?, ?)",
                {org, id, role, a.created_at});
    return id;
  }
  ps::NewProposal proposal(std::int64_t org, std::int64_t author) {
    ps::NewProposal p;
    p.need_id = need_;
    p.organisation_id = org;
    p.summary = "Arbeidstrening i egen bilverksted";
    p.approach = std::string("Tilnærming ") + kSecret;
    p.timeline = std::string("Tidsplan ") + kSecret;
    p.financing = std::string("Finansiering ") + kSecret;
    p.confidential = std::string("Detaljer ") + kSecret;
    p.cost = 15'000'050;
    p.created_by = author;
    p.now = "2026-11-04T10:00:00Z";
    p.answers = {{criteria_[0], {std::string("Forventet ") + kSecret, std::string("Måling ") + kSecret}}};
    return p;
  }
  ps::Viewer as(std::int64_t user_id) const { return {user_id, false}; }

  std::int64_t owner_org_ = 0, proposer_org_ = 0, rival_org_ = 0;
  std::int64_t owner_ = 0, proposer_ = 0, proposer_admin_ = 0, rival_ = 0, outsider_ = 0;
  std::int64_t need_ = 0;
  std::vector<std::int64_t> criteria_;
};

TEST_P(ProposalStore, PublicReadsCarryOnlyPublicFields) {
  auto id = ps::create(db(), proposal(proposer_org_, proposer_));
  auto pub = ps::find_public(db(), id);
  ASSERT_TRUE(pub);
  EXPECT_EQ(pub->need_id, need_);
  EXPECT_EQ(pub->need_organisation_id, owner_org_);
  EXPECT_EQ(pub->organisation_id, proposer_org_);
  EXPECT_EQ(pub->organisation_name, "Kjør for livet AS");
  EXPECT_EQ(pub->summary, "Arbeidstrening i egen bilverksted");
  EXPECT_EQ(pub->status, "sent");
  EXPECT_EQ(pub->submitted_at, "2026-11-04T10:00:00Z");

  auto page = ps::list_public(db(), need_, 0, 10);
  ASSERT_EQ(page.total, 1);
  EXPECT_EQ(page.rows[0].id, id);
  auto mine = ps::list_mine(db(), proposer_, 0, 10);
  ASSERT_EQ(mine.total, 1);
  EXPECT_EQ(mine.rows[0].need_title, "Unge utenfor arbeid");
  EXPECT_EQ(ps::list_mine(db(), rival_, 0, 10).total, 0);
  // PublicProposal has no confidential member at all; the marker reaches none of its strings.
  for (auto* s : {&pub->summary, &pub->organisation_name, &pub->solution_title, &pub->status})
    EXPECT_EQ(s->find(kSecret), std::string::npos);
}

TEST_P(ProposalStore, FullReadsOnlyForProposerOwnerAndCoordinators) {
  auto id = ps::create(db(), proposal(proposer_org_, proposer_));
  for (auto who : {proposer_, proposer_admin_, owner_}) {
    auto full = ps::find_full(db(), id, as(who));
    ASSERT_TRUE(full) << who;
    EXPECT_NE(full->confidential.find(kSecret), std::string::npos);
    EXPECT_EQ(full->cost.value_or(0), 15'000'050);
    ASSERT_EQ(full->criteria.size(), 2u);
    EXPECT_EQ(full->criteria[0].description, "Flere unge i arbeid");
    EXPECT_NE(full->criteria[0].expected.find(kSecret), std::string::npos);
    EXPECT_EQ(full->criteria[1].expected, "");  // not answered
    EXPECT_TRUE(ps::may_see_confidential(db(), as(who), full->pub));
  }
  EXPECT_TRUE(ps::find_full(db(), id, ps::Viewer{outsider_, true}));
  auto pub = *ps::find_public(db(), id);
  for (auto who : {rival_, outsider_, std::int64_t{0}}) {
    EXPECT_FALSE(ps::find_full(db(), id, as(who))) << who;
    EXPECT_FALSE(ps::may_see_confidential(db(), as(who), pub)) << who;
  }
}

TEST_P(ProposalStore, ComparisonIsForTheOwnerAndCoordinatorsOnly) {
  auto a = ps::create(db(), proposal(proposer_org_, proposer_));
  auto b_in = proposal(rival_org_, rival_);
  b_in.now = "2026-11-05T10:00:00Z";
  b_in.cost.reset();
  b_in.answers = {{criteria_[1], {"Halvering", "Fraværsstatistikk"}}};
  auto b = ps::create(db(), b_in);

  auto rows = ps::compare(db(), need_, as(owner_));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].pub.id, a);
  EXPECT_EQ(rows[1].pub.id, b);
  ASSERT_EQ(rows[1].criteria.size(), 2u);
  EXPECT_EQ(rows[1].criteria[0].expected, "");
  EXPECT_EQ(rows[1].criteria[1].expected, "Halvering");
  EXPECT_EQ(rows[1].criteria[1].measurement, "Fraværsstatistikk");
  EXPECT_FALSE(rows[1].cost);
  EXPECT_EQ(ps::compare(db(), need_, ps::Viewer{outsider_, true}).size(), 2u);
  // A proposer is not the owner: competitors never see each other's details.
  EXPECT_TRUE(ps::compare(db(), need_, as(proposer_)).empty());
  EXPECT_TRUE(ps::compare(db(), need_, as(rival_)).empty());
  EXPECT_TRUE(ps::compare(db(), need_, as(0)).empty());

  // Withdrawn proposals leave the comparison and the public list.
  EXPECT_TRUE(ps::change_status(db(), b, "sent", "withdrawn", "", "2026-11-06T10:00:00Z"));
  EXPECT_EQ(ps::compare(db(), need_, as(owner_)).size(), 1u);
  EXPECT_EQ(ps::list_public(db(), need_, 0, 10).total, 1);
  EXPECT_EQ(ps::list_mine(db(), rival_, 0, 10).total, 1);  // the proposer still sees it
}

TEST_P(ProposalStore, OneLiveProposalPerOrganisationAndNeed) {
  auto first = ps::create(db(), proposal(proposer_org_, proposer_));
  EXPECT_EQ(ps::live_of(db(), need_, proposer_org_).value_or(0), first);
  EXPECT_THROW(ps::create(db(), proposal(proposer_org_, proposer_admin_)), db::UniqueViolation);
  ASSERT_TRUE(ps::change_status(db(), first, "sent", "withdrawn", "", "2026-11-05T10:00:00Z"));
  EXPECT_FALSE(ps::live_of(db(), need_, proposer_org_));
  auto second = ps::create(db(), proposal(proposer_org_, proposer_));
  EXPECT_NE(second, first);
  EXPECT_EQ(ps::live_of(db(), need_, proposer_org_).value_or(0), second);
}

TEST_P(ProposalStore, StatusChangesFromTheExpectedStatusAndKeepTheDecision) {
  auto id = ps::create(db(), proposal(proposer_org_, proposer_));
  EXPECT_TRUE(ps::change_status(db(), id, "sent", "under_review", "", "2026-11-05T10:00:00Z"));
  EXPECT_FALSE(ps::change_status(db(), id, "sent", "chosen", "Gratulerer", "2026-11-05T11:00:00Z"));
  EXPECT_TRUE(ps::change_status(db(), id, "under_review", "chosen", "Gratulerer", "2026-11-06T10:00:00Z"));
  auto full = ps::find_full(db(), id, as(proposer_));
  ASSERT_TRUE(full);
  EXPECT_EQ(full->pub.status, "chosen");
  EXPECT_EQ(full->decision_message, "Gratulerer");
  EXPECT_EQ(full->decided_at.value_or(""), "2026-11-06T10:00:00Z");
}

TEST_P(ProposalStore, DecisionGoesToTheProposersAdministratorsAndTheAuthor) {
  auto id = ps::create(db(), proposal(proposer_org_, proposer_));
  EXPECT_EQ(ps::decision_recipients(db(), id),
            (std::vector<std::string>{"forslag@example.no", "leder@example.no"}));
  auto by_admin = proposal(rival_org_, rival_);
  auto other = ps::create(db(), by_admin);
  EXPECT_EQ(ps::decision_recipients(db(), other), std::vector<std::string>{"rival@example.no"});
}

TEST_P(ProposalStore, OnlyPublishedSolutionsOfTheOrganisationAreOffered) {
  auto solution = [&](std::int64_t org, const std::string& title, const std::string& status) {
    return db().insert_id("INSERT INTO solutions (organisation_id, title, status, created_at, updated_at) "
                          "VALUES (?, ?, ?, ?, ?) RETURNING id",
                          {org, title, status, "2026-11-01T10:00:00Z", "2026-11-01T10:00:00Z"});
  };
  auto mine = solution(proposer_org_, "Verkstedtrening", "published");
  solution(proposer_org_, "Utkast", "draft");
  solution(rival_org_, "Andres", "published");
  auto offered = ps::published_solutions(db(), proposer_org_);
  ASSERT_EQ(offered.size(), 1u);
  EXPECT_EQ(offered[0].first, mine);
  auto in = proposal(proposer_org_, proposer_);
  in.solution_id = mine;
  auto id = ps::create(db(), in);
  auto pub = ps::find_public(db(), id);
  EXPECT_EQ(pub->solution_id.value_or(0), mine);
  EXPECT_EQ(pub->solution_title, "Verkstedtrening");
  db().exec("UPDATE solutions SET status = 'archived' WHERE id = ?", {mine});
  EXPECT_FALSE(ps::find_public(db(), id)->solution_id);
}

INSTANTIATE_TEST_SUITE_P(Engines, ProposalStore, samskap::testkit::engines(), samskap::testkit::engine_name);

}  // namespace
