// Review and decisions on grant applications. The scheme owner's members and coordinators assign
// reviewers and decide; a reviewer first declares impartiality, then scores each priority of the
// rule set; a reviewer with a conflict of interest is shut out of the application entirely (the
// routes refuse, and the store's queries return nothing to such a reader). Every status change
// goes into the audit log, the applicant gets the decision by e-mail with a letter to read, and a
// grant is announced to the NAV office and the contact people in the applicant's municipality.
#include "grants/review.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "accounts/store.hpp"
#include "directory/store.hpp"
#include "grants/access.hpp"
#include "grants/review_store.hpp"
#include "grants/routes.hpp"
#include "grants/scoring.hpp"
#include "grants/views.hpp"
#include "needs/store.hpp"
#include "needs/views.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/config.hpp"
#include "platform/core/money.hpp"
#include "platform/mail/mailer.hpp"
#include "platform/pdf/pdf.hpp"
#include "platform/render/i18n.hpp"
#include "platform/web/forms.hpp"
#include "platform/web/password_policy.hpp"

namespace samskap::grants {

namespace {

using directory::Reference;
using http::Response;
using web::Access;
using web::Context;
using Ref = std::shared_ptr<const Reference>;

constexpr std::size_t kMaxNote = 2'000;
constexpr std::size_t kMaxComment = 2'000;
constexpr std::size_t kMaxDecisionText = 5'000;

std::string base_of(std::int64_t id) { return "/tilskudd/soknader/" + std::to_string(id); }
bool too_long(const std::string& s, std::size_t max) { return web::utf8_length(s) > max; }

int pot_year_of(const store::CallView& call) { return std::stoi(oslo_date_of(call.call.opens_at).substr(0, 4)); }

std::optional<store::Head> head_of(Context& ctx) {
  auto id = needs::id_param(ctx);
  if (!id) return std::nullopt;
  return store::head(ctx.db(), *id);
}

bool is_applicant(Context& ctx, const store::Head& h) {
  return ctx.signed_in() && needs::store::is_member(ctx.db(), h.organisation_id, ctx.user->id);
}

// ---- access ----

bool may_manage(Context& ctx) {
  auto h = head_of(ctx);
  return h && can_manage_application(ctx, *h);
}

// An assigned reviewer who has not declared a conflict.
bool may_review(Context& ctx) {
  auto h = head_of(ctx);
  if (!h || !ctx.signed_in() || h->status == "draft") return false;
  auto r = store::reviewer(ctx.db(), h->id, ctx.user->id);
  return r && r->impartial != false;
}

bool may_read_letter(Context& ctx) {
  auto h = head_of(ctx);
  return h && (is_applicant(ctx, *h) || can_manage_application(ctx, *h));
}

bool may_rank(Context& ctx) {
  auto id = needs::id_param(ctx);
  if (!id) return false;
  auto v = store::find_call(ctx.db(), *id);
  return v && can_manage_scheme(ctx, v->scheme.organisation_id);
}

// ---- shared views ----

void errors_view(const Context& ctx, const web::FieldErrors& errors, render::Object& d) {
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

std::string stage_label(const Context& ctx, const std::string& stage) { return application_status_label(ctx, stage); }

render::List audit_view(Context& ctx, std::int64_t application_id) {
  render::List out;
  for (auto& e : store::audit_of(ctx.db(), application_id)) {
    render::Object o;
    o.set("at", clock::oslo_display(e.at));
    o.set("from", stage_label(ctx, e.from));
    o.set("to", stage_label(ctx, e.to));
    o.set("actor", e.actor_name);
    if (!e.note.empty()) o.set("note", e.note);
    out.emplace_back(std::move(o));
  }
  return out;
}

// The scores table of an application: one row per reviewer with a cell per priority, and the total.
void scores_view(Context& ctx, const RuleSet& rules, const std::vector<store::ScoreRow>& rows, render::Object& d) {
  render::List heads;
  for (auto& p : rules.priorities) {
    render::Object o;
    o.set("label", p.label);
    o.set("weight", std::to_string(p.weight));
    heads.emplace_back(std::move(o));
  }
  d.set("priority_heads", std::move(heads));
  render::List reviewers;
  std::vector<ScoreEntry> entries;
  for (std::size_t i = 0; i < rows.size();) {
    auto reviewer = rows[i].reviewer;
    render::Object o;
    o.set("name", rows[i].reviewer_name);
    render::List cells;
    std::vector<ScoreEntry> own;
    for (auto& p : rules.priorities) {
      render::Object cell;
      for (std::size_t j = i; j < rows.size() && rows[j].reviewer == reviewer; ++j)
        if (rows[j].priority_key == p.key) {
          cell.set("score", std::to_string(rows[j].score));
          if (!rows[j].comment.empty()) cell.set("comment", rows[j].comment);
        }
      cells.emplace_back(std::move(cell));
    }
    for (; i < rows.size() && rows[i].reviewer == reviewer; ++i) {
      own.push_back({reviewer, rows[i].priority_key, rows[i].score});
      entries.push_back(own.back());
    }
    auto t = weighted_total(rules.priorities, own);
    o.set("cells", std::move(cells));
    o.set("total", t.empty() ? ctx.t("grants_review.scores.incomplete") : t.text());
    reviewers.emplace_back(std::move(o));
  }
  if (!reviewers.empty()) d.set("has_scores", true);
  d.set("score_rows", std::move(reviewers));
  auto total = weighted_total(rules.priorities, entries);
  if (!total.empty())
    d.set("weighted_total", ctx.t("grants_review.scores.total",
                                  {{"total", total.text()}, {"reviewers", std::to_string(total.reviewers)}}));
}

// ---- the application, loaded for the reader ----

struct Loaded {
  Application app;
  store::CallView call;
  RuleSet rules;
};

std::optional<Loaded> load(Context& ctx) {
  auto id = needs::id_param(ctx);
  if (!id) return std::nullopt;
  auto& db = ctx.db();
  auto app = store::find_application(db, *id, ctx.user->id);
  if (!app) return std::nullopt;
  auto call = store::find_call(db, app->call_id);
  auto rules = store::rule_set(db, app->rule_set_id);
  if (!call || !rules) return std::nullopt;
  return Loaded{std::move(*app), std::move(*call), std::move(*rules)};
}

std::int64_t requested_of(const Application& a) { return totals(a.budget, a.financing).requested; }

// ---- the owner's handling page ----

struct DecisionInput {
  std::string outcome, amount, period_from, period_to, conditions, reason;
};

struct AssignInput {
  std::string email;
};

Response handling_page(Context& ctx, const Loaded& l, const DecisionInput& decision, const AssignInput& assign,
                       const web::FieldErrors& errors, int status = 200) {
  auto& db = ctx.db();
  const auto& a = l.app;
  render::Object d;
  d.reserve(50);
  d.set("title", ctx.t("grants_review.handling.title", {{"title", a.title}}));
  d.set("application_title", a.title);
  d.set("application_href", base_of(a.id));
  d.set("organisation", a.organisation_name);
  d.set("call_title", l.call.call.title);
  d.set("ranking_href", "/tilskudd/" + std::to_string(l.call.call.id) + "/rangering");
  d.set("status", stage_label(ctx, a.stage));
  d.set("status_color", status_color(a.stage));
  d.set("requested", money::format_kroner(requested_of(a)));
  const int year = pot_year_of(l.call);
  d.set("pot_text", ctx.t("grants_review.decision.pot",
                          {{"year", std::to_string(year)},
                           {"pot", money::format_kroner(l.call.scheme.annual_pot)},
                           {"remaining", money::format_kroner(store::remaining_pot(db, l.call.scheme.id, year))}}));

  render::List reviewers;
  for (auto& r : store::reviewers_of(db, a.id)) {
    render::Object o;
    o.set("name", r.name);
    o.set("email", r.email);
    if (!r.impartial) {
      o.set("state", ctx.t("grants_review.reviewers.pending"));
      o.set("state_color", "warning");
    } else if (*r.impartial) {
      o.set("state", ctx.t("grants_review.reviewers.impartial"));
      o.set("state_color", "success");
    } else {
      o.set("state", ctx.t("grants_review.reviewers.conflict"));
      o.set("state_color", "danger");
      o.set("note", r.conflict_note);
    }
    reviewers.emplace_back(std::move(o));
  }
  if (!reviewers.empty()) d.set("has_reviewers", true);
  d.set("reviewers", std::move(reviewers));
  const bool open = a.stage == "submitted" || a.stage == "under_review";
  if (open) {
    d.set("can_assign", true);
    d.set("assign_action", base_of(a.id) + "/sakkyndige");
    d.set("reviewer_email", assign.email);
  }
  scores_view(ctx, l.rules, store::scores_for(db, a.id, ctx.user->id, false), d);

  if (auto dec = store::decision_of(db, a.id)) {
    d.set("decided", true);
    d.set("decision_text", dec->outcome == "granted"
                               ? ctx.t("grants_review.decision.granted_text",
                                       {{"amount", money::format_kroner(dec->amount.value_or(0))},
                                        {"from", dec->period_from},
                                        {"to", dec->period_to}})
                               : ctx.t("grants_review.decision.refused_text"));
    d.set("letter_href", base_of(a.id) + "/vedtak");
  } else if (open) {
    d.set("can_decide", true);
    d.set("decide_action", base_of(a.id) + "/vedtak");
    const auto outcome = decision.outcome.empty() ? std::string("granted") : decision.outcome;
    if (outcome == "granted") d.set("outcome_granted", true);
    if (outcome == "refused") d.set("outcome_refused", true);
    d.set("amount", decision.amount);
    d.set("period_from", decision.period_from.empty() ? a.period_from : decision.period_from);
    d.set("period_to", decision.period_to.empty() ? a.period_to : decision.period_to);
    d.set("conditions", decision.conditions);
    d.set("reason", decision.reason);
  }
  errors_view(ctx, errors, d);
  return ctx.page("grants/review_handling", std::move(d), status);
}

Response handling(Context& ctx) {
  auto l = load(ctx);
  if (!l) return ctx.error_page(404);
  DecisionInput in;
  in.amount = money::input_kroner(requested_of(l->app));
  return handling_page(ctx, *l, in, {}, {});
}

void send_quietly(Context& ctx, const std::string& to, const std::string& subject, const std::string& body) {
  try {
    ctx.services.mailer.send({to, subject, body});
  } catch (const std::exception& e) {
    spdlog::warn("e-post til {} ble ikke sendt: {}", to, e.what());
  }
}

Response assign(Context& ctx) {
  auto l = load(ctx);
  if (!l) return ctx.error_page(404);
  AssignInput in{web::trim(ctx.req.form_value("email"))};
  web::FieldErrors errors;
  auto& db = ctx.db();
  std::optional<accounts::Account> user;
  if (in.email.empty()) errors.add("email", "grants_review.errors.email_missing");
  else if (!(user = accounts::store::find_by_email(db, in.email)))
    errors.add("email", "grants_review.errors.no_such_user");
  else if (needs::store::is_member(db, l->app.organisation_id, user->id))
    errors.add("email", "grants_review.errors.applicant_member");
  if (l->app.stage != "submitted" && l->app.stage != "under_review")
    errors.add("email", "grants_review.errors.closed");
  if (!errors.empty()) return handling_page(ctx, *l, {}, in, errors, 422);
  const auto now = clock::now_iso();
  db::Transaction tx(db);
  if (!store::assign_reviewer(db, l->app.id, user->id, ctx.user->id, now)) {
    // the transaction is rolled back when tx goes out of scope
    errors.add("email", "grants_review.errors.already_assigned");
    return handling_page(ctx, *l, {}, in, errors, 422);
  }
  store::change_stage(db, l->app.id, "submitted", "under_review", ctx.t("grants_review.audit.review_started"),
                      ctx.user->id, now);
  tx.commit();
  std::vector<std::pair<std::string, std::string>> args = {
      {"name", user->name},
      {"title", l->app.title},
      {"owner", l->call.scheme.organisation_name},
      {"url", ctx.services.config.base_url + base_of(l->app.id) + "/vurdering"}};
  send_quietly(ctx, user->email, ctx.t("grants_review.mail.assigned.subject", args),
               ctx.t("grants_review.mail.assigned.body", args));
  ctx.flash("success", "grants_review.flash.assigned");
  return ctx.redirect(base_of(l->app.id) + "/behandling");
}

// ---- the reviewer ----

struct ScoreFormRow {
  std::string key, label, weight, score, comment;
};

Response review_page(Context& ctx, const store::Head& h, const std::optional<Loaded>& l,
                     const std::vector<ScoreFormRow>& rows, const std::string& note, const web::FieldErrors& errors,
                     int status = 200) {
  auto& db = ctx.db();
  auto r = store::reviewer(db, h.id, ctx.user->id);
  render::Object d;
  d.reserve(30);
  d.set("title", ctx.t("grants_review.review.title", {{"title", h.title}}));
  d.set("application_title", h.title);
  if (auto org = directory::store::find(db, h.organisation_id)) d.set("organisation", org->name);
  if (!r || !r->impartial) {
    // Before the declaration: only who applied, so the reviewer can judge their impartiality.
    d.set("declare", true);
    d.set("declare_action", base_of(h.id) + "/habilitet");
    d.set("note", note);
  } else if (l) {
    d.set("scoring", true);
    d.set("application_href", base_of(h.id));
    d.set("score_action", base_of(h.id) + "/vurdering");
    render::List out;
    for (auto& row : rows) {
      render::Object o;
      o.set("key", row.key);
      o.set("label", row.label);
      o.set("weight", ctx.t("grants_review.review.weight", {{"weight", row.weight}}));
      render::List options;
      for (int s = 1; s <= 5; ++s) {
        render::Object x;
        x.set("value", std::to_string(s));
        x.set("id", s == 1 ? row.key : row.key + "-" + std::to_string(s));  // the first is the summary's target
        if (row.score == std::to_string(s)) x.set("checked", true);
        options.emplace_back(std::move(x));
      }
      o.set("options", std::move(options));
      o.set("comment", row.comment);
      for (auto& [field, key] : errors.items)
        if (field == "s_" + row.key) o.set("error", ctx.t(key));
      out.emplace_back(std::move(o));
    }
    d.set("rows", std::move(out));
    const bool open = h.status == "submitted" || h.status == "under_review";
    if (open) d.set("can_score", true);
    auto own = store::scores_for(db, h.id, ctx.user->id, true);
    if (!own.empty()) {
      std::vector<ScoreEntry> entries;
      for (auto& s : own) entries.push_back({s.reviewer, s.priority_key, s.score});
      auto t = weighted_total(l->rules.priorities, entries);
      if (!t.empty()) d.set("own_total", ctx.t("grants_review.review.own_total", {{"total", t.text()}}));
    }
  }
  errors_view(ctx, errors, d);
  return ctx.page("grants/review_reviewer", std::move(d), status);
}

std::vector<ScoreFormRow> score_rows(Context& ctx, const Loaded& l) {
  auto own = store::scores_for(ctx.db(), l.app.id, ctx.user->id, true);
  std::vector<ScoreFormRow> rows;
  for (auto& p : l.rules.priorities) {
    ScoreFormRow row{p.key, p.label, std::to_string(p.weight), "", ""};
    for (auto& s : own)
      if (s.priority_key == p.key) {
        row.score = std::to_string(s.score);
        row.comment = s.comment;
      }
    rows.push_back(std::move(row));
  }
  return rows;
}

Response review_form(Context& ctx) {
  auto h = head_of(ctx);
  if (!h) return ctx.error_page(404);
  auto r = store::reviewer(ctx.db(), h->id, ctx.user->id);
  if (!r || !r->impartial) return review_page(ctx, *h, std::nullopt, {}, "", {});
  auto l = load(ctx);
  if (!l) return ctx.error_page(404);
  return review_page(ctx, *h, l, score_rows(ctx, *l), "", {});
}

Response declare(Context& ctx) {
  auto h = head_of(ctx);
  if (!h) return ctx.error_page(404);
  const auto answer = ctx.req.form_value("impartial");
  const auto note = web::trim(ctx.req.form_value("note"));
  web::FieldErrors errors;
  if (answer != "yes" && answer != "no") errors.add("impartial", "grants_review.errors.declare_missing");
  if (answer == "no" && note.empty()) errors.add("note", "grants_review.errors.note_missing");
  if (too_long(note, kMaxNote)) errors.add("note", "grants.errors.too_long");
  if (!errors.empty()) return review_page(ctx, *h, std::nullopt, {}, note, errors, 422);
  auto& db = ctx.db();
  db::Transaction tx(db);
  if (!store::declare(db, h->id, ctx.user->id, answer == "yes", note, clock::now_iso())) {
    // the transaction is rolled back when tx goes out of scope
    return ctx.redirect(base_of(h->id) + "/vurdering");
  }
  tx.commit();
  if (answer == "no") {
    // From now on the reviewer sees nothing of the application.
    ctx.flash("info", "grants_review.flash.conflict");
    return ctx.redirect("/tilskudd/vurderinger");
  }
  ctx.flash("success", "grants_review.flash.impartial");
  return ctx.redirect(base_of(h->id) + "/vurdering");
}

Response score(Context& ctx) {
  auto h = head_of(ctx);
  if (!h) return ctx.error_page(404);
  auto l = load(ctx);
  if (!l) return ctx.error_page(404);
  auto r = store::reviewer(ctx.db(), h->id, ctx.user->id);
  if (!r || r->impartial != true) return ctx.redirect(base_of(h->id) + "/vurdering");
  std::vector<ScoreFormRow> rows;
  std::vector<store::ScoreInput> scores;
  web::FieldErrors errors;
  for (auto& p : l->rules.priorities) {
    ScoreFormRow row{p.key, p.label, std::to_string(p.weight), ctx.req.form_value("s_" + p.key),
                     web::trim(ctx.req.form_value("c_" + p.key))};
    auto n = needs::to_int(row.score);
    if (n < 1 || n > 5) errors.add("s_" + p.key, "grants_review.errors.score_missing");
    if (too_long(row.comment, kMaxComment)) errors.add("s_" + p.key, "grants.errors.too_long");
    scores.push_back({p.key, static_cast<int>(n), row.comment});
    rows.push_back(std::move(row));
  }
  if (!errors.empty()) return review_page(ctx, *h, l, rows, "", errors, 422);
  auto& db = ctx.db();
  db::Transaction tx(db);
  if (store::save_scores(db, h->id, ctx.user->id, scores, clock::now_iso()) == 0) {
    // the transaction is rolled back when tx goes out of scope
    return ctx.error_page(409);
  }
  tx.commit();
  ctx.flash("success", "grants_review.flash.scored");
  return ctx.redirect(base_of(h->id) + "/vurdering");
}

Response assignments(Context& ctx) {
  render::List rows;
  for (auto& x : store::assignments_of(ctx.db(), ctx.user->id, 200)) {
    render::Object o;
    o.set("title", x.title);
    o.set("organisation", x.organisation_name);
    o.set("call", x.call_title);
    o.set("assigned", clock::oslo_display(x.assigned_at));
    if (x.impartial == false) {
      o.set("conflict", true);
      o.set("state", ctx.t("grants_review.reviewers.conflict"));
      o.set("state_color", "danger");
    } else {
      o.set("href", base_of(x.application_id) + "/vurdering");
      o.set("state", ctx.t(x.impartial ? "grants_review.reviewers.impartial" : "grants_review.reviewers.pending"));
      o.set("state_color", x.impartial ? "success" : "warning");
    }
    rows.emplace_back(std::move(o));
  }
  render::Object d;
  d.set("title", ctx.t("grants_review.assignments.title"));
  if (rows.empty()) d.set("empty", true);
  d.set("rows", std::move(rows));
  return ctx.page("grants/review_assignments", std::move(d));
}

// ---- decisions ----

void send_decision_mail(Context& ctx, const Loaded& l, const store::Decision& dec) {
  std::optional<accounts::Account> to;
  if (l.app.submitted_by) to = accounts::store::find_by_id(ctx.db(), *l.app.submitted_by);
  if (!to) return;
  std::vector<std::pair<std::string, std::string>> args = {
      {"name", to->name},
      {"title", l.app.title},
      {"owner", l.call.scheme.organisation_name},
      {"scheme", l.call.scheme.name},
      {"outcome", ctx.t("grants.application_status." + dec.outcome)},
      {"url", ctx.services.config.base_url + base_of(l.app.id) + "/vedtak"}};
  send_quietly(ctx, to->email, ctx.t("grants_review.mail.decision.subject", args),
               ctx.t("grants_review.mail.decision.body", args));
}

Response decide(Context& ctx) {
  auto l = load(ctx);
  if (!l) return ctx.error_page(404);
  DecisionInput in{ctx.req.form_value("outcome"),         web::trim(ctx.req.form_value("amount")),
                   web::trim(ctx.req.form_value("period_from")), web::trim(ctx.req.form_value("period_to")),
                   web::trim(ctx.req.form_value("conditions")),  web::trim(ctx.req.form_value("reason"))};
  web::FieldErrors errors;
  store::Decision dec;
  dec.application_id = l->app.id;
  dec.outcome = in.outcome;
  dec.pot_year = pot_year_of(l->call);
  if (in.outcome == "granted") {
    auto amount = money::parse_kroner(in.amount);
    if (!amount || *amount <= 0) errors.add("amount", "grants_review.errors.amount_invalid");
    else if (*amount > requested_of(l->app)) errors.add("amount", "grants_review.errors.over_requested");
    dec.amount = amount;
    auto months = period_months(in.period_from, in.period_to);
    if (!months) errors.add("period_from", "grants_review.errors.period_invalid");
    else if (*months > l->rules.max_months) errors.add("period_from", "grants_review.errors.period_too_long");
    dec.period_from = in.period_from;
    dec.period_to = in.period_to;
    if (too_long(in.conditions, kMaxDecisionText)) errors.add("conditions", "grants.errors.too_long");
    dec.conditions = in.conditions;
  } else if (in.outcome == "refused") {
    if (in.reason.empty()) errors.add("reason", "grants_review.errors.reason_missing");
    if (too_long(in.reason, kMaxDecisionText)) errors.add("reason", "grants.errors.too_long");
    dec.reason = in.reason;
  } else {
    errors.add("outcome", "grants_review.errors.outcome_missing");
  }
  if (!errors.empty()) return handling_page(ctx, *l, in, {}, errors, 422);
  auto& db = ctx.db();
  const auto now = clock::now_iso();
  db::Transaction tx(db);
  auto result = store::decide(db, l->call.scheme.id, dec, ctx.user->id, now);
  if (result != store::DecideResult::ok) {
    // the transaction is rolled back when tx goes out of scope
    if (result == store::DecideResult::over_pot) {
      errors.add("amount", "grants_review.errors.over_pot");
      return handling_page(ctx, *l, in, {}, errors, 422);
    }
    if (result == store::DecideResult::over_requested) {
      errors.add("amount", "grants_review.errors.over_requested");
      return handling_page(ctx, *l, in, {}, errors, 422);
    }
    return ctx.error_page(409);
  }
  if (dec.outcome == "granted") notice::enqueue_for(db, l->app.id);
  tx.commit();
  send_decision_mail(ctx, *l, dec);
  ctx.flash("success", "grants_review.flash.decided");
  return ctx.redirect(base_of(l->app.id) + "/behandling");
}

// The decision letter's content, for the HTML page and the PDF alike.
struct Letter {
  bool granted = false;
  std::string title, owner, organisation, date, reference, intro, conditions, reason;
  std::vector<std::pair<std::string, std::string>> facts;
};

std::optional<Letter> letter_of(Context& ctx, const Loaded& l) {
  auto dec = store::decision_of(ctx.db(), l.app.id);
  if (!dec) return std::nullopt;
  const auto& a = l.app;
  Letter x;
  x.granted = dec->outcome == "granted";
  x.title = ctx.t(x.granted ? "grants_review.letter.title_granted" : "grants_review.letter.title_refused");
  x.owner = l.call.scheme.organisation_name;
  x.organisation = a.organisation_name;
  x.date = oslo_date_of(dec->decided_at);
  x.reference = std::to_string(a.id);
  x.intro = ctx.t(x.granted ? "grants_review.letter.intro_granted" : "grants_review.letter.intro_refused",
                  {{"title", a.title},
                   {"scheme", l.call.scheme.name},
                   {"submitted", a.submitted_at ? clock::oslo_display(*a.submitted_at) : std::string()}});
  auto fact = [&](const std::string& key, std::string value) { x.facts.emplace_back(ctx.t(key), std::move(value)); };
  fact("grants_review.letter.applicant", a.organisation_name);
  fact("grants_review.letter.project", a.title);
  fact("grants_review.letter.call", l.call.call.title);
  fact("grants_review.letter.requested", ctx.t("grants.amount", {{"amount", money::format_kroner(requested_of(a))}}));
  if (x.granted) {
    fact("grants_review.letter.amount", ctx.t("grants.amount", {{"amount", money::format_kroner(dec->amount.value_or(0))}}));
    fact("grants_review.letter.period", dec->period_from + " – " + dec->period_to);
    x.conditions = dec->conditions.empty() ? ctx.t("grants_review.letter.no_conditions") : dec->conditions;
  } else {
    x.reason = dec->reason;
  }
  fact("grants_review.letter.decided_by", dec->decided_by_name);
  fact("grants_review.letter.decided_at", clock::oslo_display(dec->decided_at));
  return x;
}

Response letter(Context& ctx) {
  auto l = load(ctx);
  if (!l) return ctx.error_page(404);
  auto x = letter_of(ctx, *l);
  if (!x) return ctx.error_page(404);
  render::Object d;
  d.reserve(20);
  d.set("title", x->title);
  d.set("owner", x->owner);
  d.set("organisation", x->organisation);
  d.set("date", x->date);
  d.set("reference", x->reference);
  d.set("intro", x->intro);
  render::List facts;
  for (auto& [key, value] : x->facts) {
    render::Object o;
    o.set("key", key);
    o.set("value", value);
    facts.emplace_back(std::move(o));
  }
  d.set("facts", std::move(facts));
  if (x->granted) {
    d.set("granted", true);
    d.set("conditions", x->conditions);
  } else {
    d.set("reason", x->reason);
  }
  d.set("application_href", base_of(l->app.id));
  d.set("pdf_href", base_of(l->app.id) + "/vedtak.pdf");
  return ctx.page("grants/decision_letter", std::move(d));
}

Response letter_pdf(Context& ctx) {
  auto l = load(ctx);
  if (!l) return ctx.error_page(404);
  auto x = letter_of(ctx, *l);
  if (!x) return ctx.error_page(404);
  pdf::Document doc;
  doc.title = x->title;
  doc.author = x->owner;
  doc.add_paragraph(x->owner);
  doc.add_paragraph(ctx.t("grants_review.letter.to") + " " + x->organisation + " · " + ctx.t("grants_review.letter.date") +
                    " " + x->date + " · " + ctx.t("grants_review.letter.reference") + " " + x->reference);
  doc.add_title(x->title);
  doc.add_paragraph(x->intro);
  doc.add_table(x->facts);
  if (x->granted) {
    doc.add_heading(ctx.t("grants_review.letter.conditions_title"));
    doc.add_paragraph(x->conditions);
    doc.add_paragraph(ctx.t("grants_review.letter.granted_outro"));
  } else {
    doc.add_heading(ctx.t("grants_review.letter.reason_title"));
    doc.add_paragraph(x->reason);
  }
  doc.add_paragraph(ctx.t("grants_review.letter.appeal"));
  Response res;
  res.body = pdf::render(doc).bytes;
  res.set_header("Content-Type", "application/pdf");
  res.set_header("Content-Disposition", "inline; filename=\"vedtak-" + x->reference + ".pdf\"");
  return res;
}

// ---- the ranked list ----

Response ranking(Context& ctx) {
  auto& db = ctx.db();
  auto v = store::find_call(db, *needs::id_param(ctx));
  if (!v) return ctx.error_page(404);
  auto sets = store::rule_sets_of(db, v->scheme.id);
  auto* rules = rule_set_in_force(sets, oslo_date_of(v->call.opens_at));
  auto rows = store::ranking(db, v->call.id, rules ? rules->priorities : std::vector<Priority>{}, ctx.user->id);
  const int year = pot_year_of(*v);
  // The pot remaining as decisions are drafted: what is left after each granted or proposed amount.
  std::int64_t left = store::remaining_pot(db, v->scheme.id, year);
  render::List out;
  int n = 1;
  for (auto& r : rows) {
    render::Object o;
    o.set("rank", std::to_string(n++));
    o.set("title", r.title);
    o.set("organisation", r.organisation_name);
    o.set("status", stage_label(ctx, r.stage));
    o.set("status_color", status_color(r.stage));
    o.set("requested", money::format_kroner(r.requested));
    if (r.conflict) {
      o.set("total", ctx.t("grants_review.ranking.conflict"));
    } else {
      o.set("href", base_of(r.id) + "/behandling");
      o.set("total", r.total.empty() ? ctx.t("grants_review.scores.incomplete") : r.total.text());
    }
    if (r.granted) o.set("granted", money::format_kroner(*r.granted));
    else if (r.stage != "refused") {
      left -= r.requested;
      o.set("left_after", money::format_kroner(left < 0 ? 0 : left));
      if (left < 0) o.set("over", true);
    }
    out.emplace_back(std::move(o));
  }
  render::Object d;
  d.set("title", ctx.t("grants_review.ranking.title", {{"call", v->call.title}}));
  d.set("call_title", v->call.title);
  d.set("call_href", "/tilskudd/" + std::to_string(v->call.id));
  d.set("pot_text", ctx.t("grants_review.decision.pot",
                          {{"year", std::to_string(year)},
                           {"pot", money::format_kroner(v->scheme.annual_pot)},
                           {"remaining", money::format_kroner(store::remaining_pot(db, v->scheme.id, year))}}));
  if (out.empty()) d.set("empty", true);
  d.set("rows", std::move(out));
  return ctx.page("grants/review_ranking", std::move(d));
}

}  // namespace

// ---- on the application page ----

void review_panel(Context& ctx, const Application& a, const store::CallView& call, render::Object& d) {
  if (!ctx.signed_in() || a.stage == "draft") return;
  store::Head h{a.id, a.call_id, a.organisation_id, call.scheme.organisation_id, a.stage, a.title};
  const bool manager = can_manage_application(ctx, h);
  const bool applicant = is_applicant(ctx, h);
  if (manager || applicant) {
    d.set("show_audit", true);
    d.set("audit", audit_view(ctx, a.id));
    if (a.stage == "granted" || a.stage == "refused") d.set("letter_href", base_of(a.id) + "/vedtak");
  }
  if (manager) d.set("handling_href", base_of(a.id) + "/behandling");
  if (auto r = store::reviewer(ctx.db(), a.id, ctx.user->id); r && r->impartial == true)
    d.set("review_href", base_of(a.id) + "/vurdering");
}

render::List municipality_grants_view(Context& ctx, const std::string& municipality_number) {
  render::List out;
  for (auto& g : store::grants_in_municipality(ctx.db(), municipality_number, 20)) {
    render::Object o;
    o.set("title", g.title);
    o.set("organisation", g.organisation_name);
    o.set("organisation_href", "/aktorer/" + std::to_string(g.organisation_id));
    o.set("scheme", g.scheme_name);
    o.set("amount", ctx.t("grants.amount", {{"amount", money::format_kroner(g.amount)}}));
    o.set("decided", oslo_date_of(g.decided_at));
    out.emplace_back(std::move(o));
  }
  return out;
}

void mount_review_routes(web::Router& r, Ref) {
  auto manager = [] {
    return Access::when("member of the scheme owner's organisation or coordinator, once submitted, without a "
                        "declared conflict of interest",
                        may_manage);
  };
  r.get("/tilskudd/vurderinger", Access::signed_in(), assignments);
  r.get("/tilskudd/{id}/rangering", Access::when("member of the scheme owner's organisation, or coordinator", may_rank),
        ranking);
  r.get("/tilskudd/soknader/{id}/behandling", manager(), handling);
  r.post("/tilskudd/soknader/{id}/sakkyndige", manager(), assign);
  r.post("/tilskudd/soknader/{id}/vedtak", manager(), decide);
  auto reader = [] {
    return Access::when("member of the applicant organisation, or of the scheme owner's without a conflict of interest",
                        may_read_letter);
  };
  r.get("/tilskudd/soknader/{id}/vedtak", reader(), letter);
  r.get("/tilskudd/soknader/{id}/vedtak.pdf", reader(), letter_pdf);
  auto reviewer = [] { return Access::when("assigned reviewer without a declared conflict of interest", may_review); };
  r.get("/tilskudd/soknader/{id}/vurdering", reviewer(), review_form);
  r.post("/tilskudd/soknader/{id}/vurdering", reviewer(), score);
  r.post("/tilskudd/soknader/{id}/habilitet", reviewer(), declare);
}

// ---- the notice to NAV and the contact people ----

namespace notice {

std::string dedupe_key(std::int64_t application_id, const std::string& email) {
  return "grant-notice:" + std::to_string(application_id) + ":" + email;
}

int enqueue_for(db::Connection& c, std::int64_t application_id) {
  auto app = store::find_application(c, application_id);
  // The applicant asked, with a reason, that the grant is not made known: nobody is told.
  if (!app || app->confidential) return 0;
  auto call = store::find_call(c, app->call_id);
  auto org = directory::store::find(c, app->organisation_id);
  if (!call || !org || !org->municipality_number) return 0;
  int queued = 0;
  for (auto& r : store::grant_recipients(c, *org->municipality_number, store::scheme_service_area(c, call->scheme.id))) {
    const auto payload = nlohmann::json{{"application", application_id}, {"email", r.email}, {"name", r.name}}.dump();
    if (jobs::enqueue(c, job_kind, payload, std::chrono::system_clock::now(),
                      dedupe_key(application_id, r.email)))
      ++queued;
  }
  return queued;
}

void run(db::Connection& c, const web::Services& services, const jobs::Job& job) {
  const auto payload = nlohmann::json::parse(job.payload);
  const auto id = payload.at("application").get<std::int64_t>();
  const auto email = payload.at("email").get<std::string>();
  const auto name = payload.at("name").get<std::string>();
  auto app = store::find_application(c, id);
  auto dec = store::decision_of(c, id);
  if (!app || !dec || dec->outcome != "granted" || app->confidential) return;
  auto call = store::find_call(c, app->call_id);
  auto org = directory::store::find(c, app->organisation_id);
  if (!call || !org) return;
  const auto& t = services.catalogue;
  std::vector<std::pair<std::string, std::string>> args = {
      {"name", name},
      {"organisation", org->name},
      {"title", app->title},
      {"owner", call->scheme.organisation_name},
      {"scheme", call->scheme.name},
      {"amount", money::format_kroner(dec->amount.value_or(0))},
      {"from", dec->period_from},
      {"to", dec->period_to},
      {"description", app->description},
      {"url", services.config.base_url + "/aktorer/" + std::to_string(org->id)}};
  services.mailer.send({email, t.text("nb", "grants_review.mail.notice.subject", args),
                        t.text("nb", "grants_review.mail.notice.body", args)});
}

}  // namespace notice

}  // namespace samskap::grants
