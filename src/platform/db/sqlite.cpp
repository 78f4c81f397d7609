// The SQLite driver: the sqlite3 C API, one prepared statement per SQL text and connection.
#include <climits>
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "platform/db/drivers.hpp"

namespace samskap::db {
namespace {

std::mutex hooks_mutex;
std::vector<std::function<void(sqlite3*)>>& open_hooks() {
  static std::vector<std::function<void(sqlite3*)>> hooks;
  return hooks;
}

// Generated SQL (IN lists of varying length) must not grow the cache without bound.
constexpr std::size_t max_cached_statements = 1024;

class SqliteRow final : public Row {
 public:
  explicit SqliteRow(sqlite3_stmt* stmt) : stmt_(stmt) {}
  // Asked each time: a schema change re-prepares the statement inside sqlite3_step().
  int size() const override { return sqlite3_column_count(stmt_); }
  bool is_null(int col) const override { return sqlite3_column_type(stmt_, check(col)) == SQLITE_NULL; }
  std::int64_t integer(int col) const override { return sqlite3_column_int64(stmt_, check(col)); }
  std::string_view text(int col) const override {
    const unsigned char* p = sqlite3_column_text(stmt_, check(col));
    if (!p) return {};
    return {reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))};
  }
  std::string blob(int col) const override {
    const void* p = sqlite3_column_blob(stmt_, check(col));
    if (!p) return {};
    return {static_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))};
  }

 private:
  int check(int col) const {
    if (col < 0 || col >= size())
      throw Error("SQLite: kolonne " + std::to_string(col) + " finnes ikke (raden har " + std::to_string(size()) +
                  ")");
    return col;
  }
  sqlite3_stmt* stmt_;
};

