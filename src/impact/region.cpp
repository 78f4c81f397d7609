#include "impact/region.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <unordered_map>

#include "impact/plan_routes.hpp"
#include "impact/plan_rules.hpp"
#include "needs/views.hpp"
#include "platform/http/form.hpp"
#include "platform/render/table_export.hpp"
#include "platform/web/page_cache.hpp"
#include "platform/web/password_policy.hpp"

namespace samskap::impact::region {

namespace {

using http::Response;
using web::Access;
using web::Context;

std::atomic<std::uint64_t> g_generation{1};

// ---- the snapshot, rebuilt when the data has changed ----

std::mutex g_snapshot_mutex;
std::shared_ptr<const Snapshot> g_snapshot;
std::uint64_t g_snapshot_generation = 0;
std::string g_snapshot_fingerprint;

std::shared_ptr<const Snapshot> current(db::Connection& c, std::uint64_t generation) {
  {
    std::lock_guard lock(g_snapshot_mutex);
    if (g_snapshot && g_snapshot_generation == generation) {
      // Same generation here; another process may still have written.
      auto fp = fingerprint(c);
      if (fp == g_snapshot_fingerprint) return g_snapshot;
    }
  }
  auto fp = fingerprint(c);
  auto snapshot = load(c);
  std::lock_guard lock(g_snapshot_mutex);
  g_snapshot = snapshot;
  g_snapshot_generation = generation;
  g_snapshot_fingerprint = fp;
  return snapshot;
}

bool keeps(const Organisation& o, const Filter& f) {
  if (!f.municipality.empty() && o.municipality != f.municipality) return false;
  if (!f.area.empty() && std::find(o.areas.begin(), o.areas.end(), f.area) == o.areas.end()) return false;
  return true;
}

}  // namespace

void changed() { ++g_generation; }

void Sum::add(const Measured& m) {
  ++organisations;
  total += m.value;
  if (m.sample > 0) {
    weighted += m.value * static_cast<double>(m.sample);
    samples += m.sample;
  } else {
    every_sampled = false;
  }
}

double Sum::figure(bool mean) const {
  if (!mean) return total;
  if (every_sampled && samples > 0) return weighted / static_cast<double>(samples);
  return organisations > 0 ? total / static_cast<double>(organisations) : 0;
}

std::map<std::pair<int, std::int64_t>, Sum> indicator_sums(const Snapshot& s, const Filter& f) {
  std::map<std::pair<int, std::int64_t>, Sum> out;
  for (auto& o : s.organisations) {
    if (!keeps(o, f)) continue;
    for (auto& [key, value] : o.values) {
      if (f.year && key.first != f.year) continue;
      out[key].add(value);
    }
  }
  return out;
}

std::map<int, Reached> reached_sums(const Snapshot& s, const Filter& f) {
  std::map<int, Reached> out;
  for (auto& o : s.organisations) {
    if (!keeps(o, f)) continue;
    for (auto& [year, hl] : o.reached) {
      if (f.year && year != f.year) continue;
      auto& sum = out[year];
      ++sum.organisations;
      sum.high += hl.first;
      sum.low += hl.second;
    }
  }
  return out;
}

namespace {

std::string tr(const Context& ctx, const std::string& key, const std::vector<std::pair<std::string, std::string>>& args = {}) {
  return ctx.t("impact_report.region." + key, args);
}

const std::string& name_of(const Named& n, const Context& ctx) { return ctx.lang == "en" ? n.name_en : n.name_nb; }

std::string number(const Context& ctx, double v) { return show_decimal(figure(v), ctx.lang); }

// The filter as asked, with anything unknown dropped.
Filter filter_from(const Context& ctx, const Snapshot& s) {
  Filter f;
  auto area = web::trim(ctx.req.query_value("omrade"));
  for (auto& a : s.areas)
    if (a.key == area) f.area = area;
  auto kommune = web::trim(ctx.req.query_value("kommune"));
  for (auto& m : s.municipalities)
    if (m.key == kommune) f.municipality = kommune;
  auto year = needs::to_int(web::trim(ctx.req.query_value("aar")));
  if (std::find(s.years.begin(), s.years.end(), year) != s.years.end()) f.year = static_cast<int>(year);
  return f;
}

std::string query_of(const Filter& f) {
  std::string q;
  auto add = [&](const char* k, const std::string& v) {
    if (v.empty()) return;
    q += (q.empty() ? "?" : "&") + std::string(k) + "=" + http::url_encode(v);
  };
  add("omrade", f.area);
  add("kommune", f.municipality);
  add("aar", f.year ? std::to_string(f.year) : "");
  return q;
}

render::List options(const std::vector<Named>& items, const Context& ctx, const std::string& chosen) {
  render::List out;
  for (auto& n : items) {
    render::Object o;
    o.set("value", n.key);
    o.set("label", name_of(n, ctx));
    if (n.key == chosen) o.set("selected", true);
    out.emplace_back(std::move(o));
  }
  return out;
}

std::shared_ptr<const web::PageCache::Entry> render_page(Context& ctx, const Snapshot& s, const Filter& f) {
  render::Object d;
  d.set("title", tr(ctx, "title"));
  d.set("areas", options(s.areas, ctx, f.area));
  d.set("municipalities", options(s.municipalities, ctx, f.municipality));
  render::List years;
  for (int y : s.years) {
    render::Object o;
    o.set("value", std::to_string(y));
    o.set("label", std::to_string(y));
    if (y == f.year) o.set("selected", true);
    years.emplace_back(std::move(o));
  }
  d.set("years", std::move(years));
  std::vector<int> shown;
  for (int y : s.years)
    if (!f.year || y == f.year) shown.push_back(y);
  render::List heads;
  for (int y : shown) heads.emplace_back(std::to_string(y));
  d.set("year_heads", std::move(heads));

  auto reached = reached_sums(s, f);
  render::List rrows;
  for (auto& [year, r] : reached) {
    render::Object o;
    o.set("year", std::to_string(year));
    o.set("organisations", std::to_string(r.organisations));
    o.set("high", std::to_string(r.high));
    o.set("low", std::to_string(r.low));
    o.set("total", std::to_string(r.high + r.low));
    rrows.emplace_back(std::move(o));
  }
  if (rrows.empty()) d.set("no_reached", true);
  d.set("reached", std::move(rrows));

  auto sums = indicator_sums(s, f);
  render::List irows;
  for (auto& ind : s.indicators) {
    const auto id = std::stoll(ind.key);
    render::Object o;
    o.set("name", ind.name_nb);
    o.set("unit", ind.name_en);
    render::List cells;
    bool any = false;
    for (int y : shown) {
      auto it = sums.find({y, id});
      if (it == sums.end()) {
        cells.emplace_back(std::string("–"));
        continue;
      }
      any = true;
      const auto count = std::to_string(it->second.organisations);
      if (ind.mean)
        cells.emplace_back(ctx.t("impact_aggregate.mean_cell",
                                 {{"mean", number(ctx, it->second.figure(true))}, {"count", count}}));
      else
        cells.emplace_back(tr(ctx, "cell", {{"sum", number(ctx, it->second.total)}, {"count", count}}));
    }
    if (!any) continue;
    o.set("cells", std::move(cells));
    irows.emplace_back(std::move(o));
  }
  if (irows.empty()) d.set("no_sums", true);
  d.set("indicators", std::move(irows));
  const auto q = query_of(f);
  d.set("csv_href", "/effekt/region.csv" + q);
  d.set("xlsx_href", "/effekt/region.xlsx" + q);
  auto title = tr(ctx, "title");
  return std::make_shared<const web::PageCache::Entry>(
      web::PageCache::Entry{render::Value(std::move(title)), ctx.shared_content("impact/region", std::move(d))});
}

web::PageCache g_pages(128);

Response page(Context& ctx) {
  const auto generation = g_generation.load();
  std::vector<std::pair<std::string, std::string>> params(ctx.req.query().begin(), ctx.req.query().end());
  std::sort(params.begin(), params.end());
  std::string key = ctx.lang + '\x1f' + std::to_string(generation) + '\x1f';
  for (auto& [k, v] : params) key += http::url_encode(k) + '=' + http::url_encode(v) + '&';
  const bool cacheable = ctx.req.query_string.size() <= 256;
  if (cacheable)
    if (auto hit = g_pages.get(key)) return ctx.page_with_content(hit->title, hit->content);
  auto s = current(ctx.db(), generation);
  auto rendered = render_page(ctx, *s, filter_from(ctx, *s));
  if (cacheable) g_pages.put(key, rendered);
  return ctx.page_with_content(rendered->title, rendered->content);
}

// Every combination of year, service area, municipality and measure with its sum. An organisation
// with several service areas is counted in each of its areas' rows.
Response export_file(Context& ctx, bool xlsx) {
  auto s = current(ctx.db(), g_generation.load());
  const auto f = filter_from(ctx, *s);
  struct Key {
    int year;
    std::string area, municipality;
    int measure;  // 0: high contact, 1: low contact, 2 + k: the k-th shared indicator
    bool operator<(const Key& o) const {
      return std::tie(year, area, municipality, measure) < std::tie(o.year, o.area, o.municipality, o.measure);
    }
  };
  std::unordered_map<std::int64_t, int> measure_of;  // indicator id → measure
  for (std::size_t k = 0; k < s->indicators.size(); ++k) measure_of[std::stoll(s->indicators[k].key)] = static_cast<int>(k) + 2;
  std::map<Key, Sum> sums;
  static const std::vector<std::string> kNoArea{""};
  for (auto& o : s->organisations) {
    if (!keeps(o, f)) continue;
    for (auto& area : o.areas.empty() ? kNoArea : o.areas) {
      if (!f.area.empty() && area != f.area) continue;
      for (auto& [year, hl] : o.reached) {
        if (f.year && year != f.year) continue;
        sums[{year, area, o.municipality, 0}].add(static_cast<double>(hl.first));
        sums[{year, area, o.municipality, 1}].add(static_cast<double>(hl.second));
      }
      for (auto& [key, value] : o.values) {
        if (f.year && key.first != f.year) continue;
        sums[{key.first, area, o.municipality, measure_of.at(key.second)}].add(value);
      }
    }
  }
  std::unordered_map<std::string, std::string> area_name, municipality_name;
  for (auto& a : s->areas) area_name[a.key] = name_of(a, ctx);
  for (auto& m : s->municipalities) municipality_name[m.key] = m.name_nb;
  std::vector<render::TableRow> rows;
  rows.reserve(sums.size());
  const auto high = ctx.t("impact_plans.ferd.high_contact"), low = ctx.t("impact_plans.ferd.low_contact"),
             people = tr(ctx, "people");
  const auto summed = ctx.t("impact_aggregate.choices.sum"), averaged = ctx.t("impact_aggregate.choices.mean");
  for (auto& [k, v] : sums) {
    std::string measure, unit;
    bool mean = false;
    if (k.measure == 0) measure = high, unit = people;
    else if (k.measure == 1) measure = low, unit = people;
    else {
      const auto& ind = s->indicators[k.measure - 2];
      measure = ind.name_nb, unit = ind.name_en, mean = ind.mean;
    }
    rows.push_back({std::to_string(k.year), k.area.empty() ? tr(ctx, "no_area") : area_name[k.area], k.municipality,
                    k.municipality.empty() ? tr(ctx, "no_municipality") : municipality_name[k.municipality], measure,
                    unit, std::to_string(v.organisations), mean ? averaged : summed, number(ctx, v.figure(mean))});
  }
  render::TableRow header{tr(ctx, "columns.year"),         tr(ctx, "columns.area"),    tr(ctx, "columns.municipality_number"),
                          tr(ctx, "columns.municipality"), tr(ctx, "columns.measure"), tr(ctx, "columns.unit"),
                          tr(ctx, "columns.organisations"), ctx.t("impact_aggregate.column"), ctx.t("impact_aggregate.value")};
  Response res;
  if (xlsx) {
    res.body = render::to_xlsx(tr(ctx, "sheet"), header, rows);
    res.set_header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    res.set_header("Content-Disposition", "attachment; filename=\"effekt-region.xlsx\"");
  } else {
    res.body = render::to_csv(header, rows);
    res.set_header("Content-Type", "text/csv; charset=utf-8");
    res.set_header("Content-Disposition", "attachment; filename=\"effekt-region.csv\"");
  }
  return res;
}

}  // namespace

void mount(web::Router& r) {
  const auto coordinators = Access::role({web::role_coordinator});
  r.get("/effekt/region", coordinators, page);
  r.get("/effekt/region.csv", coordinators, [](Context& c) { return export_file(c, false); });
  r.get("/effekt/region.xlsx", coordinators, [](Context& c) { return export_file(c, true); });
}

}  // namespace samskap::impact::region
