#pragma once
// When reports on a grant are due, and whether one is overdue or should be reminded of, from the
// rule set's report rule and the granted period; dates are Europe/Oslo days ("YYYY-MM-DD").
#include <string>
#include <string_view>
#include <vector>

#include "grants/rules.hpp"

namespace samskap::grants {

struct ReportDue {
  std::string kind;  // "annual" or "final"
  int year = 0;      // annual: the calendar year reported on; final: the period's last year
  std::string due_on;
};
// Annual reports for each calendar year of the period but its last, due by the rule's "MM-DD" the
// following year (29 February falls back to the 28th in other years), and the final report due at
// final_days_after days after the period's last day (or, when that is not set, at the end of the
// month final_months_after months after the period's last month). Ordered by due date; empty when the period ("YYYY-MM" to "YYYY-MM") cannot be read.
std::vector<ReportDue> report_schedule(const ReportRule& rule, std::string_view period_from, std::string_view period_to);
// Overdue once the due day has passed in Oslo: from 00:00 Oslo time the day after.
bool report_overdue(std::string_view due_on, std::string_view now_iso);
// The reminder is due from reminder_days days before the due day (Oslo) up to and including it.
bool reminder_due(std::string_view due_on, int reminder_days, std::string_view now_iso);

}  // namespace samskap::grants
