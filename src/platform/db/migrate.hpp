#pragma once
// Numbered SQL migrations: migrations/NNNN_name.sql, or NNNN_name.sqlite.sql and
// NNNN_name.postgresql.sql where the engines need different SQL. Each is applied in its own
// transaction and recorded in schema_migrations; concurrent runners wait for each other.
#include <filesystem>
#include <string>
#include <vector>

#include "platform/db/database.hpp"

namespace samskap::db {

struct Migration {
  int version = 0;
  std::string name;
  std::filesystem::path file;
};

// The migrations for an engine, in version order. Throws Error on duplicate versions.
std::vector<Migration> list_migrations(const std::filesystem::path& dir, Engine engine);

// Applies what is missing; returns the versions applied now.
std::vector<int> migrate(Connection& conn, const std::filesystem::path& dir);

}  // namespace samskap::db
