#pragma once
#include <string>
#include <string_view>

namespace samskap::render {
// User-written Markdown to HTML with cmark-gfm in safe mode: raw HTML and dangerous URLs
// (javascript:, data: except images) are dropped, so the output may go into {{{ }}}.
std::string markdown_to_html(std::string_view markdown);
}  // namespace samskap::render
