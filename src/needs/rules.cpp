#include "needs/rules.hpp"

#include <algorithm>
#include <array>

#include "platform/search/text.hpp"
#include "platform/web/password_policy.hpp"

namespace samskap::needs {

namespace {

bool too_long(const std::string& s, std::size_t max) { return web::utf8_length(s) > max; }

std::string lower_extension(std::string_view filename) {
  auto dot = filename.find_last_of('.');
  if (dot == std::string_view::npos) return {};
  return web::ascii_lower(filename.substr(dot + 1));
}

bool starts_with(std::string_view data, std::string_view magic) { return data.substr(0, magic.size()) == magic; }

// No NUL bytes and well-formed UTF-8; a character cut off at the very end (a sample) is fine.
bool valid_utf8_text(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0) return false;
    std::size_t extra = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : 9;
    if (extra == 9) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      if (i + k >= s.size()) return true;
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += extra + 1;
  }
  return true;
}

}  // namespace

void check_need(const Need& n, const directory::Reference& ref, web::FieldErrors& errors) {
  if (n.title.empty()) errors.add("title", "needs.errors.title_required");
  else if (too_long(n.title, kMaxTitle)) errors.add("title", "needs.errors.title_too_long");
  if (n.situation.empty()) errors.add("situation", "needs.errors.situation_required");
  else if (too_long(n.situation, kMaxSituation)) errors.add("situation", "needs.errors.too_long");
  if (too_long(n.constraints, kMaxConstraints)) errors.add("constraints", "needs.errors.too_long");
  if (too_long(n.timeframe, kMaxTimeframe)) errors.add("timeframe", "needs.errors.too_long");
  if (static_cast<int>(n.criteria.size()) > kMaxCriteria) errors.add("k1_description", "needs.errors.too_many_criteria");
  for (auto& c : n.criteria)
    if (too_long(c.description, kMaxCriterionText) || too_long(c.indicator, kMaxCriterionText) ||
        too_long(c.baseline, kMaxCriterionText) || too_long(c.target, kMaxCriterionText))
      errors.add("k" + std::to_string(c.position) + "_description", "needs.errors.criterion_too_long");
  if (n.service_areas.empty()) errors.add("service_areas", "needs.errors.service_area_required");
  for (auto& s : n.service_areas)
    if (!ref.find(ref.service_areas, s)) errors.add("service_areas", "needs.errors.unknown_choice");
  for (auto& s : n.target_groups)
    if (!ref.find(ref.target_groups, s)) errors.add("target_groups", "needs.errors.unknown_choice");
  if (n.municipalities.empty()) errors.add("municipalities", "needs.errors.municipality_required");
}

std::string search_text_for(const Need& n, const directory::Reference& ref) {
  std::vector<std::string> fields = {n.title, n.situation, n.constraints};
  for (auto& c : n.criteria) {
    fields.push_back(c.description);
    fields.push_back(c.indicator);
  }
  for (auto& s : n.service_areas)
    if (auto x = ref.find(ref.service_areas, s)) fields.push_back(x->name_nb);
  for (auto& s : n.target_groups)
    if (auto x = ref.find(ref.target_groups, s)) fields.push_back(x->name_nb);
  return search::index_text(fields);
}

std::optional<std::string> attachment_type(std::string_view filename, std::string_view data) {
  const auto ext = lower_extension(filename);
  const bool zip = starts_with(data, std::string_view("PK\x03\x04", 4));
  const bool ole = starts_with(data, std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8));
  if (ext == "pdf" && starts_with(data, "%PDF-")) return "application/pdf";
  if (ext == "png" && starts_with(data, "\x89PNG\r\n\x1A\n")) return "image/png";
  if ((ext == "jpg" || ext == "jpeg") && starts_with(data, "\xFF\xD8\xFF")) return "image/jpeg";
  if (ext == "gif" && (starts_with(data, "GIF87a") || starts_with(data, "GIF89a"))) return "image/gif";
  if (ext == "webp" && starts_with(data, "RIFF") && data.substr(8, 4) == "WEBP") return "image/webp";
  if (zip) {
    if (ext == "docx") return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    if (ext == "xlsx") return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    if (ext == "pptx") return "application/vnd.openxmlformats-officedocument.presentationml.presentation";
    if (ext == "odt") return "application/vnd.oasis.opendocument.text";
    if (ext == "ods") return "application/vnd.oasis.opendocument.spreadsheet";
    if (ext == "odp") return "application/vnd.oasis.opendocument.presentation";
  }
  if (ole) {
    if (ext == "doc") return "application/msword";
    if (ext == "xls") return "application/vnd.ms-excel";
    if (ext == "ppt") return "application/vnd.ms-powerpoint";
  }
  if ((ext == "txt" || ext == "csv") && valid_utf8_text(data.substr(0, 64 * 1024)))
    return ext == "txt" ? "text/plain; charset=utf-8" : "text/csv; charset=utf-8";
  return std::nullopt;
}

std::string clean_filename(std::string_view filename) {
  auto slash = filename.find_last_of("/\\");
  if (slash != std::string_view::npos) filename.remove_prefix(slash + 1);
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < filename.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(filename[i]);
    bool continuation = (c & 0xC0) == 0x80;
    if (!continuation && chars == 120) break;  // never inside a character
    if (c < 0x20 || c == 0x7F || c == '"') continue;
    out += static_cast<char>(c);
    if (!continuation) ++chars;
  }
  if (out.empty() || out == "." || out == "..") out = "vedlegg";
  return out;
}

}  // namespace samskap::needs
