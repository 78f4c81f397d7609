#pragma once
// Validation of an organisation's registration and profile, and derived values.
#include <string>

#include "directory/model.hpp"
#include "directory/reference_store.hpp"
#include "platform/web/forms.hpp"

namespace samskap::directory {

// Field errors as catalogue keys; fixes up what can be fixed silently (trims, normalises).
web::FieldErrors check_organisation(Organisation& o, const Reference& ref);
// The tokens stored in organisations.search_text.
std::string search_text_for(const Organisation& o, const Reference& ref);

}  // namespace samskap::directory
