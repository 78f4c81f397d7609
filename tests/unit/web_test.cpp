// The web layer without a network: CSRF, access rules, routing, headers, password policy.
#include <gtest/gtest.h>

#include <filesystem>

#include "platform/core/clock.hpp"
#include "platform/core/config.hpp"
#include "platform/core/crypto.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrate.hpp"
#include "platform/http/form.hpp"
#include "platform/mail/mailer.hpp"
#include "platform/render/i18n.hpp"
#include "platform/render/template.hpp"
#include "platform/web/app.hpp"
#include "platform/web/password_policy.hpp"
#include "platform/web/session_store.hpp"

namespace samskap {
namespace {

std::filesystem::path source_dir() { return SAMSKAP_SOURCE_DIR; }

class WebTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config.resources_dir = source_dir().string();
    config.access_log = false;
    pool = std::make_unique<db::Pool>(db::parse_url("sqlite::memory:"), 1);
    {
      auto c = pool->acquire();
      db::migrate(*c, source_dir() / "migrations");
      secret = web::session_store::ensure_secret(*c);
    }
    templates.load_dir(source_dir() / "templates");
    templates.add("test/hello", "<h1>{{title}}</h1>");
    catalogue.load_dir(source_dir() / "content" / "i18n");
    mailer = std::make_unique<mail::Mailer>(mail::MailerOptions{"", "", "", "x <x@example.no>", "/tmp"});
    services = std::make_unique<web::Services>(
        web::Services{config, *pool, templates, catalogue, *mailer, secret, ""});
    web::Feature f;
    f.name = "test";
    f.mount = [](web::Router& r, const web::Services&) {
      auto hello = [](web::Context& c) {
        render::Object d;
        d.set("title", "hei");
        return c.page("test/hello", std::move(d));
      };
      r.get("/open", web::Access::everyone(), hello);
      r.post("/open", web::Access::everyone(), hello);
      r.get("/mine", web::Access::signed_in(), hello);
      r.get("/admin", web::Access::role({web::role_admin}), hello);
      r.get("/ting/{id}", web::Access::everyone(), [](web::Context& c) {
        return http::Response::text(200, c.req.param("id"));
      });
      r.get("/ting/ny", web::Access::everyone(), [](web::Context&) { return http::Response::text(200, "ny"); });
      // Answers whether the handler saw a session or a user (it must see neither).
      r.post_stateless("/api/v1/regn", [](web::Context& c) {
        return http::Response::json(200, c.session_id.empty() && !c.user ? "{\"stateless\":true}" : "{}");
      });
      r.get("/boom", web::Access::everyone(), [](web::Context&) -> http::Response {
        throw std::runtime_error("secret detail 1234");
      });
    };
    app = std::make_unique<web::App>(*services, std::vector<web::Feature>{f});
  }

  http::Response request(http::Method m, std::string path, std::string cookie = "", std::string body = "") {
    http::Request r;
    r.method = m;
    auto q = path.find('?');
    if (q != std::string::npos) {
      r.query_string = path.substr(q + 1);
      path.resize(q);
    }
    r.path = path;
    if (!cookie.empty()) r.headers.emplace_back("cookie", cookie);
    if (!body.empty()) {
      r.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
      r.body = body;
    }
    r.remote_addr = "127.0.0.1";
    return app->handle(r);
  }

  Config config;
  std::unique_ptr<db::Pool> pool;
  std::string secret;
  render::Templates templates;
  render::Catalogue catalogue;
  std::unique_ptr<mail::Mailer> mailer;
  std::unique_ptr<web::Services> services;
  std::unique_ptr<web::App> app;
};

const std::string kSid = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF";

