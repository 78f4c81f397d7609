#include "platform/render/markdown.hpp"

#include <cmark-gfm.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

namespace samskap::render {

std::string markdown_to_html(std::string_view markdown) {
  // CMARK_OPT_DEFAULT does not include CMARK_OPT_UNSAFE: raw HTML is omitted, unsafe links blanked.
  const int options = CMARK_OPT_DEFAULT | CMARK_OPT_SMART;
  std::unique_ptr<cmark_node, decltype(&cmark_node_free)> root(
      cmark_parse_document(markdown.data(), markdown.size(), options), &cmark_node_free);
  if (!root) return {};
  // The text sits under the page's own h1 and h2: its headings start at h3, so the outline holds.
  std::unique_ptr<cmark_iter, decltype(&cmark_iter_free)> it(cmark_iter_new(root.get()), &cmark_iter_free);
  for (auto ev = cmark_iter_next(it.get()); ev != CMARK_EVENT_DONE; ev = cmark_iter_next(it.get())) {
    cmark_node* node = cmark_iter_get_node(it.get());
    if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(node) == CMARK_NODE_HEADING)
      cmark_node_set_heading_level(node, std::min(6, cmark_node_get_heading_level(node) + 2));
  }
  std::unique_ptr<char, decltype(&std::free)> html(cmark_render_html(root.get(), options, nullptr), &std::free);
  return html ? std::string(html.get()) : std::string();
}

}  // namespace samskap::render
