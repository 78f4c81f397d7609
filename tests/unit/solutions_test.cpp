// Solutions and matching on both engines: the solution store (tags, references, statuses, the
// list's filters and stemmed search), the form's rules, and a labelled set of needs, solutions
// and social enterprises written from the regions' situations, where each need's intended
// solution and enterprise must come first, and each enterprise's intended need likewise.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "directory/model.hpp"
#include "directory/reference_store.hpp"
#include "directory/rules.hpp"
#include "directory/store.hpp"
#include "needs/matching.hpp"
#include "needs/model.hpp"
#include "needs/solution_store.hpp"
#include "needs/solutions.hpp"
#include "needs/store.hpp"
#include "platform/search/text.hpp"
#include "support/engine_fixture.hpp"

namespace {

using namespace samskap;
namespace ss = samskap::needs::solution_store;
namespace ns = samskap::needs::store;
namespace nm = samskap::needs::matching;

TEST(Matching, InformativeTermsSkipStopWordsAndWeighTitles) {
  auto terms = nm::informative_terms({"Unge utenfor arbeid"},
                                     {"Det er mange unge som står utenfor arbeid og skole i kommunen, og de trenger "
                                      "arbeidstrening. Arbeidstrening gir erfaring."});
  ASSERT_FALSE(terms.empty());
  std::vector<std::string> words;
  for (auto& [stem, word] : terms) words.push_back(word);
  // Title words first (weight 3 plus their repeats), then the body's repeated word.
  ASSERT_GE(words.size(), 4u);
  std::vector<std::string> top(words.begin(), words.begin() + 3);
  std::sort(top.begin(), top.end());
  EXPECT_EQ(top, (std::vector<std::string>{"arbeid", "unge", "utenfor"}));
  EXPECT_EQ(words[3], "arbeidstrening");
  EXPECT_NE(std::find(words.begin(), words.end(), "arbeidstrening"), words.end());
  for (auto stop : {"det", "er", "som", "og", "i", "de", "mange", "trenger"})
    EXPECT_EQ(std::find(words.begin(), words.end(), stop), words.end()) << stop;
  // Each stem once, with the word as first written.
  EXPECT_EQ(std::count(words.begin(), words.end(), "arbeidstrening"), 1);
  auto few = nm::informative_terms({"a b c"}, {"alfa beta gamma delta"}, 2);
  EXPECT_EQ(few.size(), 2u);
  // Words left out on request (the asking side's own place names, which are scored as places).
  auto placeless = nm::informative_terms({"Unge i Sandefjord"}, {}, 16, {"sandefjord"});
  ASSERT_EQ(placeless.size(), 1u);
  EXPECT_EQ(placeless[0].second, "unge");
}

class Solutions : public testkit::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped()) return;
    directory::sync_reference(db(), std::filesystem::path(SAMSKAP_SOURCE_DIR) / "content" / "reference");
    ref_ = directory::load_reference(db());
  }

  std::int64_t organisation(const std::string& name, const std::string& kind, const std::string& home,
                            const std::string& description = "", std::vector<std::string> areas = {},
                            std::vector<std::string> groups = {}, std::vector<std::string> served = {},
                            const std::string& status = "verified") {
    directory::Organisation o;
    o.name = name;
    o.kind = kind;
    o.status = status;
    o.municipality_number = home;
    o.short_description = description;
    o.service_areas = std::move(areas);
    o.target_groups = std::move(groups);
    o.municipalities = std::move(served);
    if (std::find(o.municipalities.begin(), o.municipalities.end(), home) == o.municipalities.end())
      o.municipalities.push_back(home);
    o.created_at = o.updated_at = "2026-11-01T10:00:00Z";
    return directory::store::create(db(), o, directory::search_text_for(o, *ref_), search::sort_key(name));
  }

  std::int64_t solution(std::int64_t org, const std::string& title, const std::string& summary,
                        const std::string& description, std::vector<std::string> areas,
                        std::vector<std::string> groups, std::vector<std::string> places, bool nationwide = false,
                        const std::string& status = "published") {
    ss::Solution s;
    s.organisation_id = org;
    s.title = title;
    s.summary = summary;
    s.description = description;
    s.service_areas = std::move(areas);
    s.target_groups = std::move(groups);
    s.municipalities = std::move(places);
    s.nationwide = nationwide;
    s.status = status;
    if (status != "draft") s.published_at = "2026-11-0" + std::to_string(1 + (++count_ % 9)) + "T10:00:00Z";
    s.created_at = s.updated_at = "2026-11-01T10:00:00Z";
    return ss::create(db(), s, needs::solution_search_text(s, *ref_));
  }

  std::int64_t need(std::int64_t org, const std::string& title, const std::string& situation,
                    std::vector<std::string> areas, std::vector<std::string> groups, std::vector<std::string> places,
                    const std::string& status = "published") {
    needs::Need n;
    n.organisation_id = org;
    n.title = title;
    n.situation = situation;
    n.service_areas = std::move(areas);
    n.target_groups = std::move(groups);
    n.municipalities = std::move(places);
    n.status = status;
    if (status != "draft") n.published_at = "2026-11-02T10:00:00Z";
    n.created_at = n.updated_at = "2026-11-02T10:00:00Z";
    std::vector<std::string> fields{n.title, n.situation};
    for (auto& a : n.service_areas)
      if (auto x = ref_->find(ref_->service_areas, a)) fields.push_back(x->name_nb);
    for (auto& g : n.target_groups)
      if (auto x = ref_->find(ref_->target_groups, g)) fields.push_back(x->name_nb);
    return ns::create(db(), n, search::index_text(fields));
  }

  std::vector<std::int64_t> ids(const ss::Page& p) {
    std::vector<std::int64_t> out;
    for (auto& r : p.rows) out.push_back(r.id);
    return out;
  }

  std::shared_ptr<const directory::Reference> ref_;
  int count_ = 0;
};

