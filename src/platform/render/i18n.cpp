#include "platform/render/i18n.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <toml++/toml.h>

namespace samskap::render {

namespace {

using FlatCatalogue = std::map<std::string, std::string, std::less<>>;

std::string_view type_name(toml::node_type t) {
  switch (t) {
    case toml::node_type::table: return "table";
    case toml::node_type::array: return "array";
    case toml::node_type::string: return "string";
    case toml::node_type::integer: return "integer";
    case toml::node_type::floating_point: return "floating-point number";
    case toml::node_type::boolean: return "boolean";
    case toml::node_type::date: return "date";
    case toml::node_type::time: return "time";
    case toml::node_type::date_time: return "date-time";
    default: return "value";
  }
}

void flatten(const toml::table& table, const std::string& prefix, const std::string& source, FlatCatalogue& out) {
  for (const auto& [key, node] : table) {
    std::string path = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    if (const toml::table* sub = node.as_table()) {
      flatten(*sub, path, source, out);
    } else if (const toml::value<std::string>* text = node.as_string()) {
      out.insert_or_assign(std::move(path), text->get());
    } else {
      throw std::runtime_error(source + ": key '" + path + "' is a " + std::string(type_name(node.type())) +
                               "; catalogue entries must be strings");
    }
  }
}

FlatCatalogue parse_catalogue(std::string_view text, const std::string& source) {
  toml::table table;
#if TOML_EXCEPTIONS
  try {
    table = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    throw std::runtime_error(source + ":" + std::to_string(e.source().begin.line) + ": " +
                             std::string(e.description()));
  }
#else
  toml::parse_result result = toml::parse(text, source);
  if (!result) {
    const auto& e = result.error();
    throw std::runtime_error(source + ":" + std::to_string(e.source().begin.line) + ": " +
                             std::string(e.description()));
  }
  table = std::move(result).table();
#endif
  FlatCatalogue flat;
  flatten(table, "", source, flat);
  return flat;
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read catalogue " + file.string());
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) throw std::runtime_error("cannot read catalogue " + file.string());
  return buf.str();
}

// The default language first, then the others in alphabetical order.
void order_languages(std::vector<std::string>& languages) {
  std::sort(languages.begin(), languages.end(), [](const std::string& a, const std::string& b) {
    bool a_default = a == Catalogue::default_language;
    bool b_default = b == Catalogue::default_language;
    if (a_default != b_default) return a_default;
    return a < b;
  });
}

bool is_identifier_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Parses an RFC 9110 qvalue ("0", "0.8", "1.000") into thousandths; -1 when malformed.
int parse_qvalue(std::string_view s) {
  if (s.empty() || (s[0] != '0' && s[0] != '1')) return -1;
  int whole = s[0] - '0';
  s.remove_prefix(1);
  int thousandths = 0;
  if (!s.empty()) {
    if (s[0] != '.') return -1;
    s.remove_prefix(1);
    if (s.size() > 3) return -1;
    int scale = 100;
    for (char c : s) {
      if (c < '0' || c > '9') return -1;
      thousandths += (c - '0') * scale;
      scale /= 10;
    }
  }
  int q = whole * 1000 + thousandths;
  return q > 1000 ? -1 : q;
}

struct LanguageRange {
  std::string tag;  // lower-case, e.g. "en-gb" or "*"
  int q = 1000;
  std::size_t order = 0;
};

// Splits an Accept-Language header into its acceptable ranges, best first. Malformed entries are skipped.
std::vector<LanguageRange> parse_accept_language(std::string_view header) {
  std::vector<LanguageRange> ranges;
  std::size_t order = 0;
  while (!header.empty()) {
    std::size_t comma = header.find(',');
    std::string_view entry = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);

    std::size_t semicolon = entry.find(';');
    std::string_view tag = trim(entry.substr(0, semicolon));
    if (tag.empty() || tag.size() > 35) continue;
    bool valid = tag == "*" || std::all_of(tag.begin(), tag.end(), [](char c) {
                   return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
                 });
    if (!valid) continue;

    LanguageRange range;
    range.order = order++;
    bool params_ok = true;
    std::string_view params = semicolon == std::string_view::npos ? std::string_view() : entry.substr(semicolon + 1);
    while (!params.empty()) {
      std::size_t next = params.find(';');
      std::string_view param = trim(params.substr(0, next));
      params = next == std::string_view::npos ? std::string_view() : params.substr(next + 1);
      std::size_t eq = param.find('=');
      if (eq == std::string_view::npos) continue;
      std::string_view pname = trim(param.substr(0, eq));
      if (pname != "q" && pname != "Q") continue;
      range.q = parse_qvalue(trim(param.substr(eq + 1)));
      if (range.q < 0) params_ok = false;
    }
    if (!params_ok || range.q == 0) continue;
    range.tag.reserve(tag.size());
    for (char c : tag) range.tag.push_back(ascii_lower(c));
    ranges.push_back(std::move(range));
  }
  std::stable_sort(ranges.begin(), ranges.end(),
                   [](const LanguageRange& a, const LanguageRange& b) { return a.q > b.q; });
  return ranges;
}

void insert_path(Object& root, std::string_view key, const std::string& text) {
  Object* obj = &root;
  while (true) {
    std::size_t dot = key.find('.');
    if (dot == std::string_view::npos) {
      obj->set(std::string(key), Value(text));
      return;
    }
    obj = &obj->object(std::string(key.substr(0, dot)));
    key.remove_prefix(dot + 1);
  }
}

