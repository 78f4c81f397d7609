// The directory's pages: the searchable list and its JSON twin, an organisation's page,
// municipality and county pages, the coverage view, and registering an organisation.
#include "directory/routes.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <set>

#include "directory/coverage.hpp"
#include "directory/manage.hpp"
#include "directory/manage_store.hpp"
#include "directory/options.hpp"
#include "platform/web/page_cache.hpp"
#include "directory/orgnr.hpp"
#include "directory/register/store.hpp"
#include "directory/rules.hpp"
#include "directory/store.hpp"
#include "grants/review.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/config.hpp"
#include "platform/http/form.hpp"
#include "platform/render/markdown.hpp"
#include "platform/render/table_export.hpp"
#include "platform/search/text.hpp"
#include "platform/web/forms.hpp"
#include "platform/web/pagination.hpp"
#include "platform/web/password_policy.hpp"

namespace samskap::directory {

namespace {

using http::Response;
using web::Access;
using web::Context;
using Ref = std::shared_ptr<ReferenceSource>;

std::int64_t to_int(const std::string& s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size() ? v : 0;
}

std::string kind_label(const Context& ctx, std::string_view kind) {
  return ctx.t("directory.kinds." + std::string(kind));
}

Filter filter_from(const Context& ctx, const Reference& ref) {
  Filter f;
  auto& q = ctx.req;
  f.q = web::trim(q.query_value("q"));
  if (f.q.size() > 200) f.q.resize(200);
  f.kind = q.query_value("type");
  if (!is_kind(f.kind)) f.kind.clear();
  f.county = q.query_value("fylke");
  if (!ref.county(f.county)) f.county.clear();
  f.municipality = q.query_value("kommune");
  if (auto current = ref.current_number(f.municipality)) f.municipality = *current;
  else f.municipality.clear();
  f.service_area = q.query_value("tjenesteomrade");
  if (!ref.find(ref.service_areas, f.service_area)) f.service_area.clear();
  f.target_group = q.query_value("malgruppe");
  if (!ref.find(ref.target_groups, f.target_group)) f.target_group.clear();
  f.sdg = to_int(q.query_value("baerekraftsmal"));
  if (f.sdg < 1 || f.sdg > 17) f.sdg = 0;
  f.org_form = q.query_value("organisasjonsform");
  if (!ref.find(ref.org_forms, f.org_form)) f.org_form.clear();
  f.verified_only = q.query_value("verifisert") == "1";
  f.sort_by_name = q.query_value("sorter") == "navn";
  return f;
}

render::Object org_row(const Context& ctx, const db::Row& r) {
  render::Object o;
  o.reserve(7);
  o.set("id", std::to_string(r.integer(0)));
  o.set("name", r.str(1));
  o.set("kind", kind_label(ctx, r.text(2)));
  o.set("short_description", r.str(3));
  if (r.text(4) == "verified") o.set("verified", true);
  o.set("place", r.is_null(6) ? r.str(7) : r.str(6));
  return o;
}

Response list_json(Context& ctx, const Filter& f, const web::Page& page) {
  nlohmann::json results = nlohmann::json::array();
  auto total = store::list(ctx.db(), f, page.offset(), page.size, [&](const db::Row& r) {
    results.push_back({{"id", r.integer(0)},
                       {"name", r.str(1)},
                       {"kind", r.str(2)},
                       {"short_description", r.str(3)},
                       {"status", r.str(4)},
                       {"municipality_number", r.is_null(5) ? nlohmann::json(nullptr) : nlohmann::json(r.str(5))},
                       {"municipality", r.is_null(6) ? nlohmann::json(nullptr) : nlohmann::json(r.str(6))},
                       {"url", "/aktorer/" + std::to_string(r.integer(0))}});
  });
  nlohmann::json out = {{"total", total}, {"page", page.number}, {"per_page", page.size}, {"results", results}};
  return Response::json(200, out.dump());
}

// The whole current result (not just the page) as CSV or XLSX.
Response list_export(Context& ctx, const Filter& f, const Reference& ref, bool xlsx) {
  constexpr std::int64_t kMaxRows = 50'000;
  std::vector<render::TableRow> rows;
  store::list(ctx.db(), f, 0, kMaxRows, [&](const db::Row& r) {
    rows.push_back({std::to_string(r.integer(0)), r.str(1), kind_label(ctx, r.text(2)), r.str(6), r.str(3),
                    ctx.t(r.text(4) == "verified" ? "directory.verified" : "directory.unverified"),
                    ctx.services.config.base_url + "/aktorer/" + std::to_string(r.integer(0))});
  });
  render::TableRow header{"id",
                          ctx.t("directory.fields.name"),
                          ctx.t("directory.fields.kind"),
                          ctx.t("directory.fields.municipality"),
                          ctx.t("directory.fields.short_description"),
                          ctx.t("directory.export.status"),
                          ctx.t("directory.export.url")};
  Response res;
  if (xlsx) {
    res.body = render::to_xlsx(ctx.t("directory.list.title"), header, rows);
    res.set_header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    res.set_header("Content-Disposition", "attachment; filename=\"aktorer.xlsx\"");
  } else {
    res.body = render::to_csv(header, rows);
    res.set_header("Content-Type", "text/csv; charset=utf-8");
    res.set_header("Content-Disposition", "attachment; filename=\"aktorer.csv\"");
  }
  return res;
}

// The current query string without paging or format, for export links.
std::string export_query(const Context& ctx) {
  std::string q;
  for (auto& [k, v] : ctx.req.query()) {
    if (k == "side" || k == "format") continue;
    q += "&" + http::url_encode(k) + "=" + http::url_encode(v);
  }
  return q;
}

// The list's rendered content for everyone, keyed by language, the write generations of the
// directory and of the reference lists, and the query with its parameters in sorted order.
web::PageCache g_list_pages(256);

std::string list_cache_key(const Context& ctx, const ReferenceSource& source) {
  std::vector<std::pair<std::string, std::string>> params(ctx.req.query().begin(), ctx.req.query().end());
  std::sort(params.begin(), params.end());
  std::string key = ctx.lang + '\x1f' + std::to_string(store::write_generation()) + '\x1f' +
                    std::to_string(source.generation()) + '\x1f';
  for (auto& [k, v] : params) key += http::url_encode(k) + '=' + http::url_encode(v) + '&';
  return key;
}

std::shared_ptr<const web::PageCache::Entry> list_html(Context& ctx, const Reference& ref) {
  auto f = filter_from(ctx, ref);
  auto page = web::page_from_query(ctx, 50);
  render::List rows;
  rows.reserve(static_cast<std::size_t>(page.size));
  auto total = store::list(ctx.db(), f, page.offset(), page.size,
                           [&](const db::Row& r) { rows.emplace_back(org_row(ctx, r)); });
  render::Object d;
  d.reserve(16);
  d.set("title", ctx.t("directory.list.title"));
  d.set("q", f.q);
  d.set("kinds", kind_options(ctx, f.kind, "selected"));
  d.set("counties", county_options(ref, f.county));
  if (!f.county.empty()) {
    d.set("has_municipalities", true);
    d.set("municipalities", municipality_options(ref, f.municipality, f.county));
  } else if (!f.municipality.empty()) {
    d.set("municipality_hidden", f.municipality);
  }
  d.set("service_areas", named_options(ref.service_areas, ctx.lang, {f.service_area}, "selected"));
  d.set("target_groups", named_options(ref.target_groups, ctx.lang, {f.target_group}, "selected"));
  d.set("sdgs", named_options(ref.sdgs, ctx.lang, {f.sdg ? std::to_string(f.sdg) : ""}, "selected"));
  if (f.verified_only) d.set("verified_only", true);
  if (f.sort_by_name) d.set("sort_by_name", true);
  if (!f.org_form.empty()) d.set("org_form_hidden", f.org_form);
  if (rows.empty()) d.set("empty", true);
  d.set("rows", std::move(rows));
  d.set("pagination", web::pagination_view(ctx, page, total));
  auto q = export_query(ctx);
  d.set("csv_href", "/aktorer?format=csv" + q);
  d.set("xlsx_href", "/aktorer?format=xlsx" + q);
  d.set("json_href", "/api/v1/aktorer" + (q.empty() ? std::string() : "?" + q.substr(1)));
  auto title = ctx.t("directory.list.title");
  return std::make_shared<const web::PageCache::Entry>(
      web::PageCache::Entry{render::Value(std::move(title)), ctx.shared_content("directory/list", std::move(d))});
}

Response list(Context& ctx, ReferenceSource& source, bool json) {
  auto current = source.current(ctx.db());
  const Reference& ref = *current;
  if (!json && ctx.req.query_value("format").empty() && ctx.req.query_string.size() <= 1024) {
    auto key = list_cache_key(ctx, source);
    if (auto hit = g_list_pages.get(key)) return ctx.page_with_content(hit->title, hit->content);
    auto rendered = list_html(ctx, ref);
    g_list_pages.put(key, rendered);
    return ctx.page_with_content(rendered->title, rendered->content);
  }
  auto f = filter_from(ctx, ref);
  auto page = web::page_from_query(ctx, 50);
  if (json) return list_json(ctx, f, page);
  auto format = ctx.req.query_value("format");
  if (format == "csv" || format == "xlsx") return list_export(ctx, f, ref, format == "xlsx");
  auto rendered = list_html(ctx, ref);  // a query too long to be worth a cache entry
  return ctx.page_with_content(rendered->title, rendered->content);
}

std::optional<std::int64_t> id_param(const Context& ctx) {
  auto id = to_int(ctx.req.param("id"));
  return id > 0 ? std::optional(id) : std::nullopt;
}

render::List tag_list(const std::vector<std::string>& keys, const std::vector<Named>& names, const std::string& lang,
                      const std::string& param) {
  render::List out;
  for (auto& k : keys)
    if (auto n = std::find_if(names.begin(), names.end(), [&](auto& x) { return x.key == k; }); n != names.end()) {
      render::Object o;
      o.set("label", n->name(lang));
      o.set("href", "/aktorer?" + param + "=" + http::url_encode(k));
      if (!n->active) o.set("inactive", true);  // no longer offered in forms or filters, still shown here
      out.emplace_back(std::move(o));
    }
  return out;
}

// One person with the details a visitor may see: named publicly only with consent.
render::Object person_view(const Context& ctx, const db::Row& r, int name_col) {
  render::Object p;
  bool visible = r.integer(name_col + 4) != 0 || ctx.signed_in();
  if (visible) {
    p.set("name", r.str(name_col));
    if (!r.text(name_col + 1).empty()) p.set("title", r.str(name_col + 1));
    if (!r.text(name_col + 2).empty()) p.set("email", r.str(name_col + 2));
    if (!r.text(name_col + 3).empty()) p.set("phone", r.str(name_col + 3));
  } else {
    p.set("hidden", true);
    if (!r.text(name_col + 1).empty()) p.set("title", r.str(name_col + 1));
  }
  return p;
}

Response show(Context& ctx, const Reference& ref) {
  auto id = id_param(ctx);
  if (!id) return ctx.error_page(404);
  auto& db = ctx.db();
  auto o = store::find(db, *id);
  if (!o) return ctx.error_page(404);
  // A merged duplicate lives on as the organisation it was merged into.
  if (auto target = manage_store::merged_into(db, *id))
    return http::Response::redirect("/aktorer/" + std::to_string(*target), 301);
  if (o->status == "deactivated") return ctx.error_page(404);
  render::Object d;
  d.reserve(24);
  d.set("title", o->name);
  d.set("name", o->name);
  d.set("kind", kind_label(ctx, o->kind));
  if (o->status == "verified") d.set("verified", true);
  d.set("short_description", o->short_description);
  if (!o->long_description.empty()) d.set("long_html", render::markdown_to_html(o->long_description));
  if (o->orgnr) d.set("orgnr", *o->orgnr);
  if (o->org_form)
    if (auto f = ref.find(ref.org_forms, *o->org_form)) d.set("org_form", f->name(ctx.lang));
  if (o->municipality_number)
    if (auto m = ref.municipality(*o->municipality_number)) {
      d.set("municipality", m->name);
      d.set("municipality_href", "/kommuner/" + m->number);
    }
  if (o->parent_id)
    if (auto parent = store::find(db, *o->parent_id)) {
      d.set("parent", parent->name);
      d.set("parent_href", "/aktorer/" + std::to_string(parent->id));
    }
  if (!o->website.empty()) d.set("website", o->website);
  if (!o->email.empty()) d.set("email", o->email);
  if (!o->phone.empty()) d.set("phone", o->phone);
  auto address = o->address + (o->postcode.empty() ? "" : ", " + o->postcode + " " + o->city);
  if (!web::trim(address).empty()) d.set("address", address);
  if (o->founded_year) d.set("founded_year", std::to_string(*o->founded_year));
  if (o->in_voluntary_register && *o->in_voluntary_register) d.set("in_voluntary_register", true);
  if (o->no_dividends) d.set("no_dividends", true);
  render::List served;
  for (auto& n : o->municipalities)
    if (auto m = ref.municipality(n)) {
      render::Object x;
      x.set("label", m->name);
      x.set("href", "/kommuner/" + m->number);
      served.emplace_back(std::move(x));
    }
  if (!served.empty()) d.set("served", std::move(served));
  auto areas = tag_list(o->service_areas, ref.all_service_areas, ctx.lang, "tjenesteomrade");
  if (!areas.empty()) d.set("service_areas", std::move(areas));
  auto groups = tag_list(o->target_groups, ref.all_target_groups, ctx.lang, "malgruppe");
  if (!groups.empty()) d.set("target_groups", std::move(groups));
  std::vector<std::string> sdg_keys;
  for (auto n : o->sdgs) sdg_keys.push_back(std::to_string(n));
  auto sdgs = tag_list(sdg_keys, ref.sdgs, ctx.lang, "baerekraftsmal");
  if (!sdgs.empty()) d.set("sdgs", std::move(sdgs));

  // Contacts grouped by service area (rows arrive ordered by area).
  render::List groups_out;
  std::string current_area = "\x01";
  render::List people;
  auto flush = [&] {
    if (current_area == "\x01") return;
    render::Object g;
    auto n = ref.find(ref.all_service_areas, current_area);
    g.set("area", n ? n->name(ctx.lang) : ctx.t("directory.show.general_contact"));
    g.set("people", std::move(people));
    people = render::List();
    groups_out.emplace_back(std::move(g));
  };
  store::contacts_of(db, *id, [&](const db::Row& r) {
    auto area = r.str(6);
    if (area != current_area) {
      flush();
      current_area = area;
    }
    auto p = person_view(ctx, r, 1);
    if (!r.is_null(8)) p.set("for_municipality", r.str(8));
    people.emplace_back(std::move(p));
  });
  flush();
  if (!groups_out.empty()) d.set("contact_groups", std::move(groups_out));
  if (!ctx.signed_in()) d.set("sign_in_for_more", true);
  if (o->orgnr) {
    if (auto unit = registry::store::find(db, *o->orgnr)) {
      d.set("register_name", unit->name);
      if (unit->removed_at) d.set("register_removed", true);
      else if (search::fold(unit->name) != search::fold(o->name)) d.set("register_differs", true);
      else d.set("register_matches", true);
    }
  }
  if (ctx.signed_in()) {
    if (can_manage(ctx)) {
      d.set("manage_href", "/aktorer/" + std::to_string(*id));
      d.set("id", std::to_string(*id));
      // Where the organisation takes part in the marketplace.
      if (is_public_body(o->kind)) d.set("owns_needs", true);
      else d.set("offers_solutions", true);
    }
    else if (!store::member_role(db, *id, ctx.user->id))
      d.set("join_href", "/aktorer/" + std::to_string(*id) + "/bli-med");
  }
  return ctx.page("directory/show", std::move(d));
}

Response municipality(Context& ctx, const Reference& ref) {
  auto number = ctx.req.param("nummer");
  auto current = ref.current_number(number);
  if (!current) return ctx.error_page(404);
  if (*current != number) {
    auto r = http::Response::redirect("/kommuner/" + *current, 301);
    return r;
  }
  const Municipality* m = ref.municipality(number);
  auto area = ctx.req.query_value("tjenesteomrade");
  const Named* area_named = ref.find(ref.service_areas, area);
  if (!area_named) area.clear();
  auto& db = ctx.db();
  render::Object d;
  d.reserve(16);
  d.set("title", m->name);
  d.set("name", m->name);
  d.set("number", m->number);
  if (auto c = ref.county(m->county_number)) {
    d.set("county", c->name);
    d.set("county_href", "/fylker/" + c->number);
  }
  d.set("service_areas", named_options(ref.service_areas, ctx.lang, {area}, "selected"));
  if (area_named) d.set("area_name", area_named->name(ctx.lang));

  render::List bodies;
  store::public_bodies_in(db, number, [&](const db::Row& r) {
    render::Object o;
    o.set("name", r.str(1));
    o.set("href", "/aktorer/" + std::to_string(r.integer(0)));
    o.set("kind", kind_label(ctx, r.text(2)));
    bodies.emplace_back(std::move(o));
  });
  if (!bodies.empty()) d.set("bodies", std::move(bodies));

  render::List groups_out;
  std::string current_area = "\x01";
  render::List people;
  auto flush = [&] {
    if (current_area == "\x01") return;
    render::Object g;
    auto n = ref.find(ref.all_service_areas, current_area);
    g.set("area", n ? n->name(ctx.lang) : current_area);
    g.set("people", std::move(people));
    people = render::List();
    groups_out.emplace_back(std::move(g));
  };
  store::contacts_for_municipality(db, number, area, [&](const db::Row& r) {
    auto a = r.str(0);
    if (a != current_area) {
      flush();
      current_area = a;
    }
    auto p = person_view(ctx, r, 1);
    p.set("organisation", r.str(7));
    p.set("organisation_href", "/aktorer/" + std::to_string(r.integer(6)));
    people.emplace_back(std::move(p));
  });
  flush();
  if (!groups_out.empty()) d.set("contact_groups", std::move(groups_out));
  if (!ctx.signed_in()) d.set("sign_in_for_more", true);

  Filter f;
  f.kind = "social_enterprise";
  f.municipality = number;
  f.service_area = area;
  render::List enterprises;
  auto total = store::list(db, f, 0, 20, [&](const db::Row& r) { enterprises.emplace_back(org_row(ctx, r)); });
  if (!enterprises.empty()) d.set("enterprises", std::move(enterprises));
  if (total > 20) {
    d.set("more_enterprises", std::to_string(total));
    d.set("more_href", "/aktorer?type=social_enterprise&kommune=" + number +
                           (area.empty() ? "" : "&tjenesteomrade=" + http::url_encode(area)));
  }
  // Grants decided for organisations here (not those the applicant asked to keep out of public view).
  if (auto grants = grants::municipality_grants_view(ctx, number); !grants.empty()) {
    d.set("has_grants", true);
    d.set("grants", std::move(grants));
  }
  return ctx.page("directory/municipality", std::move(d));
}

Response county(Context& ctx, const Reference& ref) {
  auto number = ctx.req.param("nummer");
  const County* c = ref.county(number);
  if (!c) return ctx.error_page(404);
  std::map<std::string, std::int64_t> counts;
  store::organisations_per_municipality(ctx.db(), number,
                                        [&](const db::Row& r) { counts[r.str(0)] = r.integer(1); });
  render::List ms;
  for (auto& m : ref.municipalities) {
    if (m.county_number != number) continue;
    render::Object o;
    o.set("name", m.name);
    o.set("href", "/kommuner/" + m.number);
    o.set("count", std::to_string(counts[m.number]));
    ms.emplace_back(std::move(o));
  }
  render::Object d;
  d.set("title", c->name);
  d.set("name", c->name);
  d.set("municipalities", std::move(ms));
  d.set("list_href", "/aktorer?fylke=" + number);
  d.set("coverage_href", "/dekning?fylke=" + number);
  return ctx.page("directory/county", std::move(d));
}

}  // namespace


void mount_routes(web::Router& r, Ref ref) {
  // Each handler holds the shared reference lists.
  r.get("/aktorer", Access::everyone(), [ref](Context& c) { return list(c, *ref, false); });
  r.get("/api/v1/aktorer", Access::everyone(), [ref](Context& c) { return list(c, *ref, true); });
  r.get("/aktorer/{id}", Access::everyone(), [ref](Context& c) { return show(c, *ref->current(c.db())); });
  r.get("/kommuner/{nummer}", Access::everyone(), [ref](Context& c) { return municipality(c, *ref->current(c.db())); });
  r.get("/fylker/{nummer}", Access::everyone(), [ref](Context& c) { return county(c, *ref->current(c.db())); });
  r.get("/dekning", Access::when("coordinator or member of a public body", can_see_coverage),
        [ref](Context& c) { return coverage_page(c, *ref->current(c.db())); });
}

}  // namespace samskap::directory
