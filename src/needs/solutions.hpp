#pragma once
// Solutions' pages (list, JSON twin, page, create, edit, publish and archive) and the match pages
// of needs and organisations.
#include <memory>
#include <string>

#include "directory/reference_store.hpp"
#include "needs/solution_store.hpp"
#include "platform/web/app.hpp"
#include "platform/web/forms.hpp"

namespace samskap::needs {

// Each request reads the reference lists current at that moment.
void mount_solutions(web::Router& r, std::shared_ptr<directory::ReferenceSource> source);

// Field errors as catalogue keys; trims what can be trimmed and resolves old municipality numbers.
web::FieldErrors check_solution(solution_store::Solution& s, const directory::Reference& ref);
// The tokens stored in solutions.search_text.
std::string solution_search_text(const solution_store::Solution& s, const directory::Reference& ref);

}  // namespace samskap::needs