const Value& empty_tree() {
  static const Value empty{Object{}};
  return empty;
}

}  // namespace

void Catalogue::load_dir(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  const fs::path default_file = dir / (std::string(default_language) + ".toml");
  std::error_code ec;
  if (!fs::is_regular_file(default_file, ec))
    throw std::runtime_error("the default catalogue is missing: " + default_file.string());

  std::vector<std::string> languages;
  std::map<std::string, FlatCatalogue, std::less<>> flat;
  // "nb.toml" and any "nb.<part>.toml" together make up the bokmål catalogue; a key may be
  // defined in one file only.
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == ".toml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::string stem = file.stem().string();
    std::string lang = stem.substr(0, stem.find('.'));
    FlatCatalogue part = parse_catalogue(read_file(file), file.string());
    auto [it, fresh] = flat.try_emplace(lang);
    if (fresh) languages.push_back(lang);
    for (auto& [key, text] : part) {
      if (it->second.find(key) != it->second.end())
        throw std::runtime_error(file.string() + ": key '" + key + "' is already defined in another " + lang +
                                 " catalogue file");
      it->second.insert_or_assign(key, std::move(text));
    }
  }
  order_languages(languages);
  languages_ = std::move(languages);
  flat_ = std::move(flat);
  rebuild_trees();
}

void Catalogue::load_text(const std::string& lang, std::string_view toml_text) {
  FlatCatalogue parsed = parse_catalogue(toml_text, lang + ".toml");
  flat_.insert_or_assign(lang, std::move(parsed));
  if (!has_language(lang)) {
    languages_.push_back(lang);
    order_languages(languages_);
  }
  rebuild_trees();
}

std::vector<std::string> Catalogue::keys(std::string_view lang) const {
  std::vector<std::string> out;
  if (auto cat = flat_.find(lang); cat != flat_.end())
    for (auto& [key, text] : cat->second) out.push_back(key);
  return out;
}

bool Catalogue::has_language(std::string_view lang) const {
  return std::find(languages_.begin(), languages_.end(), lang) != languages_.end();
}

bool Catalogue::has(std::string_view lang, std::string_view key) const {
  for (std::string_view l : {lang, default_language}) {
    auto cat = flat_.find(l);
    if (cat != flat_.end() && cat->second.find(key) != cat->second.end()) return true;
  }
  return false;
}

std::string Catalogue::text(std::string_view lang, std::string_view key,
                            const std::vector<std::pair<std::string, std::string>>& args) const {
  const std::string* found = nullptr;
  for (std::string_view l : {lang, default_language}) {
    auto cat = flat_.find(l);
    if (cat == flat_.end()) continue;
    auto it = cat->second.find(key);
    if (it != cat->second.end()) {
      found = &it->second;
      break;
    }
  }
  if (!found) return std::string(key);
  if (args.empty() || found->find('{') == std::string::npos) return *found;

  // Replaces {name} where name is one of args; anything else is copied as written.
  const std::string& s = *found;
  std::string out;
  out.reserve(s.size() + 32);
  std::size_t pos = 0;
  while (pos < s.size()) {
    std::size_t open = s.find('{', pos);
    if (open == std::string::npos) break;
    std::size_t end = open + 1;
    while (end < s.size() && is_identifier_char(s[end])) ++end;
    const std::string* replacement = nullptr;
    if (end < s.size() && s[end] == '}' && end > open + 1) {
      std::string_view name(s.data() + open + 1, end - open - 1);
      for (const auto& [arg, value] : args) {
        if (arg == name) {
          replacement = &value;
          break;
        }
      }
    }
    if (replacement) {
      out.append(s, pos, open - pos);
      out.append(*replacement);
      pos = end + 1;
    } else {
      out.append(s, pos, open + 1 - pos);
      pos = open + 1;
    }
  }
  out.append(s, pos, std::string::npos);
  return out;
}

const Value& Catalogue::tree(std::string_view lang) const {
  auto it = trees_.find(lang);
  if (it == trees_.end()) it = trees_.find(default_language);
  return it == trees_.end() ? empty_tree() : it->second;
}

std::string Catalogue::negotiate(std::string_view accept_language) const {
  for (const LanguageRange& range : parse_accept_language(accept_language)) {
    if (range.tag == "*") return std::string(default_language);
    if (has_language(range.tag)) return range.tag;
    std::string_view primary = std::string_view(range.tag).substr(0, range.tag.find('-'));
    if (has_language(primary)) return std::string(primary);
    // Norwegian readers get bokmål unless their own written standard has a catalogue.
    if (primary == "nb" || primary == "no" || primary == "nn") return std::string(default_language);
  }
  return std::string(default_language);
}

void Catalogue::rebuild_trees() {
  std::map<std::string, Value, std::less<>> trees;
  auto base = flat_.find(default_language);
  for (const std::string& lang : languages_) {
    Object root;
    if (base != flat_.end())
      for (const auto& [key, text] : base->second) insert_path(root, key, text);
    if (lang != default_language) {
      auto own = flat_.find(lang);
      if (own != flat_.end())
        for (const auto& [key, text] : own->second) insert_path(root, key, text);
    }
    trees.emplace(lang, Value(std::move(root)));
  }
  trees_ = std::move(trees);
}

}  // namespace samskap::render
