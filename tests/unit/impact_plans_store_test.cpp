// The impact plans' store on both engines: the seed indicators come in once and edits survive a
// restart; programmes require only shared indicators; a plan keeps the baselines and measurements
// of indicators still chosen; Ferd's figures round-trip (a negative result too); the public query
// never returns a story about a person without consent; and the portfolio pages in one query.
#include <gtest/gtest.h>

#include <filesystem>

#include "accounts/store.hpp"
#include "directory/model.hpp"
#include "directory/store.hpp"
#include "impact/plan_rules.hpp"
#include "impact/plan_store.hpp"
#include "platform/search/text.hpp"
#include "support/engine_fixture.hpp"

namespace {

using namespace samskap;
using namespace samskap::impact;

const auto kSeed = std::filesystem::path(SAMSKAP_SOURCE_DIR) / "content" / "impact" / "indicators.toml";
constexpr const char* kNow = "2026-11-01T10:00:00Z";

class ImpactStore : public testkit::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped()) return;
    store::sync_seed_indicators(db(), kSeed);
    org_ = organisation("Verkstedet AS");
    other_ = organisation("Annen AS");
    accounts::Account a;
    a.email = "medlem@example.no";
    a.name = "Medlem";
    a.password_hash = "x";
    a.created_at = kNow;
    user_ = accounts::store::create(db(), a);
  }
  std::int64_t organisation(const std::string& name) {
    directory::Organisation o;
    o.name = name;
    o.kind = "social_enterprise";
    o.status = "verified";
    o.created_at = o.updated_at = kNow;
    return directory::store::create(db(), o, search::index_text({name}), search::sort_key(name));
  }
  std::int64_t seeded(const std::string& key) { return *db().scalar_int("SELECT id FROM impact_indicators WHERE seed_key = ?", {key}); }
  std::int64_t org_ = 0, other_ = 0, user_ = 0;
};

TEST_P(ImpactStore, SeedsComeInOnceAndEditsSurvive) {
  auto all = store::list_indicators(db(), "", 0, 50);
  EXPECT_EQ(all.total, 8);
  EXPECT_EQ(store::list_indicators(db(), "effekt", 0, 50).total, 3);
  auto page2 = store::list_indicators(db(), "", 5, 5);
  EXPECT_EQ(page2.rows.size(), 3u);
  EXPECT_EQ(page2.total, 8);
  auto i = *store::find_indicator(db(), seeded("arbeid-startet"));
  i.definition = "Endret av koordinator.";
  store::update_indicator(db(), i, kNow);
  store::sync_seed_indicators(db(), kSeed);
  EXPECT_EQ(store::list_indicators(db(), "", 0, 50).total, 8);
  EXPECT_EQ(store::find_indicator(db(), i.id)->definition, "Endret av koordinator.");
}

TEST_P(ImpactStore, ProgrammesRequireOnlySharedIndicators) {
  db().exec("INSERT INTO grant_schemes (organisation_id, name, created_at, updated_at) VALUES (?, ?, ?, ?)",
            {other_, "Ordningen", kNow, kNow});
  auto scheme = *db().scalar_int("SELECT id FROM grant_schemes WHERE name = 'Ordningen'");
  Indicator own;
  own.organisation_id = org_;
  own.name = "Timer";
  own.definition = "Timer i arbeid";
  own.level = "resultat";
  own.unit = "timer";
  own.direction = "up";
  auto own_id = store::create_indicator(db(), own, user_, kNow);
  store::set_required(db(), scheme, {seeded("arbeid-lonnet"), own_id, seeded("arbeid-12-mnd")});
  auto required = store::required_of(db(), scheme);
  ASSERT_EQ(required.size(), 2u);
  EXPECT_EQ(required[0].name, "Deltakere over i lønnet arbeid");  // outcomes before impacts
  EXPECT_EQ(required[1].name, "Fortsatt i arbeid etter 12 måneder");
  EXPECT_EQ(store::find_scheme(db(), scheme)->required, 2);
  // The organisation sees the shared ones and its own, another organisation only the shared.
  EXPECT_EQ(store::indicators_for(db(), org_).size(), 9u);
  EXPECT_EQ(store::indicators_for(db(), other_).size(), 8u);

  Plan p;
  p.organisation_id = org_;
  p.title = "Plan";
  p.scheme_id = scheme;
  auto plan = store::create_plan(db(), p, user_, kNow);
  auto contents = *store::load_plan(db(), plan);
  EXPECT_EQ(contents.plan.scheme_name, "Ordningen");
  EXPECT_EQ(contents.required.size(), 2u);
}

