// The grants store on both engines: rule sets keep their lists, calls list open ones first, an
// application's lists come back in order, and a submitted application is frozen — every save
// refuses and changes nothing, and it is submitted only once; its attachments are read only by
// those who may see it and neither added nor deleted once it is submitted.
#include <gtest/gtest.h>

#include <filesystem>

#include "accounts/store.hpp"
#include "directory/model.hpp"
#include "directory/reference_store.hpp"
#include "directory/store.hpp"
#include "grants/attachments_store.hpp"
#include "grants/review_store.hpp"
#include "grants/store.hpp"
#include "platform/search/text.hpp"
#include "support/engine_fixture.hpp"

namespace {

using namespace samskap;
using namespace samskap::grants;

class GrantsStore : public testkit::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped()) return;
    directory::sync_reference(db(), std::filesystem::path(SAMSKAP_SOURCE_DIR) / "content" / "reference");
    owner_ = organisation("Sandefjord kommune", "municipality");
    applicant_ = organisation("Gjenbruk AS", "social_enterprise");
    Scheme s;
    s.organisation_id = owner_;
    s.name = "Samarbeid med sosiale entreprenører";
    s.annual_pot = 100'000'000;
    s.created_at = s.updated_at = "2026-01-01T10:00:00Z";
    scheme_ = store::create_scheme(db(), s);
    RuleSet r;
    r.valid_from = "2026-01-01";
    r.max_months = 24;
    r.cooperation_agreement_required = true;
    r.min_cofinancing_percent = 20;
    r.eligibility = {{"utbytte", "declaration", {}, "Vedtektene forbyr utbytte"},
                     {"form", "org_form", {"AS", "STI"}, ""}};
    r.priorities = {{"resultater", "Dokumenterte resultater", 3}};
    r.required_attachments = {"Budsjett for hele driften"};
    rules_ = store::add_rule_set(db(), scheme_, r, "2026-01-01T10:00:00Z");
  }
  std::int64_t organisation(const std::string& name, const std::string& kind) {
    directory::Organisation o;
    o.name = name;
    o.kind = kind;
    o.status = "verified";
    o.created_at = o.updated_at = "2026-11-01T10:00:00Z";
    return directory::store::create(db(), o, search::index_text({name}), search::sort_key(name));
  }
  std::int64_t call(const std::string& title, const std::string& opens, const std::string& closes) {
    Call k;
    k.scheme_id = scheme_;
    k.title = title;
    k.opens_at = opens;
    k.closes_at = closes;
    k.created_at = k.updated_at = "2026-01-01T10:00:00Z";
    return store::create_call(db(), k);
  }
  std::int64_t owner_ = 0, applicant_ = 0, scheme_ = 0, rules_ = 0;
};

TEST_P(GrantsStore, RuleSetsKeepTheirLists) {
  auto sets = store::rule_sets_of(db(), scheme_);
  ASSERT_EQ(sets.size(), 1u);
  EXPECT_EQ(sets[0].id, rules_);
  EXPECT_EQ(sets[0].max_months, 24);
  EXPECT_TRUE(sets[0].cooperation_agreement_required);
  EXPECT_EQ(sets[0].min_cofinancing_percent, 20);
  ASSERT_EQ(sets[0].eligibility.size(), 2u);
  EXPECT_EQ(sets[0].eligibility[1].values, (std::vector<std::string>{"AS", "STI"}));
  EXPECT_EQ(sets[0].priorities[0].weight, 3);
  EXPECT_EQ(sets[0].required_attachments, std::vector<std::string>{"Budsjett for hele driften"});
}

TEST_P(GrantsStore, ListsOpenCallsFirst) {
  auto closed = call("I fjor", "2025-02-01T00:00:00Z", "2025-03-31T21:59:59Z");
  auto later = call("Neste år", "2027-02-01T00:00:00Z", "2027-03-31T21:59:59Z");
  auto open = call("I år", "2026-11-01T00:00:00Z", "2026-12-31T22:59:59Z");
  auto page = store::list_calls(db(), "2026-11-23T12:00:00Z", 0, 10);
  ASSERT_EQ(page.rows.size(), 3u);
  EXPECT_EQ(page.total, 3);
  EXPECT_EQ(page.rows[0].id, open);
  EXPECT_EQ(page.rows[1].id, later);
  EXPECT_EQ(page.rows[2].id, closed);
  EXPECT_EQ(page.rows[0].organisation_name, "Sandefjord kommune");
  // At the closing second it is still open; a second later it is closed.
  EXPECT_EQ(store::list_calls(db(), "2026-12-31T22:59:59Z", 0, 10).rows[0].id, open);
  EXPECT_EQ(store::list_calls(db(), "2026-12-31T23:00:00Z", 0, 10).rows[0].id, later);
}

