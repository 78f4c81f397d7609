#include "impact/plan_rules.hpp"

#include <algorithm>
#include <cctype>

#include "platform/core/money.hpp"
#include "platform/web/password_policy.hpp"

namespace samskap::impact {

namespace {
constexpr std::size_t kMaxName = 200;
constexpr std::size_t kMaxText = 2000;
constexpr std::size_t kMaxShort = 100;
constexpr std::size_t kMaxStory = 5000;

bool too_long(const std::string& s, std::size_t max) { return web::utf8_length(s) > max; }
}  // namespace

bool is_level(std::string_view s) { return s == "resultat" || s == "virkning" || s == "effekt"; }
bool is_direction(std::string_view s) { return s == "up" || s == "down"; }

bool is_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  int y = std::stoi(std::string(s.substr(0, 4))), m = std::stoi(std::string(s.substr(5, 2))),
      d = std::stoi(std::string(s.substr(8, 2)));
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int max = kDays[m - 1];
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) max = 29;
  return d <= max;
}

std::optional<std::string> parse_decimal(std::string_view text) {
  std::string digits;
  bool negative = false, mark = false;
  int before = 0, after = 0;
  std::size_t i = 0;
  // Skip spaces (also no-break and thin spaces, as UTF-8) between digit groups.
  auto skip_space = [&]() -> bool {
    if (text[i] == ' ') return ++i, true;
    if (text.substr(i, 2) == "\xC2\xA0") return i += 2, true;
    if (text.substr(i, 3) == "\xE2\x80\xAF" || text.substr(i, 3) == "\xE2\x80\x89") return i += 3, true;
    return false;
  };
  while (i < text.size() && skip_space()) {
  }
  if (i < text.size() && (text[i] == '-' || text[i] == '\xE2')) {
    if (text[i] == '-') negative = true, ++i;
    else if (text.substr(i, 3) == "\xE2\x88\x92") negative = true, i += 3;  // minus sign
  }
  while (i < text.size()) {
    char c = text[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits += c;
      (mark ? after : before)++;
      ++i;
    } else if ((c == ',' || c == '.') && !mark) {
      mark = true;
      digits += '.';
      ++i;
    } else if (!mark && skip_space()) {
    } else {
      break;
    }
  }
  while (i < text.size() && skip_space()) {
  }
  if (i != text.size() || before == 0 || (mark && after == 0) || after > 4 || before > 12) return std::nullopt;
  // Canonical: no leading zeros, no trailing decimal zeros.
  std::string whole = digits.substr(0, static_cast<std::size_t>(before));
  std::string frac = mark ? digits.substr(static_cast<std::size_t>(before) + 1) : "";
  whole.erase(0, std::min(whole.find_first_not_of('0'), whole.size() - 1));
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  std::string out = whole + (frac.empty() ? "" : "." + frac);
  if (negative && out != "0") out = "-" + out;
  return out;
}

std::string show_decimal(std::string_view canonical, std::string_view lang) {
  std::string s(canonical);
  if (lang == "nb") std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

web::FieldErrors validate_indicator(const Indicator& i) {
  web::FieldErrors e;
  if (i.name.empty()) e.add("name", "impact_plans.errors.name_required");
  else if (too_long(i.name, kMaxName)) e.add("name", "impact_plans.errors.too_long");
  if (i.definition.empty()) e.add("definition", "impact_plans.errors.definition_required");
  else if (too_long(i.definition, kMaxText)) e.add("definition", "impact_plans.errors.too_long");
  if (too_long(i.numerator, kMaxName)) e.add("numerator", "impact_plans.errors.too_long");
  if (too_long(i.denominator, kMaxName)) e.add("denominator", "impact_plans.errors.too_long");
  if (!i.numerator.empty() && i.denominator.empty())
    e.add("denominator", "impact_plans.errors.denominator_required");
  if (i.numerator.empty() && !i.denominator.empty()) e.add("numerator", "impact_plans.errors.numerator_required");
  if (!is_level(i.level)) e.add("level", "impact_plans.errors.level");
  if (i.unit.empty()) e.add("unit", "impact_plans.errors.unit_required");
  else if (too_long(i.unit, kMaxShort)) e.add("unit", "impact_plans.errors.too_long");
  if (!is_direction(i.direction)) e.add("direction", "impact_plans.errors.direction");
  if (i.aggregate != "sum" && i.aggregate != "mean") e.add("aggregate", "impact_aggregate.errors.aggregate");
  if (too_long(i.catalogue_code, kMaxShort)) e.add("catalogue_code", "impact_plans.errors.too_long");
  return e;
}

std::array<bool, 7> step_completeness(const PlanContents& p) {
  std::array<bool, 7> done{};
  done[0] = !p.plan.situation.empty();
  done[1] = !p.plan.goals.empty();
  done[2] = !p.groups.empty();
  std::vector<std::int64_t> chosen;
  for (auto& i : p.indicators) chosen.push_back(i.indicator.id);
  done[3] = !chosen.empty() && missing_required(p.required, chosen).empty();
  done[4] = !p.indicators.empty() && std::all_of(p.indicators.begin(), p.indicators.end(), [](const PlanIndicator& i) {
              return !i.criterion.baseline.empty() && !i.baseline_date.empty();
            });
  done[5] = !p.plan.schedule.empty() && !p.measurements.empty();
  done[6] = !p.evaluations.empty();
  return done;
}

int completed_steps(const std::array<bool, 7>& done) {
  return static_cast<int>(std::count(done.begin(), done.end(), true));
}

std::vector<std::int64_t> missing_required(const std::vector<std::int64_t>& required,
                                           const std::vector<std::int64_t>& chosen) {
  std::vector<std::int64_t> out;
  for (auto id : required)
    if (std::find(chosen.begin(), chosen.end(), id) == chosen.end()) out.push_back(id);
  return out;
}

web::FieldErrors validate_ferd(const FerdYear& f) {
  web::FieldErrors e;
  if (f.high_contact < 0) e.add("high_contact", "impact_plans.errors.count");
  if (f.low_contact < 0) e.add("low_contact", "impact_plans.errors.count");
  if (too_long(f.success_criterion, kMaxText)) e.add("success_criterion", "impact_plans.errors.too_long");
  if (f.success_percent && (*f.success_percent < 0 || *f.success_percent > 100))
    e.add("success_percent", "impact_plans.errors.percent");
  if (f.success_percent && f.success_criterion.empty())
    e.add("success_criterion", "impact_plans.errors.criterion_required");
  if (too_long(f.story, kMaxStory)) e.add("story", "impact_plans.errors.too_long");
  if (f.story_consent && !f.story_about_person) e.add("story_consent", "impact_plans.errors.consent_without_person");
  return e;
}

bool story_is_public(const FerdYear& f) { return !f.story.empty() && (!f.story_about_person || f.story_consent); }

std::optional<std::int64_t> parse_signed_kroner(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && text[i] == ' ') ++i;
  bool negative = false;
  if (text.substr(i, 1) == "-") negative = true, i += 1;
  else if (text.substr(i, 3) == "\xE2\x88\x92") negative = true, i += 3;
  auto v = money::parse_kroner(text.substr(i));
  if (!v) return std::nullopt;
  return negative ? -*v : *v;
}

}  // namespace samskap::impact
