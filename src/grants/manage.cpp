// Managing grant schemes: a new scheme for an organisation one is a member of, and on the
// scheme's page new rule sets and new calls, for the owner's members and coordinators. Rule sets
// are only added, and a new one must start after every existing call opened, so it never changes
// the rules of a call (or its applications) already under way.
#include <algorithm>
#include <cstdio>

#include "directory/options.hpp"
#include "grants/access.hpp"
#include "grants/review_store.hpp"
#include "grants/routes.hpp"
#include "grants/store.hpp"
#include "grants/views.hpp"
#include "needs/store.hpp"
#include "needs/views.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/money.hpp"
#include "platform/render/markdown.hpp"
#include "platform/web/forms.hpp"
#include "platform/web/password_policy.hpp"

namespace samskap::grants {

namespace {

using directory::Reference;
using http::Response;
using web::Access;
using web::Context;
using Ref = std::shared_ptr<const Reference>;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    auto line = web::trim(text.substr(start, end - start));
    if (!line.empty()) out.push_back(line);
    start = end + 1;
  }
  return out;
}

std::string upper(std::string s) {
  for (auto& ch : s)
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
  return s;
}

std::vector<std::string> codes_of(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char ch : text + ",") {
    if (ch == ',' || ch == ' ' || ch == ';') {
      if (!cur.empty()) out.push_back(upper(cur));
      cur.clear();
    } else {
      cur += ch;
    }
  }
  return out;
}

void summary(const Context& ctx, const web::FieldErrors& errors, render::Object& d) {
  render::List list;
  for (auto& [field, key] : errors.items) {
    d.set(field + "_error", ctx.t(key));
    render::Object s;
    s.set("id", field);
    s.set("text", ctx.t(key));
    list.emplace_back(std::move(s));
  }
  if (!list.empty()) d.set("has_errors", true);
  d.set("errors", std::move(list));
}

// ---- a new scheme ----

struct SchemeInput {
  std::int64_t organisation_id = 0;
  std::string name, purpose, target_group, annual_pot;
  std::string service_area;  // whose contact people are told about grants
};

Response scheme_form_page(Context& ctx, const Reference& ref, const SchemeInput& in, const web::FieldErrors& errors,
                          int status = 200) {
  render::Object d;
  d.set("service_areas", directory::named_options(ref.service_areas, ctx.lang, {in.service_area}, "selected"));
  d.set("title", ctx.t("grants.manage.new_scheme"));
  render::List orgs;
  for (auto& o : needs::store::organisations_of(ctx.db(), ctx.user->id)) {
    render::Object x;
    x.set("value", std::to_string(o.id));
    x.set("label", o.name);
    if (o.id == in.organisation_id) x.set("selected", true);
    orgs.emplace_back(std::move(x));
  }
  if (orgs.empty()) d.set("no_organisation", true);
  d.set("organisations", std::move(orgs));
  d.set("name", in.name);
  d.set("purpose", in.purpose);
  d.set("target_group", in.target_group);
  d.set("annual_pot", in.annual_pot);
  summary(ctx, errors, d);
  return ctx.page("grants/scheme_form", std::move(d), status);
}

Response new_scheme(Context& ctx, const Reference& ref) { return scheme_form_page(ctx, ref, {}, {}); }

