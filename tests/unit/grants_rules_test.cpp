// Grant schemes' rules as data: deadlines in Europe/Oslo (around midnight and both daylight-saving
// changes), which rule set applies to a call, budgets and financing plans in whole øre, the
// co-financing share at its boundaries, the maximum period, and the plain-Norwegian explanation
// of every eligibility rule, passed and failed, read from the real catalogue.
#include <gtest/gtest.h>

#include <filesystem>

#include "grants/rules.hpp"
#include "platform/render/i18n.hpp"

namespace {

using namespace samskap;
using namespace samskap::grants;

// ---- deadlines ----

TEST(GrantDeadlines, ClosingDateMeansTheLastSecondOfTheDayInOslo) {
  // Winter time (UTC+1): 31 December 23:59:59 in Oslo is 22:59:59 UTC.
  EXPECT_EQ(closing_of_day("2026-12-31"), "2026-12-31T22:59:59Z");
  // Summer time (UTC+2).
  EXPECT_EQ(closing_of_day("2027-06-30"), "2027-06-30T21:59:59Z");
  EXPECT_EQ(opening_of_day("2027-06-01"), "2027-05-31T22:00:00Z");
  EXPECT_EQ(closing_of_day("2026-02-30"), std::nullopt);
  EXPECT_EQ(closing_of_day("31.12.2026"), std::nullopt);
}

TEST(GrantDeadlines, OneSecondBeforeAndAfterMidnight) {
  auto closes = *closing_of_day("2026-12-31");
  EXPECT_FALSE(deadline_passed(closes, "2026-12-31T22:59:58Z"));
  EXPECT_FALSE(deadline_passed(closes, "2026-12-31T22:59:59Z"));  // 23:59:59 Oslo: still in time
  EXPECT_TRUE(deadline_passed(closes, "2026-12-31T23:00:00Z"));   // midnight in Oslo
  EXPECT_TRUE(deadline_passed(closes, "2026-12-31T23:00:01Z"));
  // UTC midnight is an hour after Oslo's.
  EXPECT_TRUE(deadline_passed(closes, "2027-01-01T00:00:00Z"));
  auto opens = *opening_of_day("2026-11-01");
  EXPECT_EQ(call_state(opens, closes, "2026-10-31T22:59:59Z"), CallState::upcoming);
  EXPECT_EQ(call_state(opens, closes, "2026-10-31T23:00:00Z"), CallState::open);
  EXPECT_EQ(call_state(opens, closes, "2026-12-31T22:59:59Z"), CallState::open);
  EXPECT_EQ(call_state(opens, closes, "2026-12-31T23:00:00Z"), CallState::closed);
}

TEST(GrantDeadlines, AroundTheSpringChange) {
  // Summer time starts 29 March 2026 at 02:00 (clocks go to 03:00).
  EXPECT_EQ(closing_of_day("2026-03-28"), "2026-03-28T22:59:59Z");  // still UTC+1
  EXPECT_EQ(closing_of_day("2026-03-29"), "2026-03-29T21:59:59Z");  // already UTC+2
  auto closes = *closing_of_day("2026-03-29");
  EXPECT_FALSE(deadline_passed(closes, "2026-03-29T21:59:59Z"));
  EXPECT_TRUE(deadline_passed(closes, "2026-03-29T22:00:00Z"));
  // The skipped hour: 02:30 does not exist and is read as 03:30 summer time.
  EXPECT_EQ(oslo_to_utc_iso(2026, 3, 29, 2, 30, 0), "2026-03-29T01:30:00Z");
  EXPECT_EQ(oslo_to_utc_iso(2026, 3, 29, 1, 59, 59), "2026-03-29T00:59:59Z");
  EXPECT_EQ(oslo_to_utc_iso(2026, 3, 29, 3, 0, 0), "2026-03-29T01:00:00Z");
}

TEST(GrantDeadlines, AroundTheAutumnChange) {
  // Summer time ends 25 October 2026 at 03:00 (clocks go back to 02:00).
  EXPECT_EQ(closing_of_day("2026-10-24"), "2026-10-24T21:59:59Z");  // UTC+2
  EXPECT_EQ(closing_of_day("2026-10-25"), "2026-10-25T22:59:59Z");  // UTC+1
  auto closes = *closing_of_day("2026-10-25");
  EXPECT_FALSE(deadline_passed(closes, "2026-10-25T22:59:59Z"));
  EXPECT_TRUE(deadline_passed(closes, "2026-10-25T23:00:00Z"));
  // 02:30 happens twice; the first one (summer time) is meant.
  EXPECT_EQ(oslo_to_utc_iso(2026, 10, 25, 2, 30, 0), "2026-10-25T00:30:00Z");
  // The day is 25 hours long: opening to closing spans 24 h 59 min 59 s.
  EXPECT_EQ(opening_of_day("2026-10-25"), "2026-10-24T22:00:00Z");
}

TEST(GrantDeadlines, FormInputsAndDisplay) {
  EXPECT_EQ(oslo_input_to_utc("2026-12-31", true), "2026-12-31T22:59:59Z");
  EXPECT_EQ(oslo_input_to_utc("2026-12-31", false), "2026-12-30T23:00:00Z");
  EXPECT_EQ(oslo_input_to_utc("2026-12-31T23:59", true), "2026-12-31T22:59:59Z");
  EXPECT_EQ(oslo_input_to_utc("2026-12-31T12:00", false), "2026-12-31T11:00:00Z");
  EXPECT_EQ(oslo_input_to_utc("2026-07-01 12:00", false), "2026-07-01T10:00:00Z");
  EXPECT_EQ(oslo_input_to_utc("2026-07-01T25:00", false), std::nullopt);
  EXPECT_EQ(oslo_input_to_utc("i morgen", false), std::nullopt);
  EXPECT_EQ(utc_to_oslo_input("2026-12-31T22:59:59Z"), "2026-12-31T23:59");
  EXPECT_EQ(utc_to_oslo_input("2026-07-01T10:00:00Z"), "2026-07-01T12:00");
  EXPECT_EQ(oslo_date_of("2026-12-31T23:30:00Z"), "2027-01-01");
  EXPECT_EQ(oslo_date_of("2026-06-30T21:59:59Z"), "2026-06-30");
}

// ---- rule sets ----

RuleSet sandefjord(std::string valid_from = "2025-01-01") {
  RuleSet r;
  r.id = 1;
  r.valid_from = std::move(valid_from);
  r.max_months = 24;
  r.cooperation_agreement_required = true;
  r.min_cofinancing_percent = 20;
  r.priorities = {{"resultater", "Dokumenterte resultater", 3}, {"samarbeid", "Eksisterende samarbeid", 2}};
  r.required_attachments = {"Budsjett for hele driften"};
  return r;
}

TEST(GrantRuleSets, TheSetInForceAtTheCallsOpeningApplies) {
  auto a = sandefjord("2025-01-01");
  auto b = sandefjord("2027-01-01");
  b.id = 2;
  b.max_months = 12;
  std::vector<RuleSet> sets = {b, a};
  EXPECT_EQ(rule_set_in_force(sets, "2024-12-31"), nullptr);
  EXPECT_EQ(rule_set_in_force(sets, "2025-01-01")->id, 1);
  EXPECT_EQ(rule_set_in_force(sets, "2026-11-01")->id, 1);
  // A new rule set from next year does not change a call that opened this year.
  EXPECT_EQ(rule_set_in_force(sets, "2026-12-31")->id, 1);
  EXPECT_EQ(rule_set_in_force(sets, "2027-01-01")->id, 2);
}

TEST(GrantRuleSets, ListsRoundTripThroughJson) {
  auto r = sandefjord();
  r.eligibility = {{"frivillig", "voluntary_register", {}, ""},
                   {"form", "org_form", {"AS", "STI"}, ""},
                   {"utbytte", "declaration", {}, "Vedtektene forbyr utbytte", true}};
  RuleSet back;
  lists_from_json(back, lists_to_json(r));
  ASSERT_EQ(back.eligibility.size(), 3u);
  EXPECT_EQ(back.eligibility[1].values, (std::vector<std::string>{"AS", "STI"}));
  EXPECT_EQ(back.eligibility[2].statement, "Vedtektene forbyr utbytte");
  EXPECT_TRUE(back.eligibility[2].attachment);
  EXPECT_FALSE(back.eligibility[1].attachment);
  // Rule sets stored before declarations could ask for an attachment read as not asking.
  RuleSet old;
  lists_from_json(old, R"({"eligibility":[{"key":"u","kind":"declaration","statement":"S"}],"priorities":[],)"
                       R"("attachments":[]})");
  EXPECT_FALSE(old.eligibility.at(0).attachment);
  ASSERT_EQ(back.priorities.size(), 2u);
  EXPECT_EQ(back.priorities[0].weight, 3);
  EXPECT_EQ(back.required_attachments, r.required_attachments);
  EXPECT_THROW(lists_from_json(back, "{\"eligibility\": 3}"), std::runtime_error);
}

TEST(GrantRuleSets, ChecksWhatMayBeSaved) {
  EXPECT_TRUE(check_rule_set(sandefjord()).empty());
  auto r = sandefjord("2025-13-01");
  r.max_months = 0;
  r.min_cofinancing_percent = 100;
  r.eligibility = {{"a", "org_form", {}, ""}, {"a", "declaration", {}, ""}, {"b", "horoscope", {}, ""}};
  auto problems = check_rule_set(r);
  auto has = [&](const std::string& key) {
    return std::any_of(problems.begin(), problems.end(), [&](auto& p) { return p.second == key; });
  };
  EXPECT_TRUE(has("grants.errors.valid_from"));
  EXPECT_TRUE(has("grants.errors.max_months"));
  EXPECT_TRUE(has("grants.errors.cofinancing_percent"));
  EXPECT_TRUE(has("grants.errors.eligibility_values"));
  EXPECT_TRUE(has("grants.errors.statement"));
  EXPECT_TRUE(has("grants.errors.eligibility_key"));
  EXPECT_TRUE(has("grants.errors.eligibility_kind"));
}

// ---- money ----

TEST(GrantMoney, BudgetAndFinancingBalanceToTheOre) {
  std::vector<BudgetLine> budget = {{"Lønn", 2027, 40'000'000}, {"Lønn", 2028, 40'000'001}, {"Utstyr", 2027, 9'999'999}};
  std::vector<FinancingLine> financing = {{"own", "Salg", 20'000'000},
                                          {"scheme", "Sandefjord kommune", 50'000'000},
                                          {"private", "Stiftelse", 20'000'000}};
  auto t = totals(budget, financing);
  EXPECT_EQ(t.budget, 90'000'000);
  EXPECT_EQ(t.financing, 90'000'000);
  EXPECT_TRUE(t.balanced());
  EXPECT_EQ(t.requested, 50'000'000);
  EXPECT_EQ(t.cofinancing, 40'000'000);
  financing[0].amount -= 1;  // one øre short
  EXPECT_FALSE(totals(budget, financing).balanced());
  // Large amounts do not lose øre (a double would from 2^53).
  std::vector<BudgetLine> big = {{"A", 2027, 999'999'999'999'999}, {"B", 2027, 1}};
  std::vector<FinancingLine> f = {{"scheme", "", 1'000'000'000'000'000}};
  EXPECT_TRUE(totals(big, f).balanced());
}

TEST(GrantMoney, CofinancingShareBoundaries) {
  // 20 % of 1 000 000,00 kr is exactly 200 000,00 kr.
  EXPECT_TRUE(cofinancing_enough(20'000'000, 100'000'000, 20));
  EXPECT_FALSE(cofinancing_enough(19'999'999, 100'000'000, 20));  // one øre short
  EXPECT_TRUE(cofinancing_enough(20'000'001, 100'000'000, 20));
  // A budget that does not divide evenly: 20 % of 333,33 kr is 66,666 kr, so 66,67 kr is needed.
  EXPECT_FALSE(cofinancing_enough(6'666, 33'333, 20));
  EXPECT_TRUE(cofinancing_enough(6'667, 33'333, 20));
  EXPECT_TRUE(cofinancing_enough(0, 100, 0));
  EXPECT_FALSE(cofinancing_enough(0, 0, 20));
  EXPECT_TRUE(cofinancing_enough(100'000'000, 100'000'000, 99));
  EXPECT_EQ(percent_text(1, 3), "33,3 %");
  EXPECT_EQ(percent_text(20'000'000, 100'000'000), "20 %");
  EXPECT_EQ(percent_text(19'999'999, 100'000'000), "19,9 %");  // rounded down, never up past a limit
  EXPECT_EQ(percent_text(5, 0), "0 %");
}

// ---- period ----

TEST(GrantPeriod, MaximumPeriodInMonths) {
  EXPECT_EQ(period_months("2027-01", "2028-12"), 24);
  EXPECT_EQ(period_months("2027-01", "2029-01"), 25);
  EXPECT_EQ(period_months("2027-03", "2027-03"), 1);
  EXPECT_EQ(period_months("2027-03", "2027-02"), std::nullopt);
  EXPECT_EQ(period_months("2027-13", "2028-01"), std::nullopt);
  EXPECT_EQ(period_months("", "2028-01"), std::nullopt);
  EXPECT_TRUE(is_month("2027-01"));
  EXPECT_FALSE(is_month("2027-1"));
}

// ---- the self-check, with the catalogue's words ----

class GrantSelfCheck : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    catalogue_ = new render::Catalogue();
    catalogue_->load_dir(std::filesystem::path(SAMSKAP_SOURCE_DIR) / "content" / "i18n");
  }
  static void TearDownTestSuite() { delete catalogue_; }
  static std::string nb(const Finding& f) { return catalogue_->text("nb", f.message_key, f.args); }
  static std::string en(const Finding& f) { return catalogue_->text("en", f.message_key, f.args); }

  static ApplicationFacts complete() {
    ApplicationFacts a;
    a.title = "Arbeidstrening i gjenbruksbutikk";
    a.description = "Praktisk opplæring for unge utenfor arbeid.";
    a.results = {{0, 1, "Flere i arbeid", "Andel i arbeid etter 12 måneder", "20 %", "40 %"}};
    a.period_from = "2027-01";
    a.period_to = "2028-12";
    a.budget = {{"Lønn", 2027, 60'000'000}, {"Lønn", 2028, 40'000'000}};
    a.financing = {{"own", "Salg", 30'000'000}, {"scheme", "", 70'000'000}};
    a.cooperation_agreement = true;
    a.attachments = {required_attachment_tag(0)};  // "Budsjett for hele driften"
    return a;
  }
  static OrgFacts org() {
    OrgFacts o;
    o.name = "Gjenbruk AS";
    o.in_voluntary_register = false;
    o.org_form = "AS";
    o.municipality_number = "3907";
    return o;
  }
  static const Finding& find(const std::vector<Finding>& all, const std::string& rule) {
    for (auto& f : all)
      if (f.rule == rule) return f;
    throw std::runtime_error("no finding for " + rule);
  }
  static inline render::Catalogue* catalogue_ = nullptr;
};

TEST_F(GrantSelfCheck, ACompleteApplicationPassesEveryRule) {
  auto findings = self_check(sandefjord(), org(), complete(), "Sandefjord kommune");
  EXPECT_TRUE(all_passed(findings));
  for (auto& f : findings) {
    EXPECT_TRUE(catalogue_->has("nb", f.message_key)) << f.message_key;
    EXPECT_EQ(nb(f).find('{'), std::string::npos) << nb(f);  // every placeholder filled
    EXPECT_EQ(en(f).find('{'), std::string::npos) << en(f);
  }
  EXPECT_EQ(nb(find(findings, "period")), "Prosjektperioden er 24 måneder. Ordningen gir tilskudd for inntil 24 måneder.");
  EXPECT_EQ(nb(find(findings, "cofinancing")),
            "30 % av budsjettet (300\u00A0000 kr) finansieres av andre enn ordningen. Kravet er minst 20 %.");
}

TEST_F(GrantSelfCheck, PeriodTooLong) {
  auto a = complete();
  a.period_to = "2029-01";
  auto f = find(self_check(sandefjord(), org(), a, "Sandefjord kommune"), "period");
  EXPECT_FALSE(f.passed);
  EXPECT_EQ(f.step, "prosjekt");
  EXPECT_EQ(nb(f), "Prosjektperioden er 25 måneder, men ordningen gir tilskudd for inntil 24 måneder av gangen. "
                   "Gjør perioden kortere, eller søk om resten senere.");
  a.period_to = "";
  EXPECT_FALSE(find(self_check(sandefjord(), org(), a, "X"), "period").passed);
}

TEST_F(GrantSelfCheck, UnbalancedBudgetSaysByHowMuch) {
  auto a = complete();
  a.financing[0].amount = 29'999'950;  // 50 øre short
  auto f = find(self_check(sandefjord(), org(), a, "Sandefjord kommune"), "budget");
  EXPECT_FALSE(f.passed);
  EXPECT_EQ(nb(f), "Finansieringsplanen går ikke opp: budsjettet er 1\u00A0000\u00A0000 kr, men finansieringen er bare "
                   "999\u00A0999,50 kr. Det mangler 0,50 kr i finansieringsplanen.");
  a.financing[0].amount = 30'000'100;
  EXPECT_EQ(find(self_check(sandefjord(), org(), a, "X"), "budget").message_key, "grants.check.budget.overfinanced");
  a.budget.clear();
  EXPECT_EQ(find(self_check(sandefjord(), org(), a, "X"), "budget").message_key, "grants.check.budget.empty");
}

TEST_F(GrantSelfCheck, CofinancingTooLowSaysWhatIsNeeded) {
  auto a = complete();
  a.financing = {{"own", "Salg", 19'999'999}, {"scheme", "", 80'000'001}};
  auto f = find(self_check(sandefjord(), org(), a, "Sandefjord kommune"), "cofinancing");
  EXPECT_FALSE(f.passed);
  EXPECT_EQ(nb(f), "Tilskuddet er ment som medfinansiering: minst 20 % av budsjettet må finansieres av andre enn "
                   "ordningen, altså minst 200\u00A0000 kr. Nå er andelen 19,9 % (199\u00A0999,99 kr). Øk "
                   "egenfinansieringen eller annen finansiering, eller søk om høyst 800\u00A0000 kr.");
  a.financing = {{"own", "Salg", 20'000'000}, {"scheme", "", 80'000'000}};
  EXPECT_TRUE(find(self_check(sandefjord(), org(), a, "X"), "cofinancing").passed);
}

TEST_F(GrantSelfCheck, CooperationAgreement) {
  auto a = complete();
  a.cooperation_agreement = false;
  auto f = find(self_check(sandefjord(), org(), a, "Sandefjord kommune"), "cooperation");
  EXPECT_FALSE(f.passed);
  EXPECT_EQ(nb(f), "Ordningen krever en forpliktende samarbeidsavtale med Sandefjord kommune som beskriver oppgavene og "
                   "målene. Bekreft at dere har eller vil inngå en slik avtale.");
  auto r = sandefjord();
  r.cooperation_agreement_required = false;
  for (auto& x : self_check(r, org(), a, "X")) EXPECT_NE(x.rule, "cooperation");
}

TEST_F(GrantSelfCheck, VoluntaryRegisterIsReadFromTheDirectory) {
  auto r = sandefjord();
  r.eligibility = {{"frivillig", "voluntary_register", {}, ""}};
  auto o = org();
  auto f = find(self_check(r, o, complete(), "NAV"), "frivillig");
  EXPECT_FALSE(f.passed);
  EXPECT_EQ(nb(f), "Ordningen krever at søkeren er registrert i Frivillighetsregisteret, og Gjenbruk AS er ikke "
                   "registrert der. Registrering gjøres hos Brønnøysundregistrene.");
  o.in_voluntary_register.reset();
  f = find(self_check(r, o, complete(), "NAV"), "frivillig");
  EXPECT_FALSE(f.passed);
  EXPECT_EQ(f.message_key, "grants.check.voluntary_register.unknown");
  EXPECT_NE(nb(f).find("vi har ikke opplysninger om at Gjenbruk AS er registrert"), std::string::npos) << nb(f);
  o.in_voluntary_register = true;
  f = find(self_check(r, o, complete(), "NAV"), "frivillig");
  EXPECT_TRUE(f.passed);
  EXPECT_EQ(nb(f), "Gjenbruk AS er registrert i Frivillighetsregisteret.");
}

TEST_F(GrantSelfCheck, OrganisationFormInAList) {
  auto r = sandefjord();
  r.eligibility = {{"form", "org_form", {"STI", "FLI", "SA"}, ""}};
  auto f = find(self_check(r, org(), complete(), "NAV"), "form");
  EXPECT_FALSE(f.passed);
  EXPECT_EQ(nb(f), "Ordningen gjelder bare organisasjonsformene STI, FLI, SA. Gjenbruk AS er registrert som AS.");
  auto o = org();
  o.org_form = "STI";
  EXPECT_TRUE(find(self_check(r, o, complete(), "NAV"), "form").passed);
  o.org_form.reset();
  EXPECT_EQ(find(self_check(r, o, complete(), "NAV"), "form").message_key, "grants.check.org_form.unknown");
}

TEST_F(GrantSelfCheck, MunicipalityInAList) {
  auto r = sandefjord();
  r.eligibility = {{"kommune", "municipality", {"3907", "3905"}, ""}};
  auto names = [](std::string_view n) { return n == "3907" ? std::string("Sandefjord") : n == "3905" ? std::string("Tønsberg") : std::string("Skien"); };
  auto o = org();
  o.municipality_number = "4003";
  auto f = find(self_check(r, o, complete(), "X", names), "kommune");
  EXPECT_FALSE(f.passed);
  EXPECT_EQ(nb(f), "Ordningen gjelder bare søkere i Sandefjord, Tønsberg. Gjenbruk AS er registrert i Skien.");
  o.municipality_number = "3907";
  f = find(self_check(r, o, complete(), "X", names), "kommune");
  EXPECT_TRUE(f.passed);
  EXPECT_EQ(nb(f), "Gjenbruk AS holder til i Sandefjord, som ordningen gjelder for.");
  o.municipality_number.reset();
  EXPECT_EQ(find(self_check(r, o, complete(), "X", names), "kommune").message_key, "grants.check.municipality.unknown");
}

TEST_F(GrantSelfCheck, DeclaredRulesNeedAnExplanation) {
  auto r = sandefjord();
  r.eligibility = {{"utbytte", "declaration", {}, "Vedtektene forbyr utbytte"}};
  auto a = complete();
  auto f = find(self_check(r, org(), a, "NAV"), "utbytte");
  EXPECT_FALSE(f.passed);
  EXPECT_EQ(nb(f), "Ordningen krever at dere bekrefter: «Vedtektene forbyr utbytte». Kryss av hvis det gjelder dere, "
                   "og forklar kort hvordan.");
  a.declarations = {{"utbytte", true, ""}};
  f = find(self_check(r, org(), a, "NAV"), "utbytte");
  EXPECT_FALSE(f.passed);
  EXPECT_EQ(nb(f), "Dere har bekreftet «Vedtektene forbyr utbytte», men ikke forklart hvordan. Skriv en kort forklaring.");
  a.declarations = {{"utbytte", true, "Vedtektene § 3 sier at overskudd skal brukes på formålet."}};
  f = find(self_check(r, org(), a, "NAV"), "utbytte");
  EXPECT_TRUE(f.passed);
  EXPECT_EQ(nb(f), "Dere bekrefter: «Vedtektene forbyr utbytte»");
  EXPECT_EQ(en(f), "You confirm: “Vedtektene forbyr utbytte”");
}

TEST_F(GrantSelfCheck, EachMissingRequiredAttachmentIsNamed) {
  auto r = sandefjord();
  r.required_attachments = {"Vedtekter", "Budsjett for hele driften"};
  auto a = complete();
  a.attachments = {required_attachment_tag(1)};
  auto findings = self_check(r, org(), a, "Sandefjord kommune");
  EXPECT_FALSE(all_passed(findings));
  auto& missing = find(findings, "vedlegg-1");
  EXPECT_FALSE(missing.passed);
  EXPECT_EQ(missing.step, "vedlegg");
  EXPECT_EQ(nb(missing), "Vedlegget «Vedtekter» mangler. Sandefjord kommune krever det for å behandle søknaden, så "
                         "søknaden kan ikke sendes inn før det er lastet opp under «Vedlegg».");
  EXPECT_EQ(en(missing).find('{'), std::string::npos);
  EXPECT_TRUE(find(findings, "vedlegg-2").passed);
  EXPECT_EQ(nb(find(findings, "vedlegg-2")), "Vedlegget «Budsjett for hele driften» er lastet opp.");
  a.attachments.push_back(required_attachment_tag(0));
  EXPECT_TRUE(all_passed(self_check(r, org(), a, "Sandefjord kommune")));
}

TEST_F(GrantSelfCheck, DeclarationsMayRequireAnAttachment) {
  auto r = sandefjord();
  r.eligibility = {{"utbytte", "declaration", {}, "Vedtektene forbyr utbytte", true}};
  auto a = complete();
  a.declarations = {{"utbytte", true, "Vedtektene § 3."}};
  auto findings = self_check(r, org(), a, "NAV");
  EXPECT_TRUE(find(findings, "utbytte").passed);
  auto& f = find(findings, declaration_attachment_tag("utbytte"));
  EXPECT_FALSE(f.passed);
  EXPECT_EQ(f.step, "vedlegg");
  EXPECT_EQ(nb(f), "Erklæringen «Vedtektene forbyr utbytte» skal dokumenteres med et vedlegg, men det er ikke lastet "
                   "opp noe vedlegg for den. Last det opp under «Vedlegg» og velg erklæringen.");
  a.attachments.push_back(declaration_attachment_tag("utbytte"));
  EXPECT_TRUE(all_passed(self_check(r, org(), a, "NAV")));
  // Without the flag no attachment is asked for.
  r.eligibility[0].attachment = false;
  for (auto& x : self_check(r, org(), complete(), "NAV")) EXPECT_NE(x.rule, declaration_attachment_tag("utbytte"));
}

TEST_F(GrantSelfCheck, IncompleteApplicationPointsToTheStep) {
  ApplicationFacts empty;
  auto findings = self_check(sandefjord(), org(), empty, "Sandefjord kommune");
  EXPECT_FALSE(all_passed(findings));
  EXPECT_EQ(find(findings, "project").step, "prosjekt");
  EXPECT_EQ(find(findings, "results").step, "resultater");
  EXPECT_EQ(find(findings, "budget").step, "budsjett");
  EXPECT_EQ(find(findings, "requested").message_key, "grants.check.requested.missing");
  EXPECT_EQ(find(findings, "cofinancing").message_key, "grants.check.cofinancing.no_budget");
  EXPECT_EQ(find(findings, "cooperation").step, "vilkar");
  for (auto& f : findings) {
    EXPECT_TRUE(catalogue_->has("en", f.message_key)) << f.message_key;
    EXPECT_EQ(nb(f).find('{'), std::string::npos) << nb(f);
  }
}

}  // namespace
