#include "platform/mail/mailer.hpp"

#include <curl/curl.h>
#include <fcntl.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <vector>

namespace samskap::mail {
namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr std::size_t kHeaderLineLimit = 78;    // RFC 5322 2.1.1 recommendation
constexpr std::size_t kEncodedLineLimit = 76;   // RFC 2047 2: lines holding encoded-words
constexpr std::size_t kQpLineLimit = 76;        // RFC 2045 6.7 (5)

void ensure_sodium() {
  static std::once_flag once;
  static int status = 0;
  std::call_once(once, [] { status = sodium_init(); });
  if (status < 0) throw std::runtime_error("libsodium could not be initialised");
}

void ensure_curl() {
  static std::once_flag once;
  static CURLcode status = CURLE_OK;
  std::call_once(once, [] { status = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (status != CURLE_OK) {
    throw std::runtime_error(std::string("libcurl could not be initialised: ") + curl_easy_strerror(status));
  }
}

std::string random_hex(std::size_t bytes) {
  ensure_sodium();
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), raw.data(), raw.size());
  hex.pop_back();
  return hex;
}

std::string base64(std::string_view bytes) {
  const std::size_t size = sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  std::string out(size, '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

void reject_line_breaks(std::string_view header, std::string_view value) {
  if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos) {
    throw std::invalid_argument("e-mail header " + std::string(header) + " must not contain line breaks");
  }
}

bool is_plain_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char ch) { return ch == '\t' || (ch >= 0x20 && ch < 0x7f); });
}

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t");
  return s.substr(first, last - first + 1);
}

// Length in bytes of the UTF-8 sequence starting with `lead`; 1 for stray bytes.
std::size_t utf8_length(unsigned char lead) {
  if (lead >= 0xf0 && lead < 0xf8) return 4;
  if (lead >= 0xe0) return lead < 0xf0 ? 3 : 1;
  if (lead >= 0xc0) return 2;
  return 1;
}

// RFC 2047 "B" encoded-words for `text`, folded so that no line exceeds 76 characters.
// `used` is how much of the first line the header name already takes.
std::string encoded_words(std::string_view text, std::size_t used) {
  constexpr std::size_t overhead = std::string_view("=?UTF-8?B?").size() + std::string_view("?=").size();
  std::string out;
  std::size_t pos = 0;
  do {
    const std::size_t width = kEncodedLineLimit - used;
    const std::size_t max_bytes = (width - overhead) / 4 * 3;
    std::size_t end = pos;
    while (end < text.size()) {
      const std::size_t len = std::min(utf8_length(static_cast<unsigned char>(text[end])), text.size() - end);
      if (end + len - pos > max_bytes) break;
      end += len;
    }
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?";
    out += base64(text.substr(pos, end - pos));
    out += "?=";
    pos = end;
    used = 1;  // continuation lines start with a single space
  } while (pos < text.size());
  return out;
}

// Unstructured header text (RFC 5322 2.2.1), as encoded-words when it cannot go as it is.
std::string header_text(std::string_view name, std::string_view text) {
  const std::size_t used = name.size() + 2;
  bool plain = is_plain_ascii(text) && text.find("=?") == std::string_view::npos;
  std::vector<std::string_view> words;
  for (std::size_t start = 0; plain;) {
    const auto space = text.find(' ', start);
    words.push_back(text.substr(start, space == std::string_view::npos ? std::string_view::npos : space - start));
    if (words.back().size() + 1 > kHeaderLineLimit - used) plain = false;
    if (space == std::string_view::npos) break;
    start = space + 1;
  }
  if (!plain) return encoded_words(text, used);

  std::string out;
  std::size_t line = used;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const auto word = words[i];
    if (i == 0) {
      out += word;
      line += word.size();
    } else if (!word.empty() && line + 1 + word.size() > kHeaderLineLimit) {
      out += "\r\n ";
      out += word;
      line = 1 + word.size();
    } else {
      out += ' ';
      out += word;
      line += 1 + word.size();
    }
  }
  return out;
}

