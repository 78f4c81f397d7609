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
    if (auto n = ref.find(ref.all_service_areas, s)) fields.push_back(n->name_nb);
  for (auto& s : o.target_groups)
    if (auto n = ref.find(ref.all_target_groups, s)) fields.push_back(n->name_nb);
  if (o.municipality_number)
    if (auto m = ref.municipality(*o.municipality_number)) fields.push_back(m->name);
  return search::index_text(fields);
}

std::string slug_for(std::string_view name) {
  static const std::pair<std::string_view, std::string_view> kLetters[] = {
      {"æ", "ae"}, {"ø", "o"}, {"å", "a"}, {"ä", "a"}, {"ö", "o"}, {"ü", "u"}, {"é", "e"}, {"è", "e"},
      {"ê", "e"},  {"á", "a"}, {"à", "a"}, {"ó", "o"}, {"ò", "o"}, {"ô", "o"}, {"í", "i"}, {"ú", "u"},
      {"ç", "c"},  {"ñ", "n"}, {"ß", "ss"}, {"č", "c"}, {"š", "s"}, {"ž", "z"}, {"ŋ", "n"}, {"đ", "d"}};
  const std::string folded = search::fold(name);
  std::string out;
  bool gap = false;
  for (std::size_t i = 0; i < folded.size();) {
    const unsigned char ch = static_cast<unsigned char>(folded[i]);
    std::string_view piece;
    std::size_t len = 1;
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
      piece = std::string_view(folded).substr(i, 1);
    } else if (ch >= 0x80) {
      len = ch >= 0xf0 ? 4 : ch >= 0xe0 ? 3 : ch >= 0xc0 ? 2 : 1;
      auto letter = std::string_view(folded).substr(i, len);
      for (auto& [from, to] : kLetters)
        if (letter == from) piece = to;
    }
    i += len;
    if (piece.empty()) {  // anything else separates words
      gap = !out.empty();
      continue;
    }
    if (gap) out += '-';
    gap = false;
    out += piece;
  }
  if (out.size() > 60) {
    out.resize(60);
    while (!out.empty() && out.back() == '-') out.pop_back();
  }
  return out;
}

web::FieldErrors check_list_entry(std::string& name_nb, std::string& name_en, const std::vector<Named>& others) {
  web::FieldErrors e;
  name_nb = web::trim(name_nb);
  name_en = web::trim(name_en);
  if (name_nb.empty()) e.add("name_nb", "directory.lists.errors.name_nb_required");
  else if (web::utf8_length(name_nb) > 100) e.add("name_nb", "directory.lists.errors.too_long");
  else if (slug_for(name_nb).empty()) e.add("name_nb", "directory.lists.errors.no_letters");
  if (name_en.empty()) e.add("name_en", "directory.lists.errors.name_en_required");
  else if (web::utf8_length(name_en) > 100) e.add("name_en", "directory.lists.errors.too_long");
  if (!e.has("name_nb")) {
    const auto key = slug_for(name_nb);
    const auto folded = search::fold(name_nb);
    for (auto& n : others)
      if (n.key == key || search::fold(n.name_nb) == folded) {
        e.add("name_nb", "directory.lists.errors.duplicate");
        break;
      }
  }
  return e;
}

}  // namespace samskap::directory
