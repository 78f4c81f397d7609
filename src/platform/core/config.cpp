#include "platform/core/config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <limits>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <variant>

namespace samskap {
namespace {

constexpr std::int64_t kGiB = std::int64_t{1024} * 1024 * 1024;

// Validators for string settings: nullptr accepts anything. A validator returns
// a short description of what is expected, or an empty string when the value is fine.
using StringCheck = std::string (*)(const std::string& value);

struct StringField {
  std::string Config::*member;
  StringCheck check;
};

struct IntField {
  std::int64_t Config::*member;
  std::int64_t min;
  std::int64_t max;
};

struct BoolField {
  bool Config::*member;
};

struct Setting {
  std::string_view key;
  std::variant<StringField, IntField, BoolField> field;
};

std::string check_listen(const std::string& value) {
  try {
    parse_listen(value);
  } catch (const std::runtime_error&) {
    return "host:port, [ipv6]:port or :port";
  }
  return {};
}

std::string check_log_level(const std::string& value) {
  static constexpr std::array<std::string_view, 9> levels{
      "trace", "debug", "info", "warn", "warning", "error", "err", "critical", "off"};
  if (std::find(levels.begin(), levels.end(), value) != levels.end()) return {};
  return "one of trace, debug, info, warn, error, critical, off";
}

bool starts_with_any(const std::string& value, std::initializer_list<std::string_view> prefixes) {
  return std::any_of(prefixes.begin(), prefixes.end(),
                     [&](std::string_view p) { return value.size() > p.size() && value.starts_with(p); });
}

std::string check_base_url(const std::string& value) {
  if (value.empty() || starts_with_any(value, {"http://", "https://"})) return {};
  return "an http:// or https:// URL";
}

std::string check_smtp_url(const std::string& value) {
  if (value.empty() || starts_with_any(value, {"smtp://", "smtps://"})) return {};
  return "an smtp:// or smtps:// URL, or empty for the outbox";
}

std::string check_not_empty(const std::string& value) {
  return value.empty() ? "a non-empty value" : std::string{};
}

std::string check_single_line(const std::string& value) {
  if (value.empty()) return "a non-empty value";
  if (value.find_first_of("\r\n") != std::string::npos) return "a single line";
  return {};
}

const std::array<Setting, 24> kSettings{{
    {"database", StringField{&Config::database, check_not_empty}},
    {"listen", StringField{&Config::listen, check_listen}},
    {"threads", IntField{&Config::threads, 1, 256}},
    {"db_pool", IntField{&Config::db_pool, 1, 256}},
    {"base_url", StringField{&Config::base_url, check_base_url}},
    {"secure_cookies", BoolField{&Config::secure_cookies}},
    {"smtp_url", StringField{&Config::smtp_url, check_smtp_url}},
    {"smtp_user", StringField{&Config::smtp_user, nullptr}},
    {"smtp_password", StringField{&Config::smtp_password, nullptr}},
    {"mail_from", StringField{&Config::mail_from, check_single_line}},
    {"outbox_dir", StringField{&Config::outbox_dir, check_not_empty}},
    {"resources_dir", StringField{&Config::resources_dir, nullptr}},
    {"log_level", StringField{&Config::log_level, check_log_level}},
    {"max_body_bytes", IntField{&Config::max_body_bytes, 1024, kGiB}},
    {"argon2_ops", IntField{&Config::argon2_ops, 1, 10}},
    {"argon2_mem_kib", IntField{&Config::argon2_mem_kib, 8, 1048576}},
    {"login_limit_account", IntField{&Config::login_limit_account, 1, 1000}},
    {"login_limit_address", IntField{&Config::login_limit_address, 1, 1000}},
    {"access_log", BoolField{&Config::access_log}},
    {"jobs_workers", IntField{&Config::jobs_workers, 0, 64}},
    {"jobs_poll_ms", IntField{&Config::jobs_poll_ms, 10, 600000}},
    {"jobs_lease_seconds", IntField{&Config::jobs_lease_seconds, 5, 86400}},
    {"digest_interval_seconds", IntField{&Config::digest_interval_seconds, 1, 86400}},
    {"report_reminder_interval_seconds", IntField{&Config::report_reminder_interval_seconds, 1, 86400}},
}};

const Setting* find_setting(std::string_view key) {
  auto it = std::find_if(kSettings.begin(), kSettings.end(), [&](const Setting& s) { return s.key == key; });
  return it == kSettings.end() ? nullptr : &*it;
}

[[noreturn]] void invalid_value(std::string_view key, const std::string& value, std::string_view expected) {
  std::ostringstream msg;
  msg << "invalid value \"" << value << "\" for setting \"" << key << "\": expected " << expected;
  throw std::runtime_error(msg.str());
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char ch) { return static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch); });
  return out;
}

std::string ascii_upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char ch) { return static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch); });
  return out;
}

std::optional<bool> parse_bool(const std::string& value) {
  const std::string v = ascii_lower(value);
  if (v == "true" || v == "1" || v == "yes" || v == "on") return true;
  if (v == "false" || v == "0" || v == "no" || v == "off") return false;
  return std::nullopt;
}

std::optional<std::int64_t> parse_int(const std::string& value, std::int64_t min, std::int64_t max) {
  std::int64_t n = 0;
  const char* first = value.data();
  const char* last = first + value.size();
  auto [ptr, ec] = std::from_chars(first, last, n);
  if (value.empty() || ec != std::errc{} || ptr != last || n < min || n > max) return std::nullopt;
  return n;
}