// "Name <addr>" or "addr" with the display name quoted or encoded as needed.
std::string address_header(std::string_view name, std::string_view value) {
  value = trim(value);
  const auto lt = value.rfind('<');
  if (lt == std::string_view::npos) return std::string(value);
  std::string_view display = trim(value.substr(0, lt));
  const std::string_view addr = trim(value.substr(lt));
  if (display.empty()) return std::string(addr);
  const bool quoted = display.size() >= 2 && display.front() == '"' && display.back() == '"';
  if (!is_plain_ascii(display)) {
    if (quoted) display = display.substr(1, display.size() - 2);
    return encoded_words(display, name.size() + 2) + " " + std::string(addr);
  }
  if (quoted || display.find_first_of("()<>[]:;@\\,.\"") == std::string_view::npos) {
    return std::string(display) + " " + std::string(addr);
  }
  std::string out = "\"";
  for (char ch : display) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  out += "\" ";
  out += addr;
  return out;
}

// The addr-spec of "Name <addr>" or of a bare address.
std::string address_part(std::string_view value) {
  value = trim(value);
  const auto lt = value.rfind('<');
  if (lt == std::string_view::npos) return std::string(value);
  const auto gt = value.find('>', lt);
  return std::string(trim(value.substr(lt + 1, gt == std::string_view::npos ? std::string_view::npos : gt - lt - 1)));
}

// RFC 2045 6.7 quoted-printable with CRLF line ends and soft breaks keeping lines at 76 characters.
std::string quoted_printable(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3 / 2 + 16);
  std::size_t start = 0;
  while (start < text.size()) {
    auto nl = text.find('\n', start);
    std::string_view line = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    start = nl == std::string_view::npos ? text.size() : nl + 1;
    if (nl != std::string_view::npos && line.ends_with('\r')) line.remove_suffix(1);

    std::size_t width = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const auto ch = static_cast<unsigned char>(line[i]);
      const bool last = i + 1 == line.size();
      char token[3];
      std::size_t len = 1;
      if ((ch >= 33 && ch <= 126 && ch != '=') || ((ch == ' ' || ch == '\t') && !last)) {
        token[0] = static_cast<char>(ch);
      } else {
        token[0] = '=';
        token[1] = hex[ch >> 4];
        token[2] = hex[ch & 0x0f];
        len = 3;
      }
      // Leave room for the '=' of a soft line break unless this is the line's last token.
      const std::size_t limit = last ? kQpLineLimit : kQpLineLimit - 1;
      if (width + len > limit) {
        out += "=\r\n";
        width = 0;
      }
      out.append(token, len);
      width += len;
    }
    out += kCrlf;
  }
  return out;
}