TEST_P(ImpactStore, APlanKeepsBaselinesAndMeasurementsOfIndicatorsStillChosen) {
  Plan p;
  p.organisation_id = org_;
  p.title = "Plan";
  p.project = "Verkstedet";
  auto plan = store::create_plan(db(), p, user_, kNow);
  auto working = seeded("arbeid-lonnet"), started = seeded("arbeid-startet");
  store::save_indicators(db(), plan, {working, started}, kNow);
  store::save_baseline(db(), plan, working, std::string("20"), std::string("2026-01-15"), std::string("40"), kNow);
  Measurement m;
  m.indicator_id = working;
  m.measured_on = "2026-07-01";
  m.period_end = "2026-12-31";
  m.value = "33.3";
  m.sample_size = 15;
  m.evidence = "Registeret";
  store::add_measurement(db(), plan, m, user_, kNow);
  m.measured_on = "2026-06-30";
  m.period_end.clear();
  m.value = "25";
  m.sample_size.reset();
  store::add_measurement(db(), plan, m, user_, kNow);
  m.indicator_id = started;
  store::add_measurement(db(), plan, m, user_, kNow);
  // Dropping one indicator drops its measurements, not the other's.
  store::save_indicators(db(), plan, {working}, kNow);
  auto c = *store::load_plan(db(), plan);
  ASSERT_EQ(c.indicators.size(), 1u);
  EXPECT_EQ(c.indicators[0].criterion.description, "Deltakere over i lønnet arbeid");
  EXPECT_EQ(c.indicators[0].criterion.baseline, "20");
  EXPECT_EQ(c.indicators[0].criterion.target, "40");
  EXPECT_EQ(c.indicators[0].baseline_date, "2026-01-15");
  ASSERT_EQ(c.measurements.size(), 2u);
  EXPECT_EQ(c.measurements[0].measured_on, "2026-06-30");  // in date order
  EXPECT_FALSE(c.measurements[0].sample_size.has_value());
  EXPECT_EQ(c.measurements[1].value, "33.3");
  EXPECT_EQ(c.measurements[1].period_end, "2026-12-31");
  EXPECT_EQ(c.measurements[1].sample_size, 15);
  EXPECT_EQ(c.plan.project, "Verkstedet");
  // Target groups are replaced as a whole, in order.
  store::save_groups(db(), plan, {{0, "Unge", 40, "Uten skole"}, {0, "Voksne", std::nullopt, ""}}, kNow);
  c = *store::load_plan(db(), plan);
  ASSERT_EQ(c.groups.size(), 2u);
  EXPECT_EQ(c.groups[1].name, "Voksne");
  EXPECT_FALSE(c.groups[1].size.has_value());
  EXPECT_EQ(c.groups[0].size, 40);
  // The members' list finds it; another user's does not.
  db().exec("INSERT INTO memberships (organisation_id, user_id, role, created_at) VALUES (?, ?, 'admin', ?)",
            {org_, user_, kNow});
  std::int64_t total = 0;
  EXPECT_EQ(store::plans_for(db(), user_, false, 0, 20, total).size(), 1u);
  EXPECT_EQ(total, 1);
  EXPECT_EQ(store::plans_for(db(), user_ + 1000, false, 0, 20, total).size(), 0u);
  EXPECT_EQ(store::plans_for(db(), user_ + 1000, true, 0, 20, total).size(), 1u);
}

TEST_P(ImpactStore, TheQueryForVisitorsNeverReturnsAStoryWithoutConsent) {
  FerdYear f;
  f.organisation_id = org_;
  f.year = 2025;
  f.high_contact = 27;
  f.low_contact = 160;
  f.success_criterion = "I arbeid";
  f.success_percent = 41;
  f.revenue = 1'410'000'000;
  f.result = -18'000'000;
  f.story = "Ola fikk jobb.";
  f.story_about_person = true;
  store::save_ferd(db(), f, user_, kNow);
  f.year = 2024;
  f.story = "Kari fikk jobb.";
  f.story_consent = true;
  store::save_ferd(db(), f, user_, kNow);
  FerdYear g = f;
  g.organisation_id = other_;
  g.year = 2025;
  g.story = "Kullet startet en leveransetjeneste.";
  g.story_about_person = false;
  g.story_consent = false;
  store::save_ferd(db(), g, user_, kNow);

  auto pub = store::public_ferd_years_of(db(), org_);
  ASSERT_EQ(pub.size(), 2u);
  EXPECT_EQ(pub[0].year, 2025);
  EXPECT_EQ(pub[0].story, "") << "no consent: the story stays in the database";
  EXPECT_EQ(pub[1].story, "Kari fikk jobb.");
  EXPECT_EQ(store::public_ferd_years_of(db(), other_)[0].story, "Kullet startet en leveransetjeneste.");
  auto own = store::ferd_years_of(db(), org_);
  EXPECT_EQ(own[0].story, "Ola fikk jobb.");
  EXPECT_FALSE(story_is_public(own[0]));
  EXPECT_EQ(own[0].result, -18'000'000);
  EXPECT_EQ(own[0].revenue, 1'410'000'000);
  EXPECT_EQ(own[0].success_percent, 41);

  // Saving the same year again updates it.
  f.organisation_id = org_;
  f.year = 2025;
  f.story = "Ola fikk jobb.";
  f.story_about_person = true;
  f.story_consent = true;
  store::save_ferd(db(), f, user_, kNow);
  EXPECT_EQ(store::public_ferd_years_of(db(), org_)[0].story, "Ola fikk jobb.");
  EXPECT_EQ(store::ferd_years_of(db(), org_).size(), 2u);

  std::int64_t total = 0;
  auto rows = store::portfolio(db(), 2025, 0, 1, total);
  EXPECT_EQ(total, 2);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].organisation_name, "Annen AS");  // Norwegian name order within the year
  EXPECT_EQ(store::portfolio(db(), 0, 0, 10, total).size(), 3u);
  EXPECT_EQ(total, 3);
}

INSTANTIATE_TEST_SUITE_P(Engines, ImpactStore, samskap::testkit::engines(), samskap::testkit::engine_name);

}  // namespace
