#include "platform/web/app.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>

#include "platform/core/clock.hpp"
#include "platform/core/config.hpp"
#include "platform/core/crypto.hpp"
#include "platform/http/form.hpp"
#include "platform/render/i18n.hpp"
#include "platform/render/template.hpp"
#include "platform/web/session_store.hpp"
#include "platform/web/static_files.hpp"

namespace samskap::web {

namespace {

constexpr long kSessionSeconds = 14L * 24 * 3600;
constexpr std::string_view kSessionCookie = "sid";
constexpr std::string_view kLangCookie = "lang";
constexpr std::string_view kFlashCookie = "flash";
constexpr std::string_view kSignedInCookie = "in";

// No inline script or style anywhere, so the policy needs no 'unsafe-inline'.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

bool is_unsafe(http::Method m) {
  return m == http::Method::post || m == http::Method::put || m == http::Method::patch || m == http::Method::del;
}

bool looks_like_session_id(std::string_view s) {
  if (s.size() < 32 || s.size() > 64) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  return true;
}

// A random per-process prefix and a counter: unique across processes without a syscall per request.
std::string next_request_id() {
  static const std::string prefix = crypto::random_token(6);
  static std::atomic<std::uint64_t> counter{0};
  char buf[24];
  auto n = std::snprintf(buf, sizeof buf, "-%llx", static_cast<unsigned long long>(++counter));
  return prefix + std::string(buf, static_cast<std::size_t>(n));
}

}  // namespace

struct App::Impl {
  StaticFiles statics;
};

// ---- Context ---------------------------------------------------------------------------

bool Context::has_role(std::string_view role) const {
  if (!user) return false;
  return user->role == role || user->role == role_admin;
}

std::string Context::csrf_token() const { return crypto::hmac_token(services.secret, session_id); }

db::Connection& Context::db() {
  if (!lease_) lease_.emplace(services.db.acquire());
  return lease_->get();
}

std::string Context::t(std::string_view key, const std::vector<std::pair<std::string, std::string>>& args) const {
  return services.catalogue.text(lang, key, args);
}

std::string Context::safe_next(std::string_view next) {
  // Only same-site absolute paths: "/x", never "//host" or "/\host".
  if (next.size() < 1 || next[0] != '/' || (next.size() > 1 && (next[1] == '/' || next[1] == '\\'))) return "";
  for (char c : next)
    if (static_cast<unsigned char>(c) < 0x20) return "";
  return std::string(next);
}

void Context::flash(std::string_view kind, std::string_view key) {
  pending_flash = std::string(kind) + ":" + std::string(key);
}

void Context::add_cookie(std::string value) { set_cookies.push_back(std::move(value)); }

std::string Context::rotate_session(bool signed_in) {
  session_id = crypto::random_token(32);
  session_key = crypto::sha256_hex(session_id);
  http::CookieOptions o;
  o.secure = services.config.secure_cookies;
  add_cookie(http::set_cookie_value(kSessionCookie, session_id, o));
  // The marker says only "look the session up"; forging it costs the forger one lookup.
  if (signed_in) {
    add_cookie(http::set_cookie_value(kSignedInCookie, "1", o));
  } else if (!req.cookie(kSignedInCookie).empty()) {
    o.max_age_seconds = 0;
    add_cookie(http::set_cookie_value(kSignedInCookie, "", o));
  }
  return session_id;
}

http::Response Context::redirect(std::string location) { return http::Response::redirect(std::move(location)); }

render::Object Context::layout_globals() {
  render::Object globals;
  globals.reserve(12);
  globals.set("t", render::Value(render::Value::Ref{&services.catalogue.tree(lang)}));
  globals.set("lang", lang);
  globals.set("csrf", csrf_token());
  globals.set("path", req.path);
  globals.set("asset_version", services.asset_version);
  if (user) {
    auto& u = globals.object("user");
    u.set("name", user->name);
    u.set("email", user->email);
    if (has_role(role_admin)) u.set("is_admin", true);
    if (has_role(role_coordinator)) u.set("is_coordinator", true);
  }
  // The language switch offers the other language and returns to this page.
  auto other = lang == "en" ? std::string("nb") : std::string("en");
  auto here = req.path + (req.query_string.empty() ? "" : "?" + req.query_string);
  auto& sw = globals.object("language_switch");
  sw.set("lang", other);
  sw.set("href", "/sprak/" + other + "?neste=" + http::url_encode(here));
  sw.set("label", services.catalogue.text(other, "layout.language_name"));

  // A flash set by the previous request is shown once, then cleared.
  auto shown = req.cookie(kFlashCookie);
  if (!shown.empty()) {
    auto colon = shown.find(':');
    if (colon != std::string::npos) {
      auto kind = shown.substr(0, colon);
      auto key = shown.substr(colon + 1);
      if ((kind == "success" || kind == "info" || kind == "warning" || kind == "danger") &&
          services.catalogue.has(lang, key)) {
        auto& f = globals.object("flash");
        f.set("kind", kind);
        f.set("text", t(key));
      }
    }
    http::CookieOptions o;
    o.max_age_seconds = 0;
    add_cookie(http::set_cookie_value(kFlashCookie, "", o));
  }
  return globals;
}

http::Response Context::layout(const render::Value& globals, const render::Value* title, const render::Value& content,
                               int status) {
  render::Object frame;
  frame.set("content", render::Value(render::Value::Ref{&content}));
  if (title) frame.set("title", render::Value(render::Value::Ref{title}));
  render::Value frame_value(std::move(frame));
  http::Response res;
  res.status = status;
  auto content_size = content.as_string() ? content.as_string()->size() : 0;
  res.body.reserve(content_size + 8 * 1024);
  services.templates.render("layout/page", {&globals, &frame_value}, res.body);
  res.set_header("Content-Type", "text/html; charset=utf-8");
  res.set_header("Cache-Control", "no-store");
  return res;
}

http::Response Context::page(std::string_view tpl, render::Object data, int status) {
  render::Value globals_value(layout_globals());
  render::Value data_value(std::move(data));
  std::string content;
  content.reserve(16 * 1024);
  services.templates.render(tpl, {&globals_value, &data_value}, content);
  render::Value content_value(std::move(content));
  return layout(globals_value, data_value.as_object()->find("title"), content_value, status);
}

render::Value Context::shared_content(std::string_view tpl, render::Object data) const {
  render::Object globals;
  globals.set("t", render::Value(render::Value::Ref{&services.catalogue.tree(lang)}));
  globals.set("lang", lang);
  globals.set("asset_version", services.asset_version);
  render::Value globals_value(std::move(globals));
  render::Value data_value(std::move(data));
  std::string content;
  content.reserve(32 * 1024);
  services.templates.render(tpl, {&globals_value, &data_value}, content);
  return render::Value(std::move(content));
}

http::Response Context::page_with_content(const render::Value& title, const render::Value& content, int status) {
  render::Value globals_value(layout_globals());
  return layout(globals_value, &title, content, status);
}

http::Response Context::page_from_parts(const render::Value& title, std::vector<Part> parts, int status) {
  render::Value globals_value(layout_globals());
  std::size_t size = 4 * 1024;
  for (auto& p : parts)
    if (p.shared) size += p.shared->size();
  std::string content;
  content.reserve(size);
  for (auto& p : parts) {
    if (p.shared) {
      content += *p.shared;
      continue;
    }
    render::Value data_value(std::move(p.data));
    services.templates.render(p.tpl, {&globals_value, &data_value}, content);
  }
  render::Value content_value(std::move(content));
  return layout(globals_value, &title, content_value, status);
}

http::Response Context::error_page(int status) {
  render::Object data;
  auto prefix = "errors." + std::to_string(status);
  if (!services.catalogue.has("nb", prefix + ".title")) prefix = "errors.generic";
  data.set("title", t(prefix + ".title"));
  data.set("text", t(prefix + ".text"));
  data.set("status", std::to_string(status));
  return page("errors/error", std::move(data), status);
}

// ---- App -------------------------------------------------------------------------------

App::App(Services& services, std::vector<Feature> features)
    : services_(services), features_(std::move(features)), impl_(std::make_unique<Impl>()) {
  impl_->statics.load(std::filesystem::path(services_.config.resources_dir) / "static");
  services_.asset_version = impl_->statics.version();
  for (auto& f : features_) {
    router_.set_feature(f.name);
    if (f.mount) f.mount(router_, services_);
  }
}

App::~App() = default;

http::Response App::handle(http::Request& req) {
  auto started = std::chrono::steady_clock::now();
  if (auto given = req.header("x-request-id"); given && !given->empty() && given->size() <= 64)
    req.request_id = *given;
  else
    req.request_id = next_request_id();

  http::Response res;
  if (req.path.rfind("/static/", 0) == 0) {
    if (auto r = impl_->statics.serve(req)) res = std::move(*r);
    else res = http::Response::text(404, "Not found");
  } else {
    Context ctx(req, services_);
    try {
      res = dispatch(ctx);
    } catch (const std::exception& e) {
      spdlog::error("req={} {} {} failed: {}", req.request_id, http::method_name(req.method), req.path, e.what());
      try {
        ctx.set_cookies.clear();
        res = ctx.error_page(500);
      } catch (const std::exception& e2) {
        spdlog::error("req={} the error page failed too: {}", req.request_id, e2.what());
        res = http::Response::text(500, "Intern feil / Internal error");
      }
    }
    for (auto& c : ctx.set_cookies) res.add_header("Set-Cookie", std::move(c));
    if (!ctx.pending_flash.empty()) {
      http::CookieOptions o;
      o.max_age_seconds = 120;
      res.add_header("Set-Cookie", http::set_cookie_value(kFlashCookie, ctx.pending_flash, o));
    }
  }

  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "same-origin");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Content-Security-Policy", kContentSecurityPolicy);
  res.set_header("Cross-Origin-Opener-Policy", "same-origin");
  res.set_header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  if (services_.config.secure_cookies) res.set_header("Strict-Transport-Security", "max-age=31536000");
  res.set_header("X-Request-Id", req.request_id);

