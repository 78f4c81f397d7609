#include "platform/core/config.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using samskap::apply_environment;
using samskap::apply_setting;
using samskap::apply_toml_file;
using samskap::Config;
using samskap::finish_config;
using samskap::parse_listen;

// A TOML file in a private temporary folder, removed with the fixture.
class TempToml {
 public:
  explicit TempToml(const std::string& text) {
    dir_ = std::filesystem::temp_directory_path() /
           ("samskap-config-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "samskap.toml").string();
    std::ofstream(path_, std::ios::binary) << text;
  }
  ~TempToml() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  std::filesystem::path dir_;
  std::string path_;
};

// An envp-style array built from strings.
class Env {
 public:
  Env(std::initializer_list<std::string> vars) : vars_(vars) {
    for (auto& v : vars_) ptrs_.push_back(v.data());
    ptrs_.push_back(nullptr);
  }
  char** get() { return ptrs_.data(); }

 private:
  std::vector<std::string> vars_;
  std::vector<char*> ptrs_;
};

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return {};
}

TEST(Config, DefaultsAreSane) {
  Config c;
  EXPECT_EQ(c.database, "sqlite://data/samskap.db");
  EXPECT_EQ(c.listen, "127.0.0.1:8080");
  EXPECT_TRUE(c.smtp_url.empty());
  EXPECT_TRUE(c.access_log);
  EXPECT_EQ(c.jobs_workers, 1);
  EXPECT_EQ(c.jobs_poll_ms, 1000);
}

TEST(Config, ApplySettingSetsEveryKind) {
  Config c;
  apply_setting(c, "database", "sqlite:///var/lib/samskap/db.sqlite");
  apply_setting(c, "listen", "0.0.0.0:9000");
  apply_setting(c, "threads", "8");
  apply_setting(c, "db_pool", "16");
  apply_setting(c, "base_url", "https://samskap.example.no/");
  apply_setting(c, "secure_cookies", "yes");
  apply_setting(c, "smtp_url", "smtp://mail.example.no:587");
  apply_setting(c, "smtp_user", "ola");
  apply_setting(c, "smtp_password", "hemmelig");
  apply_setting(c, "mail_from", "Samskap <post@example.no>");
  apply_setting(c, "outbox_dir", "/tmp/outbox");
  apply_setting(c, "resources_dir", "/usr/share/samskap");
  apply_setting(c, "log_level", "debug");
  apply_setting(c, "max_body_bytes", "1024");
  apply_setting(c, "argon2_ops", "3");
  apply_setting(c, "argon2_mem_kib", "65536");
  apply_setting(c, "login_limit_account", "7");
  apply_setting(c, "login_limit_address", "1000");
  apply_setting(c, "access_log", "off");
  apply_setting(c, "jobs_workers", "0");
  apply_setting(c, "jobs_poll_ms", "50");
  apply_setting(c, "jobs_lease_seconds", "30");
  apply_setting(c, "digest_interval_seconds", "1");

  EXPECT_EQ(c.database, "sqlite:///var/lib/samskap/db.sqlite");
  EXPECT_EQ(c.listen, "0.0.0.0:9000");
  EXPECT_EQ(c.threads, 8);
  EXPECT_EQ(c.db_pool, 16);
  EXPECT_EQ(c.base_url, "https://samskap.example.no/");
  EXPECT_TRUE(c.secure_cookies);
  EXPECT_EQ(c.smtp_url, "smtp://mail.example.no:587");
  EXPECT_EQ(c.smtp_user, "ola");
  EXPECT_EQ(c.smtp_password, "hemmelig");
  EXPECT_EQ(c.mail_from, "Samskap <post@example.no>");
  EXPECT_EQ(c.outbox_dir, "/tmp/outbox");
  EXPECT_EQ(c.resources_dir, "/usr/share/samskap");
  EXPECT_EQ(c.log_level, "debug");
  EXPECT_EQ(c.max_body_bytes, 1024);
  EXPECT_EQ(c.argon2_ops, 3);
  EXPECT_EQ(c.argon2_mem_kib, 65536);
  EXPECT_EQ(c.login_limit_account, 7);
  EXPECT_EQ(c.login_limit_address, 1000);
  EXPECT_FALSE(c.access_log);
  EXPECT_EQ(c.jobs_workers, 0);
  EXPECT_EQ(c.jobs_poll_ms, 50);
  EXPECT_EQ(c.jobs_lease_seconds, 30);
  EXPECT_EQ(c.digest_interval_seconds, 1);
}