class SqliteConnection final : public DriverConnection {
 public:
  explicit SqliteConnection(const std::string& path) {
    if (path.empty()) throw Error("SQLite: tom filsti");
    if (path != ":memory:") create_parent_directory(path);
    int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                             nullptr);
    if (rc != SQLITE_OK) {
      std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      close();
      throw Error("SQLite: kan ikke åpne " + path + ": " + message);
    }
    try {
      sqlite3_extended_result_codes(db_, 1);
      // The busy timeout comes first: switching to WAL needs a lock another connection may hold.
      sqlite3_busy_timeout(db_, 5000);
      // Reads go through a memory map and a 64 MiB page cache: on this kind of machine every
      // pread is a costly system call, and list pages read thousands of rows.
      run_script(
          "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
          "PRAGMA mmap_size=1073741824; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;");
      std::vector<std::function<void(sqlite3*)>> hooks;
      {
        std::lock_guard lock(hooks_mutex);
        hooks = open_hooks();
      }
      for (const auto& hook : hooks) hook(db_);
    } catch (...) {
      close();
      throw;
    }
  }

  ~SqliteConnection() override { close(); }

  Engine engine() const override { return Engine::sqlite; }
  sqlite3* handle() const { return db_; }

  bool engine_in_transaction() override { return db_ && sqlite3_get_autocommit(db_) == 0; }

  std::int64_t run(std::string_view sql, const std::vector<Param>& params, const RowFn& on_row) override {
    sqlite3_stmt* stmt = nullptr;
    Cached* cached = nullptr;
    if (auto it = cache_.find(sql); it != cache_.end()) {
      if (it->second.busy) {
        // The same SQL is still stepping further up the stack (called from its own row callback).
        stmt = prepare(sql, false);
      } else {
        cached = &it->second;
        stmt = cached->stmt;
      }
    } else {
      if (cache_.size() >= max_cached_statements) evict_idle();
      stmt = prepare(sql, true);
      cached = &cache_.emplace(std::string(sql), Cached{stmt, false}).first->second;
    }
    if (cached) cached->busy = true;

    struct Finish {
      sqlite3_stmt* stmt;
      Cached* cached;
      ~Finish() {
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
        if (cached)
          cached->busy = false;
        else
          sqlite3_finalize(stmt);
      }
    } finish{stmt, cached};

    bind(stmt, sql, params);
    const sqlite3_int64 changes_before = sqlite3_total_changes64(db_);
    SqliteRow row(stmt);
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_ROW) {
        if (on_row) on_row(row);
      } else if (rc == SQLITE_DONE) {
        break;
      } else {
        fail(sqlite3_extended_errcode(db_), sqlite3_errmsg(db_), sql);
      }
    }
    // sqlite3_changes() keeps the count of the last DML statement, so a SELECT or DDL would repeat it.
    return sqlite3_total_changes64(db_) != changes_before ? sqlite3_changes64(db_) : 0;
  }

  void run_script(std::string_view sql) override {
    const std::string script(sql);
    char* message = nullptr;
    int rc = sqlite3_exec(db_, script.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
      std::string text = message ? message : sqlite3_errstr(rc);
      sqlite3_free(message);
      fail(sqlite3_extended_errcode(db_), text, sql);
    }
  }

  bool ping() override { return db_ && sqlite3_exec(db_, "SELECT 1", nullptr, nullptr, nullptr) == SQLITE_OK; }

 private:
  struct Cached {
    sqlite3_stmt* stmt;
    bool busy;
  };

  static void create_parent_directory(const std::string& path) {
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (parent.empty()) return;
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) throw Error("SQLite: kan ikke opprette mappen " + parent.string() + ": " + ec.message());
  }

  void close() {
    for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.stmt);
    cache_.clear();
    if (db_) sqlite3_close_v2(db_);
    db_ = nullptr;
  }

  void evict_idle() {
    for (auto it = cache_.begin(); it != cache_.end();) {
      if (it->second.busy) {
        ++it;
      } else {
        sqlite3_finalize(it->second.stmt);
        it = cache_.erase(it);
      }
    }
  }

  [[noreturn]] void fail(int code, std::string_view message, std::string_view sql) {
    note_error();
    std::string text = error_text("SQLite", message, sql);
    if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY || code == SQLITE_CONSTRAINT_ROWID)
      throw UniqueViolation(text);
    throw Error(text);
  }

  sqlite3_stmt* prepare(std::string_view sql, bool persistent) {
    if (sql.size() > INT_MAX) fail(SQLITE_TOOBIG, "SQL-teksten er for lang", sql.substr(0, 80));
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                persistent ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, &tail);
    if (rc != SQLITE_OK) fail(sqlite3_extended_errcode(db_), sqlite3_errmsg(db_), sql);
    if (!stmt) fail(SQLITE_MISUSE, "tom SQL-setning", sql);
    // Only one statement per run(); what follows may be blanks, semicolons or comments.
    const std::string_view rest(tail, static_cast<std::size_t>(sql.data() + sql.size() - tail));
    if (rest.find_first_not_of(" \t\r\n;") != std::string_view::npos) {
      sqlite3_stmt* extra = nullptr;
      rc = sqlite3_prepare_v3(db_, rest.data(), static_cast<int>(rest.size()), 0, &extra, nullptr);
      sqlite3_finalize(extra);
      if (rc != SQLITE_OK || extra) {
        sqlite3_finalize(stmt);
        fail(SQLITE_MISUSE, "run() tar én SQL-setning; bruk run_script() for flere", sql);
      }
    }
    return stmt;
  }

  void bind(sqlite3_stmt* stmt, std::string_view sql, const std::vector<Param>& params) {
    const int expected = sqlite3_bind_parameter_count(stmt);
    if (static_cast<std::size_t>(expected) != params.size())
      fail(SQLITE_RANGE,
           "setningen har " + std::to_string(expected) + " parametre, men fikk " + std::to_string(params.size()),
           sql);
    int index = 0;
    for (const Param& param : params) {
      ++index;
      int rc = SQLITE_OK;
      const auto& value = param.value();
      if (std::holds_alternative<std::nullptr_t>(value)) {
        rc = sqlite3_bind_null(stmt, index);
      } else if (const auto* i = std::get_if<std::int64_t>(&value)) {
        rc = sqlite3_bind_int64(stmt, index, *i);
      } else if (const auto* s = std::get_if<std::string_view>(&value)) {
        // The view outlives the statement's use of it: bindings are cleared before run() returns.
        rc = sqlite3_bind_text64(stmt, index, s->data() ? s->data() : "", s->size(), SQLITE_STATIC, SQLITE_UTF8);
      } else {
        const std::string_view bytes = std::get<Blob>(value).bytes;
        // A null pointer would bind NULL; an empty blob must stay an empty blob.
        rc = bytes.empty() ? sqlite3_bind_zeroblob(stmt, index, 0)
                           : sqlite3_bind_blob64(stmt, index, bytes.data(), bytes.size(), SQLITE_STATIC);
      }
      if (rc != SQLITE_OK) fail(rc, sqlite3_errmsg(db_), sql);
    }
  }

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, Cached, SqlHash, std::equal_to<>> cache_;
};

}  // namespace

std::unique_ptr<Connection> open_sqlite(const std::string& path) { return std::make_unique<SqliteConnection>(path); }

sqlite3* sqlite_handle(Connection& conn) {
  auto* sqlite = dynamic_cast<SqliteConnection*>(&conn);
  if (!sqlite) throw Error("tilkoblingen er ikke en SQLite-tilkobling");
  return sqlite->handle();
}

void on_sqlite_open(std::function<void(sqlite3*)> hook) {
  std::lock_guard lock(hooks_mutex);
  open_hooks().push_back(std::move(hook));
}

}  // namespace samskap::db