TEST_P(Solutions, KeepsTagsReferencesAndStatus) {
  auto owner = organisation("Verkstedet Ung AS", "social_enterprise", "3907");
  auto user1 = organisation("Tønsberg kommune", "municipality", "3905");
  auto user2 = organisation("Andebu idrettslag", "volunteer_organisation", "3907");
  ss::Solution s;
  s.organisation_id = owner;
  s.title = "Verkstedløftet";
  s.summary = "Arbeidstrening for unge.";
  s.description = "**Tett** oppfølging.";
  s.audience = "Unge 16–25 år";
  s.evidence = "60 % i jobb eller skole etter ett år.";
  s.price_model = "Pris per deltaker per måned";
  s.service_areas = {"arbeidsinkludering"};
  s.target_groups = {"unge-utenfor-skole-og-arbeid", "langtidsledige"};
  s.municipalities = {"3907", "3905"};
  s.references = {{user2, "", "Bruker verkstedet til sommerjobb"}, {user1, "", "Kjøper 10 plasser i året"}};
  s.created_at = s.updated_at = "2026-11-03T10:00:00Z";
  auto id = ss::create(db(), s, needs::solution_search_text(s, *ref_));
  auto got = ss::find(db(), id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->organisation_name, "Verkstedet Ung AS");
  EXPECT_EQ(got->status, "draft");
  EXPECT_FALSE(got->published_at);
  EXPECT_EQ(got->audience, "Unge 16–25 år");
  EXPECT_EQ(got->price_model, "Pris per deltaker per måned");
  EXPECT_EQ(got->service_areas, std::vector<std::string>{"arbeidsinkludering"});
  EXPECT_EQ(got->target_groups, (std::vector<std::string>{"langtidsledige", "unge-utenfor-skole-og-arbeid"}));
  EXPECT_EQ(got->municipalities, (std::vector<std::string>{"3905", "3907"}));
  // References in Norwegian name order, with their notes.
  ASSERT_EQ(got->references.size(), 2u);
  EXPECT_EQ(got->references[0].organisation_name, "Andebu idrettslag");
  EXPECT_EQ(got->references[0].note, "Bruker verkstedet til sommerjobb");
  EXPECT_EQ(got->references[1].organisation_name, "Tønsberg kommune");

  // Publishing sets published_at once; a stale status is refused.
  EXPECT_TRUE(ss::change_status(db(), id, "draft", "published", "2026-11-04T10:00:00Z"));
  EXPECT_FALSE(ss::change_status(db(), id, "draft", "published", "2026-11-04T11:00:00Z"));
  EXPECT_TRUE(ss::change_status(db(), id, "published", "archived", "2026-11-05T10:00:00Z"));
  EXPECT_TRUE(ss::change_status(db(), id, "archived", "published", "2026-11-06T10:00:00Z"));
  auto head = ss::head(db(), id);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, "published");
  EXPECT_EQ(ss::find(db(), id)->published_at.value_or(""), "2026-11-04T10:00:00Z");

  // An update replaces fields, tags and references.
  got->title = "Verkstedløftet Vestfold";
  got->nationwide = true;
  got->municipalities.clear();
  got->target_groups = {"unge-utenfor-skole-og-arbeid"};
  got->references = {{user1, "", ""}};
  got->updated_at = "2026-11-07T10:00:00Z";
  ss::update(db(), *got, needs::solution_search_text(*got, *ref_));
  auto again = ss::find(db(), id);
  EXPECT_EQ(again->title, "Verkstedløftet Vestfold");
  EXPECT_TRUE(again->nationwide);
  EXPECT_TRUE(again->municipalities.empty());
  EXPECT_EQ(again->target_groups, std::vector<std::string>{"unge-utenfor-skole-og-arbeid"});
  ASSERT_EQ(again->references.size(), 1u);
  EXPECT_EQ(again->references[0].organisation_id, user1);
  EXPECT_FALSE(ss::find(db(), id + 1000));
}

