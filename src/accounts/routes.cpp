// Sign-up, e-mail verification, sign-in and -out, password reset and change, account deletion,
// the user's own data, and the admin's list of users.
#include "accounts/routes.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "accounts/rules.hpp"
#include "accounts/store.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/config.hpp"
#include "platform/core/crypto.hpp"
#include "platform/http/form.hpp"
#include "platform/mail/mailer.hpp"
#include "platform/web/forms.hpp"
#include "platform/web/pagination.hpp"
#include "platform/web/session_store.hpp"

namespace samskap::accounts {

namespace {

using http::Response;
using web::Access;
using web::Context;
using web::FieldErrors;
using web::FieldSpec;
using web::FormView;

constexpr long kVerifySeconds = 48L * 3600;
constexpr long kResetSeconds = 3600;
constexpr long kSessionSeconds = 14L * 24 * 3600;
constexpr long kFailureWindowSeconds = 15L * 60;

std::string hash_password(const Context& ctx, const std::string& password) {
  return crypto::hash_password(password, ctx.services.config.argon2_ops, ctx.services.config.argon2_mem_kib);
}

// Sends a mail; a failing mail server must not turn a committed action into an error page.
void send_mail(Context& ctx, const std::string& to, const std::string& key,
               const std::vector<std::pair<std::string, std::string>>& args) {
  try {
    ctx.services.mailer.send({to, ctx.t(key + ".subject", args), ctx.t(key + ".body", args)});
  } catch (const std::exception& e) {
    spdlog::error("req={} e-post til {} feilet: {}", ctx.req.request_id, to, e.what());
  }
}

std::string link(const Context& ctx, const std::string& path) { return ctx.services.config.base_url + path; }

void send_verification(Context& ctx, const Account& a) {
  auto token = crypto::random_token(32);
  store::create_token(ctx.db(), crypto::sha256_hex(token), a.id, TokenPurpose::verify,
                      clock::in_seconds_iso(kVerifySeconds));
  send_mail(ctx, a.email, "accounts.mail.verify", {{"name", a.name}, {"link", link(ctx, "/bekreft/" + token)}});
}

Response form_page(Context& ctx, const std::string& tpl, const std::string& title_key, const FormView& form,
                   int status = 200, render::Object extra = {}) {
  extra.set("title", ctx.t(title_key));
  extra.set("form", form.build());
  return ctx.page(tpl, std::move(extra), status);
}

FormView sign_up_form(Context& ctx, const SignUpInput& in, const FieldErrors& errors) {
  FormView f(ctx, "/registrer", "accounts.sign_up.submit");
  f.field({"name", "accounts.fields.name", "text", in.name, "name"})
      .field({"email", "accounts.fields.email", "email", in.email, "email"})
      .field({"password", "accounts.fields.password", "password", "", "new-password", "accounts.fields.password_hint"})
      .field({"password_confirm", "accounts.fields.password_confirm", "password", "", "new-password"})
      .errors(errors);
  return f;
}

FormView sign_in_form(Context& ctx, const std::string& email, const FieldErrors& errors) {
  FormView f(ctx, "/logg-inn", "accounts.sign_in.submit");
  f.field({"email", "accounts.fields.email", "email", email, "username"})
      .field({"password", "accounts.fields.password", "password", "", "current-password"})
      .errors(errors);
  return f;
}

Response sign_in_page(Context& ctx, const std::string& email, const FieldErrors& errors, int status) {
  render::Object extra;
  auto next = Context::safe_next(ctx.req.method == http::Method::get ? ctx.req.query_value("next")
                                                                     : ctx.req.form_value("next"));
  if (!next.empty()) extra.set("next", next);
  return form_page(ctx, "accounts/sign_in", "accounts.sign_in.title", sign_in_form(ctx, email, errors), status,
                   std::move(extra));
}

FormView reset_form(Context& ctx, const std::string& token, const FieldErrors& errors) {
  FormView f(ctx, "/nytt-passord/" + token, "accounts.reset.submit");
  f.field({"password", "accounts.fields.new_password", "password", "", "new-password", "accounts.fields.password_hint"})
      .field({"password_confirm", "accounts.fields.password_confirm", "password", "", "new-password"})
      .errors(errors);
  return f;
}

FormView change_form(Context& ctx, const FieldErrors& errors) {
  FormView f(ctx, "/konto/passord", "accounts.change.submit");
  f.field({"current_password", "accounts.fields.current_password", "password", "", "current-password"})
      .field({"password", "accounts.fields.new_password", "password", "", "new-password", "accounts.fields.password_hint"})
      .field({"password_confirm", "accounts.fields.password_confirm", "password", "", "new-password"})
      .errors(errors);
  return f;
}

FormView delete_form(Context& ctx, const FieldErrors& errors) {
  FormView f(ctx, "/konto/slett", "accounts.delete.submit");
  f.id_prefix("delete-").field({"password", "accounts.fields.password_to_delete", "password", "", "current-password"}).errors(errors);
  return f;
}

Response account_page(Context& ctx, const FieldErrors& change_errors, const FieldErrors& delete_errors, int status) {
  render::Object d;
  d.set("title", ctx.t("accounts.account.title"));
  if (auto a = store::find_by_id(ctx.db(), ctx.user->id)) {
    d.set("name", a->name);
    d.set("email", a->email);
    d.set("created", clock::oslo_display(a->created_at));
    if (!a->role.empty()) d.set("role", ctx.t("accounts.roles." + a->role));
  }
  d.set("change_form", change_form(ctx, change_errors).build());
  d.set("delete_form", delete_form(ctx, delete_errors).build());
  return ctx.page("accounts/account", std::move(d), status);
}

Response message_page(Context& ctx, const std::string& key, int status = 200) {
  render::Object d;
  d.set("title", ctx.t(key + ".title"));
  d.set("text", ctx.t(key + ".text"));
  return ctx.page("accounts/message", std::move(d), status);
}

std::string client_address(const Context& ctx) { return ctx.req.remote_addr; }

// ---- handlers ----

Response get_sign_up(Context& ctx) {
  return form_page(ctx, "accounts/sign_up", "accounts.sign_up.title", sign_up_form(ctx, {}, {}));
}

Response post_sign_up(Context& ctx, const web::PasswordPolicy& policy) {
  SignUpInput in{web::trim(ctx.req.form_value("name")), normalise_email(ctx.req.form_value("email")),
                 ctx.req.form_value("password"), ctx.req.form_value("password_confirm")};
  auto errors = check_sign_up(in, policy);
  if (!errors.empty())
    return form_page(ctx, "accounts/sign_up", "accounts.sign_up.title", sign_up_form(ctx, in, errors), 422);

  Account a;
  a.email = in.email;
  a.name = in.name;
  a.password_hash = hash_password(ctx, in.password);
  a.created_at = clock::now_iso();
  try {
    a.id = store::create(ctx.db(), a);
    send_verification(ctx, a);
  } catch (const db::UniqueViolation&) {
    // Same answer as for a new address, so the form does not reveal who has an account.
    if (auto existing = store::find_by_email(ctx.db(), in.email))
      send_mail(ctx, existing->email, "accounts.mail.exists",
                {{"name", existing->name}, {"link", link(ctx, "/glemt-passord")}});
  }
  return ctx.redirect("/registrer/sjekk-e-post");
}

Response get_verify(Context& ctx) {
  auto key = crypto::sha256_hex(ctx.req.param("token"));
  auto now = clock::now_iso();
  auto user = store::consume_token(ctx.db(), key, TokenPurpose::verify, now);
  if (!user) return message_page(ctx, "accounts.verify_invalid", 400);
  store::mark_verified(ctx.db(), *user, now);
  ctx.flash("success", "accounts.flash.verified");
  return ctx.redirect("/logg-inn");
}

Response get_sign_in(Context& ctx) {
  if (ctx.signed_in()) return ctx.redirect("/konto");
  return sign_in_page(ctx, "", {}, 200);
}

Response post_sign_in(Context& ctx, const std::string& dummy_hash) {
  auto email = normalise_email(ctx.req.form_value("email"));
  auto password = ctx.req.form_value("password");
  auto& conf = ctx.services.config;
  auto since = clock::in_seconds_iso(-kFailureWindowSeconds);
  auto& db = ctx.db();
  if (store::failures_for_account(db, email, since) >= conf.login_limit_account ||
      store::failures_for_address(db, client_address(ctx), since) >= conf.login_limit_address) {
    FieldErrors e;
    e.add("", "accounts.errors.too_many_attempts");
    auto res = sign_in_page(ctx, email, e, 429);
    res.set_header("Retry-After", std::to_string(kFailureWindowSeconds));
    return res;
  }
  auto account = store::find_by_email(db, email);
  // Verify against a dummy hash for unknown addresses so timing does not tell them apart.
  bool ok = crypto::verify_password(account ? account->password_hash : dummy_hash, password) && account;
  if (!ok) {
    store::record_failure(db, email, client_address(ctx), clock::now_iso(), clock::in_seconds_iso(-86400));
    FieldErrors e;
    e.add("", "accounts.errors.wrong_credentials");
    return sign_in_page(ctx, email, e, 401);
  }
  if (!account->verified_at) {
    send_verification(ctx, *account);
    FieldErrors e;
    e.add("", "accounts.errors.not_verified");
    return sign_in_page(ctx, email, e, 403);
  }
  store::clear_failures(db, email);
  if (!ctx.session_key.empty()) web::session_store::remove(db, ctx.session_key);
  ctx.rotate_session(true);
  auto now = clock::now_iso();
  web::session_store::create(db, ctx.session_key, account->id, now, clock::in_seconds_iso(kSessionSeconds));
  web::session_store::purge_expired(db, now);
  auto next = Context::safe_next(ctx.req.form_value("next"));
  ctx.flash("success", "accounts.flash.signed_in");
  return ctx.redirect(next.empty() ? "/konto" : next);
}

Response post_sign_out(Context& ctx) {
  web::session_store::remove(ctx.db(), ctx.session_key);
  ctx.rotate_session();
  ctx.flash("info", "accounts.flash.signed_out");
  return ctx.redirect("/");
}

FormView forgot_form(Context& ctx, const std::string& email, const FieldErrors& errors) {
  FormView f(ctx, "/glemt-passord", "accounts.forgot.submit");
  f.field({"email", "accounts.fields.email", "email", email, "email"}).errors(errors);
  return f;
}

Response get_forgot(Context& ctx) {
  return form_page(ctx, "accounts/forgot", "accounts.forgot.title", forgot_form(ctx, "", {}));
}

Response post_forgot(Context& ctx) {
  auto email = normalise_email(ctx.req.form_value("email"));
  if (!valid_email(email)) {
    FieldErrors e;
    e.add("email", email.empty() ? "accounts.errors.email_required" : "accounts.errors.email_invalid");
    return form_page(ctx, "accounts/forgot", "accounts.forgot.title", forgot_form(ctx, email, e), 422);
  }
  if (auto a = store::find_by_email(ctx.db(), email)) {
    auto token = crypto::random_token(32);
    store::create_token(ctx.db(), crypto::sha256_hex(token), a->id, TokenPurpose::reset,
                        clock::in_seconds_iso(kResetSeconds));
    send_mail(ctx, a->email, "accounts.mail.reset", {{"name", a->name}, {"link", link(ctx, "/nytt-passord/" + token)}});
  }
  return ctx.redirect("/glemt-passord/sendt");
}

Response get_reset(Context& ctx) {
  auto token = ctx.req.param("token");
  if (!store::peek_token(ctx.db(), crypto::sha256_hex(token), TokenPurpose::reset, clock::now_iso()))
    return message_page(ctx, "accounts.reset_invalid", 400);
  return form_page(ctx, "accounts/reset", "accounts.reset.title", reset_form(ctx, token, {}));
}

Response post_reset(Context& ctx, const web::PasswordPolicy& policy) {
  auto token = ctx.req.param("token");
  auto key = crypto::sha256_hex(token);
  auto& db = ctx.db();
  auto user_id = store::peek_token(db, key, TokenPurpose::reset, clock::now_iso());
  auto account = user_id ? store::find_by_id(db, *user_id) : std::nullopt;
  if (!account) return message_page(ctx, "accounts.reset_invalid", 400);
  auto password = ctx.req.form_value("password");
  auto errors = check_new_password(password, ctx.req.form_value("password_confirm"), account->email, account->name,
                                   policy);
  if (!errors.empty())
    return form_page(ctx, "accounts/reset", "accounts.reset.title", reset_form(ctx, token, errors), 422);
  auto hash = hash_password(ctx, password);
  auto now = clock::now_iso();
  db::Transaction tx(db);
  if (!store::consume_token(db, key, TokenPurpose::reset, now)) return message_page(ctx, "accounts.reset_invalid", 400);
  store::set_password(db, account->id, hash);
  store::mark_verified(db, account->id, now);  // the link proved the address
  web::session_store::remove_all_for_user(db, account->id);
  store::clear_failures(db, account->email);
  tx.commit();
  ctx.flash("success", "accounts.flash.password_reset");
  return ctx.redirect("/logg-inn");
}

Response get_account(Context& ctx) { return account_page(ctx, {}, {}, 200); }

Response post_change_password(Context& ctx, const web::PasswordPolicy& policy) {
  auto& db = ctx.db();
  auto account = store::find_by_id(db, ctx.user->id);
  if (!account) return ctx.error_page(404);
  FieldErrors errors;
  if (!crypto::verify_password(account->password_hash, ctx.req.form_value("current_password")))
    errors.add("current_password", "accounts.errors.wrong_current_password");
  else
    errors = check_new_password(ctx.req.form_value("password"), ctx.req.form_value("password_confirm"),
                                account->email, account->name, policy);
  if (!errors.empty()) return account_page(ctx, errors, {}, 422);
  store::set_password(db, account->id, hash_password(ctx, ctx.req.form_value("password")));
  // Other devices are signed out; this one gets a fresh session.
  web::session_store::remove_all_for_user(db, account->id);
  ctx.rotate_session(true);
  web::session_store::create(db, ctx.session_key, account->id, clock::now_iso(), clock::in_seconds_iso(kSessionSeconds));
  ctx.flash("success", "accounts.flash.password_changed");
  return ctx.redirect("/konto");
}

Response post_delete(Context& ctx) {
  auto& db = ctx.db();
  auto account = store::find_by_id(db, ctx.user->id);
  if (!account) return ctx.error_page(404);
  if (!crypto::verify_password(account->password_hash, ctx.req.form_value("password"))) {
    FieldErrors e;
    e.add("password", "accounts.errors.wrong_current_password");
    return account_page(ctx, {}, e, 422);
  }
  store::remove(db, account->id);  // sessions and tokens go with it (ON DELETE CASCADE)
  ctx.rotate_session();
  ctx.flash("info", "accounts.flash.deleted");
  return ctx.redirect("/");
}

Response get_my_data(Context& ctx) {
  auto account = store::find_by_id(ctx.db(), ctx.user->id);
  if (!account) return ctx.error_page(404);
  nlohmann::json j = {{"id", account->id},
                      {"email", account->email},
                      {"name", account->name},
                      {"role", account->role},
                      {"verified_at", account->verified_at ? nlohmann::json(*account->verified_at) : nullptr},
                      {"created_at", account->created_at}};
  auto res = Response::json(200, j.dump(2));
  res.set_header("Content-Disposition", "attachment; filename=\"samskap-mine-data.json\"");
  return res;
}

Response get_users(Context& ctx) {
  auto page = web::page_from_query(ctx, 50);
  auto& db = ctx.db();
  auto total = store::count(db);
  render::List rows;
  rows.reserve(static_cast<std::size_t>(page.size));
  auto verified_yes = ctx.t("accounts.users.verified_yes");
  auto verified_no = ctx.t("accounts.users.verified_no");
  store::list(db, page.offset(), page.size, [&](const db::Row& r) {
    render::Object o;
    o.reserve(5);
    o.set("name", r.str(2));
    o.set("email", r.str(1));
    auto role = r.text(3);
    o.set("role", role.empty() ? std::string() : ctx.t("accounts.roles." + std::string(role)));
    o.set("verified", r.integer(4) ? verified_yes : verified_no);
    o.set("created", clock::oslo_display(r.str(5)));
    rows.emplace_back(std::move(o));
  });
  render::Object d;
  d.set("title", ctx.t("accounts.users.title"));
  if (rows.empty()) d.set("empty", true);
  d.set("rows", std::move(rows));
  d.set("pagination", web::pagination_view(ctx, page, total));
  return ctx.page("accounts/users", std::move(d));
}

}  // namespace

void mount_routes(web::Router& r, const web::PasswordPolicy& policy) {
  // A hash to verify against when the account does not exist (same cost as a real one).
  auto dummy = std::make_shared<std::string>();
  auto dummy_hash = [dummy](const Context& ctx) -> const std::string& {
    static std::once_flag once;
    std::call_once(once, [&] { *dummy = hash_password(ctx, crypto::random_token(16)); });
    return *dummy;
  };
  auto pol = &policy;
  r.get("/registrer", Access::everyone(), get_sign_up);
  r.post("/registrer", Access::everyone(), [pol](Context& c) { return post_sign_up(c, *pol); });
  r.get("/registrer/sjekk-e-post", Access::everyone(), [](Context& c) { return message_page(c, "accounts.check_mail"); });
  r.get("/bekreft/{token}", Access::everyone(), get_verify);
  r.get("/logg-inn", Access::everyone(), get_sign_in);
  r.post("/logg-inn", Access::everyone(), [dummy_hash](Context& c) { return post_sign_in(c, dummy_hash(c)); });
  r.post("/logg-ut", Access::signed_in(), post_sign_out);
  r.get("/glemt-passord", Access::everyone(), get_forgot);
  r.post("/glemt-passord", Access::everyone(), post_forgot);
  r.get("/glemt-passord/sendt", Access::everyone(), [](Context& c) { return message_page(c, "accounts.reset_sent"); });
  r.get("/nytt-passord/{token}", Access::everyone(), get_reset);
  r.post("/nytt-passord/{token}", Access::everyone(), [pol](Context& c) { return post_reset(c, *pol); });
  r.get("/konto", Access::signed_in(), get_account);
  r.post("/konto/passord", Access::signed_in(), [pol](Context& c) { return post_change_password(c, *pol); });
  r.post("/konto/slett", Access::signed_in(), post_delete);
  r.get("/konto/data", Access::signed_in(), get_my_data);
  r.get("/admin/brukere", Access::role({web::role_admin}), get_users);
}

}  // namespace samskap::accounts
