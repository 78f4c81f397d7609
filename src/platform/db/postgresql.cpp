// The PostgreSQL driver: libpq, '?' rewritten to $n, one prepared statement per SQL text and connection.
#include <libpq-fe.h>

#include <charconv>
#include <chrono>
#include <climits>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "platform/db/drivers.hpp"

namespace samskap::db {
namespace {

constexpr Oid bool_oid = 16;
constexpr Oid bytea_oid = 17;
constexpr Oid timestamp_oid = 1114;
constexpr Oid timestamptz_oid = 1184;

// Generated SQL (IN lists of varying length) must not grow the cache without bound.
constexpr std::size_t max_cached_statements = 1024;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

bool identifier_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' || u >= 0x80;
}

struct Translated {
  std::string sql;
  int params = 0;
};

// '?' becomes $1, $2 … except inside strings, quoted identifiers, dollar quotes and comments.
Translated translate_placeholders(std::string_view in) {
  Translated out;
  out.sql.reserve(in.size() + 16);
  const std::size_t n = in.size();
  std::size_t i = 0;
  auto copy_to = [&](std::size_t end) {
    end = std::min(end, n);
    out.sql.append(in.substr(i, end - i));
    i = end;
  };
  while (i < n) {
    const char c = in[i];
    if (c == '\'') {
      // E'…' strings escape with backslashes; all strings escape a quote by doubling it.
      const bool backslash = i > 0 && (in[i - 1] == 'E' || in[i - 1] == 'e') && (i < 2 || !identifier_char(in[i - 2]));
      std::size_t j = i + 1;
      for (; j < n; ++j) {
        if (backslash && in[j] == '\\') {
          ++j;
        } else if (in[j] == '\'') {
          if (j + 1 < n && in[j + 1] == '\'')
            ++j;
          else
            break;
        }
      }
      copy_to(j + 1);
    } else if (c == '"') {
      std::size_t j = i + 1;
      for (; j < n; ++j) {
        if (in[j] == '"') {
          if (j + 1 < n && in[j + 1] == '"')
            ++j;
          else
            break;
        }
      }
      copy_to(j + 1);
    } else if (c == '-' && i + 1 < n && in[i + 1] == '-') {
      copy_to(in.find('\n', i));
    } else if (c == '/' && i + 1 < n && in[i + 1] == '*') {
      // Block comments nest in PostgreSQL.
      int depth = 0;
      std::size_t j = i;
      while (j < n) {
        if (in[j] == '/' && j + 1 < n && in[j + 1] == '*') {
          ++depth;
          j += 2;
        } else if (in[j] == '*' && j + 1 < n && in[j + 1] == '/') {
          j += 2;
          if (--depth == 0) break;
        } else {
          ++j;
        }
      }
      copy_to(j);
    } else if (c == '$' && (i == 0 || !identifier_char(in[i - 1]))) {
      // $tag$ … $tag$; "$1" is a positional parameter, not a tag.
      std::size_t j = i + 1;
      if (j < n && !(in[j] >= '0' && in[j] <= '9'))
        while (j < n && identifier_char(in[j]) && in[j] != '$') ++j;
      if (j < n && in[j] == '$') {
        const std::string_view tag = in.substr(i, j - i + 1);
        const std::size_t close = in.find(tag, j + 1);
        copy_to(close == std::string_view::npos ? n : close + tag.size());
      } else {
        copy_to(i + 1);
      }
    } else if (c == '?') {
      out.sql.append("$").append(std::to_string(++out.params));
      ++i;
    } else {
      out.sql.push_back(c);
      ++i;
    }
  }
  return out;
}

bool read_digits(std::string_view v, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > v.size()) return false;
  for (std::size_t k = pos; k < pos + len; ++k)
    if (v[k] < '0' || v[k] > '9') return false;
  std::from_chars(v.data() + pos, v.data() + pos + len, out);
  return true;
}

