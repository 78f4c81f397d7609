#pragma once
// Configuration: defaults < TOML file < SAMSKAP_* environment < command-line flags.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace samskap {

struct Config {
  std::string database = "sqlite://data/samskap.db";  // two slashes: relative path
  std::string listen = "127.0.0.1:8080";
  std::int64_t threads = 2;
  std::int64_t db_pool = 4;
  std::string base_url;            // public URL for links in mails; default http://<listen>
  bool secure_cookies = false;     // set behind TLS
  std::string smtp_url;            // smtp://host:port; empty: write mails to outbox_dir
  std::string smtp_user;
  std::string smtp_password;
  std::string mail_from = "Samskap <noreply@samskap.example.no>";
  std::string outbox_dir = "./data/outbox";
  std::string resources_dir;       // holds templates/, static/, content/, migrations/
  std::string log_level = "info";
  std::int64_t max_body_bytes = 10 * 1024 * 1024;
  std::int64_t argon2_ops = 2;           // crypto_pwhash opslimit
  std::int64_t argon2_mem_kib = 19 * 1024;  // crypto_pwhash memlimit in KiB
  std::int64_t login_limit_account = 5;  // failed sign-ins per account per 15 minutes
  std::int64_t login_limit_address = 20; // failed sign-ins per address per 15 minutes
  bool access_log = true;
  std::int64_t jobs_workers = 1;         // background job threads per serve process; 0: none here
  std::int64_t jobs_poll_ms = 1000;      // how often an idle job thread looks for due jobs
  std::int64_t jobs_lease_seconds = 300; // how long a claimed job is held before others may take it
  std::int64_t digest_interval_seconds = 60;  // how often the daily digest looks for users to mail
  std::int64_t report_reminder_interval_seconds = 600;  // how often grant report reminders are looked for
};

// Keys as in the TOML file and, upper-cased with a SAMSKAP_ prefix, in the environment.
// Throws std::runtime_error naming the key when a value is malformed or unknown.
void apply_setting(Config& c, const std::string& key, const std::string& value);
void apply_toml_file(Config& c, const std::string& path);
void apply_environment(Config& c, char** envp);
// Fills derived defaults (base_url, resources_dir) once all sources are applied.
void finish_config(Config& c);

struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;
};
ListenAddress parse_listen(const std::string& listen);

}  // namespace samskap
