#include "grants/views.hpp"

#include <cstdio>

#include "platform/core/clock.hpp"
#include "platform/core/money.hpp"

namespace samskap::grants {

void state_view(const web::Context& ctx, const std::string& opens_at, const std::string& closes_at,
                const std::string& now, render::Object& o) {
  auto state = call_state(opens_at, closes_at, now);
  const char* slug = state == CallState::open ? "open" : state == CallState::upcoming ? "upcoming" : "closed";
  o.set("state", ctx.t(std::string("grants.state.") + slug));
  o.set("state_color", state == CallState::open ? "success" : state == CallState::upcoming ? "info" : "neutral");
  if (state == CallState::open) o.set("is_open", true);
  o.set("opens", clock::oslo_display(opens_at));
  o.set("closes", clock::oslo_display(closes_at));
}

render::Object rules_view(const web::Context& ctx, const directory::Reference& ref, const RuleSet& r) {
  render::Object o;
  int y = 0, m = 0, d = 0;
  if (std::sscanf(r.valid_from.c_str(), "%d-%d-%d", &y, &m, &d) == 3) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d.%02d.%04d", d, m, y);
    o.set("valid_from", std::string(buf));
  } else {
    o.set("valid_from", r.valid_from);
  }
  o.set("max_months", ctx.t("grants.rules.max_months", {{"months", std::to_string(r.max_months)}}));
  if (r.min_cofinancing_percent > 0)
    o.set("cofinancing", ctx.t("grants.rules.cofinancing", {{"percent", std::to_string(r.min_cofinancing_percent)}}));
  if (r.cooperation_agreement_required) o.set("cooperation", ctx.t("grants.rules.cooperation"));
  {
    // "03-31" → "31.03."
    const auto& due = r.reports.annual_due;
    const std::string date = due.size() == 5 ? due.substr(3, 2) + "." + due.substr(0, 2) + "." : due;
    const std::vector<std::pair<std::string, std::string>> args = {
        {"date", date},
        {"days", std::to_string(r.reports.final_days_after)},
        {"months", std::to_string(r.reports.final_months_after)},
        {"reminder", std::to_string(r.reports.reminder_days)}};
    o.set("reports", ctx.t(r.reports.final_days_after >= 0 ? "grants_files.report_rule.text_days"
                                                           : "grants_files.report_rule.text_months",
                           args));
  }
  render::List eligibility;
  for (auto& e : r.eligibility) {
    std::string values;
    for (auto& v : e.values) {
      if (!values.empty()) values += ", ";
      if (e.kind == "municipality") {
        auto* mun = ref.municipality(v);
        values += mun ? mun->name : v;
      } else {
        values += v;
      }
    }
    render::Object x;
    auto text = ctx.t("grants.rules.eligibility." + e.kind, {{"values", values}, {"statement", e.statement}});
    if (e.attachment) text += " " + ctx.t("grants_files.rules.with_attachment");
    x.set("text", std::move(text));
    x.set("automatic", e.kind != "declaration");
    eligibility.emplace_back(std::move(x));
  }
  if (!eligibility.empty()) o.set("has_eligibility", true);
  o.set("eligibility", std::move(eligibility));
  render::List priorities;
  for (auto& p : r.priorities) {
    render::Object x;
    x.set("label", p.label);
    x.set("weight", ctx.t("grants.rules.weight", {{"weight", std::to_string(p.weight)}}));
    priorities.emplace_back(std::move(x));
  }
  if (!priorities.empty()) o.set("has_priorities", true);
  o.set("priorities", std::move(priorities));
  render::List attachments;
  for (auto& a : r.required_attachments) {
    render::Object x;
    x.set("label", a);
    attachments.emplace_back(std::move(x));
  }
  if (!attachments.empty()) o.set("has_attachments", true);
  o.set("attachments", std::move(attachments));
  return o;
}

std::string status_color(std::string_view status) {
  if (status == "draft") return "warning";
  if (status == "refused") return "danger";
  if (status == "under_review") return "info";
  return "success";
}

std::string application_status_label(const web::Context& ctx, std::string_view status) {
  return ctx.t("grants.application_status." + std::string(status));
}

render::Object application_row_view(const web::Context& ctx, const store::ApplicationRow& r) {
  render::Object o;
  o.set("title", r.title.empty() ? ctx.t("grants.application.untitled") : r.title);
  o.set("href", "/tilskudd/soknader/" + std::to_string(r.id));
  o.set("organisation", r.organisation_name);
  o.set("call", r.call_title);
  o.set("call_href", "/tilskudd/" + std::to_string(r.call_id));
  o.set("status", application_status_label(ctx, r.status));
  o.set("status_color", status_color(r.status));
  o.set("closes", clock::oslo_display(r.closes_at));
  o.set("updated", clock::oslo_display(r.updated_at));
  if (r.submitted_at) o.set("submitted", clock::oslo_display(*r.submitted_at));
  o.set("requested", ctx.t("grants.amount", {{"amount", money::format_kroner(r.requested)}}));
  if (r.status == "draft") o.set("is_draft", true);
  return o;
}

}  // namespace samskap::grants
