#include "grants/rules.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "platform/core/money.hpp"

namespace samskap::grants {

namespace {

const date::time_zone* oslo() {
  static const date::time_zone* z = date::locate_zone("Europe/Oslo");
  return z;
}

bool digits(std::string_view s, std::size_t pos, std::size_t len, int& out) {
  out = 0;
  if (pos + len > s.size()) return false;
  for (std::size_t i = pos; i < pos + len; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

std::string format_utc(date::sys_seconds t) { return date::format("%Y-%m-%dT%H:%M:%SZ", t); }

// "YYYY-MM-DDTHH:MM:SS…" (UTC) → seconds; nullopt when unreadable.
std::optional<date::sys_seconds> parse_utc(std::string_view iso) {
  int y, mo, d, h = 0, mi = 0, s = 0;
  if (!digits(iso, 0, 4, y) || iso.size() < 10 || iso[4] != '-' || !digits(iso, 5, 2, mo) || iso[7] != '-' ||
      !digits(iso, 8, 2, d))
    return std::nullopt;
  if (iso.size() >= 19 && !(digits(iso, 11, 2, h) && digits(iso, 14, 2, mi) && digits(iso, 17, 2, s)))
    return std::nullopt;
  auto ymd = date::year{y} / mo / d;
  if (!ymd.ok()) return std::nullopt;
  return date::sys_days{ymd} + std::chrono::hours{h} + std::chrono::minutes{mi} + std::chrono::seconds{s};
}

bool parse_date(std::string_view s, int& y, int& m, int& d) {
  return s.size() == 10 && digits(s, 0, 4, y) && s[4] == '-' && digits(s, 5, 2, m) && s[7] == '-' &&
         digits(s, 8, 2, d);
}

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

std::string joined(const std::vector<std::string>& items, const NameOf& name = nullptr) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += name ? name(items[i]) : items[i];
  }
  return out;
}

}  // namespace

// ---- time ----

std::optional<std::string> oslo_to_utc_iso(int year, unsigned month, unsigned day, int hour, int minute, int second) {
  auto ymd = date::year{year} / month / day;
  if (!ymd.ok() || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
    return std::nullopt;
  auto local = date::local_days{ymd} + std::chrono::hours{hour} + std::chrono::minutes{minute} +
               std::chrono::seconds{second};
  auto info = oslo()->get_info(local);
  // A wall time skipped in March counts from the offset before the jump (02:30 is read as 03:30
  // summer time); one that occurs twice in October is the first of the two.
  auto utc = date::sys_seconds{local.time_since_epoch()} - info.first.offset;
  return format_utc(utc);
}

std::optional<std::string> closing_of_day(std::string_view d) {
  int y, m, day;
  if (!parse_date(d, y, m, day)) return std::nullopt;
  return oslo_to_utc_iso(y, static_cast<unsigned>(m), static_cast<unsigned>(day), 23, 59, 59);
}

std::optional<std::string> opening_of_day(std::string_view d) {
  int y, m, day;
  if (!parse_date(d, y, m, day)) return std::nullopt;
  return oslo_to_utc_iso(y, static_cast<unsigned>(m), static_cast<unsigned>(day), 0, 0, 0);
}

std::optional<std::string> oslo_input_to_utc(std::string_view text, bool end_of_day) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.size() == 10) return end_of_day ? closing_of_day(text) : opening_of_day(text);
  int y, m, d, h, mi, s = 0;
  if (text.size() != 16 && text.size() != 19) return std::nullopt;
  if (!parse_date(text.substr(0, 10), y, m, d) || (text[10] != 'T' && text[10] != ' ') || !digits(text, 11, 2, h) ||
      text[13] != ':' || !digits(text, 14, 2, mi))
    return std::nullopt;
  if (text.size() == 19) {
    if (text[16] != ':' || !digits(text, 17, 2, s)) return std::nullopt;
  } else if (end_of_day) {
    s = 59;  // a closing minute lasts to its end
  }
  return oslo_to_utc_iso(y, static_cast<unsigned>(m), static_cast<unsigned>(d), h, mi, s);
}

