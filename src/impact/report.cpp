#include "impact/report.hpp"

#include <algorithm>
#include <chrono>
#include <map>

#include "directory/store.hpp"
#include "impact/plan_routes.hpp"
#include "impact/plan_rules.hpp"
#include "impact/plan_store.hpp"
#include "impact/report_chart.hpp"
#include "impact/sroi_form.hpp"
#include "needs/views.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/money.hpp"
#include "platform/pdf/pdf.hpp"
#include "platform/web/password_policy.hpp"

namespace samskap::impact::report {

namespace {

using http::Response;
using web::Access;
using web::Context;

// ---- what the report holds ----

void load_ferd_and_analysis(db::Connection& c, Contents& out) {
  // The public reading of the figures: a story about a person without recorded consent never
  // leaves the database, and the rule decides the rest.
  auto years = store::public_ferd_years_of(c, out.organisation_id);
  if (!years.empty()) {
    out.ferd = years.front();
    if (!story_is_public(*out.ferd)) out.ferd->story.clear();
  }
  auto latest = analyses::list(c, out.organisation_id, 0, 1);
  if (!latest.rows.empty()) out.analysis = latest.rows.front();
}

}  // namespace

std::optional<Contents> for_organisation(db::Connection& c, std::int64_t organisation_id) {
  auto org = directory::store::find(c, organisation_id);
  if (!org || org->status == "deactivated") return std::nullopt;
  Contents out;
  out.organisation_id = organisation_id;
  out.organisation = org->name;
  out.plans = store::plan_count(c, organisation_id);
  // Every plan's chosen indicators, the most recently changed plan first.
  std::map<std::pair<std::int64_t, std::int64_t>, std::size_t> at;  // (plan, indicator) → trend
  c.each(
      "SELECT p.id, p.title, i.id, i.name, i.level, i.unit, i.direction, COALESCE(pi.baseline_value, ''), "
      "COALESCE(pi.baseline_date, ''), COALESCE(pi.target_value, '') FROM impact_plan_indicators pi "
      "JOIN impact_plans p ON p.id = pi.plan_id JOIN impact_indicators i ON i.id = pi.indicator_id "
      "WHERE p.organisation_id = ? ORDER BY p.updated_at DESC, p.id DESC, "
      "CASE i.level WHEN 'resultat' THEN 0 WHEN 'virkning' THEN 1 ELSE 2 END, i.name, i.id",
      {organisation_id}, [&](const db::Row& r) {
        Trend t;
        t.plan_id = r.integer(0);
        t.plan_title = r.str(1);
        auto& ind = t.indicator.indicator;
        ind.id = r.integer(2);
        ind.name = r.str(3);
        ind.level = r.str(4);
        ind.unit = r.str(5);
        ind.direction = r.str(6);
        t.indicator.criterion.id = ind.id;
        t.indicator.criterion.description = ind.name;
        t.indicator.criterion.indicator = ind.unit;
        t.indicator.criterion.baseline = r.str(7);
        t.indicator.baseline_date = r.str(8);
        t.indicator.criterion.target = r.str(9);
        at[{t.plan_id, ind.id}] = out.trends.size();
        out.trends.push_back(std::move(t));
      });
  c.each(
      "SELECT m.plan_id, m.id, m.indicator_id, m.measured_on, COALESCE(m.period_end, ''), m.value, m.sample_size, "
      "m.evidence FROM impact_measurements m JOIN impact_plans p ON p.id = m.plan_id WHERE p.organisation_id = ? "
      "ORDER BY m.plan_id, m.indicator_id, m.measured_on, m.id",
      {organisation_id}, [&](const db::Row& r) {
        auto it = at.find({r.integer(0), r.integer(2)});
        if (it == at.end()) return;  // an indicator no longer chosen
        out.trends[it->second].measurements.push_back(
            {r.integer(1), r.integer(2), r.str(3), r.str(4), r.str(5), r.opt_integer(6), r.str(7)});
      });
  load_ferd_and_analysis(c, out);
  return out;
}

std::optional<Contents> for_plan(db::Connection& c, std::int64_t plan_id) {
  auto p = store::load_plan(c, plan_id);
  if (!p) return std::nullopt;
  Contents out;
  out.organisation_id = p->plan.organisation_id;
  out.organisation = p->plan.organisation_name;
  out.plan_id = plan_id;
  out.plan_title = p->plan.title;
  out.project = p->plan.project;
  out.plans = 1;
  for (auto& pi : p->indicators) {
    Trend t;
    t.plan_id = plan_id;
    t.plan_title = p->plan.title;
    t.indicator = pi;
    for (auto& m : p->measurements)
      if (m.indicator_id == pi.indicator.id) t.measurements.push_back(m);
    out.trends.push_back(std::move(t));
  }
  load_ferd_and_analysis(c, out);
  return out;
}

namespace {

// ---- what the report says (shared by the page and the PDF) ----

std::string tr(const Context& ctx, const std::string& key, const std::vector<std::pair<std::string, std::string>>& args = {}) {
  return ctx.t("impact_report." + key, args);
}

std::string num(const Context& ctx, const std::string& canonical) { return show_decimal(canonical, ctx.lang); }

struct TrendText {
  std::string name, plan, level, unit, baseline, latest, change, target, state;
  bool reached = false;
  bool has_target = false;
};

TrendText trend_text(const Context& ctx, const Trend& t) {
  TrendText x;
  const auto& pi = t.indicator;
  x.name = pi.indicator.name;
  x.plan = t.plan_title;
  x.level = level_label(ctx, pi.indicator.level);
  x.unit = pi.indicator.unit;
  x.baseline = pi.criterion.baseline.empty()
                   ? tr(ctx, "none")
                   : tr(ctx, "value_on", {{"value", num(ctx, pi.criterion.baseline)}, {"date", show_date(pi.baseline_date)}});
  if (t.measurements.empty()) {
    x.latest = tr(ctx, "none");
  } else {
    const auto& m = t.measurements.back();
    x.latest = tr(ctx, "value_on", {{"value", num(ctx, m.value)}, {"date", show_date(m.measured_on)}});
    if (!pi.criterion.baseline.empty()) {
      const double change = std::stod(m.value) - std::stod(pi.criterion.baseline);
      x.change = show_decimal(figure(change), ctx.lang);
      if (change > 0) x.change = "+" + x.change;
    }
  }
  x.target = pi.criterion.target.empty() ? tr(ctx, "none") : num(ctx, pi.criterion.target);
  if (!pi.criterion.target.empty() && !t.measurements.empty()) {
    x.has_target = true;
    const double v = std::stod(t.measurements.back().value), target = std::stod(pi.criterion.target);
    x.reached = pi.indicator.direction == "down" ? v <= target : v >= target;
    x.state = ctx.t(x.reached ? "impact_plans.plan.target_reached" : "impact_plans.plan.target_not_reached");
  }
  return x;
}

std::string kroner_of(const Context& ctx, std::int64_t ore) {
  auto s = money::format_kroner(ore < 0 ? -ore : ore);
  return ctx.t("impact_plans.ferd.amount", {{"amount", (ore < 0 ? "−" : "") + s}});
}

struct SroiText {
  std::string title, ratio, reason;
  std::vector<std::string> conventions;
};

std::optional<SroiText> sroi_text(const Context& ctx, const Contents& c) {
  if (!c.analysis) return std::nullopt;
  SroiText s;
  s.title = c.analysis->title;
  auto in = form::from_json(c.analysis->input);
  auto parsed = form::parse(in);
  if (!parsed.errors.empty()) {
    s.reason = tr(ctx, "sroi.has_errors");
    return s;
  }
  const auto& a = parsed.analysis;
  s.ratio = form::ratio_text(ctx, a);
  if (s.ratio.empty()) s.reason = ctx.t("impact.sroi.reasons.no_investment");
  s.conventions.push_back(form::rate_convention(ctx, a));
  s.conventions.push_back(ctx.t(a.first_year_discounted ? "impact.sroi.conventions.first_year_discounted"
                                                        : "impact.sroi.conventions.first_year_not_discounted"));
  s.conventions.push_back(ctx.t(a.drop_off_start == sroi::DropOffStart::first_year
                                    ? "impact.sroi.conventions.drop_off_first_year"
                                    : "impact.sroi.conventions.drop_off_second_year"));
  return s;
}

std::vector<std::pair<std::string, std::string>> key_figures(const Context& ctx, const Contents& c,
                                                             const std::optional<SroiText>& sroi) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!c.plan_id) out.emplace_back(tr(ctx, "figures.plans"), std::to_string(c.plans));
  std::size_t measured = 0, with_target = 0, reached = 0;
  for (auto& t : c.trends) {
    measured += t.measurements.size();
    auto x = trend_text(ctx, t);
    if (x.has_target) ++with_target;
    if (x.reached) ++reached;
  }
  out.emplace_back(tr(ctx, "figures.indicators"), std::to_string(c.trends.size()));
  out.emplace_back(tr(ctx, "figures.measurements"), std::to_string(measured));
  out.emplace_back(tr(ctx, "figures.targets_reached"),
                   tr(ctx, "figures.of", {{"count", std::to_string(reached)}, {"total", std::to_string(with_target)}}));
  if (c.ferd)
    out.emplace_back(tr(ctx, "figures.reached", {{"year", std::to_string(c.ferd->year)}}),
                     std::to_string(c.ferd->high_contact + c.ferd->low_contact));
  if (sroi && !sroi->ratio.empty()) out.emplace_back(tr(ctx, "figures.ratio"), sroi->ratio);
  return out;
}

