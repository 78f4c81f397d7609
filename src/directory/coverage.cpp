#include "directory/coverage.hpp"

#include <set>

#include "directory/options.hpp"
#include "directory/store.hpp"

namespace samskap::directory {

using http::Response;
using web::Context;

bool can_see_coverage(Context& ctx) {
  return ctx.has_role(web::role_coordinator) || store::member_of_public_body(ctx.db(), ctx.user->id);
}

namespace {

// A CSV field, quoted when it holds a separator, a quote or a line break.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(";\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

Response coverage_page(Context& ctx, const Reference& ref) {
  auto county = ctx.req.query_value("fylke");
  if (!ref.county(county)) county.clear();
  std::set<std::pair<std::string, std::string>> covered, named;
  store::coverage(ctx.db(), county, [&](const db::Row& r) {
    covered.emplace(r.str(0), r.str(1));
    if (r.integer(2)) named.emplace(r.str(0), r.str(1));
  });
  const bool csv = ctx.req.query_value("format") == "csv";
  std::string out;
  if (csv) {
    out = csv_field(ctx.t("directory.coverage.municipality"));
    for (auto& a : ref.service_areas) out += ";" + csv_field(a.name(ctx.lang));
    out += "\r\n";
  }
  auto named_text = ctx.t("directory.coverage.named");
  auto covered_text = ctx.t("directory.coverage.covered");
  auto missing_text = ctx.t("directory.coverage.missing");
  render::List rows;
  std::int64_t gaps = 0, cells = 0;
  for (auto& m : ref.municipalities) {
    if (!county.empty() && m.county_number != county) continue;
    render::List cols;
    if (csv) out += csv_field(m.name);
    for (auto& a : ref.service_areas) {
      auto key = std::make_pair(m.number, a.key);
      bool has = covered.count(key) > 0;
      bool is_named = named.count(key) > 0;
      ++cells;
      if (!has) ++gaps;
      if (csv) {
        out += ";" + csv_field(has ? (is_named ? named_text : covered_text) : missing_text);
        continue;
      }
      render::Object cell;
      if (has) cell.set(is_named ? "named" : "covered", true);
      cols.emplace_back(std::move(cell));
    }
    if (csv) {
      out += "\r\n";
      continue;
    }
    render::Object row;
    row.set("name", m.name);
    row.set("href", "/kommuner/" + m.number);
    row.set("cells", std::move(cols));
    rows.emplace_back(std::move(row));
  }
  if (csv) {
    // A byte-order mark so that Excel reads the file as UTF-8.
    auto res = Response::text(200, "\xEF\xBB\xBF" + out, "text/csv; charset=utf-8");
    res.set_header("Content-Disposition", "attachment; filename=\"dekning.csv\"");
    return res;
  }
  render::Object d;
  d.set("title", ctx.t("directory.coverage.title"));
  d.set("counties", county_options(ref, county));
  render::List heads;
  for (auto& a : ref.service_areas) heads.emplace_back(render::Value(a.name(ctx.lang)));
  d.set("areas", std::move(heads));
  d.set("rows", std::move(rows));
  d.set("gaps", std::to_string(gaps));
  d.set("cells", std::to_string(cells));
  d.set("csv_href", "/dekning?format=csv" + (county.empty() ? std::string() : "&fylke=" + county));
  return ctx.page("directory/coverage", std::move(d));
}

}  // namespace samskap::directory
