// The needs' public side: the searchable list with its JSON twin and Atom feed, a need's page,
// an attachment's download, and the owners' own list with proposal counts.
#include "needs/routes.hpp"

#include <nlohmann/json.hpp>

#include "directory/manage_store.hpp"
#include "directory/options.hpp"
#include "directory/store.hpp"
#include "needs/access.hpp"
#include "needs/store.hpp"
#include "needs/views.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/config.hpp"
#include "platform/core/crypto.hpp"
#include "platform/core/money.hpp"
#include "platform/http/form.hpp"
#include "platform/render/markdown.hpp"
#include "platform/web/page_cache.hpp"
#include "platform/web/pagination.hpp"
#include "platform/web/password_policy.hpp"

namespace samskap::needs {

namespace {

using directory::Reference;
using http::Response;
using web::Access;
using web::Context;

constexpr std::int64_t kPageSize = 20;
constexpr std::array<std::string_view, 4> kPublicStatuses = {"published", "in_dialogue", "solved", "closed"};

NeedFilter filter_from(const Context& ctx, const Reference& ref, render::Object* problems = nullptr) {
  NeedFilter f;
  auto& q = ctx.req;
  f.q = web::trim(q.query_value("q"));
  if (f.q.size() > 200) f.q.resize(200);
  f.service_area = q.query_value("tjenesteomrade");
  if (!ref.find(ref.service_areas, f.service_area)) f.service_area.clear();
  f.target_group = q.query_value("malgruppe");
  if (!ref.find(ref.target_groups, f.target_group)) f.target_group.clear();
  f.county = q.query_value("fylke");
  if (!ref.county(f.county)) f.county.clear();
  f.municipality = q.query_value("kommune");
  if (auto current = ref.current_number(f.municipality)) f.municipality = *current;
  else f.municipality.clear();
  f.status = q.query_value("status");
  if (std::find(kPublicStatuses.begin(), kPublicStatuses.end(), f.status) == kPublicStatuses.end()) f.status.clear();
  // Amounts in kroner as people type them; one that cannot be read is reported, not ignored silently.
  auto amount = [&](const char* name, std::optional<std::int64_t>& out) {
    auto text = web::trim(q.query_value(name));
    if (text.empty()) return;
    out = money::parse_kroner(text);
    if (!out && problems) problems->set(std::string(name) + "_error", ctx.t("needs.list.bad_amount"));
  };
  amount("verdi_fra", f.value_at_least);
  amount("verdi_til", f.value_at_most);
  return f;
}

render::Object row_view(const Context& ctx, const store::Row& r) {
  render::Object o;
  o.reserve(10);
  o.set("id", std::to_string(r.id));
  o.set("href", "/behov/" + std::to_string(r.id));
  o.set("title", r.title);
  o.set("organisation", r.organisation_name);
  o.set("organisation_href", "/aktorer/" + std::to_string(r.organisation_id));
  o.set("status", need_status_label(ctx, r.status));
  o.set("status_color", std::string(need_status_color(r.status)));
  o.set("excerpt", plain_excerpt(r.situation_excerpt));
  auto value = value_range(ctx, r.value_min, r.value_max);
  if (!value.empty()) o.set("value", value);
  if (!r.timeframe.empty()) o.set("timeframe", r.timeframe);
  if (r.published_at) o.set("published", clock::oslo_display(*r.published_at));
  o.set("proposals", std::to_string(r.proposals));
  return o;
}

nlohmann::json row_json(const store::Row& r) {
  auto opt = [](const std::optional<std::int64_t>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
  return {{"id", r.id},
          {"title", r.title},
          {"organisation", {{"id", r.organisation_id}, {"name", r.organisation_name}}},
          {"status", r.status},
          {"value_min_ore", opt(r.value_min)},
          {"value_max_ore", opt(r.value_max)},
          {"timeframe", r.timeframe},
          {"published_at", r.published_at ? nlohmann::json(*r.published_at) : nlohmann::json(nullptr)},
          {"url", "/behov/" + std::to_string(r.id)}};
}

// The current query string without paging or format, for the JSON link.
std::string query_without_page(const Context& ctx) {
  std::string q;
  for (auto& [k, v] : ctx.req.query()) {
    if (k == "side") continue;
    q += (q.empty() ? "?" : "&") + http::url_encode(k) + "=" + http::url_encode(v);
  }
  return q;
}

// The list's rendered content, the same for everyone: keyed by language, the write generations
// of needs and of the reference lists, and the query with its parameters in sorted order.
web::PageCache g_list_pages(256);

std::string list_cache_key(const Context& ctx, std::int64_t lists_generation) {
  std::vector<std::pair<std::string, std::string>> params(ctx.req.query().begin(), ctx.req.query().end());
  std::sort(params.begin(), params.end());
  std::string key = ctx.lang + '\x1f' + std::to_string(store::write_generation()) + '\x1f' +
                    std::to_string(lists_generation) + '\x1f';
  for (auto& [k, v] : params) key += http::url_encode(k) + '=' + http::url_encode(v) + '&';
  return key;
}

std::shared_ptr<const web::PageCache::Entry> list_html(Context& ctx, const Reference& ref) {
  render::Object d;
  auto f = filter_from(ctx, ref, &d);
  auto page = web::page_from_query(ctx, kPageSize);
  auto result = store::list(ctx.db(), f, page.offset(), page.size);
  render::List rows;
  for (auto& r : result.rows) rows.emplace_back(row_view(ctx, r));
  d.set("title", ctx.t("needs.list.title"));
  d.set("q", f.q);
  d.set("service_areas", directory::named_options(ref.service_areas, ctx.lang, {f.service_area}, "selected"));
  d.set("target_groups", directory::named_options(ref.target_groups, ctx.lang, {f.target_group}, "selected"));
  d.set("counties", directory::county_options(ref, f.county));
  if (!f.county.empty()) {
    d.set("has_municipalities", true);
    d.set("municipalities", directory::municipality_options(ref, f.municipality, f.county));
  } else if (!f.municipality.empty()) {
    d.set("municipality_hidden", f.municipality);
  }
  render::List statuses;
  for (auto s : kPublicStatuses) {
    render::Object o;
    o.set("value", std::string(s));
    o.set("label", need_status_label(ctx, s));
    if (s == f.status) o.set("selected", true);
    statuses.emplace_back(std::move(o));
  }
  d.set("statuses", std::move(statuses));
  d.set("verdi_fra", web::trim(ctx.req.query_value("verdi_fra")));
  d.set("verdi_til", web::trim(ctx.req.query_value("verdi_til")));
  if (rows.empty()) d.set("empty", true);
  d.set("rows", std::move(rows));
  d.set("pagination", web::pagination_view(ctx, page, result.total));
  d.set("json_href", "/api/v1/behov" + query_without_page(ctx));
  auto title = ctx.t("needs.list.title");
  return std::make_shared<const web::PageCache::Entry>(
      web::SharedPage{render::Value(std::move(title)), ctx.shared_content("needs/need_list", std::move(d))});
}

Response list_json(Context& ctx, const Reference& ref) {
  auto f = filter_from(ctx, ref);
  auto page = web::page_from_query(ctx, kPageSize);
  auto result = store::list(ctx.db(), f, page.offset(), page.size);
  nlohmann::json rows = nlohmann::json::array();
  for (auto& r : result.rows) rows.push_back(row_json(r));
  nlohmann::json out = {{"total", result.total}, {"page", page.number}, {"per_page", page.size}, {"results", rows}};
  return Response::json(200, out.dump());
}

Response list(Context& ctx, directory::ReferenceSource& source) {
  auto current = source.current(ctx.db());
  if (ctx.req.query_string.size() > 1024) {  // too long to be worth a cache entry
    auto rendered = list_html(ctx, *current);
    return ctx.page_with_content(rendered->title, rendered->content);
  }
  auto key = list_cache_key(ctx, source.generation());
  if (auto hit = g_list_pages.get(key)) return ctx.page_with_content(hit->title, hit->content);
  auto rendered = list_html(ctx, *current);
  g_list_pages.put(key, rendered);
  return ctx.page_with_content(rendered->title, rendered->content);
}

std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        // Control characters other than tab and newline are not allowed in XML 1.0.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
        out += c;
    }
  }
  return out;
}