TEST_P(Solutions, ListsPublishedSolutionsWithFiltersAndStemmedSearch) {
  auto a = organisation("Verkstedet Ung AS", "social_enterprise", "3907");
  auto b = organisation("Minnehagen SA", "social_enterprise", "5001");
  auto s1 = solution(a, "Verkstedløftet", "Arbeidstreningen foregår i et snekkerverksted.", "", {"arbeidsinkludering"},
                     {"unge-utenfor-skole-og-arbeid"}, {"3907"});
  auto s2 = solution(b, "Gårdsdag", "Dagtilbud på gård for personer med demens.", "", {"eldreomsorg"},
                     {"personer-med-demens"}, {"5001"});
  auto s3 = solution(b, "Pårørendeskolen på nett", "Kurs for pårørende i hele landet.", "", {"eldreomsorg", "helse"},
                     {"parorende"}, {}, true);
  auto draft = solution(a, "Verkstedløftet 2", "Arbeidstrening i nytt verksted.", "", {"arbeidsinkludering"}, {},
                        {"3907"}, false, "draft");
  auto archived = solution(a, "Gammelt verksted", "Arbeidstrening som er avsluttet.", "", {"arbeidsinkludering"}, {},
                           {"3907"}, false, "archived");

  auto all = ss::list(db(), {}, 0, 50);
  EXPECT_EQ(all.total, 3);
  EXPECT_EQ(all.rows.size(), 3u);
  for (auto& r : all.rows) EXPECT_EQ(r.status, "published");

  ss::Filter f;
  f.service_area = "eldreomsorg";
  EXPECT_EQ(ss::list(db(), f, 0, 50).total, 2);
  f = {};
  f.target_group = "parorende";
  EXPECT_EQ(ids(ss::list(db(), f, 0, 50)), std::vector<std::int64_t>{s3});
  // A nationwide solution is available in every municipality and county.
  f = {};
  f.municipality = "3907";
  auto in_sandefjord = ids(ss::list(db(), f, 0, 50));
  std::sort(in_sandefjord.begin(), in_sandefjord.end());
  EXPECT_EQ(in_sandefjord, (std::vector<std::int64_t>{s1, s3}));
  f = {};
  f.county = "50";
  auto in_trondelag = ids(ss::list(db(), f, 0, 50));
  std::sort(in_trondelag.begin(), in_trondelag.end());
  EXPECT_EQ(in_trondelag, (std::vector<std::int64_t>{s2, s3}));
  f = {};
  f.county = "46";
  EXPECT_EQ(ids(ss::list(db(), f, 0, 50)), std::vector<std::int64_t>{s3});
  // Stemmed search: "arbeidstrening" finds "Arbeidstreningen"; a prefix works too.
  f = {};
  f.q = "arbeidstrening ";
  EXPECT_EQ(ids(ss::list(db(), f, 0, 50)), std::vector<std::int64_t>{s1});
  f.q = "pårørend";
  EXPECT_EQ(ids(ss::list(db(), f, 0, 50)), std::vector<std::int64_t>{s3});
  f.q = "demens";
  f.county = "50";
  EXPECT_EQ(ids(ss::list(db(), f, 0, 50)), std::vector<std::int64_t>{s2});
  // One organisation's own list: drafts and archived ones only when asked for.
  f = {};
  f.organisation_id = a;
  EXPECT_EQ(ids(ss::list(db(), f, 0, 50)), std::vector<std::int64_t>{s1});
  f.include_unpublished = true;
  auto own = ids(ss::list(db(), f, 0, 50));
  std::sort(own.begin(), own.end());
  EXPECT_EQ(own, (std::vector<std::int64_t>{s1, draft, archived}));
  // Pages: the total comes with every page, also past the last one.
  auto first = ss::list(db(), {}, 0, 2);
  EXPECT_EQ(first.rows.size(), 2u);
  EXPECT_EQ(first.total, 3);
  auto second = ss::list(db(), {}, 2, 2);
  EXPECT_EQ(second.rows.size(), 1u);
  EXPECT_EQ(second.total, 3);
  auto beyond = ss::list(db(), {}, 10, 2);
  EXPECT_TRUE(beyond.rows.empty());
  EXPECT_EQ(beyond.total, 3);
}

