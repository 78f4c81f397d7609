#pragma once
// One small database interface with two drivers (sqlite3, libpq).
// SQL is written once with '?' placeholders; the PostgreSQL driver rewrites them to $n.
// Statements are prepared once per connection and cached by their SQL text.
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace samskap::db {

enum class Engine { sqlite, postgresql };

struct Blob {
  std::string_view bytes;
};

// A bound parameter. Text and blobs are views: they must outlive the call.
class Param {
 public:
  Param(std::nullptr_t) : v_(nullptr) {}
  Param(std::int64_t i) : v_(i) {}
  Param(int i) : v_(static_cast<std::int64_t>(i)) {}
  Param(bool b) : v_(static_cast<std::int64_t>(b ? 1 : 0)) {}
  Param(std::string_view s) : v_(s) {}
  Param(const std::string& s) : v_(std::string_view(s)) {}
  Param(const char* s) : v_(std::string_view(s)) {}
  Param(Blob b) : v_(b) {}
  template <class T>
  Param(const std::optional<T>& o) : v_(nullptr) {
    if (o) *this = Param(*o);
  }
  const std::variant<std::nullptr_t, std::int64_t, std::string_view, Blob>& value() const { return v_; }

 private:
  std::variant<std::nullptr_t, std::int64_t, std::string_view, Blob> v_;
};

using Params = std::initializer_list<Param>;

// A row during iteration; valid only inside the callback.
// Timestamps read from PostgreSQL are normalised to "YYYY-MM-DDTHH:MM:SSZ" (UTC),
// booleans to 0/1, so store code reads the same values from both engines.
class Row {
 public:
  virtual ~Row() = default;
  virtual int size() const = 0;
  virtual bool is_null(int col) const = 0;
  virtual std::int64_t integer(int col) const = 0;      // NULL reads as 0
  virtual std::string_view text(int col) const = 0;     // NULL reads as ""
  virtual std::string blob(int col) const = 0;
  std::string str(int col) const { return std::string(text(col)); }
  std::optional<std::int64_t> opt_integer(int col) const {
    return is_null(col) ? std::nullopt : std::optional<std::int64_t>(integer(col));
  }
  std::optional<std::string> opt_text(int col) const {
    return is_null(col) ? std::nullopt : std::optional<std::string>(str(col));
  }
};

using RowFn = std::function<void(const Row&)>;

struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// A unique or primary-key constraint was violated (e.g. a duplicate e-mail).
struct UniqueViolation : Error {
  using Error::Error;
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Engine engine() const = 0;

  // Runs one statement; calls on_row for each result row; returns rows changed.
  virtual std::int64_t run(std::string_view sql, const std::vector<Param>& params, const RowFn& on_row) = 0;
  // Runs a script of several statements without parameters (migrations).
  virtual void run_script(std::string_view sql) = 0;
  // Is the connection still usable (used by the pool and /healthz)?
  virtual bool ping() = 0;

  // Conveniences over run().
  std::int64_t exec(std::string_view sql, Params params = {});
  void each(std::string_view sql, Params params, const RowFn& on_row);
  // Calls on_row for the first row only; returns whether there was one.
  bool one(std::string_view sql, Params params, const RowFn& on_row);
  std::optional<std::int64_t> scalar_int(std::string_view sql, Params params = {});
  std::optional<std::string> scalar_text(std::string_view sql, Params params = {});
  // INSERT ... RETURNING id on both engines.
  std::int64_t insert_id(std::string_view sql_with_returning_id, Params params);

  // Transactions. begin(true) takes the write lock at once on SQLite (BEGIN IMMEDIATE).
  void begin(bool write = true);
  // Refuses (and rolls back) when a statement inside the transaction failed, on SQLite as on
  // PostgreSQL, so code that would only work on one engine fails on both.
  void commit();
  void rollback();
  bool in_transaction() const { return in_tx_; }

 private:
  bool in_tx_ = false;
};

// RAII transaction: rolls back unless commit() was called.
class Transaction {
 public:
  explicit Transaction(Connection& c, bool write = true) : c_(c) { c_.begin(write); }
  ~Transaction();
  void commit() {
    c_.commit();
    done_ = true;
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

 private:
  Connection& c_;
  bool done_ = false;
};

struct Url {
  Engine engine = Engine::sqlite;
  std::string sqlite_path;  // for sqlite
  std::string conninfo;     // for postgresql: the URL as libpq takes it
};
// "sqlite:///abs/path.db", "sqlite://relative/path.db", "sqlite::memory:", a bare path,
// or "postgresql://user@host:port/db" / "postgres://...". Throws Error when malformed.
Url parse_url(std::string_view url);

std::unique_ptr<Connection> connect(const Url& url);

// A fixed-size pool of connections; acquire() waits for a free one. Thread-safe.
// Every Lease must be gone before the pool is destroyed.
class Pool {
 public:
  Pool(Url url, std::size_t size);
  ~Pool();
  class Lease {
   public:
    Lease(Pool* p, std::unique_ptr<Connection> c) : pool_(p), conn_(std::move(c)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&& other) noexcept;  // returns the connection it held first
    ~Lease();
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }
    Connection& get() { return *conn_; }

   private:
    Pool* pool_;
    std::unique_ptr<Connection> conn_;
  };
  Lease acquire();
  Engine engine() const { return url_.engine; }
  const Url& url() const { return url_; }

 private:
  friend class Lease;
  void release(std::unique_ptr<Connection> c);
  struct Impl;
  Url url_;
  std::unique_ptr<Impl> impl_;
};

// Online backup of a SQLite database to a file (sqlite3 backup API).
void sqlite_backup(Connection& source, const std::string& to_path);

}  // namespace samskap::db