void apply(Config& c, const Setting& s, const std::string& value) {
  std::visit(
      [&](const auto& field) {
        using T = std::decay_t<decltype(field)>;
        if constexpr (std::is_same_v<T, StringField>) {
          if (field.check) {
            if (std::string expected = field.check(value); !expected.empty()) invalid_value(s.key, value, expected);
          }
          c.*field.member = value;
        } else if constexpr (std::is_same_v<T, IntField>) {
          auto n = parse_int(value, field.min, field.max);
          if (!n) {
            invalid_value(s.key, value,
                          "an integer from " + std::to_string(field.min) + " to " + std::to_string(field.max));
          }
          c.*field.member = *n;
        } else {
          auto b = parse_bool(value);
          if (!b) invalid_value(s.key, value, "true/false, yes/no, on/off or 1/0");
          c.*field.member = *b;
        }
      },
      s.field);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read configuration file " + path + ": " + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw std::runtime_error("cannot read configuration file " + path);
  return ss.str();
}

std::string location(const std::string& path, const toml::source_region& where) {
  return path + ":" + std::to_string(where.begin.line) + ":" + std::to_string(where.begin.column);
}

// The TOML value as the same text a flag or an environment variable would carry.
std::optional<std::string> toml_scalar(const toml::node& node) {
  if (auto s = node.as_string()) return s->get();
  if (auto i = node.as_integer()) return std::to_string(i->get());
  if (auto b = node.as_boolean()) return std::string(b->get() ? "true" : "false");
  return std::nullopt;
}

bool directory_exists(const std::filesystem::path& p) {
  std::error_code ec;
  return std::filesystem::is_directory(p, ec);
}

}  // namespace

void apply_setting(Config& c, const std::string& key, const std::string& value) {
  const Setting* s = find_setting(key);
  if (!s) throw std::runtime_error("unknown setting \"" + key + "\" (value \"" + value + "\")");
  apply(c, *s, value);
}

void apply_toml_file(Config& c, const std::string& path) {
  const std::string text = read_file(path);
  toml::table table;
  try {
    table = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    throw std::runtime_error("syntax error in " + location(path, e.source()) + ": " +
                             std::string(e.description()));
  }
  for (const auto& [key, node] : table) {
    const std::string name(key.str());
    if (node.is_table() || node.is_array_of_tables()) {
      throw std::runtime_error(location(path, node.source()) + ": \"" + name +
                               "\" is a table; the configuration file takes top-level keys only");
    }
    auto value = toml_scalar(node);
    if (!value) {
      throw std::runtime_error(location(path, node.source()) + ": setting \"" + name +
                               "\" must be a string, an integer or a boolean");
    }
    try {
      apply_setting(c, name, *value);
    } catch (const std::runtime_error& e) {
      throw std::runtime_error(location(path, key.source()) + ": " + e.what());
    }
  }
}

void apply_environment(Config& c, char** envp) {
  if (!envp) return;
  constexpr std::string_view prefix = "SAMSKAP_";
  for (char** entry = envp; *entry; ++entry) {
    std::string_view var(*entry);
    if (!var.starts_with(prefix)) continue;
    const auto eq = var.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view name = var.substr(prefix.size(), eq - prefix.size());
    const std::string key = ascii_lower(name);
    const Setting* s = find_setting(key);
    if (!s || ascii_upper(s->key) != name) continue;
    try {
      apply(c, *s, std::string(var.substr(eq + 1)));
    } catch (const std::runtime_error& e) {
      throw std::runtime_error("environment variable " + std::string(var.substr(0, eq)) + ": " + e.what());
    }
  }
}

void finish_config(Config& c) {
  if (c.base_url.empty()) {
    const ListenAddress a = parse_listen(c.listen);
    const bool ipv6 = a.host.find(':') != std::string::npos;
    c.base_url = "http://" + (ipv6 ? "[" + a.host + "]" : a.host) + ":" + std::to_string(a.port);
  }
  while (c.base_url.size() > 1 && c.base_url.back() == '/') c.base_url.pop_back();

  if (c.resources_dir.empty()) {
    std::error_code ec;
    const auto cwd = std::filesystem::current_path(ec);
    if (!ec && directory_exists(cwd / "templates") && directory_exists(cwd / "migrations")) {
      c.resources_dir = cwd.string();
    } else {
#ifdef SAMSKAP_SOURCE_DIR
      c.resources_dir = SAMSKAP_SOURCE_DIR;
#else
      c.resources_dir = ".";
#endif
    }
  }
}

ListenAddress parse_listen(const std::string& listen) {
  const auto fail = [&](std::string_view why) -> ListenAddress {
    throw std::runtime_error("invalid listen address \"" + listen + "\": " + std::string(why));
  };
  ListenAddress a;
  std::string_view rest(listen);
  std::string_view port;
  if (rest.starts_with('[')) {
    const auto close = rest.find(']');
    if (close == std::string_view::npos) return fail("missing ']' after the IPv6 address");
    a.host = std::string(rest.substr(1, close - 1));
    if (a.host.empty()) return fail("empty IPv6 address");
    rest.remove_prefix(close + 1);
    if (!rest.starts_with(':')) return fail("expected ':port' after ']'");
    port = rest.substr(1);
  } else {
    const auto colon = rest.rfind(':');
    if (colon == std::string_view::npos) return fail("expected host:port");
    a.host = std::string(rest.substr(0, colon));
    if (a.host.find(':') != std::string::npos) return fail("put an IPv6 address in brackets, as in [::1]:8080");
    if (a.host.empty()) a.host = "127.0.0.1";
    port = rest.substr(colon + 1);
  }
  unsigned value = 0;
  auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc{} || ptr != port.data() + port.size() ||
      value > std::numeric_limits<std::uint16_t>::max()) {
    return fail("the port must be a number from 0 to 65535");
  }
  a.port = static_cast<std::uint16_t>(value);
  return a;
}

}  // namespace samskap