TEST_P(Solutions, FindsVerifiedOrganisationsForReferences) {
  auto verified = organisation("Sandefjord kommune", "municipality", "3907");
  organisation("Sandefjord sykkelklubb", "volunteer_organisation", "3907", "", {}, {}, {}, "unverified");
  auto found = ss::verified_organisations(db(), "sandefj", 20);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].first, verified);
  EXPECT_TRUE(ss::verified_organisations(db(), "", 20).empty());
  auto names = ss::organisation_names(db(), {verified, 987654});
  ASSERT_EQ(names.size(), 1u);
  EXPECT_EQ(names[0].second, "Sandefjord kommune");
}

TEST_P(Solutions, ChecksTheFormAndExplainsWhatIsWrong) {
  ss::Solution s;
  s.title = "   ";
  s.summary = std::string(301, 'x');
  s.service_areas = {"finnes-ikke"};
  s.municipalities = {"9999"};
  s.references = {{42, "", "note"}};
  auto e = needs::check_solution(s, *ref_);
  EXPECT_TRUE(e.has("title"));
  EXPECT_TRUE(e.has("summary"));
  EXPECT_TRUE(e.has("service_areas"));
  EXPECT_TRUE(e.has("municipalities"));
  EXPECT_TRUE(e.has("references"));
  EXPECT_TRUE(s.service_areas.empty());
  EXPECT_TRUE(s.municipalities.empty());

  ss::Solution ok;
  ok.title = "  Verkstedløftet ";
  ok.summary = "Arbeidstrening.";
  ok.service_areas = {"arbeidsinkludering"};
  ok.municipalities = {"3804"};  // Sandefjord's number 2020–2023 resolves to the current one
  EXPECT_TRUE(needs::check_solution(ok, *ref_).empty());
  EXPECT_EQ(ok.title, "Verkstedløftet");
  ASSERT_EQ(ok.municipalities.size(), 1u);
  EXPECT_EQ(ok.municipalities[0], "3907");
  ok.municipalities.clear();
  ok.nationwide = true;
  EXPECT_TRUE(needs::check_solution(ok, *ref_).empty());
}

// ---- the labelled set ----

struct Labelled {
  std::int64_t need, solution, enterprise;
  const char* label;
};