std::string utc_to_oslo_input(std::string_view iso) {
  auto t = parse_utc(iso);
  if (!t) return std::string(iso);
  auto local = oslo()->to_local(*t);
  return date::format("%Y-%m-%dT%H:%M", date::floor<std::chrono::minutes>(local));
}

std::string oslo_date_of(std::string_view iso) {
  auto t = parse_utc(iso);
  if (!t) return std::string(iso.substr(0, std::min<std::size_t>(iso.size(), 10)));
  auto local = oslo()->to_local(*t);
  return date::format("%Y-%m-%d", date::floor<date::days>(local));
}

CallState call_state(std::string_view opens_at, std::string_view closes_at, std::string_view now) {
  auto o = parse_utc(opens_at), c = parse_utc(closes_at), n = parse_utc(now);
  if (!o || !c || !n) return CallState::closed;
  if (*n < *o) return CallState::upcoming;
  if (*n > *c) return CallState::closed;
  return CallState::open;
}

bool deadline_passed(std::string_view closes_at, std::string_view now) {
  auto c = parse_utc(closes_at), n = parse_utc(now);
  if (!c || !n) return true;
  return *n > *c;
}

// ---- rule sets ----

bool is_eligibility_kind(std::string_view s) { return one_of(eligibility_kinds, s); }

std::string lists_to_json(const RuleSet& r) {
  nlohmann::json eligibility = nlohmann::json::array(), priorities = nlohmann::json::array();
  for (auto& e : r.eligibility)
    eligibility.push_back({{"key", e.key},
                           {"kind", e.kind},
                           {"values", e.values},
                           {"statement", e.statement},
                           {"attachment", e.attachment}});
  for (auto& p : r.priorities) priorities.push_back({{"key", p.key}, {"label", p.label}, {"weight", p.weight}});
  nlohmann::json out = {
      {"eligibility", eligibility}, {"priorities", priorities}, {"attachments", r.required_attachments},
      {"reports",
       {{"annual_due", r.reports.annual_due},
        {"final_months_after", r.reports.final_months_after},
        {"final_days_after", r.reports.final_days_after},
        {"reminder_days", r.reports.reminder_days}}}};
  return out.dump();
}

void lists_from_json(RuleSet& r, std::string_view text) {
  try {
    auto j = nlohmann::json::parse(text);
    r.eligibility.clear();
    r.priorities.clear();
    r.required_attachments.clear();
    for (auto& e : j.at("eligibility"))
      r.eligibility.push_back({e.at("key").get<std::string>(), e.at("kind").get<std::string>(),
                               e.value("values", std::vector<std::string>{}), e.value("statement", std::string()),
                               e.value("attachment", false)});
    for (auto& p : j.at("priorities"))
      r.priorities.push_back({p.at("key").get<std::string>(), p.at("label").get<std::string>(), p.at("weight").get<int>()});
    for (auto& a : j.at("attachments")) r.required_attachments.push_back(a.get<std::string>());
    r.reports = ReportRule{};  // rule sets saved before reports had rules get the defaults
    if (auto it = j.find("reports"); it != j.end()) {
      r.reports.annual_due = it->value("annual_due", r.reports.annual_due);
      r.reports.final_months_after = it->value("final_months_after", r.reports.final_months_after);
      r.reports.final_days_after = it->value("final_days_after", r.reports.final_days_after);
      r.reports.reminder_days = it->value("reminder_days", r.reports.reminder_days);
    }
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("regelsettet kan ikke leses: ") + e.what());
  }
}

const RuleSet* rule_set_in_force(const std::vector<RuleSet>& sets, std::string_view day) {
  const RuleSet* best = nullptr;
  for (auto& s : sets)
    if (s.valid_from <= day && (!best || s.valid_from > best->valid_from || (s.valid_from == best->valid_from && s.id > best->id)))
      best = &s;
  return best;
}