std::vector<std::pair<std::string, std::string>> ferd_rows(const Context& ctx, const FerdYear& f) {
  std::vector<std::pair<std::string, std::string>> rows;
  rows.emplace_back(ctx.t("impact_plans.ferd.high_contact"), std::to_string(f.high_contact));
  rows.emplace_back(ctx.t("impact_plans.ferd.low_contact"), std::to_string(f.low_contact));
  if (!f.success_criterion.empty()) {
    std::string v = f.success_criterion;
    if (f.success_percent)
      v += " (" + ctx.t("impact_plans.ferd.percent", {{"percent", std::to_string(*f.success_percent)}}) + ")";
    rows.emplace_back(ctx.t("impact_plans.ferd.success_criterion"), v);
  }
  if (f.revenue) rows.emplace_back(ctx.t("impact_plans.ferd.revenue"), kroner_of(ctx, *f.revenue));
  if (f.result) rows.emplace_back(ctx.t("impact_plans.ferd.result"), kroner_of(ctx, *f.result));
  return rows;
}

std::string subject(const Context& ctx, const Contents& c) {
  return c.plan_id ? tr(ctx, "plan_title", {{"plan", c.plan_title}, {"organisation", c.organisation}})
                   : tr(ctx, "title", {{"organisation", c.organisation}});
}