TEST_F(WebTest, FirstVisitGetsSessionCookieAndSecurityHeaders) {
  auto r = request(http::Method::get, "/open");
  EXPECT_EQ(r.status, 200);
  bool sid = false;
  for (auto& [k, v] : r.headers)
    if (k == "Set-Cookie" && v.rfind("sid=", 0) == 0) {
      sid = true;
      EXPECT_NE(v.find("HttpOnly"), std::string::npos);
      EXPECT_NE(v.find("SameSite=Lax"), std::string::npos);
    }
  EXPECT_TRUE(sid);
  ASSERT_TRUE(r.header("Content-Security-Policy"));
  EXPECT_EQ(r.header("Content-Security-Policy")->find("unsafe-inline"), std::string::npos);
  EXPECT_NE(r.header("Content-Security-Policy")->find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(*r.header("X-Content-Type-Options"), "nosniff");
  EXPECT_NE(r.body.find("<html lang=\"nb\""), std::string::npos);
  EXPECT_NE(r.body.find("<h1>hei</h1>"), std::string::npos);
}

TEST_F(WebTest, CsrfTokenIsCheckedOnPost) {
  auto token = crypto::hmac_token(secret, kSid);
  EXPECT_EQ(request(http::Method::post, "/open", "sid=" + kSid, "x=1").status, 403);
  EXPECT_EQ(request(http::Method::post, "/open", "sid=" + kSid, "_csrf=wrong").status, 403);
  EXPECT_EQ(request(http::Method::post, "/open", "", "_csrf=" + token).status, 403);
  // The token of another session does not fit this one.
  auto other = crypto::hmac_token(secret, kSid + "x");
  EXPECT_EQ(request(http::Method::post, "/open", "sid=" + kSid, "_csrf=" + other).status, 403);
  EXPECT_EQ(request(http::Method::post, "/open", "sid=" + kSid, "_csrf=" + http::url_encode(token)).status, 200);
}

// A stateless API route gets no session, sets no cookie and so needs no CSRF token; only /api/ may have one.
TEST_F(WebTest, StatelessRoutesSkipSessionAndCsrf) {
  for (std::string cookie : {std::string(), "sid=" + kSid + "; in=1"}) {
    auto r = request(http::Method::post, "/api/v1/regn", cookie, "x=1");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "{\"stateless\":true}");
    for (auto& [k, v] : r.headers) EXPECT_NE(k, "Set-Cookie") << v;
    EXPECT_TRUE(r.header("Content-Security-Policy"));  // security headers as everywhere
  }
  // Forms keep their check.
  EXPECT_EQ(request(http::Method::post, "/open", "sid=" + kSid, "x=1").status, 403);
  web::Router router;
  EXPECT_THROW(router.post_stateless("/skjema", [](web::Context&) { return http::Response{}; }), std::logic_error);
  router.post_stateless("/api/v1/x", [](web::Context&) { return http::Response{}; });
  EXPECT_TRUE(router.routes().back().stateless);
  EXPECT_EQ(router.routes().back().access.kind, web::Access::Kind::everyone);
}

TEST_F(WebTest, RenderedFormsCarryTheSessionsToken) {
  auto r = request(http::Method::get, "/open", "sid=" + kSid);
  // The layout has no form for visitors; sign-in pages do, and use the same token source.
  EXPECT_EQ(crypto::hmac_token(secret, kSid), crypto::hmac_token(secret, kSid));
  EXPECT_NE(crypto::hmac_token(secret, kSid), crypto::hmac_token("other secret", kSid));
  EXPECT_EQ(r.status, 200);
}

TEST_F(WebTest, AccessRulesRefuseVisitors) {
  auto mine = request(http::Method::get, "/mine?a=1", "sid=" + kSid);
  EXPECT_EQ(mine.status, 303);
  EXPECT_EQ(*mine.header("Location"), "/logg-inn?next=%2Fmine%3Fa%3D1");
  EXPECT_EQ(request(http::Method::get, "/admin", "sid=" + kSid).status, 303);
}

TEST_F(WebTest, RoleRoutesRefuseSignedInUsersWithoutTheRole) {
  {
    auto c = pool->acquire();  // the pool has one connection: give it back before requests
    auto id = c->insert_id(
        "INSERT INTO users (email, name, password_hash, role, verified_at, created_at) VALUES "
        "('a@example.no', 'A', '!', '', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z') RETURNING id",
        {});
    web::session_store::create(*c, crypto::sha256_hex(kSid), id, "2026-01-01T00:00:00Z", "2999-01-01T00:00:00Z");
  }
  // Without the signed-in marker the session is not looked up at all.
  EXPECT_EQ(request(http::Method::get, "/mine", "sid=" + kSid).status, 303);
  EXPECT_EQ(request(http::Method::get, "/mine", "sid=" + kSid + "; in=1").status, 200);
  EXPECT_EQ(request(http::Method::get, "/admin", "sid=" + kSid + "; in=1").status, 403);
}

TEST_F(WebTest, RoutingPrefersLiteralSegmentsAndAnswers404And405) {
  EXPECT_EQ(request(http::Method::get, "/ting/ny").body, "ny");
  EXPECT_EQ(request(http::Method::get, "/ting/42").body, "42");
  auto missing = request(http::Method::get, "/finnes-ikke");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("Fant ikke siden"), std::string::npos);
  EXPECT_EQ(request(http::Method::post, "/mine", "sid=" + kSid, "_csrf=" + crypto::hmac_token(secret, kSid)).status,
            405);
}

