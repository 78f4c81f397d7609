// Proposals: the form for sending one, the proposal's page, withdrawing, the owner's decision,
// the owner's comparison, a proposer's own list and the JSON twin. The confidential part is read
// only through proposal_store's full reads, after can_see_confidential.
#include "needs/proposals.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <nlohmann/json.hpp>

#include "needs/access.hpp"
#include "needs/model.hpp"
#include "needs/store.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/config.hpp"
#include "platform/core/money.hpp"
#include "platform/mail/mailer.hpp"
#include "platform/render/markdown.hpp"
#include "platform/web/pagination.hpp"
#include "platform/web/password_policy.hpp"

namespace samskap::needs {

namespace ps = proposal_store;

namespace {

using http::Response;
using web::Access;
using web::Context;
using Args = std::vector<std::pair<std::string, std::string>>;

constexpr std::size_t kMaxSummary = 1'000;
constexpr std::size_t kMaxApproach = 10'000;
constexpr std::size_t kMaxTimeline = 2'000;
constexpr std::size_t kMaxFinancing = 2'000;
constexpr std::size_t kMaxConfidential = 10'000;
constexpr std::size_t kMaxAnswer = 1'000;
constexpr std::size_t kMaxMessage = 2'000;
constexpr std::int64_t kPageSize = 50;

std::int64_t to_int(std::string_view s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size() ? v : 0;
}

std::int64_t id_param(const Context& ctx) {
  auto id = to_int(ctx.req.param("id"));
  return id > 0 ? id : 0;
}

std::string need_path(std::int64_t id, std::string_view rest = "") {
  return "/behov/" + std::to_string(id) + std::string(rest);
}
std::string proposal_path(std::int64_t id, std::string_view rest = "") {
  return "/forslag/" + std::to_string(id) + std::string(rest);
}

ps::Viewer viewer_of(const Context& ctx) { return {ctx.user ? ctx.user->id : 0, is_coordinator(ctx)}; }

std::string status_label(const Context& ctx, std::string_view status) {
  return ctx.t("proposals.status." + std::string(status));
}
std::string_view status_color(std::string_view status) {
  if (status == "chosen") return "success";
  if (status == "not_chosen" || status == "withdrawn") return "neutral";
  if (status == "under_review") return "warning";
  return "info";
}
std::string kroner(const Context& ctx, std::int64_t ore) {
  return ctx.t("proposals.money", {{"amount", money::format_kroner(ore)}});
}

// The need of the route, if this request may see it (drafts only for the owner and coordinators).
std::optional<store::Head> visible_need(Context& ctx, std::int64_t id) {
  if (!id) return std::nullopt;
  auto head = store::head(ctx.db(), id);
  if (!head || !can_view_need(ctx, *head)) return std::nullopt;
  return head;
}

// The proposal of the route with its need, if this request may see the need.
struct Loaded {
  ps::PublicProposal pub;
  store::Head need;
};
std::optional<Loaded> load(Context& ctx) {
  auto id = id_param(ctx);
  if (!id) return std::nullopt;
  auto pub = ps::find_public(ctx.db(), id);
  if (!pub) return std::nullopt;
  auto need = visible_need(ctx, pub->need_id);
  if (!need) return std::nullopt;
  return Loaded{std::move(*pub), std::move(*need)};
}

Response message(Context& ctx, const std::string& key, int status, const Args& args = {},
                 const std::string& href = "", const std::string& link_key = "") {
  render::Object d;
  d.set("title", ctx.t(key + ".title", args));
  d.set("text", ctx.t(key + ".text", args));
  if (!href.empty()) {
    d.set("href", href);
    d.set("link", ctx.t(link_key, args));
  }
  return ctx.page("needs/proposal_message", std::move(d), status);
}

// The public part, as every page and the JSON show it.
render::Object public_view(const Context& ctx, const ps::PublicProposal& p) {
  render::Object o;
  o.reserve(12);
  o.set("id", p.id);
  o.set("href", proposal_path(p.id));
  o.set("organisation", p.organisation_name);
  o.set("organisation_href", "/aktorer/" + std::to_string(p.organisation_id));
  o.set("summary", p.summary);
  o.set("status", status_label(ctx, p.status));
  o.set("status_color", std::string(status_color(p.status)));
  o.set("submitted", clock::oslo_display(p.submitted_at));
  if (p.solution_id) {
    o.set("solution", p.solution_title);
    o.set("solution_href", "/losninger/" + std::to_string(*p.solution_id));
  }
  return o;
}

nlohmann::json public_json(const ps::PublicProposal& p) {
  return {{"id", p.id},
          {"need_id", p.need_id},
          {"organisation_id", p.organisation_id},
          {"organisation", p.organisation_name},
          {"summary", p.summary},
          {"solution_id", p.solution_id ? nlohmann::json(*p.solution_id) : nlohmann::json(nullptr)},
          {"solution", p.solution_id ? nlohmann::json(p.solution_title) : nlohmann::json(nullptr)},
          {"status", p.status},
          {"submitted_at", p.submitted_at},
          {"url", proposal_path(p.id)}};
}

nlohmann::json full_json(const ps::Proposal& p) {
  auto j = public_json(p.pub);
  nlohmann::json criteria = nlohmann::json::array();
  for (auto& a : p.criteria)
    criteria.push_back({{"criterion_id", a.criterion_id},
                        {"criterion", a.description},
                        {"expected", a.expected},
                        {"measurement", a.measurement}});
  j["approach"] = p.approach;
  j["timeline"] = p.timeline;
  j["cost_ore"] = p.cost ? nlohmann::json(*p.cost) : nlohmann::json(nullptr);
  j["financing"] = p.financing;
  j["confidential"] = p.confidential;
  j["decision_message"] = p.decision_message;
  j["decided_at"] = p.decided_at ? nlohmann::json(*p.decided_at) : nlohmann::json(nullptr);
  j["criteria"] = std::move(criteria);
  return j;
}

// Sends a mail; a failing mail server must not turn a committed decision into an error page.
void send_mail(Context& ctx, const std::string& to, const std::string& key, const Args& args) {
  try {
    ctx.services.mailer.send({to, ctx.t(key + ".subject", args), ctx.t(key + ".body", args)});
  } catch (const std::exception& e) {
    spdlog::error("req={} e-post til {} feilet: {}", ctx.req.request_id, to, e.what());
  }
}

// ---- the need's proposals: comparison for the owner, public summaries for everyone else ----

Response need_proposals(Context& ctx, bool json) {
  auto need = visible_need(ctx, id_param(ctx));
  if (!need) return json ? Response::json(404, R"({"error":"not_found"})") : ctx.error_page(404);
  auto& db = ctx.db();
  const bool owner = can_manage_need(ctx, *need);
  if (owner) {
    // The owner's members and coordinators: every live proposal in full, side by side.
    auto rows = ps::compare(db, need->id, viewer_of(ctx));
    if (json) {
      nlohmann::json results = nlohmann::json::array();
      for (auto& p : rows) results.push_back(full_json(p));
      nlohmann::json out = {{"need_id", need->id}, {"total", rows.size()}, {"confidential", true},
                            {"results", std::move(results)}};
      return Response::json(200, out.dump());
    }
    auto full_need = store::find(db, need->id);
    render::Object d;
    d.reserve(12);
    d.set("title", ctx.t("proposals.compare.title", {{"need", need->title}}));
    d.set("need_title", need->title);
    d.set("need_href", need_path(need->id));
    d.set("count", static_cast<std::int64_t>(rows.size()));
    if (rows.empty()) d.set("empty", true);
    render::List columns;
    for (auto& p : rows) {
      auto c = public_view(ctx, p.pub);
      if (!next_decisions(p.pub.status).empty()) c.set("decide_href", proposal_path(p.pub.id, "/vurdering"));
      columns.emplace_back(std::move(c));
    }
    render::List table;
    auto row = [&](std::string header, std::string hint, auto&& cell) {
      render::Object r;
      r.set("header", std::move(header));
      if (!hint.empty()) r.set("hint", std::move(hint));
      render::List cells;
      for (auto& p : rows) cells.emplace_back(cell(p));
      r.set("cells", std::move(cells));
      table.emplace_back(std::move(r));
    };
    row(ctx.t("proposals.fields.summary"), "", [&](const ps::Proposal& p) {
      render::Object c;
      c.set("text", p.pub.summary);
      return c;
    });
    if (full_need)
      for (std::size_t i = 0; i < full_need->criteria.size(); ++i) {
        auto& k = full_need->criteria[i];
        std::string hint = k.target.empty() ? "" : ctx.t("proposals.compare.target", {{"target", k.target}});
        row(k.description, hint, [&](const ps::Proposal& p) {
          render::Object c;
          auto it = std::find_if(p.criteria.begin(), p.criteria.end(),
                                 [&](const ps::CriterionAnswer& a) { return a.criterion_id == k.id; });
          if (it != p.criteria.end() && !(it->expected.empty() && it->measurement.empty())) {
            c.set("expected", it->expected);
            c.set("measurement", it->measurement);
          } else {
            c.set("text", ctx.t("proposals.compare.no_answer"));
          }
          return c;
        });
      }
    row(ctx.t("proposals.fields.cost"), "", [&](const ps::Proposal& p) {
      render::Object c;
      c.set("text", p.cost ? kroner(ctx, *p.cost) : ctx.t("proposals.compare.no_answer"));
      return c;
    });
    row(ctx.t("proposals.fields.timeline"), "", [&](const ps::Proposal& p) {
      render::Object c;
      c.set("text", p.timeline.empty() ? ctx.t("proposals.compare.no_answer") : p.timeline);
      return c;
    });
    d.set("columns", std::move(columns));
    d.set("rows", std::move(table));
    return ctx.page("needs/proposal_compare", std::move(d));
  }

  auto page = web::page_from_query(ctx, kPageSize);
  auto result = ps::list_public(db, need->id, page.offset(), page.size);
  if (json) {
    nlohmann::json results = nlohmann::json::array();
    for (auto& p : result.rows) results.push_back(public_json(p));
    nlohmann::json out = {{"need_id", need->id},   {"total", result.total},        {"page", page.number},
                          {"per_page", page.size}, {"confidential", false},        {"results", std::move(results)}};
    return Response::json(200, out.dump());
  }
  render::Object d;
  d.reserve(12);
  d.set("title", ctx.t("proposals.list.title", {{"need", need->title}}));
  d.set("need_title", need->title);
  d.set("need_href", need_path(need->id));
  d.set("total", result.total);
  render::List rows;
  for (auto& p : result.rows) rows.emplace_back(public_view(ctx, p));
  if (rows.empty()) d.set("empty", true);
  d.set("rows", std::move(rows));
  d.set("pagination", web::pagination_view(ctx, page, result.total));
  if (need_accepts_proposals(need->status)) d.set("new_href", need_path(need->id, "/forslag/ny"));
  return ctx.page("needs/proposal_list", std::move(d));
}

// ---- sending a proposal ----

// The organisations this user may send proposals for: their own, of kinds that offer solutions.
std::vector<store::MemberOrganisation> proposer_organisations(Context& ctx) {
  std::vector<store::MemberOrganisation> out;
  for (auto& o : store::organisations_of(ctx.db(), ctx.user->id))
    if (may_offer_solutions(o.kind)) out.push_back(o);
  return out;
}

struct FormInput {
  std::string organisation_id, summary, approach, timeline, cost, financing, confidential, solution_id;
  std::map<std::int64_t, std::pair<std::string, std::string>> answers;  // criterion → (expected, measurement)
};

struct FormError {
  std::string field;
  std::string text;
};

FormInput input_from(const Context& ctx, const Need& need) {
  auto& f = ctx.req;
  FormInput in;
  in.organisation_id = f.form_value("organisation_id");
  in.summary = web::trim(f.form_value("summary"));
  in.approach = web::trim(f.form_value("approach"));
  in.timeline = web::trim(f.form_value("timeline"));
  in.cost = web::trim(f.form_value("cost"));
  in.financing = web::trim(f.form_value("financing"));
  in.confidential = web::trim(f.form_value("confidential"));
  in.solution_id = f.form_value("solution_id");
  for (auto& k : need.criteria) {
    auto id = std::to_string(k.id);
    in.answers[k.id] = {web::trim(f.form_value("expected_" + id)), web::trim(f.form_value("measurement_" + id))};
  }
  return in;
}

void check_text(const Context& ctx, std::vector<FormError>& errors, const std::string& field, const std::string& value,
                std::size_t max, bool required, const std::string& label_key) {
  auto label = ctx.t(label_key);
  if (required && value.empty())
    errors.push_back({field, ctx.t("proposals.errors.required", {{"field", label}})});
  else if (web::utf8_length(value) > max)
    errors.push_back({field, ctx.t("proposals.errors.too_long", {{"field", label}, {"max", std::to_string(max)}})});
}

// Checks the input; on success fills `out`.
std::vector<FormError> check_input(Context& ctx, const FormInput& in, const Need& need,
                                   const std::vector<store::MemberOrganisation>& orgs, ps::NewProposal& out) {
  std::vector<FormError> errors;
  auto org = std::find_if(orgs.begin(), orgs.end(),
                          [&](const store::MemberOrganisation& o) { return std::to_string(o.id) == in.organisation_id; });
  if (org == orgs.end()) errors.push_back({"organisation_id", ctx.t("proposals.errors.organisation")});
  check_text(ctx, errors, "summary", in.summary, kMaxSummary, true, "proposals.fields.summary");
  check_text(ctx, errors, "approach", in.approach, kMaxApproach, true, "proposals.fields.approach");
  for (auto& k : need.criteria) {
    auto& [expected, measurement] = in.answers.at(k.id);
    auto id = std::to_string(k.id);
    auto args = Args{{"criterion", k.description}};
    if (expected.empty())
      errors.push_back({"expected_" + id, ctx.t("proposals.errors.expected_required", args)});
    else if (web::utf8_length(expected) > kMaxAnswer)
      errors.push_back({"expected_" + id, ctx.t("proposals.errors.answer_too_long", args)});
    if (measurement.empty())
      errors.push_back({"measurement_" + id, ctx.t("proposals.errors.measurement_required", args)});
    else if (web::utf8_length(measurement) > kMaxAnswer)
      errors.push_back({"measurement_" + id, ctx.t("proposals.errors.answer_too_long", args)});
  }
  check_text(ctx, errors, "timeline", in.timeline, kMaxTimeline, true, "proposals.fields.timeline");
  std::optional<std::int64_t> cost;
  if (in.cost.empty()) {
    errors.push_back({"cost", ctx.t("proposals.errors.required", {{"field", ctx.t("proposals.fields.cost")}})});
  } else if (!(cost = money::parse_kroner(in.cost))) {
    errors.push_back({"cost", ctx.t("proposals.errors.cost")});
  }
  check_text(ctx, errors, "financing", in.financing, kMaxFinancing, false, "proposals.fields.financing");
  check_text(ctx, errors, "confidential", in.confidential, kMaxConfidential, false, "proposals.fields.confidential");
  std::optional<std::int64_t> solution;
  if (!in.solution_id.empty()) {
    auto sid = to_int(in.solution_id);
    bool ok = false;
    if (org != orgs.end() && sid > 0)
      for (auto& [id, title] : ps::published_solutions(ctx.db(), org->id)) ok |= id == sid;
    if (ok) solution = sid;
    else errors.push_back({"solution_id", ctx.t("proposals.errors.solution")});
  }
  if (!errors.empty()) return errors;
  out.need_id = need.id;
  out.organisation_id = org->id;
  out.solution_id = solution;
  out.summary = in.summary;
  out.approach = in.approach;
  out.timeline = in.timeline;
  out.cost = cost;
  out.financing = in.financing;
  out.confidential = in.confidential;
  out.created_by = ctx.user->id;
  out.now = clock::now_iso();
  for (auto& [criterion, answer] : in.answers) out.answers.push_back({criterion, answer});
  return errors;
}

Response form_page(Context& ctx, const Need& need, const std::vector<store::MemberOrganisation>& orgs,
                   const FormInput& in, const std::vector<FormError>& errors, int status = 200) {
  render::Object d;
  d.reserve(32);
  d.set("title", ctx.t("proposals.form.title"));
  d.set("need_title", need.title);
  d.set("need_href", need_path(need.id));
  d.set("action", need_path(need.id, "/forslag/ny"));
  std::map<std::string, std::string> field_errors;
  render::List summary;
  for (auto& e : errors) {
    field_errors.emplace(e.field, e.text);
    render::Object s;
    s.set("id", e.field);
    s.set("text", e.text);
    summary.emplace_back(std::move(s));
  }
  if (!summary.empty()) d.set("has_errors", true);
  d.set("errors", std::move(summary));
  auto err = [&](const std::string& field) {
    auto it = field_errors.find(field);
    return it == field_errors.end() ? std::string() : it->second;
  };
  for (auto name : {"organisation_id", "summary", "approach", "timeline", "cost", "financing", "confidential",
                    "solution_id"})
    if (auto e = err(name); !e.empty()) d.set(std::string(name) + "_error", e);

  if (orgs.size() == 1) {
    d.set("single_organisation", orgs[0].name);
    d.set("single_organisation_id", orgs[0].id);
  } else {
    render::List options;
    for (auto& o : orgs) {
      render::Object x;
      x.set("value", o.id);
      x.set("label", o.name);
      if (std::to_string(o.id) == in.organisation_id) x.set("selected", true);
      options.emplace_back(std::move(x));
    }
    d.set("organisations", std::move(options));
  }
  // Solutions to link, grouped by organisation when there are several.
  render::List groups;
  for (auto& o : orgs) {
    auto solutions = ps::published_solutions(ctx.db(), o.id);
    if (solutions.empty()) continue;
    render::Object g;
    g.set("organisation", o.name);
    render::List items;
    for (auto& [id, title] : solutions) {
      render::Object x;
      x.set("value", id);
      x.set("label", title);
      if (std::to_string(id) == in.solution_id) x.set("selected", true);
      items.emplace_back(std::move(x));
    }
    g.set("solutions", std::move(items));
    groups.emplace_back(std::move(g));
  }
  if (!groups.empty()) {
    d.set("has_solutions", true);
    d.set("solution_groups", std::move(groups));
  }

  render::List criteria;
  for (auto& k : need.criteria) {
    auto id = std::to_string(k.id);
    render::Object c;
    c.set("id", id);
    c.set("position", std::to_string(k.position));
    c.set("description", k.description);
    if (!k.indicator.empty()) c.set("indicator", k.indicator);
    if (!k.baseline.empty()) c.set("baseline", k.baseline);
    if (!k.target.empty()) c.set("target", k.target);
    auto it = in.answers.find(k.id);
    if (it != in.answers.end()) {
      c.set("expected", it->second.first);
      c.set("measurement", it->second.second);
    }
    if (auto e = err("expected_" + id); !e.empty()) c.set("expected_error", e);
    if (auto e = err("measurement_" + id); !e.empty()) c.set("measurement_error", e);
    criteria.emplace_back(std::move(c));
  }
  d.set("criteria", std::move(criteria));
  d.set("summary", in.summary);
  d.set("approach", in.approach);
  d.set("timeline", in.timeline);
  d.set("cost", in.cost);
  d.set("financing", in.financing);
  d.set("confidential", in.confidential);
  return ctx.page("needs/proposal_form", std::move(d), status);
}

// Why this user cannot send a proposal for the need now, as a message page; nullopt if they can.
std::optional<Response> refuse_new(Context& ctx, const store::Head& need,
                                   const std::vector<store::MemberOrganisation>& orgs) {
  if (!need_accepts_proposals(need.status))
    return message(ctx, "proposals.closed", 409, {{"need", need.title}}, need_path(need.id), "proposals.back_to_need");
  if (orgs.empty())
    return message(ctx, "proposals.no_organisation", 403, {}, "/aktorer", "proposals.no_organisation.link");
  // With one organisation, an existing live proposal is said at once.
  if (orgs.size() == 1)
    if (auto existing = ps::live_of(ctx.db(), need.id, orgs[0].id))
      return message(ctx, "proposals.duplicate", 409, {{"organisation", orgs[0].name}}, proposal_path(*existing),
                     "proposals.duplicate.link");
  return std::nullopt;
}

Response new_form(Context& ctx) {
  auto head = visible_need(ctx, id_param(ctx));
  if (!head) return ctx.error_page(404);
  auto orgs = proposer_organisations(ctx);
  if (auto refusal = refuse_new(ctx, *head, orgs)) return std::move(*refusal);
  auto need = store::find(ctx.db(), head->id);
  if (!need) return ctx.error_page(404);
  FormInput in;
  if (orgs.size() == 1) in.organisation_id = std::to_string(orgs[0].id);
  return form_page(ctx, *need, orgs, in, {});
}

Response create(Context& ctx) {
  auto head = visible_need(ctx, id_param(ctx));
  if (!head) return ctx.error_page(404);
  auto orgs = proposer_organisations(ctx);
  if (!need_accepts_proposals(head->status) || orgs.empty()) return *refuse_new(ctx, *head, orgs);
  auto need = store::find(ctx.db(), head->id);
  if (!need) return ctx.error_page(404);
  auto in = input_from(ctx, *need);
  ps::NewProposal p;
  auto errors = check_input(ctx, in, *need, orgs, p);
  if (!errors.empty()) return form_page(ctx, *need, orgs, in, errors, 422);
  auto& db = ctx.db();
  auto duplicate = [&](std::int64_t existing) {
    auto org = std::find_if(orgs.begin(), orgs.end(), [&](auto& o) { return o.id == p.organisation_id; });
    return message(ctx, "proposals.duplicate", 409, {{"organisation", org->name}}, proposal_path(existing),
                   "proposals.duplicate.link");
  };
  std::int64_t id = 0;
  try {
    db::Transaction tx(db);
    // The need may have closed while the form was open.
    auto now_head = store::head(db, need->id);
    if (!now_head || !need_accepts_proposals(now_head->status)) {
      tx.commit();
      return message(ctx, "proposals.closed", 409, {{"need", need->title}}, need_path(need->id), "proposals.back_to_need");
    }
    if (auto existing = ps::live_of(db, need->id, p.organisation_id)) {
      tx.commit();
      return duplicate(*existing);
    }
    id = ps::create(db, p);
    tx.commit();
  } catch (const db::UniqueViolation&) {
    if (auto existing = ps::live_of(db, need->id, p.organisation_id)) return duplicate(*existing);
    throw;
  }
  ctx.flash("success", "proposals.flash.sent");
  return ctx.redirect(proposal_path(id));
}

// ---- one proposal ----

Response show(Context& ctx) {
  auto loaded = load(ctx);
  if (!loaded) return ctx.error_page(404);
  auto& [pub, need] = *loaded;
  render::Object d = public_view(ctx, pub);
  d.set("title", ctx.t("proposals.show.title", {{"organisation", pub.organisation_name}}));
  d.set("need_title", need.title);
  d.set("need_href", need_path(need.id));
  d.set("need_proposals_href", need_path(need.id, "/forslag"));
  if (can_see_confidential(ctx, pub)) {
    auto full = ps::find_full(ctx.db(), pub.id, viewer_of(ctx));
    if (full) {
      d.set("full", true);
      if (!full->approach.empty()) d.set("approach_html", render::markdown_to_html(full->approach));
      render::List answers;
      for (auto& a : full->criteria) {
        render::Object x;
        x.set("position", std::to_string(a.position));
        x.set("description", a.description);
        if (!a.expected.empty()) x.set("expected", a.expected);
        if (!a.measurement.empty()) x.set("measurement", a.measurement);
        answers.emplace_back(std::move(x));
      }
      d.set("answers", std::move(answers));
      d.set("timeline", full->timeline);
      if (full->cost) d.set("cost", kroner(ctx, *full->cost));
      if (!full->financing.empty()) d.set("financing", full->financing);
      if (!full->confidential.empty()) d.set("confidential", full->confidential);
      if (!full->decision_message.empty()) d.set("decision_message", full->decision_message);
      if (full->decided_at) d.set("decided", clock::oslo_display(*full->decided_at));
    }
  }
  if (ctx.signed_in()) {
    if (acts_for(ctx, pub.organisation_id) && proposal_transition_allowed(pub.status, "withdrawn", false))
      d.set("withdraw_href", proposal_path(pub.id, "/trekk"));
    if (can_manage_need(ctx, need) && !next_decisions(pub.status).empty())
      d.set("decide_href", proposal_path(pub.id, "/vurdering"));
  }
  return ctx.page("needs/proposal_show", std::move(d));
}

// ---- withdrawing ----

Response withdraw_page(Context& ctx, const Loaded& l, const std::string& error, int status) {
  render::Object d = public_view(ctx, l.pub);
  d.set("title", ctx.t("proposals.withdraw.title"));
  d.set("need_title", l.need.title);
  d.set("need_href", need_path(l.need.id));
  d.set("action", proposal_path(l.pub.id, "/trekk"));
  if (!error.empty()) d.set("error", error);
  return ctx.page("needs/proposal_withdraw", std::move(d), status);
}

std::string illegal_message(const Context& ctx, std::string_view from, std::string_view to) {
  return ctx.t("proposals.errors.transition",
               {{"from", status_label(ctx, from)}, {"to", status_label(ctx, to)}});
}

Response withdraw_form(Context& ctx) {
  auto l = load(ctx);
  if (!l || !acts_for(ctx, l->pub.organisation_id)) return ctx.error_page(l ? 403 : 404);
  if (!proposal_transition_allowed(l->pub.status, "withdrawn", false))
    return withdraw_page(ctx, *l, illegal_message(ctx, l->pub.status, "withdrawn"), 409);
  return withdraw_page(ctx, *l, "", 200);
}

Response withdraw(Context& ctx) {
  auto l = load(ctx);
  if (!l || !acts_for(ctx, l->pub.organisation_id)) return ctx.error_page(l ? 403 : 404);
  if (ctx.req.form_value("confirm") != "1")
    return withdraw_page(ctx, *l, ctx.t("proposals.withdraw.confirm_required"), 422);
  auto& db = ctx.db();
  db::Transaction tx(db);
  auto current = ps::find_public(db, l->pub.id);
  const std::string from = current ? current->status : l->pub.status;
  if (!proposal_transition_allowed(from, "withdrawn", false) ||
      !ps::change_status(db, l->pub.id, from, "withdrawn", "", clock::now_iso())) {
    tx.commit();
    return withdraw_page(ctx, *l, illegal_message(ctx, from, "withdrawn"), 409);
  }
  tx.commit();
  ctx.flash("success", "proposals.flash.withdrawn");
  return ctx.redirect(proposal_path(l->pub.id));
}

// ---- the owner's decision ----

Response decide_page(Context& ctx, const Loaded& l, const std::string& chosen, const std::string& text,
                     const std::vector<FormError>& errors, int status) {
  render::Object d = public_view(ctx, l.pub);
  d.set("title", ctx.t("proposals.decide.title"));
  d.set("need_title", l.need.title);
  d.set("need_href", need_path(l.need.id));
  d.set("compare_href", need_path(l.need.id, "/forslag"));
  d.set("action", proposal_path(l.pub.id, "/vurdering"));
  render::List options;
  for (auto s : next_decisions(l.pub.status)) {
    render::Object x;
    x.set("value", std::string(s));
    x.set("label", status_label(ctx, s));
    if (s == chosen) x.set("checked", true);
    options.emplace_back(std::move(x));
  }
  if (options.empty()) d.set("final", true);
  d.set("options", std::move(options));
  d.set("message", text);
  render::List summary;
  for (auto& e : errors) {
    if (!e.field.empty()) d.set(e.field + "_error", e.text);
    render::Object s;
    if (!e.field.empty()) s.set("id", e.field);
    s.set("text", e.text);
    summary.emplace_back(std::move(s));
  }
  if (!summary.empty()) d.set("has_errors", true);
  d.set("errors", std::move(summary));
  return ctx.page("needs/proposal_decide", std::move(d), status);
}

Response decide_form(Context& ctx) {
  auto l = load(ctx);
  if (!l || !can_manage_need(ctx, l->need)) return ctx.error_page(l ? 403 : 404);
  return decide_page(ctx, *l, "", "", {}, 200);
}

Response decide(Context& ctx) {
  auto l = load(ctx);
  if (!l || !can_manage_need(ctx, l->need)) return ctx.error_page(l ? 403 : 404);
  auto to = ctx.req.form_value("status");
  auto text = web::trim(ctx.req.form_value("message"));
  std::vector<FormError> errors;
  const bool decision = to == "chosen" || to == "not_chosen";
  if (!is_proposal_status(to)) errors.push_back({"status", ctx.t("proposals.errors.status")});
  else if (!proposal_transition_allowed(l->pub.status, to, true))
    return decide_page(ctx, *l, "", text, {{"", illegal_message(ctx, l->pub.status, to)}}, 409);
  if (decision && text.empty()) errors.push_back({"message", ctx.t("proposals.errors.message_required")});
  else if (web::utf8_length(text) > kMaxMessage)
    errors.push_back({"message", ctx.t("proposals.errors.too_long", {{"field", ctx.t("proposals.decide.message")},
                                                                     {"max", std::to_string(kMaxMessage)}})});
  if (!errors.empty()) return decide_page(ctx, *l, to, text, errors, 422);
  auto& db = ctx.db();
  std::vector<std::string> recipients;
  {
    db::Transaction tx(db);
    if (!ps::change_status(db, l->pub.id, l->pub.status, to, text, clock::now_iso())) {
      auto current = ps::find_public(db, l->pub.id);
      tx.commit();
      return decide_page(ctx, *l, "", text,
                         {{"", illegal_message(ctx, current ? current->status : l->pub.status, to)}}, 409);
    }
    if (decision) recipients = ps::decision_recipients(db, l->pub.id);
    tx.commit();
  }
  // The decision is told to the proposer's administrators and the proposal's author.
  if (decision) {
    Args args{{"need", l->need.title},
              {"organisation", l->pub.organisation_name},
              {"message", text},
              {"link", ctx.services.config.base_url + proposal_path(l->pub.id)}};
    for (auto& to_address : recipients) send_mail(ctx, to_address, "proposals.mail." + to, args);
  }
  ctx.flash("success", "proposals.flash.decided");
  return ctx.redirect(proposal_path(l->pub.id));
}

// ---- a proposer's own list ----

Response mine(Context& ctx) {
  auto page = web::page_from_query(ctx, kPageSize);
  auto result = ps::list_mine(ctx.db(), ctx.user->id, page.offset(), page.size);
  render::Object d;
  d.set("title", ctx.t("proposals.mine.title"));
  render::List rows;
  for (auto& r : result.rows) {
    auto o = public_view(ctx, r.pub);
    o.set("need_title", r.need_title);
    o.set("need_href", need_path(r.pub.need_id));
    rows.emplace_back(std::move(o));
  }
  if (rows.empty()) d.set("empty", true);
  d.set("rows", std::move(rows));
  d.set("total", result.total);
  d.set("pagination", web::pagination_view(ctx, page, result.total));
  return ctx.page("needs/proposal_mine", std::move(d));
}

}  // namespace

std::vector<std::string_view> next_decisions(std::string_view from) {
  std::vector<std::string_view> out;
  for (auto s : {"under_review", "chosen", "not_chosen"})
    if (proposal_transition_allowed(from, s, true)) out.push_back(s);
  return out;
}

bool can_see_confidential(Context& ctx, const ps::PublicProposal& p) {
  if (!ctx.signed_in()) return false;
  return ps::may_see_confidential(ctx.db(), viewer_of(ctx), p);
}

void mount_proposals(web::Router& r) {
  r.get("/behov/{id}/forslag", Access::everyone(), [](Context& c) { return need_proposals(c, false); });
  r.get("/api/v1/behov/{id}/forslag", Access::everyone(), [](Context& c) { return need_proposals(c, true); });
  r.get("/behov/{id}/forslag/ny", Access::signed_in(), new_form);
  r.post("/behov/{id}/forslag/ny", Access::signed_in(), create);
  r.get("/forslag", Access::signed_in(), mine);
  r.get("/forslag/{id}", Access::everyone(), show);
  r.get("/forslag/{id}/trekk", Access::signed_in(), withdraw_form);
  r.post("/forslag/{id}/trekk", Access::signed_in(), withdraw);
  r.get("/forslag/{id}/vurdering", Access::signed_in(), decide_form);
  r.post("/forslag/{id}/vurdering", Access::signed_in(), decide);
}

}  // namespace samskap::needs
