#pragma once
// Outgoing e-mail: libcurl's SMTP client, or files in an outbox folder when no server is set.
#include <string>

namespace samskap::mail {

struct Message {
  std::string to;
  std::string subject;
  std::string text;  // plain text, UTF-8
};

struct MailerOptions {
  std::string smtp_url;  // "smtp://127.0.0.1:2525"; empty: outbox
  std::string user;
  std::string password;
  std::string from;      // "Name <addr>"
  std::string outbox_dir;
};

class Mailer {
 public:
  explicit Mailer(MailerOptions o) : o_(std::move(o)) {}
  // Throws std::runtime_error when the server refuses or cannot be reached.
  void send(const Message& m) const;
  // The full RFC 5322 message (headers, quoted-printable UTF-8 body); exposed for tests.
  std::string format(const Message& m, const std::string& message_id, const std::string& date) const;

 private:
  MailerOptions o_;
};

}  // namespace samskap::mail
