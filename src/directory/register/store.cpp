// All SQL of register_units. The import writes through a UnitWriter: on SQLite one prepared
// statement per kind of row on the raw handle (the bulk path), on PostgreSQL a staging table
// filled in batches and merged with set-based statements.
#include "directory/register/store.hpp"

#include <sqlite3.h>

#include <charconv>
#include <utility>

#include "directory/orgnr.hpp"
#include "platform/db/drivers.hpp"
#include "platform/search/text.hpp"

namespace samskap::directory::registry::store {
namespace {

// Candidates taken from the full-text index before the closest ones are picked: enough that a
// narrowed query ranks all its matches, few enough that a broad one stays fast.
constexpr int kSearchCandidates = 200;

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
  void required_text(int i, const std::string& s) {
    check(sqlite3_bind_text64(stmt_, i, s.data(), s.size(), SQLITE_STATIC, SQLITE_UTF8));
  }
  void integer(int i, std::int64_t v) { check(sqlite3_bind_int64(stmt_, i, v)); }
  void integer(int i, std::optional<std::int64_t> v) { check(v ? sqlite3_bind_int64(stmt_, i, *v) : sqlite3_bind_null(stmt_, i)); }
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

class SqliteWriter final : public UnitWriter {
 public:
  SqliteWriter(db::Connection& c, std::string now)
      : conn_(c),
        db_(db::sqlite_handle(c)),
        now_(std::move(now)),
        was_empty_(!c.scalar_int("SELECT EXISTS (SELECT 1 FROM register_units)").value_or(0)),
        insert_(db_,
                "INSERT INTO register_units (id, orgnr, name, org_form, org_form_description, municipality_number, "
                "postcode, city, address, employees, employees_1_to_4, nace_code, sector_code, founded, "
                "registered_voluntary, registered_business, registered_vat, registered_foundation, bankrupt, "
                "winding_up, parent_orgnr, website, purpose, data, search_text, removed_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)"),
        update_(db_,
                "UPDATE register_units SET orgnr = ?, name = ?, org_form = ?, org_form_description = ?, "
                "municipality_number = ?, postcode = ?, city = ?, address = ?, employees = ?, employees_1_to_4 = ?, "
                "nace_code = ?, sector_code = ?, founded = ?, registered_voluntary = ?, registered_business = ?, "
                "registered_vat = ?, registered_foundation = ?, bankrupt = ?, winding_up = ?, parent_orgnr = ?, "
                "website = ?, purpose = ?, data = ?, search_text = ?, removed_at = NULL, updated_at = ? "
                "WHERE id = ?"),
        lookup_(db_, "SELECT data, removed_at IS NOT NULL FROM register_units WHERE id = ?") {
    // A larger page cache for this connection while the import runs: fewer pages spilled.
    cache_size_ = c.scalar_int("PRAGMA cache_size").value_or(-2000);
    c.exec("PRAGMA cache_size = -65536");
  }

  ~SqliteWriter() override {
    try {
      conn_.exec("PRAGMA cache_size = " + std::to_string(cache_size_));
    } catch (...) {
      // The connection keeps the larger cache; nothing else depends on it.
    }
  }

  void write(const std::vector<ParsedUnit>& units) override {
    for (const ParsedUnit& p : units) {
      const std::int64_t id = orgnr_value(p.unit.orgnr);
      if (!was_empty_) {
        lookup_.integer(1, id);
        if (lookup_.step()) {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(lookup_.get(), 0));
          const std::string_view stored(text ? text : "", static_cast<std::size_t>(sqlite3_column_bytes(lookup_.get(), 0)));
          const bool removed = sqlite3_column_int(lookup_.get(), 1) != 0;
          const bool same = !removed && stored == p.unit.data;
          lookup_.reset();
          if (same) {
            ++counts_.unchanged;
            continue;
          }
          const int next = bind_unit(update_, 1, p);
          update_.required_text(next, now_);
          update_.integer(next + 1, id);
          update_.step();
          update_.reset();
          ++counts_.updated;
          continue;
        }
        lookup_.reset();
      }
      insert_.integer(1, id);
      const int next = bind_unit(insert_, 2, p);
      insert_.required_text(next, now_);
      insert_.step();
      insert_.reset();
      ++counts_.inserted;
    }
  }