// "2026-11-23 10:30:00.123+01" -> "2026-11-23T09:30:00Z". Infinity, BC and 5-digit years stay as they are.
std::string normalise_timestamp(std::string_view v) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (v.size() < 19 || v[4] != '-' || v[7] != '-' || v[10] != ' ' || v[13] != ':' || v[16] != ':' ||
      !read_digits(v, 0, 4, y) || !read_digits(v, 5, 2, mo) || !read_digits(v, 8, 2, d) ||
      !read_digits(v, 11, 2, h) || !read_digits(v, 14, 2, mi) || !read_digits(v, 17, 2, s))
    return std::string(v);
  std::size_t i = 19;
  if (i < v.size() && v[i] == '.') {
    ++i;
    while (i < v.size() && v[i] >= '0' && v[i] <= '9') ++i;
  }
  long offset = 0;
  if (i < v.size() && (v[i] == '+' || v[i] == '-')) {
    const long sign = v[i] == '-' ? -1 : 1;
    int oh = 0, om = 0, os = 0;
    if (!read_digits(v, i + 1, 2, oh)) return std::string(v);
    i += 3;
    if (i < v.size() && v[i] == ':') {
      if (!read_digits(v, i + 1, 2, om)) return std::string(v);
      i += 3;
      if (i < v.size() && v[i] == ':') {
        if (!read_digits(v, i + 1, 2, os)) return std::string(v);
        i += 3;
      }
    }
    offset = sign * (oh * 3600L + om * 60L + os);
  }
  if (i != v.size()) return std::string(v);

  using namespace std::chrono;
  const sys_seconds local = sys_days{year{y} / month{static_cast<unsigned>(mo)} / day{static_cast<unsigned>(d)}} +
                            hours{h} + minutes{mi} + seconds{s};
  const sys_seconds utc = local - seconds{offset};
  const sys_days day_start = floor<days>(utc);
  const year_month_day date{day_start};
  const hh_mm_ss time{utc - day_start};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return buf;
}

enum class Kind : unsigned char { plain, boolean, bytea, timestamp };

std::string unescape_bytea(const char* value) {
  std::size_t length = 0;
  unsigned char* bytes = PQunescapeBytea(reinterpret_cast<const unsigned char*>(value), &length);
  if (!bytes) throw Error("PostgreSQL: kunne ikke lese bytea-verdi");
  std::string out(reinterpret_cast<const char*>(bytes), length);
  PQfreemem(bytes);
  return out;
}

class PgRow final : public Row {
 public:
  PgRow(const PGresult* result, const std::vector<Kind>& kinds, std::vector<std::string>& scratch)
      : result_(result), kinds_(kinds), scratch_(scratch), columns_(static_cast<int>(kinds.size())) {}
  void at(int row) { row_ = row; }

  int size() const override { return columns_; }
  bool is_null(int col) const override { return PQgetisnull(result_, row_, check(col)) != 0; }

  std::int64_t integer(int col) const override {
    if (is_null(col)) return 0;
    const std::string_view v = raw(col);
    if (kinds_[col] == Kind::boolean) return v == "t" ? 1 : 0;
    std::int64_t out = 0;
    std::from_chars(v.data(), v.data() + v.size(), out);
    return out;
  }

  std::string_view text(int col) const override {
    if (is_null(col)) return {};
    switch (kinds_[col]) {
      case Kind::boolean:
        return raw(col) == "t" ? "1" : "0";
      case Kind::timestamp:
        scratch_[col] = normalise_timestamp(raw(col));
        return scratch_[col];
      case Kind::bytea:
        scratch_[col] = unescape_bytea(PQgetvalue(result_, row_, col));
        return scratch_[col];
      case Kind::plain:
        break;
    }
    return raw(col);
  }

  std::string blob(int col) const override { return std::string(text(col)); }

 private:
  int check(int col) const {
    if (col < 0 || col >= columns_)
      throw Error("PostgreSQL: kolonne " + std::to_string(col) + " finnes ikke (raden har " +
                  std::to_string(columns_) + ")");
    return col;
  }
  std::string_view raw(int col) const {
    return {PQgetvalue(result_, row_, col), static_cast<std::size_t>(PQgetlength(result_, row_, col))};
  }

  const PGresult* result_;
  const std::vector<Kind>& kinds_;
  std::vector<std::string>& scratch_;  // holds converted values for the views text() hands out
  int columns_;
  int row_ = 0;
};

