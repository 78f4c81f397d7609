#pragma once
// Demo impact plans with measurements and Ferd figures for a few demo enterprises.
#include <filesystem>

#include "platform/db/database.hpp"

namespace samskap::impact {
void load_demo(db::Connection& c, const std::filesystem::path& file);
}  // namespace samskap::impact
