#include "platform/http/form.hpp"

#include <algorithm>
#include <functional>

namespace samskap::http {

namespace {

constexpr std::string_view kCrlf = "\r\n";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

// RFC 9110 token characters.
bool is_tchar(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// Parameters of a header value such as `form-data; name="a"; filename="b"` or
// `multipart/form-data; boundary=xyz`. Names are lower-cased; quoted strings are unescaped.
// Returns false on a syntax error (unterminated quote, missing '=', empty name).
struct Param {
  std::string name;
  std::string value;
};

bool parse_params(std::string_view s, std::vector<Param>& out) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    while (i < n && (is_blank(s[i]) || s[i] == ';')) ++i;
    if (i >= n) break;
    std::size_t name_start = i;
    while (i < n && is_tchar(s[i])) ++i;
    if (i == name_start) return false;
    Param p;
    p.name.reserve(i - name_start);
    for (std::size_t k = name_start; k < i; ++k) p.name.push_back(ascii_lower(s[k]));
    while (i < n && is_blank(s[i])) ++i;
    if (i >= n || s[i] != '=') return false;
    ++i;
    while (i < n && is_blank(s[i])) ++i;
    if (i < n && s[i] == '"') {
      ++i;
      bool closed = false;
      while (i < n) {
        char c = s[i++];
        if (c == '"') {
          closed = true;
          break;
        }
        if (c == '\\' && i < n) c = s[i++];
        p.value.push_back(c);
      }
      if (!closed) return false;
      while (i < n && is_blank(s[i])) ++i;
      if (i < n && s[i] != ';') return false;
    } else {
      std::size_t value_start = i;
      while (i < n && s[i] != ';') ++i;
      p.value = std::string(trim(s.substr(value_start, i - value_start)));
    }
    out.push_back(std::move(p));
  }
  return true;
}

const std::string* find_param(const std::vector<Param>& params, std::string_view lower_name) {
  for (const auto& p : params)
    if (p.name == lower_name) return &p.value;
  return nullptr;
}

// RFC 5987 ext-value: charset'language'percent-encoded. Only UTF-8 (and its ASCII subset) is accepted.
std::optional<std::string> decode_ext_value(std::string_view v) {
  auto q1 = v.find('\'');
  if (q1 == std::string_view::npos) return std::nullopt;
  auto q2 = v.find('\'', q1 + 1);
  if (q2 == std::string_view::npos) return std::nullopt;
  auto charset = v.substr(0, q1);
  if (!iequals(charset, "utf-8") && !iequals(charset, "us-ascii")) return std::nullopt;
  return url_decode(v.substr(q2 + 1), false);
}

// A boundary per RFC 2046: 1 to 70 characters, not ending in a space.
bool valid_boundary(std::string_view b) {
  if (b.empty() || b.size() > 70 || b.back() == ' ') return false;
  for (char c : b) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) return false;
  }
  return true;
}

struct PartHeaders {
  std::string disposition;
  std::string content_type;
  bool has_disposition = false;
};

// Parses the header block of one part (without its terminating empty line).
bool parse_part_headers(std::string_view block, PartHeaders& out) {
  std::string* last = nullptr;
  while (!block.empty()) {
    auto eol = block.find(kCrlf);
    std::string_view line = block.substr(0, eol);
    block = eol == std::string_view::npos ? std::string_view() : block.substr(eol + kCrlf.size());
    if (line.empty()) continue;
    if (is_blank(line.front())) {  // obsolete line folding: continues the previous header
      if (last) {
        last->push_back(' ');
        last->append(trim(line));
      }
      continue;
    }
    auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    auto name = line.substr(0, colon);
    for (char c : name)
      if (!is_tchar(c)) return false;
    auto value = trim(line.substr(colon + 1));
    if (iequals(name, "content-disposition")) {
      out.disposition.assign(value);
      out.has_disposition = true;
      last = &out.disposition;
    } else if (iequals(name, "content-type")) {
      out.content_type.assign(value);
      last = &out.content_type;
    } else {
      last = nullptr;
    }
  }
  return true;
}

}  // namespace

