#include "common/lookup_store.hpp"

#include <stdexcept>

namespace samskap::common::lookup_store {

std::int64_t id_of(db::Connection& c, Named what, const std::string& name, const char* part) {
  const char* sql = "";
  const char* label = "";
  switch (what) {
    case Named::user_by_email: sql = "SELECT id FROM users WHERE email = ?", label = "bruker"; break;
    case Named::organisation_by_name: sql = "SELECT id FROM organisations WHERE name = ?", label = "organisasjon"; break;
    case Named::need_by_title: sql = "SELECT id FROM needs WHERE title = ?", label = "behov"; break;
    case Named::call_by_title: sql = "SELECT id FROM grant_calls WHERE title = ?", label = "utlysning"; break;
    case Named::scheme_by_name: sql = "SELECT id FROM grant_schemes WHERE name = ?", label = "ordning"; break;
    case Named::indicator_by_seed_key: sql = "SELECT id FROM impact_indicators WHERE seed_key = ?", label = "indikator"; break;
  }
  auto id = c.scalar_int(sql, {name});
  if (!id) throw std::runtime_error(std::string("demodata for ") + part + ": ukjent " + label + " " + name);
  return *id;
}

}  // namespace samskap::common::lookup_store
