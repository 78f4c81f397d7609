#pragma once
// Option lists for the directory's selects, radio groups and checkbox groups:
// {value, label, selected|checked} objects, shared by the list, registration and management pages.
#include <string>
#include <string_view>
#include <vector>

#include "directory/reference_store.hpp"
#include "platform/render/value.hpp"
#include "platform/web/app.hpp"

namespace samskap::directory {

// flag is "selected" for <select> options and "checked" for radio buttons and checkboxes.
render::List named_options(const std::vector<Named>& items, const std::string& lang,
                           const std::vector<std::string>& chosen, std::string_view flag);
render::List kind_options(const web::Context& ctx, const std::string& chosen, std::string_view flag);
render::List county_options(const Reference& ref, const std::string& chosen);
// Current municipalities in Norwegian order; county "" means all.
render::List municipality_options(const Reference& ref, const std::string& chosen, const std::string& county = "");

}  // namespace samskap::directory
