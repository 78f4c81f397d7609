// What both drivers share: conveniences, transactions, URLs, the pool and SQLite backups.
#include "platform/db/database.hpp"

#include <condition_variable>
#include <filesystem>
#include <mutex>

#include "platform/db/drivers.hpp"

namespace samskap::db {
namespace {

DriverConnection* driver(Connection& c) { return dynamic_cast<DriverConnection*>(&c); }

}  // namespace

std::int64_t Connection::exec(std::string_view sql, Params params) {
  return run(sql, std::vector<Param>(params), RowFn());
}

void Connection::each(std::string_view sql, Params params, const RowFn& on_row) {
  run(sql, std::vector<Param>(params), on_row);
}

bool Connection::one(std::string_view sql, Params params, const RowFn& on_row) {
  bool found = false;
  run(sql, std::vector<Param>(params), [&](const Row& row) {
    if (found) return;
    found = true;
    on_row(row);
  });
  return found;
}

std::optional<std::int64_t> Connection::scalar_int(std::string_view sql, Params params) {
  std::optional<std::int64_t> out;
  one(sql, params, [&](const Row& row) { out = row.opt_integer(0); });
  return out;
}

std::optional<std::string> Connection::scalar_text(std::string_view sql, Params params) {
  std::optional<std::string> out;
  one(sql, params, [&](const Row& row) { out = row.opt_text(0); });
  return out;
}

std::int64_t Connection::insert_id(std::string_view sql_with_returning_id, Params params) {
  std::optional<std::int64_t> id;
  one(sql_with_returning_id, params, [&](const Row& row) { id = row.opt_integer(0); });
  if (!id) throw Error("INSERT … RETURNING id ga ingen id [SQL: " + std::string(sql_with_returning_id) + "]");
  return *id;
}

void Connection::begin(bool write) {
  if (in_tx_) throw Error("en transaksjon er allerede åpen på denne tilkoblingen (nestede transaksjoner støttes ikke)");
  if (auto* d = driver(*this)) d->reset_transaction_failed();
  exec(engine() == Engine::sqlite && write ? "BEGIN IMMEDIATE" : "BEGIN");
  in_tx_ = true;
}

void Connection::commit() {
  if (!in_tx_) throw Error("commit() uten åpen transaksjon");
  if (auto* d = driver(*this); d && d->transaction_failed()) {
    rollback();
    throw Error("transaksjonen ble rullet tilbake fordi en setning i den feilet");
  }
  try {
    exec("COMMIT");
  } catch (...) {
    // A failed COMMIT leaves the transaction open on SQLite and closed on PostgreSQL: end it on both.
    try {
      rollback();
    } catch (...) {
      in_tx_ = false;
    }
    throw;
  }
  in_tx_ = false;
}

void Connection::rollback() {
  if (!in_tx_) return;
  in_tx_ = false;
  // SQLite ends a transaction by itself after some errors (a full disk, an I/O error).
  if (auto* d = driver(*this); d && !d->engine_in_transaction()) return;
  exec("ROLLBACK");
}

Transaction::~Transaction() {
  if (done_) return;
  try {
    c_.rollback();
  } catch (...) {
    // A destructor must not throw; a connection that cannot roll back is discarded by the pool.
  }
}

Url parse_url(std::string_view url) {
  Url out;
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    out.engine = Engine::postgresql;
    out.conninfo = std::string(url);
    return out;
  }
  out.engine = Engine::sqlite;
  if (url.starts_with("sqlite:")) {
    std::string_view rest = url.substr(7);
    // "sqlite:///abs.db" keeps its leading slash, "sqlite://rel.db" and "sqlite:rel.db" are relative.
    if (rest.starts_with("//")) rest.remove_prefix(2);
    if (rest.empty()) throw Error("Database-URL «" + std::string(url) + "» mangler filsti");
    out.sqlite_path = std::string(rest);
    return out;
  }
  if (url == ":memory:" || (url.ends_with(".db") && url.find("://") == std::string_view::npos)) {
    out.sqlite_path = std::string(url);
    return out;
  }
  // Only the scheme is echoed: the rest may hold a password.
  const std::size_t scheme_end = url.find("://");
  const std::string shown = scheme_end == std::string_view::npos ? std::string(url) : std::string(url.substr(0, scheme_end)) + "://…";
  throw Error("Ukjent database-URL «" + shown +
              "»: bruk sqlite:///sti/til/fil.db, sqlite::memory:, en sti som slutter på .db eller "
              "postgresql://bruker@vert:port/database");
}

