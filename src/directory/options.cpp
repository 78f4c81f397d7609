#include "directory/options.hpp"

#include <algorithm>

#include "directory/model.hpp"

namespace samskap::directory {

namespace {

render::Object option(std::string value, std::string label, bool on, std::string_view flag) {
  render::Object o;
  o.set("value", std::move(value));
  o.set("label", std::move(label));
  if (on) o.set(std::string(flag), true);
  return o;
}

}  // namespace

render::List named_options(const std::vector<Named>& items, const std::string& lang,
                           const std::vector<std::string>& chosen, std::string_view flag) {
  render::List out;
  out.reserve(items.size());
  for (auto& n : items)
    out.emplace_back(option(n.key, n.name(lang), std::find(chosen.begin(), chosen.end(), n.key) != chosen.end(), flag));
  return out;
}

render::List kind_options(const web::Context& ctx, const std::string& chosen, std::string_view flag) {
  render::List out;
  out.reserve(kinds.size());
  for (auto k : kinds) out.emplace_back(option(std::string(k), ctx.t("directory.kinds." + std::string(k)), chosen == k, flag));
  return out;
}

render::List county_options(const Reference& ref, const std::string& chosen) {
  render::List out;
  out.reserve(ref.counties.size());
  for (auto& c : ref.counties) out.emplace_back(option(c.number, c.name, c.number == chosen, "selected"));
  return out;
}

render::List municipality_options(const Reference& ref, const std::string& chosen, const std::string& county) {
  render::List out;
  out.reserve(county.empty() ? ref.municipalities.size() : 64);
  for (auto& m : ref.municipalities)
    if (county.empty() || m.county_number == county)
      out.emplace_back(option(m.number, m.name, m.number == chosen, "selected"));
  return out;
}

}  // namespace samskap::directory
