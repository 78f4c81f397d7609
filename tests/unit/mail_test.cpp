#include "platform/mail/mailer.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sodium.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

using samskap::mail::Mailer;
using samskap::mail::MailerOptions;
using samskap::mail::Message;

constexpr const char* kFrom = "Samskap <noreply@samskap.example.no>";
constexpr const char* kDate = "Tue, 04 Mar 2025 12:34:56 +0000";
constexpr const char* kId = "<0123456789abcdef@samskap.example.no>";

Mailer make_mailer(const std::string& smtp_url, const std::string& from, const std::string& outbox_dir) {
  MailerOptions o;
  o.smtp_url = smtp_url;
  o.from = from;
  o.outbox_dir = outbox_dir;
  return Mailer(std::move(o));
}

Mailer outbox_mailer(const std::string& dir = "/nonexistent") { return make_mailer("", kFrom, dir); }

struct Parsed {
  std::string head;  // header block, folded lines as sent
  std::string body;  // as sent, quoted-printable
};

Parsed split(const std::string& message) {
  const auto end = message.find("\r\n\r\n");
  if (end == std::string::npos) return {message, {}};
  return {message.substr(0, end + 2), message.substr(end + 4)};
}

// The unfolded value of a header, or "" when absent.
std::string header(const std::string& head, const std::string& name) {
  std::string unfolded;
  for (std::size_t i = 0; i < head.size(); ++i) {
    if (head.compare(i, 3, "\r\n ") == 0 || head.compare(i, 3, "\r\n\t") == 0) {
      i += 1;
      continue;
    }
    unfolded += head[i];
  }
  std::istringstream lines(unfolded);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.size() > name.size() && line.compare(0, name.size(), name) == 0 && line[name.size()] == ':') {
      return line.substr(name.size() + 2);
    }
  }
  return {};
}

std::string decode_qp(const std::string& body) {
  std::string out;
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '=' && body.compare(i + 1, 2, "\r\n") == 0) {
      i += 2;
    } else if (body[i] == '=' && i + 2 < body.size()) {
      out += static_cast<char>(std::stoi(body.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else if (body.compare(i, 2, "\r\n") == 0) {
      out += '\n';
      i += 1;
    } else {
      out += body[i];
    }
  }
  return out;
}

// Decodes RFC 2047 "B" encoded-words, dropping the white space between adjacent ones.
std::string decode_words(const std::string& value) {
  static const std::regex word(R"(=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=)", std::regex::icase);
  std::string out;
  auto it = std::sregex_iterator(value.begin(), value.end(), word);
  std::size_t pos = 0;
  bool previous_was_word = false;
  for (; it != std::sregex_iterator(); ++it) {
    std::string between = value.substr(pos, it->position() - pos);
    if (!(previous_was_word && between.find_first_not_of(" \t") == std::string::npos)) out += between;
    const std::string b64 = (*it)[1];
    std::string bin(b64.size(), '\0');
    std::size_t len = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(bin.data()), bin.size(), b64.c_str(), b64.size(),
                          nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
      ADD_FAILURE() << "bad base64 in " << value;
    }
    out += bin.substr(0, len);
    pos = it->position() + it->length();
    previous_was_word = true;
  }
  return out + value.substr(pos);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find("\r\n", start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 2;
  }
  return lines;
}

void expect_crlf_only(const std::string& message) {
  for (std::size_t i = 0; i < message.size(); ++i) {
    if (message[i] == '\n') {
      ASSERT_TRUE(i > 0 && message[i - 1] == '\r') << "bare LF at " << i;
    }
    if (message[i] == '\r') {
      ASSERT_TRUE(i + 1 < message.size() && message[i + 1] == '\n') << "bare CR at " << i;
    }
  }
  EXPECT_TRUE(message.ends_with("\r\n"));
}

