#pragma once
// The register's JSON interface for other systems and for the registration form's autocomplete.
//   GET /api/v1/register/{orgnr}                      lookup(): the unit as the register gives it
//   GET /api/v1/register?navn=…&kommunenummer=…       autocomplete(): up to 10 active units
// Both are public (Access::everyone()): the register is open data (NLOD).
#include "platform/http/request.hpp"
#include "platform/web/app.hpp"

namespace samskap::directory::registry {

// 200 with the unit's JSON (the register's field names); 404 for a valid number that is not in
// the table or has been removed; 422 with a plain-language reason for an invalid number (spaces
// and other separators in the number are fine).
http::Response lookup(web::Context& ctx);

// {"results":[{"organisasjonsnummer","navn","organisasjonsform","kommunenummer","poststed"}]}:
// name search as you type, optionally within one municipality (kommunenummer, four digits);
// a valid organisation number in navn finds that unit. 422 for a malformed kommunenummer.
http::Response autocomplete(web::Context& ctx);

inline constexpr int kAutocompleteResults = 10;

}  // namespace samskap::directory::registry