TEST(Config, BooleansAcceptCommonSpellings) {
  Config c;
  for (const char* yes : {"true", "1", "yes", "on", "TRUE", "Yes", "On"}) {
    c.secure_cookies = false;
    apply_setting(c, "secure_cookies", yes);
    EXPECT_TRUE(c.secure_cookies) << yes;
  }
  for (const char* no : {"false", "0", "no", "off", "False", "NO", "OFF"}) {
    c.secure_cookies = true;
    apply_setting(c, "secure_cookies", no);
    EXPECT_FALSE(c.secure_cookies) << no;
  }
  for (const char* bad : {"", "2", "ja", "y", " true", "true "}) {
    const std::string msg = error_of([&] { apply_setting(c, "secure_cookies", bad); });
    EXPECT_NE(msg.find("secure_cookies"), std::string::npos) << bad;
  }
}

TEST(Config, IntegersAreParsedStrictly) {
  Config c;
  for (const char* bad : {"", "abc", "4x", " 4", "4 ", "+4", "0x10", "4.0", "1e3", "0", "-1", "257",
                          "99999999999999999999999"}) {
    const std::string msg = error_of([&] { apply_setting(c, "threads", bad); });
    ASSERT_FALSE(msg.empty()) << "accepted threads=" << bad;
    EXPECT_NE(msg.find("threads"), std::string::npos) << msg;
    EXPECT_NE(msg.find(std::string("\"") + bad + "\""), std::string::npos) << msg;
  }
  EXPECT_EQ(c.threads, 2) << "a rejected value must leave the setting alone";

  apply_setting(c, "threads", "1");
  EXPECT_EQ(c.threads, 1);
  apply_setting(c, "threads", "256");
  EXPECT_EQ(c.threads, 256);
}

TEST(Config, IntegerRangesFollowTheSetting) {
  Config c;
  EXPECT_THROW(apply_setting(c, "db_pool", "0"), std::runtime_error);
  EXPECT_THROW(apply_setting(c, "db_pool", "257"), std::runtime_error);
  EXPECT_THROW(apply_setting(c, "max_body_bytes", "1023"), std::runtime_error);
  EXPECT_THROW(apply_setting(c, "max_body_bytes", "1073741825"), std::runtime_error);
  apply_setting(c, "max_body_bytes", "1073741824");
  EXPECT_EQ(c.max_body_bytes, 1073741824);
  EXPECT_THROW(apply_setting(c, "argon2_ops", "0"), std::runtime_error);
  EXPECT_THROW(apply_setting(c, "argon2_ops", "11"), std::runtime_error);
  EXPECT_THROW(apply_setting(c, "argon2_mem_kib", "7"), std::runtime_error);
  EXPECT_THROW(apply_setting(c, "argon2_mem_kib", "1048577"), std::runtime_error);
  apply_setting(c, "argon2_mem_kib", "8");
  EXPECT_EQ(c.argon2_mem_kib, 8);
  EXPECT_THROW(apply_setting(c, "login_limit_account", "0"), std::runtime_error);
  EXPECT_THROW(apply_setting(c, "login_limit_address", "1001"), std::runtime_error);
  EXPECT_THROW(apply_setting(c, "jobs_workers", "-1"), std::runtime_error);
  EXPECT_THROW(apply_setting(c, "jobs_poll_ms", "9"), std::runtime_error);
  EXPECT_THROW(apply_setting(c, "digest_interval_seconds", "0"), std::runtime_error);
}

TEST(Config, StringSettingsAreChecked) {
  Config c;
  EXPECT_NE(error_of([&] { apply_setting(c, "listen", "8080"); }).find("listen"), std::string::npos);
  EXPECT_NE(error_of([&] { apply_setting(c, "log_level", "loud"); }).find("log_level"), std::string::npos);
  EXPECT_NE(error_of([&] { apply_setting(c, "base_url", "samskap.example.no"); }).find("base_url"),
            std::string::npos);
  EXPECT_NE(error_of([&] { apply_setting(c, "smtp_url", "http://mail"); }).find("smtp_url"), std::string::npos);
  EXPECT_THROW(apply_setting(c, "database", ""), std::runtime_error);
  EXPECT_THROW(apply_setting(c, "mail_from", "a <b@c>\r\nBcc: x@y"), std::runtime_error);
  apply_setting(c, "smtp_url", "");
  EXPECT_TRUE(c.smtp_url.empty());
}

TEST(Config, UnknownKeyIsNamed) {
  Config c;
  const std::string msg = error_of([&] { apply_setting(c, "thread", "4"); });
  EXPECT_NE(msg.find("\"thread\""), std::string::npos) << msg;
  EXPECT_NE(msg.find("4"), std::string::npos) << msg;
}