// The newest published needs as an Atom feed (RFC 4287): public fields only.
Response feed(Context& ctx, const Reference& ref) {
  auto f = filter_from(ctx, ref);
  auto result = store::list(ctx.db(), f, 0, 50);
  const std::string base = ctx.services.config.base_url;
  std::string updated = result.rows.empty() ? clock::now_iso() : result.rows.front().updated_at;
  for (auto& r : result.rows) updated = std::max(updated, r.updated_at);
  std::string x;
  x.reserve(4096 + result.rows.size() * 600);
  x += "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"nb\">\n";
  x += "<title>" + xml_escape(ctx.t("needs.feed.title")) + "</title>\n";
  x += "<subtitle>" + xml_escape(ctx.t("needs.feed.subtitle")) + "</subtitle>\n";
  x += "<id>" + xml_escape(base) + "/behov.atom</id>\n";
  x += "<link rel=\"self\" href=\"" + xml_escape(base) + "/behov.atom\"/>\n";
  x += "<link rel=\"alternate\" type=\"text/html\" href=\"" + xml_escape(base) + "/behov\"/>\n";
  x += "<updated>" + updated + "</updated>\n";
  for (auto& r : result.rows) {
    auto url = base + "/behov/" + std::to_string(r.id);
    x += "<entry>\n<id>" + xml_escape(url) + "</id>\n<title>" + xml_escape(r.title) + "</title>\n";
    x += "<link rel=\"alternate\" type=\"text/html\" href=\"" + xml_escape(url) + "\"/>\n";
    x += "<published>" + r.published_at.value_or(r.updated_at) + "</published>\n";
    x += "<updated>" + r.updated_at + "</updated>\n";
    x += "<author><name>" + xml_escape(r.organisation_name) + "</name></author>\n";
    x += "<category term=\"" + r.status + "\" label=\"" + xml_escape(need_status_label(ctx, r.status)) + "\"/>\n";
    x += "<summary>" + xml_escape(plain_excerpt(r.situation_excerpt, 300)) + "</summary>\n</entry>\n";
  }
  x += "</feed>\n";
  return Response::text(200, std::move(x), "application/atom+xml; charset=utf-8");
}

