// Reference data from content/reference: every current municipality, old numbers resolving to
// new ones, and the lists the forms offer.
#include <gtest/gtest.h>

#include <filesystem>

#include "directory/reference_store.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrate.hpp"

namespace samskap::directory {
namespace {

class ReferenceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    conn = db::connect(db::parse_url("sqlite::memory:")).release();
    std::filesystem::path source = SAMSKAP_SOURCE_DIR;
    db::migrate(*conn, source / "migrations");
    sync_reference(*conn, source / "content" / "reference");
    ref = load_reference(*conn);
  }
  static void TearDownTestSuite() {
    ref.reset();
    delete conn;
  }
  static db::Connection* conn;
  static std::shared_ptr<const Reference> ref;
};
db::Connection* ReferenceTest::conn = nullptr;
std::shared_ptr<const Reference> ReferenceTest::ref;

TEST_F(ReferenceTest, HasTheMunicipalitiesAndCountiesOf2024) {
  EXPECT_EQ(ref->municipalities.size(), 357u);
  EXPECT_EQ(ref->counties.size(), 15u);
  ASSERT_NE(ref->municipality("3907"), nullptr);
  EXPECT_EQ(ref->municipality("3907")->name, "Sandefjord");
  EXPECT_EQ(ref->municipality("3907")->county_number, "39");
}

TEST_F(ReferenceTest, OldNumbersResolveToTheCurrentOnes) {
  EXPECT_EQ(ref->current_number("3804"), "3907");  // Sandefjord, Vestfold og Telemark 2020–2023
  EXPECT_EQ(ref->current_number("3807"), "4003");  // Skien
  EXPECT_EQ(ref->current_number("1507"), "1508");  // Ålesund
  EXPECT_EQ(ref->current_number("3907"), "3907");
  EXPECT_EQ(ref->current_number("9999"), std::nullopt);
  EXPECT_EQ(ref->current_number(""), std::nullopt);
}

TEST_F(ReferenceTest, SortsMunicipalitiesInNorwegianOrder) {
  // Names starting with Æ, Ø or Å (and "Aa", which Norwegian sorts as Å) come after all others.
  std::size_t first_special = ref->municipalities.size();
  for (std::size_t i = 0; i < ref->municipalities.size(); ++i) {
    auto& n = ref->municipalities[i].name;
    if (n.rfind("Æ", 0) == 0 || n.rfind("Ø", 0) == 0 || n.rfind("Å", 0) == 0 || n.rfind("Aa", 0) == 0) {
      first_special = std::min(first_special, i);
    } else {
      EXPECT_LT(i, first_special) << n << " sorts after a name starting with Æ/Ø/Å";
    }
  }
  EXPECT_LT(first_special, ref->municipalities.size());
}

TEST_F(ReferenceTest, ListsForForms) {
  EXPECT_NE(ref->find(ref->service_areas, "arbeidsinkludering"), nullptr);
  EXPECT_NE(ref->find(ref->target_groups, "unge-utenfor-skole-og-arbeid"), nullptr);
  EXPECT_EQ(ref->sdgs.size(), 17u);
  EXPECT_NE(ref->find(ref->org_forms, "STI"), nullptr);
  // Syncing twice changes nothing.
  sync_reference(*conn, std::filesystem::path(SAMSKAP_SOURCE_DIR) / "content" / "reference");
  EXPECT_EQ(load_reference(*conn)->municipalities.size(), 357u);
}

}  // namespace
}  // namespace samskap::directory