class PgConnection final : public DriverConnection {
 public:
  explicit PgConnection(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
    if (!conn_) throw Error("PostgreSQL: ikke nok minne til å koble til");
    try {
      if (PQstatus(conn_) != CONNECTION_OK)
        throw Error(error_text("PostgreSQL: kan ikke koble til", PQerrorMessage(conn_), {}));
      // Notices ("relation already exists, skipping") would otherwise go to stderr.
      PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
      if (PQsetClientEncoding(conn_, "UTF8") != 0)
        throw Error(error_text("PostgreSQL: kan ikke sette client_encoding", PQerrorMessage(conn_), {}));
      run_script("SET TIME ZONE 'UTC'; SET DateStyle TO 'ISO, YMD'");
    } catch (...) {
      PQfinish(conn_);
      throw;
    }
  }

  ~PgConnection() override { PQfinish(conn_); }

  Engine engine() const override { return Engine::postgresql; }

  bool engine_in_transaction() override {
    const PGTransactionStatusType s = PQtransactionStatus(conn_);
    return s == PQTRANS_INTRANS || s == PQTRANS_INERROR || s == PQTRANS_ACTIVE;
  }

  std::int64_t run(std::string_view sql, const std::vector<Param>& params, const RowFn& on_row) override {
    std::string key;
    const Prepared* prepared = &prepare(sql, params, key);
    Result result = execute(*prepared, params, sql);
    if (failed(result.get()) && sqlstate(result.get()) == "0A000" && PQtransactionStatus(conn_) == PQTRANS_IDLE) {
      // "cached plan must not change result type": the schema changed since we prepared; nothing ran.
      forget(key.empty() ? std::string(sql) : key);
      prepared = &prepare(sql, params, key);
      result = execute(*prepared, params, sql);
    }
    if (failed(result.get())) fail(result.get(), sql);
    PGresult* r = result.get();
    if (PQresultStatus(r) == PGRES_EMPTY_QUERY) fail_with("tom SQL-setning", sql);
    if (sql == "COMMIT" && std::strcmp(PQcmdStatus(r), "ROLLBACK") == 0)
      fail_with("transaksjonen ble rullet tilbake fordi en setning i den feilet", sql);

    if (on_row && PQresultStatus(r) == PGRES_TUPLES_OK) {
      const int columns = PQnfields(r);
      std::vector<Kind> kinds(static_cast<std::size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        switch (PQftype(r, c)) {
          case bool_oid: kinds[c] = Kind::boolean; break;
          case bytea_oid: kinds[c] = Kind::bytea; break;
          case timestamp_oid:
          case timestamptz_oid: kinds[c] = Kind::timestamp; break;
          default: kinds[c] = Kind::plain;
        }
      }
      std::vector<std::string> scratch(static_cast<std::size_t>(columns));
      PgRow row(r, kinds, scratch);
      const int rows = PQntuples(r);
      for (int i = 0; i < rows; ++i) {
        row.at(i);
        on_row(row);
      }
    }
    // PQcmdTuples also counts the rows a SELECT returned; run() reports rows changed.
    const std::string_view command = PQcmdStatus(r);
    if (!command.starts_with("INSERT") && !command.starts_with("UPDATE") && !command.starts_with("DELETE") &&
        !command.starts_with("MERGE"))
      return 0;
    std::int64_t changed = 0;
    const char* tuples = PQcmdTuples(r);
    std::from_chars(tuples, tuples + std::strlen(tuples), changed);
    return changed;
  }

  void run_script(std::string_view sql) override {
    const std::string script(sql);
    Result result(PQexec(conn_, script.c_str()));
    if (failed(result.get())) fail(result.get(), sql);
  }

  bool ping() override {
    if (PQstatus(conn_) != CONNECTION_OK) return false;
    Result result(PQexec(conn_, "SELECT 1"));
    return result && PQresultStatus(result.get()) == PGRES_TUPLES_OK;
  }

 private:
  struct Prepared {
    std::string name;
    int params;
  };

  static bool failed(const PGresult* r) {
    if (!r) return true;
    const ExecStatusType s = PQresultStatus(r);
    return s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_EMPTY_QUERY;
  }

  static std::string_view sqlstate(const PGresult* r) {
    const char* s = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    return s ? std::string_view(s) : std::string_view();
  }

  [[noreturn]] void fail(const PGresult* r, std::string_view sql) {
    note_error();
    const std::string text = error_text("PostgreSQL", r ? PQresultErrorMessage(r) : PQerrorMessage(conn_), sql);
    if (sqlstate(r) == "23505") throw UniqueViolation(text);
    throw Error(text);
  }