std::string base_of(const Contents& c) {
  return c.plan_id ? "/effekt/planer/" + std::to_string(*c.plan_id) + "/rapport"
                   : "/effekt/aktorer/" + std::to_string(c.organisation_id) + "/rapport";
}

render::List pairs_view(const std::vector<std::pair<std::string, std::string>>& rows) {
  render::List out;
  for (auto& [k, v] : rows) {
    render::Object o;
    o.set("label", k);
    o.set("value", v);
    out.emplace_back(std::move(o));
  }
  return out;
}

// ---- the page ----

Response page(Context& ctx, const Contents& c) {
  auto sroi = sroi_text(ctx, c);
  render::Object d;
  d.set("title", subject(ctx, c));
  d.set("organisation", c.organisation);
  d.set("ferd_href", "/effekt/aktorer/" + std::to_string(c.organisation_id) + "/ferd");
  if (c.plan_id) d.set("plan_href", "/effekt/planer/" + std::to_string(*c.plan_id));
  if (!c.project.empty()) d.set("project", c.project);
  d.set("pdf_href", base_of(c) + ".pdf");
  d.set("figures", pairs_view(key_figures(ctx, c, sroi)));
  render::List trends;
  for (auto& t : c.trends) {
    auto x = trend_text(ctx, t);
    const auto k = std::to_string(t.plan_id) + "-" + std::to_string(t.indicator.indicator.id);
    render::Object o;
    o.set("key", k);
    o.set("name", x.name);
    if (!c.plan_id) o.set("plan", x.plan);
    o.set("level", x.level);
    o.set("unit", x.unit);
    o.set("baseline", x.baseline);
    o.set("latest", x.latest);
    o.set("change", x.change);
    o.set("target", x.target);
    o.set("state", x.state);
    o.set("caption", ctx.t("impact_plans.plan.table_caption", {{"name", x.name}}));
    render::List rows;
    if (!t.indicator.criterion.baseline.empty()) {
      render::Object r;
      r.set("date", show_date(t.indicator.baseline_date));
      r.set("what", tr(ctx, "baseline"));
      r.set("value", num(ctx, t.indicator.criterion.baseline));
      rows.emplace_back(std::move(r));
    }
    std::vector<const Measurement*> ms;
    for (auto& m : t.measurements) {
      ms.push_back(&m);
      render::Object r;
      r.set("date", show_date(m.measured_on));
      r.set("what", tr(ctx, "measurement"));
      r.set("value", num(ctx, m.value));
      rows.emplace_back(std::move(r));
    }
    if (rows.empty()) o.set("no_rows", true);
    o.set("rows", std::move(rows));
    auto chart = chart_view(ctx, t.indicator, ms, "table-" + k);
    if (!chart.empty()) {
      chart.set("id", "chart-" + k);
      o.set("chart", std::move(chart));
    }
    trends.emplace_back(std::move(o));
  }
  if (trends.empty()) d.set("no_trends", true);
  d.set("trends", std::move(trends));
  if (c.ferd) {
    render::Object f;
    f.set("year", std::to_string(c.ferd->year));
    f.set("heading", tr(ctx, "ferd_heading", {{"year", std::to_string(c.ferd->year)}}));
    f.set("rows", pairs_view(ferd_rows(ctx, *c.ferd)));
    d.set("ferd", std::move(f));
    if (!c.ferd->story.empty()) d.set("story", c.ferd->story);
    else if (c.ferd->story_about_person && !c.ferd->story_consent) d.set("story_withheld", true);
  }
  if (sroi) {
    render::Object s;
    s.set("title", sroi->title);
    s.set("ratio", sroi->ratio);
    s.set("reason", sroi->reason);
    render::List conv;
    for (auto& v : sroi->conventions) conv.emplace_back(v);
    if (!conv.empty()) s.set("has_conventions", true);
    s.set("conventions", std::move(conv));
    s.set("href", "/aktorer/" + std::to_string(c.organisation_id) + "/sroi/" + std::to_string(c.analysis->id));
    d.set("sroi", std::move(s));
  }
  return ctx.page("impact/report", std::move(d));
}

