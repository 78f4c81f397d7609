// Demo data for the directory from content/demo/directory.toml: organisations from the
// source documents, described in our own words, with fictitious contact people.
#include "directory/demo.hpp"

#include <toml++/toml.h>

#include <map>
#include <stdexcept>

#include "directory/rules.hpp"
#include "directory/store.hpp"
#include "platform/core/clock.hpp"
#include "platform/search/text.hpp"

namespace samskap::directory {

namespace {

std::vector<std::string> strings(const toml::node_view<const toml::node>& n) {
  std::vector<std::string> out;
  if (auto arr = n.as_array())
    for (auto& v : *arr)
      if (auto s = v.value<std::string>()) out.push_back(*s);
  return out;
}

}  // namespace

void load_demo(db::Connection& c, const Reference& ref, const std::filesystem::path& file) {
  auto doc = toml::parse_file(file.string());
  auto now = clock::now_iso();
  std::map<std::string, std::int64_t> ids;
  std::vector<std::pair<std::int64_t, std::string>> parents;
  if (auto orgs = doc["organisation"].as_array()) {
    for (auto& node : *orgs) {
      auto& t = *node.as_table();
      auto view = toml::node_view<const toml::node>(t);
      Organisation o;
      auto key = view["key"].value_or(std::string());
      o.name = view["name"].value_or(std::string());
      o.kind = view["kind"].value_or(std::string());
      if (auto v = view["org_form"].value<std::string>()) o.org_form = *v;
      if (auto v = view["municipality"].value<std::string>()) o.municipality_number = *v;
      o.municipalities = strings(view["serves"]);
      o.service_areas = strings(view["service_areas"]);
      o.target_groups = strings(view["target_groups"]);
      if (auto arr = view["sdgs"].as_array())
        for (auto& v : *arr)
          if (auto n = v.value<std::int64_t>()) o.sdgs.push_back(*n);
      o.short_description = view["short_description"].value_or(std::string());
      o.long_description = view["long_description"].value_or(std::string());
      o.website = view["website"].value_or(std::string());
      if (auto v = view["founded_year"].value<std::int64_t>()) o.founded_year = *v;
      o.no_dividends = view["no_dividends"].value_or(false);
      o.status = view["status"].value_or(std::string("unverified"));
      o.created_at = o.updated_at = now;
      auto errors = check_organisation(o, ref);
      if (!errors.empty())
        throw std::runtime_error("demodata: " + key + " har feil i feltet " + errors.items.front().first);
      ids[key] = store::create(c, o, search_text_for(o, ref), search::sort_key(o.name));
      if (auto p = view["parent"].value<std::string>()) parents.emplace_back(ids[key], *p);
    }
  }
  for (auto& [id, parent] : parents) {
    auto it = ids.find(parent);
    if (it == ids.end()) throw std::runtime_error("demodata: ukjent overordnet " + parent);
    store::set_parent(c, id, it->second);
  }
  if (auto people = doc["person"].as_array()) {
    for (auto& node : *people) {
      auto view = toml::node_view<const toml::node>(*node.as_table());
      Person p;
      auto org = view["organisation"].value_or(std::string());
      auto it = ids.find(org);
      if (it == ids.end()) throw std::runtime_error("demodata: ukjent organisasjon " + org);
      p.organisation_id = it->second;
      p.name = view["name"].value_or(std::string());
      p.title = view["title"].value_or(std::string());
      p.email = view["email"].value_or(std::string());
      p.phone = view["phone"].value_or(std::string());
      if (view["public_consent"].value_or(false)) p.public_consent_at = now;
      auto person_id = store::add_person(c, p, now);
      if (auto roles = view["roles"].as_array())
        for (auto& r : *roles) {
          auto rv = toml::node_view<const toml::node>(r);
          ContactRole role;
          role.service_area = rv["service_area"].value_or(std::string());
          if (auto m = rv["municipality"].value<std::string>()) role.municipality_number = *m;
          store::add_contact_role(c, person_id, role);
        }
    }
  }
}

}  // namespace samskap::directory
