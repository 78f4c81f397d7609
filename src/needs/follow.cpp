// Following: follow and unfollow one thing, the page of what I follow, and the follow button.
#include "needs/follow.hpp"

#include <algorithm>

#include "directory/reference_store.hpp"
#include "needs/follow_store.hpp"
#include "needs/store.hpp"
#include "platform/core/clock.hpp"
#include "platform/http/form.hpp"
#include "platform/web/pagination.hpp"

namespace samskap::needs {
namespace {

using http::Response;
using web::Access;
using web::Context;
using Ref = std::shared_ptr<const directory::Reference>;

constexpr std::int64_t kNeedsPerPage = 50;
constexpr const char* kPage = "/konto/folger";

std::vector<std::string> form_values(const Context& ctx, std::string_view name) {
  std::vector<std::string> out;
  for (auto& [k, v] : ctx.req.form())
    if (k == name && !v.empty() && std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  return out;
}

bool is_current_municipality(const directory::Reference& ref, const std::string& number) {
  const auto* m = ref.municipality(number);
  return m && !m->replaced_by;
}

bool is_digits(const std::string& s) {
  return !s.empty() && s.size() <= 18 && std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

// Whether target names something of that kind that one may follow (needs: public ones only).
bool valid_target(Context& ctx, const directory::Reference& ref, std::string_view kind, const std::string& target) {
  if (kind == follow_store::kind_service_area) return ref.find(ref.service_areas, target) != nullptr;
  if (kind == follow_store::kind_municipality) return is_current_municipality(ref, target);
  if (kind == follow_store::kind_need) {
    if (!is_digits(target)) return false;
    auto head = store::head(ctx.db(), std::stoll(target));
    return head && head->status != "draft";
  }
  return false;
}

// Where a follow button returns to; its own page when the form names none.
std::string next_of(const Context& ctx) {
  auto next = Context::safe_next(ctx.req.form_value("next"));
  return next.empty() ? std::string(kPage) : next;
}

std::string label_of(const Context& ctx, const directory::Reference& ref, std::string_view kind,
                     const std::string& target) {
  if (kind == follow_store::kind_service_area) {
    const auto* a = ref.find(ref.service_areas, target);
    return a ? a->name(ctx.lang) : target;
  }
  const auto* m = ref.municipality(target);
  return m ? m->name : target;
}

Response follow_page(Context& ctx, const directory::Reference& ref) {
  auto& c = ctx.db();
  const std::int64_t user = ctx.user->id;
  const auto areas = follow_store::targets(c, user, follow_store::kind_service_area);
  const auto municipalities = follow_store::targets(c, user, follow_store::kind_municipality);
  auto page = web::page_from_query(ctx, kNeedsPerPage);
  auto needs = follow_store::followed_needs(c, user, page.offset(), page.size);

  render::Object d;
  d.set("title", ctx.t("follow.page.title"));
  const std::string here = ctx.req.path + (ctx.req.query_string.empty() ? "" : "?" + ctx.req.query_string);
  d.set("here", here);

  // What I follow: service areas and municipalities, each with an unfollow button.
  render::List followed;
  for (const auto& a : areas)
    if (ref.find(ref.service_areas, a)) {
      render::Object x;
      x.set("kind", std::string(follow_store::kind_service_area));
      x.set("target", a);
      x.set("label", label_of(ctx, ref, follow_store::kind_service_area, a));
      x.set("type", ctx.t("follow.kind.service_area"));
      followed.emplace_back(std::move(x));
    }
  for (const auto& m : municipalities) {
    render::Object x;
    x.set("kind", std::string(follow_store::kind_municipality));
    x.set("target", m);
    x.set("label", label_of(ctx, ref, follow_store::kind_municipality, m));
    x.set("type", ctx.t("follow.kind.municipality"));
    followed.emplace_back(std::move(x));
  }
  d.set("has_followed", !followed.empty());
  d.set("followed", std::move(followed));

  render::List need_rows;
  need_rows.reserve(needs.rows.size());
  for (auto& n : needs.rows) {
    render::Object x;
    x.set("id", n.id);
    x.set("title", n.title);
    x.set("organisation", n.organisation_name);
    x.set("status", ctx.t("follow.status." + n.status));
    need_rows.emplace_back(std::move(x));
  }
  d.set("has_needs", !need_rows.empty());
  d.set("needs", std::move(need_rows));
  d.set("needs_count", ctx.t("follow.page.needs_count", {{"count", std::to_string(needs.total)}}));
  d.set("pagination", web::pagination_view(ctx, page, needs.total));

  // The choices: service areas, and municipalities grouped by county, open where one is chosen.
  render::List area_options;
  for (const auto& a : ref.service_areas) {
    render::Object x;
    x.set("value", a.key);
    x.set("label", a.name(ctx.lang));
    if (std::find(areas.begin(), areas.end(), a.key) != areas.end()) x.set("checked", true);
    area_options.emplace_back(std::move(x));
  }
  d.set("service_areas", std::move(area_options));
  render::List counties;
  for (const auto& county : ref.counties) {
    render::List ms;
    int chosen = 0;
    for (const auto& m : ref.municipalities) {
      if (m.county_number != county.number) continue;
      render::Object x;
      x.set("value", m.number);
      x.set("label", m.name);
      if (std::find(municipalities.begin(), municipalities.end(), m.number) != municipalities.end()) {
        x.set("checked", true);
        ++chosen;
      }
      ms.emplace_back(std::move(x));
    }
    if (ms.empty()) continue;
    render::Object g;
    g.set("name", county.name);
    if (chosen > 0) {
      g.set("open", true);
      g.set("chosen", ctx.t("follow.page.chosen", {{"count", std::to_string(chosen)}}));
    }
    g.set("municipalities", std::move(ms));
    counties.emplace_back(std::move(g));
  }
  d.set("counties", std::move(counties));
  return ctx.page("needs/follow", std::move(d));
}

// Saves the checkboxes: the service areas and municipalities followed become exactly those ticked.
Response save_choices(Context& ctx, const directory::Reference& ref) {
  auto areas = form_values(ctx, "service_areas");
  auto municipalities = form_values(ctx, "municipalities");
  for (const auto& a : areas)
    if (!ref.find(ref.service_areas, a)) return ctx.error_page(400);
  for (const auto& m : municipalities)
    if (!is_current_municipality(ref, m)) return ctx.error_page(400);
  auto& c = ctx.db();
  const auto now = clock::now_iso();
  db::Transaction tx(c);
  follow_store::set_targets(c, ctx.user->id, follow_store::kind_service_area, areas, now, ctx.lang);
  follow_store::set_targets(c, ctx.user->id, follow_store::kind_municipality, municipalities, now, ctx.lang);
  tx.commit();
  ctx.flash("success", "follow.flash.saved");
  return ctx.redirect(kPage);
}

Response change(Context& ctx, const directory::Reference& ref, bool on) {
  const std::string kind = ctx.req.form_value("kind");
  const std::string target = ctx.req.form_value("target");
  if (!follow_store::is_kind(kind)) return ctx.error_page(400);
  auto& c = ctx.db();
  if (on) {
    if (!valid_target(ctx, ref, kind, target)) return ctx.error_page(404);
    follow_store::follow(c, ctx.user->id, kind, target, clock::now_iso(), ctx.lang);
    ctx.flash("success", "follow.flash.followed");
  } else {
    follow_store::unfollow(c, ctx.user->id, kind, target);
    ctx.flash("success", "follow.flash.unfollowed");
  }
  return ctx.redirect(next_of(ctx));
}

}  // namespace

render::Object follow_button(web::Context& ctx, std::string_view kind, const std::string& target) {
  render::Object b;
  const std::string here = ctx.req.path + (ctx.req.query_string.empty() ? "" : "?" + ctx.req.query_string);
  if (!ctx.signed_in()) {
    b.set("sign_in_href", "/logg-inn?next=" + http::url_encode(here));
    b.set("sign_in_label", ctx.t("follow.button.sign_in"));
    return b;
  }
  return follow_button(ctx, kind, target, follow_store::is_following(ctx.db(), ctx.user->id, kind, target));
}

render::Object follow_button(web::Context& ctx, std::string_view kind, const std::string& target, bool following) {
  render::Object b;
  const std::string here = ctx.req.path + (ctx.req.query_string.empty() ? "" : "?" + ctx.req.query_string);
  b.set("signed_in", true);
  b.set("action", following ? "/konto/folger/slutt" : "/konto/folger/folg");
  b.set("csrf", ctx.csrf_token());
  b.set("kind", std::string(kind));
  b.set("target", target);
  b.set("next", here);
  b.set("following", following);
  b.set("label", ctx.t(following ? "follow.button.unfollow" : "follow.button.follow"));
  return b;
}

void mount_follow_routes(web::Router& r, Ref ref) {
  r.get(kPage, Access::signed_in(), [ref](Context& ctx) { return follow_page(ctx, *ref); });
  r.post(kPage, Access::signed_in(), [ref](Context& ctx) { return save_choices(ctx, *ref); });
  r.post("/konto/folger/folg", Access::signed_in(), [ref](Context& ctx) { return change(ctx, *ref, true); });
  r.post("/konto/folger/slutt", Access::signed_in(), [ref](Context& ctx) { return change(ctx, *ref, false); });
}

}  // namespace samskap::needs
