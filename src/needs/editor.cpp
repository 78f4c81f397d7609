// Writing needs: the form for a new need and for editing one (with its success criteria),
// status changes, attachments, and deleting a draft.
#include <algorithm>

#include "directory/manage_store.hpp"
#include "directory/options.hpp"
#include "directory/store.hpp"
#include "needs/access.hpp"
#include "needs/routes.hpp"
#include "needs/rules.hpp"
#include "needs/store.hpp"
#include "needs/views.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/crypto.hpp"
#include "platform/core/money.hpp"
#include "platform/web/forms.hpp"
#include "platform/web/password_policy.hpp"

namespace samskap::needs {

namespace {

using directory::Reference;
using http::Response;
using web::Access;
using web::Context;

constexpr int kMinCriterionRows = 3;

std::vector<std::string> form_values(const Context& ctx, std::string_view name) {
  std::vector<std::string> out;
  for (auto& [k, v] : ctx.req.form())
    if (k == name && !v.empty()) out.push_back(v);
  return out;
}

// What the form holds, as typed: amounts stay text so a mistyped one comes back unchanged.
struct Input {
  Need need;
  std::string value_min, value_max;
  int rows = kMinCriterionRows;
};

Input read_form(const Context& ctx, const Reference& ref) {
  Input in;
  auto& n = in.need;
  n.title = web::trim(ctx.req.form_value("title"));
  n.situation = web::trim(ctx.req.form_value("situation"));
  n.constraints = web::trim(ctx.req.form_value("constraints"));
  n.timeframe = web::trim(ctx.req.form_value("timeframe"));
  in.value_min = web::trim(ctx.req.form_value("value_min"));
  in.value_max = web::trim(ctx.req.form_value("value_max"));
  if (auto p = to_int(ctx.req.form_value("contact_person_id")); p > 0) n.contact_person_id = p;
  n.service_areas = form_values(ctx, "service_areas");
  n.target_groups = form_values(ctx, "target_groups");
  for (auto& m : form_values(ctx, "municipalities"))
    if (auto current = ref.current_number(m)) n.municipalities.push_back(*current);
  in.rows = static_cast<int>(std::clamp<std::int64_t>(to_int(ctx.req.form_value("rows")), 1, kMaxCriteria));
  for (int i = 1; i <= in.rows; ++i) {
    auto k = std::to_string(i);
    Criterion c;
    c.description = web::trim(ctx.req.form_value("k" + k + "_description"));
    c.indicator = web::trim(ctx.req.form_value("k" + k + "_indicator"));
    c.baseline = web::trim(ctx.req.form_value("k" + k + "_baseline"));
    c.target = web::trim(ctx.req.form_value("k" + k + "_target"));
    c.position = i;
    n.criteria.push_back(std::move(c));
  }
  return in;
}

render::List criterion_rows(const Context& ctx, const Input& in, const web::FieldErrors& errors, bool locked) {
  render::List out;
  int rows = std::max<int>(in.rows, static_cast<int>(in.need.criteria.size()));
  if (!locked) rows = std::max(rows, kMinCriterionRows);
  for (int i = 1; i <= rows; ++i) {
    const Criterion* c = i <= static_cast<int>(in.need.criteria.size()) ? &in.need.criteria[i - 1] : nullptr;
    if (locked && (!c || c->description.empty())) continue;
    render::Object o;
    auto k = std::to_string(i);
    o.set("n", k);
    o.set("legend", ctx.t("needs.form.criterion_n", {{"n", k}}));
    if (c) {
      o.set("description", c->description);
      o.set("indicator", c->indicator);
      o.set("baseline", c->baseline);
      o.set("target", c->target);
    }
    for (auto& [field, key] : errors.items)
      if (field == "k" + k + "_description") o.set("error", ctx.t(key));
    out.emplace_back(std::move(o));
  }
  return out;
}

render::List organisation_choices(Context& ctx, std::int64_t chosen) {
  render::List out;
  for (auto& o : store::organisations_of(ctx.db(), ctx.user->id)) {
    if (!may_own_needs(o.kind)) continue;
    render::Object x;
    x.set("value", std::to_string(o.id));
    x.set("label", o.name);
    if (o.id == chosen) x.set("selected", true);
    out.emplace_back(std::move(x));
  }
  return out;
}

render::List contact_choices(Context& ctx, std::int64_t organisation_id, std::optional<std::int64_t> chosen) {
  render::List out;
  auto people = directory::manage_store::people_of(ctx.db(), organisation_id);
  std::sort(people.begin(), people.end(), [](auto& a, auto& b) { return a.person.name < b.person.name; });
  for (auto& p : people) {
    render::Object x;
    x.set("value", std::to_string(p.person.id));
    x.set("label", p.person.title.empty() ? p.person.name : p.person.name + " (" + p.person.title + ")");
    if (chosen && *chosen == p.person.id) x.set("selected", true);
    out.emplace_back(std::move(x));
  }
  return out;
}

// The form page, for a new need (need.id == 0) or an existing one.
Response form_page(Context& ctx, const Reference& ref, const Input& in, const web::FieldErrors& errors,
                   bool criteria_locked, int status = 200) {
  const auto& n = in.need;
  render::Object d;
  d.reserve(32);
  const bool creating = n.id == 0;
  d.set("title", ctx.t(creating ? "needs.form.new_title" : "needs.form.edit_title"));
  d.set("action", creating ? std::string("/behov/ny") : "/behov/" + std::to_string(n.id) + "/rediger");
  if (creating) {
    d.set("creating", true);
    d.set("organisations", organisation_choices(ctx, n.organisation_id));
  } else {
    d.set("back_href", "/behov/" + std::to_string(n.id));
    d.set("organisation_name", n.organisation_name);
  }
  d.set("need_title", n.title);
  d.set("situation", n.situation);
  d.set("constraints", n.constraints);
  d.set("timeframe", n.timeframe);
  d.set("value_min", in.value_min);
  d.set("value_max", in.value_max);
  d.set("rows", std::to_string(std::max<int>({in.rows, static_cast<int>(n.criteria.size()), kMinCriterionRows})));
  d.set("criteria", criterion_rows(ctx, in, errors, criteria_locked));
  if (criteria_locked) d.set("criteria_locked", true);
  else if (in.rows < kMaxCriteria) d.set("can_add_rows", true);
  d.set("service_areas", directory::named_options(ref.service_areas, ctx.lang, n.service_areas, "checked"));
  d.set("target_groups", directory::named_options(ref.target_groups, ctx.lang, n.target_groups, "checked"));
  render::List municipalities;
  for (auto& m : ref.municipalities) {
    render::Object o;
    o.set("value", m.number);
    o.set("label", m.name);
    if (std::find(n.municipalities.begin(), n.municipalities.end(), m.number) != n.municipalities.end())
      o.set("selected", true);
    municipalities.emplace_back(std::move(o));
  }
  d.set("municipalities", std::move(municipalities));
  if (n.organisation_id) d.set("contacts", contact_choices(ctx, n.organisation_id, n.contact_person_id));
  render::List summary;
  for (auto& [field, key] : errors.items) {
    auto text = ctx.t(key);
    if (field.rfind('k', 0) != 0 || field.find("_description") == std::string::npos) d.set(field + "_error", text);
    render::Object s;
    s.set("id", field);
    s.set("text", std::move(text));
    summary.emplace_back(std::move(s));
  }
  if (!summary.empty()) d.set("has_errors", true);
  d.set("errors", std::move(summary));
  return ctx.page("needs/need_form", std::move(d), status);
}

// Checks and completes the input; amounts are parsed into the need.
web::FieldErrors check(Input& in, const Reference& ref, bool criteria_locked) {
  web::FieldErrors errors;
  auto& n = in.need;
  if (!criteria_locked) {
    // Drop empty rows; a row with details but no description is a mistake worth pointing at.
    std::vector<Criterion> kept;
    for (auto& c : n.criteria) {
      if (c.description.empty() && (!c.indicator.empty() || !c.baseline.empty() || !c.target.empty()))
        errors.add("k" + std::to_string(c.position) + "_description", "needs.errors.criterion_description");
      if (!c.description.empty() || !c.indicator.empty() || !c.baseline.empty() || !c.target.empty())
        kept.push_back(c);
    }
    if (kept.empty() && errors.empty()) errors.add("k1_description", "needs.errors.criteria_required");
    n.criteria = std::move(kept);
  }
  check_need(n, ref, errors);
  auto amount = [&](const std::string& text, std::optional<std::int64_t>& out, const char* field) {
    if (text.empty()) return;
    out = money::parse_kroner(text);
    if (!out) errors.add(field, "needs.errors.amount");
  };
  amount(in.value_min, n.value_min, "value_min");
  amount(in.value_max, n.value_max, "value_max");
  if (n.value_min && n.value_max && *n.value_max < *n.value_min) errors.add("value_max", "needs.errors.amount_order");
  return errors;
}

std::optional<store::Head> head_of(Context& ctx) {
  auto id = id_param(ctx);
  if (!id) return std::nullopt;
  return store::head(ctx.db(), *id);
}

bool may_manage(Context& ctx) {
  auto head = head_of(ctx);
  return head && can_manage_need(ctx, *head);
}

// ---- new ----

Response new_form(Context& ctx, const Reference& ref) {
  auto choices = organisation_choices(ctx, 0);
  if (choices.empty()) {
    render::Object d;
    d.set("title", ctx.t("needs.form.new_title"));
    return ctx.page("needs/need_no_owner", std::move(d));
  }
  Input in;
  auto wanted = to_int(ctx.req.query_value("organisasjon"));
  for (auto& o : store::organisations_of(ctx.db(), ctx.user->id))
    if (may_own_needs(o.kind) && (wanted == 0 || wanted == o.id)) {
      in.need.organisation_id = o.id;
      break;
    }
  // The home municipality is a sensible first guess for where the need is.
  if (auto org = directory::store::find(ctx.db(), in.need.organisation_id); org && org->municipality_number)
    in.need.municipalities.push_back(*org->municipality_number);
  return form_page(ctx, ref, in, {}, false);
}

Response create(Context& ctx, const Reference& ref) {
  auto in = read_form(ctx, ref);
  in.need.organisation_id = to_int(ctx.req.form_value("organisation_id"));
  bool owner_ok = false;
  for (auto& o : store::organisations_of(ctx.db(), ctx.user->id))
    if (o.id == in.need.organisation_id && may_own_needs(o.kind)) owner_ok = true;
  if (ctx.req.form_value("more_rows") == "1") {
    in.rows = std::min(in.rows + 2, kMaxCriteria);
    return form_page(ctx, ref, in, {}, false);
  }
  auto errors = check(in, ref, false);
  if (!owner_ok) errors.add("organisation_id", "needs.errors.organisation");
  if (owner_ok && in.need.contact_person_id &&
      !directory::manage_store::find_person(ctx.db(), in.need.organisation_id, *in.need.contact_person_id))
    errors.add("contact_person_id", "needs.errors.contact");
  if (!errors.empty()) return form_page(ctx, ref, in, errors, false, 422);
  auto& n = in.need;
  n.status = "draft";
  n.created_by = ctx.user->id;
  n.created_at = n.updated_at = clock::now_iso();
  auto& db = ctx.db();
  db::Transaction tx(db);
  auto id = store::create(db, n, search_text_for(n, ref));
  tx.commit();
  ctx.flash("success", "needs.flash.created");
  return ctx.redirect("/behov/" + std::to_string(id));
}

// ---- edit ----

Response edit_form(Context& ctx, const Reference& ref) {
  auto n = store::find(ctx.db(), *id_param(ctx));
  if (!n) return ctx.error_page(404);
  Input in;
  if (n->value_min) in.value_min = money::input_kroner(*n->value_min);
  if (n->value_max) in.value_max = money::input_kroner(*n->value_max);
  in.rows = static_cast<int>(n->criteria.size());
  in.need = std::move(*n);
  return form_page(ctx, ref, in, {}, in.need.status != "draft");
}

Response update(Context& ctx, const Reference& ref) {
  auto existing = store::find(ctx.db(), *id_param(ctx));
  if (!existing) return ctx.error_page(404);
  const bool locked = existing->status != "draft";
  auto in = read_form(ctx, ref);
  in.need.id = existing->id;
  in.need.organisation_id = existing->organisation_id;
  in.need.organisation_name = existing->organisation_name;
  in.need.status = existing->status;
  if (locked) in.need.criteria = existing->criteria;
  if (!locked && ctx.req.form_value("more_rows") == "1") {
    in.rows = std::min(in.rows + 2, kMaxCriteria);
    return form_page(ctx, ref, in, {}, false);
  }
  auto errors = check(in, ref, locked);
  if (in.need.contact_person_id &&
      !directory::manage_store::find_person(ctx.db(), existing->organisation_id, *in.need.contact_person_id))
    errors.add("contact_person_id", "needs.errors.contact");
  if (!errors.empty()) return form_page(ctx, ref, in, errors, locked, 422);
  auto& n = in.need;
  n.updated_at = clock::now_iso();
  auto& db = ctx.db();
  db::Transaction tx(db);
  store::update(db, n, search_text_for(n, ref), !locked);
  tx.commit();
  ctx.flash("success", "needs.flash.saved");
  return ctx.redirect("/behov/" + std::to_string(n.id));
}

// ---- status ----

Response status_problem(Context& ctx, const store::Head& head, const std::string& wanted, const std::string& note,
                        const std::string& message_key) {
  render::Object d;
  d.set("title", ctx.t("needs.status_change.title"));
  d.set("need_title", head.title);
  d.set("back_href", "/behov/" + std::to_string(head.id));
  d.set("action", "/behov/" + std::to_string(head.id) + "/status");
  d.set("message", ctx.t(message_key));
  d.set("closing_note", note);
  render::List next;
  for (auto s : need_next_statuses(head.status)) {
    render::Object o;
    o.set("value", std::string(s));
    o.set("label", ctx.t("needs.status_change.to." + std::string(s)));
    if (s == wanted) o.set("checked", true);
    next.emplace_back(std::move(o));
  }
  if (!next.empty()) d.set("has_next", true);
  d.set("next_statuses", std::move(next));
  return ctx.page("needs/need_status", std::move(d), 422);
}

Response change_status(Context& ctx) {
  auto head = *head_of(ctx);
  auto to = ctx.req.form_value("status");
  auto note = web::trim(ctx.req.form_value("closing_note"));
  if (!is_need_status(to) || !need_transition_allowed(head.status, to))
    return status_problem(ctx, head, to, note, "needs.status_change.not_allowed");
  if (need_status_is_final(to) && note.empty())
    return status_problem(ctx, head, to, note, "needs.status_change.note_required");
  if (web::utf8_length(note) > kMaxClosingNote)
    return status_problem(ctx, head, to, note, "needs.status_change.note_too_long");
  auto& db = ctx.db();
  if (to == "published") {
    // Only a verified public body publishes needs: the public must be able to trust who asks.
    auto org = directory::manage_store::state(db, head.organisation_id);
    if (!org || org->status != "verified")
      return status_problem(ctx, head, to, note, "needs.status_change.unverified_owner");
    if (!store::has_criteria(db, head.id))
      return status_problem(ctx, head, to, note, "needs.errors.criteria_required");
  }
  db::Transaction tx(db);
  if (!store::change_status(db, head.id, head.status, to, note, clock::now_iso())) {
    tx.commit();
    return status_problem(ctx, head, to, note, "needs.status_change.changed_meanwhile");
  }
  tx.commit();
  ctx.flash("success", "needs.flash.status_" + to);
  return ctx.redirect("/behov/" + std::to_string(head.id));
}

Response delete_draft(Context& ctx) {
  auto head = *head_of(ctx);
  auto& db = ctx.db();
  db::Transaction tx(db);
  bool deleted = store::delete_draft(db, head.id);
  tx.commit();
  if (!deleted) return status_problem(ctx, head, "", "", "needs.errors.only_drafts_deleted");
  ctx.flash("success", "needs.flash.deleted");
  return ctx.redirect("/behov/mine");
}

// ---- attachments ----

Response attachment_problem(Context& ctx, const store::Head& head, const std::string& key) {
  render::Object d;
  d.set("title", ctx.t("needs.attachments.problem_title"));
  d.set("need_title", head.title);
  d.set("back_href", "/behov/" + std::to_string(head.id));
  d.set("message", ctx.t(key, {{"mb", std::to_string(kMaxAttachmentBytes / (1024 * 1024))},
                               {"total_mb", std::to_string(kMaxAttachmentBytesPerNeed / (1024 * 1024))}}));
  return ctx.page("needs/need_problem", std::move(d), 422);
}

Response upload(Context& ctx) {
  auto head = *head_of(ctx);
  if (ctx.req.form_malformed()) return attachment_problem(ctx, head, "needs.attachments.malformed");
  const http::UploadedFile* file = nullptr;
  for (auto& f : ctx.req.files())
    if (f.field == "file") file = &f;
  if (!file || file->data.empty()) return attachment_problem(ctx, head, "needs.attachments.missing");
  if (file->data.size() > kMaxAttachmentBytes) return attachment_problem(ctx, head, "needs.attachments.too_large");
  auto type = attachment_type(file->filename, file->data);
  if (!type) return attachment_problem(ctx, head, "needs.attachments.bad_type");
  auto& db = ctx.db();
  db::Transaction tx(db);
  if (store::attachment_bytes(db, head.id) + static_cast<std::int64_t>(file->data.size()) > kMaxAttachmentBytesPerNeed)
    return attachment_problem(ctx, head, "needs.attachments.need_full");
  store::Attachment a;
  a.need_id = head.id;
  a.filename = clean_filename(file->filename);
  a.content_type = *type;
  a.size = static_cast<std::int64_t>(file->data.size());
  a.sha256 = crypto::sha256_hex(file->data);
  a.data = file->data;
  a.created_at = clock::now_iso();
  store::add_attachment(db, a, ctx.user->id);
  tx.commit();
  ctx.flash("success", "needs.flash.attachment_added");
  return ctx.redirect("/behov/" + std::to_string(head.id));
}

Response delete_attachment(Context& ctx) {
  auto head = *head_of(ctx);
  auto file_id = id_param(ctx, "fil");
  if (!file_id) return ctx.error_page(404);
  auto& db = ctx.db();
  db::Transaction tx(db);
  bool deleted = store::delete_attachment(db, head.id, *file_id);
  tx.commit();
  if (!deleted) return ctx.error_page(404);
  ctx.flash("success", "needs.flash.attachment_deleted");
  return ctx.redirect("/behov/" + std::to_string(head.id));
}

}  // namespace

void mount_need_editor(web::Router& r, Source src) {
  auto manager = [] { return Access::when("member of the need's organisation, or coordinator", may_manage); };
  r.get("/behov/ny", Access::signed_in(), [src](Context& c) { return new_form(c, *src->current(c.db())); });
  r.post("/behov/ny", Access::signed_in(), [src](Context& c) { return create(c, *src->current(c.db())); });
  r.get("/behov/{id}/rediger", manager(), [src](Context& c) { return edit_form(c, *src->current(c.db())); });
  r.post("/behov/{id}/rediger", manager(), [src](Context& c) { return update(c, *src->current(c.db())); });
  r.post("/behov/{id}/status", manager(), change_status);
  r.post("/behov/{id}/slett", manager(), delete_draft);
  r.post("/behov/{id}/vedlegg", manager(), upload);
  r.post("/behov/{id}/vedlegg/{fil}/slett", manager(), delete_attachment);
}

}  // namespace samskap::needs
