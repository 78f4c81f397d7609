#pragma once
// A compiled Mustache engine: templates are parsed once at start and rendered many times,
// from several threads at once (rendering does not mutate the template).
// Supported: {{name}} (HTML-escaped), {{{name}}} and {{&name}} (raw: only for sanitised
// output), dotted names, {{.}}, sections {{#x}}…{{/x}}, inverted {{^x}}…{{/x}},
// partials {{>name}}, comments {{! … }}. Standalone tag lines are removed as the spec says.
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "platform/render/value.hpp"

namespace samskap::render {

struct TemplateError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

void append_escaped_html(std::string& out, std::string_view s);

class Templates {
 public:
  Templates();
  ~Templates();
  Templates(Templates&&) noexcept;
  Templates& operator=(Templates&&) noexcept;

  // Loads every *.mustache below dir; the name is the relative path without the
  // extension ("accounts/login"). Throws TemplateError with file and line on a syntax error.
  void load_dir(const std::filesystem::path& dir);
  void add(std::string name, std::string_view source);
  bool has(std::string_view name) const;

  // Renders name with the context stack (innermost last). Throws TemplateError when missing.
  void render(std::string_view name, const std::vector<const Value*>& stack, std::string& out) const;
  std::string render(std::string_view name, const Value& data) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace samskap::render