class LabelledSet : public Solutions {
 protected:
  void SetUp() override {
    Solutions::SetUp();
    if (IsSkipped()) return;
    auto sandefjord = organisation("Sandefjord kommune", "municipality", "3907");
    auto trondheim = organisation("Trondheim kommune", "municipality", "5001");
    auto nav = organisation("NAV Trøndelag", "nav_office", "5001", "", {}, {}, {"5001", "5006", "5035"});
    auto bergen = organisation("Bergen kommune", "municipality", "4601");
    auto drammen = organisation("Drammen kommune", "municipality", "3301");
    auto tromso = organisation("Tromsø kommune", "municipality", "5501");
    auto oslo = organisation("Oslo kommune", "municipality", "0301");

    // Needs, from the regions' situations.
    auto n1 = need(sandefjord, "Unge utenfor skole og arbeid i Sandefjord",
                   "Rundt 300 unge mellom 16 og 25 år står utenfor skole og arbeid. Mange har avbrutt videregående "
                   "og mangler arbeidserfaring. Vi trenger arbeidstrening med tett oppfølging, slik at flere unge "
                   "kommer i jobb eller tilbake til skolen.",
                   {"arbeidsinkludering"}, {"unge-utenfor-skole-og-arbeid"}, {"3907"});
    auto n2 = need(trondheim, "Avlastning for pårørende til personer med demens",
                   "Pårørende til hjemmeboende personer med demens i Trondheim forteller om utmattelse og isolasjon. "
                   "Vi ønsker avlastning på dagtid og et fellesskap der pårørende kan lære om demens og møte andre "
                   "i samme situasjon.",
                   {"eldreomsorg", "helse"}, {"personer-med-demens", "parorende"}, {"5001"});
    auto n3 = need(nav, "Arbeid etter soning",
                   "Mange som løslates fra fengsel i Trøndelag står uten jobb og bolig, og tilbakefallet er høyt. "
                   "Vi søker tilbud som gir tidligere innsatte arbeidstrening, en fast jobb og en mentor fra første "
                   "dag etter løslatelse.",
                   {"kriminalomsorg-og-tilbakefall", "arbeidsinkludering"}, {"tidligere-straffedomte"},
                   {"5001", "5006", "5035"});
    auto n4 = need(bergen, "Ensomhet blant beboere på sykehjem",
                   "Beboere på sykehjemmene i Bergen har få besøk, og mange opplever ensomhet. Vi ønsker "
                   "aktiviteter, besøksvenner og måltider i fellesskap som gir livsglede i hverdagen.",
                   {"eldreomsorg", "frivillighet"}, {"eldre"}, {"4601"});
    auto n5 = need(drammen, "Språk og arbeid for innvandrerkvinner",
                   "Mange innvandrerkvinner i Drammen har lite norskopplæring og står langt fra arbeidslivet. Vi "
                   "ønsker språkpraksis på en ekte arbeidsplass, for eksempel i en kantine eller kafé, kombinert med "
                   "norskundervisning.",
                   {"integrering", "arbeidsinkludering"}, {"innvandrere-og-flyktninger"}, {"3301"});
    auto n6 = need(tromso, "Fritidsaktiviteter for barn i familier med lav inntekt",
                   "Barn i familier med lav inntekt i Tromsø deltar sjeldnere i idrett og fritidsaktiviteter. Vi "
                   "ønsker gratis aktiviteter, utstyrslån og hjelp til å bli med i lag og foreninger.",
                   {"kultur-og-fritid", "fattigdom-og-levekar"}, {"barnefamilier-med-lav-inntekt", "barn-og-unge"},
                   {"5501"});
    auto n7 = need(oslo, "Beholde boligen: oppfølging for personer med rusutfordringer",
                   "Personer med rusutfordringer i Oslo mister ofte kommunal bolig etter kort tid. Vi trenger "
                   "boveiledning i hjemmet, helst med erfaringskonsulenter, som forebygger utkastelse og gir en "
                   "stabil bosituasjon.",
                   {"boligsosialt-arbeid", "psykisk-helse-og-rus"}, {"personer-med-rusutfordringer", "bostedslose"},
                   {"0301"});
    // Needs that must never be suggested: a draft and a closed one, both fitting the first enterprise.
    draft_need_ = need(sandefjord, "Unge utenfor arbeid og arbeidstrening i Sandefjord (utkast)",
                       "Arbeidstrening med tett oppfølging for unge utenfor skole og arbeid.", {"arbeidsinkludering"},
                       {"unge-utenfor-skole-og-arbeid"}, {"3907"}, "draft");
    closed_need_ = need(sandefjord, "Arbeidstrening for unge i Sandefjord 2025",
                        "Unge utenfor skole og arbeid fikk arbeidstrening med tett oppfølging.",
                        {"arbeidsinkludering"}, {"unge-utenfor-skole-og-arbeid"}, {"3907"}, "closed");

    // The intended social enterprises and their solutions.
    auto e1 = organisation("Verkstedet Ung AS", "social_enterprise", "3907",
                           "Arbeidstrening i snekkerverksted for unge som står utenfor skole og arbeid.",
                           {"arbeidsinkludering"}, {"unge-utenfor-skole-og-arbeid"}, {"3905"});
    auto s1 = solution(e1, "Verkstedløftet",
                       "Arbeidstrening for unge i et snekkerverksted, med fast veileder og tett oppfølging mot jobb "
                       "eller skole.",
                       "Unge mellom 16 og 25 år som har avbrutt videregående får arbeidserfaring i et ekte verksted.",
                       {"arbeidsinkludering"}, {"unge-utenfor-skole-og-arbeid"}, {"3907", "3905"});
    auto e2 = organisation("Minnehagen SA", "social_enterprise", "5001",
                           "Dagtilbud på gård for personer med demens og pårørendeskole i Trondheim.",
                           {"eldreomsorg", "helse"}, {"personer-med-demens", "parorende"});
    auto s2 = solution(e2, "Gårdsdag og pårørendeskole",
                       "Dagtilbud på gård for hjemmeboende personer med demens, som gir avlastning for pårørende.",
                       "Pårørendeskolen gir kunnskap om demens og samtalegrupper med andre pårørende.",
                       {"eldreomsorg", "helse"}, {"personer-med-demens", "parorende"}, {"5001"});
    auto e3 = organisation("Ny Start Trøndelag AS", "social_enterprise", "5001",
                           "Jobb og mentor for tidligere innsatte etter løslatelse.",
                           {"kriminalomsorg-og-tilbakefall", "arbeidsinkludering"}, {"tidligere-straffedomte"},
                           {"5006", "5035", "5028"});
    auto s3 = solution(e3, "Fra fengsel til fast jobb",
                       "Arbeidstrening og fast jobb i bygg og renhold for tidligere innsatte, med mentor fra dagen "
                       "etter løslatelse.",
                       "Vi samarbeider med fengslene i Trøndelag og starter før løslatelse.",
                       {"kriminalomsorg-og-tilbakefall", "arbeidsinkludering"}, {"tidligere-straffedomte"},
                       {"5001", "5006", "5035", "5028"});
    auto e4 = organisation("Livsglede på sykehjem AS", "social_enterprise", "4601",
                           "Besøksvenner, aktiviteter og fellesmåltider mot ensomhet på sykehjem.",
                           {"eldreomsorg", "frivillighet"}, {"eldre"});
    auto s4 = solution(e4, "Besøksvenn og fellesmåltid",
                       "Frivillige besøksvenner og ukentlige måltider i fellesskap for beboere på sykehjem, som "
                       "motvirker ensomhet.",
                       "Aktiviteter som gir livsglede for beboere på sykehjemmene.", {"eldreomsorg", "frivillighet"},
                       {"eldre"}, {"4601"});
    auto e5 = organisation("Kantina Språkverksted AS", "social_enterprise", "3301",
                           "Kantine og kafé der innvandrerkvinner får språkpraksis og arbeidserfaring.",
                           {"integrering", "arbeidsinkludering"}, {"innvandrere-og-flyktninger"});
    auto s5 = solution(e5, "Språkpraksis i kantina",
                       "Innvandrerkvinner lærer norsk gjennom arbeid i kantine og kafé, med norskundervisning to "
                       "dager i uken.",
                       "", {"integrering", "arbeidsinkludering"}, {"innvandrere-og-flyktninger"}, {"3301"});
    auto e6 = organisation("Alle Med Tromsø SA", "social_enterprise", "5501",
                           "Gratis fritidsaktiviteter og utstyrslån for barn i familier med lav inntekt.",
                           {"kultur-og-fritid", "fattigdom-og-levekar"},
                           {"barnefamilier-med-lav-inntekt", "barn-og-unge"});
    auto s6 = solution(e6, "Fritidsløftet",
                       "Gratis idrett og fritidsaktiviteter, utstyrslån og følge til lag og foreninger for barn i "
                       "familier med lav inntekt.",
                       "", {"kultur-og-fritid", "fattigdom-og-levekar"},
                       {"barnefamilier-med-lav-inntekt", "barn-og-unge"}, {"5501"});
    auto e7 = organisation("Trygg Bolig Oslo AS", "social_enterprise", "0301",
                           "Boveiledning med erfaringskonsulenter for personer med rusutfordringer.",
                           {"boligsosialt-arbeid", "psykisk-helse-og-rus"}, {"personer-med-rusutfordringer"});
    auto s7 = solution(e7, "Bo trygt",
                       "Boveiledning i hjemmet ved erfaringskonsulenter, som hjelper personer med rusutfordringer å "
                       "beholde boligen og unngå utkastelse.",
                       "", {"boligsosialt-arbeid", "psykisk-helse-og-rus"}, {"personer-med-rusutfordringer"},
                       {"0301"});

    // Distractors: near misses by place, tags or words.
    auto d1 = organisation("Grønn Jobb Sandefjord AS", "social_enterprise", "3907",
                           "Gjenbruk og reparasjon av sykler med arbeidstrening for langtidsledige voksne.",
                           {"miljo", "arbeidsinkludering"}, {"langtidsledige"});
    solution(d1, "Sykkelverkstedet", "Arbeidstrening for langtidsledige voksne i et sykkelverksted.", "",
             {"miljo", "arbeidsinkludering"}, {"langtidsledige"}, {"3907"});
    auto d2 = organisation("Nasjonal Jobbmentor AS", "social_enterprise", "0301",
                           "Digital jobbmentor for langtidsledige og unge.", {"arbeidsinkludering"},
                           {"langtidsledige", "unge-utenfor-skole-og-arbeid"});
    solution(d2, "Jobbmentor for alle", "Digital mentor og hjelp til jobbsøking for langtidsledige og unge i hele landet.",
             "", {"arbeidsinkludering"}, {"langtidsledige", "unge-utenfor-skole-og-arbeid"}, {}, true);
    auto d3 = organisation("Demenskafé Bergen SA", "social_enterprise", "4601",
                           "Kafé for personer med demens og deres pårørende i Bergen.", {"eldreomsorg"},
                           {"personer-med-demens"});
    solution(d3, "Demenskafeen", "Kafé og møteplass for personer med demens og pårørende i Bergen.", "",
             {"eldreomsorg"}, {"personer-med-demens", "parorende"}, {"4601"});
    auto d4 = organisation("Frivilligsentralen Trondheim", "volunteer_centre", "5001",
                           "Frivillige besøksvenner for eldre som bor hjemme.", {"frivillighet"}, {"eldre"});
    solution(d4, "Besøksvenn hjemme", "Besøksvenn for eldre som bor hjemme og opplever ensomhet.", "",
             {"frivillighet", "eldreomsorg"}, {"eldre"}, {"5001"});
    auto d5 = organisation("Integreringskafé Oslo SA", "social_enterprise", "0301",
                           "Språkkafé for nyankomne flyktninger i Oslo.", {"integrering"},
                           {"innvandrere-og-flyktninger"});
    solution(d5, "Språkkafé", "Språkkafé med frivillige for nyankomne flyktninger.", "", {"integrering"},
             {"innvandrere-og-flyktninger"}, {"0301"});
    auto d6 = organisation("Idrettsglede Bodø SA", "social_enterprise", "1804",
                           "Gratis idrettsskole for barn og unge i Bodø.", {"kultur-og-fritid", "folkehelse"},
                           {"barn-og-unge"});
    solution(d6, "Idrettsskolen", "Gratis idrettsskole for barn og unge.", "", {"kultur-og-fritid", "folkehelse"},
             {"barn-og-unge"}, {"1804"});
    auto d7 = organisation("Bolig Først Bergen AS", "social_enterprise", "4601",
                           "Bolig først for bostedsløse i Bergen.", {"boligsosialt-arbeid"}, {"bostedslose"});
    solution(d7, "Bolig først", "Egen bolig og oppfølging for bostedsløse.", "", {"boligsosialt-arbeid"},
             {"bostedslose"}, {"4601"});
    // A draft that would fit the first need perfectly, and an archived one: never suggested.
    draft_solution_ = solution(e1, "Verkstedløftet for unge utenfor skole og arbeid i Sandefjord",
                               "Arbeidstrening for unge med tett oppfølging mot jobb eller skole i Sandefjord.", "",
                               {"arbeidsinkludering"}, {"unge-utenfor-skole-og-arbeid"}, {"3907"}, false, "draft");
    archived_solution_ = solution(e1, "Verkstedløftet for unge i Sandefjord 2024",
                                  "Arbeidstrening for unge med tett oppfølging mot jobb eller skole.", "",
                                  {"arbeidsinkludering"}, {"unge-utenfor-skole-og-arbeid"}, {"3907"}, false,
                                  "archived");
    // A deactivated enterprise is never suggested either.
    organisation("Verkstedet Ung Sandefjord (nedlagt)", "social_enterprise", "3907",
                 "Arbeidstrening i snekkerverksted for unge utenfor skole og arbeid i Sandefjord.",
                 {"arbeidsinkludering"}, {"unge-utenfor-skole-og-arbeid"}, {}, "deactivated");

    set_ = {{n1, s1, e1, "unge utenfor arbeid i Sandefjord"},
            {n2, s2, e2, "pårørende til personer med demens i Trondheim"},
            {n3, s3, e3, "arbeid etter soning i Trøndelag"},
            {n4, s4, e4, "ensomhet på sykehjem i Bergen"},
            {n5, s5, e5, "språk og arbeid for innvandrerkvinner i Drammen"},
            {n6, s6, e6, "fritid for barn i lavinntektsfamilier i Tromsø"},
            {n7, s7, e7, "boveiledning ved rusutfordringer i Oslo"}};
  }
  std::vector<Labelled> set_;
  std::int64_t draft_need_ = 0, closed_need_ = 0, draft_solution_ = 0, archived_solution_ = 0;
};

