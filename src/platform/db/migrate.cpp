// Numbered migrations, each applied once in its own transaction and recorded in schema_migrations.
#include "platform/db/migrate.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <ctime>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

namespace samskap::db {
namespace {

// Any fixed number shared by every Samskap process; it only has to differ from other advisory locks.
constexpr std::int64_t migration_lock_key = 727271;

std::string now_utc_iso() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error("kan ikke lese migreringen " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw Error("kan ikke lese migreringen " + file.string());
  return text.str();
}

struct Candidates {
  std::optional<Migration> generic;
  std::optional<Migration> specific;
};

}  // namespace

std::vector<Migration> list_migrations(const std::filesystem::path& dir, Engine engine) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw Error("fant ikke migreringsmappen " + dir.string());

  const std::string_view own_suffix = engine == Engine::sqlite ? ".sqlite.sql" : ".postgresql.sql";
  const std::string_view other_suffix = engine == Engine::sqlite ? ".postgresql.sql" : ".sqlite.sql";
  std::map<int, Candidates> by_version;

  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const std::string file = it->path().filename().string();
    if (!file.ends_with(".sql") || file.ends_with(other_suffix)) continue;
    const bool specific = file.ends_with(own_suffix);
    const std::string_view stem =
        std::string_view(file).substr(0, file.size() - (specific ? own_suffix.size() : std::string_view(".sql").size()));

    // NNNN_name: a silently skipped file would be a migration never applied, so refuse odd names.
    const std::size_t underscore = stem.find('_');
    int version = 0;
    const auto [end_of_number, parse_error] = std::from_chars(stem.data(), stem.data() + std::min(underscore, stem.size()), version);
    if (underscore == std::string_view::npos || underscore == 0 || underscore + 1 == stem.size() ||
        parse_error != std::errc() || end_of_number != stem.data() + underscore || version < 0)
      throw Error("migreringsfilen " + file + " må hete NNNN_navn.sql, NNNN_navn.sqlite.sql eller NNNN_navn.postgresql.sql");

    Migration m{version, std::string(stem.substr(underscore + 1)), it->path()};
    std::optional<Migration>& slot = specific ? by_version[version].specific : by_version[version].generic;
    if (slot)
      throw Error("to migreringer har versjon " + std::to_string(version) + ": " + slot->file.filename().string() +
                  " og " + file);
    slot = std::move(m);
  }
  if (ec) throw Error("kan ikke lese migreringsmappen " + dir.string() + ": " + ec.message());

  std::vector<Migration> out;
  for (auto& [version, c] : by_version) out.push_back(c.specific ? std::move(*c.specific) : std::move(*c.generic));
  return out;
}

std::vector<int> migrate(Connection& conn, const std::filesystem::path& dir) {
  if (conn.in_transaction()) throw Error("migrering kan ikke kjøres inne i en åpen transaksjon");
  const std::vector<Migration> migrations = list_migrations(dir, conn.engine());
  const bool postgresql = conn.engine() == Engine::postgresql;

  // PostgreSQL: one runner at a time for the whole run (also guards CREATE TABLE IF NOT EXISTS,
  // which races on PostgreSQL). SQLite: BEGIN IMMEDIATE below serialises each migration.
  struct AdvisoryLock {
    Connection* conn = nullptr;
    ~AdvisoryLock() {
      if (!conn) return;
      try {
        conn->exec("SELECT pg_advisory_unlock(?)", {migration_lock_key});
      } catch (...) {
        // A broken connection has lost its session locks anyway.
      }
    }
  } advisory;
  if (postgresql) {
    conn.exec("SELECT pg_advisory_lock(?)", {migration_lock_key});
    advisory.conn = &conn;
  }

  conn.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
  std::set<std::int64_t> applied;
  conn.each("SELECT version FROM schema_migrations", {}, [&](const Row& r) { applied.insert(r.integer(0)); });

  std::vector<int> done;
  for (const Migration& m : migrations) {
    if (applied.count(m.version)) continue;
    const std::string sql = read_file(m.file);
    Transaction tx(conn, true);
    // Another process may have applied it while we waited for the write lock.
    if (!postgresql && conn.scalar_int("SELECT 1 FROM schema_migrations WHERE version = ?", {m.version})) continue;
    try {
      conn.run_script(sql);
      conn.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                {m.version, m.name, now_utc_iso()});
      tx.commit();
    } catch (const Error& e) {
      throw Error("migreringen " + m.file.filename().string() + " feilet: " + e.what());
    }
    done.push_back(m.version);
  }
  return done;
}

}  // namespace samskap::db
