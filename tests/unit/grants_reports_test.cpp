// When reports on a grant are due: annual reports by the rule's day the year after each calendar
// year of the period but its last, a final report some days (or, in rule sets saved before, at the
// end of a month) after the period, the rule checked and
// stored with the rule set (with defaults for rule sets saved before it existed), and whether a
// report is overdue or its reminder due, judged by the day in Europe/Oslo (around midnight, in
// summer and winter time).
#include <gtest/gtest.h>

#include "grants/report_rules.hpp"
#include "grants/rules.hpp"

namespace {

using namespace samskap::grants;

std::string describe(const std::vector<ReportDue>& s) {
  std::string out;
  for (auto& d : s) out += d.kind + " " + std::to_string(d.year) + " " + d.due_on + "; ";
  return out;
}

TEST(GrantReportSchedule, AnnualReportsByTheThirtyFirstOfMarchAndAFinalReportAfterThePeriod) {
  EXPECT_EQ(describe(report_schedule(ReportRule{}, "2025-05", "2026-12")),
            "annual 2025 2026-03-31; final 2026 2027-03-31; ");
  EXPECT_EQ(describe(report_schedule(ReportRule{}, "2025-01", "2027-06")),
            "annual 2025 2026-03-31; annual 2026 2027-03-31; final 2027 2027-09-30; ");
}

TEST(GrantReportSchedule, APeriodWithinOneYearHasOnlyTheFinalReport) {
  EXPECT_EQ(describe(report_schedule(ReportRule{}, "2027-01", "2027-06")), "final 2027 2027-09-30; ");
  // Three months after November is February: the end of February, also in a leap year.
  EXPECT_EQ(describe(report_schedule(ReportRule{}, "2027-03", "2027-11")), "final 2027 2028-02-29; ");
  EXPECT_EQ(describe(report_schedule(ReportRule{}, "2026-03", "2026-11")), "final 2026 2027-02-28; ");
}

TEST(GrantReportSchedule, FollowsTheRuleSetsRule) {
  ReportRule rule;
  rule.annual_due = "02-29";
  rule.final_months_after = 0;
  // 29 February only exists in leap years; otherwise the 28th.
  EXPECT_EQ(describe(report_schedule(rule, "2026-06", "2028-08")),
            "annual 2026 2027-02-28; annual 2027 2028-02-29; final 2028 2028-08-31; ");
  rule.annual_due = "nonsense";
  EXPECT_EQ(describe(report_schedule(rule, "2026-06", "2027-01")), "annual 2026 2027-03-31; final 2027 2027-01-31; ");
}

TEST(GrantReportSchedule, UnreadablePeriodsHaveNoSchedule) {
  EXPECT_TRUE(report_schedule(ReportRule{}, "", "").empty());
  EXPECT_TRUE(report_schedule(ReportRule{}, "2027-13", "2028-01").empty());
  EXPECT_TRUE(report_schedule(ReportRule{}, "2028-02", "2028-01").empty());
}

TEST(GrantReportSchedule, TheRuleIsStoredWithTheRuleSetAndDefaultsWhenMissing) {
  RuleSet r;
  r.reports.annual_due = "04-30";
  r.reports.final_months_after = 2;
  r.reports.reminder_days = 7;
  RuleSet back;
  lists_from_json(back, lists_to_json(r));
  EXPECT_EQ(back.reports.annual_due, "04-30");
  EXPECT_EQ(back.reports.final_months_after, 2);
  EXPECT_EQ(back.reports.reminder_days, 7);
  RuleSet old;
  lists_from_json(old, R"({"eligibility":[],"priorities":[],"attachments":[]})");
  EXPECT_EQ(old.reports.annual_due, "03-31");
  EXPECT_EQ(old.reports.final_months_after, 3);
  EXPECT_EQ(old.reports.reminder_days, 14);
  EXPECT_EQ(old.reports.final_days_after, -1) << "rule sets saved before keep the months";
  r.reports.final_days_after = 45;
  lists_from_json(back, lists_to_json(r));
  EXPECT_EQ(back.reports.final_days_after, 45);
}

TEST(GrantReportSchedule, AFinalReportSomeDaysAfterThePeriodsLastDay) {
  ReportRule rule;
  rule.annual_due = "04-30";
  rule.final_days_after = 60;
  // The period ends 31 December 2026; 60 days later is 1 March 2027.
  EXPECT_EQ(describe(report_schedule(rule, "2025-05", "2026-12")), "annual 2025 2026-04-30; final 2026 2027-03-01; ");
  // Over a leap day: 31 January 2028 + 30 days is 1 March 2028.
  rule.final_days_after = 30;
  EXPECT_EQ(describe(report_schedule(rule, "2027-02", "2028-01")), "annual 2027 2028-04-30; final 2028 2028-03-01; ");
  rule.final_days_after = 0;
  EXPECT_EQ(describe(report_schedule(rule, "2027-02", "2027-06")), "final 2027 2027-06-30; ");
}

TEST(GrantReportRule, IsCheckedWithTheRuleSet) {
  auto problems = [](const ReportRule& rule) {
    RuleSet r;
    r.valid_from = "2027-01-01";
    r.reports = rule;
    std::string out;
    for (auto& [field, key] : check_rule_set(r)) out += field + ":" + key + " ";
    return out;
  };
  ReportRule ok;
  ok.final_days_after = 90;
  EXPECT_EQ(problems(ok), "");
  ok.annual_due = "02-29";  // exists in leap years, and falls back to the 28th in others
  EXPECT_EQ(problems(ok), "");
  EXPECT_EQ(problems(ReportRule{}), "") << "a rule set saved before, with months";
  for (auto due : {"04-31", "13-01", "00-10", "3-31", "xx-xx", ""}) {
    auto bad = ok;
    bad.annual_due = due;
    EXPECT_EQ(problems(bad), "report_day:grants_files.report_rule.errors.annual_due ") << due;
  }
  auto bad = ok;
  bad.final_days_after = 366;
  EXPECT_EQ(problems(bad), "final_days:grants_files.report_rule.errors.final_days ");
  bad.final_days_after = -2;  // unreadable in the form
  EXPECT_EQ(problems(bad), "final_days:grants_files.report_rule.errors.final_days ");
  bad = ok;
  bad.reminder_days = 0;
  EXPECT_EQ(problems(bad), "reminder_days:grants_files.report_rule.errors.reminder_days ");
  bad.reminder_days = 91;
  EXPECT_EQ(problems(bad), "reminder_days:grants_files.report_rule.errors.reminder_days ");
}

TEST(GrantReportOverdue, OverdueFromMidnightInOslo) {
  // Summer time (UTC+2): 31 March 2026 ends at 21:59:59 UTC.
  EXPECT_FALSE(report_overdue("2026-03-31", "2026-03-31T21:59:59Z"));
  EXPECT_TRUE(report_overdue("2026-03-31", "2026-03-31T22:00:00Z"));
  // Winter time (UTC+1): 28 February 2027 ends at 22:59:59 UTC.
  EXPECT_FALSE(report_overdue("2027-02-28", "2027-02-28T22:59:59Z"));
  EXPECT_TRUE(report_overdue("2027-02-28", "2027-02-28T23:00:00Z"));
  // Before the due day, never.
  EXPECT_FALSE(report_overdue("2027-03-31", "2027-01-15T12:00:00Z"));
}

TEST(GrantReportReminder, DueFromNDaysBeforeUpToTheDueDayInOslo) {
  // 14 days before 31 March 2026 is 17 March; Oslo is UTC+1 until 29 March.
  EXPECT_FALSE(reminder_due("2026-03-31", 14, "2026-03-16T22:59:59Z"));
  EXPECT_TRUE(reminder_due("2026-03-31", 14, "2026-03-16T23:00:00Z"));
  EXPECT_TRUE(reminder_due("2026-03-31", 14, "2026-03-31T21:59:59Z"));
  EXPECT_FALSE(reminder_due("2026-03-31", 14, "2026-03-31T22:00:00Z"));
  EXPECT_FALSE(reminder_due("not a day", 14, "2026-03-31T12:00:00Z"));
}

}  // namespace
