#include "site/feature.hpp"

#include "platform/core/config.hpp"
#include "platform/http/form.hpp"
#include "platform/render/i18n.hpp"

namespace samskap::site {

namespace {

using http::Response;
using web::Access;
using web::Context;

Response text_page(Context& ctx, const std::string& tpl, const std::string& title_key) {
  render::Object d;
  d.set("title", ctx.t(title_key));
  return ctx.page(tpl, std::move(d));
}

Response healthz(Context& ctx) {
  try {
    if (ctx.db().ping() && ctx.db().scalar_int("SELECT 1") == 1) {
      auto r = Response::json(200, R"({"status":"ok"})");
      r.set_header("Cache-Control", "no-store");
      return r;
    }
  } catch (const std::exception&) {
  }
  return Response::json(503, R"({"status":"unavailable"})");
}

Response choose_language(Context& ctx) {
  auto lang = ctx.req.param("lang");
  auto next = Context::safe_next(ctx.req.query_value("neste"));
  if (next.empty()) next = "/";
  if (!ctx.services.catalogue.has_language(lang)) return ctx.error_page(404);
  http::CookieOptions o;
  o.max_age_seconds = 365L * 24 * 3600;
  o.secure = ctx.services.config.secure_cookies;
  ctx.add_cookie(http::set_cookie_value("lang", lang, o));
  return ctx.redirect(next);
}

}  // namespace

web::Feature feature() {
  return {
      .name = "site",
      .mount =
          [](web::Router& r, const web::Services&) {
            r.get("/", Access::everyone(), [](Context& c) { return text_page(c, "pages/home", "site.home.title"); });
            r.get("/tilgjengelighet", Access::everyone(),
                  [](Context& c) { return text_page(c, "pages/accessibility", "site.accessibility.title"); });
            r.get("/personvern", Access::everyone(),
                  [](Context& c) { return text_page(c, "pages/privacy", "site.privacy.title"); });
            r.get("/healthz", Access::everyone(), healthz);
            r.get("/sprak/{lang}", Access::everyone(), choose_language);
          },
      .demo = nullptr,
  };
}

}  // namespace samskap::site