TEST_P(GrantsStore, ASubmittedApplicationIsFrozen) {
  auto k = call("I år", "2026-11-01T00:00:00Z", "2026-12-31T22:59:59Z");
  Application a;
  a.call_id = k;
  a.rule_set_id = rules_;
  a.organisation_id = applicant_;
  a.created_at = a.updated_at = "2026-11-02T10:00:00Z";
  a.id = store::create_application(db(), a);
  a.title = "Gjenbruksverksted";
  a.description = "Unge reparerer møbler.";
  a.period_from = "2027-01";
  a.period_to = "2028-12";
  a.municipalities = {"3907"};
  ASSERT_TRUE(store::save_project(db(), a, "2026-11-03T10:00:00Z"));
  ASSERT_TRUE(store::save_results(db(), a.id, {{0, 1, "Flere i arbeid", "Andel i arbeid", "10 %", "35 %"}}, "2026-11-03T10:00:00Z"));
  ASSERT_TRUE(store::save_budget(db(), a.id, {{"Lønn", 2027, 30'000'000}, {"Lønn", 2028, 20'000'000}},
                                 {{"own", "Salg", 10'000'000}, {"scheme", "Kommunen", 40'000'000}}, "2026-11-03T10:00:00Z"));
  ASSERT_TRUE(store::save_conditions(db(), a.id, true, {{"utbytte", true, "Vedtektene § 3."}}, "2026-11-03T10:00:00Z"));

  auto back = store::find_application(db(), a.id);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->organisation_name, "Gjenbruk AS");
  EXPECT_EQ(back->municipalities, std::vector<std::string>{"3907"});
  ASSERT_EQ(back->results.size(), 1u);
  EXPECT_EQ(back->results[0].target, "35 %");
  ASSERT_EQ(back->budget.size(), 2u);
  EXPECT_EQ(back->budget[1].year, 2028);
  EXPECT_EQ(back->budget[1].amount, 20'000'000);
  ASSERT_EQ(back->financing.size(), 2u);
  EXPECT_EQ(back->financing[1].source, "scheme");
  EXPECT_TRUE(back->cooperation_agreement);
  ASSERT_EQ(back->declarations.size(), 1u);
  EXPECT_EQ(back->declarations[0].explanation, "Vedtektene § 3.");
  auto h = store::head(db(), a.id);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->owner_id, owner_);
  EXPECT_EQ(h->status, "draft");

  accounts::Account u;
  u.email = "soker@example.no";
  u.name = "Søker";
  u.password_hash = "x";
  u.created_at = "2026-11-01T10:00:00Z";
  auto user = accounts::store::create(db(), u);
  ASSERT_TRUE(store::submit(db(), a.id, user, "2026-11-04T10:00:00Z"));
  EXPECT_FALSE(store::submit(db(), a.id, user, "2026-11-05T10:00:00Z")) << "submitted once";

  // Frozen: every step refuses and nothing changes.
  auto changed = a;
  changed.title = "Endret";
  EXPECT_FALSE(store::save_project(db(), changed, "2026-11-05T10:00:00Z"));
  EXPECT_FALSE(store::save_results(db(), a.id, {}, "2026-11-05T10:00:00Z"));
  EXPECT_FALSE(store::save_budget(db(), a.id, {}, {}, "2026-11-05T10:00:00Z"));
  EXPECT_FALSE(store::save_conditions(db(), a.id, false, {}, "2026-11-05T10:00:00Z"));
  auto frozen = store::find_application(db(), a.id);
  EXPECT_EQ(frozen->status, "submitted");
  EXPECT_EQ(frozen->submitted_at, "2026-11-04T10:00:00Z");
  EXPECT_EQ(frozen->updated_at, "2026-11-04T10:00:00Z");
  EXPECT_EQ(frozen->title, "Gjenbruksverksted");
  EXPECT_EQ(frozen->results.size(), 1u);
  EXPECT_EQ(frozen->budget.size(), 2u);
  EXPECT_EQ(frozen->financing.size(), 2u);
  EXPECT_TRUE(frozen->cooperation_agreement);
  EXPECT_EQ(frozen->declarations.size(), 1u);

  std::int64_t total = 0;
  auto listed = store::submitted_for_call(db(), k, 0, 10, total);
  EXPECT_EQ(total, 1);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].requested, 40'000'000);
}