std::string url_decode(std::string_view s, bool plus_as_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      int hi = i + 2 < s.size() ? hex_value(s[i + 1]) : -1;
      int lo = i + 2 < s.size() ? hex_value(s[i + 2]) : -1;
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
      } else {
        out.push_back(c);  // an invalid escape is kept literally
      }
    } else if (c == '+' && plus_as_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string url_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() + s.size() / 2);
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    bool unreserved = (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '-' ||
                      u == '.' || u == '_' || u == '~';
    if (unreserved) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0x0f]);
    }
  }
  return out;
}

Fields parse_urlencoded(std::string_view body) {
  // WHATWG application/x-www-form-urlencoded parsing: empty sequences are skipped,
  // a sequence without '=' is a name with an empty value, order and repeats are kept.
  Fields out;
  if (body.empty()) return out;
  out.reserve(static_cast<std::size_t>(std::count(body.begin(), body.end(), '&')) + 1);
  std::size_t start = 0;
  while (start <= body.size()) {
    auto amp = body.find('&', start);
    auto end = amp == std::string_view::npos ? body.size() : amp;
    auto pair = body.substr(start, end - start);
    if (!pair.empty()) {
      auto eq = pair.find('=');
      if (eq == std::string_view::npos)
        out.emplace_back(url_decode(pair, true), std::string());
      else
        out.emplace_back(url_decode(pair.substr(0, eq), true), url_decode(pair.substr(eq + 1), true));
    }
    if (amp == std::string_view::npos) break;
    start = amp + 1;
  }
  return out;
}

std::optional<Multipart> parse_multipart(std::string_view body, std::string_view content_type) {
  // Boundary from the Content-Type parameters.
  auto semi = content_type.find(';');
  if (semi == std::string_view::npos) return std::nullopt;
  if (!iequals(trim(content_type.substr(0, semi)), "multipart/form-data")) return std::nullopt;
  std::vector<Param> ct_params;
  if (!parse_params(content_type.substr(semi + 1), ct_params)) return std::nullopt;
  const std::string* boundary = find_param(ct_params, "boundary");
  if (!boundary || !valid_boundary(*boundary)) return std::nullopt;

  // Every delimiter but a body-initial one is CRLF "--" boundary.
  const std::string delimiter = "\r\n--" + *boundary;
  const std::boyer_moore_searcher searcher(delimiter.begin(), delimiter.end());
  const std::string_view dash_boundary = std::string_view(delimiter).substr(2);

  // Finds the next delimiter line at or after `from`; returns the offset of its CRLF, or npos.
  // A match must be followed by "--" or by optional blanks and CRLF to count as a delimiter.
  auto find_delimiter = [&](std::size_t from) -> std::size_t {
    while (from <= body.size()) {
      auto it = std::search(body.begin() + static_cast<std::ptrdiff_t>(from), body.end(), searcher);
      if (it == body.end()) return std::string_view::npos;
      auto at = static_cast<std::size_t>(it - body.begin());
      auto after = at + delimiter.size();
      auto rest = body.substr(after);
      if (rest.substr(0, 2) == "--") return at;
      std::size_t k = 0;
      while (k < rest.size() && is_blank(rest[k])) ++k;
      if (rest.substr(k, 2) == kCrlf) return at;
      from = at + 1;
    }
    return std::string_view::npos;
  };

  // The first delimiter may open the body (no preamble) or follow a preamble.
  std::size_t pos;  // offset just past the "--boundary" of the current delimiter
  if (body.substr(0, dash_boundary.size()) == dash_boundary) {
    pos = dash_boundary.size();
  } else {
    auto at = find_delimiter(0);
    if (at == std::string_view::npos) return std::nullopt;
    pos = at + delimiter.size();
  }

  Multipart out;
  std::vector<Param> disposition_params;
  while (true) {
    // After a delimiter: "--" closes the body, else transport padding and CRLF open a part.
    if (body.substr(pos, 2) == "--") return out;
    while (pos < body.size() && is_blank(body[pos])) ++pos;
    if (body.substr(pos, 2) != kCrlf) return std::nullopt;
    pos += 2;

    // Part headers end at the first empty line; a part may have no headers at all.
    std::string_view header_block;
    if (body.substr(pos, 2) == kCrlf) {
      pos += 2;
    } else {
      auto end = body.find("\r\n\r\n", pos);
      if (end == std::string_view::npos) return std::nullopt;
      header_block = body.substr(pos, end - pos);
      pos = end + 4;
    }

    auto next = find_delimiter(pos);
    if (next == std::string_view::npos) return std::nullopt;  // no closing delimiter
    std::string_view data = body.substr(pos, next - pos);
    pos = next + delimiter.size();

    PartHeaders headers;
    if (!parse_part_headers(header_block, headers) || !headers.has_disposition) return std::nullopt;
    auto dsemi = headers.disposition.find(';');
    if (!iequals(trim(std::string_view(headers.disposition).substr(0, dsemi)), "form-data")) return std::nullopt;
    disposition_params.clear();
    if (dsemi == std::string::npos ||
        !parse_params(std::string_view(headers.disposition).substr(dsemi + 1), disposition_params))
      return std::nullopt;
    const std::string* name = find_param(disposition_params, "name");
    if (!name || name->empty()) return std::nullopt;

    const std::string* filename = find_param(disposition_params, "filename");
    std::optional<std::string> ext_filename;
    if (const std::string* ext = find_param(disposition_params, "filename*")) ext_filename = decode_ext_value(*ext);

    if (!filename && !ext_filename) {
      out.fields.emplace_back(*name, std::string(data));
      continue;
    }
    UploadedFile f;
    f.field = *name;
    f.filename = ext_filename ? std::move(*ext_filename) : *filename;
    // A file input left empty is sent as filename="" with no content: that is no upload.
    if (f.filename.empty() && data.empty()) continue;
    f.content_type = headers.content_type.empty() ? "application/octet-stream" : std::move(headers.content_type);
    f.data.assign(data);
    out.files.push_back(std::move(f));
  }
}