render::List criteria_view(const Need& n) {
  render::List out;
  for (auto& k : n.criteria) {
    render::Object o;
    o.set("position", std::to_string(k.position));
    o.set("description", k.description);
    if (!k.indicator.empty()) o.set("indicator", k.indicator);
    if (!k.baseline.empty()) o.set("baseline", k.baseline);
    if (!k.target.empty()) o.set("target", k.target);
    out.emplace_back(std::move(o));
  }
  return out;
}

// The contact person, with details shown as the directory shows them: publicly only with consent.
void contact_view(Context& ctx, const Need& n, bool signed_in, render::Object& d) {
  if (!n.contact_person_id) return;
  auto p = directory::manage_store::find_person(ctx.db(), n.organisation_id, *n.contact_person_id);
  if (!p) return;
  render::Object c;
  bool visible = p->person.public_consent_at.has_value() || signed_in;
  if (!p->person.title.empty()) c.set("title", p->person.title);
  if (visible) {
    c.set("name", p->person.name);
    if (!p->person.email.empty()) c.set("email", p->person.email);
    if (!p->person.phone.empty()) c.set("phone", p->person.phone);
  } else {
    c.set("hidden", true);
  }
  d.set("contact", std::move(c));
}

// A need's page as everyone of one kind of viewer sees it (visitors, or signed-in users, who also
// see a contact person's name without consent): the two rendered shared parts and what the
// per-request parts (the owner's tools, what this user may do) are made from. Cached for about a
// second and keyed by the write generations, so a write in this process is seen at once.
//
// The owner's tools are the same for everyone who manages the need but for the CSRF token of
// their forms: they are rendered once with a slot for the token (a random string of this process,
// which no user can type into a need) and kept in the pieces between the slots.
struct NeedPage {
  store::Head head;
  render::Value title;
  std::string top, body;
  std::vector<std::string> owner;  // the owner's tools, split where the CSRF token goes
};
web::ExpiringCache<NeedPage> g_need_pages(512);