TEST(Config, TomlFileSetsValues) {
  TempToml file(R"(# Samskap
database = "postgresql://samskap@localhost/samskap"
listen = "[::1]:8081"
threads = 6
secure_cookies = true
access_log = false
mail_from = "Samskap Ålesund <post@example.no>"
)");
  Config c;
  apply_toml_file(c, file.path());
  EXPECT_EQ(c.database, "postgresql://samskap@localhost/samskap");
  EXPECT_EQ(c.listen, "[::1]:8081");
  EXPECT_EQ(c.threads, 6);
  EXPECT_TRUE(c.secure_cookies);
  EXPECT_FALSE(c.access_log);
  EXPECT_EQ(c.mail_from, "Samskap Ålesund <post@example.no>");
}

TEST(Config, TomlValuesAreValidatedLikeFlags) {
  TempToml file("threads = 0\n");
  Config c;
  const std::string msg = error_of([&] { apply_toml_file(c, file.path()); });
  EXPECT_NE(msg.find("threads"), std::string::npos) << msg;
  EXPECT_NE(msg.find(file.path() + ":1:"), std::string::npos) << msg;
}

TEST(Config, TomlStringsStillParseAsIntegers) {
  TempToml file("threads = \"12\"\nsecure_cookies = \"on\"\n");
  Config c;
  apply_toml_file(c, file.path());
  EXPECT_EQ(c.threads, 12);
  EXPECT_TRUE(c.secure_cookies);
}

TEST(Config, TomlNestedTableIsRejected) {
  TempToml file("threads = 4\n\n[smtp]\nurl = \"smtp://localhost\"\n");
  Config c;
  const std::string msg = error_of([&] { apply_toml_file(c, file.path()); });
  EXPECT_NE(msg.find("\"smtp\""), std::string::npos) << msg;
  EXPECT_NE(msg.find("table"), std::string::npos) << msg;

  TempToml inline_table("database = { url = \"x\" }\n");
  EXPECT_NE(error_of([&] { apply_toml_file(c, inline_table.path()); }).find("\"database\""), std::string::npos);
}

TEST(Config, TomlOtherValueTypesAreRejected) {
  Config c;
  TempToml floating("threads = 4.0\n");
  EXPECT_NE(error_of([&] { apply_toml_file(c, floating.path()); }).find("threads"), std::string::npos);
  TempToml array("listen = [\"a\", \"b\"]\n");
  EXPECT_NE(error_of([&] { apply_toml_file(c, array.path()); }).find("listen"), std::string::npos);
}

TEST(Config, TomlUnknownKeyIsNamed) {
  TempToml file("threads = 4\ncolour = \"blue\"\n");
  Config c;
  const std::string msg = error_of([&] { apply_toml_file(c, file.path()); });
  EXPECT_NE(msg.find("colour"), std::string::npos) << msg;
  EXPECT_NE(msg.find(":2:"), std::string::npos) << msg;
}

TEST(Config, TomlParseErrorHasFileAndLine) {
  TempToml file("threads = 4\nlisten = \"127.0.0.1:8080\n");
  Config c;
  const std::string msg = error_of([&] { apply_toml_file(c, file.path()); });
  EXPECT_NE(msg.find(file.path() + ":2:"), std::string::npos) << msg;
}

TEST(Config, TomlMissingFileIsAnError) {
  Config c;
  const std::string msg = error_of([&] { apply_toml_file(c, "/nonexistent/samskap.toml"); });
  EXPECT_NE(msg.find("/nonexistent/samskap.toml"), std::string::npos) << msg;
}

TEST(Config, EnvironmentSetsValues) {
  Env env{"PATH=/usr/bin",
          "SAMSKAP_DATABASE=sqlite://env.db",
          "SAMSKAP_LISTEN=:9090",
          "SAMSKAP_SMTP_URL=smtp://127.0.0.1:2525",
          "SAMSKAP_SECURE_COOKIES=1",
          "SAMSKAP_ARGON2_MEM_KIB=1024",
          "SAMSKAP_BIN=/build/samskap",
          "SAMSKAP_TEST_ENGINE=sqlite",
          "SAMSKAP_threads=9",
          "SAMSKAP_NOVALUE"};
  Config c;
  apply_environment(c, env.get());
  EXPECT_EQ(c.database, "sqlite://env.db");
  EXPECT_EQ(c.listen, ":9090");
  EXPECT_EQ(c.smtp_url, "smtp://127.0.0.1:2525");
  EXPECT_TRUE(c.secure_cookies);
  EXPECT_EQ(c.argon2_mem_kib, 1024);
  EXPECT_EQ(c.threads, 2) << "only the upper-case name counts";
}

