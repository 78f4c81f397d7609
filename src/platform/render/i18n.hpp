#pragma once
// The text catalogues (content/i18n/<lang>.toml): keys are dotted paths.
// English falls back to bokmål key by key; a missing key shows the key itself.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/render/value.hpp"

namespace samskap::render {

class Catalogue {
 public:
  // Loads nb.toml (the default) and every other <lang>.toml in dir, each joined with its
  // part files <lang>.<part>.toml.
  void load_dir(const std::filesystem::path& dir);
  // Loads one language from TOML text (for tests).
  void load_text(const std::string& lang, std::string_view toml_text);

  const std::vector<std::string>& languages() const { return languages_; }
  bool has_language(std::string_view lang) const;
  static constexpr std::string_view default_language = "nb";

  // Text for key in lang (fallback nb, then the key). {name} placeholders are replaced.
  std::string text(std::string_view lang, std::string_view key,
                   const std::vector<std::pair<std::string, std::string>>& args = {}) const;
  // True when text() would find the key (in lang or in the nb fallback).
  bool has(std::string_view lang, std::string_view key) const;
  // The keys a language defines itself (without fallback), sorted.
  std::vector<std::string> keys(std::string_view lang) const;
  // The whole catalogue of a language as a nested object, for templates ({{t.accounts.title}}).
  const Value& tree(std::string_view lang) const;

  // Picks a supported language from an Accept-Language header (q-values honoured).
  std::string negotiate(std::string_view accept_language) const;

 private:
  void rebuild_trees();
  std::vector<std::string> languages_;
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> flat_;
  std::map<std::string, Value, std::less<>> trees_;
};

}  // namespace samskap::render
