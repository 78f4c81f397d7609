// Reference data from content/reference: every current municipality, old numbers resolving to
// new ones, and the lists the forms offer.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "directory/lists_store.hpp"
#include "directory/reference_store.hpp"
#include "directory/rules.hpp"
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

TEST(ListEntry, SlugsAreFoldedAsciiWithHyphens) {
  EXPECT_EQ(slug_for("Skole og oppvekst"), "skole-og-oppvekst");
  EXPECT_EQ(slug_for("  Førstelinje – Ærlig Å "), "forstelinje-aerlig-a");
  EXPECT_EQ(slug_for("Psykisk helse/rus (18+)"), "psykisk-helse-rus-18");
  EXPECT_EQ(slug_for("Café Sámi"), "cafe-sami");
  EXPECT_EQ(slug_for("–– !!"), "");
}

TEST(ListEntry, RefusesDuplicatesAndEmptyNames) {
  std::vector<Named> others{{"helse", "Helse", "Health", true}, {"eldreomsorg", "Eldreomsorg", "Care", false}};
  std::string nb = " helse ", en = "Health";
  auto e = check_list_entry(nb, en, others);
  EXPECT_TRUE(e.has("name_nb"));
  EXPECT_EQ(nb, "helse");
  nb = "ELDREOMSORG";  // a deactivated entry counts too
  EXPECT_TRUE(check_list_entry(nb, en, others).has("name_nb"));
  nb = "Frivillighet";
  en = "";
  e = check_list_entry(nb, en, others);
  EXPECT_FALSE(e.has("name_nb"));
  EXPECT_TRUE(e.has("name_en"));
  nb = "";
  en = "x";
  EXPECT_TRUE(check_list_entry(nb, en, others).has("name_nb"));
}

TEST_F(ReferenceTest, EditedListsReachOtherProcessesThroughTheGeneration) {
  ReferenceSource mine(*conn), theirs(*conn);
  ASSERT_TRUE(lists_store::add(*conn, lists_store::List::target_groups, "testgruppe", "Testgruppe", "Test group"));
  EXPECT_FALSE(lists_store::add(*conn, lists_store::List::target_groups, "testgruppe", "Igjen", "Again"));
  mine.changed(*conn);
  EXPECT_NE(mine.current(*conn)->find(mine.current(*conn)->target_groups, "testgruppe"), nullptr);
  EXPECT_NE(mine.generation(), theirs.generation());
  // The other source checks the stored generation at most once per interval.
  std::this_thread::sleep_for(ReferenceSource::kCheckInterval + std::chrono::milliseconds(50));
  auto seen = theirs.current(*conn);
  EXPECT_NE(seen->find(seen->target_groups, "testgruppe"), nullptr);
  EXPECT_EQ(mine.generation(), theirs.generation());
  // Deactivated: gone from the active list, still labelled.
  ASSERT_TRUE(lists_store::set_active(*conn, lists_store::List::target_groups, "testgruppe", false));
  mine.changed(*conn);
  auto now = mine.current(*conn);
  EXPECT_EQ(now->find(now->target_groups, "testgruppe"), nullptr);
  ASSERT_NE(now->find(now->all_target_groups, "testgruppe"), nullptr);
  EXPECT_FALSE(now->find(now->all_target_groups, "testgruppe")->active);
  // Moving the last entry up puts it before the one that was above it.
  auto before = lists_store::entries(*conn, lists_store::List::target_groups);
  ASSERT_GE(before.size(), 2u);
  ASSERT_TRUE(lists_store::move(*conn, lists_store::List::target_groups, before.back().slug, -1));
  auto after = lists_store::entries(*conn, lists_store::List::target_groups);
  EXPECT_EQ(after[after.size() - 2].slug, before.back().slug);
  EXPECT_FALSE(lists_store::move(*conn, lists_store::List::target_groups, after.front().slug, -1));
}

}  // namespace
}  // namespace samskap::directory

#include "platform/web/page_cache.hpp"

namespace samskap::web {
namespace {

std::shared_ptr<const PageCache::Entry> entry(const std::string& text) {
  return std::make_shared<const PageCache::Entry>(PageCache::Entry{render::Value("t"), render::Value(text)});
}

TEST(PageCache, DropsTheLeastRecentlyUsedAndExpires) {
  PageCache cache(2, std::chrono::milliseconds(200));
  cache.put("a", entry("A"));
  cache.put("b", entry("B"));
  ASSERT_NE(cache.get("a"), nullptr);  // a is now the most recent
  cache.put("c", entry("C"));          // so b goes
  EXPECT_EQ(cache.get("b"), nullptr);
  ASSERT_NE(cache.get("a"), nullptr);
  EXPECT_EQ(*cache.get("c")->content.as_string(), "C");
  EXPECT_EQ(cache.size(), 2u);
  std::this_thread::sleep_for(std::chrono::milliseconds(250));
  EXPECT_EQ(cache.get("a"), nullptr);
  EXPECT_EQ(cache.get("c"), nullptr);
  EXPECT_EQ(cache.size(), 0u);
}

}  // namespace
}  // namespace samskap::web
