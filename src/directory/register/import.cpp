// The register bulk import: reading (gzip or plain; JSON array or CSV), turning rows into units,
// and a two-thread pipeline: one thread reads and prepares units, the caller's thread stores them.
#include "directory/register/import.hpp"

#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>

#include "directory/orgnr.hpp"
#include "directory/register/model.hpp"
#include "directory/register/store.hpp"
#include "platform/core/clock.hpp"
#include "platform/search/text.hpp"

namespace samskap::directory::registry {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::size_t kChunkBytes = 1 << 20;         // read size
constexpr std::size_t kMaxRecordBytes = 1 << 20;     // no register row comes near this
constexpr std::size_t kMaxElementBytes = 16 << 20;   // nor any unit object
constexpr std::size_t kBatchUnits = 1024;            // units handed to the writer at a time
constexpr std::size_t kQueuedBatches = 4;            // batches between reader and writer

// --- small text helpers ---

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Header names and JSON keys compared without case; æ ø å read as ae o a ("Næringskode1.kode").
std::string name_key(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto b = static_cast<unsigned char>(name[i]);
    if (b == 0xC3 && i + 1 < name.size()) {
      const auto n = static_cast<unsigned char>(name[i + 1]);
      if (n == 0xA6 || n == 0x86) { out += "ae"; ++i; continue; }  // æ Æ
      if (n == 0xB8 || n == 0x98) { out += 'o'; ++i; continue; }   // ø Ø
      if (n == 0xA5 || n == 0x85) { out += 'a'; ++i; continue; }   // å Å
    }
    out += ascii_lower(name[i]);
  }
  return out;
}

std::string_view trim(std::string_view s) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

// Valid UTF-8 without NUL bytes (PostgreSQL text cannot hold NUL).
bool clean_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    // Eight ASCII bytes without a NUL at a time: no high bit set, and no zero byte.
    while (end - p >= 8) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      const bool high = (w & 0x8080808080808080ULL) != 0;
      const bool zero = ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL) != 0;
      if (high || zero) break;
      p += 8;
    }
    if (p == end) break;
    const unsigned c = *p;
    if (c >= 0x01 && c < 0x80) {
      ++p;
      continue;
    }
    std::size_t n;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;  // NUL, a continuation byte, or an invalid lead byte
    }
    if (static_cast<std::size_t>(end - p) <= n) return false;
    for (std::size_t i = 1; i <= n; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
      return false;
    p += n + 1;
  }
  return true;
}