Response create_scheme(Context& ctx, const Reference& ref) {
  SchemeInput in;
  in.organisation_id = needs::to_int(ctx.req.form_value("organisation_id"));
  in.name = web::trim(ctx.req.form_value("name"));
  in.purpose = web::trim(ctx.req.form_value("purpose"));
  in.target_group = web::trim(ctx.req.form_value("target_group"));
  in.annual_pot = web::trim(ctx.req.form_value("annual_pot"));
  in.service_area = ctx.req.form_value("service_area");
  web::FieldErrors errors;
  if (!in.service_area.empty() && !ref.find(ref.service_areas, in.service_area))
    errors.add("service_area", "grants_review.errors.service_area");
  if (!needs::store::is_member(ctx.db(), in.organisation_id, ctx.user->id))
    errors.add("organisation_id", "grants.manage.errors.organisation");
  if (in.name.empty()) errors.add("name", "grants.manage.errors.name");
  else if (web::utf8_length(in.name) > 200) errors.add("name", "grants.errors.title_too_long");
  if (web::utf8_length(in.purpose) > 10'000 || web::utf8_length(in.target_group) > 500)
    errors.add("purpose", "grants.errors.too_long");
  std::optional<std::int64_t> pot = in.annual_pot.empty() ? std::optional<std::int64_t>(0) : money::parse_kroner(in.annual_pot);
  if (!pot) errors.add("annual_pot", "grants.errors.amount");
  if (!errors.empty()) return scheme_form_page(ctx, ref, in, errors, 422);
  Scheme s;
  s.organisation_id = in.organisation_id;
  s.name = in.name;
  s.purpose = in.purpose;
  s.target_group = in.target_group;
  s.annual_pot = *pot;
  s.created_at = s.updated_at = clock::now_iso();
  auto& db = ctx.db();
  db::Transaction tx(db);
  auto id = store::create_scheme(db, s);
  if (!in.service_area.empty()) store::set_scheme_service_area(db, id, in.service_area);
  tx.commit();
  ctx.flash("success", "grants.manage.flash.scheme_created");
  return ctx.redirect("/tilskudd/ordninger/" + std::to_string(id) + "/forvalt");
}

// ---- the scheme's management page: rule sets and calls ----

struct RuleInput {
  std::string valid_from, max_months = "12", min_cofinancing_percent = "0", org_forms, declarations, priorities,
                          attachments;
  std::string report_day = "31", report_month = "3", final_days = "90", reminder_days = "14";
  bool cooperation = false, voluntary_register = false, declarations_attachment = false;
  std::vector<std::string> municipalities;
};
struct CallInput {
  std::string title, text, opens, closes;
  std::vector<std::string> needs;
};

// A whole number of at most four digits, or -2 (reported by check_rule_set as out of range).
int small_number(const std::string& s) {
  if (s.empty() || s.size() > 4 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return -2;
  return std::stoi(s);
}

// service_area: what the form shows as chosen; nullopt shows the scheme's stored one.
Response manage_page(Context& ctx, const Reference& ref, const Scheme& s, const RuleInput& rin, const CallInput& cin,
                     const web::FieldErrors& errors, int status = 200,
                     const std::optional<std::string>& service_area = std::nullopt) {
  auto& db = ctx.db();
  render::Object d;
  d.reserve(50);
  const std::string base = "/tilskudd/ordninger/" + std::to_string(s.id);
  d.set("service_area_action", base + "/tjenesteomrade");
  const auto area = service_area ? *service_area : store::scheme_service_area(db, s.id).value_or("");
  d.set("service_areas", directory::named_options(ref.service_areas, ctx.lang, {area}, "selected"));
  d.set("report_day", rin.report_day);
  d.set("report_month", rin.report_month);
  d.set("final_days", rin.final_days);
  d.set("reminder_days", rin.reminder_days);
  d.set("title", ctx.t("grants.manage.title", {{"scheme", s.name}}));
  d.set("scheme", s.name);
  d.set("scheme_href", base);
  d.set("rules_action", base + "/regelsett");
  d.set("call_action", base + "/utlysning");
  render::List sets;
  for (auto& r : store::rule_sets_of(db, s.id)) sets.emplace_back(rules_view(ctx, ref, r));
  d.set("rule_sets", std::move(sets));
  d.set("valid_from", rin.valid_from);
  d.set("max_months", rin.max_months);
  d.set("min_cofinancing_percent", rin.min_cofinancing_percent);
  if (rin.cooperation) d.set("cooperation", true);
  if (rin.voluntary_register) d.set("voluntary_register", true);
  d.set("org_forms", rin.org_forms);
  d.set("declarations", rin.declarations);
  if (rin.declarations_attachment) d.set("declarations_attachment", true);
  d.set("priorities", rin.priorities);
  d.set("attachments", rin.attachments);
  render::List municipalities;
  for (auto& m : ref.municipalities) {
    render::Object o;
    o.set("value", m.number);
    o.set("label", m.name);
    if (std::find(rin.municipalities.begin(), rin.municipalities.end(), m.number) != rin.municipalities.end())
      o.set("selected", true);
    municipalities.emplace_back(std::move(o));
  }
  d.set("municipalities", std::move(municipalities));
  d.set("call_title", cin.title);
  d.set("call_text", cin.text);
  d.set("opens", cin.opens);
  d.set("closes", cin.closes);
  // The owner's published needs, which a call may answer.
  needs::NeedFilter f;
  f.organisation_id = s.organisation_id;
  render::List needs_list;
  for (auto& n : needs::store::list(db, f, 0, 100).rows) {
    render::Object o;
    o.set("value", std::to_string(n.id));
    o.set("label", n.title);
    if (std::find(cin.needs.begin(), cin.needs.end(), std::to_string(n.id)) != cin.needs.end()) o.set("selected", true);
    needs_list.emplace_back(std::move(o));
  }
  if (!needs_list.empty()) d.set("has_needs", true);
  d.set("needs", std::move(needs_list));
  summary(ctx, errors, d);
  return ctx.page("grants/scheme_manage", std::move(d), status);
}

std::optional<Scheme> scheme_of(Context& ctx) {
  auto id = needs::id_param(ctx);
  if (!id) return std::nullopt;
  return store::find_scheme(ctx.db(), *id);
}

bool may_manage(Context& ctx) {
  auto s = scheme_of(ctx);
  return s && can_manage_scheme(ctx, s->organisation_id);
}

// The latest Oslo date on which one of the scheme's calls opened, or "".
std::string last_opening(db::Connection& db, std::int64_t scheme_id) {
  std::string last;
  for (auto& opens_at : store::call_openings(db, scheme_id)) last = std::max(last, oslo_date_of(opens_at));
  return last;
}

Response manage(Context& ctx, const Reference& ref) {
  auto s = scheme_of(ctx);
  if (!s) return ctx.error_page(404);
  return manage_page(ctx, ref, *s, {}, {}, {});
}

Response add_rules(Context& ctx, const Reference& ref) {
  auto s = scheme_of(ctx);
  if (!s) return ctx.error_page(404);
  RuleInput in;
  in.valid_from = web::trim(ctx.req.form_value("valid_from"));
  in.max_months = web::trim(ctx.req.form_value("max_months"));
  in.min_cofinancing_percent = web::trim(ctx.req.form_value("min_cofinancing_percent"));
  in.cooperation = ctx.req.form_value("cooperation") == "1";
  in.voluntary_register = ctx.req.form_value("voluntary_register") == "1";
  in.org_forms = web::trim(ctx.req.form_value("org_forms"));
  in.declarations = ctx.req.form_value("declarations");
  in.declarations_attachment = ctx.req.form_value("declarations_attachment") == "1";
  in.priorities = ctx.req.form_value("priorities");
  in.attachments = ctx.req.form_value("attachments");
  in.report_day = web::trim(ctx.req.form_value("report_day"));
  in.report_month = web::trim(ctx.req.form_value("report_month"));
  in.final_days = web::trim(ctx.req.form_value("final_days"));
  in.reminder_days = web::trim(ctx.req.form_value("reminder_days"));
  for (auto& [k, v] : ctx.req.form())
    if (k == "municipalities")
      if (auto current = ref.current_number(v)) in.municipalities.push_back(*current);
  RuleSet r;
  r.valid_from = in.valid_from;
  r.max_months = static_cast<int>(needs::to_int(in.max_months));
  r.min_cofinancing_percent = in.min_cofinancing_percent.empty() ? 0 : static_cast<int>(needs::to_int(in.min_cofinancing_percent));
  if (in.min_cofinancing_percent != "0" && !in.min_cofinancing_percent.empty() && r.min_cofinancing_percent == 0)
    r.min_cofinancing_percent = -1;  // unreadable: reported by check_rule_set
  r.cooperation_agreement_required = in.cooperation;
  if (in.voluntary_register) r.eligibility.push_back({"frivillighetsregisteret", "voluntary_register", {}, ""});
  if (auto codes = codes_of(in.org_forms); !codes.empty()) r.eligibility.push_back({"organisasjonsform", "org_form", codes, ""});
  if (!in.municipalities.empty()) r.eligibility.push_back({"kommune", "municipality", in.municipalities, ""});
  int n = 1;
  for (auto& line : lines_of(in.declarations)) r.eligibility.push_back({"erklaering-" + std::to_string(n++), "declaration", {}, line, in.declarations_attachment});
  n = 1;
  web::FieldErrors errors;
  for (auto& line : lines_of(in.priorities)) {
    // "3 Dokumenterte resultater": the weight first, then the text.
    auto space = line.find(' ');
    int weight = space == std::string::npos ? 0 : static_cast<int>(needs::to_int(line.substr(0, space)));
    std::string label = space == std::string::npos ? line : web::trim(line.substr(space + 1));
    r.priorities.push_back({"prioritet-" + std::to_string(n++), label, weight});
  }
  r.required_attachments = lines_of(in.attachments);
  {
    // A field left blank takes the default shown in the form.
    const RuleInput defaults;
    const int day = small_number(in.report_day.empty() ? defaults.report_day : in.report_day),
              month = small_number(in.report_month.empty() ? defaults.report_month : in.report_month);
    char due[16];
    if (day >= 1 && day <= 31 && month >= 1 && month <= 12) std::snprintf(due, sizeof due, "%02d-%02d", month, day);
    else std::snprintf(due, sizeof due, "xx-xx");
    r.reports.annual_due = due;
    r.reports.final_days_after = small_number(in.final_days.empty() ? defaults.final_days : in.final_days);
    r.reports.reminder_days = small_number(in.reminder_days.empty() ? defaults.reminder_days : in.reminder_days);
  }
  for (auto& [field, key] : check_rule_set(r)) {
    std::string f = field == "eligibility" ? "declarations" : field;
    if (!errors.has(f)) errors.add(f, key);
  }
  auto& db = ctx.db();
  auto last = last_opening(db, s->id);
  if (!errors.has("valid_from") && !last.empty() && r.valid_from <= last)
    errors.add("valid_from", "grants.manage.errors.valid_from_after_calls");
  if (!errors.empty()) return manage_page(ctx, ref, *s, in, {}, errors, 422);
  db::Transaction tx(db);
  store::add_rule_set(db, s->id, r, clock::now_iso());
  tx.commit();
  ctx.flash("success", "grants.manage.flash.rules_added");
  return ctx.redirect("/tilskudd/ordninger/" + std::to_string(s->id) + "/forvalt");
}

// Whose contact people are told about the scheme's grants: may be changed at any time, and
// applies to decisions made from then on.
Response change_service_area(Context& ctx, const Reference& ref) {
  auto s = scheme_of(ctx);
  if (!s) return ctx.error_page(404);
  const auto area = ctx.req.form_value("service_area");
  if (!area.empty() && !ref.find(ref.service_areas, area)) {
    web::FieldErrors errors;
    errors.add("service_area", "grants_review.errors.service_area");
    return manage_page(ctx, ref, *s, {}, {}, errors, 422, area);
  }
  auto& db = ctx.db();
  db::Transaction tx(db);
  store::set_scheme_service_area(db, s->id, area.empty() ? std::nullopt : std::optional<std::string>(area));
  tx.commit();
  ctx.flash("success", "grants_files.service_area.saved");
  return ctx.redirect("/tilskudd/ordninger/" + std::to_string(s->id) + "/forvalt");
}

Response add_call(Context& ctx, const Reference& ref) {
  auto s = scheme_of(ctx);
  if (!s) return ctx.error_page(404);
  CallInput in;
  in.title = web::trim(ctx.req.form_value("title"));
  in.text = web::trim(ctx.req.form_value("text"));
  in.opens = web::trim(ctx.req.form_value("opens"));
  in.closes = web::trim(ctx.req.form_value("closes"));
  for (auto& [k, v] : ctx.req.form())
    if (k == "needs" && !v.empty()) in.needs.push_back(v);
  web::FieldErrors errors;
  if (in.title.empty()) errors.add("title", "grants.manage.errors.call_title");
  else if (web::utf8_length(in.title) > 200) errors.add("title", "grants.errors.title_too_long");
  if (web::utf8_length(in.text) > 20'000) errors.add("text", "grants.errors.too_long");
  auto opens = oslo_input_to_utc(in.opens, false);
  auto closes = oslo_input_to_utc(in.closes, true);
  if (!opens) errors.add("opens", "grants.manage.errors.datetime");
  if (!closes) errors.add("closes", "grants.manage.errors.datetime");
  if (opens && closes && *closes <= *opens) errors.add("closes", "grants.manage.errors.closes_before_opens");
  auto& db = ctx.db();
  if (opens) {
    auto sets = store::rule_sets_of(db, s->id);
    if (!rule_set_in_force(sets, oslo_date_of(*opens))) errors.add("opens", "grants.manage.errors.no_rules");
  }
  Call call;
  for (auto& v : in.needs) {
    auto id = needs::to_int(v);
    auto head = needs::store::head(db, id);
    if (!head || head->status == "draft" || head->organisation_id != s->organisation_id) {
      errors.add("needs", "grants.manage.errors.need");
      break;
    }
    call.need_ids.push_back(id);
  }
  if (!errors.empty()) return manage_page(ctx, ref, *s, {}, in, errors, 422);
  call.scheme_id = s->id;
  call.title = in.title;
  call.text = in.text;
  call.opens_at = *opens;
  call.closes_at = *closes;
  call.created_at = call.updated_at = clock::now_iso();
  db::Transaction tx(db);
  auto id = store::create_call(db, call);
  tx.commit();
  ctx.flash("success", "grants.manage.flash.call_created");
  return ctx.redirect("/tilskudd/" + std::to_string(id));
}

}  // namespace

void mount_manage_routes(web::Router& r, Ref ref) {
  auto manager = [] { return Access::when("member of the scheme's owner organisation, or coordinator", may_manage); };
  r.get("/tilskudd/ordninger/ny", Access::signed_in(), [ref](Context& c) { return new_scheme(c, *ref); });
  r.post("/tilskudd/ordninger/ny", Access::signed_in(), [ref](Context& c) { return create_scheme(c, *ref); });
  r.get("/tilskudd/ordninger/{id}/forvalt", manager(), [ref](Context& c) { return manage(c, *ref); });
  r.post("/tilskudd/ordninger/{id}/regelsett", manager(), [ref](Context& c) { return add_rules(c, *ref); });
  r.post("/tilskudd/ordninger/{id}/utlysning", manager(), [ref](Context& c) { return add_call(c, *ref); });
  r.post("/tilskudd/ordninger/{id}/tjenesteomrade", manager(),
         [ref](Context& c) { return change_service_area(c, *ref); });
}

}  // namespace samskap::grants
