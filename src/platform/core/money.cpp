#include "platform/core/money.hpp"

#include <cctype>

namespace samskap::money {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

bool ends_with_ci(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && starts_with_ci(s.substr(s.size() - suffix.size()), suffix);
}

std::string group(std::int64_t kroner, std::string_view separator) {
  std::string digits = std::to_string(kroner);
  std::string out;
  int n = static_cast<int>(digits.size());
  for (int i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += separator;
    out += digits[static_cast<std::size_t>(i)];
  }
  return out;
}

std::string format(std::int64_t ore, std::string_view separator) {
  if (ore < 0) return "-" + format(-ore, separator);
  std::string out = group(ore / 100, separator);
  if (auto rest = ore % 100; rest != 0) {
    out += ',';
    out += static_cast<char>('0' + rest / 10);
    out += static_cast<char>('0' + rest % 10);
  }
  return out;
}

}  // namespace

std::optional<std::int64_t> parse_kroner(std::string_view text) {
  std::string_view s = trim(text);
  if (starts_with_ci(s, "nok")) s = trim(s.substr(3));
  else if (starts_with_ci(s, "kr")) s = trim(s.substr(2));
  if (s.size() >= 2 && s.substr(s.size() - 2) == ",-") s = trim(s.substr(0, s.size() - 2));
  if (ends_with_ci(s, "nok")) s = trim(s.substr(0, s.size() - 3));
  else if (ends_with_ci(s, "kr")) s = trim(s.substr(0, s.size() - 2));
  if (s.empty()) return std::nullopt;

  // Drop thousands separators: spaces (ASCII, U+00A0, U+202F) and dots not followed by 1–2 final digits.
  std::string clean;
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == ' ') continue;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
      ++i;
      continue;
    }
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        static_cast<unsigned char>(s[i + 2]) == 0xAF) {
      i += 2;
      continue;
    }
    if (c == '.') {
      std::size_t rest = s.size() - i - 1;
      bool decimal = (rest == 1 || rest == 2) && s.find_first_of(".,", i + 1) == std::string_view::npos;
      if (decimal) clean += ',';
      continue;
    }
    clean += static_cast<char>(c);
  }
  std::int64_t kroner = 0;
  std::int64_t ore = 0;
  std::size_t comma = clean.find(',');
  std::string_view whole = std::string_view(clean).substr(0, comma);
  std::string_view fraction = comma == std::string::npos ? std::string_view() : std::string_view(clean).substr(comma + 1);
  if (whole.empty() && fraction.empty()) return std::nullopt;
  if (comma != std::string::npos && (fraction.empty() || fraction.size() > 2)) {
    if (fraction == "-") fraction = {};
    else return std::nullopt;
  }
  for (char c : whole) {
    if (c < '0' || c > '9') return std::nullopt;
    if (kroner > 10'000'000'000'000) return std::nullopt;
    kroner = kroner * 10 + (c - '0');
  }
  for (std::size_t i = 0; i < fraction.size(); ++i) {
    char c = fraction[i];
    if (c < '0' || c > '9') return std::nullopt;
    ore += (c - '0') * (i == 0 ? 10 : 1);
  }
  if (kroner > 10'000'000'000'000) return std::nullopt;
  return kroner * 100 + ore;
}

std::string format_kroner(std::int64_t ore) { return format(ore, "\u00a0"); }

std::string input_kroner(std::int64_t ore) { return format(ore, " "); }

}  // namespace samskap::money
