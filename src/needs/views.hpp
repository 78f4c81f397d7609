#pragma once
// Small view helpers shared by the marketplace's pages: labels for statuses and tags, amounts,
// excerpts, and the id in the path.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "directory/reference_store.hpp"
#include "platform/render/value.hpp"
#include "platform/web/app.hpp"

namespace samskap::needs {

// The {id} route parameter as a positive number.
std::optional<std::int64_t> id_param(const web::Context& ctx, std::string_view name = "id");
std::int64_t to_int(std::string_view s);

// "needs.status.<slug>" from the catalogue, and the Designsystemet colour for its tag.
std::string need_status_label(const web::Context& ctx, std::string_view status);
std::string_view need_status_color(std::string_view status);

// [{label, href}] for tags, linking to `list_path?param=key`.
render::List tag_links(const std::vector<std::string>& keys, const std::vector<directory::Named>& names,
                       const std::string& lang, const std::string& list_path, const std::string& param);
render::List municipality_links(const std::vector<std::string>& numbers, const directory::Reference& ref);

// "1 000 000–3 000 000 kr", "fra 1 000 000 kr", "opptil …", or "" when neither is set.
std::string value_range(const web::Context& ctx, std::optional<std::int64_t> min, std::optional<std::int64_t> max);

// The first `max_chars` characters of Markdown text as plain text, cut at a word, with "…".
std::string plain_excerpt(std::string_view markdown, std::size_t max_chars = 220);

}  // namespace samskap::needs