Response organisation_page(Context& ctx) {
  auto c = for_organisation(ctx.db(), *needs::id_param(ctx));
  if (!c) return ctx.error_page(404);
  return page(ctx, *c);
}

Response plan_page(Context& ctx) {
  auto c = for_plan(ctx.db(), *needs::id_param(ctx));
  if (!c) return ctx.error_page(404);
  return page(ctx, *c);
}

// ---- the PDF ----

// At most `bytes` bytes of UTF-8 text, cut at a word and marked with "…".
std::string shortened(const std::string& text, std::size_t bytes) {
  if (text.size() <= bytes) return text;
  std::size_t cut = bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  auto space = text.rfind(' ', cut);
  if (space != std::string::npos && space > bytes / 2) cut = space;
  return text.substr(0, cut) + " …";
}

// One trend's cell in the PDF's grid of charts.
ChartCell chart_cell(const Context& ctx, const Trend& t) {
  auto x = trend_text(ctx, t);
  ChartCell cell;
  cell.name = x.name;
  cell.summary = tr(ctx, "baseline") + ": " + x.baseline + " · " + tr(ctx, "latest") + ": " + x.latest;
  if (!x.change.empty()) cell.summary += " (" + x.change + ")";
  cell.summary += " · " + ctx.t("impact_plans.plan.target") + ": " + x.target;
  if (!x.state.empty()) cell.summary += " · " + x.state;
  const auto& pi = t.indicator;
  if (!pi.criterion.baseline.empty()) {
    cell.baseline = std::stod(pi.criterion.baseline);
    cell.points.emplace_back(show_date(pi.baseline_date), *cell.baseline);
  }
  for (auto& m : t.measurements) cell.points.emplace_back(show_date(m.measured_on), std::stod(m.value));
  if (!pi.criterion.target.empty()) cell.target = std::stod(pi.criterion.target);
  cell.empty_text = ctx.t("impact_more.pdf.no_points");
  return cell;
}