Fields parse_cookies(std::string_view header) {
  Fields out;
  std::size_t start = 0;
  while (start < header.size()) {
    auto semi = header.find(';', start);
    auto end = semi == std::string_view::npos ? header.size() : semi;
    auto item = trim(header.substr(start, end - start));
    start = end + 1;
    auto eq = item.find('=');
    if (eq == std::string_view::npos) continue;
    auto name = trim(item.substr(0, eq));
    auto value = trim(item.substr(eq + 1));
    if (name.empty()) continue;
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    out.emplace_back(std::string(name), url_decode(value, false));
  }
  return out;
}

std::string set_cookie_value(std::string_view name, std::string_view value, const CookieOptions& o) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(name.size() + value.size() + 64);
  out.append(name);
  out.push_back('=');
  // RFC 6265 cookie-octets pass through; everything else (and '%') is percent-encoded,
  // which parse_cookies reverses.
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    bool octet = u == 0x21 || (u >= 0x23 && u <= 0x2b) || (u >= 0x2d && u <= 0x3a) || (u >= 0x3c && u <= 0x5b) ||
                 (u >= 0x5d && u <= 0x7e);
    if (octet && u != '%') {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0x0f]);
    }
  }
  if (!o.path.empty()) {
    out += "; Path=";
    out += o.path;
  }
  if (o.max_age_seconds) {
    out += "; Max-Age=";
    out += std::to_string(std::max(0L, *o.max_age_seconds));
  }
  if (o.http_only) out += "; HttpOnly";
  if (o.secure) out += "; Secure";
  if (!o.same_site.empty()) {
    out += "; SameSite=";
    out += o.same_site;
  }
  return out;
}

}  // namespace samskap::http
