// All SQL of register_units. The import writes through a UnitWriter: on SQLite prepared
// statements on the raw handle, into a staging table swapped in at the end (first import) or in
// place in one transaction (re-runs); on PostgreSQL a temporary staging table filled in batches
// and merged with set-based statements in one transaction.
#include "directory/register/store.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <utility>

#include "directory/orgnr.hpp"
#include "platform/db/drivers.hpp"
#include "platform/search/text.hpp"

namespace samskap::directory::registry::store {
namespace {

// Candidates taken from the full-text index before the closest ones are picked: enough that a
// narrowed query ranks all its matches, few enough that a broad one stays fast.
constexpr int kSearchCandidates = 200;
// Completions of a word being typed that the search tries, the most common first.
constexpr int kCompletions = 24;

// An FTS5 string: in double quotes, a quote doubled.
std::string fts5_quoted(std::string_view word) {
  std::string out = "\"";
  for (const char ch : word) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
  return out;
}

constexpr std::string_view kUnitColumns =
    "orgnr, name, org_form, org_form_description, municipality_number, postcode, city, address, employees, "
    "employees_1_to_4, nace_code, sector_code, founded, registered_voluntary, registered_business, registered_vat, "
    "registered_foundation, bankrupt, winding_up, parent_orgnr, website, purpose, data, removed_at, updated_at";

std::optional<bool> opt_bool(const db::Row& r, int col) {
  if (r.is_null(col)) return std::nullopt;
  return r.integer(col) != 0;
}

RegisterUnit read_unit(const db::Row& r) {
  RegisterUnit u;
  u.orgnr = r.str(0);
  u.name = r.str(1);
  u.org_form = r.str(2);
  u.org_form_description = r.str(3);
  u.municipality_number = r.str(4);
  u.postcode = r.str(5);
  u.city = r.str(6);
  u.address = r.str(7);
  u.employees = r.opt_integer(8);
  u.employees_1_to_4 = r.integer(9) != 0;
  u.nace_code = r.str(10);
  u.sector_code = r.str(11);
  u.founded = r.str(12);
  u.registered_voluntary = opt_bool(r, 13);
  u.registered_business = opt_bool(r, 14);
  u.registered_vat = opt_bool(r, 15);
  u.registered_foundation = opt_bool(r, 16);
  u.bankrupt = opt_bool(r, 17);
  u.winding_up = opt_bool(r, 18);
  u.parent_orgnr = r.str(19);
  u.website = r.str(20);
  u.purpose = r.str(21);
  u.data = r.str(22);
  u.removed_at = r.opt_text(23);
  u.updated_at = r.str(24);
  return u;
}

std::int64_t orgnr_value(std::string_view nine_digits) {
  std::int64_t v = 0;
  std::from_chars(nine_digits.data(), nine_digits.data() + nine_digits.size(), v);
  return v;
}

// The municipality numbers that mean the same municipality as `number`: the current number and
// the pre-2024 ones it replaced (3907 Sandefjord: also 3804), from the municipalities table.
std::vector<std::string> same_municipality(db::Connection& c, const std::string& number) {
  std::vector<std::string> out{number};
  c.each(
      "SELECT number FROM municipalities "
      "WHERE coalesce(replaced_by, number) = (SELECT coalesce(replaced_by, number) FROM municipalities WHERE number = ?) "
      "ORDER BY number",
      {number}, [&](const db::Row& r) {
        std::string n = r.str(0);
        if (n != number) out.push_back(std::move(n));
      });
  return out;
}

// --- SQLite: the raw handle, statements prepared once per import ---

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) !=
        SQLITE_OK)
      throw db::Error(db::error_text("SQLite", sqlite3_errmsg(db), sql));
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binds the text, or NULL when it is empty. The text must outlive the next step().
  void text(int i, const std::string& s) {
    check(s.empty() ? sqlite3_bind_null(stmt_, i)
                    : sqlite3_bind_text64(stmt_, i, s.data(), s.size(), SQLITE_STATIC, SQLITE_UTF8));
  }
  void required_text(int i, const std::string& s) { view(i, s); }
  void view(int i, std::string_view s) {
    check(sqlite3_bind_text64(stmt_, i, s.data() ? s.data() : "", s.size(), SQLITE_STATIC, SQLITE_UTF8));
  }
  void integer(int i, std::int64_t v) { check(sqlite3_bind_int64(stmt_, i, v)); }
  void integer(int i, std::optional<std::int64_t> v) {
    check(v ? sqlite3_bind_int64(stmt_, i, *v) : sqlite3_bind_null(stmt_, i));
  }
  void boolean(int i, std::optional<bool> v) {
    check(v ? sqlite3_bind_int64(stmt_, i, *v ? 1 : 0) : sqlite3_bind_null(stmt_, i));
  }

  // Steps once; true when a row is ready.
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail();
  }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  sqlite3_stmt* get() { return stmt_; }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) fail();
  }
  [[noreturn]] void fail() {
    std::string message = db::error_text("SQLite", sqlite3_errmsg(db_), sqlite3_sql(stmt_));
    sqlite3_reset(stmt_);
    throw db::Error(message);
  }

  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// Binds the unit's columns in kUnitColumns order up to and including data, from index `first`;
