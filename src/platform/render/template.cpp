#include "platform/render/template.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <fstream>
#include <functional>
#include <sstream>
#include <utility>

namespace samskap::render {

namespace {

// Partials may include partials; deeper than this is taken to be unbounded recursion.
constexpr std::size_t max_partial_depth = 64;

// A variable or section name, split at parse time so rendering compares string_views only.
struct Name {
  std::string full;                // as written in the tag (used for messages and close matching)
  std::vector<std::string> parts;  // empty for the implicit iterator "."
};

struct Node {
  enum class Kind : std::uint8_t { text, escaped, raw, section, inverted, partial };
  Kind kind = Kind::text;
  std::size_t line = 0;
  std::string text;  // literal text, or the partial's name
  Name name;         // variables and sections
  std::vector<Node> children;
};

struct Template {
  std::string label;  // the template's name or file, for error messages
  std::vector<Node> nodes;
};

constexpr std::array<bool, 256> make_html_special() {
  std::array<bool, 256> t{};
  for (unsigned char c : {'&', '<', '>', '"', '\''}) t[c] = true;
  return t;
}
constexpr auto html_special = make_html_special();

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  auto is_ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && is_ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ws(s.back())) s.remove_suffix(1);
  return s;
}

std::string shorten(std::string_view s) {
  constexpr std::size_t limit = 40;
  if (s.size() <= limit) return std::string(s);
  return std::string(s.substr(0, limit)) + "...";
}

[[noreturn]] void fail(std::string_view label, std::size_t line, const std::string& message) {
  throw TemplateError(std::string(label) + ":" + std::to_string(line) + ": " + message);
}

class Parser {
 public:
  Parser(std::string_view label, std::string_view src) : label_(label), src_(src) {}

  std::vector<Node> parse() {
    std::vector<Node> root;
    std::vector<Node*> open;  // the open sections, innermost last
    auto current = [&]() -> std::vector<Node>& { return open.empty() ? root : open.back()->children; };

    std::size_t pos = 0;
    while (pos < src_.size()) {
      std::size_t tag_start = src_.find("{{", pos);
      if (tag_start == std::string_view::npos) {
        emit_text(current(), pos, src_.size());
        break;
      }
      std::size_t line = line_at(tag_start);
      Tag tag = read_tag(tag_start, line);

      std::size_t text_end = tag_start;
      std::size_t next = tag.end;
      if (tag.may_stand_alone) {
        std::size_t line_start = 0;
        if (tag_start > 0) {
          std::size_t newline = src_.rfind('\n', tag_start - 1);
          if (newline != std::string_view::npos) line_start = newline + 1;
        }
        if (line_start >= pos && all_blank(line_start, tag_start)) {
          std::size_t after = tag.end;
          while (after < src_.size() && is_blank(src_[after])) ++after;
          std::size_t line_end = std::string_view::npos;
          if (after == src_.size()) line_end = after;
          else if (src_[after] == '\n') line_end = after + 1;
          else if (src_[after] == '\r' && after + 1 < src_.size() && src_[after + 1] == '\n') line_end = after + 2;
          if (line_end != std::string_view::npos) {
            text_end = line_start;
            next = line_end;
          }
        }
      }
      emit_text(current(), pos, text_end);
      pos = next;

      switch (tag.sigil) {
        case '!':
          break;
        case '#':
        case '^': {
          Node n;
          n.kind = tag.sigil == '#' ? Node::Kind::section : Node::Kind::inverted;
          n.line = line;
          n.name = parse_name(tag.body, line);
          auto& siblings = current();
          siblings.push_back(std::move(n));
          open.push_back(&siblings.back());
          break;
        }
        case '/': {
          std::string_view closing = tag.body;
          if (open.empty()) fail(label_, line, "closing tag {{/" + shorten(closing) + "}} without an open section");
          Node* top = open.back();
          if (top->name.full != closing)
            fail(label_, line,
                 "closing tag {{/" + shorten(closing) + "}} does not match {{" +
                     (top->kind == Node::Kind::section ? "#" : "^") + top->name.full + "}} opened on line " +
                     std::to_string(top->line));
          open.pop_back();
          break;
        }
        case '>': {
          if (tag.body.empty() || std::any_of(tag.body.begin(), tag.body.end(), [](char c) {
                return c == ' ' || c == '\t' || c == '\r' || c == '\n';
              }))
            fail(label_, line, "invalid partial name '" + shorten(tag.body) + "'");
          Node n;
          n.kind = Node::Kind::partial;
          n.line = line;
          n.text = std::string(tag.body);
          current().push_back(std::move(n));
          break;
        }
        default: {
          Node n;
          n.kind = tag.sigil == '&' ? Node::Kind::raw : Node::Kind::escaped;
          n.line = line;
          n.name = parse_name(tag.body, line);
          current().push_back(std::move(n));
          break;
        }
      }
    }
    if (!open.empty()) {
      const Node* top = open.back();
      fail(label_, top->line, "unclosed section {{" + std::string(top->kind == Node::Kind::section ? "#" : "^") +
                                  top->name.full + "}}");
    }
    return root;
  }

