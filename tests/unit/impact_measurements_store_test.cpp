// One measurement of an impact plan in the store, on both engines: editing and deleting touch only
// the plan's own measurement; the evidence file is replaced, removed, and deleted with its
// measurement; and the download query repeats the access rule (members and coordinators only).
#include <gtest/gtest.h>

#include <filesystem>

#include "accounts/store.hpp"
#include "directory/model.hpp"
#include "directory/store.hpp"
#include "impact/plan_store.hpp"
#include "platform/search/text.hpp"
#include "support/engine_fixture.hpp"

namespace {

using namespace samskap;
using namespace samskap::impact;

const auto kSeed = std::filesystem::path(SAMSKAP_SOURCE_DIR) / "content" / "impact" / "indicators.toml";
constexpr const char* kNow = "2026-11-01T10:00:00Z";

class MeasurementStore : public testkit::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped()) return;
    store::sync_seed_indicators(db(), kSeed);
    org_ = organisation("Verkstedet AS");
    member_ = account("medlem@example.no");
    stranger_ = account("fremmed@example.no");
    directory::store::add_member(db(), org_, member_, "member", kNow);
    working_ = *db().scalar_int("SELECT id FROM impact_indicators WHERE seed_key = 'arbeid-lonnet'");
    started_ = *db().scalar_int("SELECT id FROM impact_indicators WHERE seed_key = 'arbeid-startet'");
    plan_ = plan("Plan");
    other_plan_ = plan("Annen plan");
  }
  std::int64_t organisation(const std::string& name) {
    directory::Organisation o;
    o.name = name;
    o.kind = "social_enterprise";
    o.status = "verified";
    o.created_at = o.updated_at = kNow;
    return directory::store::create(db(), o, search::index_text({name}), search::sort_key(name));
  }
  std::int64_t account(const std::string& email) {
    accounts::Account a;
    a.email = email;
    a.name = "Person";
    a.password_hash = "x";
    a.created_at = kNow;
    return accounts::store::create(db(), a);
  }
  std::int64_t plan(const std::string& title) {
    Plan p;
    p.organisation_id = org_;
    p.title = title;
    auto id = store::create_plan(db(), p, member_, kNow);
    store::save_indicators(db(), id, {working_, started_}, kNow);
    return id;
  }
  std::int64_t measure(std::int64_t plan, const std::string& value) {
    Measurement m;
    m.indicator_id = working_;
    m.measured_on = "2026-06-30";
    m.value = value;
    m.evidence = "Registeret";
    return store::add_measurement(db(), plan, m, member_, kNow);
  }
  static store::EvidenceFile file(const std::string& name, const std::string& bytes) {
    store::EvidenceFile f;
    f.filename = name;
    f.content_type = "application/pdf";
    f.data = bytes;
    f.size = static_cast<std::int64_t>(bytes.size());
    f.sha256 = "x";
    return f;
  }
  std::int64_t org_ = 0, member_ = 0, stranger_ = 0, working_ = 0, started_ = 0, plan_ = 0, other_plan_ = 0;
};

TEST_P(MeasurementStore, EditsOnlyThePlansOwnMeasurement) {
  auto id = measure(plan_, "25");
  auto m = *store::find_measurement(db(), plan_, id);
  EXPECT_EQ(m.value, "25");
  EXPECT_EQ(m.file_name, "");
  EXPECT_FALSE(store::find_measurement(db(), other_plan_, id));
  m.indicator_id = started_;
  m.value = "30.5";
  m.period_end = "2026-09-30";
  m.sample_size = 12;
  m.evidence = "Rettet";
  EXPECT_FALSE(store::update_measurement(db(), other_plan_, m, member_, "2026-11-02T10:00:00Z"));
  EXPECT_TRUE(store::update_measurement(db(), plan_, m, member_, "2026-11-02T10:00:00Z"));
  auto back = *store::find_measurement(db(), plan_, id);
  EXPECT_EQ(back.indicator_id, started_);
  EXPECT_EQ(back.value, "30.5");
  EXPECT_EQ(back.period_end, "2026-09-30");
  EXPECT_EQ(back.sample_size, 12);
  EXPECT_EQ(back.evidence, "Rettet");
  EXPECT_EQ(store::find_plan(db(), plan_)->updated_at.substr(0, 10), "2026-11-02");
  // Clearing the period end stores no period.
  back.period_end.clear();
  EXPECT_TRUE(store::update_measurement(db(), plan_, back, member_, kNow));
  EXPECT_EQ(store::find_measurement(db(), plan_, id)->period_end, "");
}

TEST_P(MeasurementStore, TheFileIsReplacedRemovedAndDeletedWithItsMeasurement) {
  auto id = measure(plan_, "25");
  const std::string bytes("%PDF-1.4\0\x01\xff binary", 20);
  store::set_evidence_file(db(), id, file("a.pdf", bytes), member_, kNow);
  auto listed = store::load_plan(db(), plan_)->measurements;
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].file_name, "a.pdf");
  EXPECT_EQ(listed[0].file_size, 20);
  auto f = store::evidence_file_for(db(), plan_, id, member_, false);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->data, bytes) << "binary bytes round-trip";
  store::set_evidence_file(db(), id, file("b.pdf", "%PDF-2"), member_, kNow);
  EXPECT_EQ(store::find_measurement(db(), plan_, id)->file_name, "b.pdf");
  EXPECT_EQ(*db().scalar_int("SELECT COUNT(*) FROM impact_measurement_files"), 1);
  store::remove_evidence_file(db(), id);
  EXPECT_FALSE(store::evidence_file_for(db(), plan_, id, member_, false));
  store::set_evidence_file(db(), id, file("c.pdf", "%PDF-3"), member_, kNow);
  EXPECT_FALSE(store::delete_measurement(db(), other_plan_, id, kNow));
  EXPECT_TRUE(store::find_measurement(db(), plan_, id));
  EXPECT_TRUE(store::delete_measurement(db(), plan_, id, kNow));
  EXPECT_FALSE(store::find_measurement(db(), plan_, id));
  EXPECT_EQ(*db().scalar_int("SELECT COUNT(*) FROM impact_measurement_files"), 0);
  // Dropping an indicator from the plan takes its measurements' files too.
  auto other = measure(plan_, "26");
  store::set_evidence_file(db(), other, file("d.pdf", "%PDF-4"), member_, kNow);
  store::save_indicators(db(), plan_, {started_}, kNow);
  EXPECT_EQ(*db().scalar_int("SELECT COUNT(*) FROM impact_measurement_files"), 0);
}

TEST_P(MeasurementStore, TheDownloadQueryRepeatsTheAccessRule) {
  auto id = measure(plan_, "25");
  store::set_evidence_file(db(), id, file("a.pdf", "%PDF-1"), member_, kNow);
  EXPECT_TRUE(store::evidence_file_for(db(), plan_, id, member_, false));
  EXPECT_TRUE(store::evidence_file_for(db(), plan_, id, stranger_, true)) << "a coordinator";
  EXPECT_FALSE(store::evidence_file_for(db(), plan_, id, stranger_, false)) << "not a member";
  EXPECT_FALSE(store::evidence_file_for(db(), other_plan_, id, member_, false)) << "another plan's number";
  EXPECT_FALSE(store::evidence_file_for(db(), other_plan_, id, stranger_, true));
}

INSTANTIATE_TEST_SUITE_P(Engines, MeasurementStore, samskap::testkit::engines(), samskap::testkit::engine_name);

}  // namespace