// then search_text. Returns the next free index.
int bind_unit(Statement& s, int first, const ParsedUnit& p) {
  const RegisterUnit& u = p.unit;
  int i = first;
  s.required_text(i++, u.orgnr);
  s.required_text(i++, u.name);
  s.text(i++, u.org_form);
  s.text(i++, u.org_form_description);
  s.text(i++, u.municipality_number);
  s.text(i++, u.postcode);
  s.text(i++, u.city);
  s.text(i++, u.address);
  s.integer(i++, u.employees);
  s.integer(i++, std::int64_t{u.employees_1_to_4 ? 1 : 0});
  s.text(i++, u.nace_code);
  s.text(i++, u.sector_code);
  s.text(i++, u.founded);
  s.boolean(i++, u.registered_voluntary);
  s.boolean(i++, u.registered_business);
  s.boolean(i++, u.registered_vat);
  s.boolean(i++, u.registered_foundation);
  s.boolean(i++, u.bankrupt);
  s.boolean(i++, u.winding_up);
  s.text(i++, u.parent_orgnr);
  s.text(i++, u.website);
  s.text(i++, u.purpose);
  s.required_text(i++, u.data);
  s.required_text(i++, p.search_text);
  return i;
}

// The first whole-word occurrence of identifier `from` in a CREATE statement, replaced by `to`:
// the statement's own name ("CREATE TABLE register_units (" …). Comments and string arguments
// further on are left alone.
std::string rename_created(std::string sql, std::string_view from, std::string_view to) {
  const auto ident = [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
  };
  for (std::size_t at = sql.find(from); at != std::string::npos; at = sql.find(from, at + 1)) {
    const bool starts = at == 0 || !ident(sql[at - 1]);
    const bool ends = at + from.size() == sql.size() || !ident(sql[at + from.size()]);
    if (starts && ends) return sql.replace(at, from.size(), to);
  }
  throw db::Error("fant ikke navnet " + std::string(from) + " i " + sql.substr(0, 80));
}

// Copies the WAL into the database file from its own connection while the import goes on, so
// that this work overlaps the import's instead of following its last commit.
class Checkpointer {
 public:
  explicit Checkpointer(const char* path) {
    if (!path || !*path) return;  // an in-memory database has nothing to copy
    // A connection uses the WAL once it has read the database; until then it has nothing to copy.
    if (sqlite3_open_v2(path, &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK ||
        sqlite3_exec(db_, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr) != SQLITE_OK) {
      sqlite3_close(db_);
      db_ = nullptr;
      return;  // the import's last checkpoint copies it all then
    }
    thread_ = std::thread([this] {
      std::unique_lock lock(mutex_);
      while (!stop_) {
        lock.unlock();
        // PASSIVE never waits for the writer or readers; what it cannot copy now it copies later.
        sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        lock.lock();
        wake_.wait_for(lock, std::chrono::milliseconds(20), [&] { return stop_; });
      }
    });
  }
  ~Checkpointer() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
    sqlite3_close(db_);
  }
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

 private:
  sqlite3* db_ = nullptr;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
};