// The report as a PDF document showing at most `cap` of the trends.
pdf::Document pdf_document(const Context& ctx, const Contents& c, std::size_t cap) {
  auto sroi = sroi_text(ctx, c);
  pdf::Document doc;
  doc.title = subject(ctx, c);
  doc.author = c.organisation;
  doc.add_title(subject(ctx, c));
  if (!c.project.empty()) doc.add_paragraph(ctx.t("impact_plans.plans.project") + ": " + c.project);
  doc.add_heading(tr(ctx, "figures.heading"));
  doc.add_drawing(figure_tiles(key_figures(ctx, c, sroi)));
  doc.add_heading(tr(ctx, "trends_heading"));
  if (c.trends.empty()) doc.add_paragraph(tr(ctx, "no_trends"));
  // Each trend as a small chart, like the SVG on the page, with its figures in words beneath.
  std::vector<ChartCell> row;
  for (std::size_t k = 0; k < c.trends.size() && k < cap; ++k) {
    row.push_back(chart_cell(ctx, c.trends[k]));
    if (row.size() == kChartColumns) doc.add_drawing(chart_row(row, ctx.lang)), row.clear();
  }
  if (!row.empty()) doc.add_drawing(chart_row(row, ctx.lang));
  if (cap > 0) doc.add_drawing(note(ctx.t("impact_more.pdf.legend")));
  if (c.trends.size() > cap) doc.add_paragraph(tr(ctx, "more", {{"count", std::to_string(c.trends.size() - cap)}}));
  if (c.ferd) {
    doc.add_heading(tr(ctx, "ferd_heading", {{"year", std::to_string(c.ferd->year)}}));
    doc.add_table(ferd_rows(ctx, *c.ferd));
  } else {
    doc.add_heading(tr(ctx, "ferd_title"));
    doc.add_paragraph(tr(ctx, "no_ferd"));
  }
  doc.add_heading(tr(ctx, "sroi.heading"));
  if (!sroi) {
    doc.add_paragraph(tr(ctx, "sroi.none"));
  } else {
    std::string line = sroi->title;
    if (!sroi->ratio.empty()) line += " · " + tr(ctx, "figures.ratio") + ": " + sroi->ratio;
    doc.add_paragraph(line);
    if (!sroi->reason.empty()) doc.add_paragraph(sroi->reason);
    std::string conventions;
    for (auto& v : sroi->conventions) conventions += (conventions.empty() ? "" : " ") + v;
    if (!conventions.empty()) doc.add_paragraph(conventions);
  }
  if (c.ferd && !c.ferd->story.empty()) {
    doc.add_heading(tr(ctx, "story_heading"));
    doc.add_paragraph(shortened(c.ferd->story, 700));
  } else if (c.ferd && c.ferd->story_about_person && !c.ferd->story_consent) {
    doc.add_paragraph(tr(ctx, "story_withheld"));
  }
  doc.add_paragraph(tr(ctx, "generated", {{"date", show_date(clock::oslo_date(std::chrono::system_clock::now()))}}));
  return doc;
}

Response pdf_response(const Context& ctx, const Contents& c, const std::string& filename) {
  // As many trends as fit on one page: fewer, and "and N more", until it does.
  std::size_t cap = std::min(c.trends.size(), kPdfMaxTrends);
  auto out = pdf::render(pdf_document(ctx, c, cap));
  while (out.pages > 1 && cap > 0) out = pdf::render(pdf_document(ctx, c, --cap));
  Response res;
  res.body = std::move(out.bytes);
  res.set_header("Content-Type", "application/pdf");
  res.set_header("Content-Disposition", "inline; filename=\"" + filename + "\"");
  return res;
}

Response organisation_pdf(Context& ctx) {
  auto c = for_organisation(ctx.db(), *needs::id_param(ctx));
  if (!c) return ctx.error_page(404);
  return pdf_response(ctx, *c, "effektrapport-" + std::to_string(c->organisation_id) + ".pdf");
}

Response plan_pdf(Context& ctx) {
  auto c = for_plan(ctx.db(), *needs::id_param(ctx));
  if (!c) return ctx.error_page(404);
  return pdf_response(ctx, *c, "effektrapport-plan-" + std::to_string(*c->plan_id) + ".pdf");
}

// ---- access ----

bool may_view_organisation(Context& ctx) {
  auto id = needs::id_param(ctx);
  if (!id) return false;
  return ctx.has_role(web::role_coordinator) || member_of(ctx, *id);
}

bool may_view_plan(Context& ctx) {
  auto id = needs::id_param(ctx);
  if (!id) return false;
  if (ctx.has_role(web::role_coordinator)) return true;
  auto p = store::find_plan(ctx.db(), *id);
  return p && member_of(ctx, p->organisation_id);
}

}  // namespace

void mount(web::Router& r) {
  const auto org = Access::when("member of the organisation, or coordinator", may_view_organisation);
  const auto plan = Access::when("member of the plan's organisation, or coordinator", may_view_plan);
  r.get("/effekt/aktorer/{id}/rapport", org, organisation_page);
  r.get("/effekt/planer/{id}/rapport", plan, plan_page);
  r.get("/effekt/aktorer/{id}/rapport.pdf", org, organisation_pdf);
  r.get("/effekt/planer/{id}/rapport.pdf", plan, plan_pdf);
}

}  // namespace samskap::impact::report
