#include "directory/registration.hpp"

#include <charconv>

#include "directory/options.hpp"
#include "directory/orgnr.hpp"
#include "directory/register/store.hpp"
#include "directory/rules.hpp"
#include "directory/store.hpp"
#include "platform/core/clock.hpp"
#include "platform/http/form.hpp"
#include "platform/search/text.hpp"
#include "platform/web/forms.hpp"
#include "platform/web/password_policy.hpp"

namespace samskap::directory {

namespace {

using http::Response;
using http::find_field;
using web::Access;
using web::Context;
using Ref = std::shared_ptr<ReferenceSource>;

// Screen 1: the organisation number, or a name to look up in the register.
Response start_page(Context& ctx, const std::string& orgnr, const std::string& orgnr_error, int status = 200) {
  render::Object d;
  d.set("title", ctx.t("directory.register.title"));
  d.set("orgnr", orgnr);
  if (!orgnr_error.empty()) {
    d.set("orgnr_error", ctx.t(orgnr_error));
    d.set("has_errors", true);
  }
  auto name = web::trim(ctx.req.query_value("navn"));
  d.set("navn", name);
  if (web::utf8_length(name) >= 3) {
    render::List hits;
    for (auto& h : registry::store::search(ctx.db(), name, "", 10)) {
      render::Object o;
      o.set("orgnr", h.orgnr);
      o.set("name", h.name);
      o.set("place", h.city);
      o.set("href", "/aktorer/ny/detaljer?orgnr=" + h.orgnr);
      hits.emplace_back(std::move(o));
    }
    if (hits.empty()) d.set("no_hits", true);
    d.set("hits", std::move(hits));
    d.set("searched", true);
  }
  return ctx.page("directory/register_start", std::move(d), status);
}

std::vector<std::string> form_values(const Context& ctx, std::string_view name) {
  std::vector<std::string> out;
  for (auto& [k, v] : ctx.req.form())
    if (k == name && !v.empty()) out.push_back(v);
  return out;
}

// Screen 2: what the register knows, and what the user adds.
Response details_page(Context& ctx, const Reference& ref, const Organisation& o, const web::FieldErrors& errors,
                      bool from_register, int status = 200) {
  render::Object d;
  d.reserve(24);
  d.set("title", ctx.t("directory.register.details_title"));
  d.set("name", o.name);
  d.set("orgnr", o.orgnr.value_or(""));
  d.set("org_form", o.org_form.value_or(""));
  d.set("address", o.address);
  d.set("postcode", o.postcode);
  d.set("city", o.city);
  d.set("municipality_number", o.municipality_number.value_or(""));
  d.set("short_description", o.short_description);
  d.set("website", o.website);
  d.set("email", o.email);
  d.set("phone", o.phone);
  if (o.in_voluntary_register) d.set("in_voluntary_register", *o.in_voluntary_register ? "1" : "0");
  if (o.no_dividends) d.set("no_dividends", true);
  if (from_register) d.set("from_register", true);
  if (o.municipality_number)
    if (auto m = ref.municipality(*o.municipality_number)) d.set("municipality_name", m->name);
  d.set("kinds", kind_options(ctx, o.kind, "checked"));
  d.set("service_areas", named_options(ref.service_areas, ctx.lang, o.service_areas, "checked"));
  d.set("target_groups", named_options(ref.target_groups, ctx.lang, o.target_groups, "checked"));
  d.set("municipalities", municipality_options(ref, o.municipality_number.value_or("")));
  render::List summary;
  for (auto& [field, key] : errors.items) {
    auto text = ctx.t(key);
    d.set(field + "_error", text);
    render::Object s;
    s.set("id", field);
    s.set("text", std::move(text));
    summary.emplace_back(std::move(s));
  }
  if (!summary.empty()) d.set("has_errors", true);
  d.set("errors", std::move(summary));
  return ctx.page("directory/register_details", std::move(d), status);
}

Response get_start(Context& ctx) { return start_page(ctx, "", ""); }

Response get_details(Context& ctx, const Reference& ref) {
  Organisation o;
  bool from_register = false;
  auto raw = ctx.req.query_value("orgnr");
  // Arriving without the field at all (not submitting it empty) is just the first screen.
  if (ctx.req.query_value("uten") != "1" && !find_field(ctx.req.query(), "orgnr")) return start_page(ctx, "", "");
  if (ctx.req.query_value("uten") != "1") {
    if (auto problem = check_orgnr(raw)) return start_page(ctx, raw, std::string(orgnr_problem_key(*problem)), 422);
    auto orgnr = *normalise_orgnr(raw);
    if (auto existing = store::find_id_by_orgnr(ctx.db(), orgnr)) {
      render::Object d;
      d.set("title", ctx.t("directory.register.exists_title"));
      d.set("href", "/aktorer/" + std::to_string(*existing));
      return ctx.page("directory/register_exists", std::move(d), 409);
    }
    o.orgnr = orgnr;
    if (auto unit = registry::store::find(ctx.db(), orgnr); unit && !unit->removed()) {
      from_register = true;
      o.name = unit->name;
      if (ref.find(ref.org_forms, unit->org_form)) o.org_form = unit->org_form;
      o.address = unit->address;
      o.postcode = unit->postcode;
      o.city = unit->city;
      if (auto current = ref.current_number(unit->municipality_number)) {
        o.municipality_number = *current;
        o.municipalities.push_back(*current);
      }
      o.in_voluntary_register = unit->registered_voluntary;
      o.website = unit->website;
    }
  }
  return details_page(ctx, ref, o, {}, from_register);
}

Response post_create(Context& ctx, const Reference& ref) {
  auto& f = ctx.req;
  Organisation o;
  o.name = f.form_value("name");
  o.kind = f.form_value("kind");
  auto orgnr = web::trim(f.form_value("orgnr"));
  if (!orgnr.empty()) o.orgnr = orgnr;
  auto form = f.form_value("org_form");
  if (ref.find(ref.org_forms, form)) o.org_form = form;
  auto municipality = f.form_value("municipality_number");
  if (!municipality.empty()) o.municipality_number = municipality;
  o.address = web::trim(f.form_value("address"));
  o.postcode = web::trim(f.form_value("postcode"));
  o.city = web::trim(f.form_value("city"));
  o.short_description = f.form_value("short_description");
  o.website = f.form_value("website");
  o.email = f.form_value("email");
  o.phone = web::trim(f.form_value("phone"));
  auto voluntary = f.form_value("in_voluntary_register");
  if (voluntary == "1" || voluntary == "0") o.in_voluntary_register = voluntary == "1";
  o.no_dividends = f.form_value("no_dividends") == "1";
  o.service_areas = form_values(ctx, "service_areas");
  o.target_groups = form_values(ctx, "target_groups");
  if (o.municipality_number) o.municipalities.push_back(*o.municipality_number);
  auto errors = check_organisation(o, ref);
  if (!errors.empty()) return details_page(ctx, ref, o, errors, f.form_value("from_register") == "1", 422);
  auto now = clock::now_iso();
  o.created_at = o.updated_at = now;
  auto& db = ctx.db();
  std::int64_t id = 0;
  try {
    db::Transaction tx(db);
    id = store::create(db, o, search_text_for(o, ref), search::sort_key(o.name));
    store::add_member(db, id, ctx.user->id, "admin", now);
    tx.commit();
  } catch (const db::UniqueViolation&) {
    // Someone registered the same number a moment ago.
    if (auto existing = o.orgnr ? store::find_id_by_orgnr(db, *o.orgnr) : std::nullopt) {
      render::Object d;
      d.set("title", ctx.t("directory.register.exists_title"));
      d.set("href", "/aktorer/" + std::to_string(*existing));
      return ctx.page("directory/register_exists", std::move(d), 409);
    }
    throw;
  }
  ctx.flash("success", "directory.register.created");
  return ctx.redirect("/aktorer/" + std::to_string(id));
}

}  // namespace

void mount_registration(web::Router& r, Ref ref) {
  r.get("/aktorer/ny", Access::signed_in(), get_start);
  r.get("/aktorer/ny/detaljer", Access::signed_in(), [ref](Context& c) { return get_details(c, *ref->current(c.db())); });
  r.post("/aktorer/ny", Access::signed_in(), [ref](Context& c) { return post_create(c, *ref->current(c.db())); });
}

}  // namespace samskap::directory
