#include "platform/web/password_policy.hpp"

#include <fstream>

namespace samskap::web {

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string trim(std::string_view s) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

void PasswordPolicy::load(const std::filesystem::path& common_list) {
  std::ifstream in(common_list);
  std::string line;
  while (std::getline(in, line)) {
    auto t = trim(line);
    if (t.empty() || t.front() == '#') continue;
    add_common(t);
  }
}

void PasswordPolicy::add_common(std::string_view password) { common_.insert(ascii_lower(password)); }

std::optional<std::string> PasswordPolicy::check(std::string_view password, std::string_view email,
                                                 std::string_view name) const {
  if (utf8_length(password) < min_length) return "accounts.errors.password_short";
  if (password.size() > max_bytes) return "accounts.errors.password_long";
  auto lower = ascii_lower(password);
  if (common_.count(lower)) return "accounts.errors.password_common";
  // One character repeated, or a run such as 123456789012 / abcdefghijkl, is as weak as a common one.
  bool same = true, ascending = true, descending = true;
  for (std::size_t i = 1; i < lower.size(); ++i) {
    same = same && lower[i] == lower[0];
    ascending = ascending && lower[i] == lower[i - 1] + 1;
    descending = descending && lower[i] == lower[i - 1] - 1;
  }
  if (same || ascending || descending) return "accounts.errors.password_common";
  auto e = ascii_lower(email);
  auto local = e.substr(0, e.find('@'));
  if ((!e.empty() && lower == e) || (local.size() >= 4 && lower.find(local) != std::string::npos) ||
      (!name.empty() && lower == ascii_lower(name)))
    return "accounts.errors.password_personal";
  return std::nullopt;
}

}  // namespace samskap::web
