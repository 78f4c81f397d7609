#pragma once
// The password rules: at least 12 characters, not a common password, not the user's own
// name or e-mail. Returns the catalogue key of the first rule broken.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

namespace samskap::web {

class PasswordPolicy {
 public:
  static constexpr std::size_t min_length = 12;
  static constexpr std::size_t max_bytes = 1024;

  void load(const std::filesystem::path& common_list);  // one password a line, '#' comments
  void add_common(std::string_view password);
  std::optional<std::string> check(std::string_view password, std::string_view email, std::string_view name) const;
  std::size_t common_count() const { return common_.size(); }

 private:
  std::unordered_set<std::string> common_;
};

// Number of Unicode code points in UTF-8 text.
std::size_t utf8_length(std::string_view s);
// ASCII-lower-cased copy (e-mail addresses, comparisons of ASCII words).
std::string ascii_lower(std::string_view s);
std::string trim(std::string_view s);

}  // namespace samskap::web