TEST_F(WebTest, ErrorsLeakNothing) {
  auto r = request(http::Method::get, "/boom");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("secret detail"), std::string::npos);
  EXPECT_NE(r.body.find("<main id=\"main\""), std::string::npos);
}

TEST_F(WebTest, LanguageFromCookieThenAcceptLanguage) {
  http::Request r;
  r.path = "/finnes-ikke";
  r.headers.emplace_back("accept-language", "en-GB,en;q=0.9");
  auto res = app->handle(r);
  EXPECT_NE(res.body.find("<html lang=\"en\""), std::string::npos);
  EXPECT_NE(res.body.find("Page not found"), std::string::npos);
  http::Request r2;
  r2.path = "/finnes-ikke";
  r2.headers.emplace_back("accept-language", "en-GB,en;q=0.9");
  r2.headers.emplace_back("cookie", "lang=nb");
  EXPECT_NE(app->handle(r2).body.find("<html lang=\"nb\""), std::string::npos);
}

TEST_F(WebTest, UndeclaredRoutesAreRefusedAtRegistration) {
  web::Router r;
  EXPECT_THROW(r.get("/x", web::Access{}, [](web::Context&) { return http::Response{}; }), std::logic_error);
  r.get("/x", web::Access::everyone(), [](web::Context&) { return http::Response{}; });
  EXPECT_THROW(r.get("/x", web::Access::everyone(), [](web::Context&) { return http::Response{}; }), std::logic_error);
}

TEST(PasswordPolicy, Rules) {
  web::PasswordPolicy p;
  p.load(source_dir() / "content" / "common-passwords.txt");
  EXPECT_GT(p.common_count(), 100u);
  EXPECT_EQ(p.check("kort", "a@example.no", "A"), "accounts.errors.password_short");
  // Twelve characters counted as characters, not bytes.
  EXPECT_EQ(p.check("æøåæøåæøåæø", "a@example.no", "A"), "accounts.errors.password_short");
  EXPECT_EQ(p.check("æøåæøåæøåæøå", "a@example.no", "A"), std::nullopt);
  EXPECT_EQ(p.check("PassordPassord", "a@example.no", "A"), "accounts.errors.password_common");
  EXPECT_EQ(p.check("123456789012", "a@example.no", "A"), "accounts.errors.password_common");
  EXPECT_EQ(p.check("zzzzzzzzzzzzzz", "a@example.no", "A"), "accounts.errors.password_common");
  EXPECT_EQ(p.check("kari.nordmann99!", "kari.nordmann@example.no", "Kari"), "accounts.errors.password_personal");
  EXPECT_EQ(p.check("en lang setning om fjorden", "a@example.no", "A"), std::nullopt);
  EXPECT_EQ(p.check(std::string(2000, 'a') + "b", "a@example.no", "A"), "accounts.errors.password_long");
}

TEST(Crypto, PasswordHashIsArgon2idAndVerifies) {
  auto h = crypto::hash_password("en lang setning om fjorden", 1, 8192);
  EXPECT_EQ(h.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(crypto::verify_password(h, "en lang setning om fjorden"));
  EXPECT_FALSE(crypto::verify_password(h, "en lang setning om fjorder"));
  EXPECT_FALSE(crypto::verify_password("!", "noe"));
}

}  // namespace
}  // namespace samskap

namespace samskap {
TEST(Clock, OsloDisplayFollowsDaylightSaving) {
  EXPECT_EQ(clock::oslo_display("2026-01-15T09:30:00Z"), "15.01.2026 kl. 10:30");
  EXPECT_EQ(clock::oslo_display("2026-07-15T09:30:00Z"), "15.07.2026 kl. 11:30");
  EXPECT_EQ(clock::oslo_display("2026-12-31T23:30:00Z"), "01.01.2027 kl. 00:30");
  EXPECT_EQ(clock::oslo_display("ikke en dato"), "ikke en dato");
}
}  // namespace samskap

#include "platform/render/markdown.hpp"

namespace samskap {
TEST(Markdown, SafeAndHeadingsBelowThePage) {
  auto html = render::markdown_to_html("# Om oss\n\nVi <script>alert(1)</script> hjelper.\n\n[x](javascript:alert(1))");
  EXPECT_NE(html.find("<h3>Om oss</h3>"), std::string::npos) << html;
  EXPECT_EQ(html.find("<script>"), std::string::npos) << html;
  EXPECT_EQ(html.find("javascript:"), std::string::npos) << html;
}
}  // namespace samskap
