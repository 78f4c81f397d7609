#pragma once
// The SROI analysis engine: present value of outcomes against investment, with the conventions
// that sources disagree on kept as settings, sensitivity and break-even, and validation.
// Pure functions on exact numbers; nothing here rounds (display code does, via Exact::fixed).
#include <optional>
#include <string>
#include <vector>

#include "impact/decimal.hpp"

namespace samskap::impact::sroi {

// Limits that keep one analysis small enough to compute at once on a shared server.
inline constexpr int max_lines = 50;
inline constexpr int max_investments = 50;
inline constexpr int max_years = 75;  // R-109 gives rates up to 75 years; beyond that it is unsure
inline constexpr std::size_t max_name_chars = 200;

// When drop-off starts: in the outcome's second year (value_k = impact·(1−d)^(k−1), the default,
// as in the SROI Guide) or already in its first year (value_k = impact·(1−d)^k).
enum class DropOffStart { second_year, first_year };

// The discount rate from `from_year` on (a schedule, as R-109 prescribes: 4 % to year 40, then 3 %).
struct RatePeriod {
  int from_year = 0;
  Exact rate;  // a share: 0.04
};

struct Investment {
  int year = 0;  // 0 = up front, before the first analysis year
  Exact amount;  // kroner
};

struct Line {
  std::string name;
  Exact quantity;
  Exact proxy;  // kroner per unit
  int duration = 1;  // years
  Exact deadweight, displacement, attribution, drop_off;  // shares 0…1
  bool starts_year_after = false;
};

struct Analysis {
  std::vector<RatePeriod> discount;  // sorted by from_year, first from year 0
  bool first_year_discounted = true;
  DropOffStart drop_off_start = DropOffStart::second_year;
  std::vector<Investment> investments;
  std::vector<Line> lines;
};

// Finansdepartementet's R-109/2021: 4 % for years 0–40, 3 % from year 40.
std::vector<RatePeriod> r109_schedule();
// A constant rate from year 0.
std::vector<RatePeriod> constant_rate(const Exact& rate);
// HM Treasury's Green Book rate, printed as a comparison: 3.5 %.
Exact uk_green_book_rate();

// The factor a value in analysis year t is multiplied by: Π 1/(1 + r_s) over the discounted
// periods s = 1 … t (or 1 … t−1 when the first year is not discounted; year 0 is never discounted).
std::vector<Exact> discount_factors(const std::vector<RatePeriod>& schedule, bool first_year_discounted, int last_year);

struct YearRow {
  int year = 0;
  Exact factor;  // discount factor of the year
  Exact value, value_present;
  Exact investment, investment_present;
};

struct LineResult {
  Exact first_year_impact;  // quantity × proxy × (1 − deadweight)(1 − displacement)(1 − attribution)
  Exact total_value;        // undiscounted sum over the years
  Exact present_value;
};

struct Result {
  Exact present_value;
  Exact investment_total;  // undiscounted
  Exact investment_present_value;
  Exact net_present_value;
  Exact first_year_impact;  // all lines
  std::optional<Exact> ratio;  // PV ÷ PV(investment)
  std::string ratio_reason;    // catalogue key suffix when there is no ratio: "no_investment"
  std::optional<Exact> payback_months;  // investment ÷ (first-year impact ÷ 12)
  std::string payback_reason;           // "no_investment" or "no_impact"
  std::vector<YearRow> by_year;  // t = 0 … the last year with a value or an investment
  std::vector<LineResult> by_line;
};

Result compute(const Analysis& a);

// One assumption moved down and up by the chosen percentage of itself, on every line at once.
struct Swing {
  std::string assumption;  // quantity, proxy, deadweight, displacement, attribution, drop_off, discount_rate, investment
  Exact low_ratio, high_ratio;  // the ratio with the assumption at (1 − p) and (1 + p) of itself
};

// The value of one line's proxy or deadweight at which the ratio falls to exactly 1 : 1.
struct BreakEven {
  std::optional<Exact> proxy;       // none: not reachable (no proxy ≥ 0 brings the ratio to 1 : 1)
  std::optional<Exact> deadweight;  // none: not reachable within 0–100 %
};

struct Sensitivity {
  Exact percent;  // the chosen move, as a share: 0.1 = ±10 %
  std::vector<Swing> swings;  // largest swing first (the tornado's order)
  std::vector<BreakEven> lines;
  std::optional<Exact> uniform_factor;  // the factor on all values that gives 1 : 1 (= 1 ÷ ratio)
};

// Needs a ratio (investment > 0); returns nullopt otherwise. base: compute(a), when already at hand.
std::optional<Sensitivity> sensitivity(const Analysis& a, const Exact& percent, const Result* base = nullptr);
// The ratio alone (cheaper than compute): nullopt without investment.
std::optional<Exact> ratio(const Analysis& a);

// A validation finding: list is "" (the analysis), "lines" or "investments"; index the row;
// key a catalogue key under impact.sroi.errors (errors) or impact.sroi.warnings (warnings).
struct Issue {
  std::string list;
  int index = -1;
  std::string field;
  std::string key;
};

// Range checks on a parsed analysis (parsers report what could not be read at all).
std::vector<Issue> validate(const Analysis& a);
std::vector<Issue> validate_percent(const Exact& sensitivity_percent);
// Deadweight + attribution above 100 % on a line: allowed, but worth a second look.
std::vector<Issue> warnings(const Analysis& a);

}  // namespace samskap::impact::sroi
