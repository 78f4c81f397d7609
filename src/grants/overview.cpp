// The scheme owner's overview: per pot year the pot, what has been committed (granted), paid and
// what remains; submitted applications per year and stage; overdue reports; the grants with their
// payments; and the same figures with every grant as an XLSX workbook for the municipal accounts.
// Paid is counted against the pot year of the grant it was paid on, so the year's row tells how
// much of that year's commitments has been paid out.
#include <xlsxwriter.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unistd.h>

#include "grants/access.hpp"
#include "grants/after.hpp"
#include "grants/after_store.hpp"
#include "grants/rules.hpp"
#include "grants/views.hpp"
#include "needs/views.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/money.hpp"
#include "platform/web/pagination.hpp"

namespace samskap::grants {

namespace {

using http::Response;
using web::Access;
using web::Context;

constexpr std::int64_t kPageSize = 25;
constexpr std::array<std::string_view, 4> kStages = {"submitted", "under_review", "granted", "refused"};

std::optional<Scheme> scheme_of(Context& ctx) {
  auto id = needs::id_param(ctx);
  if (!id) return std::nullopt;
  return store::find_scheme(ctx.db(), *id);
}

bool may_see_overview(Context& ctx) {
  auto s = scheme_of(ctx);
  return s && can_manage_scheme(ctx, s->organisation_id);
}

struct YearRow {
  int year = 0;
  std::int64_t pot = 0, committed = 0, paid = 0;
  std::map<std::string, std::int64_t> stages;
};

// Every year with a call or a grant, newest first (two queries).
std::vector<YearRow> years_of(db::Connection& db, const Scheme& s) {
  std::map<int, YearRow, std::greater<>> years;
  auto year_of = [](const std::string& opens_at) { return std::stoi(oslo_date_of(opens_at).substr(0, 4)); };
  for (auto& opens_at : store::call_openings(db, s.id)) years[year_of(opens_at)].year = year_of(opens_at);
  for (auto& m : store::money_per_year(db, s.id)) {
    auto& y = years[m.year];
    y.year = m.year;
    y.committed = m.committed;
    y.paid = m.paid;
  }
  for (auto& c : store::stage_counts(db, s.id)) {
    auto& y = years[year_of(c.opens_at)];
    y.year = year_of(c.opens_at);
    y.stages[c.stage] += c.count;
  }
  std::vector<YearRow> out;
  for (auto& [year, row] : years) {
    row.pot = s.annual_pot;
    out.push_back(row);
  }
  return out;
}

std::string kroner(std::int64_t ore) { return money::format_kroner(ore); }

Response page(Context& ctx) {
  auto s = scheme_of(ctx);
  if (!s) return ctx.error_page(404);
  auto& db = ctx.db();
  const auto today = oslo_date_of(clock::now_iso());
  render::List years;
  for (auto& y : years_of(db, *s)) {
    render::Object o;
    o.set("year", std::to_string(y.year));
    o.set("pot", kroner(y.pot));
    o.set("committed", kroner(y.committed));
    o.set("paid", kroner(y.paid));
    o.set("remaining", kroner(y.pot - y.committed));
    if (y.pot - y.committed < 0) o.set("over", true);
    render::List counts;
    std::int64_t total = 0;
    for (auto stage : kStages) {
      render::Object c;
      auto it = y.stages.find(std::string(stage));
      const auto n = it == y.stages.end() ? 0 : it->second;
      total += n;
      c.set("count", std::to_string(n));
      counts.emplace_back(std::move(c));
    }
    o.set("counts", std::move(counts));
    o.set("total", std::to_string(total));
    years.emplace_back(std::move(o));
  }
  render::List stage_heads;
  for (auto stage : kStages) {
    render::Object o;
    o.set("label", application_status_label(ctx, stage));
    stage_heads.emplace_back(std::move(o));
  }
  auto pg = web::page_from_query(ctx, kPageSize);
  std::int64_t total = 0;
  render::List grants;
  for (auto& g : store::grants_of_scheme(db, s->id, today, pg.offset(), pg.size, total)) {
    render::Object o;
    o.set("title", g.title);
    o.set("href", "/tilskudd/soknader/" + std::to_string(g.application_id) + "/tilsagn");
    o.set("organisation", g.organisation_name);
    o.set("year", std::to_string(g.pot_year));
    o.set("committed", kroner(g.committed));
    o.set("paid", kroner(g.paid));
    o.set("planned", kroner(g.planned));
    o.set("period", g.period_from + " – " + g.period_to);
    if (g.overdue_reports > 0)
      o.set("overdue", ctx.t("grants_after.reports.overdue_short", {{"count", std::to_string(g.overdue_reports)}}));
    grants.emplace_back(std::move(o));
  }
  render::Object d;
  d.reserve(20);
  d.set("title", ctx.t("grants_after.overview.title", {{"scheme", s->name}}));
  d.set("scheme_href", "/tilskudd/ordninger/" + std::to_string(s->id));
  d.set("scheme", s->name);
  d.set("xlsx_href", "/tilskudd/ordninger/" + std::to_string(s->id) + "/oversikt.xlsx");
  if (years.empty()) d.set("no_years", true);
  d.set("years", std::move(years));
  d.set("stage_heads", std::move(stage_heads));
  if (grants.empty()) d.set("no_grants", true);
  d.set("grants", std::move(grants));
  d.set("pagination", web::pagination_view(ctx, pg, total));
  auto overdue = store::overdue_reports_of_scheme(db, s->id, today, 50);
  if (!overdue.empty()) d.set("has_overdue", true);
  d.set("overdue", overdue_view(ctx, overdue));
  return ctx.page("grants/overview", std::move(d));
}

// Amounts go into the workbook as numbers of kroner with two decimals, as the accounts expect.
double kr(std::int64_t ore) { return static_cast<double>(ore) / 100.0; }

Response xlsx(Context& ctx) {
  auto s = scheme_of(ctx);
  if (!s) return ctx.error_page(404);
  auto& db = ctx.db();
  const auto today = oslo_date_of(clock::now_iso());
  const auto years = years_of(db, *s);
  std::int64_t total = 0;
  const auto grants = store::grants_of_scheme(db, s->id, today, 0, 100'000, total);

  // libxlsxwriter writes to a file; a private temporary one is read back and removed.
  char path[] = "/tmp/samskap-grants-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) throw std::runtime_error("kunne ikke lage midlertidig fil for eksport");
  close(fd);
  struct Cleanup {
    const char* p;
    ~Cleanup() { std::remove(p); }
  } cleanup{path};
  lxw_workbook* wb = workbook_new(path);
  if (!wb) throw std::runtime_error("kunne ikke lage regnearket");
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format* money_format = workbook_add_format(wb);
  format_set_num_format(money_format, "#,##0.00");
  auto header = [&](lxw_worksheet* ws, const std::vector<std::string>& keys) {
    for (std::size_t c = 0; c < keys.size(); ++c)
      worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), ctx.t(keys[c]).c_str(), bold);
    worksheet_freeze_panes(ws, 1, 0);
  };
  auto text = [](lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const std::string& v) {
    worksheet_write_string(ws, r, c, v.c_str(), nullptr);
  };