// "\r\n" and lone "\r" become "\n"; blank lines at either end go.
std::string normalise_lines(std::string_view s) {
  s = trim(s);
  if (s.find('\r') == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out += '\n';
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool iequals(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != lower[i]) return false;
  return true;
}

std::optional<bool> parse_bool(std::string_view s) {
  s = trim(s);
  if (iequals(s, "true") || iequals(s, "ja") || s == "1") return true;
  if (iequals(s, "false") || iequals(s, "nei") || s == "0") return false;
  return std::nullopt;
}

std::optional<std::int64_t> parse_int(std::string_view s) {
  s = trim(s);
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 0xF];
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

std::string with_thousands(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ' ';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

// --- the file: gzip or plain, read through zlib ---

class Input {
 public:
  explicit Input(const std::string& path) : path_(path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw ImportError(path + " er en mappe, ikke en fil");
    size_ = std::filesystem::file_size(path, ec);
    if (ec) size_ = 0;
    file_ = gzopen(path.c_str(), "rb");
    if (!file_) {
      const int err = errno;
      throw ImportError("kan ikke åpne " + path + ": " + (err ? std::strerror(err) : "ukjent feil"));
    }
    gzbuffer(file_, 1 << 18);
  }
  ~Input() {
    if (file_) gzclose(file_);
  }
  Input(const Input&) = delete;
  Input& operator=(const Input&) = delete;

  // Appends up to n bytes to out; returns how many (0 at the end). Throws ImportError when the
  // file is damaged or ends in the middle of a compressed stream.
  std::size_t read_into(std::string& out, std::size_t n) {
    const std::size_t old = out.size();
    out.resize(old + n);
    const int got = gzread(file_, out.data() + old, static_cast<unsigned>(n));
    if (got < 0) {
      out.resize(old);
      fail();
    }
    out.resize(old + static_cast<std::size_t>(got));
    if (got == 0) {
      int code = Z_OK;
      gzerror(file_, &code);
      if (code == Z_BUF_ERROR)
        throw ImportError(path_ + " slutter midt i den komprimerte strømmen; nedlastingen er trolig avbrutt");
      if (code != Z_OK) fail();
    }
    return static_cast<std::size_t>(got);
  }

  std::uint64_t position() const {
    const z_off_t at = gzoffset(file_);
    return at < 0 ? 0 : static_cast<std::uint64_t>(at);
  }
  std::uint64_t size() const { return size_; }
  const std::string& path() const { return path_; }

 private:
  [[noreturn]] void fail() {
    int code = Z_OK;
    const char* message = gzerror(file_, &code);
    if (code == Z_ERRNO) throw ImportError("kan ikke lese " + path_ + ": " + std::strerror(errno));
    throw ImportError(path_ + " er skadet (" + std::string(message ? message : "ukjent feil") +
                      "); last ned fila på nytt");
  }

  std::string path_;
  std::uint64_t size_ = 0;
  gzFile file_ = nullptr;
};

// Bytes from the Input with a movable read position: the readers below look ahead freely and
// drop what they have consumed.
class Buffer {
 public:
  explicit Buffer(Input& in) : in_(in) {}
  // Makes at least `want` bytes available from pos (fewer only at the end); false when none are.
  bool fill(std::size_t pos, std::size_t want) {
    while (data_.size() - std::min(pos, data_.size()) < want && !eof_) {
      if (in_.read_into(data_, kChunkBytes) == 0) eof_ = true;
    }
    return pos < data_.size();
  }
  // Reads one more chunk; false at the end of the file.
  bool more() {
    if (eof_) return false;
    if (in_.read_into(data_, kChunkBytes) == 0) eof_ = true;
    return !eof_;
  }
  // Forgets everything before pos; returns how far positions moved.
  std::size_t drop(std::size_t pos) {
    data_.erase(0, pos);
    return pos;
  }
  const std::string& data() const { return data_; }
  bool eof() const { return eof_; }
  std::uint64_t file_position() const { return in_.position(); }

 private:
  Input& in_;
  std::string data_;
  bool eof_ = false;
};

// --- CSV (RFC 4180: quoted fields may hold delimiters, newlines and doubled quotes) ---

class CsvReader {
 public:
  enum class Status { record, bad, end };

  CsvReader(Buffer& buf, std::size_t start, std::int64_t line) : buf_(buf), pos_(start), line_(line) {}

  void set_delimiter(char d) { delim_ = d; }

  // The next record: its fields (valid until the next call) and the physical line it starts on.
  // A malformed record is reported as bad with a reason; reading then resumes on the line after
  // the one the bad record started on.
  Status next(std::vector<std::string_view>& fields, std::int64_t& line, std::string& why) {
    // The previous record's fields are done with: consumed bytes go now and then.
    if (pos_ > (kChunkBytes << 2)) buf_.drop(std::exchange(pos_, 0));
    for (;;) {
      if (skip_line_) {
        skip_line_ = false;
        skip_to_next_line();
      }
      if (!buf_.fill(pos_, 1)) return Status::end;
      line = line_;
      const Outcome outcome = parse(fields, why);
      if (outcome == Outcome::done) {
        if (blank_record(fields)) continue;
        return Status::record;
      }
      if (outcome == Outcome::bad) {
        skip_line_ = true;
        return Status::bad;
      }
      // more data needed: refill and parse the record again from its start
      if (pos_ > 0) buf_.drop(std::exchange(pos_, 0));
      if (buf_.data().size() > kMaxRecordBytes) {
        why = "raden er urimelig lang; trolig et anførselstegn som ikke er avsluttet";
        skip_line_ = true;
        return Status::bad;
      }
      if (!buf_.more() && buf_.data().empty()) return Status::end;
    }
  }

  // Whether the last record's bytes are valid UTF-8 without NUL bytes.
  bool clean() const { return clean_; }

  std::uint64_t file_position() const { return buf_.file_position(); }

 private:
  enum class Outcome { done, bad, more };

  // A field's bytes: in the buffer, or in scratch_ when doubled quotes had to be undone.
  struct Span {
    std::size_t from, to;
    bool scratch;
  };

  static bool blank_record(const std::vector<std::string_view>& fields) {
    return fields.size() == 1 && fields[0].empty();
  }

  void skip_to_next_line() {
    for (;;) {
      const std::string& d = buf_.data();
      const void* nl = pos_ < d.size() ? std::memchr(d.data() + pos_, '\n', d.size() - pos_) : nullptr;
      if (nl) {
        pos_ = static_cast<std::size_t>(static_cast<const char*>(nl) - d.data()) + 1;
        ++line_;
        return;
      }
      // No line end in what is buffered: all of it goes.
      buf_.drop(buf_.data().size());
      pos_ = 0;
      if (!buf_.more()) return;
    }
  }

  Outcome parse(std::vector<std::string_view>& fields, std::string& why) {
    const std::string& d = buf_.data();
    const char* const data = d.data();
    const std::size_t end = d.size();
    const bool eof = buf_.eof();
    std::size_t p = pos_;
    std::int64_t newlines = 0;
    scratch_.clear();
    spans_.clear();

    for (;;) {
      if (p < end && data[p] == '"') {
        ++p;
        const std::size_t content = p;
        bool escaped = false;
        const std::size_t scratch_start = scratch_.size();
        for (;;) {
          const void* q = std::memchr(data + p, '"', end - p);
          if (!q) {
            if (!eof) return Outcome::more;
            why = "et anførselstegn er ikke avsluttet før slutten av fila";
            return Outcome::bad;
          }
          const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(q) - data);
          newlines += std::count(data + p, data + at, '\n');
          if (escaped) scratch_.append(data + p, at - p);
          p = at + 1;
          if (p == end && !eof) return Outcome::more;
          if (p < end && data[p] == '"') {
            // A doubled quote: from here on the field is built in scratch_.
            if (!escaped) scratch_.append(data + content, at - content);
            escaped = true;
            scratch_ += '"';
            ++p;
            continue;
          }
          if (escaped) {
            spans_.push_back({scratch_start, scratch_.size(), true});
          } else {
            spans_.push_back({content, at, false});
          }
          break;
        }
        if (p == end) return finish(p, newlines, fields);
        const char c = data[p];
        if (c == delim_) {
          ++p;
          continue;
        }
        if (c == '\n') return finish(p + 1, newlines + 1, fields);
        if (c == '\r') {
          if (p + 1 == end && !eof) return Outcome::more;
          return finish(p + 1 < end && data[p + 1] == '\n' ? p + 2 : p + 1, newlines + 1, fields);
        }
        why = "tegn etter et avsluttende anførselstegn; anførselstegn i et felt må dobles";
        return Outcome::bad;
      }
      std::size_t r = p;
      while (r < end) {
        const char c = data[r];
        if (c == delim_ || c == '\n' || c == '\r' || c == '"') break;
        ++r;
      }
      if (r == end && !eof) return Outcome::more;
      if (r < end && data[r] == '"') {
        why = "anførselstegn midt i et felt uten anførselstegn rundt";
        return Outcome::bad;
      }
      spans_.push_back({p, r, false});
      if (r == end) return finish(r, newlines, fields);
      if (data[r] == delim_) {
        p = r + 1;
        continue;
      }
      if (data[r] == '\n') return finish(r + 1, newlines + 1, fields);
      if (r + 1 == end && !eof) return Outcome::more;
      return finish(r + 1 < end && data[r + 1] == '\n' ? r + 2 : r + 1, newlines + 1, fields);
    }
  }

  Outcome finish(std::size_t next, std::int64_t newlines, std::vector<std::string_view>& fields) {
    const char* data = buf_.data().data();
    clean_ = clean_utf8(std::string_view(data + pos_, next - pos_));
    pos_ = next;
    line_ += newlines;
    fields.clear();
    for (const Span& s : spans_)
      fields.emplace_back((s.scratch ? scratch_.data() : data) + s.from, s.to - s.from);
    return Outcome::done;
  }

  Buffer& buf_;
  char delim_ = ',';
  std::size_t pos_;
  std::int64_t line_;
  bool skip_line_ = false;
  bool clean_ = true;
  std::string scratch_;
  std::vector<Span> spans_;
};

// --- the CSV header ---

struct ColumnName {
  std::string_view name;  // name_key() form
  Column column;
};

constexpr ColumnName kColumnNames[] = {
    {"organisasjonsnummer", Column::orgnr},
    {"navn", Column::name},
    {"organisasjonsform.kode", Column::org_form},
    {"organisasjonsform", Column::org_form},
    {"organisasjonsform.beskrivelse", Column::org_form_description},
    {"antallansatte", Column::employees},
    {"harregistrertantallansatte", Column::has_employees},
    {"naeringskode1.kode", Column::nace_code},
    {"naeringskode1", Column::nace_code},
    {"institusjonellsektorkode.kode", Column::sector_code},
    {"institusjonellsektorkode", Column::sector_code},
    {"stiftelsesdato", Column::founded},
    {"registrertifrivillighetsregisteret", Column::registered_voluntary},
    {"registrertimvaregisteret", Column::registered_vat},
    {"registrertiforetaksregisteret", Column::registered_business},
    {"registrertistiftelsesregisteret", Column::registered_foundation},
    {"konkurs", Column::bankrupt},
    {"underavvikling", Column::winding_up},
    {"overordnetenhet", Column::parent_orgnr},
    {"hjemmeside", Column::website},
    {"vedtektsfestetformaal", Column::purpose},
    {"forretningsadresse.adresse", Column::business_address},
    {"forretningsadresse.postnummer", Column::business_postcode},
    {"forretningsadresse.poststed", Column::business_city},
    {"forretningsadresse.kommunenummer", Column::business_municipality},
    {"beliggenhetsadresse.adresse", Column::location_address},
    {"beliggenhetsadresse.postnummer", Column::location_postcode},
    {"beliggenhetsadresse.poststed", Column::location_city},
    {"beliggenhetsadresse.kommunenummer", Column::location_municipality},
    {"postadresse.adresse", Column::postal_address},
    {"postadresse.postnummer", Column::postal_postcode},
    {"postadresse.poststed", Column::postal_city},
    {"postadresse.kommunenummer", Column::postal_municipality},
};

// The register's JSON spelling of field names the CSV may spell differently.
constexpr std::string_view kJsonNames[] = {
    "organisasjonsnummer", "navn", "organisasjonsform", "kode", "beskrivelse", "naeringskode1", "naeringskode2",
    "naeringskode3", "hjelpeenhetskode", "harRegistrertAntallAnsatte", "antallAnsatte",
    "registreringsdatoAntallAnsatteEnhetsregisteret", "registreringsdatoAntallAnsatteNAVAaregisteret", "hjemmeside",
    "epostadresse", "telefon", "mobil", "postadresse", "forretningsadresse", "beliggenhetsadresse", "adresse",
    "poststed", "postnummer", "kommune", "kommunenummer", "land", "landkode", "institusjonellSektorkode",
    "sisteInnsendteAarsregnskap", "registreringsdatoEnhetsregisteret", "stiftelsesdato", "registrertIMvaregisteret",
    "registreringsdatoMerverdiavgiftsregisteret", "registreringsdatoMerverdiavgiftsregisteretEnhetsregisteret",
    "frivilligMvaRegistrertBeskrivelser", "registreringsdatoFrivilligMerverdiavgiftsregisteret",
    "registrertIFrivillighetsregisteret", "registreringsdatoFrivillighetsregisteret", "registrertIForetaksregisteret",
    "registreringsdatoForetaksregisteret", "registrertIStiftelsesregisteret", "registrertIPartiregisteret",
    "registreringsdatoPartiregisteret", "konkurs", "konkursdato", "underAvvikling", "underAvviklingDato",
    "underTvangsavviklingEllerTvangsopplosning", "tvangsopplostPgaManglendeDagligLederDato",
    "tvangsopplostPgaManglendeRevisorDato", "tvangsopplostPgaManglendeRegnskapDato",
    "tvangsopplostPgaMangelfulltStyreDato", "tvangsavvikletPgaManglendeSlettingDato", "overordnetEnhet",
    "nedleggelsesdato", "maalform", "vedtektsdato", "vedtektsfestetFormaal", "aktivitet",
    "registreringsnummerIHjemlandet", "paategninger", "erIKonsern", "slettedato", "oppstartsdato",
    "datoEierskifte", "registreringsdatoIEnhetsregisteret"};

constexpr std::string_view kBooleanFields[] = {
    "harRegistrertAntallAnsatte", "registrertIMvaregisteret", "registrertIFrivillighetsregisteret",
    "registrertIForetaksregisteret", "registrertIStiftelsesregisteret", "registrertIPartiregisteret", "konkurs",
    "underAvvikling", "underTvangsavviklingEllerTvangsopplosning", "erIKonsern"};
constexpr std::string_view kLineFields[] = {"adresse", "vedtektsfestetFormaal", "aktivitet",
                                            "frivilligMvaRegistrertBeskrivelser"};

// The JSON spelling of a CSV name part: the CSV's registrertIMvaRegisteret and
// registreringsdatoenhetsregisteret are the JSON's registrertIMvaregisteret and
// registreringsdatoEnhetsregisteret. Unknown names keep their own spelling.
std::string json_name(std::string_view part) {
  const std::string key = name_key(part);
  for (const std::string_view known : kJsonNames)
    if (name_key(known) == key) return std::string(known);
  return std::string(part);
}

JsonKind json_kind(std::string_view key) {
  for (const std::string_view b : kBooleanFields)
    if (key == b) return JsonKind::boolean;
  for (const std::string_view l : kLineFields)
    if (key == l) return JsonKind::lines;
  if (key == "antallAnsatte") return JsonKind::integer;
  return JsonKind::text;
}

std::string quote_list(const std::vector<std::string>& names, std::size_t max) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < max; ++i) {
    if (i > 0) out += ", ";
    out += "«" + names[i] + "»";
  }
  if (names.size() > max) out += " …";
  return out;
}

}  // namespace