const std::string& csrf_slot() {
  static const std::string slot = "csrf-" + crypto::random_token(18);
  return slot;
}

// The owner's tools (the forms carry the CSRF token, filled in per request: see NeedPage).
render::Object owner_view(const Context& ctx, const store::Head& head, std::int64_t proposal_count,
                          const std::vector<store::Attachment>& attachments) {
  const auto& status = head.status;
  const std::string base = "/behov/" + std::to_string(head.id);
  render::Object o;
  o.set("base", base);
  o.set("edit_href", base + "/rediger");
  o.set("proposal_count", std::to_string(proposal_count));
  render::List next;
  for (auto s : need_next_statuses(status)) {
    render::Object st;
    st.set("value", std::string(s));
    st.set("label", ctx.t("needs.status_change.to." + std::string(s)));
    if (need_status_is_final(s)) st.set("final", true);
    next.emplace_back(std::move(st));
  }
  if (!next.empty()) {
    o.set("has_next_statuses", true);
    o.set("next_statuses", std::move(next));
  }
  render::List files;
  for (auto& a : attachments) {
    render::Object f;
    f.set("name", a.filename);
    f.set("delete_action", base + "/vedlegg/" + std::to_string(a.id) + "/slett");
    files.emplace_back(std::move(f));
  }
  if (!files.empty()) {
    o.set("has_attachments", true);
    o.set("attachments", std::move(files));
  }
  if (status == "draft") o.set("can_delete", true);
  return o;
}


std::shared_ptr<const NeedPage> build_need_page(Context& ctx, const Reference& ref, std::int64_t id, bool signed_in) {
  auto& db = ctx.db();
  auto n = store::find(db, id);
  if (!n) return nullptr;
  auto page = std::make_shared<NeedPage>();
  page->head = store::Head{n->id, n->organisation_id, n->status, n->title};
  page->title = render::Value(n->title);
  const std::string base = "/behov/" + std::to_string(n->id);

  render::Object top;
  top.set("title", n->title);
  top.set("organisation", n->organisation_name);
  top.set("organisation_href", "/aktorer/" + std::to_string(n->organisation_id));
  top.set("status", need_status_label(ctx, n->status));
  top.set("status_color", std::string(need_status_color(n->status)));
  if (n->status == "draft") top.set("is_draft", true);
  if (n->published_at) top.set("published", clock::oslo_display(*n->published_at));
  if (need_status_is_final(n->status)) {
    top.set("is_final", true);
    if (n->closed_at) top.set("closed", clock::oslo_display(*n->closed_at));
    if (!n->closing_note.empty()) top.set("closing_note", n->closing_note);
  }
  page->top = *ctx.shared_content("needs/need_show_top", std::move(top)).as_string();

  render::Object d;
  d.reserve(24);
  d.set("base", base);
  d.set("updated", clock::oslo_display(n->updated_at));
  if (!n->situation.empty()) d.set("situation_html", render::markdown_to_html(n->situation));
  if (!n->constraints.empty()) d.set("constraints_html", render::markdown_to_html(n->constraints));
  d.set("criteria", criteria_view(*n));
  auto value = value_range(ctx, n->value_min, n->value_max);
  if (!value.empty()) d.set("value", value);
  if (!n->timeframe.empty()) d.set("timeframe", n->timeframe);
  d.set("service_areas", tag_links(n->service_areas, ref.service_areas, ctx.lang, "/behov", "tjenesteomrade"));
  d.set("target_groups", tag_links(n->target_groups, ref.target_groups, ctx.lang, "/behov", "malgruppe"));
  d.set("municipalities", municipality_links(n->municipalities, ref));
  contact_view(ctx, *n, signed_in, d);
  const auto attachments = store::attachments_of(db, n->id);
  render::List files;
  for (auto& a : attachments) {
    render::Object o;
    o.set("name", a.filename);
    o.set("href", base + "/vedlegg/" + std::to_string(a.id));
    o.set("size", ctx.t("needs.attachments.size_kb", {{"kb", std::to_string((a.size + 1023) / 1024)}}));
    files.emplace_back(std::move(o));
  }
  if (!files.empty()) {
    d.set("has_attachments", true);
    d.set("attachments", std::move(files));
  }
  auto counts = store::counts(db, n->id);
  d.set("proposal_count", std::to_string(counts.proposals));
  d.set("question_count", std::to_string(counts.questions));
  d.set("answered_count", std::to_string(counts.answered));
  d.set("dialogue_count", std::to_string(counts.dialogue));
  if (n->status != "draft") d.set("is_public", true);
  page->body = *ctx.shared_content("needs/need_show_body", std::move(d)).as_string();

  auto owner = owner_view(ctx, page->head, counts.proposals, attachments);
  owner.set("csrf", csrf_slot());
  const std::string tools = *ctx.shared_content("needs/need_show_owner", std::move(owner)).as_string();
  for (std::size_t from = 0;;) {
    const auto at = tools.find(csrf_slot(), from);
    page->owner.push_back(tools.substr(from, at == std::string::npos ? std::string::npos : at - from));
    if (at == std::string::npos) break;
    from = at + csrf_slot().size();
  }
  return page;
}

