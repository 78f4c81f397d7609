#include "platform/render/markdown.hpp"

#include <cmark-gfm.h>

#include <cstdlib>
#include <memory>

namespace samskap::render {

std::string markdown_to_html(std::string_view markdown) {
  // CMARK_OPT_DEFAULT does not include CMARK_OPT_UNSAFE: raw HTML is omitted, unsafe links blanked.
  std::unique_ptr<char, decltype(&std::free)> html(
      cmark_markdown_to_html(markdown.data(), markdown.size(), CMARK_OPT_DEFAULT | CMARK_OPT_SMART), &std::free);
  return html ? std::string(html.get()) : std::string();
}

}  // namespace samskap::render
