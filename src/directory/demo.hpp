#pragma once
#include <filesystem>

#include "directory/reference_store.hpp"
#include "platform/db/database.hpp"

namespace samskap::directory {
void load_demo(db::Connection& c, const Reference& ref, const std::filesystem::path& file);
}