std::string rfc5322_date(std::chrono::system_clock::time_point when) {
  static constexpr std::array<const char*, 7> days{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
                months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string new_message_id(const std::string& from) {
  const std::string addr = address_part(from);
  const auto at = addr.rfind('@');
  std::string domain = at == std::string::npos ? std::string() : addr.substr(at + 1);
  if (domain.empty()) domain = "samskap.invalid";
  return "<" + random_hex(16) + "@" + domain + ">";
}

// A name that sorts by time: 20250304T123456.123456Z-<random>.eml
std::string outbox_name(std::chrono::system_clock::time_point when) {
  using namespace std::chrono;
  const std::time_t t = system_clock::to_time_t(when);
  const auto micros = duration_cast<microseconds>(when.time_since_epoch()).count() % 1000000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02d.%06lldZ-", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(micros));
  return buf + random_hex(4) + ".eml";
}

[[noreturn]] void throw_errno(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

void write_all(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno("cannot write " + path);
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

// Writes the file under a temporary name and renames it, so readers never see half a message.
std::filesystem::path write_outbox(const std::string& dir, const std::string& data) {
  const std::filesystem::path folder = dir.empty() ? std::filesystem::path(".") : std::filesystem::path(dir);
  std::filesystem::create_directories(folder);
  const std::filesystem::path path = folder / outbox_name(std::chrono::system_clock::now());
  const std::filesystem::path tmp = path.string() + ".tmp";

  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) throw_errno("cannot create " + tmp.string());
  try {
    write_all(fd, data, tmp.string());
    if (::fsync(fd) != 0) throw_errno("cannot flush " + tmp.string());
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    throw std::system_error(err, std::generic_category(), "cannot write " + tmp.string());
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    throw std::system_error(err, std::generic_category(), "cannot rename " + tmp.string());
  }
  // Make the rename itself durable; a failure here leaves the message in place, so it is not fatal.
  if (const int dfd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return path;
}

struct Upload {
  std::string_view data;
  std::size_t pos = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t nitems, void* userp) {
  auto* upload = static_cast<Upload*>(userp);
  const std::size_t n = std::min(size * nitems, upload->data.size() - upload->pos);
  std::memcpy(buffer, upload->data.data() + upload->pos, n);
  upload->pos += n;
  return n;
}

struct CurlDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

void send_smtp(const MailerOptions& o, const std::string& to, const std::string& data) {
  ensure_curl();
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) throw std::runtime_error("libcurl could not create a handle");

  const std::string mail_from = "<" + address_part(o.from) + ">";
  const std::string rcpt = "<" + address_part(to) + ">";
  std::unique_ptr<curl_slist, CurlDeleter> recipients(curl_slist_append(nullptr, rcpt.c_str()));
  if (!recipients) throw std::runtime_error("libcurl could not allocate the recipient list");

  Upload upload{data};
  char error[CURL_ERROR_SIZE] = {};
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(h, CURLOPT_URL, o.smtp_url.c_str());
#if LIBCURL_VERSION_NUM >= 0x075500
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#else
  curl_easy_setopt(h, CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_SMTP | CURLPROTO_SMTPS));
#endif
  curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(h, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(h, CURLOPT_READDATA, &upload);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(data.size()));
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  if (!o.user.empty()) curl_easy_setopt(h, CURLOPT_USERNAME, o.user.c_str());
  if (!o.password.empty()) curl_easy_setopt(h, CURLOPT_PASSWORD, o.password.c_str());
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);

  const CURLcode rc = curl_easy_perform(h);
  if (rc != CURLE_OK) {
    const std::string detail = error[0] ? error : curl_easy_strerror(rc);
    throw std::runtime_error("sending e-mail to " + to + " failed: " + detail);
  }
}

}  // namespace

std::string Mailer::format(const Message& m, const std::string& message_id, const std::string& date) const {
  reject_line_breaks("From", o_.from);
  reject_line_breaks("To", m.to);
  reject_line_breaks("Subject", m.subject);
  reject_line_breaks("Message-ID", message_id);
  reject_line_breaks("Date", date);
  if (trim(m.to).empty()) throw std::invalid_argument("e-mail without a recipient");

  const std::string id = message_id.starts_with('<') ? message_id : "<" + message_id + ">";
  std::string out;
  out.reserve(m.text.size() * 3 / 2 + 512);
  out.append("Date: ").append(date).append(kCrlf);
  out.append("From: ").append(address_header("From", o_.from)).append(kCrlf);
  out.append("To: ").append(address_header("To", m.to)).append(kCrlf);
  out.append("Subject: ").append(header_text("Subject", m.subject)).append(kCrlf);
  out.append("Message-ID: ").append(id).append(kCrlf);
  out.append("MIME-Version: 1.0").append(kCrlf);
  out.append("Content-Type: text/plain; charset=UTF-8").append(kCrlf);
  out.append("Content-Transfer-Encoding: quoted-printable").append(kCrlf);
  out.append(kCrlf);
  out.append(quoted_printable(m.text));
  return out;
}

void Mailer::send(const Message& m) const {
  const std::string data = format(m, new_message_id(o_.from), rfc5322_date(std::chrono::system_clock::now()));
  if (o_.smtp_url.empty()) {
    const auto path = write_outbox(o_.outbox_dir, data);
    spdlog::info("e-post til {} lagt i utboks: {}", m.to, path.string());
    return;
  }
  send_smtp(o_, m.to, data);
  spdlog::info("e-post til {} sendt via SMTP", m.to);
}

}  // namespace samskap::mail
