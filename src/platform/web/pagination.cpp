#include "platform/web/pagination.hpp"

#include <charconv>

#include "platform/http/form.hpp"
#include "platform/web/app.hpp"

namespace samskap::web {

Page page_from_query(const Context& ctx, std::int64_t size) {
  Page p;
  p.size = size;
  auto raw = ctx.req.query_value("side");
  std::int64_t n = 0;
  auto [ptr, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), n);
  if (ec == std::errc() && ptr == raw.data() + raw.size() && n >= 1 && n <= 1'000'000) p.number = n;
  return p;
}

// The current query with side=N, other parameters kept in order.
static std::string href_for(const Context& ctx, std::int64_t number) {
  std::string q;
  for (auto& [k, v] : ctx.req.query()) {
    if (k == "side") continue;
    q += (q.empty() ? "?" : "&") + http::url_encode(k) + "=" + http::url_encode(v);
  }
  if (number > 1) q += (q.empty() ? "?" : "&") + std::string("side=") + std::to_string(number);
  return ctx.req.path + q;
}

render::Object pagination_view(const Context& ctx, const Page& page, std::int64_t total) {
  render::Object o;
  auto pages = total == 0 ? 1 : (total + page.size - 1) / page.size;
  o.set("total", std::to_string(total));
  o.set("from", std::to_string(total == 0 ? 0 : page.offset() + 1));
  o.set("to", std::to_string(std::min(total, page.offset() + page.size)));
  if (pages <= 1) return o;
  render::List items;
  // First, last, and two on each side of the current page.
  std::int64_t last_shown = 0;
  for (std::int64_t n = 1; n <= pages; ++n) {
    if (n != 1 && n != pages && (n < page.number - 2 || n > page.number + 2)) continue;
    if (last_shown && n > last_shown + 1) {
      render::Object gap;
      gap.set("gap", true);
      items.emplace_back(std::move(gap));
    }
    render::Object it;
    it.set("number", std::to_string(n));
    it.set("href", href_for(ctx, n));
    if (n == page.number) it.set("current", true);
    items.emplace_back(std::move(it));
    last_shown = n;
  }
  if (page.number > 1) o.set("prev_href", href_for(ctx, page.number - 1));
  if (page.number < pages) o.set("next_href", href_for(ctx, page.number + 1));
  o.set("pages", std::move(items));
  o.set("several", true);
  return o;
}

}  // namespace samskap::web