  lxw_worksheet* ws = workbook_add_worksheet(wb, ctx.t("grants_after.overview.sheet_years").substr(0, 31).c_str());
  std::vector<std::string> keys = {"grants_after.overview.year", "grants_after.overview.pot",
                                   "grants_after.overview.committed", "grants_after.overview.paid",
                                   "grants_after.overview.remaining"};
  header(ws, keys);
  lxw_col_t stage_col = static_cast<lxw_col_t>(keys.size());
  for (auto stage : kStages)
    worksheet_write_string(ws, 0, stage_col++,
                           ctx.t("grants_after.overview.applications_in",
                                 {{"status", application_status_label(ctx, stage)}}).c_str(),
                           bold);
  lxw_row_t row = 1;
  for (auto& y : years) {
    worksheet_write_number(ws, row, 0, y.year, nullptr);
    worksheet_write_number(ws, row, 1, kr(y.pot), money_format);
    worksheet_write_number(ws, row, 2, kr(y.committed), money_format);
    worksheet_write_number(ws, row, 3, kr(y.paid), money_format);
    worksheet_write_number(ws, row, 4, kr(y.pot - y.committed), money_format);
    lxw_col_t col = 5;
    for (auto stage : kStages) {
      auto it = y.stages.find(std::string(stage));
      worksheet_write_number(ws, row, col++, static_cast<double>(it == y.stages.end() ? 0 : it->second), nullptr);
    }
    ++row;
  }
  worksheet_set_column(ws, 0, 0, 8, nullptr);
  worksheet_set_column(ws, 1, 8, 16, nullptr);

  ws = workbook_add_worksheet(wb, ctx.t("grants_after.overview.sheet_grants").substr(0, 31).c_str());
  header(ws, {"grants_after.overview.year", "grants_after.overview.project", "grants_after.overview.organisation",
              "grants_after.overview.orgnr", "grants_after.overview.call", "grants_after.overview.period",
              "grants_after.overview.decided", "grants_after.overview.committed", "grants_after.overview.paid",
              "grants_after.overview.planned", "grants_after.overview.unpaid"});
  row = 1;
  for (auto& g : grants) {
    worksheet_write_number(ws, row, 0, g.pot_year, nullptr);
    text(ws, row, 1, g.title);
    text(ws, row, 2, g.organisation_name);
    text(ws, row, 3, g.organisation_number);
    text(ws, row, 4, g.call_title);
    text(ws, row, 5, g.period_from + " – " + g.period_to);
    text(ws, row, 6, oslo_date_of(g.decided_at));
    worksheet_write_number(ws, row, 7, kr(g.committed), money_format);
    worksheet_write_number(ws, row, 8, kr(g.paid), money_format);
    worksheet_write_number(ws, row, 9, kr(g.planned), money_format);
    worksheet_write_number(ws, row, 10, kr(g.committed - g.paid), money_format);
    ++row;
  }
  worksheet_set_column(ws, 1, 4, 30, nullptr);
  worksheet_set_column(ws, 5, 10, 16, nullptr);
  if (workbook_close(wb) != LXW_NO_ERROR) throw std::runtime_error("kunne ikke skrive regnearket");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  Response res;
  res.body = buf.str();
  res.set_header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  res.set_header("Content-Disposition",
                 "attachment; filename=\"tilskudd-" + std::to_string(s->id) + "-" + today + ".xlsx\"");
  return res;
}

}  // namespace

void mount_overview_routes(web::Router& r, std::shared_ptr<const directory::Reference>) {
  auto owner = [] { return Access::when("member of the scheme's owner organisation, or coordinator", may_see_overview); };
  r.get("/tilskudd/ordninger/{id}/oversikt", owner(), page);
  r.get("/tilskudd/ordninger/{id}/oversikt.xlsx", owner(), xlsx);
}

}  // namespace samskap::grants