  [[noreturn]] void fail_with(std::string_view message, std::string_view sql) {
    note_error();
    throw Error(error_text("PostgreSQL", message, sql));
  }

  // Blobs are sent as binary bytea, so they are part of the statement's identity.
  const Prepared& prepare(std::string_view sql, const std::vector<Param>& params, std::string& key) {
    bool any_blob = false;
    for (const Param& p : params) any_blob = any_blob || std::holds_alternative<Blob>(p.value());
    key.clear();
    if (any_blob) {
      key.reserve(sql.size() + 1 + params.size());
      key.append(sql).push_back('\0');
      for (const Param& p : params) key.push_back(std::holds_alternative<Blob>(p.value()) ? 'b' : '-');
    }
    const std::string_view lookup = any_blob ? std::string_view(key) : sql;
    if (auto it = cache_.find(lookup); it != cache_.end()) {
      if (static_cast<std::size_t>(it->second.params) != params.size()) count_mismatch(it->second.params, params, sql);
      return it->second;
    }

    const Translated translated = translate_placeholders(sql);
    if (static_cast<std::size_t>(translated.params) != params.size()) count_mismatch(translated.params, params, sql);
    std::vector<Oid> types(params.size(), 0);
    for (std::size_t i = 0; i < params.size(); ++i)
      if (std::holds_alternative<Blob>(params[i].value())) types[i] = bytea_oid;

    if (cache_.size() >= max_cached_statements && PQtransactionStatus(conn_) == PQTRANS_IDLE) {
      Result r(PQexec(conn_, "DEALLOCATE ALL"));
      if (!failed(r.get())) cache_.clear();
    }
    std::string name = "s" + std::to_string(++statement_counter_);
    Result r(PQprepare(conn_, name.c_str(), translated.sql.c_str(), static_cast<int>(types.size()), types.data()));
    if (failed(r.get())) fail(r.get(), sql);
    return cache_.emplace(std::string(lookup), Prepared{std::move(name), translated.params}).first->second;
  }

  void forget(const std::string& key) {
    auto it = cache_.find(key);
    if (it == cache_.end()) return;
    Result r(PQexec(conn_, ("DEALLOCATE " + it->second.name).c_str()));
    cache_.erase(it);
  }

  [[noreturn]] void count_mismatch(int expected, const std::vector<Param>& params, std::string_view sql) {
    fail_with("setningen har " + std::to_string(expected) + " parametre, men fikk " + std::to_string(params.size()),
              sql);
  }

  Result execute(const Prepared& prepared, const std::vector<Param>& params, std::string_view sql) {
    const std::size_t n = params.size();
    std::vector<const char*> values(n, nullptr);
    std::vector<int> lengths(n, 0);
    std::vector<int> formats(n, 0);
    std::vector<std::string> texts;
    texts.reserve(n);  // values[] points into these strings; they must not move
    for (std::size_t i = 0; i < n; ++i) {
      const auto& value = params[i].value();
      if (const auto* v = std::get_if<std::int64_t>(&value)) {
        values[i] = texts.emplace_back(std::to_string(*v)).c_str();
      } else if (const auto* s = std::get_if<std::string_view>(&value)) {
        if (s->find('\0') != std::string_view::npos)
          fail_with("tekstparameter " + std::to_string(i + 1) + " inneholder en NUL-byte (bruk Blob)", sql);
        values[i] = texts.emplace_back(*s).c_str();
      } else if (const auto* b = std::get_if<Blob>(&value)) {
        if (b->bytes.size() > static_cast<std::size_t>(INT_MAX))
          fail_with("blob-parameter " + std::to_string(i + 1) + " er for stor", sql);
        values[i] = b->bytes.data() ? b->bytes.data() : "";  // a null pointer would mean NULL
        lengths[i] = static_cast<int>(b->bytes.size());
        formats[i] = 1;
      }
    }
    return Result(PQexecPrepared(conn_, prepared.name.c_str(), static_cast<int>(n), values.data(), lengths.data(),
                                 formats.data(), 0));
  }

  PGconn* conn_;
  std::unordered_map<std::string, Prepared, SqlHash, std::equal_to<>> cache_;
  unsigned long statement_counter_ = 0;
};

}  // namespace

std::unique_ptr<Connection> open_postgresql(const std::string& conninfo) {
  return std::make_unique<PgConnection>(conninfo);
}

}  // namespace samskap::db