// The SQLite writer. Two ways, chosen by whether the table holds units yet:
//
// In place (a re-run): one transaction; each unit is looked up and inserted, updated or left,
// then absent units are marked removed. Work follows what changed.
//
// Fresh (the first import): the units go into a staging table (register_units_next, with its own
// full-text index) in transactions of kFreshChunkUnits, while a second connection copies the WAL
// into the database file; one last transaction swaps the staging table in. Readers see an empty
// table until then, and a failed import leaves the staging table for the next one to drop.
//
// Both keep the full-text index in step themselves instead of through the triggers: a trigger
// makes every INSERT a statement with a savepoint, and FTS5 writes its pending terms out as a new
// segment at every savepoint, which costs more than storing the row. The in-place way drops the
// triggers for its transaction and re-creates them from their own SQL before it commits (DDL is
// transactional, so a failed import gets them back with the rollback).
class SqliteWriter final : public UnitWriter {
 public:
  SqliteWriter(db::Connection& c, std::string now) : conn_(c), db_(db::sqlite_handle(c)), now_(std::move(now)) {
    try {
      start();
    } catch (...) {
      clean_up();
      throw;
    }
  }

  ~SqliteWriter() override { clean_up(); }

  void write(const std::vector<ParsedUnit>& units) override {
    for (const ParsedUnit& p : units) {
      const std::int64_t id = orgnr_value(p.unit.orgnr);
      if (!fresh_) {
        Statement& lookup = *lookup_;
        lookup.integer(1, id);
        if (lookup.step()) {
          sqlite3_stmt* row = lookup.get();
          const bool removed = sqlite3_column_int(row, 1) != 0;
          if (!removed && column_text(row, 0) == p.unit.data) {
            lookup.reset();
            ++counts_.unchanged;
            continue;
          }
          if (!removed) unindex(id, column_text(row, 2), column_text_or_null(row, 3));
          lookup.reset();
          Statement& update = *update_;
          const int next = bind_unit(update, 1, p);
          update.required_text(next, now_);
          update.integer(next + 1, id);
          update.step();
          update.reset();
          index(id, p);
          ++counts_.updated;
          continue;
        }
        lookup.reset();
      }
      Statement& insert = *insert_;
      insert.integer(1, id);
      const int next = bind_unit(insert, 2, p);
      insert.required_text(next, now_);
      insert.step();
      insert.reset();
      index(id, p);
      ++counts_.inserted;
      if (fresh_ && ++chunk_ >= kFreshChunkUnits) {
        chunk_ = 0;
        conn_.commit();
        conn_.begin(true);
      }
    }
  }

  void keep(const std::vector<std::string>& orgnrs) override {
    // finish() asks in_file(), which knows these numbers too; their words stay in the vocabulary.
    for (const std::string& n : orgnrs) kept_.push_back(orgnr_value(n));
  }

  WriteCounts finish(const std::function<bool(std::int64_t)>& in_file, TermCounts& terms) override {
    if (fresh_) {
      conn_.commit();
      statements_.clear();
      checkpointer_.reset();
      swap_in();
    } else {
      remove_absent(in_file);
      statements_.clear();
    }
    for (const auto& [name, sql] : triggers_) conn_.run_script(sql);
    write_terms(terms);
    conn_.commit();
    finished_ = true;
    if (fresh_) conn_.exec("PRAGMA wal_checkpoint(TRUNCATE)");  // the WAL grew to the size of the table
    return counts_;
  }

 private:
  static constexpr int kFreshChunkUnits = 8192;

  void start() {
    db::Connection& c = conn_;
    cache_size_ = c.scalar_int("PRAGMA cache_size").value_or(-2000);
    mmap_size_ = c.scalar_int("PRAGMA mmap_size").value_or(0);
    autocheckpoint_ = c.scalar_int("PRAGMA wal_autocheckpoint").value_or(1000);
    // For this connection while the import runs: a 64 MiB page cache (fewer pages spilled), and
    // no memory map, which would keep every page a re-run looks at resident: memory stays flat.
    c.exec("PRAGMA cache_size = -65536");
    c.exec("PRAGMA mmap_size = 0");
    c.begin(true);
    fresh_ = !c.scalar_int("SELECT EXISTS (SELECT 1 FROM register_units)").value_or(0);
    c.each(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'register_units' "
        "AND sql LIKE '%register_units_fts%' ORDER BY name",
        {}, [&](const db::Row& r) { triggers_.emplace_back(r.str(0), r.str(1)); });
    if (fresh_) {
      c.rollback();
      start_fresh();
    } else {
      for (const auto& [name, sql] : triggers_) c.exec("DROP TRIGGER \"" + name + "\"");
    }
    prepare(fresh_ ? "register_units_next" : "register_units", fresh_ ? "register_units_next_fts" : "register_units_fts");
  }

