// The commitment (tilsagn) of a granted application and the payments against it. The scheme
// owner's members and coordinators plan payments and record payments made; the applicant sees the
// commitment and every payment. A planned payment becomes a made one when it is paid, so the sum
// of all payments, planned and made together, is what can never exceed the commitment: the form
// says so plainly, the store checks it under a lock, and the database's trigger refuses it too.
// Every payment planned, made or marked paid goes into the application's audit log.
#include <nlohmann/json.hpp>

#include "grants/access.hpp"
#include "grants/after.hpp"
#include "grants/after_store.hpp"
#include "grants/review_store.hpp"
#include "grants/rules.hpp"
#include "needs/store.hpp"
#include "needs/views.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/money.hpp"
#include "platform/web/password_policy.hpp"

namespace samskap::grants {

namespace {

using http::Response;
using web::Access;
using web::Context;

std::string base_of(std::int64_t id) { return "/tilskudd/soknader/" + std::to_string(id); }

std::optional<store::Head> granted_head(Context& ctx) {
  auto id = needs::id_param(ctx);
  if (!id) return std::nullopt;
  auto h = store::head(ctx.db(), *id);
  if (!h || h->status != "granted") return std::nullopt;
  return h;
}

struct PaymentInput {
  std::string kind = "paid", amount, date;
};

std::string kroner(const Context& ctx, std::int64_t ore) {
  return ctx.t("grants.amount", {{"amount", money::format_kroner(ore)}});
}

Response commitment_page(Context& ctx, const store::Head& h, const PaymentInput& in, const web::FieldErrors& errors,
                         int status = 200) {
  auto& db = ctx.db();
  const auto commitment = store::commitment_of(db, h.id).value_or(0);
  const auto sums = store::payment_sums(db, h.id);
  const bool manager = can_manage_application(ctx, h);
  render::Object d;
  d.reserve(30);
  d.set("title", ctx.t("grants_after.commitment.title", {{"title", h.title}}));
  d.set("application_title", h.title);
  d.set("application_href", base_of(h.id));
  d.set("reports_href", base_of(h.id) + "/rapporter");
  d.set("commitment", kroner(ctx, commitment));
  d.set("paid", kroner(ctx, sums.paid));
  d.set("planned", kroner(ctx, sums.planned));
  d.set("unallocated", kroner(ctx, commitment - sums.total()));
  d.set("remaining_to_pay", kroner(ctx, commitment - sums.paid));
  render::List rows;
  for (auto& p : store::payments_of(db, h.id)) {
    render::Object o;
    o.set("amount", kroner(ctx, p.amount));
    o.set("planned_on", p.planned_on.value_or(""));
    if (p.paid_on) {
      o.set("paid_on", *p.paid_on);
      o.set("state", ctx.t("grants_after.payments.state_paid"));
      o.set("state_color", "success");
    } else {
      o.set("state", ctx.t("grants_after.payments.state_planned"));
      o.set("state_color", "info");
      if (manager) {
        o.set("can_mark", true);
        o.set("id", std::to_string(p.id));
        o.set("mark_action", base_of(h.id) + "/tilsagn/utbetalt");
        o.set("today", oslo_date_of(clock::now_iso()));
      }
    }
    o.set("recorded_by", p.recorded_by_name);
    rows.emplace_back(std::move(o));
  }
  if (!rows.empty()) d.set("has_payments", true);
  d.set("payments", std::move(rows));
  if (manager) {
    d.set("manager", true);
    d.set("payment_action", base_of(h.id) + "/tilsagn/utbetalinger");
    if (in.kind == "planned") d.set("kind_planned", true);
    else d.set("kind_paid", true);
    d.set("amount", in.amount);
    d.set("date", in.date.empty() ? oslo_date_of(clock::now_iso()) : in.date);
  }
  field_errors_view(ctx, errors, d);
  return ctx.page("grants/commitment", std::move(d), status);
}

Response show(Context& ctx) {
  auto h = granted_head(ctx);
  if (!h) return ctx.error_page(404);
  return commitment_page(ctx, *h, {}, {});
}

Response add(Context& ctx) {
  auto h = granted_head(ctx);
  if (!h) return ctx.error_page(404);
  PaymentInput in{ctx.req.form_value("kind"), web::trim(ctx.req.form_value("amount")),
                  web::trim(ctx.req.form_value("date"))};
  web::FieldErrors errors;
  if (in.kind != "planned" && in.kind != "paid") errors.add("kind", "grants_after.errors.kind_missing");
  auto amount = money::parse_kroner(in.amount);
  if (!amount || *amount <= 0) errors.add("amount", "grants_after.errors.amount_invalid");
  if (!is_day(in.date)) errors.add("date", "grants_after.errors.date_invalid");
  auto& db = ctx.db();
  if (errors.empty()) {
    const auto now = clock::now_iso();
    const bool paid = in.kind == "paid";
    const auto note = ctx.t(paid ? "grants_after.audit.paid" : "grants_after.audit.planned",
                            {{"amount", money::format_kroner(*amount)}, {"date", in.date}});
    db::Transaction tx(db);
    auto result = store::add_payment(db, h->id, *amount, paid ? std::nullopt : std::optional<std::string>(in.date),
                                     paid ? std::optional<std::string>(in.date) : std::nullopt, note, ctx.user->id, now);
    if (result == store::PaymentResult::ok) {
      tx.commit();
      ctx.flash("success", paid ? "grants_after.flash.paid" : "grants_after.flash.planned");
      return ctx.redirect(base_of(h->id) + "/tilsagn");
    }
    // the transaction is rolled back when tx goes out of scope
    if (result != store::PaymentResult::over_commitment) return ctx.error_page(409);
    errors.add("amount", "grants_after.errors.over_commitment");
  }
  return commitment_page(ctx, *h, in, errors, 422);
}

Response mark(Context& ctx) {
  auto h = granted_head(ctx);
  if (!h) return ctx.error_page(404);
  const auto pid = needs::to_int(ctx.req.form_value("payment"));
  const auto date = web::trim(ctx.req.form_value("paid_on"));
  auto& db = ctx.db();
  std::optional<store::Payment> p;
  if (pid > 0) p = store::payment(db, h->id, pid);
  if (!p || p->paid_on) return ctx.error_page(404);
  if (!is_day(date)) {
    web::FieldErrors errors;
    errors.add("mark-" + std::to_string(p->id), "grants_after.errors.date_invalid");
    return commitment_page(ctx, *h, {}, errors, 422);
  }
  const auto note = ctx.t("grants_after.audit.marked_paid", {{"amount", money::format_kroner(p->amount)}, {"date", date}});
  db::Transaction tx(db);
  if (store::mark_paid(db, h->id, p->id, date, note, ctx.user->id, clock::now_iso()) != store::PaymentResult::ok)
    return ctx.error_page(409);
  tx.commit();
  ctx.flash("success", "grants_after.flash.paid");
  return ctx.redirect(base_of(h->id) + "/tilsagn");
}

Response show_json(Context& ctx) {
  auto h = granted_head(ctx);
  if (!h) return Response::json(404, R"({"error":"not found"})");
  auto& db = ctx.db();
  const auto commitment = store::commitment_of(db, h->id).value_or(0);
  const auto sums = store::payment_sums(db, h->id);
  nlohmann::json payments = nlohmann::json::array();
  for (auto& p : store::payments_of(db, h->id))
    payments.push_back({{"id", p.id},
                        {"amount_ore", p.amount},
                        {"planned_on", p.planned_on ? nlohmann::json(*p.planned_on) : nlohmann::json(nullptr)},
                        {"paid_on", p.paid_on ? nlohmann::json(*p.paid_on) : nlohmann::json(nullptr)}});
  nlohmann::json out = {{"application", h->id},
                        {"commitment_ore", commitment},
                        {"planned_ore", sums.planned},
                        {"paid_ore", sums.paid},
                        {"unallocated_ore", commitment - sums.total()},
                        {"payments", payments}};
  return Response::json(200, out.dump());
}

}  // namespace

bool may_follow_grant(Context& ctx) {
  auto h = granted_head(ctx);
  if (!h || !ctx.signed_in()) return false;
  return needs::store::is_member(ctx.db(), h->organisation_id, ctx.user->id) || can_manage_application(ctx, *h);
}

bool may_administer_grant(Context& ctx) {
  auto h = granted_head(ctx);
  return h && can_manage_application(ctx, *h);
}

void field_errors_view(const Context& ctx, const web::FieldErrors& errors, render::Object& d) {
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
}

bool is_day(const std::string& s) { return s.size() == 10 && opening_of_day(s).has_value(); }

void mount_payment_routes(web::Router& r, std::shared_ptr<const directory::Reference>) {
  auto follower = [] {
    return Access::when("granted application: member of the applicant organisation, or of the scheme owner's "
                        "without a conflict of interest, or coordinator",
                        may_follow_grant);
  };
  auto administrator = [] {
    return Access::when("granted application: member of the scheme owner's organisation or coordinator, without a "
                        "conflict of interest",
                        may_administer_grant);
  };
  r.get("/tilskudd/soknader/{id}/tilsagn", follower(), show);
  r.get("/api/v1/tilskudd/soknader/{id}/tilsagn", follower(), show_json);
  r.post("/tilskudd/soknader/{id}/tilsagn/utbetalinger", administrator(), add);
  r.post("/tilskudd/soknader/{id}/tilsagn/utbetalt", administrator(), mark);
}

}  // namespace samskap::grants
