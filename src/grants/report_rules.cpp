#include "grants/report_rules.hpp"

#include <date/date.h>

#include <charconv>

namespace samskap::grants {

namespace {

bool number(std::string_view s, int& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

bool month_of(std::string_view s, int& y, unsigned& m) {
  int mm = 0;
  if (s.size() != 7 || s[4] != '-' || !number(s.substr(0, 4), y) || !number(s.substr(5, 2), mm) || mm < 1 || mm > 12)
    return false;
  m = static_cast<unsigned>(mm);
  return true;
}

std::string text_of(date::year_month_day d) { return date::format("%F", date::sys_days{d}); }

std::optional<date::year_month_day> day_of(std::string_view s) {
  int y = 0, m = 0, d = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !number(s.substr(0, 4), y) || !number(s.substr(5, 2), m) ||
      !number(s.substr(8, 2), d))
    return std::nullopt;
  date::year_month_day out{date::year{y}, date::month{static_cast<unsigned>(m)}, date::day{static_cast<unsigned>(d)}};
  if (!out.ok()) return std::nullopt;
  return out;
}

}  // namespace

std::vector<ReportDue> report_schedule(const ReportRule& rule, std::string_view from, std::string_view to) {
  int y1 = 0, y2 = 0;
  unsigned m1 = 0, m2 = 0;
  if (!month_of(from, y1, m1) || !month_of(to, y2, m2) || y2 * 12 + m2 < y1 * 12 + m1) return {};
  int due_month = 3, due_day = 31;
  if (rule.annual_due.size() != 5 || rule.annual_due[2] != '-' || !number(rule.annual_due.substr(0, 2), due_month) ||
      !number(rule.annual_due.substr(3, 2), due_day) || due_month < 1 || due_month > 12 || due_day < 1 || due_day > 31) {
    due_month = 3;
    due_day = 31;
  }
  std::vector<ReportDue> out;
  for (int y = y1; y < y2; ++y) {
    const auto ym = date::year{y + 1} / date::month{static_cast<unsigned>(due_month)};
    const auto last = (ym / date::last).day();
    const auto day = std::min(date::day{static_cast<unsigned>(due_day)}, last);
    out.push_back({"annual", y, text_of(ym / day)});
  }
  if (rule.final_days_after >= 0) {
    const auto last = date::sys_days{date::year{y2} / date::month{m2} / date::last};
    out.push_back({"final", y2, text_of(date::year_month_day{last + date::days{rule.final_days_after}})});
  } else {
    const int after = std::max(0, rule.final_months_after);
    const auto end = date::year{y2} / date::month{m2} + date::months{after};
    out.push_back({"final", y2, text_of(end / date::last)});
  }
  return out;
}

bool report_overdue(std::string_view due_on, std::string_view now_iso) {
  const auto today = oslo_date_of(now_iso);
  return !today.empty() && std::string_view(today) > due_on;
}

bool reminder_due(std::string_view due_on, int reminder_days, std::string_view now_iso) {
  auto due = day_of(due_on);
  if (!due) return false;
  const auto first = text_of(date::year_month_day{date::sys_days{*due} - date::days{std::max(0, reminder_days)}});
  const auto today = oslo_date_of(now_iso);
  return std::string_view(today) >= first && std::string_view(today) <= due_on;
}

}  // namespace samskap::grants