  // Leaves the table as it was when the import did not finish, and the connection as it found it.
  void clean_up() {
    statements_.clear();
    checkpointer_.reset();
    try {
      if (conn_.in_transaction()) conn_.rollback();
      if (fresh_ && !finished_)
        conn_.run_script("DROP TABLE IF EXISTS register_units_next_fts; DROP TABLE IF EXISTS register_units_next;");
    } catch (...) {
      // The next import drops what is left of the staging table before it starts.
    }
    try {
      conn_.exec("PRAGMA cache_size = " + std::to_string(cache_size_));
      conn_.exec("PRAGMA mmap_size = " + std::to_string(mmap_size_));
      conn_.exec("PRAGMA wal_autocheckpoint = " + std::to_string(autocheckpoint_));
    } catch (...) {
      // The connection keeps the import's settings; nothing else depends on them.
    }
  }

  void start_fresh() {
    conn_.run_script("DROP TABLE IF EXISTS register_units_next_fts; DROP TABLE IF EXISTS register_units_next;");
    const std::optional<std::string> table =
        conn_.scalar_text("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'register_units'");
    const std::optional<std::string> fts =
        conn_.scalar_text("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'register_units_fts'");
    if (!table || !fts) throw db::Error("tabellene register_units og register_units_fts mangler; kjør migreringene");
    conn_.begin(true);
    conn_.exec(rename_created(*table, "register_units", "register_units_next"));
    conn_.exec(rename_created(*fts, "register_units_fts", "register_units_next_fts"));
    // The index's settings (see the migration) live in its shadow table, not in its SQL.
    std::vector<std::pair<std::string, std::string>> settings;
    conn_.each("SELECT k, v FROM register_units_fts_config WHERE k <> 'version'", {},
               [&](const db::Row& r) { settings.emplace_back(r.str(0), r.str(1)); });
    for (const auto& [key, value] : settings)
      conn_.exec("INSERT INTO register_units_next_fts (register_units_next_fts, rank) VALUES (?, ?)", {key, value});
    conn_.commit();
    // The WAL is copied by the checkpointer, not at each of this connection's commits.
    conn_.exec("PRAGMA wal_autocheckpoint = 0");
    checkpointer_ = std::make_unique<Checkpointer>(sqlite3_db_filename(db_, "main"));
    conn_.begin(true);
  }

  // Replaces the empty table and its index by the staging ones, in one transaction.
  void swap_in() {
    conn_.begin(true);
    if (conn_.scalar_int("SELECT EXISTS (SELECT 1 FROM register_units)").value_or(0))
      throw db::Error("en annen import har fylt register_units i mellomtiden; kjør importen på nytt");
    std::vector<std::string> indexes;  // explicit ones; UNIQUE constraints' indexes follow the table
    conn_.each("SELECT sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'register_units' AND sql IS NOT NULL",
               {}, [&](const db::Row& r) { indexes.push_back(r.str(0)); });
    conn_.exec("DROP TABLE register_units_fts");
    conn_.exec("DROP TABLE register_units");
    conn_.exec("ALTER TABLE register_units_next RENAME TO register_units");
    conn_.exec("ALTER TABLE register_units_next_fts RENAME TO register_units_fts");
    for (const std::string& sql : indexes) conn_.exec(sql);
  }

  void remove_absent(const std::function<bool(std::int64_t)>& in_file) {
    // The numbers come from the orgnr index (a covering scan), not from the wide table rows.
    std::vector<std::int64_t> absent;
    {
      Statement ids(db_, "SELECT id FROM register_units ORDER BY orgnr");
      while (ids.step()) {
        const std::int64_t id = sqlite3_column_int64(ids.get(), 0);
        if (!in_file(id)) absent.push_back(id);
      }
    }
    Statement remove(db_,
                     "UPDATE register_units SET removed_at = ?, updated_at = ? WHERE id = ? AND removed_at IS NULL "
                     "RETURNING search_text, municipality_number");
    for (const std::int64_t id : absent) {
      remove.required_text(1, now_);
      remove.required_text(2, now_);
      remove.integer(3, id);
      if (remove.step()) {
        const std::string search_text(column_text(remove.get(), 0));
        const std::optional<std::string> municipality = column_text_or_null(remove.get(), 1);
        while (remove.step()) {
        }
        remove.reset();
        unindex(id, search_text, municipality);
        ++counts_.removed;
      } else {
        remove.reset();
      }
    }
  }