CsvLayout map_csv_header(const std::vector<std::string>& header) {
  CsvLayout layout;
  layout.index.fill(-1);
  layout.width = header.size();
  std::vector<std::pair<std::string, std::string>> placed;  // (group, key) already in the JSON
  for (std::size_t i = 0; i < header.size(); ++i) {
    std::string_view name = trim(header[i]);
    if (i == 0 && name.starts_with("\xEF\xBB\xBF")) name.remove_prefix(3);
    const std::string key = name_key(name);
    for (const ColumnName& c : kColumnNames) {
      int& slot = layout.index[static_cast<std::size_t>(c.column)];
      if (c.name == key && slot < 0) slot = static_cast<int>(i);
    }
    JsonField field;
    const std::size_t dot = name.find('.');
    if (dot == std::string_view::npos) {
      field.key = json_name(name);
    } else {
      field.group = json_name(name.substr(0, dot));
      field.key = json_name(name.substr(dot + 1));
    }
    field.kind = json_kind(field.key);
    // A column with no name, or the same field twice, stays out of the JSON.
    const bool repeated = std::find(placed.begin(), placed.end(), std::pair(field.group, field.key)) != placed.end();
    if (field.key.empty() || repeated) {
      field.key.clear();
    } else {
      placed.emplace_back(field.group, field.key);
    }
    layout.json.push_back(std::move(field));
  }
  // The JSON members: top-level fields in header order, each object where its first column is.
  for (std::size_t i = 0; i < layout.json.size(); ++i) {
    const JsonField& f = layout.json[i];
    if (f.key.empty()) continue;
    if (f.group.empty()) {
      JsonGroup g;
      g.prefix = ",";
      append_json_string(g.prefix, f.key);
      g.prefix += ':';
      g.columns.push_back(i);
      layout.groups.push_back(std::move(g));
      continue;
    }
    std::string prefix = ",";
    append_json_string(prefix, f.group);
    prefix += ":{";
    auto it = std::find_if(layout.groups.begin(), layout.groups.end(),
                           [&](const JsonGroup& g) { return g.object && g.prefix == prefix; });
    if (it == layout.groups.end()) {
      layout.groups.push_back(JsonGroup{std::move(prefix), {}, true});
      it = std::prev(layout.groups.end());
    }
    it->columns.push_back(i);
  }

  std::vector<std::string> missing;
  if (layout.at(Column::orgnr) < 0) missing.emplace_back("organisasjonsnummer");
  if (layout.at(Column::name) < 0) missing.emplace_back("navn");
  if (!missing.empty()) {
    std::string message = missing.size() == 1 ? "fila mangler kolonnen «" + missing[0] + "»"
                                              : "fila mangler kolonnene «" + missing[0] + "» og «" + missing[1] + "»";
    message += "; første linje må være overskriften fra Enhetsregisterets CSV-fil (fant " +
               (header.empty() ? std::string("ingen kolonner") : quote_list(header, 6)) + ")";
    throw ImportError(message);
  }
  return layout;
}