std::unique_ptr<Connection> connect(const Url& url) {
  return url.engine == Engine::postgresql ? open_postgresql(url.conninfo) : open_sqlite(url.sqlite_path);
}

struct Pool::Impl {
  std::mutex mutex;
  std::condition_variable freed;
  std::vector<std::unique_ptr<Connection>> idle;
  std::size_t open = 0;  // idle and leased together
  std::size_t max = 0;
};

Pool::Pool(Url url, std::size_t size) : url_(std::move(url)), impl_(std::make_unique<Impl>()) {
  if (size == 0) throw Error("en tilkoblingspool må ha minst én tilkobling");
  // Every connection to ":memory:" is a database of its own.
  if (url_.engine == Engine::sqlite && url_.sqlite_path == ":memory:") size = 1;
  impl_->max = size;
}

Pool::~Pool() = default;

Pool::Lease Pool::acquire() {
  std::unique_lock lock(impl_->mutex);
  impl_->freed.wait(lock, [&] { return !impl_->idle.empty() || impl_->open < impl_->max; });
  if (!impl_->idle.empty()) {
    std::unique_ptr<Connection> c = std::move(impl_->idle.back());
    impl_->idle.pop_back();
    return Lease(this, std::move(c));
  }
  ++impl_->open;
  lock.unlock();
  try {
    return Lease(this, connect(url_));
  } catch (...) {
    lock.lock();
    --impl_->open;
    impl_->freed.notify_one();
    throw;
  }
}

void Pool::release(std::unique_ptr<Connection> c) {
  try {
    // The next holder must not inherit an open transaction or a broken connection.
    if (c->in_transaction()) c->rollback();
    if (auto* d = driver(*c); d && d->take_error_flag() && !c->ping()) c.reset();
  } catch (...) {
    c.reset();
  }
  std::lock_guard lock(impl_->mutex);
  if (c)
    impl_->idle.push_back(std::move(c));
  else
    --impl_->open;
  impl_->freed.notify_one();
}

Pool::Lease::~Lease() {
  if (pool_ && conn_) pool_->release(std::move(conn_));
}

Pool::Lease& Pool::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    if (pool_ && conn_) pool_->release(std::move(conn_));
    pool_ = other.pool_;
    conn_ = std::move(other.conn_);
  }
  return *this;
}

void sqlite_backup(Connection& source, const std::string& to_path) {
  if (source.engine() == Engine::postgresql)
    throw Error("Backup av PostgreSQL: bruk pg_dump (f.eks. pg_dump -Fc DATABASE > fil.dump)");
  namespace fs = std::filesystem;
  sqlite3* from = sqlite_handle(source);
  const fs::path target(to_path);
  std::error_code ec;

  const char* source_file = sqlite3_db_filename(from, "main");
  if (source_file && *source_file && fs::exists(target, ec) && fs::equivalent(target, source_file, ec))
    throw Error("Backup til " + to_path + ": målet er selve databasefilen");
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);

  // Written beside the target and renamed over it, so a half-written backup is never mistaken for one.
  fs::path partial = target;
  partial += ".partial";
  fs::remove(partial, ec);
  sqlite3* to = nullptr;
  auto fail = [&](const std::string& message) {
    if (to) sqlite3_close(to);
    std::error_code ignored;
    fs::remove(partial, ignored);
    throw Error("Backup til " + to_path + " feilet: " + message);
  };

  int rc = sqlite3_open_v2(partial.c_str(), &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) fail(to ? sqlite3_errmsg(to) : sqlite3_errstr(rc));
  sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
  if (!backup) fail(sqlite3_errmsg(to));
  rc = sqlite3_backup_step(backup, -1);
  const int finish_rc = sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) fail(sqlite3_errstr(rc));
  if (finish_rc != SQLITE_OK) fail(sqlite3_errmsg(to));
  rc = sqlite3_close(to);
  to = nullptr;
  if (rc != SQLITE_OK) fail(sqlite3_errstr(rc));
  fs::rename(partial, target, ec);
  if (ec) fail(ec.message());
}

}  // namespace samskap::db
