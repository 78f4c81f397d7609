#pragma once
// The web layer: routes with declared access, the request context, features, the app.
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/db/database.hpp"
#include "platform/http/request.hpp"
#include "platform/render/value.hpp"

namespace samskap {
struct Config;
namespace render {
class Templates;
class Catalogue;
}  // namespace render
namespace mail {
class Mailer;
}
namespace jobs {
class Registry;
}
}  // namespace samskap

namespace samskap::web {

inline constexpr std::string_view role_admin = "admin";
inline constexpr std::string_view role_coordinator = "coordinator";

struct User {
  std::int64_t id = 0;
  std::string email;
  std::string name;
  std::string role;  // "", "coordinator" or "admin"
  bool verified = false;
};

class Context;

// Who may call a route. Every route must declare one; the router refuses undeclared routes.
struct Access {
  enum class Kind { undeclared, everyone, signed_in, role, predicate };
  Kind kind = Kind::undeclared;
  std::vector<std::string> roles;             // Kind::role: any of these (admin always passes)
  std::function<bool(Context&)> predicate;    // Kind::predicate: checked for signed-in users
  std::string description;

  static Access everyone();
  static Access signed_in();
  static Access role(std::initializer_list<std::string_view> roles);
  static Access when(std::string description, std::function<bool(Context&)> predicate);
};

using Handler = std::function<http::Response(Context&)>;

struct Route {
  http::Method method;
  std::string pattern;  // "/aktorer/{id}"
  Access access;
  Handler handler;
  std::string feature;
  std::vector<std::string> segments;
  // A stateless JSON endpoint: it reads no session or cookie and sets none, so a cross-site request
  // carries nothing a forger could use, and no CSRF token is asked for. See Router::post_stateless.
  bool stateless = false;
};

class Router {
 public:
  void set_feature(std::string name) { feature_ = std::move(name); }
  void add(http::Method method, std::string pattern, Access access, Handler handler);
  void get(std::string pattern, Access access, Handler handler);
  void post(std::string pattern, Access access, Handler handler);
  // A public POST under /api/ that works without a session (a calculator taking JSON): the handler
  // gets no user and no session, no cookie is set, and CSRF does not apply. Forms never use this.
  void post_stateless(std::string pattern, Handler handler);
  // Finds the route for method and path; fills params. path_known tells a 405 from a 404.
  const Route* match(http::Method method, std::string_view path, http::Fields& params, bool& path_known) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  std::string feature_;
};

struct Services {
  const Config& config;
  db::Pool& db;
  const render::Templates& templates;
  const render::Catalogue& catalogue;
  const mail::Mailer& mailer;
  std::string secret;         // server-wide secret (CSRF tokens), shared by all processes via the database
  std::string asset_version;  // fingerprint of static/ for cache-busting URLs
};

struct Feature {
  std::string name;
  std::function<void(Router&, const Services&)> mount;
  std::function<void(db::Connection&, const Services&)> demo;
  // Brings reference data from content/ into the database; runs after migrations.
  std::function<void(db::Connection&, const Config&)> sync;
  // Registers background job handlers and periodic tasks (run by `samskap serve`'s job worker).
  std::function<void(jobs::Registry&, const Services&)> jobs;
};

class Context {
 public:
  Context(http::Request& req, Services& services) : req(req), services(services) {}
  http::Request& req;
  Services& services;
  std::string lang = "nb";
  std::optional<User> user;
  std::string session_id;  // from the cookie; empty for a first visit
  std::string session_key; // hash of session_id as stored in the database

  bool signed_in() const { return user.has_value(); }
  bool has_role(std::string_view role) const;
  std::string csrf_token() const;

  db::Connection& db();  // a pooled connection, held for the rest of the request

  std::string t(std::string_view key, const std::vector<std::pair<std::string, std::string>>& args = {}) const;

  // Renders a template inside the site layout. data gets the globals
  // (t, lang, user, csrf, flash, assets, current path) added around it.
  http::Response page(std::string_view tpl, render::Object data, int status = 200);
  // For pages shared by everyone (cacheable): renders a template that sees only the catalogue, the
  // language and the asset version (no user, CSRF token, flash or path), so the result may be
  // served to anyone; page_with_content then wraps it in this request's layout.
  render::Value shared_content(std::string_view tpl, render::Object data) const;
  http::Response page_with_content(const render::Value& title, const render::Value& content, int status = 200);
  // A page assembled in order from parts: cached shared content (made with shared_content, held
  // by the caller for the call) and small per-request fragments rendered with this request's
  // globals (CSRF token, user), so a page can be cached but for the few pieces that differ.
  struct Part {
    const std::string* shared = nullptr;  // appended as it is, when set
    std::string_view tpl;                 // otherwise this template, rendered with data
    render::Object data;
  };
  http::Response page_from_parts(const render::Value& title, std::vector<Part> parts, int status = 200);
  http::Response error_page(int status);
  http::Response redirect(std::string location);
  // Sets a one-shot message shown on the next page ("success"/"info"/"warning"/"danger").
  void flash(std::string_view kind, std::string_view catalogue_key);
  void add_cookie(std::string set_cookie_value);
  // Issues a fresh session id and returns it. signed_in marks the browser as holding a signed-in
  // session, so that visitors' requests need no session lookup in the database.
  std::string rotate_session(bool signed_in = false);
  // The local path to return to after sign-in (only same-site paths are accepted).
  static std::string safe_next(std::string_view next);

  std::vector<std::string> set_cookies;
  std::string pending_flash;  // "kind:key"

 private:
  render::Object layout_globals();
  http::Response layout(const render::Value& globals, const render::Value* title, const render::Value& content,
                        int status);
  std::optional<db::Pool::Lease> lease_;
};

class App {
 public:
  App(Services& services, std::vector<Feature> features);
  ~App();
  http::Response handle(http::Request& req);
  const Router& router() const { return router_; }
  const std::vector<Feature>& features() const { return features_; }

 private:
  http::Response dispatch(Context& ctx);
  Services& services_;
  std::vector<Feature> features_;
  Router router_;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace samskap::web