Response show(Context& ctx, directory::ReferenceSource& source, const std::vector<NeedPageExtra>& extras) {
  auto id = id_param(ctx);
  if (!id) return ctx.error_page(404);
  const bool signed_in = ctx.signed_in();
  const std::string key = ctx.lang + '\x1f' + std::to_string(*id) + '\x1f' + (signed_in ? "1" : "0") + '\x1f' +
                          std::to_string(store::write_generation()) + '\x1f' +
                          std::to_string(directory::store::write_generation()) + '\x1f' +
                          std::to_string(source.generation());
  auto page = g_need_pages.get(key);
  if (!page) {
    page = build_need_page(ctx, *source.current(ctx.db()), *id, signed_in);
    if (!page) return ctx.error_page(404);
    g_need_pages.put(key, page);
  }
  const auto& head = page->head;

  // Who this is, in one query for a signed-in user: manages the need (a member of the owning
  // organisation, or a coordinator), may offer solutions, follows it.
  std::optional<store::NeedViewer> viewer;
  if (signed_in) viewer = store::viewer(ctx.db(), head.id, head.organisation_id, ctx.user->id);
  const bool manager = signed_in && (is_coordinator(ctx) || viewer->member);
  if (head.status == "draft" && !manager) return ctx.error_page(404);

  std::vector<Context::Part> parts;
  parts.reserve(4);
  parts.push_back({&page->top, {}, {}});
  std::string owner;
  if (manager) {
    const auto token = ctx.csrf_token();
    for (std::size_t i = 0; i < page->owner.size(); ++i) owner += (i ? token : std::string()) + page->owner[i];
    parts.push_back({&owner, {}, {}});
  }
  parts.push_back({&page->body, {}, {}});
  render::Object tail;
  const bool accepts = need_accepts_proposals(head.status);
  tail.set("base", "/behov/" + std::to_string(head.id));
  if (head.status != "draft") tail.set("is_public", true);
  if (!manager && signed_in && accepts)
    for (auto& kind : viewer->active_kinds)
      if (may_offer_solutions(kind)) {
        tail.set("can_propose", true);
        break;
      }
  if (!signed_in && accepts) tail.set("sign_in_to_take_part", true);
  for (auto& extra : extras) extra(ctx, head, viewer ? &*viewer : nullptr, tail);
  parts.push_back({nullptr, "needs/need_show_tail", std::move(tail)});
  return ctx.page_from_parts(page->title, std::move(parts));
}