  void keep(const std::vector<std::string>&) override {
    // finish() asks in_file(), which knows the kept numbers too.
  }

  WriteCounts finish(const std::function<bool(std::int64_t)>& in_file) override {
    if (was_empty_) return counts_;
    // The numbers come from the orgnr index (a covering scan), not from the wide table rows.
    std::vector<std::int64_t> absent;
    {
      Statement ids(db_, "SELECT id FROM register_units INDEXED BY register_units_orgnr ORDER BY orgnr");
      while (ids.step()) {
        const std::int64_t id = sqlite3_column_int64(ids.get(), 0);
        if (!in_file(id)) absent.push_back(id);
      }
    }
    Statement remove(db_,
                     "UPDATE register_units SET removed_at = ?, updated_at = ? WHERE id = ? AND removed_at IS NULL");
    for (const std::int64_t id : absent) {
      remove.required_text(1, now_);
      remove.required_text(2, now_);
      remove.integer(3, id);
      remove.step();
      counts_.removed += sqlite3_changes(db_);
      remove.reset();
    }
    return counts_;
  }

 private:
  db::Connection& conn_;
  sqlite3* db_;
  std::string now_;
  bool was_empty_;
  Statement insert_, update_, lookup_;
  std::int64_t cache_size_ = -2000;
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
    c_.exec(
        "CREATE TEMP TABLE register_import ("
        "orgnr TEXT PRIMARY KEY, name TEXT, org_form TEXT, org_form_description TEXT, municipality_number TEXT, "
        "postcode TEXT, city TEXT, address TEXT, employees BIGINT, employees_1_to_4 INTEGER, nace_code TEXT, "
        "sector_code TEXT, founded TEXT, registered_voluntary INTEGER, registered_business INTEGER, "
        "registered_vat INTEGER, registered_foundation INTEGER, bankrupt INTEGER, winding_up INTEGER, "
        "parent_orgnr TEXT, website TEXT, purpose TEXT, data TEXT, search_text TEXT, "
        "keep_only BOOLEAN NOT NULL DEFAULT false) ON COMMIT DROP");
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

  WriteCounts finish(const std::function<bool(std::int64_t)>&) override {
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
    std::string match = "search_text : (" + search::fts5_match(q) + ")";
    if (!municipalities.empty()) {
      match += " AND municipality_number : (";
      for (std::size_t i = 0; i < municipalities.size(); ++i) {
        if (i > 0) match += " OR ";
        match += "\"" + municipalities[i] + "\"";
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
  std::string numbers = "{";
  if (!municipalities.empty()) {
    filter = " AND municipality_number = ANY (CAST(? AS text[]))";
    for (std::size_t i = 0; i < municipalities.size(); ++i) numbers += (i ? "," : "") + municipalities[i];
  }
  numbers += "}";
  const std::string sql =
      "SELECT orgnr, name, org_form, municipality_number, city FROM ("
      "SELECT orgnr, name, org_form, municipality_number, city FROM register_units "
      "WHERE search_vector @@ to_tsquery('simple', ?) AND removed_at IS NULL" +
      filter + " LIMIT " + candidates +
      ") AS m ORDER BY length(name), name, orgnr LIMIT ?";
  if (municipalities.empty()) {
    c.each(sql, {search::pg_tsquery(q), limit}, on_row);
  } else {
    c.each(sql, {search::pg_tsquery(q), numbers, limit}, on_row);
  }
  return hits;
}

std::unique_ptr<UnitWriter> open_writer(db::Connection& c, std::string now) {
  if (c.engine() == db::Engine::sqlite) return std::make_unique<SqliteWriter>(c, std::move(now));
  return std::make_unique<PostgresWriter>(c, std::move(now));
}

}  // namespace samskap::directory::registry::store