std::string csv_row_json(const CsvLayout& layout, const std::vector<std::string_view>& fields) {
  std::string out;
  out.reserve(1536);
  out += '{';
  auto write_value = [&](const JsonField& f, std::string_view value) {
    switch (f.kind) {
      case JsonKind::boolean:
        if (const auto b = parse_bool(value)) {
          out += *b ? "true" : "false";
          return;
        }
        break;
      case JsonKind::integer:
        if (const auto n = parse_int(value)) {
          out += std::to_string(*n);
          return;
        }
        break;
      case JsonKind::lines: {
        out += '[';
        const std::string lines = normalise_lines(value);
        std::size_t from = 0;
        for (;;) {
          const std::size_t nl = lines.find('\n', from);
          append_json_string(out, std::string_view(lines).substr(from, nl == std::string::npos ? nl : nl - from));
          if (nl == std::string::npos) break;
          out += ',';
          from = nl + 1;
        }
        out += ']';
        return;
      }
      case JsonKind::text:
        break;
    }
    append_json_string(out, value);
  };
  for (const JsonGroup& g : layout.groups) {
    bool opened = false;
    for (const std::size_t i : g.columns) {
      if (i >= fields.size() || trim(fields[i]).empty()) continue;
      const JsonField& f = layout.json[i];
      if (!opened) {
        // The prefix starts with the comma between members; the first member goes without it.
        out.append(out.size() == 1 ? std::string_view(g.prefix).substr(1) : std::string_view(g.prefix));
        opened = true;
      } else {
        out += ',';
      }
      if (g.object) {
        append_json_string(out, f.key);
        out += ':';
      }
      write_value(f, fields[i]);
    }
    if (opened && g.object) out += '}';
  }
  out += '}';
  return out;
}

namespace {

// --- problems ---

class Problems {
 public:
  explicit Problems(ImportReport& report) : report_(report) {}
  void add(std::string text) {
    if (report_.problems.size() < kMaxProblems) {
      report_.problems.push_back(std::move(text));
    } else {
      ++report_.problems_not_kept;
    }
  }

 private:
  ImportReport& report_;
};

std::string orgnr_reason(OrgnrProblem p) {
  switch (p) {
    case OrgnrProblem::empty:
      return "mangler";
    case OrgnrProblem::not_digits:
      return "inneholder andre tegn enn sifre";
    case OrgnrProblem::wrong_length:
      return "må ha ni sifre";
    case OrgnrProblem::bad_check_digit:
      return "feil kontrollsiffer";
  }
  return "ugyldig";
}

// A short, printable excerpt of a value for a problem message.
std::string excerpt(std::string_view s) {
  s = trim(s);
  std::string out;
  for (std::size_t i = 0; i < s.size() && out.size() < 40; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    out += c < 0x20 ? ' ' : s[i];
  }
  if (s.size() > 40) {
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
    if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
    out += "…";
  }
  return out;
}

// --- the numbers seen in the file: one bit per possible number (the check digit follows from
// the first eight digits), 12.5 MB reserved, touched only where numbers are ---

class SeenNumbers {
 public:
  SeenNumbers() : bits_(static_cast<std::uint64_t*>(std::calloc(kWords, sizeof(std::uint64_t)))) {
    if (!bits_) throw std::bad_alloc();
  }
  // Marks a valid nine-digit number; false when it was marked already.
  bool insert(std::int64_t orgnr) {
    const auto key = static_cast<std::uint64_t>(orgnr / 10);
    std::uint64_t& word = bits_.get()[key >> 6];
    const std::uint64_t bit = std::uint64_t{1} << (key & 63);
    if (word & bit) return false;
    word |= bit;
    return true;
  }
  bool contains(std::int64_t orgnr) const {
    if (orgnr < 0 || orgnr > 999999999) return false;
    const auto key = static_cast<std::uint64_t>(orgnr / 10);
    return (bits_.get()[key >> 6] >> (key & 63)) & 1;
  }