  void prepare(const std::string& table, const std::string& fts) {
    statements_.clear();
    insert_ = &add("INSERT INTO " + table +
                   " (id, orgnr, name, org_form, org_form_description, municipality_number, postcode, city, address, "
                   "employees, employees_1_to_4, nace_code, sector_code, founded, registered_voluntary, "
                   "registered_business, registered_vat, registered_foundation, bankrupt, winding_up, parent_orgnr, "
                   "website, purpose, data, search_text, removed_at, updated_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)");
    index_ = &add("INSERT INTO " + fts + " (rowid, search_text, municipality_number) VALUES (?, ?, ?)");
    if (fresh_) return;
    update_ = &add(
        "UPDATE register_units SET orgnr = ?, name = ?, org_form = ?, org_form_description = ?, "
        "municipality_number = ?, postcode = ?, city = ?, address = ?, employees = ?, employees_1_to_4 = ?, "
        "nace_code = ?, sector_code = ?, founded = ?, registered_voluntary = ?, registered_business = ?, "
        "registered_vat = ?, registered_foundation = ?, bankrupt = ?, winding_up = ?, parent_orgnr = ?, "
        "website = ?, purpose = ?, data = ?, search_text = ?, removed_at = NULL, updated_at = ? WHERE id = ?");
    lookup_ = &add(
        "SELECT data, removed_at IS NOT NULL, search_text, municipality_number FROM register_units WHERE id = ?");
    unindex_ = &add(
        "INSERT INTO register_units_fts (register_units_fts, rowid, search_text, municipality_number) "
        "VALUES ('delete', ?, ?, ?)");
  }

  Statement& add(const std::string& sql) { return *statements_.emplace_back(std::make_unique<Statement>(db_, sql)); }

  // The vocabulary of active units: the file's words, and those of units kept from damaged rows.
  void write_terms(TermCounts& terms) {
    if (!kept_.empty()) {
      Statement words(db_, "SELECT search_text FROM register_units WHERE id = ? AND removed_at IS NULL");
      for (const std::int64_t id : kept_) {
        words.integer(1, id);
        if (words.step()) {
          std::string_view rest = column_text(words.get(), 0);
          while (!rest.empty()) {
            const std::size_t space = rest.find(' ');
            const std::string_view word = rest.substr(0, space);
            if (auto it = terms.find(word); it != terms.end()) {
              ++it->second;
            } else if (!word.empty()) {
              terms.emplace(std::string(word), 1);
            }
            rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
          }
        }
        words.reset();
      }
    }
    std::vector<std::pair<std::string_view, std::int64_t>> sorted(terms.begin(), terms.end());
    std::sort(sorted.begin(), sorted.end());
    conn_.exec("DELETE FROM register_terms");
    Statement insert(db_, "INSERT INTO register_terms (term, units) VALUES (?, ?)");
    for (const auto& [term, units] : sorted) {
      insert.view(1, term);
      insert.integer(2, units);
      insert.step();
      insert.reset();
    }
  }

