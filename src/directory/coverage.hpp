#pragma once
#include "directory/reference_store.hpp"
#include "platform/web/app.hpp"

namespace samskap::directory {
// Municipalities × service areas: where a public body has a contact, and where none; HTML and CSV.
http::Response coverage_page(web::Context& ctx, const Reference& ref);
// Coordinators, and members of a public body, may see the coverage.
bool can_see_coverage(web::Context& ctx);
}  // namespace samskap::directory
