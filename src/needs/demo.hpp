#pragma once
#include <filesystem>

#include "directory/reference_store.hpp"
#include "platform/db/database.hpp"
#include "platform/web/app.hpp"

namespace samskap::needs {
// Loads content/demo/needs.toml: demo users with their memberships, and needs in every status.
void load_demo(db::Connection& c, const web::Services& services, const directory::Reference& ref,
               const std::filesystem::path& file);
}  // namespace samskap::needs