 private:
  static constexpr std::size_t kWords = 100000000 / 64 + 1;
  struct Free {
    void operator()(std::uint64_t* p) const { std::free(p); }
  };
  std::unique_ptr<std::uint64_t, Free> bits_;
};

std::int64_t orgnr_value(std::string_view nine_digits) {
  std::int64_t v = 0;
  std::from_chars(nine_digits.data(), nine_digits.data() + nine_digits.size(), v);
  return v;
}

// --- progress on a terminal ---

class Progress {
 public:
  Progress(bool enabled, std::uint64_t total) : enabled_(enabled && total > 0 && isatty(STDERR_FILENO)), total_(total) {}

  void update(std::uint64_t position, std::int64_t units) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    draw(position, units);
  }
  void finish(std::int64_t units) {
    if (!enabled_) return;
    draw(total_, units);
    std::fputs("\n", stderr);
    std::fflush(stderr);
  }

 private:
  void draw(std::uint64_t position, std::int64_t units) {
    constexpr int width = 30;
    const double share = std::min(1.0, static_cast<double>(position) / static_cast<double>(total_));
    const int filled = static_cast<int>(share * width);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(width - filled), '-');
    std::fprintf(stderr, "\rLeser enheter [%s] %3d %%  %s enheter ", bar.c_str(), static_cast<int>(share * 100),
                 with_thousands(units).c_str());
    std::fflush(stderr);
  }

  bool enabled_;
  std::uint64_t total_;
  std::chrono::steady_clock::time_point last_{};
};

// --- the hand-over between the reading thread and the writing one ---

struct Batch {
  std::vector<ParsedUnit> units;
  std::vector<std::string> keep;  // numbers on rows that could not be read
};

class BatchQueue {
 public:
  // False when the writer has given up: the reader should stop.
  bool push(Batch batch) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return queue_.size() < kQueuedBatches || cancelled_; });
    if (cancelled_) return false;
    queue_.push_back(std::move(batch));
    not_empty_.notify_one();
    return true;
  }
  std::optional<Batch> pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !queue_.empty() || closed_; });
    if (queue_.empty()) return std::nullopt;
    Batch b = std::move(queue_.front());
    queue_.pop_front();
    not_full_.notify_one();
    return b;
  }
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
  }
  void cancel() {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    queue_.clear();
    not_full_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable not_empty_, not_full_;
  std::deque<Batch> queue_;
  bool closed_ = false;
  bool cancelled_ = false;
};

// --- from rows and objects to units ---

// Where a unit's address, postcode, city and municipality come from: the business address, a
// sub-unit's location address, or else the postal address.
struct AddressParts {
  std::string_view address, postcode, city, municipality;
  bool any() const { return !address.empty() || !postcode.empty() || !city.empty() || !municipality.empty(); }
};

class UnitReader {
 public:
  UnitReader(ImportReport& report, SeenNumbers& seen, Batch& batch, Problems& problems, store::TermCounts& terms)
      : report_(report), seen_(seen), batch_(batch), problems_(problems), terms_(terms) {}

  void csv_row(const CsvLayout& layout, const std::vector<std::string_view>& fields, bool clean, std::int64_t line) {
    ++report_.read;
    const std::string where = "linje " + std::to_string(line);
    auto field = [&](Column c) -> std::string_view {
      const int i = layout.at(c);
      return i >= 0 && static_cast<std::size_t>(i) < fields.size() ? fields[static_cast<std::size_t>(i)]
                                                                    : std::string_view();
    };
    if (fields.size() != layout.width) {
      const auto number = normalise_orgnr(field(Column::orgnr));
      skip(where, "raden har " + std::to_string(fields.size()) + " felt, men overskriften har " +
                      std::to_string(layout.width),
           number);
      return;
    }
    if (!clean) {
      skip(where, "raden inneholder tegn som ikke er gyldig UTF-8", normalise_orgnr(field(Column::orgnr)));
      return;
    }
    ParsedUnit parsed;
    parsed.line = line;
    RegisterUnit& u = parsed.unit;
    if (!accept_identity(where, field(Column::orgnr), field(Column::name), u)) return;

    u.org_form = trim(field(Column::org_form));
    u.org_form_description = trim(field(Column::org_form_description));
    AddressParts a{field(Column::business_address), field(Column::business_postcode), field(Column::business_city),
                   field(Column::business_municipality)};
    if (!a.any())
      a = {field(Column::location_address), field(Column::location_postcode), field(Column::location_city),
           field(Column::location_municipality)};
    if (!a.any())
      a = {field(Column::postal_address), field(Column::postal_postcode), field(Column::postal_city),
           field(Column::postal_municipality)};
    u.address = normalise_lines(a.address);
    u.postcode = trim(a.postcode);
    u.city = trim(a.city);
    u.municipality_number = trim(a.municipality);

    const std::string_view employees = trim(field(Column::employees));
    if (!employees.empty()) {
      u.employees = parse_int(employees);
      if (!u.employees || *u.employees < 0) {
        u.employees.reset();
        problems_.add(where + ": antallAnsatte «" + excerpt(employees) +
                      "» er ikke et antall; enheten er lagret uten antall ansatte");
      }
    }
    u.employees_1_to_4 = !u.employees && parse_bool(field(Column::has_employees)).value_or(false);
    u.nace_code = trim(field(Column::nace_code));
    u.sector_code = trim(field(Column::sector_code));
    u.founded = trim(field(Column::founded));
    u.registered_voluntary = parse_bool(field(Column::registered_voluntary));
    u.registered_business = parse_bool(field(Column::registered_business));
    u.registered_vat = parse_bool(field(Column::registered_vat));
    u.registered_foundation = parse_bool(field(Column::registered_foundation));
    u.bankrupt = parse_bool(field(Column::bankrupt));
    u.winding_up = parse_bool(field(Column::winding_up));
    u.parent_orgnr = trim(field(Column::parent_orgnr));
    u.website = trim(field(Column::website));
    u.purpose = normalise_lines(field(Column::purpose));
    u.data = csv_row_json(layout, fields);
    accept(std::move(parsed));
  }