std::vector<std::pair<std::string, std::string>> check_rule_set(const RuleSet& r) {
  std::vector<std::pair<std::string, std::string>> out;
  int y, m, d;
  if (!parse_date(r.valid_from, y, m, d) || !(date::year{y} / m / d).ok())
    out.emplace_back("valid_from", "grants.errors.valid_from");
  if (r.max_months < 1 || r.max_months > 120) out.emplace_back("max_months", "grants.errors.max_months");
  if (r.min_cofinancing_percent < 0 || r.min_cofinancing_percent > 99)
    out.emplace_back("min_cofinancing_percent", "grants.errors.cofinancing_percent");
  std::vector<std::string> keys;
  for (auto& e : r.eligibility) {
    if (!is_eligibility_kind(e.kind)) out.emplace_back("eligibility", "grants.errors.eligibility_kind");
    if ((e.kind == "org_form" || e.kind == "municipality") && e.values.empty())
      out.emplace_back("eligibility", "grants.errors.eligibility_values");
    if (e.kind == "declaration" && e.statement.empty()) out.emplace_back("eligibility", "grants.errors.statement");
    if (e.key.empty() || std::find(keys.begin(), keys.end(), e.key) != keys.end())
      out.emplace_back("eligibility", "grants.errors.eligibility_key");
    keys.push_back(e.key);
  }
  for (auto& p : r.priorities)
    if (p.label.empty() || p.weight < 1 || p.weight > 10) out.emplace_back("priorities", "grants.errors.priority");
  // The report rule: a day that exists in some year (29 February does), days in range.
  int due_month = 0, due_day = 0;
  const auto& due = r.reports.annual_due;
  if (due.size() != 5 || due[2] != '-' || !digits(due, 0, 2, due_month) || !digits(due, 3, 2, due_day) ||
      !(date::year{2028} / due_month / due_day).ok())
    out.emplace_back("report_day", "grants_files.report_rule.errors.annual_due");
  if (r.reports.final_days_after < -1 || r.reports.final_days_after > kMaxFinalDaysAfter)
    out.emplace_back("final_days", "grants_files.report_rule.errors.final_days");
  if (r.reports.reminder_days < 1 || r.reports.reminder_days > kMaxReminderDays)
    out.emplace_back("reminder_days", "grants_files.report_rule.errors.reminder_days");
  return out;
}

// ---- money ----

bool is_financing_source(std::string_view s) { return one_of(financing_sources, s); }

Totals totals(const std::vector<BudgetLine>& budget, const std::vector<FinancingLine>& financing) {
  Totals t;
  for (auto& b : budget) t.budget += b.amount;
  for (auto& f : financing) {
    t.financing += f.amount;
    if (f.source == "scheme") t.requested += f.amount;
    else t.cofinancing += f.amount;
  }
  return t;
}

bool cofinancing_enough(std::int64_t cofinancing, std::int64_t budget, int min_percent) {
  if (min_percent <= 0) return true;
  if (budget <= 0) return false;
  // Amounts are below 10^15 øre, so times 100 stays far inside 64 bits.
  return cofinancing * 100 >= static_cast<std::int64_t>(min_percent) * budget;
}

std::string percent_text(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return "0 %";
  std::int64_t permille = part * 1000 / whole;
  std::string out = std::to_string(permille / 10);
  if (permille % 10) out += "," + std::to_string(permille % 10);
  return out + " %";
}

// ---- period ----

bool is_month(std::string_view s) {
  int y, m;
  return s.size() == 7 && digits(s, 0, 4, y) && s[4] == '-' && digits(s, 5, 2, m) && m >= 1 && m <= 12 && y >= 2000;
}

std::optional<int> period_months(std::string_view from, std::string_view to) {
  if (!is_month(from) || !is_month(to)) return std::nullopt;
  int fy, fm, ty, tm;
  digits(from, 0, 4, fy);
  digits(from, 5, 2, fm);
  digits(to, 0, 4, ty);
  digits(to, 5, 2, tm);
  int months = (ty * 12 + tm) - (fy * 12 + fm) + 1;
  if (months < 1) return std::nullopt;
  return months;
}

// ---- self-check ----