Response show_json(Context& ctx) {
  auto id = id_param(ctx);
  if (!id) return Response::json(404, R"({"error":"not found"})");
  auto& db = ctx.db();
  auto head = store::head(db, *id);
  if (!head || !can_view_need(ctx, *head)) return Response::json(404, R"({"error":"not found"})");
  auto n = store::find(db, *id);
  auto opt = [](const std::optional<std::int64_t>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
  nlohmann::json criteria = nlohmann::json::array();
  for (auto& k : n->criteria)
    criteria.push_back({{"id", k.id},
                        {"position", k.position},
                        {"description", k.description},
                        {"indicator", k.indicator},
                        {"baseline", k.baseline},
                        {"target", k.target}});
  auto counts = store::counts(db, n->id);
  nlohmann::json out = {
      {"id", n->id},
      {"title", n->title},
      {"organisation", {{"id", n->organisation_id}, {"name", n->organisation_name}}},
      {"status", n->status},
      {"situation_markdown", n->situation},
      {"constraints_markdown", n->constraints},
      {"success_criteria", criteria},
      {"value_min_ore", opt(n->value_min)},
      {"value_max_ore", opt(n->value_max)},
      {"timeframe", n->timeframe},
      {"service_areas", n->service_areas},
      {"target_groups", n->target_groups},
      {"municipalities", n->municipalities},
      {"published_at", n->published_at ? nlohmann::json(*n->published_at) : nlohmann::json(nullptr)},
      {"closed_at", n->closed_at ? nlohmann::json(*n->closed_at) : nlohmann::json(nullptr)},
      {"closing_note", n->closing_note},
      {"updated_at", n->updated_at},
      {"counts", {{"proposals", counts.proposals}, {"questions", counts.questions}, {"dialogue_entries", counts.dialogue}}},
      {"url", "/behov/" + std::to_string(n->id)}};
  return Response::json(200, out.dump());
}

// Attachments are served as downloads with the type checked at upload; never rendered inline.
Response attachment(Context& ctx) {
  auto id = id_param(ctx);
  auto file_id = id_param(ctx, "fil");
  if (!id || !file_id) return ctx.error_page(404);
  auto& db = ctx.db();
  auto head = store::head(db, *id);
  if (!head || !can_view_need(ctx, *head)) return ctx.error_page(404);
  auto a = store::attachment(db, *id, *file_id);
  if (!a) return ctx.error_page(404);
  Response res;
  res.body = std::move(a->data);
  res.set_header("Content-Type", a->content_type);
  // RFC 6266: an ASCII fallback and the UTF-8 name.
  std::string ascii;
  for (char c : a->filename) ascii += (static_cast<unsigned char>(c) < 0x80 && c != '"' && c != '\\') ? c : '_';
  res.set_header("Content-Disposition",
                 "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + http::url_encode(a->filename));
  res.set_header("Cache-Control", head->status == "draft" ? "private, no-store" : "private, max-age=300");
  return res;
}

// The needs of the organisations I belong to that own needs, drafts included, with proposal counts.
Response mine(Context& ctx) {
  auto& db = ctx.db();
  render::List groups;
  bool any_owner = false;
  for (auto& o : store::organisations_of(db, ctx.user->id)) {
    if (!may_own_needs(o.kind)) continue;
    any_owner = true;
    NeedFilter f;
    f.organisation_id = o.id;
    f.include_drafts = true;
    auto result = store::list(db, f, 0, 200, true);
    render::List rows;
    for (auto& r : result.rows) rows.emplace_back(row_view(ctx, r));
    render::Object g;
    g.set("name", o.name);
    g.set("href", "/aktorer/" + std::to_string(o.id));
    g.set("new_href", "/behov/ny?organisasjon=" + std::to_string(o.id));
    if (rows.empty()) g.set("empty", true);
    g.set("rows", std::move(rows));
    groups.emplace_back(std::move(g));
  }
  render::Object d;
  d.set("title", ctx.t("needs.mine.title"));
  if (!any_owner) d.set("no_organisation", true);
  d.set("groups", std::move(groups));
  return ctx.page("needs/need_mine", std::move(d));
}

}  // namespace

void mount_need_routes(web::Router& r, Source src, std::vector<NeedPageExtra> extras) {
  r.get("/behov", Access::everyone(), [src](Context& c) { return list(c, *src); });
  r.get("/api/v1/behov", Access::everyone(), [src](Context& c) { return list_json(c, *src->current(c.db())); });
  r.get("/behov.atom", Access::everyone(), [src](Context& c) { return feed(c, *src->current(c.db())); });
  r.get("/behov/mine", Access::signed_in(), mine);
  r.get("/behov/{id}", Access::everyone(), [src, extras](Context& c) { return show(c, *src, extras); });
  r.get("/api/v1/behov/{id}", Access::everyone(), show_json);
  r.get("/behov/{id}/vedlegg/{fil}", Access::everyone(), attachment);
}

}  // namespace samskap::needs