  static std::string_view column_text(sqlite3_stmt* s, int col) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, col));
    return text ? std::string_view(text, static_cast<std::size_t>(sqlite3_column_bytes(s, col))) : std::string_view();
  }
  static std::optional<std::string> column_text_or_null(sqlite3_stmt* s, int col) {
    if (sqlite3_column_type(s, col) == SQLITE_NULL) return std::nullopt;
    return std::string(column_text(s, col));
  }

  // Active units are in the index with their search text and municipality, as the triggers put them.
  void index(std::int64_t id, const ParsedUnit& p) {
    Statement& s = *index_;
    s.integer(1, id);
    s.required_text(2, p.search_text);
    s.text(3, p.unit.municipality_number);
    s.step();
    s.reset();
  }
  void unindex(std::int64_t id, std::string_view search_text, const std::optional<std::string>& municipality) {
    const std::string text(search_text);  // the view may point into another statement's row
    Statement& s = *unindex_;
    s.integer(1, id);
    s.required_text(2, text);
    s.text(3, municipality.value_or(std::string()));
    s.step();
    s.reset();
  }

  db::Connection& conn_;
  sqlite3* db_;
  std::string now_;
  bool fresh_ = false;
  bool finished_ = false;
  std::int64_t cache_size_ = -2000;
  std::int64_t mmap_size_ = 0;
  std::int64_t autocheckpoint_ = 1000;
  std::vector<std::pair<std::string, std::string>> triggers_;  // (name, SQL) of the index triggers
  std::vector<std::unique_ptr<Statement>> statements_;
  Statement* insert_ = nullptr;
  Statement* index_ = nullptr;
  Statement* update_ = nullptr;
  Statement* lookup_ = nullptr;
  Statement* unindex_ = nullptr;
  std::unique_ptr<Checkpointer> checkpointer_;
  std::vector<std::int64_t> kept_;
  int chunk_ = 0;
  WriteCounts counts_;
};

// --- PostgreSQL: a staging table filled through unnest() of array parameters ---

// A PostgreSQL array literal of texts: {"a","b \"c\"",NULL}.
class ArrayLiteral {
 public:
  void text(std::string_view s) {
    begin();
    out_ += '"';
    for (const char c : s) {
      if (c == '"' || c == '\\') out_ += '\\';
      out_ += c;
    }
    out_ += '"';
  }
  void text_or_null(std::string_view s) {
    if (s.empty()) {
      null();
    } else {
      text(s);
    }
  }
  void integer(std::optional<std::int64_t> v) {
    if (!v) return null();
    begin();
    out_ += std::to_string(*v);
  }
  void boolean(std::optional<bool> v) {
    if (!v) return null();
    integer(*v ? 1 : 0);
  }
  void null() {
    begin();
    out_ += "NULL";
  }
  std::string take() {
    if (out_.empty()) return "{}";
    out_ += '}';
    return std::exchange(out_, std::string());
  }

 private:
  void begin() {
    out_ += out_.empty() ? '{' : ',';
  }
  std::string out_;
};

class PostgresWriter final : public UnitWriter {
 public:
  PostgresWriter(db::Connection& c, std::string now) : c_(c), now_(std::move(now)) {
    c_.begin(true);
    c_.exec(
        "CREATE TEMP TABLE register_import ("
        "orgnr TEXT PRIMARY KEY, name TEXT, org_form TEXT, org_form_description TEXT, municipality_number TEXT, "
        "postcode TEXT, city TEXT, address TEXT, employees BIGINT, employees_1_to_4 INTEGER, nace_code TEXT, "
        "sector_code TEXT, founded TEXT, registered_voluntary INTEGER, registered_business INTEGER, "
        "registered_vat INTEGER, registered_foundation INTEGER, bankrupt INTEGER, winding_up INTEGER, "
        "parent_orgnr TEXT, website TEXT, purpose TEXT, data TEXT, search_text TEXT, "
        "keep_only BOOLEAN NOT NULL DEFAULT false) ON COMMIT DROP");
  }

  ~PostgresWriter() override {
    try {
      if (c_.in_transaction()) c_.rollback();
    } catch (...) {
      // A broken connection has no transaction left to end.
    }
  }

