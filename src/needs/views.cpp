#include "needs/views.hpp"

#include <algorithm>
#include <charconv>

#include "platform/core/money.hpp"
#include "platform/http/form.hpp"

namespace samskap::needs {

std::int64_t to_int(std::string_view s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size() ? v : 0;
}

std::optional<std::int64_t> id_param(const web::Context& ctx, std::string_view name) {
  auto id = to_int(ctx.req.param(name));
  return id > 0 ? std::optional(id) : std::nullopt;
}

std::string need_status_label(const web::Context& ctx, std::string_view status) {
  return ctx.t("needs.status." + std::string(status));
}

std::string_view need_status_color(std::string_view status) {
  if (status == "published") return "success";
  if (status == "in_dialogue") return "info";
  if (status == "solved") return "accent";
  if (status == "draft") return "warning";
  return "neutral";
}

render::List tag_links(const std::vector<std::string>& keys, const std::vector<directory::Named>& names,
                       const std::string& lang, const std::string& list_path, const std::string& param) {
  render::List out;
  for (auto& k : keys) {
    auto n = std::find_if(names.begin(), names.end(), [&](auto& x) { return x.key == k; });
    if (n == names.end()) continue;
    render::Object o;
    o.set("label", n->name(lang));
    o.set("href", list_path + "?" + param + "=" + http::url_encode(k));
    out.emplace_back(std::move(o));
  }
  return out;
}

render::List municipality_links(const std::vector<std::string>& numbers, const directory::Reference& ref) {
  render::List out;
  for (auto& n : numbers)
    if (auto m = ref.municipality(n)) {
      render::Object o;
      o.set("label", m->name);
      o.set("href", "/kommuner/" + m->number);
      out.emplace_back(std::move(o));
    }
  return out;
}

std::string value_range(const web::Context& ctx, std::optional<std::int64_t> min, std::optional<std::int64_t> max) {
  if (min && max) {
    if (*min == *max) return ctx.t("needs.value.exact", {{"amount", money::format_kroner(*min)}});
    return ctx.t("needs.value.range", {{"min", money::format_kroner(*min)}, {"max", money::format_kroner(*max)}});
  }
  if (min) return ctx.t("needs.value.from", {{"amount", money::format_kroner(*min)}});
  if (max) return ctx.t("needs.value.up_to", {{"amount", money::format_kroner(*max)}});
  return {};
}

std::string plain_excerpt(std::string_view md, std::size_t max_chars) {
  std::string out;
  bool space = false;
  std::size_t chars = 0;
  std::size_t i = 0;
  // Stop after max_chars code points, but never inside one.
  for (; i < md.size() && (chars < max_chars || (static_cast<unsigned char>(md[i]) & 0xC0) == 0x80); ++i) {
    char c = md[i];
    // Markdown's markup characters carry no words.
    if (c == '#' || c == '*' || c == '_' || c == '`' || c == '>' || c == '[' || c == ']' || c == '|') continue;
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) {
      out += ' ';
      ++chars;
      space = false;
    }
    out += c;
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++chars;
  }
  if (i < md.size()) {
    // Cut back to the last whole word.
    auto cut = out.find_last_of(' ');
    if (cut != std::string::npos && cut > out.size() / 2) out.resize(cut);
    out += "…";
  }
  return out;
}

}  // namespace samskap::needs
