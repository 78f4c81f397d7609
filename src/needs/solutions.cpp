// Solutions: the searchable list and its JSON twin, a solution's page, creating and editing one
// (with references to organisations in the directory), publishing and archiving; and the match
// pages: suggested solutions and enterprises for a need, open needs that fit an organisation.
#include "needs/solutions.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <functional>
#include <set>

#include "directory/model.hpp"
#include "directory/options.hpp"
#include "directory/store.hpp"
#include "needs/access.hpp"
#include "needs/matching.hpp"
#include "needs/model.hpp"
#include "needs/store.hpp"
#include "platform/core/clock.hpp"
#include "platform/http/form.hpp"
#include "platform/render/markdown.hpp"
#include "platform/search/text.hpp"
#include "platform/web/pagination.hpp"
#include "platform/web/password_policy.hpp"

namespace samskap::needs {

namespace {

using directory::Reference;
using http::Response;
using web::Access;
using web::Context;
using web::FieldErrors;
namespace ss = solution_store;

constexpr std::size_t kMaxTitle = 200;
constexpr std::size_t kMaxSummary = 300;
constexpr std::size_t kMaxLong = 20000;
constexpr std::size_t kMaxAudience = 2000;
constexpr std::size_t kMaxPrice = 1000;
constexpr std::size_t kMaxNote = 300;
constexpr std::size_t kMaxReferences = 30;
constexpr std::int64_t kReferenceHits = 20;
constexpr std::size_t kMatches = 10;

std::int64_t to_int(std::string_view s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size() ? v : 0;
}

std::int64_t id_param(const Context& ctx) {
  auto id = to_int(ctx.req.param("id"));
  return id > 0 ? id : 0;
}

std::vector<std::string> form_values(const Context& ctx, std::string_view name) {
  std::vector<std::string> out;
  for (auto& [k, v] : ctx.req.form())
    if (k == name && !v.empty() && std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  return out;
}

bool contains(const std::vector<std::string>& list, const std::string& x) {
  return std::find(list.begin(), list.end(), x) != list.end();
}

std::string path_of(std::int64_t id, std::string_view rest = "") {
  return "/losninger/" + std::to_string(id) + std::string(rest);
}

void add_errors(const Context& ctx, render::Object& d, const FieldErrors& errors) {
  render::List summary;
  for (auto& [field, key] : errors.items) {
    auto text = ctx.t(key);
    if (!field.empty() && !d.find(field + "_error")) d.set(field + "_error", text);
    render::Object s;
    if (!field.empty()) s.set("id", field);
    s.set("text", std::move(text));
    summary.emplace_back(std::move(s));
  }
  if (!summary.empty()) d.set("has_errors", true);
  d.set("errors", std::move(summary));
}

std::string names_of(const std::vector<std::string>& keys, const std::vector<directory::Named>& list,
                     const Reference& ref, const std::string& lang) {
  std::string out;
  for (auto& k : keys)
    if (auto n = ref.find(list, k)) out += (out.empty() ? "" : ", ") + n->name(lang);
  return out;
}

// ---- the list ----

ss::Filter filter_from(const Context& ctx, const Reference& ref) {
  ss::Filter f;
  auto& q = ctx.req;
  f.q = web::trim(q.query_value("q"));
  if (f.q.size() > 200) f.q.resize(200);
  f.county = q.query_value("fylke");
  if (!ref.county(f.county)) f.county.clear();
  f.municipality = q.query_value("kommune");
  if (auto current = ref.current_number(f.municipality)) f.municipality = *current;
  else f.municipality.clear();
  f.service_area = q.query_value("tjenesteomrade");
  if (!ref.find(ref.service_areas, f.service_area)) f.service_area.clear();
  f.target_group = q.query_value("malgruppe");
  if (!ref.find(ref.target_groups, f.target_group)) f.target_group.clear();
  if (auto org = to_int(q.query_value("aktor")); org > 0) f.organisation_id = org;
  return f;
}

std::string status_label(const Context& ctx, const std::string& status) {
  return ctx.t("solutions.status." + status);
}

Response list(Context& ctx, const Reference& ref, bool json) {
  auto f = filter_from(ctx, ref);
  // An organisation's members (and coordinators) see its drafts and archived solutions too.
  if (f.organisation_id && acts_for(ctx, *f.organisation_id)) f.include_unpublished = true;
  auto page = web::page_from_query(ctx, 50);
  auto result = ss::list(ctx.db(), f, page.offset(), page.size);
  if (json) {
    nlohmann::json results = nlohmann::json::array();
    for (auto& r : result.rows)
      results.push_back({{"id", r.id},
                         {"title", r.title},
                         {"summary", r.summary},
                         {"status", r.status},
                         {"nationwide", r.nationwide},
                         {"organisation", {{"id", r.organisation_id},
                                           {"name", r.organisation_name},
                                           {"url", "/aktorer/" + std::to_string(r.organisation_id)}}},
                         {"published_at", r.published_at ? nlohmann::json(*r.published_at) : nlohmann::json(nullptr)},
                         {"url", path_of(r.id)}});
    nlohmann::json out = {
        {"total", result.total}, {"page", page.number}, {"per_page", page.size}, {"results", results}};
    return Response::json(200, out.dump());
  }
  render::List rows;
  for (auto& r : result.rows) {
    render::Object o;
    o.set("href", path_of(r.id));
    o.set("title", r.title);
    o.set("summary", r.summary);
    o.set("organisation", r.organisation_name);
    o.set("organisation_href", "/aktorer/" + std::to_string(r.organisation_id));
    if (r.nationwide) o.set("nationwide", true);
    if (r.status != "published") o.set("status", status_label(ctx, r.status));
    rows.emplace_back(std::move(o));
  }
  render::Object d;
  d.reserve(20);
  d.set("title", ctx.t("solutions.list.title"));
  d.set("q", f.q);
  d.set("counties", directory::county_options(ref, f.county));
  if (!f.county.empty()) {
    d.set("has_municipalities", true);
    d.set("municipalities", directory::municipality_options(ref, f.municipality, f.county));
  } else if (!f.municipality.empty()) {
    d.set("municipality_hidden", f.municipality);
  }
  if (f.organisation_id) d.set("organisation_hidden", std::to_string(*f.organisation_id));
  d.set("service_areas", directory::named_options(ref.service_areas, ctx.lang, {f.service_area}, "selected"));
  d.set("target_groups", directory::named_options(ref.target_groups, ctx.lang, {f.target_group}, "selected"));
  if (ctx.signed_in()) d.set("new_href", "/losninger/ny");
  if (rows.empty()) d.set("empty", true);
  d.set("rows", std::move(rows));
  d.set("pagination", web::pagination_view(ctx, page, result.total));
  std::string query;
  for (auto& [k, v] : ctx.req.query())
    if (k != "side") query += (query.empty() ? "?" : "&") + http::url_encode(k) + "=" + http::url_encode(v);
  d.set("json_href", "/api/v1/losninger" + query);
  return ctx.page("needs/solution_list", std::move(d));
}

// ---- a solution's page ----

render::List tag_links(const std::vector<std::string>& keys, const std::vector<directory::Named>& names,
                       const Reference& ref, const std::string& lang, const std::string& param) {
  render::List out;
  for (auto& k : keys)
    if (auto n = ref.find(names, k)) {
      render::Object o;
      o.set("label", n->name(lang));
      o.set("href", "/losninger?" + param + "=" + http::url_encode(k));
      out.emplace_back(std::move(o));
    }
  return out;
}

Response show(Context& ctx, const Reference& ref) {
  auto id = id_param(ctx);
  if (!id) return ctx.error_page(404);
  auto s = ss::find(ctx.db(), id);
  if (!s) return ctx.error_page(404);
  const bool member = acts_for(ctx, s->organisation_id);
  if (s->status == "draft" && !member) return ctx.error_page(404);
  render::Object d;
  d.reserve(24);
  d.set("title", s->title);
  d.set("solution_title", s->title);
  d.set("organisation", s->organisation_name);
  d.set("organisation_href", "/aktorer/" + std::to_string(s->organisation_id));
  if (s->status != "published") d.set("status", status_label(ctx, s->status));
  if (s->status == "archived") d.set("archived", true);
  d.set("summary", s->summary);
  if (!s->description.empty()) d.set("description_html", render::markdown_to_html(s->description));
  if (!s->audience.empty()) d.set("audience", s->audience);
  if (!s->evidence.empty()) d.set("evidence_html", render::markdown_to_html(s->evidence));
  if (!s->price_model.empty()) d.set("price_model", s->price_model);
  if (s->nationwide) d.set("nationwide", true);
  render::List places;
  for (auto& n : s->municipalities)
    if (auto m = ref.municipality(n)) {
      render::Object x;
      x.set("label", m->name);
      x.set("href", "/kommuner/" + m->number);
      places.emplace_back(std::move(x));
    }
  if (!places.empty()) d.set("places", std::move(places));
  auto areas = tag_links(s->service_areas, ref.service_areas, ref, ctx.lang, "tjenesteomrade");
  if (!areas.empty()) d.set("service_areas", std::move(areas));
  auto groups = tag_links(s->target_groups, ref.target_groups, ref, ctx.lang, "malgruppe");
  if (!groups.empty()) d.set("target_groups", std::move(groups));
  render::List refs;
  for (auto& r : s->references) {
    render::Object x;
    x.set("name", r.organisation_name);
    x.set("href", "/aktorer/" + std::to_string(r.organisation_id));
    if (!r.note.empty()) x.set("note", r.note);
    refs.emplace_back(std::move(x));
  }
  if (!refs.empty()) {
    d.set("has_references", true);
    d.set("references", std::move(refs));
  }
  if (s->published_at) d.set("published_at", clock::oslo_display(*s->published_at));
  d.set("updated_at", clock::oslo_display(s->updated_at));
  if (member) {
    d.set("manage", true);
    d.set("edit_href", path_of(id, "/rediger"));
    d.set("status_action", path_of(id, "/status"));
    if (s->status == "draft" || s->status == "archived") d.set("can_publish", true);
    if (s->status == "published") d.set("can_archive", true);
  }
  return ctx.page("needs/solution_show", std::move(d));
}

// ---- create and edit ----

// Organisations the user may create a solution for: their own that may offer solutions, and the
// one named in ?aktor= / the form when they act for it (coordinators act for any).
std::vector<store::MemberOrganisation> offering_organisations(Context& ctx, std::int64_t also) {
  std::vector<store::MemberOrganisation> out;
  if (!ctx.signed_in()) return out;
  for (auto& o : store::organisations_of(ctx.db(), ctx.user->id))
    if (may_offer_solutions(o.kind)) out.push_back(o);
  if (also > 0 && std::none_of(out.begin(), out.end(), [&](auto& o) { return o.id == also; }) &&
      acts_for(ctx, also)) {
    if (auto o = directory::store::find(ctx.db(), also))
      if (o->status != "deactivated" && may_offer_solutions(o->kind))
        out.push_back({o->id, o->name, o->kind, o->status, ""});
  }
  return out;
}

bool may_create(Context& ctx) {
  if (is_coordinator(ctx)) return true;
  for (auto& o : store::organisations_of(ctx.db(), ctx.user->id))
    if (may_offer_solutions(o.kind)) return true;
  return false;
}

bool may_edit(Context& ctx) {
  auto id = id_param(ctx);
  if (!id) return false;
  auto h = ss::head(ctx.db(), id);
  return h && acts_for(ctx, h->organisation_id);
}

struct Input {
  ss::Solution s;
  std::string reference_query;
  std::vector<std::pair<std::int64_t, std::string>> reference_hits;
  bool searched = false;
};

// Reads the form; references are the kept ones plus the ones ticked in the search results.
Input input_from_form(Context& ctx) {
  auto& f = ctx.req;
  Input in;
  auto& s = in.s;
  s.organisation_id = to_int(f.form_value("organisation_id"));
  s.title = f.form_value("title");
  s.summary = f.form_value("summary");
  s.description = f.form_value("description");
  s.audience = f.form_value("audience");
  s.evidence = f.form_value("evidence");
  s.price_model = f.form_value("price_model");
  s.nationwide = f.form_value("nationwide") == "1";
  s.service_areas = form_values(ctx, "service_areas");
  s.target_groups = form_values(ctx, "target_groups");
  s.municipalities = form_values(ctx, "municipalities");
  auto removed = form_values(ctx, "reference_remove");
  std::vector<std::int64_t> ids;
  for (auto& v : form_values(ctx, "references")) {
    auto id = to_int(v);
    if (id > 0 && !contains(removed, v)) ids.push_back(id);
  }
  for (auto& v : form_values(ctx, "references_add"))
    if (auto id = to_int(v); id > 0 && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  auto names = ss::organisation_names(ctx.db(), ids);
  for (auto id : ids) {
    ss::SolutionReference r;
    r.organisation_id = id;
    auto n = std::find_if(names.begin(), names.end(), [&](auto& x) { return x.first == id; });
    if (n != names.end()) r.organisation_name = n->second;
    r.note = f.form_value("reference_note_" + std::to_string(id));
    s.references.push_back(std::move(r));
  }
  in.reference_query = web::trim(f.form_value("reference_query"));
  if (in.reference_query.size() > 200) in.reference_query.resize(200);
  return in;
}

Response form_page(Context& ctx, const Reference& ref, const Input& in, const FieldErrors& errors, bool creating,
                   const std::vector<store::MemberOrganisation>& organisations, int status = 200) {
  const auto& s = in.s;
  render::Object d;
  d.reserve(40);
  d.set("title", creating ? ctx.t("solutions.form.new_title") : ctx.t("solutions.form.edit_title"));
  d.set("action", creating ? std::string("/losninger/ny") : path_of(s.id, "/rediger"));
  if (creating) {
    d.set("creating", true);
    render::List orgs;
    for (auto& o : organisations) {
      render::Object x;
      x.set("value", std::to_string(o.id));
      x.set("label", o.name);
      if (o.id == s.organisation_id || organisations.size() == 1) x.set("selected", true);
      orgs.emplace_back(std::move(x));
    }
    d.set("organisations", std::move(orgs));
  } else {
    d.set("organisation", s.organisation_name);
    d.set("back_href", path_of(s.id));
  }
  d.set("solution_title", s.title);
  d.set("summary", s.summary);
  d.set("description", s.description);
  d.set("audience", s.audience);
  d.set("evidence", s.evidence);
  d.set("price_model", s.price_model);
  if (s.nationwide) d.set("nationwide", true);
  d.set("service_areas", directory::named_options(ref.service_areas, ctx.lang, s.service_areas, "checked"));
  d.set("target_groups", directory::named_options(ref.target_groups, ctx.lang, s.target_groups, "checked"));
  render::List counties;
  for (auto& c : ref.counties) {
    render::List ms;
    int chosen = 0;
    for (auto& m : ref.municipalities) {
      if (m.county_number != c.number) continue;
      render::Object x;
      x.set("value", m.number);
      x.set("label", m.name);
      if (contains(s.municipalities, m.number)) {
        x.set("checked", true);
        ++chosen;
      }
      ms.emplace_back(std::move(x));
    }
    if (ms.empty()) continue;
    render::Object g;
    g.set("name", c.name);
    if (chosen > 0) {
      g.set("open", true);
      g.set("chosen", ctx.t("solutions.form.chosen", {{"count", std::to_string(chosen)}}));
    }
    g.set("municipalities", std::move(ms));
    counties.emplace_back(std::move(g));
  }
  d.set("counties", std::move(counties));
  render::List refs;
  for (auto& r : s.references) {
    render::Object x;
    x.set("id", std::to_string(r.organisation_id));
    x.set("name", r.organisation_name.empty() ? ctx.t("solutions.form.unknown_organisation") : r.organisation_name);
    x.set("note", r.note);
    refs.emplace_back(std::move(x));
  }
  if (!refs.empty()) d.set("references", std::move(refs));
  d.set("reference_query", in.reference_query);
  if (in.searched) {
    render::List hits;
    for (auto& [id, name] : in.reference_hits) {
      if (std::any_of(s.references.begin(), s.references.end(), [&](auto& r) { return r.organisation_id == id; }))
        continue;
      render::Object x;
      x.set("id", std::to_string(id));
      x.set("name", name);
      hits.emplace_back(std::move(x));
    }
    if (hits.empty()) d.set("no_hits", true);
    else d.set("hits", std::move(hits));
  }
  add_errors(ctx, d, errors);
  return ctx.page("needs/solution_form", std::move(d), status);
}

Response get_new(Context& ctx, const Reference& ref) {
  auto also = to_int(ctx.req.query_value("aktor"));
  auto orgs = offering_organisations(ctx, also);
  Input in;
  if (also > 0) in.s.organisation_id = also;
  else if (orgs.size() == 1) in.s.organisation_id = orgs.front().id;
  return form_page(ctx, ref, in, {}, true, orgs);
}

// Re-renders with reference search results when the user searched; nullopt otherwise.
std::optional<Response> reference_search(Context& ctx, const Reference& ref, Input& in, bool creating,
                                         const std::vector<store::MemberOrganisation>& orgs) {
  if (ctx.req.form_value("action") != "search_references") return std::nullopt;
  in.searched = true;
  in.reference_hits = ss::verified_organisations(ctx.db(), in.reference_query, kReferenceHits);
  return form_page(ctx, ref, in, {}, creating, orgs);
}

Response post_new(Context& ctx, const Reference& ref) {
  auto in = input_from_form(ctx);
  auto orgs = offering_organisations(ctx, in.s.organisation_id);
  if (auto r = reference_search(ctx, ref, in, true, orgs)) return std::move(*r);
  auto errors = check_solution(in.s, ref);
  if (std::none_of(orgs.begin(), orgs.end(), [&](auto& o) { return o.id == in.s.organisation_id; }))
    errors.items.insert(errors.items.begin(), {"organisation_id", "solutions.errors.organisation"});
  if (!errors.empty()) return form_page(ctx, ref, in, errors, true, orgs, 422);
  auto& s = in.s;
  s.status = "draft";
  s.created_by = ctx.user->id;
  s.created_at = s.updated_at = clock::now_iso();
  auto& db = ctx.db();
  std::int64_t id = 0;
  {
    db::Transaction tx(db);
    id = ss::create(db, s, solution_search_text(s, ref));
    tx.commit();
  }
  ctx.flash("success", "solutions.flash.created");
  return ctx.redirect(path_of(id));
}

Response get_edit(Context& ctx, const Reference& ref) {
  auto s = ss::find(ctx.db(), id_param(ctx));
  if (!s) return ctx.error_page(404);
  Input in;
  in.s = *s;
  return form_page(ctx, ref, in, {}, false, {});
}

Response post_edit(Context& ctx, const Reference& ref) {
  auto current = ss::find(ctx.db(), id_param(ctx));
  if (!current) return ctx.error_page(404);
  auto in = input_from_form(ctx);
  in.s.id = current->id;
  in.s.organisation_id = current->organisation_id;
  in.s.organisation_name = current->organisation_name;
  if (auto r = reference_search(ctx, ref, in, false, {})) return std::move(*r);
  auto errors = check_solution(in.s, ref);
  if (!errors.empty()) return form_page(ctx, ref, in, errors, false, {}, 422);
  in.s.updated_at = clock::now_iso();
  auto& db = ctx.db();
  {
    db::Transaction tx(db);
    ss::update(db, in.s, solution_search_text(in.s, ref));
    tx.commit();
  }
  ctx.flash("success", "solutions.flash.saved");
  return ctx.redirect(path_of(current->id));
}

Response post_status(Context& ctx) {
  auto id = id_param(ctx);
  auto h = ss::head(ctx.db(), id);
  if (!h) return ctx.error_page(404);
  auto to = ctx.req.form_value("status");
  const bool allowed = (to == "published" && (h->status == "draft" || h->status == "archived")) ||
                       (to == "archived" && h->status == "published");
  if (!allowed) {
    ctx.flash("warning", "solutions.flash.status_refused");
    return ctx.redirect(path_of(id));
  }
  bool changed = false;
  {
    auto& db = ctx.db();
    db::Transaction tx(db);
    changed = ss::change_status(db, id, h->status, to, clock::now_iso());
    tx.commit();
  }
  ctx.flash(changed ? "success" : "warning",
            changed ? (to == "published" ? "solutions.flash.published" : "solutions.flash.archived")
                    : "solutions.flash.status_refused");
  return ctx.redirect(path_of(id));
}

// ---- matches ----

render::List reasons_of(const Context& ctx, const Reference& ref, const matching::Match& m) {
  render::List out;
  auto add = [&](const std::string& key, const std::string& names) {
    if (names.empty()) return;
    render::Object x;
    x.set("text", ctx.t(key, {{"names", names}}));
    out.emplace_back(std::move(x));
  };
  add("matching.reasons.service_area", names_of(m.service_areas, ref.service_areas, ref, ctx.lang));
  add("matching.reasons.target_group", names_of(m.target_groups, ref.target_groups, ref, ctx.lang));
  std::string places;
  for (auto& n : m.municipalities)
    if (auto x = ref.municipality(n)) places += (places.empty() ? "" : ", ") + x->name;
  add("matching.reasons.place_" + m.kind, places);
  if (places.empty() && m.nationwide) add("matching.reasons.nationwide", "-");
  if (places.empty() && !m.nationwide) {
    std::string counties;
    for (auto& n : m.counties)
      if (auto c = ref.county(n)) counties += (counties.empty() ? "" : ", ") + c->name;
    add("matching.reasons.county", counties);
  }
  std::string words;
  for (auto& w : m.words) words += (words.empty() ? "" : ", ") + w;
  add("matching.reasons.words", words);
  return out;
}

render::List match_rows(const Context& ctx, const Reference& ref, const std::vector<matching::Match>& ms) {
  render::List out;
  int position = 0;
  for (auto& m : ms) {
    render::Object x;
    x.set("position", std::to_string(++position));
    x.set("title", m.title);
    if (m.kind == "solution") x.set("href", path_of(m.id));
    else if (m.kind == "enterprise") x.set("href", "/aktorer/" + std::to_string(m.id));
    else x.set("href", "/behov/" + std::to_string(m.id));
    if (m.kind != "enterprise") {
      x.set("organisation", m.organisation_name);
      x.set("organisation_href", "/aktorer/" + std::to_string(m.organisation_id));
    }
    if (!m.summary.empty()) x.set("summary", m.summary);
    char score[16];
    std::snprintf(score, sizeof score, "%.0f", m.score);
    x.set("score", ctx.t("matching.score", {{"score", score}}));
    x.set("reasons", reasons_of(ctx, ref, m));
    out.emplace_back(std::move(x));
  }
  return out;
}

nlohmann::json match_json(const matching::Match& m) {
  std::string url = m.kind == "solution"     ? path_of(m.id)
                    : m.kind == "enterprise" ? "/aktorer/" + std::to_string(m.id)
                                             : "/behov/" + std::to_string(m.id);
  return {{"kind", m.kind},
          {"id", m.id},
          {"title", m.title},
          {"url", url},
          {"organisation", {{"id", m.organisation_id}, {"name", m.organisation_name}}},
          {"score", std::round(m.score * 10) / 10},
          {"reasons",
           {{"service_areas", m.service_areas},
            {"target_groups", m.target_groups},
            {"municipalities", m.municipalities},
            {"counties", m.counties},
            {"nationwide", m.nationwide},
            {"words", m.words}}}};
}

Response need_matches(Context& ctx, const Reference& ref, bool json) {
  auto id = id_param(ctx);
  auto h = id ? store::head(ctx.db(), id) : std::nullopt;
  if (!h || !can_view_need(ctx, *h)) return ctx.error_page(404);
  auto found = matching::for_need(ctx.db(), id, kMatches);
  if (json) {
    nlohmann::json out = {{"need", {{"id", id}, {"title", h->title}, {"url", "/behov/" + std::to_string(id)}}},
                          {"solutions", nlohmann::json::array()},
                          {"enterprises", nlohmann::json::array()}};
    for (auto& m : found.solutions) out["solutions"].push_back(match_json(m));
    for (auto& m : found.enterprises) out["enterprises"].push_back(match_json(m));
    return Response::json(200, out.dump());
  }
  render::Object d;
  d.set("title", ctx.t("matching.need.title", {{"title", h->title}}));
  d.set("need_title", h->title);
  d.set("need_href", "/behov/" + std::to_string(id));
  d.set("json_href", "/api/v1/behov/" + std::to_string(id) + "/treff");
  auto sols = match_rows(ctx, ref, found.solutions);
  if (!sols.empty()) {
    d.set("has_solutions", true);
    d.set("solutions", std::move(sols));
  }
  auto ents = match_rows(ctx, ref, found.enterprises);
  if (!ents.empty()) {
    d.set("has_enterprises", true);
    d.set("enterprises", std::move(ents));
  }
  return ctx.page("needs/match_need", std::move(d));
}

bool acts_for_route_organisation(Context& ctx) {
  auto id = id_param(ctx);
  return id && acts_for(ctx, id);
}

Response organisation_matches(Context& ctx, const Reference& ref) {
  auto id = id_param(ctx);
  auto o = directory::store::find(ctx.db(), id);
  if (!o || o->status == "deactivated") return ctx.error_page(404);
  auto found = matching::for_organisation(ctx.db(), id, kMatches * 2);
  render::Object d;
  d.set("title", ctx.t("matching.organisation.title", {{"name", o->name}}));
  d.set("organisation", o->name);
  d.set("organisation_href", "/aktorer/" + std::to_string(id));
  d.set("solutions_href", "/losninger?aktor=" + std::to_string(id));
  if (may_offer_solutions(o->kind)) d.set("new_href", "/losninger/ny?aktor=" + std::to_string(id));
  auto rows = match_rows(ctx, ref, found);
  if (!rows.empty()) {
    d.set("has_needs", true);
    d.set("needs", std::move(rows));
  }
  return ctx.page("needs/match_organisation", std::move(d));
}

}  // namespace

FieldErrors check_solution(ss::Solution& s, const Reference& ref) {
  FieldErrors e;
  s.title = web::trim(s.title);
  s.summary = web::trim(s.summary);
  s.audience = web::trim(s.audience);
  s.price_model = web::trim(s.price_model);
  if (s.title.empty()) e.add("title", "solutions.errors.title_missing");
  else if (web::utf8_length(s.title) > kMaxTitle) e.add("title", "solutions.errors.title_long");
  if (s.summary.empty()) e.add("summary", "solutions.errors.summary_missing");
  else if (web::utf8_length(s.summary) > kMaxSummary) e.add("summary", "solutions.errors.summary_long");
  if (web::utf8_length(s.description) > kMaxLong) e.add("description", "solutions.errors.too_long");
  if (web::utf8_length(s.audience) > kMaxAudience) e.add("audience", "solutions.errors.too_long");
  if (web::utf8_length(s.evidence) > kMaxLong) e.add("evidence", "solutions.errors.too_long");
  if (web::utf8_length(s.price_model) > kMaxPrice) e.add("price_model", "solutions.errors.too_long");
  std::erase_if(s.service_areas, [&](auto& x) { return !ref.find(ref.service_areas, x); });
  std::erase_if(s.target_groups, [&](auto& x) { return !ref.find(ref.target_groups, x); });
  if (s.service_areas.empty()) e.add("service_areas", "solutions.errors.service_area_missing");
  std::vector<std::string> places;
  for (auto& m : s.municipalities)
    if (auto current = ref.current_number(m); current && !contains(places, *current)) places.push_back(*current);
  s.municipalities = std::move(places);
  if (!s.nationwide && s.municipalities.empty()) e.add("municipalities", "solutions.errors.place_missing");
  if (s.references.size() > kMaxReferences) e.add("references", "solutions.errors.too_many_references");
  for (auto& r : s.references) {
    r.note = web::trim(r.note);
    if (r.organisation_name.empty()) {
      if (!e.has("references")) e.add("references", "solutions.errors.reference_unknown");
    } else if (web::utf8_length(r.note) > kMaxNote && !e.has("references")) {
      e.add("references", "solutions.errors.reference_note_long");
    }
  }
  return e;
}

std::string solution_search_text(const ss::Solution& s, const Reference& ref) {
  std::vector<std::string> fields{s.title, s.summary, s.description, s.audience, s.evidence};
  for (auto& x : s.service_areas)
    if (auto n = ref.find(ref.service_areas, x)) fields.push_back(n->name_nb);
  for (auto& x : s.target_groups)
    if (auto n = ref.find(ref.target_groups, x)) fields.push_back(n->name_nb);
  for (auto& m : s.municipalities)
    if (auto x = ref.municipality(m)) fields.push_back(x->name);
  return search::index_text(fields);
}

void mount_solutions(web::Router& r, std::shared_ptr<directory::ReferenceSource> source) {
  // Wraps a handler so it gets the reference lists current for the request (kept alive while it runs).
  using Page = std::function<Response(Context&, const Reference&)>;
  const auto with_lists = [source](Page handler) {
    return [source, handler = std::move(handler)](Context& c) {
      auto lists = source->current(c.db());
      return handler(c, *lists);
    };
  };
  const auto editor = [] {
    return Access::when("member of the solution's organisation, or coordinator", may_edit);
  };
  const auto offerer = [] {
    return Access::when("member of an organisation that offers solutions, or coordinator", may_create);
  };
  r.get("/losninger", Access::everyone(), with_lists([](Context& c, const Reference& l) { return list(c, l, false); }));
  r.get("/api/v1/losninger", Access::everyone(),
        with_lists([](Context& c, const Reference& l) { return list(c, l, true); }));
  r.get("/losninger/ny", offerer(), with_lists(get_new));
  r.post("/losninger/ny", offerer(), with_lists(post_new));
  r.get("/losninger/{id}", Access::everyone(), with_lists(show));
  r.get("/losninger/{id}/rediger", editor(), with_lists(get_edit));
  r.post("/losninger/{id}/rediger", editor(), with_lists(post_edit));
  r.post("/losninger/{id}/status", editor(), post_status);
  r.get("/behov/{id}/treff", Access::everyone(),
        with_lists([](Context& c, const Reference& l) { return need_matches(c, l, false); }));
  r.get("/api/v1/behov/{id}/treff", Access::everyone(),
        with_lists([](Context& c, const Reference& l) { return need_matches(c, l, true); }));
  r.get("/aktorer/{id}/behovstreff",
        Access::when("member of the organisation, or coordinator", acts_for_route_organisation),
        with_lists(organisation_matches));
}

}  // namespace samskap::needs
