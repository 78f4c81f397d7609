#pragma once
// Ids of rows the demo data's TOML files name by e-mail, name, title or key (src/*/demo.cpp).
#include <cstdint>
#include <string>

#include "platform/db/database.hpp"

namespace samskap::common::lookup_store {

enum class Named {
  user_by_email,
  organisation_by_name,
  need_by_title,
  call_by_title,
  scheme_by_name,
  indicator_by_seed_key,
};

// The id, or std::runtime_error naming the part of the demo data (`part`) and what was not found.
std::int64_t id_of(db::Connection& c, Named what, const std::string& name, const char* part);

}  // namespace samskap::common::lookup_store
