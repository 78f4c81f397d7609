// The management side of the directory: profile, people and contact roles, members,
// invitations and join requests, and the coordinators' verify, deactivate and merge.
#include "directory/manage.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <set>

#include "accounts/rules.hpp"
#include "accounts/store.hpp"
#include "directory/manage_store.hpp"
#include "directory/options.hpp"
#include "directory/orgnr.hpp"
#include "directory/rules.hpp"
#include "directory/store.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/config.hpp"
#include "platform/core/crypto.hpp"
#include "platform/mail/mailer.hpp"
#include "platform/render/markdown.hpp"
#include "platform/search/text.hpp"
#include "platform/web/password_policy.hpp"

namespace samskap::directory {

namespace {

using http::Response;
using web::Access;
using web::Context;
using web::FieldErrors;
using web::FieldSpec;
using web::FormView;
using Ref = std::shared_ptr<ReferenceSource>;

constexpr long kInvitationSeconds = 7L * 24 * 3600;
constexpr std::size_t kMaxJoinMessage = 1000;
constexpr std::size_t kMaxShortField = 200;

std::int64_t to_int(std::string_view s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size() ? v : 0;
}

std::int64_t id_param(const Context& ctx, std::string_view name = "id") {
  auto id = to_int(ctx.req.param(name));
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

std::string org_path(std::int64_t id, std::string_view rest = "") {
  return "/aktorer/" + std::to_string(id) + std::string(rest);
}

std::string link(const Context& ctx, const std::string& path) { return ctx.services.config.base_url + path; }

// Sends a mail; a failing mail server must not turn a committed action into an error page.
void send_mail(Context& ctx, const std::string& to, const std::string& key,
               const std::vector<std::pair<std::string, std::string>>& args) {
  try {
    ctx.services.mailer.send({to, ctx.t(key + ".subject", args), ctx.t(key + ".body", args)});
  } catch (const std::exception& e) {
    spdlog::error("req={} e-post til {} feilet: {}", ctx.req.request_id, to, e.what());
  }
}

std::string role_label(const Context& ctx, std::string_view role) {
  return ctx.t("directory.manage.roles." + std::string(role == "admin" ? "admin" : "member"));
}

// The organisation of the route, if it may be managed: merged ones live on elsewhere, and only
// coordinators still reach a deactivated one.
std::optional<manage_store::OrganisationState> load(Context& ctx) {
  auto id = id_param(ctx);
  if (!id) return std::nullopt;
  auto s = manage_store::state(ctx.db(), id);
  if (!s || s->merged_into) return std::nullopt;
  if (s->status == "deactivated" && !ctx.has_role(web::role_coordinator)) return std::nullopt;
  return s;
}

// Title, the way back to the organisation and the management menu, shared by the pages.
render::Object frame(const Context& ctx, const manage_store::OrganisationState& o, const std::string& title,
                     std::string_view current) {
  render::Object d;
  d.reserve(24);
  d.set("title", title);
  d.set("org_name", o.name);
  d.set("org_href", org_path(o.id));
  render::List nav;
  auto item = [&](std::string_view key, std::string_view rest) {
    render::Object x;
    x.set("label", ctx.t("directory.manage.nav." + std::string(key)));
    x.set("href", org_path(o.id, rest));
    if (key == current) x.set("current", true);
    nav.emplace_back(std::move(x));
  };
  item("profile", "/rediger");
  item("people", "/personer");
  item("members", "/medlemmer");
  if (ctx.has_role(web::role_coordinator)) item("merge", "/sla-sammen");
  d.set("nav", std::move(nav));
  return d;
}

void add_errors(const Context& ctx, render::Object& d, const FieldErrors& errors) {
  render::List summary;
  for (auto& [field, key] : errors.items) {
    auto text = ctx.t(key);
    if (!field.empty()) d.set(field + "_error", text);
    render::Object s;
    if (!field.empty()) s.set("id", field);
    s.set("text", std::move(text));
    summary.emplace_back(std::move(s));
  }
  if (!summary.empty()) d.set("has_errors", true);
  d.set("errors", std::move(summary));
}


Response message_page(Context& ctx, const std::string& key, int status,
                      const std::vector<std::pair<std::string, std::string>>& args = {}, const std::string& href = "",
                      const std::string& link_key = "") {
  render::Object d;
  d.set("title", ctx.t(key + ".title", args));
  d.set("text", ctx.t(key + ".text", args));
  if (!href.empty()) {
    d.set("href", href);
    d.set("link", ctx.t(link_key));
  }
  return ctx.page("directory/manage_message", std::move(d), status);
}

// ---- the profile ----

struct ProfileInput {
  Organisation o;
  std::string founded_year;  // as typed
};

ProfileInput profile_from_form(const Context& ctx, const Reference& ref, const Organisation& current) {
  auto& f = ctx.req;
  ProfileInput in;
  Organisation& o = in.o;
  o.id = current.id;
  o.status = current.status;
  o.in_voluntary_register = current.in_voluntary_register;
  o.parent_id = current.parent_id;
  o.created_at = current.created_at;
  o.name = f.form_value("name");
  o.kind = f.form_value("kind");
  // The organisation number is the organisation's identity: only coordinators change it.
  if (ctx.has_role(web::role_coordinator)) {
    auto orgnr = web::trim(f.form_value("orgnr"));
    if (!orgnr.empty()) o.orgnr = orgnr;
  } else {
    o.orgnr = current.orgnr;
  }
  auto form = f.form_value("org_form");
  if (ref.find(ref.org_forms, form)) o.org_form = form;
  auto municipality = f.form_value("municipality_number");
  if (!municipality.empty()) o.municipality_number = municipality;
  o.short_description = f.form_value("short_description");
  o.long_description = f.form_value("long_description");
  o.address = web::trim(f.form_value("address"));
  o.postcode = web::trim(f.form_value("postcode"));
  o.city = web::trim(f.form_value("city"));
  o.website = f.form_value("website");
  o.email = f.form_value("email");
  o.phone = web::trim(f.form_value("phone"));
  in.founded_year = web::trim(f.form_value("founded_year"));
  if (auto year = to_int(in.founded_year)) o.founded_year = year;
  o.no_dividends = f.form_value("no_dividends") == "1";
  o.no_dividends_note = web::trim(f.form_value("no_dividends_note"));
  o.municipalities = form_values(ctx, "municipalities");
  o.service_areas = form_values(ctx, "service_areas");
  o.target_groups = form_values(ctx, "target_groups");
  for (auto& s : form_values(ctx, "sdgs"))
    if (auto n = to_int(s)) o.sdgs.push_back(n);
  return in;
}

// The form offers only active entries; inactive ones an organisation already has stay on it.
void keep_inactive(std::vector<std::string>& chosen, const std::vector<std::string>& had,
                   const std::vector<Named>& all) {
  for (auto& k : had)
    for (auto& n : all)
      if (n.key == k && !n.active && !contains(chosen, k)) chosen.push_back(k);
}

FieldErrors check_profile(ProfileInput& in, const Reference& ref) {
  auto errors = check_organisation(in.o, ref);
  auto& o = in.o;
  if (!in.founded_year.empty() && !o.founded_year && !errors.has("founded_year"))
    errors.add("founded_year", "directory.errors.founded_year");
  for (auto [field, value] : {std::pair<const char*, const std::string*>{"address", &o.address},
                              {"postcode", &o.postcode},
                              {"city", &o.city},
                              {"website", &o.website},
                              {"email", &o.email},
                              {"phone", &o.phone},
                              {"no_dividends_note", &o.no_dividends_note}})
    if (web::utf8_length(*value) > kMaxShortField && !errors.has(field))
      errors.add(field, "directory.manage.errors.too_long");
  return errors;
}

Response profile_page(Context& ctx, const Reference& ref, const manage_store::OrganisationState& state,
                      const ProfileInput& in, const FieldErrors& errors, bool preview, int status = 200) {
  const Organisation& o = in.o;
  auto d = frame(ctx, state, ctx.t("directory.manage.profile.title"), "profile");
  d.set("name", o.name);
  d.set("orgnr", o.orgnr.value_or(""));
  if (ctx.has_role(web::role_coordinator)) d.set("orgnr_editable", true);
  d.set("short_description", o.short_description);
  d.set("long_description", o.long_description);
  if (preview) {
    d.set("preview", true);
    if (!o.long_description.empty()) d.set("preview_html", render::markdown_to_html(o.long_description));
  }
  d.set("address", o.address);
  d.set("postcode", o.postcode);
  d.set("city", o.city);
  d.set("website", o.website);
  d.set("email", o.email);
  d.set("phone", o.phone);
  d.set("founded_year", in.founded_year);
  if (o.no_dividends) d.set("no_dividends", true);
  d.set("no_dividends_note", o.no_dividends_note);

  d.set("kinds", kind_options(ctx, o.kind, "checked"));
  render::List forms;
  for (auto& f : ref.org_forms) {
    render::Object x;
    x.set("value", f.key);
    x.set("label", f.name(ctx.lang) + " (" + f.key + ")");
    if (o.org_form == f.key) x.set("selected", true);
    forms.emplace_back(std::move(x));
  }
  d.set("org_forms", std::move(forms));
  d.set("service_areas", named_options(ref.service_areas, ctx.lang, o.service_areas, "checked"));
  d.set("target_groups", named_options(ref.target_groups, ctx.lang, o.target_groups, "checked"));
  std::vector<std::string> sdg_keys;
  for (auto n : o.sdgs) sdg_keys.push_back(std::to_string(n));
  d.set("sdgs", named_options(ref.sdgs, ctx.lang, sdg_keys, "checked"));

  d.set("municipalities", municipality_options(ref, o.municipality_number.value_or("")));
  // Served municipalities: one collapsible group per county, open where something is chosen.
  render::List counties;
  for (auto& c : ref.counties) {
    render::List ms;
    int chosen = 0;
    for (auto& m : ref.municipalities) {
      if (m.county_number != c.number) continue;
      render::Object x;
      x.set("value", m.number);
      x.set("label", m.name);
      if (contains(o.municipalities, m.number)) {
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
      g.set("chosen", ctx.t("directory.manage.profile.chosen", {{"count", std::to_string(chosen)}}));
    }
    g.set("municipalities", std::move(ms));
    counties.emplace_back(std::move(g));
  }
  d.set("counties", std::move(counties));

  if (ctx.has_role(web::role_coordinator)) {
    d.set("coordinator", true);
    if (state.status != "verified") d.set("can_verify", true);
    if (state.status != "deactivated") d.set("can_deactivate", true);
    d.set("status", ctx.t("directory.manage.status." + state.status));
  }
  add_errors(ctx, d, errors);
  return ctx.page("directory/manage_profile", std::move(d), status);
}

Response get_profile(Context& ctx, const Reference& ref) {
  auto state = load(ctx);
  if (!state) return ctx.error_page(404);
  auto o = store::find(ctx.db(), state->id);
  if (!o) return ctx.error_page(404);
  ProfileInput in{*o, o->founded_year ? std::to_string(*o->founded_year) : ""};
  return profile_page(ctx, ref, *state, in, {}, false);
}

Response post_profile(Context& ctx, const Reference& ref) {
  auto state = load(ctx);
  if (!state) return ctx.error_page(404);
  auto& db = ctx.db();
  auto current = store::find(db, state->id);
  if (!current) return ctx.error_page(404);
  auto in = profile_from_form(ctx, ref, *current);
  if (ctx.req.form_value("action") == "preview") return profile_page(ctx, ref, *state, in, {}, true);
  auto errors = check_profile(in, ref);
  if (!errors.empty()) return profile_page(ctx, ref, *state, in, errors, false, 422);
  keep_inactive(in.o.service_areas, current->service_areas, ref.all_service_areas);
  keep_inactive(in.o.target_groups, current->target_groups, ref.all_target_groups);
  in.o.updated_at = clock::now_iso();
  try {
    db::Transaction tx(db);
    manage_store::update_profile(db, in.o, search_text_for(in.o, ref), search::sort_key(in.o.name));
    tx.commit();
  } catch (const db::UniqueViolation&) {
    FieldErrors taken;
    taken.add("orgnr", "directory.manage.errors.orgnr_taken");
    return profile_page(ctx, ref, *state, in, taken, false, 422);
  }
  ctx.flash("success", "directory.manage.flash.profile_saved");
  return ctx.redirect(state->status == "deactivated" ? org_path(state->id, "/rediger") : org_path(state->id));
}

// ---- people ----

struct PersonInput {
  Person person;
  std::vector<std::string> areas;
  bool all_municipalities = true;
  std::vector<std::string> municipalities;
  bool consent = false;
};

// The municipalities a contact role can name: where the organisation is at home or works,
// and any a role already names.
std::vector<std::string> role_municipality_choices(const Organisation& o, const Reference& ref,
                                                   const std::vector<ContactRole>& existing) {
  std::set<std::string> wanted(o.municipalities.begin(), o.municipalities.end());
  if (o.municipality_number) wanted.insert(*o.municipality_number);
  for (auto& r : existing)
    if (r.municipality_number) wanted.insert(*r.municipality_number);
  std::vector<std::string> out;
  for (auto& m : ref.municipalities)
    if (wanted.erase(m.number)) out.push_back(m.number);
  for (auto& n : wanted) out.push_back(n);  // numbers no longer current, kept so nothing is lost
  return out;
}

PersonInput person_from_roles(const manage_store::PersonWithRoles& p) {
  PersonInput in;
  in.person = p.person;
  in.consent = p.person.public_consent_at.has_value();
  for (auto& r : p.roles) {
    if (!contains(in.areas, r.service_area)) in.areas.push_back(r.service_area);
    if (r.municipality_number) {
      in.all_municipalities = false;
      if (!contains(in.municipalities, *r.municipality_number)) in.municipalities.push_back(*r.municipality_number);
    }
  }
  return in;
}

PersonInput person_from_form(const Context& ctx) {
  auto& f = ctx.req;
  PersonInput in;
  in.person.name = f.form_value("name");
  in.person.title = f.form_value("title");
  in.person.email = f.form_value("email");
  in.person.phone = f.form_value("phone");
  in.consent = f.form_value("public_consent") == "1";
  in.areas = form_values(ctx, "areas");
  in.all_municipalities = f.form_value("scope") != "some";
  in.municipalities = form_values(ctx, "role_municipalities");
  return in;
}

FieldErrors check_person_input(PersonInput& in, const Reference& ref, const std::vector<std::string>& choices) {
  auto errors = check_person(in.person);
  std::erase_if(in.areas, [&](const std::string& a) { return ref.find(ref.service_areas, a) == nullptr; });
  std::erase_if(in.municipalities, [&](const std::string& m) { return !contains(choices, m); });
  if (!in.all_municipalities && in.municipalities.empty() && !in.areas.empty())
    errors.add("role_municipalities", "directory.manage.errors.municipalities_required");
  return errors;
}

// The form names areas and municipalities once each: a role for every chosen area in every chosen
// municipality, or in all the organisation serves.
std::vector<ContactRole> roles_of(const PersonInput& in) {
  std::vector<ContactRole> roles;
  for (auto& a : in.areas) {
    if (in.all_municipalities || in.municipalities.empty()) roles.push_back({a, std::nullopt});
    else
      for (auto& m : in.municipalities) roles.push_back({a, m});
  }
  return roles;
}

std::string municipality_name(const Reference& ref, const std::string& number) {
  auto m = ref.municipality(number);
  return m ? m->name : number;
}

Response person_page(Context& ctx, const Reference& ref, const manage_store::OrganisationState& state,
                     const PersonInput& in, const std::vector<std::string>& choices, const FieldErrors& errors,
                     int status = 200) {
  const bool is_new = in.person.id == 0;
  auto d = frame(ctx, state, ctx.t(is_new ? "directory.manage.person.new_title" : "directory.manage.person.edit_title"),
                 "people");
  auto action = is_new ? org_path(state.id, "/personer/ny")
                       : org_path(state.id, "/personer/" + std::to_string(in.person.id) + "/rediger");
  FormView form(ctx, action, "directory.manage.person.submit");
  form.field({"name", "directory.manage.person.name", "text", in.person.name})
      .field({"title", "directory.manage.person.role_title", "text", in.person.title, "off",
              "directory.manage.person.title_hint", false})
      .field({"email", "directory.manage.person.email", "email", in.person.email, "off",
              "directory.manage.person.email_hint", false})
      .field({"phone", "directory.manage.person.phone", "tel", in.person.phone, "off", "", false})
      .errors(errors);
  d.set("form", form.build());
  if (in.consent) d.set("consent", true);
  if (in.person.public_consent_at)
    d.set("consent_at", ctx.t("directory.manage.person.consent_at",
                              {{"date", clock::oslo_display(*in.person.public_consent_at)}}));
  if (in.person.user_id) d.set("linked_user", true);
  d.set("areas", named_options(ref.service_areas, ctx.lang, in.areas, "checked"));
  if (!choices.empty()) {
    render::List ms;
    for (auto& n : choices) {
      render::Object x;
      x.set("value", n);
      x.set("label", municipality_name(ref, n));
      if (contains(in.municipalities, n)) x.set("checked", true);
      ms.emplace_back(std::move(x));
    }
    d.set("role_municipalities", std::move(ms));
    d.set("has_choices", true);
    if (in.all_municipalities) d.set("scope_all", true);
    else d.set("scope_some", true);
  }
  if (!is_new) d.set("delete_action", org_path(state.id, "/personer/" + std::to_string(in.person.id) + "/slett"));
  if (errors.has("role_municipalities"))
    d.set("role_municipalities_error", ctx.t("directory.manage.errors.municipalities_required"));
  return ctx.page("directory/manage_person", std::move(d), status);
}

// The user with this (folded) address, when the address is verified.
std::optional<std::int64_t> verified_user(db::Connection& db, const std::string& email) {
  if (email.empty()) return std::nullopt;
  auto a = accounts::store::find_by_email(db, email);
  if (!a || !a->verified_at) return std::nullopt;
  return a->id;
}

Response get_people(Context& ctx, const Reference& ref) {
  auto state = load(ctx);
  if (!state) return ctx.error_page(404);
  auto people = manage_store::people_of(ctx.db(), state->id);
  std::vector<std::pair<std::string, std::size_t>> order;
  for (std::size_t i = 0; i < people.size(); ++i) order.emplace_back(search::sort_key(people[i].person.name), i);
  std::sort(order.begin(), order.end());
  render::List rows;
  rows.reserve(people.size());
  auto everywhere = ctx.t("directory.manage.people.everywhere");
  for (auto& [key, i] : order) {
    auto& p = people[i];
    render::Object x;
    x.set("name", p.person.name);
    x.set("title", p.person.title);
    x.set("email", p.person.email);
    x.set("phone", p.person.phone);
    x.set("href", org_path(state->id, "/personer/" + std::to_string(p.person.id) + "/rediger"));
    if (p.person.public_consent_at)
      x.set("public", ctx.t("directory.manage.people.public_since",
                            {{"date", clock::oslo_display(*p.person.public_consent_at)}}));
    if (p.person.user_id) x.set("linked_user", true);
    render::List roles;
    for (auto& r : p.roles) {
      auto area = ref.find(ref.all_service_areas, r.service_area);
      render::Object y;
      y.set("area", area ? area->name(ctx.lang) : r.service_area);
      y.set("where", r.municipality_number ? municipality_name(ref, *r.municipality_number) : everywhere);
      roles.emplace_back(std::move(y));
    }
    if (!roles.empty()) x.set("roles", std::move(roles));
    rows.emplace_back(std::move(x));
  }
  auto d = frame(ctx, *state, ctx.t("directory.manage.people.title"), "people");
  if (rows.empty()) d.set("empty", true);
  d.set("people", std::move(rows));
  d.set("new_href", org_path(state->id, "/personer/ny"));
  return ctx.page("directory/manage_people", std::move(d));
}

Response get_new_person(Context& ctx, const Reference& ref) {
  auto state = load(ctx);
  if (!state) return ctx.error_page(404);
  auto org = store::find(ctx.db(), state->id);
  if (!org) return ctx.error_page(404);
  PersonInput in;
  return person_page(ctx, ref, *state, in, role_municipality_choices(*org, ref, {}), {});
}

Response post_new_person(Context& ctx, const Reference& ref) {
  auto state = load(ctx);
  if (!state) return ctx.error_page(404);
  auto& db = ctx.db();
  auto org = store::find(db, state->id);
  if (!org) return ctx.error_page(404);
  auto choices = role_municipality_choices(*org, ref, {});
  auto in = person_from_form(ctx);
  auto errors = check_person_input(in, ref, choices);
  if (!errors.empty()) return person_page(ctx, ref, *state, in, choices, errors, 422);
  auto now = clock::now_iso();
  in.person.organisation_id = state->id;
  if (in.consent) in.person.public_consent_at = now;
  in.person.user_id = verified_user(db, in.person.email);
  db::Transaction tx(db);
  manage_store::create_person(db, in.person, roles_of(in), now);
  tx.commit();
  ctx.flash("success", "directory.manage.flash.person_added");
  return ctx.redirect(org_path(state->id, "/personer"));
}

Response get_edit_person(Context& ctx, const Reference& ref) {
  auto state = load(ctx);
  if (!state) return ctx.error_page(404);
  auto& db = ctx.db();
  auto person = manage_store::find_person(db, state->id, id_param(ctx, "person"));
  auto org = store::find(db, state->id);
  if (!person || !org) return ctx.error_page(404);
  auto in = person_from_roles(*person);
  return person_page(ctx, ref, *state, in, role_municipality_choices(*org, ref, person->roles), {});
}

Response post_edit_person(Context& ctx, const Reference& ref) {
  auto state = load(ctx);
  if (!state) return ctx.error_page(404);
  auto& db = ctx.db();
  auto existing = manage_store::find_person(db, state->id, id_param(ctx, "person"));
  auto org = store::find(db, state->id);
  if (!existing || !org) return ctx.error_page(404);
  auto choices = role_municipality_choices(*org, ref, existing->roles);
  auto in = person_from_form(ctx);
  in.person.id = existing->person.id;
  in.person.organisation_id = state->id;
  in.person.user_id = existing->person.user_id;
  in.person.public_consent_at = existing->person.public_consent_at;
  auto errors = check_person_input(in, ref, choices);
  if (!errors.empty()) return person_page(ctx, ref, *state, in, choices, errors, 422);
  std::vector<std::string> had;
  for (auto& r : existing->roles) had.push_back(r.service_area);
  keep_inactive(in.areas, had, ref.all_service_areas);
  // Consent keeps the moment it was given; unticking withdraws it.
  if (!in.consent) in.person.public_consent_at.reset();
  else if (!in.person.public_consent_at) in.person.public_consent_at = clock::now_iso();
  in.person.user_id = verified_user(db, in.person.email);
  db::Transaction tx(db);
  bool updated = manage_store::update_person(db, in.person, roles_of(in));
  tx.commit();
  if (!updated) return ctx.error_page(404);
  ctx.flash("success", "directory.manage.flash.person_saved");
  return ctx.redirect(org_path(state->id, "/personer"));
}

Response post_delete_person(Context& ctx) {
  auto state = load(ctx);
  if (!state) return ctx.error_page(404);
  if (!manage_store::delete_person(ctx.db(), state->id, id_param(ctx, "person"))) return ctx.error_page(404);
  ctx.flash("success", "directory.manage.flash.person_deleted");
  return ctx.redirect(org_path(state->id, "/personer"));
}

// ---- members, invitations, join requests ----

struct InviteInput {
  std::string email;
  std::string role = "member";
};

Response members_page(Context& ctx, const manage_store::OrganisationState& state, const InviteInput& invite,
                      const FieldErrors& errors, int status = 200) {
  auto& db = ctx.db();
  auto d = frame(ctx, state, ctx.t("directory.manage.members.title"), "members");
  auto members = manage_store::members_of(db, state.id);
  auto admins = std::count_if(members.begin(), members.end(), [](auto& m) { return m.role == "admin"; });
  render::List rows;
  for (auto& m : members) {
    render::Object x;
    x.set("name", m.name);
    x.set("email", m.email);
    x.set("role", role_label(ctx, m.role));
    x.set("since", clock::oslo_display(m.since));
    if (m.role != "admin" || admins > 1)
      x.set("remove_action", org_path(state.id, "/medlemmer/" + std::to_string(m.user_id) + "/fjern"));
    if (ctx.user && m.user_id == ctx.user->id) x.set("you", true);
    rows.emplace_back(std::move(x));
  }
  if (rows.empty()) d.set("no_members", true);
  d.set("members", std::move(rows));

  render::List requests;
  for (auto& r : manage_store::pending_requests(db, state.id)) {
    render::Object x;
    x.set("name", r.name);
    x.set("email", r.email);
    x.set("message", r.message);
    x.set("created", clock::oslo_display(r.created_at));
    x.set("approve_action", org_path(state.id, "/foresporsler/" + std::to_string(r.id) + "/godkjenn"));
    x.set("decline_action", org_path(state.id, "/foresporsler/" + std::to_string(r.id) + "/avslaa"));
    requests.emplace_back(std::move(x));
  }
  if (!requests.empty()) {
    d.set("has_requests", true);
    d.set("requests", std::move(requests));
  }

  render::List invitations;
  for (auto& i : manage_store::pending_invitations(db, state.id, clock::now_iso())) {
    render::Object x;
    x.set("email", i.email);
    x.set("role", role_label(ctx, i.role));
    x.set("expires", clock::oslo_display(i.expires_at));
    invitations.emplace_back(std::move(x));
  }
  if (!invitations.empty()) {
    d.set("has_invitations", true);
    d.set("invitations", std::move(invitations));
  }

  d.set("invite_action", org_path(state.id, "/inviter"));
  d.set("invite_email", invite.email);
  if (invite.role == "admin") d.set("invite_admin", true);
  add_errors(ctx, d, errors);
  return ctx.page("directory/manage_members", std::move(d), status);
}

Response get_members(Context& ctx) {
  auto state = load(ctx);
  if (!state) return ctx.error_page(404);
  return members_page(ctx, *state, {}, {});
}

Response post_invite(Context& ctx) {
  auto state = load(ctx);
  if (!state) return ctx.error_page(404);
  auto& db = ctx.db();
  InviteInput in{accounts::normalise_email(ctx.req.form_value("email")), ctx.req.form_value("role")};
  if (in.role != "admin") in.role = "member";
  FieldErrors errors;
  if (in.email.empty()) errors.add("invite_email", "directory.manage.errors.email_required");
  else if (!accounts::valid_email(in.email)) errors.add("invite_email", "directory.manage.errors.email_invalid");
  else if (manage_store::is_member_email(db, state->id, in.email))
    errors.add("invite_email", "directory.manage.errors.already_member");
  if (!errors.empty()) return members_page(ctx, *state, in, errors, 422);
  auto token = crypto::random_token(32);
  {
    db::Transaction tx(db);
    manage_store::create_invitation(db, state->id, in.email, in.role, crypto::sha256_hex(token), ctx.user->id,
                                    clock::in_seconds_iso(kInvitationSeconds));
    tx.commit();
  }
  send_mail(ctx, in.email, "directory.manage.mail.invite",
            {{"inviter", ctx.user->name},
             {"organisation", state->name},
             {"role", role_label(ctx, in.role)},
             {"link", link(ctx, "/invitasjon/" + token)}});
  ctx.flash("success", "directory.manage.flash.invited");
  return ctx.redirect(org_path(state->id, "/medlemmer"));
}

Response post_decide_request(Context& ctx, bool approve) {
  auto state = load(ctx);
  if (!state) return ctx.error_page(404);
  auto& db = ctx.db();
  auto now = clock::now_iso();
  db::Transaction tx(db);
  auto request = manage_store::decide_request(db, state->id, id_param(ctx, "req"), now);
  if (!request) return ctx.error_page(404);
  if (approve) manage_store::add_member_keep_higher(db, state->id, request->user_id, "member", now);
  tx.commit();
  send_mail(ctx, request->email,
            approve ? "directory.manage.mail.join_approved" : "directory.manage.mail.join_declined",
            {{"name", request->name}, {"organisation", state->name}, {"link", link(ctx, org_path(state->id))}});
  ctx.flash("success", approve ? "directory.manage.flash.request_approved" : "directory.manage.flash.request_declined");
  return ctx.redirect(org_path(state->id, "/medlemmer"));
}

Response post_remove_member(Context& ctx) {
  auto state = load(ctx);
  if (!state) return ctx.error_page(404);
  auto& db = ctx.db();
  auto user_id = id_param(ctx, "user");
  db::Transaction tx(db);
  auto result = manage_store::remove_member(db, state->id, user_id);
  tx.commit();
  if (result == manage_store::RemoveResult::not_member) return ctx.error_page(404);
  if (result == manage_store::RemoveResult::last_admin) {
    ctx.flash("danger", "directory.manage.flash.last_admin");
    return ctx.redirect(org_path(state->id, "/medlemmer"));
  }
  ctx.flash("success", "directory.manage.flash.member_removed");
  // Someone who removed themselves can no longer see the members page.
  if (user_id == ctx.user->id && !ctx.has_role(web::role_coordinator)) return ctx.redirect(org_path(state->id));
  return ctx.redirect(org_path(state->id, "/medlemmer"));
}

// ---- asking to join ----

// The organisation a signed-in user may ask to join: active and not merged.
std::optional<manage_store::OrganisationState> joinable(Context& ctx) {
  auto id = id_param(ctx);
  if (!id) return std::nullopt;
  auto s = manage_store::state(ctx.db(), id);
  if (!s || s->merged_into || s->status == "deactivated") return std::nullopt;
  return s;
}

Response join_page(Context& ctx, const manage_store::OrganisationState& state, const std::string& message,
                   const FieldErrors& errors, int status = 200) {
  auto& db = ctx.db();
  render::Object d;
  d.set("title", ctx.t("directory.manage.join.title", {{"organisation", state.name}}));
  d.set("org_name", state.name);
  d.set("org_href", org_path(state.id));
  if (store::member_role(db, state.id, ctx.user->id)) {
    d.set("member", true);
  } else if (manage_store::has_pending_request(db, state.id, ctx.user->id)) {
    d.set("pending", true);
  } else {
    FormView form(ctx, org_path(state.id, "/bli-med"), "directory.manage.join.submit");
    form.field({"message", "directory.manage.join.message", "textarea", message, "off",
                "directory.manage.join.message_hint", false})
        .errors(errors);
    d.set("form", form.build());
  }
  return ctx.page("directory/manage_join", std::move(d), status);
}

Response get_join(Context& ctx) {
  auto state = joinable(ctx);
  if (!state) return ctx.error_page(404);
  return join_page(ctx, *state, "", {});
}

Response post_join(Context& ctx) {
  auto state = joinable(ctx);
  if (!state) return ctx.error_page(404);
  auto message = web::trim(ctx.req.form_value("message"));
  if (web::utf8_length(message) > kMaxJoinMessage) {
    FieldErrors e;
    e.add("message", "directory.manage.errors.message_long");
    return join_page(ctx, *state, message, e, 422);
  }
  auto& db = ctx.db();
  manage_store::JoinResult result;
  {
    db::Transaction tx(db);
    result = manage_store::request_join(db, state->id, ctx.user->id, message, clock::now_iso());
    tx.commit();
  }
  if (result == manage_store::JoinResult::already_member) {
    ctx.flash("info", "directory.manage.flash.already_member");
  } else if (result == manage_store::JoinResult::already_pending) {
    ctx.flash("info", "directory.manage.flash.request_pending");
  } else {
    for (auto& admin : manage_store::admins_of(db, state->id))
      send_mail(ctx, admin.email, "directory.manage.mail.join_request",
                {{"name", ctx.user->name},
                 {"organisation", state->name},
                 {"message", message.empty() ? ctx.t("directory.manage.mail.join_request.no_message") : message},
                 {"link", link(ctx, org_path(state->id, "/medlemmer"))}});
    ctx.flash("success", "directory.manage.flash.request_sent");
  }
  return ctx.redirect(org_path(state->id));
}

// ---- invitations, from the invited side ----

Response get_invitation(Context& ctx) {
  auto key = crypto::sha256_hex(ctx.req.param("token"));
  auto inv = manage_store::open_invitation(ctx.db(), key, clock::now_iso());
  if (!inv) return message_page(ctx, "directory.manage.invitation_invalid", 404);
  if (inv->email != accounts::normalise_email(ctx.user->email))
    return message_page(ctx, "directory.manage.invitation_other", 403, {{"email", ctx.user->email}});
  render::Object d;
  d.set("title", ctx.t("directory.manage.invitation.title", {{"organisation", inv->organisation_name}}));
  d.set("text", ctx.t("directory.manage.invitation.text",
                      {{"organisation", inv->organisation_name}, {"role", role_label(ctx, inv->role)}}));
  d.set("action", "/invitasjon/" + ctx.req.param("token"));
  return ctx.page("directory/manage_invitation", std::move(d));
}

Response post_invitation(Context& ctx) {
  auto key = crypto::sha256_hex(ctx.req.param("token"));
  auto& db = ctx.db();
  auto now = clock::now_iso();
  db::Transaction tx(db);
  auto inv = manage_store::open_invitation(db, key, now);
  if (!inv) return message_page(ctx, "directory.manage.invitation_invalid", 404);
  auto email = accounts::normalise_email(ctx.user->email);
  if (inv->email != email)
    return message_page(ctx, "directory.manage.invitation_other", 403, {{"email", ctx.user->email}});
  if (!manage_store::consume_invitation(db, inv->id, now))
    return message_page(ctx, "directory.manage.invitation_invalid", 404);
  manage_store::add_member_keep_higher(db, inv->organisation_id, ctx.user->id, inv->role, now);
  manage_store::link_people_to_user(db, inv->organisation_id, email, ctx.user->id);
  tx.commit();
  ctx.flash("success", "directory.manage.flash.invitation_accepted");
  return ctx.redirect(org_path(inv->organisation_id));
}

// ---- coordinators ----

Response post_status(Context& ctx, const std::string& status) {
  auto state = load(ctx);
  if (!state) return ctx.error_page(404);
  manage_store::set_status(ctx.db(), state->id, status, clock::now_iso());
  if (status == "verified") {
    ctx.flash("success", "directory.manage.flash.verified");
    return ctx.redirect(org_path(state->id));
  }
  ctx.flash("success", "directory.manage.flash.deactivated");
  return ctx.redirect("/aktorer");
}

// The organisation a coordinator named as the merge target: by organisation number, by id,
// or by the address of its page ("/aktorer/123").
std::optional<manage_store::OrganisationState> find_target(db::Connection& db, const std::string& raw) {
  if (!check_orgnr(raw))
    if (auto id = store::find_id_by_orgnr(db, *normalise_orgnr(raw))) return manage_store::state(db, *id);
  std::string_view tail = raw;
  while (!tail.empty() && tail.back() == '/') tail.remove_suffix(1);
  if (auto slash = tail.rfind('/'); slash != std::string_view::npos) tail.remove_prefix(slash + 1);
  if (auto id = to_int(tail); id > 0) return manage_store::state(db, id);
  return std::nullopt;
}

Response merge_page(Context& ctx, const manage_store::OrganisationState& state, const std::string& target,
                    const FieldErrors& errors, int status = 200) {
  auto d = frame(ctx, state, ctx.t("directory.manage.merge.title"), "merge");
  d.set("intro", ctx.t("directory.manage.merge.intro", {{"organisation", state.name}}));
  FormView form(ctx, org_path(state.id, "/sla-sammen"), "directory.manage.merge.next");
  form.field({"target", "directory.manage.merge.target", "text", target, "off", "directory.manage.merge.target_hint"})
      .errors(errors);
  d.set("form", form.build());
  return ctx.page("directory/manage_merge", std::move(d), status);
}

Response get_merge(Context& ctx) {
  auto state = load(ctx);
  if (!state) return ctx.error_page(404);
  return merge_page(ctx, *state, "", {});
}

Response post_merge(Context& ctx, const Reference& ref) {
  auto state = load(ctx);
  if (!state) return ctx.error_page(404);
  auto& db = ctx.db();
  auto raw = web::trim(ctx.req.form_value("target"));
  FieldErrors errors;
  auto target = find_target(db, raw);
  if (raw.empty()) errors.add("target", "directory.manage.errors.target_required");
  else if (!target) errors.add("target", "directory.manage.errors.target_unknown");
  else if (target->id == state->id) errors.add("target", "directory.manage.errors.target_same");
  else if (target->merged_into || target->status == "deactivated")
    errors.add("target", "directory.manage.errors.target_inactive");
  if (!errors.empty()) return merge_page(ctx, *state, raw, errors, 422);

  if (ctx.req.form_value("confirm") != "1") {
    auto counts = manage_store::merge_counts(db, state->id);
    auto d = frame(ctx, *state, ctx.t("directory.manage.merge.confirm_title"), "merge");
    d.set("confirm", true);
    d.set("question", ctx.t("directory.manage.merge.question",
                            {{"source", state->name}, {"target", target->name}}));
    d.set("moves", ctx.t("directory.manage.merge.moves", {{"people", std::to_string(counts.people)},
                                                           {"members", std::to_string(counts.members)},
                                                           {"requests", std::to_string(counts.requests)}}));
    d.set("target_name", target->name);
    d.set("target_href", org_path(target->id));
    d.set("target_id", std::to_string(target->id));
    d.set("action", org_path(state->id, "/sla-sammen"));
    d.set("cancel_href", org_path(state->id, "/rediger"));
    return ctx.page("directory/manage_merge", std::move(d));
  }

  auto now = clock::now_iso();
  db::Transaction tx(db);
  manage_store::merge(db, state->id, target->id, now);
  // The target's tags changed, and its search text is made from them.
  if (auto merged = store::find(db, target->id))
    manage_store::set_search_text(db, target->id, search_text_for(*merged, ref));
  tx.commit();
  ctx.flash("success", "directory.manage.flash.merged");
  return ctx.redirect(org_path(target->id));
}

}  // namespace

bool can_manage(Context& ctx) {
  if (!ctx.user) return false;
  auto id = id_param(ctx);
  if (!id) return false;
  return ctx.has_role(web::role_coordinator) || manage_store::is_admin(ctx.db(), id, ctx.user->id);
}

FieldErrors check_person(Person& p) {
  FieldErrors e;
  p.name = web::trim(p.name);
  p.title = web::trim(p.title);
  p.email = accounts::normalise_email(p.email);
  p.phone = web::trim(p.phone);
  if (p.name.empty()) e.add("name", "directory.manage.errors.person_name_required");
  else if (web::utf8_length(p.name) > kMaxShortField) e.add("name", "directory.manage.errors.too_long");
  if (web::utf8_length(p.title) > kMaxShortField) e.add("title", "directory.manage.errors.too_long");
  if (!p.email.empty() && !accounts::valid_email(p.email)) e.add("email", "directory.manage.errors.email_invalid");
  if (web::utf8_length(p.phone) > 50) e.add("phone", "directory.manage.errors.too_long");
  return e;
}

void mount_management(web::Router& r, Ref ref) {
  auto manager = [] { return Access::when("administrator of the organisation, or coordinator", can_manage); };
  auto coordinator = [] { return Access::role({web::role_coordinator}); };
  r.get("/aktorer/{id}/rediger", manager(), [ref](Context& c) { return get_profile(c, *ref->current(c.db())); });
  r.post("/aktorer/{id}/rediger", manager(), [ref](Context& c) { return post_profile(c, *ref->current(c.db())); });
  r.get("/aktorer/{id}/personer", manager(), [ref](Context& c) { return get_people(c, *ref->current(c.db())); });
  r.get("/aktorer/{id}/personer/ny", manager(), [ref](Context& c) { return get_new_person(c, *ref->current(c.db())); });
  r.post("/aktorer/{id}/personer/ny", manager(), [ref](Context& c) { return post_new_person(c, *ref->current(c.db())); });
  r.get("/aktorer/{id}/personer/{person}/rediger", manager(), [ref](Context& c) { return get_edit_person(c, *ref->current(c.db())); });
  r.post("/aktorer/{id}/personer/{person}/rediger", manager(), [ref](Context& c) { return post_edit_person(c, *ref->current(c.db())); });
  r.post("/aktorer/{id}/personer/{person}/slett", manager(), post_delete_person);
  r.get("/aktorer/{id}/medlemmer", manager(), get_members);
  r.post("/aktorer/{id}/inviter", manager(), post_invite);
  r.post("/aktorer/{id}/foresporsler/{req}/godkjenn", manager(),
         [](Context& c) { return post_decide_request(c, true); });
  r.post("/aktorer/{id}/foresporsler/{req}/avslaa", manager(),
         [](Context& c) { return post_decide_request(c, false); });
  r.post("/aktorer/{id}/medlemmer/{user}/fjern", manager(), post_remove_member);
  r.get("/aktorer/{id}/bli-med", Access::signed_in(), get_join);
  r.post("/aktorer/{id}/bli-med", Access::signed_in(), post_join);
  r.get("/invitasjon/{token}", Access::signed_in(), get_invitation);
  r.post("/invitasjon/{token}", Access::signed_in(), post_invitation);
  r.post("/aktorer/{id}/verifiser", coordinator(), [](Context& c) { return post_status(c, "verified"); });
  r.post("/aktorer/{id}/deaktiver", coordinator(), [](Context& c) { return post_status(c, "deactivated"); });
  r.get("/aktorer/{id}/sla-sammen", coordinator(), get_merge);
  r.post("/aktorer/{id}/sla-sammen", coordinator(), [ref](Context& c) { return post_merge(c, *ref->current(c.db())); });
}

}  // namespace samskap::directory