  void json_element(std::string_view bytes, std::int64_t line, std::int64_t index) {
    ++report_.read;
    const std::string where = "linje " + std::to_string(line) + ", enhet nr. " + std::to_string(index);
    Json o;
    try {
      o = Json::parse(bytes);
    } catch (const Json::parse_error& e) {
      skip(where, "ugyldig JSON (feil ved tegn " + std::to_string(e.byte) + " i objektet)", number_in(bytes));
      return;
    }
    if (!o.is_object()) {
      skip(where, "elementet er ikke et JSON-objekt", std::nullopt);
      return;
    }
    ParsedUnit parsed;
    parsed.line = line;
    RegisterUnit& u = parsed.unit;
    if (!accept_identity(where, text(o, "organisasjonsnummer"), text(o, "navn"), u)) return;

    const Json* form = member(o, "organisasjonsform");
    if (form && form->is_object()) {
      u.org_form = trim(text(*form, "kode"));
      u.org_form_description = trim(text(*form, "beskrivelse"));
    } else if (form) {
      u.org_form = trim(text(o, "organisasjonsform"));
    }
    const Json* address = nullptr;
    for (const char* block : {"forretningsadresse", "beliggenhetsadresse", "postadresse"}) {
      const Json* b = member(o, block);
      if (b && b->is_object() && !b->empty()) {
        address = b;
        break;
      }
    }
    if (address) {
      u.address = lines(*address, "adresse");
      u.postcode = trim(text(*address, "postnummer"));
      u.city = trim(text(*address, "poststed"));
      u.municipality_number = trim(text(*address, "kommunenummer"));
    }
    if (const Json* n = member(o, "antallAnsatte"); n && n->is_number_integer() && n->get<std::int64_t>() >= 0) {
      u.employees = n->get<std::int64_t>();
    } else if (n && !n->is_null()) {
      problems_.add(where + ": antallAnsatte er ikke et antall; enheten er lagret uten antall ansatte");
    }
    u.employees_1_to_4 = !u.employees && boolean(o, "harRegistrertAntallAnsatte").value_or(false);
    if (const Json* nace = member(o, "naeringskode1"); nace && nace->is_object()) u.nace_code = trim(text(*nace, "kode"));
    if (const Json* sector = member(o, "institusjonellSektorkode"); sector && sector->is_object())
      u.sector_code = trim(text(*sector, "kode"));
    u.founded = trim(text(o, "stiftelsesdato"));
    u.registered_voluntary = boolean(o, "registrertIFrivillighetsregisteret");
    u.registered_business = boolean(o, "registrertIForetaksregisteret");
    u.registered_vat = boolean(o, "registrertIMvaregisteret");
    u.registered_foundation = boolean(o, "registrertIStiftelsesregisteret");
    u.bankrupt = boolean(o, "konkurs");
    u.winding_up = boolean(o, "underAvvikling");
    u.parent_orgnr = trim(text(o, "overordnetEnhet"));
    u.website = trim(text(o, "hjemmeside"));
    u.purpose = lines(o, "vedtektsfestetFormaal");
    for (const std::string* s : {&u.org_form, &u.org_form_description, &u.address, &u.postcode, &u.city,
                                 &u.municipality_number, &u.nace_code, &u.sector_code, &u.founded, &u.parent_orgnr,
                                 &u.website, &u.purpose}) {
      if (s->find('\0') != std::string::npos) {
        skip(where, "en verdi inneholder NUL-tegnet (\\u0000)", normalise_orgnr(u.orgnr));
        return;
      }
    }
    u.data = o.dump(-1, ' ', false, Json::error_handler_t::replace);
    accept(std::move(parsed));
  }

  // A row that could not be read at all (quotes); its number, when it can be found, is kept.
  void unreadable(const std::string& where, const std::string& why, std::optional<std::string> number) {
    ++report_.read;
    skip(where, why, std::move(number));
  }

  // The organisation number in the raw bytes of a broken JSON object, if it can be found.
  static std::optional<std::string> number_in(std::string_view bytes) {
    constexpr std::string_view key = "\"organisasjonsnummer\"";
    const std::size_t at = bytes.find(key);
    if (at == std::string_view::npos) return std::nullopt;
    std::size_t p = at + key.size();
    while (p < bytes.size() && (bytes[p] == ' ' || bytes[p] == '\t' || bytes[p] == '\n' || bytes[p] == '\r' ||
                                bytes[p] == ':'))
      ++p;
    if (p >= bytes.size() || bytes[p] != '"') return std::nullopt;
    const std::size_t close = bytes.find('"', p + 1);
    if (close == std::string_view::npos || close - p - 1 > 40) return std::nullopt;
    return normalise_orgnr(bytes.substr(p + 1, close - p - 1));
  }

 private:
  static const Json* member(const Json& o, std::string_view key) {
    if (!o.is_object()) return nullptr;
    for (auto it = o.begin(); it != o.end(); ++it)
      if (it.key() == key) return &it.value();
    // Older files spell a few names with other capitals (registrertIMvaRegisteret).
    const std::string wanted = name_key(key);
    for (auto it = o.begin(); it != o.end(); ++it)
      if (name_key(it.key()) == wanted) return &it.value();
    return nullptr;
  }
  static std::string text(const Json& o, std::string_view key) {
    const Json* v = member(o, key);
    if (!v) return {};
    if (v->is_string()) return v->get<std::string>();
    if (v->is_number_integer()) return v->dump();
    return {};
  }
  static std::optional<bool> boolean(const Json& o, std::string_view key) {
    const Json* v = member(o, key);
    if (!v) return std::nullopt;
    if (v->is_boolean()) return v->get<bool>();
    if (v->is_string()) return parse_bool(v->get<std::string>());
    return std::nullopt;
  }
  static std::string lines(const Json& o, std::string_view key) {
    const Json* v = member(o, key);
    if (!v) return {};
    if (v->is_string()) return normalise_lines(v->get<std::string>());
    std::string out;
    if (v->is_array()) {
      for (const Json& line : *v) {
        if (!line.is_string()) continue;
        const std::string l = normalise_lines(line.get<std::string>());
        if (l.empty()) continue;
        if (!out.empty()) out += '\n';
        out += l;
      }
    }
    return out;
  }

