#pragma once
// The two drivers behind db::Connection, and the SQLite hooks other platform code needs
// (the FTS5 tokenizer is registered on every new SQLite connection).
#include <sqlite3.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "platform/db/database.hpp"

namespace samskap::db {

// What the drivers share beyond the public interface; used by Connection, Transaction and Pool.
class DriverConnection : public Connection {
 public:
  // Is the engine inside a transaction block right now (it may have ended one on its own)?
  virtual bool engine_in_transaction() = 0;

  // A statement failed since the last call: the pool pings the connection before reuse.
  bool take_error_flag() { return std::exchange(error_, false); }
  // A statement failed inside the current transaction, so it must not be committed.
  bool transaction_failed() const { return tx_failed_; }
  void reset_transaction_failed() { tx_failed_ = false; }

 protected:
  void note_error() {
    error_ = true;
    if (engine_in_transaction()) tx_failed_ = true;
  }

 private:
  bool error_ = false;
  bool tx_failed_ = false;
};

// Lets the statement caches look SQL up by string_view without building a std::string.
struct SqlHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

// "<engine>: <message> [SQL: <statement>]", the statement cut short if it is long.
inline std::string error_text(std::string_view engine, std::string_view message, std::string_view sql) {
  constexpr std::size_t max_sql = 400;
  std::string out;
  out.append(engine).append(": ").append(message);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  if (!sql.empty()) {
    out.append(" [SQL: ").append(sql.substr(0, max_sql));
    if (sql.size() > max_sql) out.append(" …");
    out.append("]");
  }
  return out;
}

std::unique_ptr<Connection> open_sqlite(const std::string& path);
std::unique_ptr<Connection> open_postgresql(const std::string& conninfo);

// The raw handle of a SQLite connection; throws Error for any other connection.
sqlite3* sqlite_handle(Connection& conn);

// Runs hook on every SQLite connection opened from now on, right after its PRAGMAs.
// Register at start-up, before the first connection is opened. Thread-safe.
void on_sqlite_open(std::function<void(sqlite3*)> hook);

}  // namespace samskap::db
