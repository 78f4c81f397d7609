// Coordinators' page for the editable reference lists (service areas and target groups): add,
// rename, order, deactivate and reactivate. Every change bumps the reference generation, so this
// process shows it at once and other processes within ReferenceSource::kCheckInterval.
#include "directory/lists.hpp"

#include "directory/lists_store.hpp"
#include "directory/rules.hpp"
#include "platform/http/form.hpp"
#include "platform/web/forms.hpp"
#include "platform/web/password_policy.hpp"

namespace samskap::directory {

namespace {

using http::Response;
using web::Access;
using web::Context;
using web::FieldErrors;
using web::FormView;
using Ref = std::shared_ptr<ReferenceSource>;

struct ListInfo {
  lists_store::List list;
  const char* segment;  // in the URL
  const char* key;      // catalogue and element ids
};

constexpr ListInfo kLists[] = {
    {lists_store::List::service_areas, "tjenesteomrader", "service_areas"},
    {lists_store::List::target_groups, "malgrupper", "target_groups"},
};

const ListInfo* list_param(const Context& ctx) {
  auto segment = ctx.req.param("liste");
  for (auto& l : kLists)
    if (segment == l.segment) return &l;
  return nullptr;
}

std::string base_path(const ListInfo& l) { return std::string("/admin/lister/") + l.segment; }
std::string entry_path(const ListInfo& l, const std::string& slug) {
  return base_path(l) + "/" + http::url_encode(slug);
}

std::vector<Named> as_named(const std::vector<lists_store::Entry>& entries, const std::string& except = "") {
  std::vector<Named> out;
  for (auto& e : entries)
    if (e.slug != except) out.push_back({e.slug, e.name_nb, e.name_en, e.active});
  return out;
}

struct NamesInput {
  std::string name_nb;
  std::string name_en;
};

NamesInput names_from_form(const Context& ctx) {
  return {ctx.req.form_value("name_nb"), ctx.req.form_value("name_en")};
}

FormView names_form(const Context& ctx, std::string action, const char* submit, const NamesInput& in,
                    const FieldErrors& errors, std::string prefix) {
  FormView form(ctx, std::move(action), submit);
  form.id_prefix(std::move(prefix))
      .field({"name_nb", "directory.lists.name_nb", "text", in.name_nb})
      .field({"name_en", "directory.lists.name_en", "text", in.name_en})
      .errors(errors);
  return form;
}

// Both lists; failed names the list whose add form came back with errors.
Response lists_page(Context& ctx, const ListInfo* failed = nullptr, const NamesInput& in = {},
                    const FieldErrors& errors = {}, int status = 200) {
  auto& db = ctx.db();
  render::List sections;
  for (auto& l : kLists) {
    auto entries = lists_store::entries(db, l.list);
    render::Object s;
    s.set("section_id", l.key);
    s.set("heading", ctx.t(std::string("directory.lists.") + l.key));
    render::List rows;
    rows.reserve(entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
      auto& e = entries[i];
      render::Object r;
      r.set("slug", e.slug);
      r.set("name_nb", e.name_nb);
      r.set("name_en", e.name_en);
      r.set("organisations", std::to_string(e.organisations));
      if (e.active) r.set("active", true);
      r.set("edit_href", entry_path(l, e.slug));
      if (i > 0) r.set("up_action", entry_path(l, e.slug) + "/flytt");
      if (i + 1 < entries.size()) r.set("down_action", entry_path(l, e.slug) + "/flytt");
      r.set("status_action", entry_path(l, e.slug) + "/status");
      rows.emplace_back(std::move(r));
    }
    if (rows.empty()) s.set("empty", true);
    s.set("rows", std::move(rows));
    const bool here = failed == &l;
    s.set("add_form", names_form(ctx, base_path(l), "directory.lists.add_submit", here ? in : NamesInput{},
                                 here ? errors : FieldErrors{}, std::string(l.key) + "-")
                          .build());
    sections.emplace_back(std::move(s));
  }
  render::Object d;
  d.set("title", ctx.t("directory.lists.title"));
  d.set("sections", std::move(sections));
  return ctx.page("directory/lists", std::move(d), status);
}

Response post_add(Context& ctx, ReferenceSource& ref) {
  auto l = list_param(ctx);
  if (!l) return ctx.error_page(404);
  auto& db = ctx.db();
  auto in = names_from_form(ctx);
  auto errors = check_list_entry(in.name_nb, in.name_en, as_named(lists_store::entries(db, l->list)));
  if (errors.empty() && !lists_store::add(db, l->list, slug_for(in.name_nb), in.name_nb, in.name_en))
    errors.add("name_nb", "directory.lists.errors.duplicate");  // added meanwhile by someone else
  if (!errors.empty()) return lists_page(ctx, l, in, errors, 422);
  ref.changed(db);
  ctx.flash("success", "directory.lists.flash.added");
  return ctx.redirect(std::string("/admin/lister#") + l->key);
}

std::optional<lists_store::Entry> find_entry(Context& ctx, const ListInfo& l, std::vector<lists_store::Entry>* all) {
  auto entries = lists_store::entries(ctx.db(), l.list);
  auto slug = ctx.req.param("slug");
  std::optional<lists_store::Entry> found;
  for (auto& e : entries)
    if (e.slug == slug) found = e;
  if (all) *all = std::move(entries);
  return found;
}

Response entry_page(Context& ctx, const ListInfo& l, const lists_store::Entry& e, const NamesInput& in,
                    const FieldErrors& errors, int status = 200) {
  render::Object d;
  d.set("title", ctx.t("directory.lists.edit_title", {{"name", e.name_nb}}));
  d.set("list_name", ctx.t(std::string("directory.lists.") + l.key));
  d.set("slug", e.slug);
  d.set("form", names_form(ctx, entry_path(l, e.slug), "directory.lists.save", in, errors, "").build());
  return ctx.page("directory/list_entry", std::move(d), status);
}

Response get_entry(Context& ctx) {
  auto l = list_param(ctx);
  if (!l) return ctx.error_page(404);
  auto e = find_entry(ctx, *l, nullptr);
  if (!e) return ctx.error_page(404);
  return entry_page(ctx, *l, *e, {e->name_nb, e->name_en}, {});
}

Response post_rename(Context& ctx, ReferenceSource& ref) {
  auto l = list_param(ctx);
  if (!l) return ctx.error_page(404);
  std::vector<lists_store::Entry> all;
  auto e = find_entry(ctx, *l, &all);
  if (!e) return ctx.error_page(404);
  auto in = names_from_form(ctx);
  auto errors = check_list_entry(in.name_nb, in.name_en, as_named(all, e->slug));
  if (!errors.empty()) return entry_page(ctx, *l, *e, in, errors, 422);
  auto& db = ctx.db();
  lists_store::rename(db, l->list, e->slug, in.name_nb, in.name_en);
  ref.changed(db);
  ctx.flash("success", "directory.lists.flash.renamed");
  return ctx.redirect(std::string("/admin/lister#") + l->key);
}

Response post_move(Context& ctx, ReferenceSource& ref) {
  auto l = list_param(ctx);
  if (!l) return ctx.error_page(404);
  auto direction = ctx.req.form_value("retning");
  if (direction != "opp" && direction != "ned") return ctx.error_page(400);
  auto& db = ctx.db();
  db::Transaction tx(db);
  bool moved = lists_store::move(db, l->list, ctx.req.param("slug"), direction == "opp" ? -1 : 1);
  tx.commit();
  if (!moved) return ctx.error_page(404);
  ref.changed(db);
  ctx.flash("success", "directory.lists.flash.moved");
  return ctx.redirect(std::string("/admin/lister#") + l->key);
}

Response post_status(Context& ctx, ReferenceSource& ref) {
  auto l = list_param(ctx);
  if (!l) return ctx.error_page(404);
  auto wanted = ctx.req.form_value("aktiv");
  if (wanted != "0" && wanted != "1") return ctx.error_page(400);
  auto& db = ctx.db();
  if (!lists_store::set_active(db, l->list, ctx.req.param("slug"), wanted == "1")) return ctx.error_page(404);
  ref.changed(db);
  ctx.flash("success", wanted == "1" ? "directory.lists.flash.reactivated" : "directory.lists.flash.deactivated");
  return ctx.redirect(std::string("/admin/lister#") + l->key);
}

}  // namespace

void mount_lists(web::Router& r, Ref ref) {
  auto coordinator = [] { return Access::role({web::role_coordinator}); };
  r.get("/admin/lister", coordinator(), [](Context& c) { return lists_page(c); });
  r.post("/admin/lister/{liste}", coordinator(), [ref](Context& c) { return post_add(c, *ref); });
  r.get("/admin/lister/{liste}/{slug}", coordinator(), get_entry);
  r.post("/admin/lister/{liste}/{slug}", coordinator(), [ref](Context& c) { return post_rename(c, *ref); });
  r.post("/admin/lister/{liste}/{slug}/flytt", coordinator(), [ref](Context& c) { return post_move(c, *ref); });
  r.post("/admin/lister/{liste}/{slug}/status", coordinator(), [ref](Context& c) { return post_status(c, *ref); });
}

}  // namespace samskap::directory