  bool accept_identity(const std::string& where, std::string_view orgnr, std::string_view name, RegisterUnit& u) {
    if (const auto problem = check_orgnr(orgnr)) {
      const std::string shown = excerpt(orgnr);
      if (*problem == OrgnrProblem::empty)
        skip(where, "mangler organisasjonsnummer", std::nullopt);
      else
        skip(where, "ugyldig organisasjonsnummer " + shown + " (" + orgnr_reason(*problem) + ")", std::nullopt);
      return false;
    }
    u.orgnr = *normalise_orgnr(orgnr);
    u.name = trim(name);
    if (u.name.empty()) {
      skip(where, "enheten " + u.orgnr + " mangler navn", u.orgnr);
      return false;
    }
    if (!clean_utf8(u.name)) {
      skip(where, "navnet inneholder tegn som ikke er gyldig UTF-8", u.orgnr);
      return false;
    }
    return true;
  }

  void accept(ParsedUnit parsed) {
    if (!seen_.insert(orgnr_value(parsed.unit.orgnr))) {
      ++report_.skipped;
      problems_.add("linje " + std::to_string(parsed.line) + ": organisasjonsnummeret " + parsed.unit.orgnr +
                    " står flere ganger i fila; bare den første forekomsten er lest");
      return;
    }
    parsed.search_text = search::index_text({parsed.unit.name});
    // Each word once per unit: index_text() lists a word only once.
    std::string_view words = parsed.search_text;
    while (!words.empty()) {
      const std::size_t space = words.find(' ');
      const std::string_view word = words.substr(0, space);
      if (auto it = terms_.find(word); it != terms_.end()) {
        ++it->second;
      } else if (!word.empty()) {
        terms_.emplace(std::string(word), 1);
      }
      words = space == std::string_view::npos ? std::string_view() : words.substr(space + 1);
    }
    batch_.units.push_back(std::move(parsed));
  }

  // Reports and skips a row. A row whose number is known keeps its unit as it was: a damaged
  // row is no sign that the unit has left the register.
  void skip(const std::string& where, const std::string& why, std::optional<std::string> number) {
    ++report_.skipped;
    problems_.add(where + ": " + why);
    if (number && seen_.insert(orgnr_value(*number))) batch_.keep.push_back(std::move(*number));
  }

  ImportReport& report_;
  SeenNumbers& seen_;
  Batch& batch_;
  Problems& problems_;
  store::TermCounts& terms_;
};

// --- JSON: one array of unit objects, cut into objects without parsing the whole ---

class JsonArrayReader {
 public:
  enum class Status { element, bad, end };

  JsonArrayReader(Buffer& buf, std::size_t start, std::int64_t line) : buf_(buf), pos_(start), line_(line) {}

  // The next element's bytes (valid until the next call), with the line it starts on.
  Status next(std::string_view& element, std::int64_t& line, std::string& why) {
    // The previous element is done with: bytes before it go now and then.
    if (pos_ > (kChunkBytes << 2)) buf_.drop(std::exchange(pos_, 0));
    for (;;) {
      // Between elements: blanks and one comma; "]" ends the array.
      if (!skip_blanks()) throw ImportError(truncated());
      const char c = buf_.data()[pos_];
      if (c == ']') return Status::end;
      if (c == ',') {
        ++pos_;
        continue;
      }
      line = line_;
      const Scan scan = scan_element();
      if (scan.outcome == Outcome::more) {
        if (pos_ > 0) buf_.drop(std::exchange(pos_, 0));
        if (buf_.data().size() > kMaxElementBytes) throw ImportError("et element i JSON-lista er urimelig stort");
        if (!buf_.more()) throw ImportError(truncated());
        continue;
      }
      element = std::string_view(buf_.data()).substr(pos_, scan.end - pos_);
      line_ += scan.newlines;
      pos_ = scan.end;
      if (scan.outcome == Outcome::cut) {
        why = "JSON-objektet er ikke avsluttet før neste enhet begynner";
        return Status::bad;
      }
      return Status::element;
    }
  }

  std::uint64_t file_position() const { return buf_.file_position(); }

 private:
  enum class Outcome { done, cut, more };
  struct Scan {
    Outcome outcome;
    std::size_t end = 0;
    std::int64_t newlines = 0;
  };

  std::string truncated() const {
    return "fila slutter før JSON-lista er avsluttet med «]»; nedlastingen er trolig avbrutt";
  }

  bool skip_blanks() {
    for (;;) {
      const std::string& d = buf_.data();
      while (pos_ < d.size()) {
        const char c = d[pos_];
        if (c == '\n') {
          ++line_;
        } else if (c != ' ' && c != '\t' && c != '\r') {
          return true;
        }
        ++pos_;
      }
      if (!buf_.more()) return false;
    }
  }

  // From pos_ (not a blank): to the end of one value at depth 0. Objects are tracked by depth and
  // string state; a new unit ('{' then "organisasjonsnummer") inside an unfinished one cuts it.
  Scan scan_element() {
    const std::string& d = buf_.data();
    const std::size_t end = d.size();
    const bool eof = buf_.eof();
    int depth = 0;
    bool in_string = false;
    std::int64_t newlines = 0;
    for (std::size_t p = pos_; p < end; ++p) {
      const char c = d[p];
      if (c == '\n') ++newlines;
      if (in_string) {
        if (c == '\\') {
          ++p;
          if (p < end && d[p] == '\n') ++newlines;
        } else if (c == '"') {
          in_string = false;
        }
        continue;
      }
      switch (c) {
        case '"':
          in_string = true;
          break;
        case '{':
        case '[':
          if (c == '{' && depth > 0) {
            std::size_t q = p + 1;
            while (q < end && (d[q] == ' ' || d[q] == '\n' || d[q] == '\r' || d[q] == '\t')) ++q;
            constexpr std::string_view key = "\"organisasjonsnummer\"";
            if (end - q < key.size() && !eof) return {Outcome::more};
            if (std::string_view(d).substr(q, key.size()) == key) return {Outcome::cut, p, newlines};
          }
          ++depth;
          break;
        case '}':
        case ']':
          if (depth == 0) return {Outcome::done, p, newlines};  // a bare value ended by the array's end
          if (--depth == 0) return {Outcome::done, p + 1, newlines};
          break;
        case ',':
          if (depth == 0) return {Outcome::done, p, newlines};
          break;
        default:
          break;
      }
    }
    return {Outcome::more};
  }

  Buffer& buf_;
  std::size_t pos_;
  std::int64_t line_;
};

// --- the reading thread ---

enum class Format { json, csv };

struct Sniffed {
  Format format;
  std::size_t start;  // where the content begins: after a byte-order mark, blank lines and, for JSON, the '['
  std::int64_t line;  // its line
};

