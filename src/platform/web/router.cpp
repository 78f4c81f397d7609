#include <stdexcept>

#include "platform/web/app.hpp"

namespace samskap::web {

Access Access::everyone() {
  Access a;
  a.kind = Kind::everyone;
  a.description = "everyone";
  return a;
}

Access Access::signed_in() {
  Access a;
  a.kind = Kind::signed_in;
  a.description = "signed_in";
  return a;
}

Access Access::role(std::initializer_list<std::string_view> roles) {
  Access a;
  a.kind = Kind::role;
  for (auto r : roles) a.roles.emplace_back(r);
  a.description = "role";
  return a;
}

Access Access::when(std::string description, std::function<bool(Context&)> predicate) {
  Access a;
  a.kind = Kind::predicate;
  a.predicate = std::move(predicate);
  a.description = std::move(description);
  return a;
}

static std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    auto j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.emplace_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

static bool is_param(const std::string& seg) { return seg.size() > 2 && seg.front() == '{' && seg.back() == '}'; }

void Router::add(http::Method method, std::string pattern, Access access, Handler handler) {
  if (access.kind == Access::Kind::undeclared)
    throw std::logic_error("route without an access declaration: " + pattern);
  if (access.kind == Access::Kind::predicate && !access.predicate)
    throw std::logic_error("route with an empty access predicate: " + pattern);
  Route r{method, pattern, std::move(access), std::move(handler), feature_, split_path(pattern)};
  for (const auto& existing : routes_)
    if (existing.method == method && existing.segments == r.segments)
      throw std::logic_error("route registered twice: " + pattern);
  routes_.push_back(std::move(r));
}

void Router::get(std::string pattern, Access access, Handler handler) {
  add(http::Method::get, std::move(pattern), std::move(access), std::move(handler));
}

void Router::post(std::string pattern, Access access, Handler handler) {
  add(http::Method::post, std::move(pattern), std::move(access), std::move(handler));
}

void Router::post_stateless(std::string pattern, Handler handler) {
  if (pattern.rfind("/api/", 0) != 0) throw std::logic_error("stateless routes live under /api/: " + pattern);
  add(http::Method::post, std::move(pattern), Access::everyone(), std::move(handler));
  routes_.back().stateless = true;
}

const Route* Router::match(http::Method method, std::string_view path, http::Fields& params, bool& path_known) const {
  // Segments are compared in place; literal segments win over parameters.
  std::vector<std::string_view> segs;
  for (std::size_t i = 0; i < path.size();) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    auto j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    segs.push_back(path.substr(i, j - i));
    i = j;
  }
  const Route* best = nullptr;
  int best_params = 1 << 30;
  path_known = false;
  auto lookup = method == http::Method::head ? http::Method::get : method;
  for (const auto& r : routes_) {
    if (r.segments.size() != segs.size()) continue;
    int nparams = 0;
    bool ok = true;
    for (std::size_t k = 0; k < segs.size() && ok; ++k) {
      if (is_param(r.segments[k])) ++nparams;
      else ok = r.segments[k] == segs[k];
    }
    if (!ok) continue;
    path_known = true;
    if (r.method != lookup) continue;
    if (nparams < best_params) {
      best = &r;
      best_params = nparams;
    }
  }
  if (best) {
    for (std::size_t k = 0; k < segs.size(); ++k)
      if (is_param(best->segments[k]))
        params.emplace_back(best->segments[k].substr(1, best->segments[k].size() - 2), std::string(segs[k]));
  }
  return best;
}

}  // namespace samskap::web