TEST(Mail, FormatHasTheHeaders) {
  const Message m{.to = "Kari Nordmann <kari@example.no>", .subject = "Velkommen", .text = "Hei!\n"};
  const std::string out = outbox_mailer().format(m, kId, kDate);
  expect_crlf_only(out);
  const Parsed p = split(out);
  EXPECT_EQ(header(p.head, "From"), kFrom);
  EXPECT_EQ(header(p.head, "To"), "Kari Nordmann <kari@example.no>");
  EXPECT_EQ(header(p.head, "Subject"), "Velkommen");
  EXPECT_EQ(header(p.head, "Date"), kDate);
  EXPECT_EQ(header(p.head, "Message-ID"), kId);
  EXPECT_EQ(header(p.head, "MIME-Version"), "1.0");
  EXPECT_EQ(header(p.head, "Content-Type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(header(p.head, "Content-Transfer-Encoding"), "quoted-printable");
  EXPECT_EQ(p.body, "Hei!\r\n");
}

TEST(Mail, MessageIdGetsAngleBrackets) {
  const Message m{.to = "kari@example.no", .subject = "x", .text = "y"};
  const Parsed p = split(outbox_mailer().format(m, "abc@example.no", kDate));
  EXPECT_EQ(header(p.head, "Message-ID"), "<abc@example.no>");
}

TEST(Mail, NonAsciiSubjectIsEncoded) {
  const Message m{.to = "kari@example.no", .subject = "Blåbærsyltetøy på Ås", .text = "x"};
  const Parsed p = split(outbox_mailer().format(m, kId, kDate));
  const std::string subject = header(p.head, "Subject");
  EXPECT_TRUE(subject.starts_with("=?UTF-8?B?")) << subject;
  EXPECT_EQ(decode_words(subject), "Blåbærsyltetøy på Ås");
  for (unsigned char ch : p.head) EXPECT_LT(ch, 0x80) << "raw 8-bit byte in the header";
}

TEST(Mail, LongSubjectsAreFolded) {
  std::string ascii;
  for (int i = 0; i < 30; ++i) ascii += "ord" + std::to_string(i) + " ";
  ascii.pop_back();
  std::string nordic;
  for (int i = 0; i < 20; ++i) nordic += "æøå ÆØÅ ";
  nordic.pop_back();

  for (const std::string& subject : {ascii, nordic}) {
    const Message m{.to = "kari@example.no", .subject = subject, .text = "x"};
    const std::string out = outbox_mailer().format(m, kId, kDate);
    expect_crlf_only(out);
    const Parsed p = split(out);
    for (const auto& line : lines_of(p.head)) EXPECT_LE(line.size(), 78u) << line;
    EXPECT_NE(p.head.find("\r\n "), std::string::npos) << "expected a folded header";
    EXPECT_EQ(decode_words(header(p.head, "Subject")), subject);
  }
}

TEST(Mail, NonAsciiDisplayNameIsEncoded) {
  const Mailer mailer = make_mailer("", "Samskap Ålesund <post@example.no>", "/nonexistent");
  const Message m{.to = "Åse Ødegård <aase@example.no>", .subject = "x", .text = "y"};
  const Parsed p = split(mailer.format(m, kId, kDate));
  EXPECT_EQ(decode_words(header(p.head, "From")), "Samskap Ålesund <post@example.no>");
  EXPECT_EQ(decode_words(header(p.head, "To")), "Åse Ødegård <aase@example.no>");
  for (unsigned char ch : p.head) EXPECT_LT(ch, 0x80);
}

TEST(Mail, BodyIsQuotedPrintable) {
  const std::string long_line(200, 'a');
  const std::string text = "Hei Åse!\n" + long_line + "\n1 + 1 = 2\nmellomrom på slutten  \n\nsiste linje";
  const Message m{.to = "kari@example.no", .subject = "x", .text = text};
  const std::string out = outbox_mailer().format(m, kId, kDate);
  expect_crlf_only(out);
  const Parsed p = split(out);

  EXPECT_NE(p.body.find("Hei =C3=85se!\r\n"), std::string::npos) << p.body;
  EXPECT_NE(p.body.find("1 + 1 =3D 2\r\n"), std::string::npos) << p.body;
  EXPECT_NE(p.body.find("mellomrom p=C3=A5 slutten =20\r\n"), std::string::npos) << p.body;
  EXPECT_NE(p.body.find("=\r\n"), std::string::npos) << "expected soft line breaks";
  for (const auto& line : lines_of(p.body)) {
    EXPECT_LE(line.size(), 76u) << line;
    EXPECT_FALSE(line.ends_with(" ") || line.ends_with("\t")) << "trailing white space: " << line;
    for (unsigned char ch : line) EXPECT_LT(ch, 0x80);
  }
  EXPECT_EQ(decode_qp(p.body), text + "\n");
}

TEST(Mail, QuotedPrintableDoesNotSplitEscapes) {
  std::string text;
  for (int i = 0; i < 60; ++i) text += "ø";
  const Parsed p = split(outbox_mailer().format({.to = "k@example.no", .subject = "x", .text = text}, kId, kDate));
  for (const auto& line : lines_of(p.body)) {
    EXPECT_LE(line.size(), 76u);
    const std::string content = line.ends_with("=") ? line.substr(0, line.size() - 1) : line;
    EXPECT_TRUE(std::regex_match(content, std::regex("(=[0-9A-F]{2})*"))) << line;
  }
  EXPECT_EQ(decode_qp(p.body), text + "\n");
}

TEST(Mail, CrLfInTheTextIsNormalised) {
  const Parsed p = split(outbox_mailer().format({.to = "k@example.no", .subject = "x", .text = "a\r\nb\rc\n"},
                                                kId, kDate));
  EXPECT_EQ(p.body, "a\r\nb=0Dc\r\n");
}

TEST(Mail, HeaderInjectionIsRejected) {
  const Mailer mailer = outbox_mailer();
  EXPECT_THROW(mailer.format({.to = "kari@example.no\r\nBcc: all@example.no", .subject = "x", .text = "y"}, kId,
                             kDate),
               std::invalid_argument);
  EXPECT_THROW(mailer.format({.to = "kari@example.no\n", .subject = "x", .text = "y"}, kId, kDate),
               std::invalid_argument);
  EXPECT_THROW(mailer.format({.to = "kari@example.no", .subject = "x\nBcc: all@example.no", .text = "y"}, kId,
                             kDate),
               std::invalid_argument);
  EXPECT_THROW(mailer.format({.to = "kari@example.no", .subject = "x\r", .text = "y"}, kId, kDate),
               std::invalid_argument);
  const Mailer bad_from = make_mailer("", "Samskap <a@b>\r\nBcc: all@example.no", "/nonexistent");
  EXPECT_THROW(bad_from.format({.to = "kari@example.no", .subject = "x", .text = "y"}, kId, kDate),
               std::invalid_argument);
  EXPECT_THROW(mailer.format({.to = "", .subject = "x", .text = "y"}, kId, kDate), std::invalid_argument);
}

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "samskap-mail-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(Mail, OutboxGetsAnEmlFile) {
  TempDir tmp;
  const auto outbox = tmp.path() / "data" / "outbox";
  const Mailer mailer = outbox_mailer(outbox.string());
  mailer.send({.to = "kari@example.no", .subject = "Bekreft e-postadressen din", .text = "Trykk på lenka: æøå"});
  mailer.send({.to = "ola@example.no", .subject = "Nummer to", .text = "Hei"});

  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(outbox)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  ASSERT_EQ(files.size(), 2u);
  for (const auto& f : files) {
    EXPECT_EQ(f.extension(), ".eml") << f;
    EXPECT_TRUE(std::regex_match(f.filename().string(),
                                 std::regex(R"(\d{8}T\d{6}\.\d{6}Z-[0-9a-f]{8}\.eml)")))
        << f;
  }

  const std::string first = read_file(files[0]);
  expect_crlf_only(first);
  const Parsed p = split(first);
  EXPECT_EQ(header(p.head, "To"), "kari@example.no");
  EXPECT_EQ(header(p.head, "Subject"), "Bekreft e-postadressen din");
  EXPECT_EQ(decode_qp(p.body), "Trykk på lenka: æøå\n");
  EXPECT_TRUE(std::regex_match(header(p.head, "Message-ID"), std::regex(R"(<[0-9a-f]{32}@samskap\.example\.no>)")))
      << header(p.head, "Message-ID");
  EXPECT_TRUE(std::regex_match(header(p.head, "Date"),
                               std::regex(R"((Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|)"
                                          R"(Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d \+0000)")))
      << header(p.head, "Date");
  EXPECT_EQ(header(split(read_file(files[1])).head, "To"), "ola@example.no");
}

TEST(Mail, OutboxErrorsAreReported) {
  TempDir tmp;
  const auto blocker = tmp.path() / "file";
  std::ofstream(blocker) << "not a folder";
  const Mailer mailer = outbox_mailer((blocker / "outbox").string());
  EXPECT_THROW(mailer.send({.to = "kari@example.no", .subject = "x", .text = "y"}), std::runtime_error);
}

// Just enough of an SMTP server for one client session, on 127.0.0.1 with an ephemeral port.
class SmtpServer {
 public:
  SmtpServer() {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listener_ < 0) throw std::runtime_error("socket failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listener_, 4) != 0 ||
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      ::close(listener_);
      throw std::runtime_error("cannot listen on 127.0.0.1");
    }
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~SmtpServer() {
    finish();
    ::close(listener_);
  }

  int port() const { return port_; }
  // Waits for the session to end; afterwards the recorded fields may be read.
  void finish() {
    if (thread_.joinable()) thread_.join();
  }

  std::vector<std::string> commands;
  std::string mail_from;
  std::vector<std::string> rcpt_to;
  std::string data;

 private:
  void serve() {
    pollfd pfd{listener_, POLLIN, 0};
    if (::poll(&pfd, 1, 10000) != 1) return;
    conn_ = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (conn_ < 0) return;
    timeval tv{10, 0};
    ::setsockopt(conn_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    reply("220 test.invalid ESMTP ready");
    std::string line;
    while (read_line(line)) {
      commands.push_back(line);
      std::string verb = line.substr(0, line.find(' '));
      for (auto& ch : verb) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      if (verb == "EHLO") {
        reply("250-test.invalid\r\n250 8BITMIME");
      } else if (verb == "HELO" || verb == "RSET" || verb == "NOOP") {
        reply("250 OK");
      } else if (verb == "MAIL") {
        mail_from = line.substr(10);
        reply("250 OK");
      } else if (verb == "RCPT") {
        rcpt_to.push_back(line.substr(8));
        reply("250 OK");
      } else if (verb == "DATA") {
        reply("354 End data with <CR><LF>.<CR><LF>");
        while (read_line(line) && line != ".") {
          data += (line.starts_with("..") ? line.substr(1) : line) + "\r\n";
        }
        reply("250 OK queued");
      } else if (verb == "QUIT") {
        reply("221 Bye");
        break;
      } else {
        reply("502 Command not implemented");
      }
    }
    ::close(conn_);
  }

  void reply(const std::string& text) {
    const std::string out = text + "\r\n";
    [[maybe_unused]] auto n = ::send(conn_, out.data(), out.size(), MSG_NOSIGNAL);
  }

  bool read_line(std::string& line) {
    for (;;) {
      const auto end = buffer_.find("\r\n");
      if (end != std::string::npos) {
        line = buffer_.substr(0, end);
        buffer_.erase(0, end + 2);
        return true;
      }
      char chunk[4096];
      const ssize_t n = ::recv(conn_, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }

  int listener_ = -1;
  int conn_ = -1;
  int port_ = 0;
  std::string buffer_;
  std::thread thread_;
};

TEST(Mail, SmtpDeliversTheMessage) {
  SmtpServer server;
  const Mailer mailer = make_mailer("smtp://127.0.0.1:" + std::to_string(server.port()), kFrom, "/nonexistent");
  const std::string text = "Hei Kari!\n\n.Linje med punktum først\nSjå lenka: https://samskap.example.no/x?a=1\n";
  mailer.send({.to = "Kari Nordmann <kari@example.no>", .subject = "Påminnelse om møte", .text = text});
  server.finish();

  EXPECT_EQ(server.mail_from.substr(0, server.mail_from.find('>') + 1), "<noreply@samskap.example.no>");
  ASSERT_EQ(server.rcpt_to.size(), 1u);
  EXPECT_EQ(server.rcpt_to[0], "<kari@example.no>");
  const Parsed p = split(server.data);
  EXPECT_EQ(decode_words(header(p.head, "Subject")), "Påminnelse om møte");
  EXPECT_EQ(header(p.head, "To"), "Kari Nordmann <kari@example.no>");
  EXPECT_EQ(decode_qp(p.body), text);
  ASSERT_FALSE(server.commands.empty());
  EXPECT_EQ(server.commands.back(), "QUIT");
}

TEST(Mail, SmtpToAClosedPortThrows) {
  // Take a free port and release it, so nothing listens there.
  const int s = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(s, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  ::close(s);

  const Mailer mailer =
      make_mailer("smtp://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)), kFrom, "/nonexistent");
  try {
    mailer.send({.to = "kari@example.no", .subject = "x", .text = "y"});
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("kari@example.no"), std::string::npos) << e.what();
  }
}

}  // namespace
