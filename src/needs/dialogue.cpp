// The open dialogue on a need: anonymous questions with the owner's final answers, and the
// dialogue log whose every edit is kept as a version. Everything here is public to whoever can
// see the need, because dialogue before a procurement is allowed only with equal treatment,
// transparency and verifiability.
#include "needs/dialogue.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>

#include "needs/access.hpp"
#include "needs/model.hpp"
#include "needs/store.hpp"
#include "platform/core/clock.hpp"
#include "platform/http/form.hpp"
#include "platform/web/pagination.hpp"
#include "platform/web/password_policy.hpp"

namespace samskap::needs {

namespace ds = dialogue_store;

// ---- rules ----

std::optional<std::string> parse_meeting_date(std::string_view text) {
  auto s = web::trim(text);
  int y = 0, m = 0, d = 0;
  auto number = [](std::string_view part, int& out, std::size_t min_len, std::size_t max_len) {
    if (part.size() < min_len || part.size() > max_len) return false;
    auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
    return ec == std::errc() && p == part.data() + part.size();
  };
  std::string_view v(s);
  if (auto a = v.find('-'); a == 4) {  // YYYY-MM-DD
    auto b = v.find('-', a + 1);
    if (b == std::string_view::npos || !number(v.substr(0, a), y, 4, 4) || !number(v.substr(a + 1, b - a - 1), m, 2, 2) ||
        !number(v.substr(b + 1), d, 2, 2))
      return std::nullopt;
  } else {  // D.M.YYYY
    auto a2 = v.find('.');
    auto b = a2 == std::string_view::npos ? a2 : v.find('.', a2 + 1);
    if (b == std::string_view::npos || !number(v.substr(0, a2), d, 1, 2) || !number(v.substr(a2 + 1, b - a2 - 1), m, 1, 2) ||
        !number(v.substr(b + 1), y, 4, 4))
      return std::nullopt;
  }
  auto ymd = date::year{y} / m / d;
  if (!ymd.ok() || y < 1900) return std::nullopt;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return std::string(buf);
}

std::string display_date(std::string_view iso) {
  if (iso.size() != 10) return std::string(iso);
  return std::string(iso.substr(8, 2)) + "." + std::string(iso.substr(5, 2)) + "." + std::string(iso.substr(0, 4));
}

std::string oslo_today() {
  static const date::time_zone* oslo = date::locate_zone("Europe/Oslo");
  auto local = oslo->to_local(std::chrono::system_clock::now());
  return date::format("%Y-%m-%d", date::floor<date::days>(local));
}

namespace {

void check_text(web::FieldErrors& errors, std::string& text, const std::string& field, std::size_t max,
                const std::string& required_key, const std::string& long_key) {
  text = web::trim(text);
  if (text.empty()) errors.add(field, required_key);
  else if (web::utf8_length(text) > max) errors.add(field, long_key);
}

}  // namespace

web::FieldErrors check_question(std::string& text) {
  web::FieldErrors errors;
  check_text(errors, text, "question", kMaxQuestion, "dialogue.errors.question_required",
             "dialogue.errors.question_too_long");
  return errors;
}

web::FieldErrors check_answer(std::string& text) {
  web::FieldErrors errors;
  check_text(errors, text, "answer", kMaxAnswer, "dialogue.errors.answer_required", "dialogue.errors.answer_too_long");
  return errors;
}

web::FieldErrors check_entry(ds::Version& v, const std::string& today, bool with_reason) {
  web::FieldErrors errors;
  v.held_on = web::trim(v.held_on);
  if (v.held_on.empty()) {
    errors.add("held_on", "dialogue.errors.date_required");
  } else if (auto date = parse_meeting_date(v.held_on)) {
    v.held_on = *date;
    if (v.held_on > today) errors.add("held_on", "dialogue.errors.date_future");
  } else {
    errors.add("held_on", "dialogue.errors.date_invalid");
  }
  if (!is_dialogue_channel(v.channel)) errors.add("channel", "dialogue.errors.channel");
  check_text(errors, v.participants, "participants", kMaxParticipants, "dialogue.errors.participants_required",
             "dialogue.errors.participants_too_long");
  check_text(errors, v.summary, "summary", kMaxSummary, "dialogue.errors.summary_required",
             "dialogue.errors.summary_too_long");
  if (with_reason)
    check_text(errors, v.reason, "reason", kMaxReason, "dialogue.errors.reason_required",
               "dialogue.errors.reason_too_long");
  return errors;
}

namespace {

using http::Response;
using web::Access;
using web::Context;
using web::FieldErrors;
using web::FieldSpec;
using web::FormView;
using Json = nlohmann::json;

constexpr std::int64_t kPageSize = 20;

std::int64_t id_param(const Context& ctx, std::string_view name) {
  auto s = ctx.req.param(name);
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size() && v > 0 ? v : 0;
}

// The need of the route, when the user may see it.
std::optional<store::Head> visible_need(Context& ctx) {
  auto id = id_param(ctx, "id");
  if (!id) return std::nullopt;
  auto head = store::head(ctx.db(), id);
  if (!head || !can_view_need(ctx, *head)) return std::nullopt;
  return head;
}

// The access rule of the owner's routes. A need the user may not see passes here so that the
// handler answers 404, as for everyone else, instead of telling that the draft exists.
bool manages_need(Context& ctx) {
  auto id = id_param(ctx, "id");
  if (!id) return true;
  auto head = store::head(ctx.db(), id);
  if (!head || !can_view_need(ctx, *head)) return true;
  return can_manage_need(ctx, *head);
}

// Text typed in a textarea as its lines, for one paragraph each (empty lines dropped).
render::List paragraphs(std::string_view text) {
  render::List out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    auto line = web::trim(text.substr(start, end - start));
    if (!line.empty()) out.emplace_back(std::move(line));
    start = end + 1;
  }
  return out;
}

bool accepts_questions(std::string_view status) { return status == "published" || status == "in_dialogue"; }

std::string need_path(std::int64_t id, std::string_view rest = "") {
  return "/behov/" + std::to_string(id) + std::string(rest);
}

std::string user_name(const Context& ctx) { return ctx.user ? ctx.user->name : std::string(); }

// Title, the way back to the need, the two dialogue pages and why they are public.
render::Object frame(const Context& ctx, const store::Head& need, const std::string& title, std::string_view current) {
  render::Object d;
  d.reserve(24);
  d.set("title", title);
  d.set("need_title", need.title);
  d.set("need_href", need_path(need.id));
  render::List nav;
  for (auto [key, rest] : {std::pair<std::string_view, std::string_view>{"questions", "/sporsmal"}, {"log", "/dialog"}}) {
    render::Object x;
    x.set("label", ctx.t("dialogue.nav." + std::string(key)));
    x.set("href", need_path(need.id, rest));
    if (key == current) x.set("current", true);
    nav.emplace_back(std::move(x));
  }
  d.set("nav", std::move(nav));
  d.set("why", ctx.t(current == "questions" ? "dialogue.why.questions" : "dialogue.why.log"));
  return d;
}

// The page's error summary, linking to the fields (ids as the form partial makes them).
void set_summary(const Context& ctx, render::Object& d, const FieldErrors& errors, const std::string& prefix = "") {
  if (errors.empty()) return;
  render::List list;
  for (auto& [field, key] : errors.items) {
    render::Object s;
    if (!field.empty()) s.set("id", prefix + field);
    s.set("text", ctx.t(key));
    list.emplace_back(std::move(s));
  }
  d.set("has_errors", true);
  d.set("errors", std::move(list));
}

Response not_found_json() { return Response::json(404, Json{{"error", "not_found"}}.dump()); }

// ---- questions ----

struct FailedAnswer {
  std::int64_t question_id = 0;
  std::string text;
  FieldErrors errors;
};

Response questions_page(Context& ctx, const store::Head& need, const std::string& question_text,
                        const FieldErrors& ask_errors, const FailedAnswer* failed, int status = 200) {
  const bool manager = can_manage_need(ctx, need);
  auto d = frame(ctx, need, ctx.t("dialogue.questions.title"), "questions");
  auto page = web::page_from_query(ctx, kPageSize);
  auto qs = ds::questions(ctx.db(), need.id, manager, page.offset(), page.size);
  if (failed && std::none_of(qs.rows.begin(), qs.rows.end(),
                             [&](const ds::Question& q) { return q.id == failed->question_id; })) {
    if (auto q = ds::question(ctx.db(), need.id, failed->question_id)) qs.rows.insert(qs.rows.begin(), *q);
  }
  render::List rows;
  rows.reserve(qs.rows.size());
  for (auto& q : qs.rows) {
    render::Object x;
    x.set("id", std::to_string(q.id));
    x.set("question", paragraphs(q.question));
    x.set("asked_at", clock::oslo_display(q.asked_at));
    if (q.answer) {
      x.set("answer", paragraphs(*q.answer));
      x.set("answered_at", clock::oslo_display(q.answered_at.value_or("")));
    } else if (manager) {
      const bool this_failed = failed && failed->question_id == q.id;
      FormView form(ctx, need_path(need.id, "/sporsmal/" + std::to_string(q.id) + "/svar"), "dialogue.questions.answer_submit");
      form.id_prefix("a" + std::to_string(q.id) + "-")
          .field({"answer", "dialogue.questions.answer_label", "textarea", this_failed ? failed->text : "", "off",
                  "dialogue.questions.answer_hint"});
      if (this_failed) {
        form.errors(failed->errors);
        set_summary(ctx, d, failed->errors, "a" + std::to_string(q.id) + "-");
      }
      x.set("answer_form", form.build());
    }
    rows.emplace_back(std::move(x));
  }
  d.set("questions", std::move(rows));
  if (qs.total == 0) d.set("empty", true);
  d.set("count", ctx.t("dialogue.questions.count", {{"total", std::to_string(qs.total)},
                                                     {"unanswered", std::to_string(qs.unanswered)}}));
  if (manager) {
    d.set("manager", true);
    if (qs.unanswered > 0)
      d.set("waiting", ctx.t("dialogue.questions.waiting", {{"count", std::to_string(qs.unanswered)}}));
  }
  d.set("pagination", web::pagination_view(ctx, page, qs.total));
  d.set("json_href", "/api/v1" + need_path(need.id, "/sporsmal"));

  if (!accepts_questions(need.status)) {
    d.set("closed", true);
  } else if (!ctx.signed_in()) {
    d.set("sign_in_href", "/logg-inn?next=" + http::url_encode(need_path(need.id, "/sporsmal")));
  } else {
    FormView form(ctx, need_path(need.id, "/sporsmal"), "dialogue.questions.ask_submit");
    form.field({"question", "dialogue.questions.ask_label", "textarea", question_text, "off",
                "dialogue.questions.ask_hint"})
        .errors(ask_errors);
    d.set("ask_form", form.build());
  }
  set_summary(ctx, d, ask_errors);
  return ctx.page("needs/question_list", std::move(d), status);
}

Response get_questions(Context& ctx) {
  auto need = visible_need(ctx);
  if (!need) return ctx.error_page(404);
  return questions_page(ctx, *need, "", {}, nullptr);
}

Response post_question(Context& ctx) {
  auto need = visible_need(ctx);
  if (!need) return ctx.error_page(404);
  auto text = ctx.req.form_value("question");
  if (!accepts_questions(need->status)) {
    FieldErrors closed;
    closed.add("", "dialogue.errors.not_open");
    return questions_page(ctx, *need, text, closed, nullptr, 409);
  }
  auto errors = check_question(text);
  if (!errors.empty()) return questions_page(ctx, *need, text, errors, nullptr, 422);
  auto& db = ctx.db();
  std::int64_t id = 0;
  {
    db::Transaction tx(db);
    id = ds::ask(db, need->id, ctx.user->id, text, clock::now_iso());
    tx.commit();
  }
  ctx.flash("success", "dialogue.flash.asked");
  return ctx.redirect(need_path(need->id, "/sporsmal#sporsmal-" + std::to_string(id)));
}

Response post_answer(Context& ctx) {
  auto need = visible_need(ctx);
  if (!need) return ctx.error_page(404);
  auto qid = id_param(ctx, "q");
  auto& db = ctx.db();
  if (!qid || !ds::question(db, need->id, qid)) return ctx.error_page(404);
  FailedAnswer failed{qid, ctx.req.form_value("answer"), {}};
  failed.errors = check_answer(failed.text);
  if (!failed.errors.empty()) return questions_page(ctx, *need, "", {}, &failed, 422);
  ds::AnswerResult result;
  {
    db::Transaction tx(db);
    result = ds::answer(db, need->id, qid, ctx.user->id, failed.text, clock::now_iso());
    tx.commit();
  }
  if (result == ds::AnswerResult::not_found) return ctx.error_page(404);
  if (result == ds::AnswerResult::already_answered) {
    ctx.flash("warning", "dialogue.flash.already_answered");
  } else {
    ctx.flash("success", "dialogue.flash.answered");
  }
  return ctx.redirect(need_path(need->id, "/sporsmal#sporsmal-" + std::to_string(qid)));
}

Response questions_json(Context& ctx) {
  auto need = visible_need(ctx);
  if (!need) return not_found_json();
  auto page = web::page_from_query(ctx, kPageSize);
  auto qs = ds::questions(ctx.db(), need->id, false, page.offset(), page.size);
  Json results = Json::array();
  for (auto& q : qs.rows)
    results.push_back({{"id", q.id},
                       {"question", q.question},
                       {"asked_at", q.asked_at},
                       {"answer", q.answer ? Json(*q.answer) : Json(nullptr)},
                       {"answered_at", q.answered_at ? Json(*q.answered_at) : Json(nullptr)}});
  Json out = {{"need_id", need->id}, {"total", qs.total},   {"unanswered", qs.unanswered},
              {"page", page.number}, {"per_page", page.size}, {"results", results}};
  return Response::json(200, out.dump());
}

// ---- the dialogue log ----

render::List channel_options(const Context& ctx, const std::string& selected) {
  render::List out;
  for (auto c : dialogue_channels) {
    render::Object x;
    x.set("value", std::string(c));
    x.set("label", ctx.t("dialogue.channels." + std::string(c)));
    if (c == selected) x.set("selected", true);
    out.emplace_back(std::move(x));
  }
  return out;
}

// The entry form: channel as a select beside the partial's fields.
render::Object entry_form(const Context& ctx, const std::string& action, const std::string& submit_key,
                          const ds::Version& v, const FieldErrors& errors, bool with_reason) {
  FormView form(ctx, action, submit_key);
  form.field({"held_on", "dialogue.log.held_on", "date", v.held_on, "off", "dialogue.log.held_on_hint"})
      .field({"participants", "dialogue.log.participants", "text", v.participants, "off",
              "dialogue.log.participants_hint"})
      .field({"summary", "dialogue.log.summary", "textarea", v.summary, "off", "dialogue.log.summary_hint"});
  if (with_reason)
    form.field({"reason", "dialogue.log.reason", "text", v.reason, "off", "dialogue.log.reason_hint"});
  form.errors(errors);
  auto built = form.build();
  built.set("channels", channel_options(ctx, v.channel));
  for (auto& [field, key] : errors.items)
    if (field == "channel") built.set("channel_error", ctx.t(key));
  return built;
}

render::Object version_view(const Context& ctx, const ds::Version& v) {
  render::Object x;
  x.set("held_on", display_date(v.held_on));
  x.set("held_on_iso", v.held_on);
  x.set("channel", ctx.t("dialogue.channels." + v.channel));
  x.set("participants", v.participants);
  x.set("summary", paragraphs(v.summary));
  x.set("edited_by", v.edited_by_name);
  x.set("edited_at", clock::oslo_display(v.edited_at));
  return x;
}

Response log_page(Context& ctx, const store::Head& need, const ds::Version& typed, const FieldErrors& errors,
                  int status = 200) {
  auto d = frame(ctx, need, ctx.t("dialogue.log.title"), "log");
  auto page = web::page_from_query(ctx, kPageSize);
  auto entries = ds::entries(ctx.db(), need.id, page.offset(), page.size);
  render::List rows;
  rows.reserve(entries.rows.size());
  for (auto& e : entries.rows) {
    auto x = version_view(ctx, e.latest);
    x.set("id", std::to_string(e.latest.entry_id));
    x.set("href", need_path(need.id, "/dialog/" + std::to_string(e.latest.entry_id)));
    if (e.versions == 2) x.set("changed", ctx.t("dialogue.log.changed_once"));
    else if (e.versions > 2)
      x.set("changed", ctx.t("dialogue.log.changed", {{"count", std::to_string(e.versions - 1)}}));
    rows.emplace_back(std::move(x));
  }
  d.set("entries", std::move(rows));
  if (entries.total == 0) d.set("empty", true);
  d.set("pagination", web::pagination_view(ctx, page, entries.total));
  d.set("json_href", "/api/v1" + need_path(need.id, "/dialog"));
  if (can_manage_need(ctx, need)) {
    d.set("entry_form", entry_form(ctx, need_path(need.id, "/dialog"), "dialogue.log.add_submit", typed, errors, false));
    set_summary(ctx, d, errors);
  }
  return ctx.page("needs/dialogue_log", std::move(d), status);
}

ds::Version version_from_form(const Context& ctx) {
  ds::Version v;
  v.held_on = ctx.req.form_value("held_on");
  v.channel = ctx.req.form_value("channel");
  v.participants = ctx.req.form_value("participants");
  v.summary = ctx.req.form_value("summary");
  v.reason = ctx.req.form_value("reason");
  return v;
}

Response get_log(Context& ctx) {
  auto need = visible_need(ctx);
  if (!need) return ctx.error_page(404);
  ds::Version blank;
  blank.held_on = oslo_today();
  blank.channel = "meeting";
  return log_page(ctx, *need, blank, {});
}

Response post_log(Context& ctx) {
  auto need = visible_need(ctx);
  if (!need) return ctx.error_page(404);
  auto v = version_from_form(ctx);
  auto errors = check_entry(v, oslo_today(), false);
  if (!errors.empty()) return log_page(ctx, *need, v, errors, 422);
  auto& db = ctx.db();
  std::int64_t id = 0;
  {
    db::Transaction tx(db);
    id = ds::add_entry(db, need->id, v, ctx.user->id, user_name(ctx), clock::now_iso());
    tx.commit();
  }
  ctx.flash("success", "dialogue.flash.logged");
  return ctx.redirect(need_path(need->id, "/dialog#logg-" + std::to_string(id)));
}

Response get_entry(Context& ctx) {
  auto need = visible_need(ctx);
  if (!need) return ctx.error_page(404);
  auto entry_id = id_param(ctx, "entry");
  auto versions = entry_id ? ds::history(ctx.db(), need->id, entry_id) : std::vector<ds::Version>{};
  if (versions.empty()) return ctx.error_page(404);
  auto& latest = versions.front();
  auto d = frame(ctx, *need,
                 ctx.t("dialogue.history.title", {{"date", display_date(latest.held_on)}}), "log");
  render::List rows;
  for (auto& v : versions) {
    auto x = version_view(ctx, v);
    x.set("number", std::to_string(v.version));
    x.set("heading", ctx.t(&v == &latest ? "dialogue.history.current" : "dialogue.history.version",
                           {{"number", std::to_string(v.version)}}));
    if (v.version == 1) x.set("first", true);
    else x.set("reason", v.reason);
    rows.emplace_back(std::move(x));
  }
  d.set("versions", std::move(rows));
  d.set("count", ctx.t(versions.size() == 1   ? "dialogue.history.never_changed"
                       : versions.size() == 2 ? "dialogue.history.count_once"
                                              : "dialogue.history.count",
                       {{"count", std::to_string(versions.size() - 1)}}));
  d.set("log_href", need_path(need->id, "/dialog"));
  if (can_manage_need(ctx, *need))
    d.set("edit_href", need_path(need->id, "/dialog/" + std::to_string(entry_id) + "/rediger"));
  return ctx.page("needs/dialogue_history", std::move(d));
}

Response edit_page(Context& ctx, const store::Head& need, std::int64_t entry_id, const ds::Version& typed,
                   const FieldErrors& errors, int status = 200) {
  auto d = frame(ctx, need, ctx.t("dialogue.edit.title"), "log");
  d.set("entry_form", entry_form(ctx, need_path(need.id, "/dialog/" + std::to_string(entry_id) + "/rediger"),
                                 "dialogue.edit.submit", typed, errors, true));
  set_summary(ctx, d, errors);
  d.set("history_href", need_path(need.id, "/dialog/" + std::to_string(entry_id)));
  return ctx.page("needs/dialogue_edit", std::move(d), status);
}

Response get_edit(Context& ctx) {
  auto need = visible_need(ctx);
  if (!need) return ctx.error_page(404);
  auto entry_id = id_param(ctx, "entry");
  auto e = entry_id ? ds::entry(ctx.db(), need->id, entry_id) : std::nullopt;
  if (!e) return ctx.error_page(404);
  auto v = e->latest;
  v.reason.clear();
  return edit_page(ctx, *need, entry_id, v, {});
}

Response post_edit(Context& ctx) {
  auto need = visible_need(ctx);
  if (!need) return ctx.error_page(404);
  auto entry_id = id_param(ctx, "entry");
  auto& db = ctx.db();
  auto current = entry_id ? ds::entry(db, need->id, entry_id) : std::nullopt;
  if (!current) return ctx.error_page(404);
  auto v = version_from_form(ctx);
  auto errors = check_entry(v, oslo_today(), true);
  if (errors.empty()) {
    auto& l = current->latest;
    if (v.held_on == l.held_on && v.channel == l.channel && v.participants == l.participants && v.summary == l.summary)
      errors.add("summary", "dialogue.errors.unchanged");
  }
  if (!errors.empty()) return edit_page(ctx, *need, entry_id, v, errors, 422);
  int number = 0;
  try {
    db::Transaction tx(db);
    number = ds::edit_entry(db, need->id, entry_id, v, ctx.user->id, user_name(ctx), clock::now_iso());
    tx.commit();
  } catch (const db::UniqueViolation&) {
    // Someone saved a version at the same moment: show the form again, nothing typed is lost.
    FieldErrors race;
    race.add("", "dialogue.errors.concurrent_edit");
    return edit_page(ctx, *need, entry_id, v, race, 409);
  }
  if (number == 0) return ctx.error_page(404);
  ctx.flash("success", "dialogue.flash.edited");
  return ctx.redirect(need_path(need->id, "/dialog/" + std::to_string(entry_id)));
}

Response log_json(Context& ctx) {
  auto need = visible_need(ctx);
  if (!need) return not_found_json();
  auto page = web::page_from_query(ctx, kPageSize);
  auto entries = ds::entries(ctx.db(), need->id, page.offset(), page.size);
  Json results = Json::array();
  for (auto& e : entries.rows) {
    auto& v = e.latest;
    results.push_back({{"id", v.entry_id},
                       {"held_on", v.held_on},
                       {"channel", v.channel},
                       {"participants", v.participants},
                       {"summary", v.summary},
                       {"versions", e.versions},
                       {"created_at", e.created_at},
                       {"edited_at", v.edited_at},
                       {"edited_by_name", v.edited_by_name},
                       {"reason", v.reason},
                       {"url", need_path(need->id, "/dialog/" + std::to_string(v.entry_id))}});
  }
  Json out = {{"need_id", need->id}, {"total", entries.total}, {"page", page.number}, {"per_page", page.size},
              {"results", results}};
  return Response::json(200, out.dump());
}

}  // namespace

void mount_dialogue(web::Router& r) {
  auto owner = [] {
    return Access::when("member of the need's owner organisation, or coordinator", manages_need);
  };
  r.get("/behov/{id}/sporsmal", Access::everyone(), get_questions);
  r.post("/behov/{id}/sporsmal", Access::signed_in(), post_question);
  r.post("/behov/{id}/sporsmal/{q}/svar", owner(), post_answer);
  r.get("/api/v1/behov/{id}/sporsmal", Access::everyone(), questions_json);
  r.get("/behov/{id}/dialog", Access::everyone(), get_log);
  r.post("/behov/{id}/dialog", owner(), post_log);
  r.get("/behov/{id}/dialog/{entry}", Access::everyone(), get_entry);
  r.get("/behov/{id}/dialog/{entry}/rediger", owner(), get_edit);
  r.post("/behov/{id}/dialog/{entry}/rediger", owner(), post_edit);
  r.get("/api/v1/behov/{id}/dialog", Access::everyone(), log_json);
}

}  // namespace samskap::needs
