#include "directory/register/routes.hpp"

#include <nlohmann/json.hpp>

#include "directory/orgnr.hpp"
#include "directory/register/store.hpp"

namespace samskap::directory::registry {
namespace {

http::Response json(int status, const nlohmann::json& body) {
  http::Response res = http::Response::json(status, body.dump());
  res.set_header("Cache-Control", "no-cache");
  return res;
}

bool four_digits(const std::string& s) {
  if (s.size() != 4) return false;
  for (const char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

nlohmann::json hit_json(const UnitHit& h) {
  return {{"organisasjonsnummer", h.orgnr},
          {"navn", h.name},
          {"organisasjonsform", h.org_form},
          {"kommunenummer", h.municipality_number},
          {"poststed", h.city}};
}

}  // namespace

http::Response lookup(web::Context& ctx) {
  const std::string input = ctx.req.param("orgnr");
  if (const auto problem = check_orgnr(input))
    return json(422, {{"error", ctx.t(orgnr_problem_key(*problem))}, {"orgnr", input}});
  const std::string orgnr = *normalise_orgnr(input);
  std::optional<std::string> data = store::active_data(ctx.db(), orgnr);
  if (!data) return json(404, {{"error", ctx.t("directory.registry.not_found", {{"orgnr", orgnr}})}});
  http::Response res = http::Response::json(200, std::move(*data));
  res.set_header("Cache-Control", "no-cache");
  return res;
}

http::Response autocomplete(web::Context& ctx) {
  const std::string name = ctx.req.query_value("navn");
  const std::string municipality = ctx.req.query_value("kommunenummer");
  if (!municipality.empty() && !four_digits(municipality))
    return json(422, {{"error", ctx.t("directory.registry.bad_municipality")}, {"kommunenummer", municipality}});

  nlohmann::json results = nlohmann::json::array();
  if (const auto orgnr = normalise_orgnr(name)) {
    if (const auto unit = store::find(ctx.db(), *orgnr); unit && !unit->removed())
      results.push_back(hit_json(UnitHit{unit->orgnr, unit->name, unit->org_form, unit->municipality_number, unit->city}));
  } else {
    for (const UnitHit& h : store::search(ctx.db(), name, municipality, kAutocompleteResults))
      results.push_back(hit_json(h));
  }
  return json(200, {{"results", std::move(results)}});
}

}  // namespace samskap::directory::registry
