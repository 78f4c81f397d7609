#pragma once
// The rules of grant schemes as data, and everything about them that does not touch the
// database: which rule set applies to a call, deadlines in Europe/Oslo, budgets and financing
// plans in whole øre, the project period, and the eligibility self-check with a plain-Norwegian
// explanation (a catalogue key with arguments) for every rule that fails.
#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/criterion.hpp"

namespace samskap::grants {

// ---- time: Europe/Oslo ----

// The UTC instant of a local Oslo date and time as "YYYY-MM-DDTHH:MM:SSZ". A time that does not
// exist (the hour skipped in March) is read as the same wall time after the change; a time that
// occurs twice (October) as the first one. nullopt for an impossible date or time.
std::optional<std::string> oslo_to_utc_iso(int year, unsigned month, unsigned day, int hour, int minute, int second);
// A closing date "31. desember" means 23:59:59 Oslo time that day; "YYYY-MM-DD" → UTC ISO.
std::optional<std::string> closing_of_day(std::string_view date);
// The first second of a day in Oslo; "YYYY-MM-DD" → UTC ISO.
std::optional<std::string> opening_of_day(std::string_view date);
// What people type in a form: "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" (also with ":SS" or a space),
// Oslo time → UTC ISO. A bare date is the start of the day, or its end when end_of_day is set;
// an explicit 23:59 as a closing time is the end of that minute (23:59:59).
std::optional<std::string> oslo_input_to_utc(std::string_view text, bool end_of_day);
// UTC ISO → "YYYY-MM-DDTHH:MM" in Oslo, for datetime-local inputs; and the Oslo date alone.
std::string utc_to_oslo_input(std::string_view iso);
std::string oslo_date_of(std::string_view iso);

// Whether a call takes applications at `now` (UTC ISO): open from opens_at up to and including
// the second closes_at (both UTC ISO, second precision).
enum class CallState { upcoming, open, closed };
CallState call_state(std::string_view opens_at, std::string_view closes_at, std::string_view now);
// Submission is refused once the closing second has passed.
bool deadline_passed(std::string_view closes_at, std::string_view now);

// ---- rule sets ----

// Eligibility rules are checked automatically from the directory's organisation record, or
// declared by the applicant with an explanation.
inline constexpr std::array<std::string_view, 4> eligibility_kinds = {"voluntary_register", "org_form",
                                                                      "municipality", "declaration"};
bool is_eligibility_kind(std::string_view s);

struct EligibilityRule {
  std::string key;                  // stable within the rule set: "r1", "utbytte" …
  std::string kind;                 // one of eligibility_kinds
  std::vector<std::string> values;  // org_form: codes (AS, STI …); municipality: numbers
  std::string statement;            // declaration: what the applicant confirms, in plain words
  bool attachment = false;          // declaration: must be documented with an attachment
};

struct Priority {
  std::string key;
  std::string label;
  int weight = 1;  // relative weight in scoring
};

// When reports on a grant are due: by annual_due ("MM-DD") the year after each calendar year of the
// period except its last, and a final report final_days_after days after the period's last day
// (rule sets saved before that could be set: by the end of the month final_months_after months
// after the period's last month); applicants are reminded reminder_days before each due date.
struct ReportRule {
  std::string annual_due = "03-31";
  int final_months_after = 3;
  int final_days_after = -1;  // -1: not set, final_months_after applies
  int reminder_days = 14;
};
inline constexpr int kMaxFinalDaysAfter = 365;
inline constexpr int kMaxReminderDays = 90;
struct RuleSet {
  std::int64_t id = 0;
  std::string valid_from;  // "YYYY-MM-DD": applies to calls opening on or after this day (Oslo)
  int max_months = 12;
  bool cooperation_agreement_required = false;
  int min_cofinancing_percent = 0;  // share of the total budget financed by others than the scheme
  std::vector<EligibilityRule> eligibility;
  std::vector<Priority> priorities;
  std::vector<std::string> required_attachments;
  ReportRule reports;
};

// The lists of a rule set as JSON text (eligibility, priorities, attachments), as stored, and back.
std::string lists_to_json(const RuleSet& r);
// Fills the lists from stored JSON; throws std::runtime_error on text that is not a rule set's lists.
void lists_from_json(RuleSet& r, std::string_view json);

// The rule set in force on `date` (Oslo "YYYY-MM-DD", the day a call opens): the one with the
// latest valid_from on or before it. nullptr when none had started.
const RuleSet* rule_set_in_force(const std::vector<RuleSet>& sets, std::string_view date);

// Problems with a rule set as (field, catalogue key); empty when it may be saved.
std::vector<std::pair<std::string, std::string>> check_rule_set(const RuleSet& r);

// ---- budget and financing, whole øre ----

inline constexpr std::array<std::string_view, 5> financing_sources = {"own", "scheme", "public", "private",
                                                                      "in_kind"};
bool is_financing_source(std::string_view s);

struct BudgetLine {
  std::string category;  // "Lønn", "Utstyr" …
  int year = 0;
  std::int64_t amount = 0;  // øre
};

struct FinancingLine {
  std::string source;       // one of financing_sources
  std::string description;  // who or what: "Sparebankstiftelsen", "Salg av tjenester" …
  std::int64_t amount = 0;  // øre
};

struct Totals {
  std::int64_t budget = 0;       // sum of budget lines
  std::int64_t financing = 0;    // sum of the financing plan
  std::int64_t requested = 0;    // the scheme's line(s): the amount applied for
  std::int64_t cofinancing = 0;  // financing from everyone but the scheme
  bool balanced() const { return budget == financing; }
};
Totals totals(const std::vector<BudgetLine>& budget, const std::vector<FinancingLine>& financing);

// Whether `cofinancing` is at least `min_percent` % of `budget`, exactly, in integers.
bool cofinancing_enough(std::int64_t cofinancing, std::int64_t budget, int min_percent);
// The share as "37,5 %" (one decimal, rounded down), computed in integers.
std::string percent_text(std::int64_t part, std::int64_t whole);

// ---- the period ----

// "YYYY-MM" → months from the first to the last, both included (2027-01 to 2028-12 is 24).
// nullopt when either is unreadable or the end is before the start.
std::optional<int> period_months(std::string_view from, std::string_view to);
bool is_month(std::string_view s);

// ---- the self-check ----

// What the directory knows about the applicant organisation.
struct OrgFacts {
  std::string name;
  std::optional<bool> in_voluntary_register;  // unknown when the register has not told us
  std::optional<std::string> org_form;
  std::optional<std::string> municipality_number;
};

struct Declaration {
  std::string rule_key;
  bool declared = false;
  std::string explanation;
};

// What the application says, as far as the rules care.
struct ApplicationFacts {
  std::string title;
  std::string description;
  std::vector<common::Criterion> results;
  std::string period_from, period_to;  // "YYYY-MM"
  std::vector<BudgetLine> budget;
  std::vector<FinancingLine> financing;
  bool cooperation_agreement = false;  // the applicant has or will enter the binding agreement
  std::vector<Declaration> declarations;
  std::vector<std::string> attachments;  // the requirement tags of the uploaded files
};

// What an uploaded attachment fulfils: the rule set's required attachment number `index` (from 0),
// or the documentation of a declared eligibility criterion.
std::string required_attachment_tag(std::size_t index);
std::string declaration_attachment_tag(std::string_view rule_key);

// One checked rule. `step` is where the applicant fixes it (prosjekt, resultater, budsjett, vilkar).
struct Finding {
  std::string rule;  // "title", "period", "budget", "cofinancing", "cooperation", or an eligibility key
  bool passed = false;
  std::string step;         // or vedlegg
  std::string message_key;  // grants.check.<…>: the explanation, passed or not
  std::vector<std::pair<std::string, std::string>> args;
};

// Names for display in explanations: municipality number → name.
using NameOf = std::function<std::string(std::string_view)>;

// Every rule of the set and the application's own completeness, in the order shown on the
// self-check page. `owner` is the scheme owner's name (the other party of the agreement).
std::vector<Finding> self_check(const RuleSet& rules, const OrgFacts& org, const ApplicationFacts& app,
                                const std::string& owner, const NameOf& municipality_name = nullptr);
bool all_passed(const std::vector<Finding>& findings);

}  // namespace samskap::grants