 private:
  struct Tag {
    char sigil = 0;         // '#', '^', '/', '>', '!', '&' (raw, also for triple braces) or 0 (escaped)
    std::string_view body;  // the name, trimmed
    std::size_t end = 0;    // the position just past the closing braces
    bool may_stand_alone = false;
  };

  Tag read_tag(std::size_t tag_start, std::size_t line) {
    Tag tag;
    std::size_t p = tag_start + 2;
    if (p < src_.size() && src_[p] == '{') {
      std::size_t close = src_.find("}}}", p + 1);
      if (close == std::string_view::npos) fail(label_, line, "unclosed tag {{{");
      tag.sigil = '&';
      tag.body = trim(src_.substr(p + 1, close - (p + 1)));
      tag.end = close + 3;
      return tag;
    }
    std::size_t close = src_.find("}}", p);
    if (close == std::string_view::npos) fail(label_, line, "unclosed tag {{");
    tag.end = close + 2;
    std::string_view content = trim(src_.substr(p, close - p));
    if (content.empty()) fail(label_, line, "empty tag {{}}");
    switch (content.front()) {
      case '=':
        fail(label_, line, "set-delimiter tags {{=...=}} are not supported");
      case '{':
        fail(label_, line, "unbalanced braces in tag {{" + shorten(content) + "}}");
      case '#':
      case '^':
      case '/':
      case '>':
      case '!':
        tag.may_stand_alone = true;
        [[fallthrough]];
      case '&':
        tag.sigil = content.front();
        tag.body = trim(content.substr(1));
        break;
      default:
        tag.body = content;
        break;
    }
    return tag;
  }

  Name parse_name(std::string_view body, std::size_t line) const {
    Name name;
    name.full = std::string(body);
    if (body == ".") return name;
    auto invalid = [&] { fail(label_, line, "invalid name '" + shorten(body) + "'"); };
    if (body.empty()) invalid();
    std::size_t start = 0;
    while (true) {
      std::size_t dot = body.find('.', start);
      std::string_view part = body.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
      if (part.empty()) invalid();
      for (char c : part)
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '{' || c == '}') invalid();
      name.parts.emplace_back(part);
      if (dot == std::string_view::npos) break;
      start = dot + 1;
    }
    return name;
  }

  bool all_blank(std::size_t from, std::size_t to) const {
    for (std::size_t i = from; i < to; ++i)
      if (!is_blank(src_[i])) return false;
    return true;
  }

  // Positions are asked for in increasing order, so lines are counted incrementally.
  std::size_t line_at(std::size_t pos) {
    line_ += static_cast<std::size_t>(std::count(src_.begin() + static_cast<std::ptrdiff_t>(counted_),
                                                 src_.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
    counted_ = pos;
    return line_;
  }

  void emit_text(std::vector<Node>& nodes, std::size_t from, std::size_t to) const {
    if (from >= to) return;
    std::string_view text = src_.substr(from, to - from);
    if (!nodes.empty() && nodes.back().kind == Node::Kind::text) {
      nodes.back().text.append(text);
      return;
    }
    Node n;
    n.kind = Node::Kind::text;
    n.text = std::string(text);
    nodes.push_back(std::move(n));
  }

  std::string_view label_;
  std::string_view src_;
  std::size_t counted_ = 0;
  std::size_t line_ = 1;
};

struct NameHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

using TemplateMap = std::unordered_map<std::string, Template, NameHash, std::equal_to<>>;

class Renderer {
 public:
  Renderer(const TemplateMap& templates, const std::vector<const Value*>& stack, std::string& out)
      : templates_(templates), out_(out) {
    stack_.reserve(stack.size() + 16);
    stack_.assign(stack.begin(), stack.end());
  }

  void render(const Template& tpl, const std::vector<Node>& nodes) {
    for (const Node& n : nodes) {
      switch (n.kind) {
        case Node::Kind::text:
          out_.append(n.text);
          break;
        case Node::Kind::escaped:
        case Node::Kind::raw: {
          const Value* v = lookup(n.name);
          if (!v) break;
          if (auto s = v->as_string()) {
            if (n.kind == Node::Kind::escaped) append_escaped_html(out_, *s);
            else out_.append(*s);
          } else if (auto b = v->as_bool()) {
            out_.append(*b ? "true" : "false");
          }
          break;
        }
        case Node::Kind::section:
          render_section(tpl, n);
          break;
        case Node::Kind::inverted: {
          const Value* v = lookup(n.name);
          if (!v || !v->truthy()) render(tpl, n.children);
          break;
        }
        case Node::Kind::partial:
          render_partial(tpl, n);
          break;
      }
    }
  }

 private:
  void render_section(const Template& tpl, const Node& n) {
    const Value* v = lookup(n.name);
    if (!v) return;
    if (auto list = v->as_list()) {
      for (const Value& item : *list) {
        stack_.push_back(&item.resolve());
        render(tpl, n.children);
        stack_.pop_back();
      }
    } else if (v->as_object()) {
      stack_.push_back(v);
      render(tpl, n.children);
      stack_.pop_back();
    } else if (auto s = v->as_string()) {
      if (s->empty()) return;
      stack_.push_back(v);
      render(tpl, n.children);
      stack_.pop_back();
    } else if (auto b = v->as_bool()) {
      if (*b) render(tpl, n.children);
    }
  }

  void render_partial(const Template& tpl, const Node& n) {
    auto it = templates_.find(std::string_view(n.text));
    if (it == templates_.end()) fail(tpl.label, n.line, "partial '" + n.text + "' not found");
    if (depth_ >= max_partial_depth)
      fail(tpl.label, n.line,
           "partials nested deeper than " + std::to_string(max_partial_depth) + " levels (recursive partial '" +
               n.text + "'?)");
    ++depth_;
    render(it->second, it->second.nodes);
    --depth_;
  }

  // Resolves a name per the Mustache spec: the first part up the context stack, the rest
  // inside what it found. Returns the resolved value, or nullptr when missing.
  const Value* lookup(const Name& name) const {
    if (name.parts.empty()) return stack_.empty() ? nullptr : &stack_.back()->resolve();
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      const Object* obj = (*it)->as_object();
      if (!obj) continue;
      const Value* v = obj->find(name.parts.front());
      if (!v) continue;
      for (std::size_t i = 1; i < name.parts.size(); ++i) {
        const Object* inner = v->as_object();
        if (!inner) return nullptr;
        v = inner->find(name.parts[i]);
        if (!v) return nullptr;
      }
      return &v->resolve();
    }
    return nullptr;
  }

  const TemplateMap& templates_;
  std::string& out_;
  std::vector<const Value*> stack_;
  std::size_t depth_ = 0;
};