TEST_P(LabelledSet, EachNeedsIntendedSolutionAndEnterpriseComeFirst) {
  for (auto& l : set_) {
    auto m = nm::for_need(db(), l.need, 10);
    ASSERT_FALSE(m.solutions.empty()) << l.label;
    ASSERT_FALSE(m.enterprises.empty()) << l.label;
    EXPECT_EQ(m.solutions[0].id, l.solution) << l.label << ": first was " << m.solutions[0].title;
    EXPECT_EQ(m.enterprises[0].id, l.enterprise) << l.label << ": first was " << m.enterprises[0].title;
    for (std::size_t i = 1; i < m.solutions.size(); ++i) EXPECT_GE(m.solutions[i - 1].score, m.solutions[i].score);
    for (auto& s : m.solutions) {
      EXPECT_NE(s.id, draft_solution_) << l.label;
      EXPECT_NE(s.id, archived_solution_) << l.label;
      EXPECT_EQ(s.kind, "solution");
    }
    for (auto& e : m.enterprises) {
      EXPECT_EQ(e.kind, "enterprise");
      EXPECT_EQ(e.title.find("nedlagt"), std::string::npos) << l.label;
    }
  }
}

TEST_P(LabelledSet, EachEnterprisesIntendedNeedComesFirst) {
  for (auto& l : set_) {
    auto m = nm::for_organisation(db(), l.enterprise, 10);
    ASSERT_FALSE(m.empty()) << l.label;
    EXPECT_EQ(m[0].id, l.need) << l.label << ": first was " << m[0].title;
    for (auto& n : m) {
      EXPECT_EQ(n.kind, "need");
      EXPECT_NE(n.id, draft_need_) << l.label;
      EXPECT_NE(n.id, closed_need_) << l.label;
    }
  }
}