Sniffed sniff(Buffer& buf, const std::string& path) {
  std::size_t p = 0;
  if (!buf.fill(0, 3)) throw ImportError(path + " er tom");
  if (buf.data().compare(0, 3, "\xEF\xBB\xBF") == 0) p = 3;
  std::int64_t line = 1;
  for (;;) {
    if (!buf.fill(p, 1)) throw ImportError(path + " inneholder ingen enheter");
    const char c = buf.data()[p];
    if (c == '\n') {
      ++line;
    } else if (c != ' ' && c != '\t' && c != '\r') {
      if (c == '[') return {Format::json, p + 1, line};
      if (c == '{')
        throw ImportError(path + " er JSON, men ikke én liste med enheter slik Enhetsregisterets "
                                 "nedlastingsfil er");
      return {Format::csv, p, line};
    }
    ++p;
  }
}

class Reader {
 public:
  Reader(Input& in, const ImportOptions& options, ImportReport& report, SeenNumbers& seen, store::TermCounts& terms,
         BatchQueue& queue)
      : in_(in), buf_(in), progress_(options.progress, in.size()), report_(report), problems_(report), seen_(seen),
        terms_(terms), queue_(queue) {}

  // Reads what run() needs before anything is written: the format, and the CSV header.
  void prepare() {
    sniffed_ = sniff(buf_, in_.path());
    if (sniffed_.format == Format::csv) {
      csv_ = std::make_unique<CsvReader>(buf_, sniffed_.start, sniffed_.line);
      csv_->set_delimiter(guess_delimiter());
      std::vector<std::string_view> fields;
      std::int64_t line = 0;
      std::string why;
      const auto status = csv_->next(fields, line, why);
      if (status == CsvReader::Status::end) throw ImportError(in_.path() + " er tom");
      if (status == CsvReader::Status::bad) throw ImportError("overskriften på linje 1 kan ikke leses: " + why);
      layout_ = map_csv_header(std::vector<std::string>(fields.begin(), fields.end()));
    } else {
      json_ = std::make_unique<JsonArrayReader>(buf_, sniffed_.start, sniffed_.line);
    }
  }

  // Reads every unit and hands them over in batches; false when the writer stopped it.
  bool run() {
    Batch batch;
    UnitReader units(report_, seen_, batch, problems_, terms_);
    auto hand_over = [&]() {
      if (batch.units.empty() && batch.keep.empty()) return true;
      const bool ok = queue_.push(std::move(batch));
      batch = Batch();
      batch.units.reserve(kBatchUnits);
      return ok;
    };
    batch.units.reserve(kBatchUnits);
    std::int64_t since_progress = 0;
    auto maybe_progress = [&]() {
      if (++since_progress < 1024) return;
      since_progress = 0;
      progress_.update(buf_.file_position(), report_.read);
    };

    if (csv_) {
      std::vector<std::string_view> fields;
      std::int64_t line = 0;
      std::string why;
      for (;;) {
        const auto status = csv_->next(fields, line, why);
        if (status == CsvReader::Status::end) break;
        if (status == CsvReader::Status::bad) {
          units.unreadable("linje " + std::to_string(line), why, std::nullopt);
        } else {
          units.csv_row(*layout_, fields, csv_->clean(), line);
        }
        if (batch.units.size() >= kBatchUnits && !hand_over()) return false;
        maybe_progress();
      }
    } else {
      std::string_view element;
      std::int64_t line = 0, index = 0;
      std::string why;
      for (;;) {
        const auto status = json_->next(element, line, why);
        if (status == JsonArrayReader::Status::end) break;
        ++index;
        if (status == JsonArrayReader::Status::bad) {
          units.unreadable("linje " + std::to_string(line) + ", enhet nr. " + std::to_string(index), why,
                           UnitReader::number_in(element));
        } else {
          units.json_element(element, line, index);
        }
        if (batch.units.size() >= kBatchUnits && !hand_over()) return false;
        maybe_progress();
      }
    }
    if (!hand_over()) return false;
    progress_.finish(report_.read);
    return true;
  }

 private:
  // Comma, as the register writes; a semicolon when the header line has more of those.
  char guess_delimiter() {
    buf_.fill(sniffed_.start, 64 * 1024);
    const std::string& d = buf_.data();
    std::size_t commas = 0, semicolons = 0;
    bool quoted = false;
    for (std::size_t p = sniffed_.start; p < d.size(); ++p) {
      const char c = d[p];
      if (c == '"') quoted = !quoted;
      if (quoted) continue;
      if (c == '\n') break;
      if (c == ',') ++commas;
      if (c == ';') ++semicolons;
    }
    return semicolons > commas ? ';' : ',';
  }

  Input& in_;
  Buffer buf_;
  Progress progress_;
  ImportReport& report_;
  Problems problems_;
  SeenNumbers& seen_;
  store::TermCounts& terms_;
  BatchQueue& queue_;
  Sniffed sniffed_{};
  std::unique_ptr<CsvReader> csv_;
  std::unique_ptr<JsonArrayReader> json_;
  std::optional<CsvLayout> layout_;
};

}  // namespace

ImportReport import_brreg(db::Connection& conn, const std::string& path, const ImportOptions& options) {
  ImportReport report;
  SeenNumbers seen;
  store::TermCounts terms;
  BatchQueue queue;
  Input in(path);
  Reader reader(in, options, report, seen, terms, queue);
  reader.prepare();  // refuses a file that is not a register file before the table is touched

  std::unique_ptr<store::UnitWriter> writer = store::open_writer(conn, clock::now_iso());

  std::exception_ptr reader_error;
  std::thread reading([&] {
    try {
      reader.run();
    } catch (...) {
      reader_error = std::current_exception();
    }
    queue.close();
  });
  try {
    while (std::optional<Batch> batch = queue.pop()) {
      writer->write(batch->units);
      if (!batch->keep.empty()) writer->keep(batch->keep);
    }
  } catch (...) {
    queue.cancel();
    reading.join();
    throw;
  }
  reading.join();
  if (reader_error) std::rethrow_exception(reader_error);

  const store::WriteCounts counts =
      writer->finish([&](std::int64_t orgnr) { return seen.contains(orgnr); }, terms);

  report.inserted = counts.inserted;
  report.updated = counts.updated;
  report.unchanged = counts.unchanged;
  report.removed = counts.removed;
  return report;
}

}  // namespace samskap::directory::registry