  void write(const std::vector<ParsedUnit>& units) override {
    if (units.empty()) return;
    constexpr int n = 24;
    ArrayLiteral a[n];
    for (const ParsedUnit& p : units) {
      const RegisterUnit& u = p.unit;
      a[0].text(u.orgnr);
      a[1].text(u.name);
      a[2].text_or_null(u.org_form);
      a[3].text_or_null(u.org_form_description);
      a[4].text_or_null(u.municipality_number);
      a[5].text_or_null(u.postcode);
      a[6].text_or_null(u.city);
      a[7].text_or_null(u.address);
      a[8].integer(u.employees);
      a[9].integer(u.employees_1_to_4 ? 1 : 0);
      a[10].text_or_null(u.nace_code);
      a[11].text_or_null(u.sector_code);
      a[12].text_or_null(u.founded);
      a[13].boolean(u.registered_voluntary);
      a[14].boolean(u.registered_business);
      a[15].boolean(u.registered_vat);
      a[16].boolean(u.registered_foundation);
      a[17].boolean(u.bankrupt);
      a[18].boolean(u.winding_up);
      a[19].text_or_null(u.parent_orgnr);
      a[20].text_or_null(u.website);
      a[21].text_or_null(u.purpose);
      a[22].text(u.data);
      a[23].text(p.search_text);
    }
    std::string v[n];
    for (int i = 0; i < n; ++i) v[i] = a[i].take();
    c_.exec(
        "INSERT INTO register_import (orgnr, name, org_form, org_form_description, municipality_number, postcode, "
        "city, address, employees, employees_1_to_4, nace_code, sector_code, founded, registered_voluntary, "
        "registered_business, registered_vat, registered_foundation, bankrupt, winding_up, parent_orgnr, website, "
        "purpose, data, search_text) "
        "SELECT * FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), "
        "CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS bigint[]), "
        "CAST(? AS integer[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS integer[]), "
        "CAST(? AS integer[]), CAST(? AS integer[]), CAST(? AS integer[]), CAST(? AS integer[]), "
        "CAST(? AS integer[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), "
        "CAST(? AS text[]))",
        {v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15], v[16],
         v[17], v[18], v[19], v[20], v[21], v[22], v[23]});
  }

  void keep(const std::vector<std::string>& orgnrs) override {
    ArrayLiteral a;
    for (const std::string& n : orgnrs) a.text(n);
    c_.exec("INSERT INTO register_import (orgnr, keep_only) SELECT unnest(CAST(? AS text[])), true", {a.take()});
  }

  WriteCounts finish(const std::function<bool(std::int64_t)>&, TermCounts&) override {
    WriteCounts counts;
    c_.exec("ANALYZE register_import");
    counts.updated = c_.exec(
        "UPDATE register_units AS u SET name = s.name, org_form = s.org_form, "
        "org_form_description = s.org_form_description, municipality_number = s.municipality_number, "
        "postcode = s.postcode, city = s.city, address = s.address, employees = s.employees, "
        "employees_1_to_4 = s.employees_1_to_4, nace_code = s.nace_code, sector_code = s.sector_code, "
        "founded = s.founded, registered_voluntary = s.registered_voluntary, "
        "registered_business = s.registered_business, registered_vat = s.registered_vat, "
        "registered_foundation = s.registered_foundation, bankrupt = s.bankrupt, winding_up = s.winding_up, "
        "parent_orgnr = s.parent_orgnr, website = s.website, purpose = s.purpose, data = s.data, "
        "search_text = s.search_text, removed_at = NULL, updated_at = ? "
        "FROM register_import AS s "
        "WHERE s.orgnr = u.orgnr AND NOT s.keep_only AND (u.data IS DISTINCT FROM s.data OR u.removed_at IS NOT NULL)",
        {now_});
    counts.inserted = c_.exec(
        "INSERT INTO register_units (orgnr, name, org_form, org_form_description, municipality_number, postcode, "
        "city, address, employees, employees_1_to_4, nace_code, sector_code, founded, registered_voluntary, "
        "registered_business, registered_vat, registered_foundation, bankrupt, winding_up, parent_orgnr, website, "
        "purpose, data, search_text, updated_at) "
        "SELECT orgnr, name, org_form, org_form_description, municipality_number, postcode, city, address, employees, "
        "employees_1_to_4, nace_code, sector_code, founded, registered_voluntary, registered_business, "
        "registered_vat, registered_foundation, bankrupt, winding_up, parent_orgnr, website, purpose, data, "
        "search_text, ? FROM register_import AS s "
        "WHERE NOT s.keep_only AND NOT EXISTS (SELECT 1 FROM register_units AS u WHERE u.orgnr = s.orgnr)",
        {now_});
    const std::int64_t staged = c_.scalar_int("SELECT count(*) FROM register_import WHERE NOT keep_only").value_or(0);
    counts.unchanged = staged - counts.inserted - counts.updated;
    counts.removed = c_.exec(
        "UPDATE register_units AS u SET removed_at = ?, updated_at = ? "
        "WHERE u.removed_at IS NULL AND NOT EXISTS (SELECT 1 FROM register_import AS s WHERE s.orgnr = u.orgnr)",
        {now_, now_});
    c_.exec("DROP TABLE register_import");
    c_.commit();
    return counts;
  }

 private:
  db::Connection& c_;
  std::string now_;
};

}  // namespace