TEST(Config, EnvironmentErrorNamesTheVariable) {
  Env env{"SAMSKAP_DB_POOL=lots"};
  Config c;
  const std::string msg = error_of([&] { apply_environment(c, env.get()); });
  EXPECT_NE(msg.find("SAMSKAP_DB_POOL"), std::string::npos) << msg;
  EXPECT_NE(msg.find("lots"), std::string::npos) << msg;
}

TEST(Config, EnvironmentMayBeEmpty) {
  Config c;
  apply_environment(c, nullptr);
  Env env{};
  apply_environment(c, env.get());
  EXPECT_EQ(c.threads, 2);
}

TEST(Config, PrecedenceIsDefaultsTomlEnvironmentFlags) {
  TempToml file("threads = 3\ndb_pool = 5\nlog_level = \"warn\"\nsmtp_user = \"toml\"\n");
  Env env{"SAMSKAP_DB_POOL=6", "SAMSKAP_LOG_LEVEL=error"};
  Config c;
  apply_toml_file(c, file.path());
  apply_environment(c, env.get());
  apply_setting(c, "log_level", "debug");
  finish_config(c);

  EXPECT_EQ(c.argon2_ops, 2);       // default
  EXPECT_EQ(c.threads, 3);          // TOML over default
  EXPECT_EQ(c.smtp_user, "toml");   // TOML over default
  EXPECT_EQ(c.db_pool, 6);          // environment over TOML
  EXPECT_EQ(c.log_level, "debug");  // flag over environment
}

TEST(Config, FinishDerivesBaseUrl) {
  Config c;
  finish_config(c);
  EXPECT_EQ(c.base_url, "http://127.0.0.1:8080");

  Config v6;
  v6.listen = "[::1]:8443";
  finish_config(v6);
  EXPECT_EQ(v6.base_url, "http://[::1]:8443");

  Config port_only;
  port_only.listen = ":9000";
  finish_config(port_only);
  EXPECT_EQ(port_only.base_url, "http://127.0.0.1:9000");

  Config explicit_url;
  explicit_url.base_url = "https://samskap.example.no//";
  finish_config(explicit_url);
  EXPECT_EQ(explicit_url.base_url, "https://samskap.example.no");
}

TEST(Config, FinishFindsResources) {
  const auto here = std::filesystem::current_path();
  const auto tmp = std::filesystem::temp_directory_path() / ("samskap-resources-" + std::to_string(::getpid()));
  std::filesystem::create_directories(tmp / "templates");
  std::filesystem::create_directories(tmp / "migrations");
  std::filesystem::current_path(tmp);
  Config found;
  finish_config(found);
  std::filesystem::current_path(tmp / "templates");
  Config fallback;
  finish_config(fallback);
  std::filesystem::current_path(here);
  std::filesystem::remove_all(tmp);

  EXPECT_EQ(std::filesystem::path(found.resources_dir), tmp);
#ifdef SAMSKAP_SOURCE_DIR
  EXPECT_EQ(fallback.resources_dir, SAMSKAP_SOURCE_DIR);
#else
  EXPECT_EQ(fallback.resources_dir, ".");
#endif

  Config given;
  given.resources_dir = "/srv/samskap";
  finish_config(given);
  EXPECT_EQ(given.resources_dir, "/srv/samskap");
}

TEST(Config, ParseListen) {
  auto a = parse_listen("127.0.0.1:8080");
  EXPECT_EQ(a.host, "127.0.0.1");
  EXPECT_EQ(a.port, 8080);

  a = parse_listen("[::1]:8081");
  EXPECT_EQ(a.host, "::1");
  EXPECT_EQ(a.port, 8081);

  a = parse_listen(":8082");
  EXPECT_EQ(a.host, "127.0.0.1");
  EXPECT_EQ(a.port, 8082);

  a = parse_listen("0.0.0.0:65535");
  EXPECT_EQ(a.host, "0.0.0.0");
  EXPECT_EQ(a.port, 65535);

  a = parse_listen("localhost:0");
  EXPECT_EQ(a.host, "localhost");
  EXPECT_EQ(a.port, 0);

  for (const char* bad : {"", "8080", "127.0.0.1", "127.0.0.1:", "127.0.0.1:http", "127.0.0.1:65536",
                          "127.0.0.1:-1", "127.0.0.1:80x", "::1:8080", "[::1]8080", "[::1", "[]:80"}) {
    EXPECT_THROW(parse_listen(bad), std::runtime_error) << bad;
  }
}

}  // namespace