  if (services_.config.access_log) {
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
    spdlog::info("req={} {} {} {} {:.2f}ms", req.request_id, http::method_name(req.method), req.path, res.status,
                 us / 1000.0);
  }
  return res;
}

http::Response App::dispatch(Context& ctx) {
  auto& req = ctx.req;

  // Language: the cookie, else the browser's preference.
  auto chosen = req.cookie(kLangCookie);
  if (!chosen.empty() && services_.catalogue.has_language(chosen)) ctx.lang = chosen;
  else if (auto al = req.header("accept-language")) ctx.lang = services_.catalogue.negotiate(*al);

  bool path_known = false;
  const Route* route = router_.match(req.method, req.path, req.params, path_known);
  // A stateless endpoint never sees the session, so it neither needs nor checks a CSRF token.
  if (route && route->stateless) return route->handler(ctx);

  // Session: every visitor has a session id (it keys the CSRF token); signed-in ones have a row.
  auto sid = req.cookie(kSessionCookie);
  if (looks_like_session_id(sid)) {
    ctx.session_id = sid;
    ctx.session_key = crypto::sha256_hex(sid);
    if (!req.cookie(kSignedInCookie).empty())
      ctx.user = session_store::find_user(ctx.db(), ctx.session_key, clock::now_iso());
  } else {
    ctx.rotate_session();
  }

  if (!route) {
    if (path_known) {
      auto r = ctx.error_page(405);
      r.set_header("Allow", "GET, HEAD, POST");
      return r;
    }
    return ctx.error_page(404);
  }

  if (is_unsafe(req.method)) {
    if (req.form_malformed()) return ctx.error_page(400);
    std::string token = req.form_value("_csrf");
    if (token.empty())
      if (auto h = req.header("x-csrf-token")) token = *h;
    if (sid.empty() || token.empty() || !crypto::equal_constant_time(token, ctx.csrf_token()))
      return ctx.error_page(403);
  }

  const Access& access = route->access;
  if (access.kind != Access::Kind::everyone) {
    if (!ctx.user) {
      if (req.method == http::Method::get || req.method == http::Method::head)
        return ctx.redirect("/logg-inn?next=" + http::url_encode(req.path + (req.query_string.empty() ? "" : "?" + req.query_string)));
      return ctx.error_page(401);
    }
    bool allowed = true;
    if (access.kind == Access::Kind::role) {
      allowed = ctx.user->role == role_admin;
      for (auto& r : access.roles) allowed = allowed || ctx.user->role == r;
    } else if (access.kind == Access::Kind::predicate) {
      allowed = access.predicate(ctx);
    }
    if (!allowed) return ctx.error_page(403);
  }

  return route->handler(ctx);
}

}  // namespace samskap::web