TEST_P(LabelledSet, SaysWhyEachMatchWasSuggested) {
  auto& youth = set_[0];
  auto m = nm::for_need(db(), youth.need, 10);
  ASSERT_FALSE(m.solutions.empty());
  auto& first = m.solutions[0];
  EXPECT_EQ(first.title, "Verkstedløftet");
  EXPECT_EQ(first.organisation_name, "Verkstedet Ung AS");
  EXPECT_EQ(first.service_areas, std::vector<std::string>{"arbeidsinkludering"});
  EXPECT_EQ(first.target_groups, std::vector<std::string>{"unge-utenfor-skole-og-arbeid"});
  EXPECT_EQ(first.municipalities, std::vector<std::string>{"3907"});
  // Shared words, as the need wrote them (the commonest ones, like "unge" here, may be left out).
  ASSERT_FALSE(first.words.empty());
  EXPECT_LE(first.words.size(), nm::kMaxSharedWords);
  auto need_words = search::words("Unge utenfor skole og arbeid i Sandefjord Rundt 300 unge mellom 16 og 25 år står "
                                  "utenfor skole og arbeid. Mange har avbrutt videregående og mangler "
                                  "arbeidserfaring. Vi trenger arbeidstrening med tett oppfølging, slik at flere "
                                  "unge kommer i jobb eller tilbake til skolen.");
  for (auto& w : first.words)
    EXPECT_NE(std::find(need_words.begin(), need_words.end(), w), need_words.end()) << w;
  EXPECT_GT(first.score, 50);
  EXPECT_LE(first.score, 100);
  // The nationwide job mentor is suggested too, because it is offered everywhere.
  auto mentor = std::find_if(m.solutions.begin(), m.solutions.end(),
                             [](auto& s) { return s.title == "Jobbmentor for alle"; });
  ASSERT_NE(mentor, m.solutions.end());
  EXPECT_TRUE(mentor->nationwide);
  EXPECT_TRUE(mentor->municipalities.empty());

  // The same county, not the same municipality: the county is the reason.
  auto nearby_org = organisation("Tønsberg Arbeid AS", "social_enterprise", "3905");
  auto nearby = solution(nearby_org, "Arbeidstrening i Tønsberg", "Arbeidstrening for voksne i butikk.", "",
                         {"arbeidsinkludering"}, {}, {"3905"});
  auto again = nm::for_need(db(), youth.need, 20);
  auto near = std::find_if(again.solutions.begin(), again.solutions.end(), [&](auto& s) { return s.id == nearby; });
  ASSERT_NE(near, again.solutions.end());
  EXPECT_TRUE(near->municipalities.empty());
  EXPECT_EQ(near->counties, std::vector<std::string>{"39"});
  EXPECT_FALSE(near->nationwide);
  EXPECT_EQ(again.solutions[0].id, youth.solution);

  // A place alone is no match: the Oslo language café shares nothing with the Oslo housing need but
  // the place, and is not suggested for it.
  auto housing = nm::for_need(db(), set_[6].need, 20);
  for (auto& s : housing.solutions) EXPECT_NE(s.title, "Språkkafé");
  // An unknown need has no matches.
  auto none = nm::for_need(db(), 987654, 10);
  EXPECT_TRUE(none.solutions.empty());
  EXPECT_TRUE(none.enterprises.empty());
  EXPECT_TRUE(nm::for_organisation(db(), 987654, 10).empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, Solutions, samskap::testkit::engines(), samskap::testkit::engine_name);
INSTANTIATE_TEST_SUITE_P(Engines, LabelledSet, samskap::testkit::engines(), samskap::testkit::engine_name);

}  // namespace