TEST_P(GrantsStore, FilesAreReadWithTheAccessCheckAndFrozenOnSubmission) {
  auto k = call("I år", "2026-11-01T00:00:00Z", "2026-12-31T22:59:59Z");
  Application a;
  a.call_id = k;
  a.rule_set_id = rules_;
  a.organisation_id = applicant_;
  a.created_at = a.updated_at = "2026-11-02T10:00:00Z";
  a.id = store::create_application(db(), a);
  auto user = [&](const std::string& email) {
    accounts::Account u;
    u.email = email;
    u.name = email;
    u.password_hash = "x";
    u.created_at = "2026-11-01T10:00:00Z";
    return accounts::store::create(db(), u);
  };
  const auto member = user("soker@example.no"), officer = user("saksbehandler@example.no"),
             stranger = user("annen@example.no"), reviewer = user("sakkyndig@example.no"),
             conflicted = user("inhabil@example.no");
  directory::store::add_member(db(), applicant_, member, "admin", "2026-11-01T10:00:00Z");
  directory::store::add_member(db(), owner_, officer, "member", "2026-11-01T10:00:00Z");
  directory::store::add_member(db(), owner_, conflicted, "member", "2026-11-01T10:00:00Z");

  store::File f;
  f.application_id = a.id;
  f.requirement = required_attachment_tag(0);
  f.filename = "budsjett.pdf";
  f.content_type = "application/pdf";
  f.data = std::string("%PDF-1.4\n\0binary\xff", 17);
  f.size = static_cast<std::int64_t>(f.data.size());
  f.sha256 = "x";
  f.created_at = "2026-11-03T10:00:00Z";
  auto id = store::add_file(db(), f, member);
  ASSERT_TRUE(id);
  auto other = store::add_file(db(), f, member);
  ASSERT_TRUE(other);
  EXPECT_EQ(store::requirements_of(db(), a.id), std::vector<std::string>{required_attachment_tag(0)});
  EXPECT_EQ(store::file_bytes(db(), a.id), 2 * f.size);

  const store::FileViewer as_member{member, false}, as_officer{officer, false}, as_coordinator{stranger, true},
      as_stranger{stranger, false}, as_nobody{0, true};
  auto read = store::file(db(), a.id, std::nullopt, *id, as_member);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->data, f.data) << "binary data comes back unchanged";
  EXPECT_EQ(store::files_of(db(), a.id, std::nullopt, as_member).size(), 2u);
  // A draft's files are the applicant's alone.
  for (auto& v : {as_officer, as_coordinator, as_stranger, as_nobody}) {
    EXPECT_FALSE(store::file(db(), a.id, std::nullopt, *id, v));
    EXPECT_TRUE(store::files_of(db(), a.id, std::nullopt, v).empty());
  }
  EXPECT_TRUE(store::delete_file(db(), a.id, std::nullopt, *other));
  EXPECT_FALSE(store::delete_file(db(), a.id + 1, std::nullopt, *id)) << "only through its own application";

  ASSERT_TRUE(store::submit(db(), a.id, member, "2026-11-04T10:00:00Z"));
  EXPECT_FALSE(store::add_file(db(), f, member)) << "no file is added once submitted";
  EXPECT_FALSE(store::delete_file(db(), a.id, std::nullopt, *id)) << "nor deleted";
  EXPECT_EQ(store::files_of(db(), a.id, std::nullopt, as_member).size(), 1u);
  EXPECT_EQ(store::find_application(db(), a.id)->updated_at, "2026-11-04T10:00:00Z");

  // Submitted: the owner's members, coordinators and impartial reviewers read it; nobody else.
  EXPECT_TRUE(store::file(db(), a.id, std::nullopt, *id, as_officer));
  EXPECT_TRUE(store::file(db(), a.id, std::nullopt, *id, as_coordinator));
  EXPECT_FALSE(store::file(db(), a.id, std::nullopt, *id, as_stranger));
  EXPECT_FALSE(store::file(db(), a.id, std::nullopt, *id, as_nobody));
  ASSERT_TRUE(store::assign_reviewer(db(), a.id, reviewer, officer, "2026-11-05T10:00:00Z"));
  EXPECT_FALSE(store::file(db(), a.id, std::nullopt, *id, {reviewer, false})) << "not before declaring impartiality";
  ASSERT_TRUE(store::declare(db(), a.id, reviewer, true, "", "2026-11-05T11:00:00Z"));
  EXPECT_TRUE(store::file(db(), a.id, std::nullopt, *id, {reviewer, false}));
  ASSERT_TRUE(store::assign_reviewer(db(), a.id, conflicted, officer, "2026-11-05T10:00:00Z"));
  ASSERT_TRUE(store::declare(db(), a.id, conflicted, false, "Styremedlem hos søkeren", "2026-11-05T11:00:00Z"));
  EXPECT_FALSE(store::file(db(), a.id, std::nullopt, *id, {conflicted, false})) << "a conflict shuts out an owner's member";
}

INSTANTIATE_TEST_SUITE_P(Engines, GrantsStore, samskap::testkit::engines(), samskap::testkit::engine_name);

}  // namespace