Template compile(std::string label, std::string_view source) {
  Template t;
  t.nodes = Parser(label, source).parse();
  t.label = std::move(label);
  return t;
}

}  // namespace

void append_escaped_html(std::string& out, std::string_view s) {
  const char* p = s.data();
  const char* const end = p + s.size();
  const char* run = p;
  for (; p != end; ++p) {
    if (!html_special[static_cast<unsigned char>(*p)]) continue;
    out.append(run, static_cast<std::size_t>(p - run));
    switch (*p) {
      case '&': out.append("&amp;"); break;
      case '<': out.append("&lt;"); break;
      case '>': out.append("&gt;"); break;
      case '"': out.append("&quot;"); break;
      default: out.append("&#39;"); break;
    }
    run = p + 1;
  }
  out.append(run, static_cast<std::size_t>(end - run));
}

struct Templates::Impl {
  TemplateMap templates;
};

Templates::Templates() : impl_(std::make_unique<Impl>()) {}
Templates::~Templates() = default;
Templates::Templates(Templates&&) noexcept = default;
Templates& Templates::operator=(Templates&&) noexcept = default;

void Templates::load_dir(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw TemplateError("template directory not found: " + dir.string());

  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(dir), end; it != end; ++it)
    if (it->is_regular_file() && it->path().extension() == ".mustache") files.push_back(it->path());
  std::sort(files.begin(), files.end());

  // Everything is compiled before anything is replaced, so a syntax error leaves the set unchanged.
  std::vector<std::pair<std::string, Template>> compiled;
  compiled.reserve(files.size());
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw TemplateError("cannot read template " + file.string());
    std::ostringstream buf;
    buf << in.rdbuf();
    if (in.bad()) throw TemplateError("cannot read template " + file.string());
    fs::path rel = file.lexically_relative(dir);
    rel.replace_extension();
    compiled.emplace_back(rel.generic_string(), compile(file.string(), buf.str()));
  }
  if (!impl_) impl_ = std::make_unique<Impl>();
  for (auto& [name, tpl] : compiled) impl_->templates.insert_or_assign(std::move(name), std::move(tpl));
}

void Templates::add(std::string name, std::string_view source) {
  Template tpl = compile(name, source);
  if (!impl_) impl_ = std::make_unique<Impl>();
  impl_->templates.insert_or_assign(std::move(name), std::move(tpl));
}

bool Templates::has(std::string_view name) const {
  return impl_ && impl_->templates.find(name) != impl_->templates.end();
}

void Templates::render(std::string_view name, const std::vector<const Value*>& stack, std::string& out) const {
  if (!impl_) throw TemplateError("template not found: " + std::string(name));
  auto it = impl_->templates.find(name);
  if (it == impl_->templates.end()) throw TemplateError("template not found: " + std::string(name));
  const std::size_t start = out.size();
  try {
    Renderer(impl_->templates, stack, out).render(it->second, it->second.nodes);
  } catch (...) {
    out.resize(start);  // no half-rendered page is left behind
    throw;
  }
}

std::string Templates::render(std::string_view name, const Value& data) const {
  std::string out;
  render(name, std::vector<const Value*>{&data}, out);
  return out;
}

}  // namespace samskap::render
