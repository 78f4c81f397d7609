#pragma once
// Demo data for grant schemes: schemes with their rule sets, calls placed around today's date so
// one is open and one is closed, and draft applications from demo users.
#include <filesystem>

#include "platform/db/database.hpp"

namespace samskap::grants {

void load_demo(db::Connection& c, const std::filesystem::path& file);

}  // namespace samskap::grants