namespace {

Finding finding(std::string rule, bool passed, std::string step, std::string key,
                std::vector<std::pair<std::string, std::string>> args = {}) {
  return {std::move(rule), passed, std::move(step), std::move(key), std::move(args)};
}

const Declaration* declaration_for(const ApplicationFacts& app, const std::string& key) {
  for (auto& d : app.declarations)
    if (d.rule_key == key) return &d;
  return nullptr;
}

}  // namespace

std::vector<Finding> self_check(const RuleSet& rules, const OrgFacts& org, const ApplicationFacts& app,
                                const std::string& owner, const NameOf& municipality_name) {
  std::vector<Finding> out;
  // The application itself.
  out.push_back(!app.title.empty() && !app.description.empty()
                    ? finding("project", true, "prosjekt", "grants.check.project.passed")
                    : finding("project", false, "prosjekt", "grants.check.project.missing"));
  bool any_result = std::any_of(app.results.begin(), app.results.end(),
                                [](auto& c) { return !c.description.empty() && !c.indicator.empty(); });
  out.push_back(any_result ? finding("results", true, "resultater", "grants.check.results.passed")
                           : finding("results", false, "resultater", "grants.check.results.missing"));

  // The period.
  auto months = period_months(app.period_from, app.period_to);
  const std::string max = std::to_string(rules.max_months);
  if (!months) out.push_back(finding("period", false, "prosjekt", "grants.check.period.missing", {{"max", max}}));
  else if (*months > rules.max_months)
    out.push_back(finding("period", false, "prosjekt", "grants.check.period.too_long",
                          {{"months", std::to_string(*months)}, {"max", max}}));
  else
    out.push_back(finding("period", true, "prosjekt", "grants.check.period.passed",
                          {{"months", std::to_string(*months)}, {"max", max}}));

  // Budget and financing.
  auto t = totals(app.budget, app.financing);
  auto kr = [](std::int64_t ore) { return money::format_kroner(ore); };
  if (app.budget.empty() || t.budget <= 0) {
    out.push_back(finding("budget", false, "budsjett", "grants.check.budget.empty"));
  } else if (!t.balanced()) {
    std::int64_t diff = t.budget > t.financing ? t.budget - t.financing : t.financing - t.budget;
    out.push_back(finding("budget", false, "budsjett",
                          t.budget > t.financing ? "grants.check.budget.underfinanced" : "grants.check.budget.overfinanced",
                          {{"budget", kr(t.budget)}, {"financing", kr(t.financing)}, {"difference", kr(diff)}}));
  } else {
    out.push_back(finding("budget", true, "budsjett", "grants.check.budget.passed", {{"budget", kr(t.budget)}}));
  }
  if (t.requested <= 0) out.push_back(finding("requested", false, "budsjett", "grants.check.requested.missing"));
  else
    out.push_back(finding("requested", true, "budsjett", "grants.check.requested.passed", {{"amount", kr(t.requested)}}));
  if (rules.min_cofinancing_percent > 0) {
    const std::string min = std::to_string(rules.min_cofinancing_percent);
    bool ok = t.budget > 0 && cofinancing_enough(t.cofinancing, t.budget, rules.min_cofinancing_percent);
    std::vector<std::pair<std::string, std::string>> args = {
        {"min", min}, {"share", percent_text(t.cofinancing, t.budget)}, {"cofinancing", kr(t.cofinancing)}};
    if (!ok && t.budget > 0) {
      // What the others must at least cover: ceil(budget × min / 100).
      std::int64_t needed = (t.budget * rules.min_cofinancing_percent + 99) / 100;
      args.emplace_back("needed", kr(needed));
      args.emplace_back("max_requested", kr(t.budget - needed));
    }
    out.push_back(finding("cofinancing", ok, "budsjett",
                          ok ? "grants.check.cofinancing.passed"
                             : (t.budget > 0 ? "grants.check.cofinancing.too_low" : "grants.check.cofinancing.no_budget"),
                          std::move(args)));
  }

  // The binding cooperation agreement with the scheme's owner.
  if (rules.cooperation_agreement_required)
    out.push_back(finding("cooperation", app.cooperation_agreement, "vilkar",
                          app.cooperation_agreement ? "grants.check.cooperation.passed" : "grants.check.cooperation.missing",
                          {{"owner", owner}}));

  // Eligibility, rule by rule.
  for (auto& e : rules.eligibility) {
    if (e.kind == "voluntary_register") {
      if (org.in_voluntary_register == true)
        out.push_back(finding(e.key, true, "vilkar", "grants.check.voluntary_register.passed", {{"organisation", org.name}}));
      else
        out.push_back(finding(e.key, false, "vilkar",
                              org.in_voluntary_register ? "grants.check.voluntary_register.not_registered"
                                                        : "grants.check.voluntary_register.unknown",
                              {{"organisation", org.name}}));
    } else if (e.kind == "org_form") {
      std::vector<std::pair<std::string, std::string>> args = {{"organisation", org.name}, {"allowed", joined(e.values)}};
      if (!org.org_form) {
        out.push_back(finding(e.key, false, "vilkar", "grants.check.org_form.unknown", std::move(args)));
      } else {
        bool ok = std::find(e.values.begin(), e.values.end(), *org.org_form) != e.values.end();
        args.emplace_back("form", *org.org_form);
        out.push_back(finding(e.key, ok, "vilkar", ok ? "grants.check.org_form.passed" : "grants.check.org_form.failed",
                              std::move(args)));
      }
    } else if (e.kind == "municipality") {
      std::vector<std::pair<std::string, std::string>> args = {{"organisation", org.name},
                                                               {"allowed", joined(e.values, municipality_name)}};
      if (!org.municipality_number) {
        out.push_back(finding(e.key, false, "vilkar", "grants.check.municipality.unknown", std::move(args)));
      } else {
        bool ok = std::find(e.values.begin(), e.values.end(), *org.municipality_number) != e.values.end();
        args.emplace_back("municipality",
                          municipality_name ? municipality_name(*org.municipality_number) : *org.municipality_number);
        out.push_back(finding(e.key, ok, "vilkar",
                              ok ? "grants.check.municipality.passed" : "grants.check.municipality.failed",
                              std::move(args)));
      }
    } else if (e.kind == "declaration") {
      auto* d = declaration_for(app, e.key);
      std::vector<std::pair<std::string, std::string>> args = {{"statement", e.statement}};
      if (!d || !d->declared)
        out.push_back(finding(e.key, false, "vilkar", "grants.check.declaration.missing", args));
      else if (d->explanation.empty())
        out.push_back(finding(e.key, false, "vilkar", "grants.check.declaration.no_explanation", args));
      else
        out.push_back(finding(e.key, true, "vilkar", "grants.check.declaration.passed", args));
      if (e.attachment) {
        bool has = std::find(app.attachments.begin(), app.attachments.end(), declaration_attachment_tag(e.key)) !=
                   app.attachments.end();
        out.push_back(finding(declaration_attachment_tag(e.key), has, "vedlegg",
                              has ? "grants_files.check.declaration.passed" : "grants_files.check.declaration.missing",
                              std::move(args)));
      }
    }
  }

  // Required attachments, each one by name.
  for (std::size_t i = 0; i < rules.required_attachments.size(); ++i) {
    const auto tag = required_attachment_tag(i);
    bool has = std::find(app.attachments.begin(), app.attachments.end(), tag) != app.attachments.end();
    out.push_back(finding(tag, has, "vedlegg",
                          has ? "grants_files.check.attachment.passed" : "grants_files.check.attachment.missing",
                          {{"name", rules.required_attachments[i]}, {"owner", owner}}));
  }
  return out;
}

std::string required_attachment_tag(std::size_t index) { return "vedlegg-" + std::to_string(index + 1); }

std::string declaration_attachment_tag(std::string_view rule_key) { return "vilkar-" + std::string(rule_key); }

bool all_passed(const std::vector<Finding>& findings) {
  return std::all_of(findings.begin(), findings.end(), [](auto& f) { return f.passed; });
}

}  // namespace samskap::grants
