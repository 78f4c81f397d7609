#include "directory/rules.hpp"

#include "directory/orgnr.hpp"
#include "platform/search/text.hpp"
#include "platform/web/password_policy.hpp"

namespace samskap::directory {

bool is_kind(std::string_view s) {
  for (auto k : kinds)
    if (k == s) return true;
  return false;
}

bool is_public_body(std::string_view kind) {
  return kind == "municipality" || kind == "district" || kind == "nav_office" || kind == "county" ||
         kind == "state_body";
}

namespace {

template <class List, class Pred>
void keep_valid(List& items, Pred known) {
  std::erase_if(items, [&](const auto& x) { return !known(x); });
}

}  // namespace

web::FieldErrors check_organisation(Organisation& o, const Reference& ref) {
  web::FieldErrors e;
  o.name = web::trim(o.name);
  o.short_description = web::trim(o.short_description);
  o.website = web::trim(o.website);
  o.email = web::trim(o.email);
  if (o.name.empty()) e.add("name", "directory.errors.name_required");
  else if (web::utf8_length(o.name) > 200) e.add("name", "directory.errors.name_long");
  if (!is_kind(o.kind)) e.add("kind", "directory.errors.kind_required");
  if (o.orgnr) {
    if (auto problem = check_orgnr(*o.orgnr)) e.add("orgnr", std::string(orgnr_problem_key(*problem)));
    else o.orgnr = normalise_orgnr(*o.orgnr);
  }
  if (o.short_description.empty()) e.add("short_description", "directory.errors.short_required");
  else if (web::utf8_length(o.short_description) > 300) e.add("short_description", "directory.errors.short_long");
  if (o.long_description.size() > 20000) e.add("long_description", "directory.errors.long_long");
  if (!o.website.empty() && o.website.rfind("http://", 0) != 0 && o.website.rfind("https://", 0) != 0)
    o.website = "https://" + o.website;
  if (!o.email.empty() && (o.email.find('@') == std::string::npos || o.email.find(' ') != std::string::npos))
    e.add("email", "directory.errors.email_invalid");
  if (o.municipality_number) {
    if (auto current = ref.current_number(*o.municipality_number)) o.municipality_number = current;
    else e.add("municipality_number", "directory.errors.municipality_unknown");
  }
  if (o.founded_year && (*o.founded_year < 1500 || *o.founded_year > 2100))
    e.add("founded_year", "directory.errors.founded_year");
  // Unknown tags from a tampered form are dropped rather than stored.
  for (auto& m : o.municipalities)
    if (auto current = ref.current_number(m)) m = *current;
  keep_valid(o.municipalities, [&](const std::string& m) { return ref.municipality(m) != nullptr; });
  keep_valid(o.service_areas, [&](const std::string& s) { return ref.find(ref.service_areas, s) != nullptr; });
  keep_valid(o.target_groups, [&](const std::string& s) { return ref.find(ref.target_groups, s) != nullptr; });
  keep_valid(o.sdgs, [](std::int64_t n) { return n >= 1 && n <= 17; });
  if (o.kind == "social_enterprise" && o.service_areas.empty())
    e.add("service_areas", "directory.errors.service_area_required");
  return e;
}

std::string search_text_for(const Organisation& o, const Reference& ref) {
  std::vector<std::string> fields{o.name, o.short_description, o.long_description, o.city};
  for (auto& s : o.service_areas)
    if (auto n = ref.find(ref.service_areas, s)) fields.push_back(n->name_nb);
  for (auto& s : o.target_groups)
    if (auto n = ref.find(ref.target_groups, s)) fields.push_back(n->name_nb);
  if (o.municipality_number)
    if (auto m = ref.municipality(*o.municipality_number)) fields.push_back(m->name);
  return search::index_text(fields);
}

}  // namespace samskap::directory