std::optional<RegisterUnit> find(db::Connection& c, const std::string& orgnr) {
  const std::optional<std::string> number = normalise_orgnr(orgnr);
  if (!number) return std::nullopt;
  std::optional<RegisterUnit> out;
  c.one("SELECT " + std::string(kUnitColumns) + " FROM register_units WHERE orgnr = ?", {*number},
        [&](const db::Row& r) { out = read_unit(r); });
  return out;
}

std::optional<std::string> active_data(db::Connection& c, const std::string& orgnr) {
  return c.scalar_text("SELECT data FROM register_units WHERE orgnr = ? AND removed_at IS NULL", {orgnr});
}

std::vector<UnitHit> search(db::Connection& c, std::string_view query, const std::string& municipality_number,
                            int limit) {
  std::vector<UnitHit> hits;
  const search::Query q = search::parse_query(query);
  if (q.empty() || limit <= 0) return hits;
  const std::vector<std::string> municipalities =
      municipality_number.empty() ? std::vector<std::string>{} : same_municipality(c, municipality_number);
  auto on_row = [&](const db::Row& r) {
    hits.push_back(UnitHit{r.str(0), r.str(1), r.str(2), r.str(3), r.str(4)});
  };
  const std::string candidates = std::to_string(kSearchCandidates);

  if (c.engine() == db::Engine::sqlite) {
    // Only active units are in the index (see the triggers), so no removed_at test is needed.
    std::string words;
    for (const std::string& term : q.terms) words += (words.empty() ? "" : " AND ") + fts5_quoted(term);
    if (!q.prefix.empty()) {
      // As search::fts5_match(): the last word matches its stem as a word, or is a prefix.
      const std::string stemmed = search::stem(q.prefix);
      std::string either = fts5_quoted(stemmed);
      c.each("SELECT term FROM register_terms WHERE term >= ? AND term < ? ORDER BY units DESC, term LIMIT ?",
             {q.prefix, q.prefix + "\xff", kCompletions}, [&](const db::Row& r) {
               if (r.text(0) != stemmed) either += " OR " + fts5_quoted(r.text(0));
             });
      words += (words.empty() ? "(" : " AND (") + either + ")";
    }
    std::string match = "search_text : (" + words + ")";
    if (!municipalities.empty()) {
      match += " AND municipality_number : (";
      for (std::size_t i = 0; i < municipalities.size(); ++i) {
        if (i > 0) match += " OR ";
        match += fts5_quoted(municipalities[i]);
      }
      match += ")";
    }
    c.each(
        "SELECT u.orgnr, u.name, u.org_form, u.municipality_number, u.city "
        "FROM (SELECT rowid AS id FROM register_units_fts WHERE register_units_fts MATCH ? LIMIT " +
            candidates +
            ") AS m "
            "JOIN register_units AS u ON u.id = m.id "
            "ORDER BY length(u.name), u.name, u.orgnr LIMIT ?",
        {match, limit}, on_row);
    return hits;
  }

  std::string filter;
  ArrayLiteral numbers;
  if (!municipalities.empty()) {
    filter = " AND municipality_number = ANY (CAST(? AS text[]))";
    for (const std::string& m : municipalities) numbers.text(m);
  }
  const std::string sql =
      "SELECT orgnr, name, org_form, municipality_number, city FROM ("
      "SELECT orgnr, name, org_form, municipality_number, city FROM register_units "
      "WHERE search_vector @@ to_tsquery('simple', ?) AND removed_at IS NULL" +
      filter + " LIMIT " + candidates +
      ") AS m ORDER BY length(name), name, orgnr LIMIT ?";
  if (municipalities.empty()) {
    c.each(sql, {search::pg_tsquery(q), limit}, on_row);
  } else {
    c.each(sql, {search::pg_tsquery(q), numbers.take(), limit}, on_row);
  }
  return hits;
}

std::unique_ptr<UnitWriter> open_writer(db::Connection& c, std::string now) {
  if (c.engine() == db::Engine::sqlite) return std::make_unique<SqliteWriter>(c, std::move(now));
  return std::make_unique<PostgresWriter>(c, std::move(now));
}

}  // namespace samskap::directory::registry::store
