#pragma once
// Validation of an organisation's registration and profile, and derived values.
#include <string>
#include <string_view>
#include <vector>

#include "directory/model.hpp"
#include "directory/reference_store.hpp"
#include "platform/web/forms.hpp"

namespace samskap::directory {

// Field errors as catalogue keys; fixes up what can be fixed silently (trims, normalises).
web::FieldErrors check_organisation(Organisation& o, const Reference& ref);
// The tokens stored in organisations.search_text.
std::string search_text_for(const Organisation& o, const Reference& ref);

// The stable key of a new list entry, from its bokmål name: folded, in ASCII letters and digits
// joined by hyphens ("Skole og oppvekst" -> "skole-og-oppvekst", "Førstelinje" -> "forstelinje").
std::string slug_for(std::string_view name);

// A new or renamed entry of an editable list: names trimmed; errors for the fields
// "name_nb" and "name_en". others are the list's other entries (for duplicates).
web::FieldErrors check_list_entry(std::string& name_nb, std::string& name_en, const std::vector<Named>& others);

}  // namespace samskap::directory
