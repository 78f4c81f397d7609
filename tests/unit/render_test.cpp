#include "platform/render/template.hpp"
#include "platform/render/value.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using samskap::render::append_escaped_html;
using samskap::render::List;
using samskap::render::Object;
using samskap::render::TemplateError;
using samskap::render::Templates;
using samskap::render::Value;

std::string render_one(std::string_view source, const Value& data) {
  Templates t;
  t.add("main", source);
  return t.render("main", data);
}

std::string error_of(std::string_view source) {
  Templates t;
  try {
    t.add("page", source);
  } catch (const TemplateError& e) {
    return e.what();
  }
  return "no error";
}

// ---- Value / Object --------------------------------------------------------------------

TEST(RenderValue, IndexInsertsNullWhenMissing) {
  Object o;
  EXPECT_TRUE(o["a"].is_null());
  EXPECT_EQ(o.size(), 1u);
  o["a"] = Value("x");
  EXPECT_EQ(*o.find("a")->as_string(), "x");
  EXPECT_EQ(o.size(), 1u);
  EXPECT_EQ(o.find("b"), nullptr);
}

TEST(RenderValue, SetReplacesOrAppendsKeepingOrder) {
  Object o;
  o.set("a", "1").set("b", "2").set("a", "3");
  ASSERT_EQ(o.size(), 2u);
  EXPECT_EQ(o.items()[0].first, "a");
  EXPECT_EQ(*o.items()[0].second.as_string(), "3");
  EXPECT_EQ(o.items()[1].first, "b");
}

TEST(RenderValue, ListAndObjectCreateReuseOrReplace) {
  Object o;
  o.list("rows").push_back(Value("x"));
  o.list("rows").push_back(Value("y"));
  EXPECT_EQ(o.find("rows")->as_list()->size(), 2u);

  o.object("user").set("name", "Kari");
  o.object("user").set("email", "kari@example.org");
  EXPECT_EQ(o.find("user")->as_object()->size(), 2u);

  o.set("thing", "text");
  o.object("thing").set("k", "v");
  ASSERT_NE(o.find("thing")->as_object(), nullptr);
  o.list("thing");
  ASSERT_NE(o.find("thing")->as_list(), nullptr);
  EXPECT_TRUE(o.find("thing")->as_list()->empty());
}

TEST(RenderValue, Truthiness) {
  EXPECT_FALSE(Value().truthy());
  EXPECT_FALSE(Value(false).truthy());
  EXPECT_TRUE(Value(true).truthy());
  EXPECT_FALSE(Value("").truthy());
  EXPECT_TRUE(Value("0").truthy());
  EXPECT_TRUE(Value(0).truthy());
  EXPECT_FALSE(Value(List{}).truthy());
  EXPECT_TRUE(Value(List{Value(1)}).truthy());
  EXPECT_TRUE(Value(Object{}).truthy());
  Value target(false);
  EXPECT_FALSE(Value(Value::Ref{&target}).truthy());
  Value yes("yes");
  EXPECT_TRUE(Value(Value::Ref{&yes}).truthy());
}

TEST(RenderValue, NumbersAreStrings) {
  EXPECT_EQ(*Value(42).as_string(), "42");
  EXPECT_EQ(*Value(std::int64_t{-9000000000}).as_string(), "-9000000000");
}

// ---- Escaping --------------------------------------------------------------------------

TEST(RenderEscape, EscapesTheFiveCharacters) {
  std::string out = "x";
  append_escaped_html(out, "<a href=\"/?a=1&b='2'\">Tom & Jerry</a>");
  EXPECT_EQ(out, "x&lt;a href=&quot;/?a=1&amp;b=&#39;2&#39;&quot;&gt;Tom &amp; Jerry&lt;/a&gt;");
}

TEST(RenderEscape, PlainTextAndEdges) {
  std::string out;
  append_escaped_html(out, "");
  EXPECT_EQ(out, "");
  append_escaped_html(out, "blåbærsyltetøy");
  EXPECT_EQ(out, "blåbærsyltetøy");
  out.clear();
  append_escaped_html(out, "&");
  EXPECT_EQ(out, "&amp;");
  out.clear();
  append_escaped_html(out, "a<");
  EXPECT_EQ(out, "a&lt;");
}

// ---- Variables -------------------------------------------------------------------------

TEST(RenderTemplate, VariablesEscapedAndRaw) {
  Object o;
  o.set("name", "<b>Ola & Kari</b>");
  Value data(std::move(o));
  EXPECT_EQ(render_one("Hei {{name}}!", data), "Hei &lt;b&gt;Ola &amp; Kari&lt;/b&gt;!");
  EXPECT_EQ(render_one("Hei {{{name}}}!", data), "Hei <b>Ola & Kari</b>!");
  EXPECT_EQ(render_one("Hei {{&name}}!", data), "Hei <b>Ola & Kari</b>!");
  EXPECT_EQ(render_one("Hei {{ name }}/{{{ name }}}/{{& name }}", data),
            "Hei &lt;b&gt;Ola &amp; Kari&lt;/b&gt;/<b>Ola & Kari</b>/<b>Ola & Kari</b>");
}

TEST(RenderTemplate, MissingNamesRenderEmpty) {
  Value data(Object{});
  EXPECT_EQ(render_one("[{{nothing}}][{{{nothing}}}][{{a.b.c}}]", data), "[][][]");
}

TEST(RenderTemplate, NumbersBoolsAndNull) {
  Object o;
  o.set("n", 7).set("yes", true).set("no", false).set("none", Value());
  EXPECT_EQ(render_one("{{n}} {{yes}} {{no}} [{{none}}]", Value(std::move(o))), "7 true false []");
}

TEST(RenderTemplate, DottedNames) {
  Object o;
  o.object("a").object("b").set("c", "deep");
  o.object("person").set("name", "Kari");
  Value data(std::move(o));
  EXPECT_EQ(render_one("{{a.b.c}} {{person.name}} [{{person.missing}}] [{{a.b}}]", data), "deep Kari [] []");
  EXPECT_EQ(render_one("{{#a.b}}{{c}}{{/a.b}}", data), "deep");
}

TEST(RenderTemplate, DottedNamesDoNotSearchFurtherOnceTheFirstPartIsFound) {
  // The spec's "context precedence": a.b.c resolves a up the stack, then b.c inside it only.
  Object o;
  o.object("a").object("b");
  o.object("b").set("c", "ERROR");
  EXPECT_EQ(render_one("{{#a}}[{{b.c}}]{{/a}}", Value(std::move(o))), "[]");
}

TEST(RenderTemplate, RefsAreFollowed) {
  Object shared;
  shared.object("login").set("title", "Logg inn");
  Value tree(std::move(shared));
  Value flag(true);

  Object o;
  o.set("t", Value(Value::Ref{&tree}));
  o.set("show", Value(Value::Ref{&flag}));
  Value data(std::move(o));
  EXPECT_EQ(render_one("{{t.login.title}}|{{#show}}shown{{/show}}|{{#t.login}}{{title}}{{/t.login}}", data),
            "Logg inn|shown|Logg inn");

  // A ref to a ref, and a ref on the context stack itself.
  Value ref1(Value::Ref{&tree});
  Value ref2(Value::Ref{&ref1});
  Templates t;
  t.add("x", "{{login.title}}");
  std::string out;
  t.render("x", {&ref2}, out);
  EXPECT_EQ(out, "Logg inn");
}

// ---- Sections --------------------------------------------------------------------------

TEST(RenderTemplate, SectionOverList) {
  Object o;
  auto& items = o.list("items");
  for (auto name : {"a", "b", "c"}) {
    Object item;
    item.set("name", name);
    items.emplace_back(std::move(item));
  }
  EXPECT_EQ(render_one("<ul>{{#items}}<li>{{name}}</li>{{/items}}</ul>", Value(std::move(o))),
            "<ul><li>a</li><li>b</li><li>c</li></ul>");
}

TEST(RenderTemplate, SectionOverEmptyListAndInverted) {
  Object o;
  o.list("items");
  Value data(std::move(o));
  EXPECT_EQ(render_one("[{{#items}}x{{/items}}][{{^items}}none{{/items}}]", data), "[][none]");
}

TEST(RenderTemplate, SectionOverObjectPushesIt) {
  Object o;
  o.object("user").set("name", "Kari");
  o.set("name", "outer");
  EXPECT_EQ(render_one("{{#user}}{{name}}{{/user}} {{name}}", Value(std::move(o))), "Kari outer");
}

TEST(RenderTemplate, SectionOverBoolsAndStrings) {
  Object o;
  o.set("yes", true).set("no", false).set("word", "ord").set("empty", "").set("name", "Kari");
  Value data(std::move(o));
  EXPECT_EQ(render_one("{{#yes}}Y{{name}}{{/yes}}{{#no}}N{{/no}}", data), "YKari");
  EXPECT_EQ(render_one("{{^yes}}Y{{/yes}}{{^no}}N{{/no}}", data), "N");
  EXPECT_EQ(render_one("{{#word}}<{{.}}|{{name}}>{{/word}}{{#empty}}E{{/empty}}{{^empty}}e{{/empty}}", data),
            "<ord|Kari>e");
  EXPECT_EQ(render_one("{{#missing}}M{{/missing}}{{^missing}}m{{/missing}}", data), "m");
}

TEST(RenderTemplate, ImplicitIteratorOverStrings) {
  Object o;
  auto& tags = o.list("tags");
  tags.emplace_back("a&b");
  tags.emplace_back("c");
  EXPECT_EQ(render_one("{{#tags}}[{{.}}|{{{.}}}]{{/tags}}", Value(std::move(o))), "[a&amp;b|a&b][c|c]");
}

TEST(RenderTemplate, NestedContextLookupUpTheStack) {
  Object o;
  o.set("site", "Samskap");
  auto& groups = o.list("groups");
  for (auto g : {"g1", "g2"}) {
    Object group;
    group.set("name", g);
    auto& members = group.list("members");
    for (auto m : {"m1", "m2"}) {
      Object member;
      member.set("who", m);
      members.emplace_back(std::move(member));
    }
    groups.emplace_back(std::move(group));
  }
  EXPECT_EQ(render_one("{{#groups}}{{#members}}{{site}}/{{name}}/{{who}};{{/members}}{{/groups}}", Value(std::move(o))),
            "Samskap/g1/m1;Samskap/g1/m2;Samskap/g2/m1;Samskap/g2/m2;");
}

TEST(RenderTemplate, ContextStackFromCaller) {
  Object globals;
  globals.set("lang", "nb").set("title", "global");
  Object page;
  page.set("title", "page");
  Value g(std::move(globals));
  Value p(std::move(page));
  Templates t;
  t.add("x", "{{lang}} {{title}}");
  std::string out = "prefix:";
  t.render("x", {&g, &p}, out);
  EXPECT_EQ(out, "prefix:nb page");
}

TEST(RenderTemplate, Comments) {
  Value data(Object{});
  EXPECT_EQ(render_one("a{{! a comment }}b{{!multi\nline}}c", data), "abc");
}

// ---- Standalone lines ------------------------------------------------------------------

TEST(RenderTemplate, StandaloneLinesAreRemoved) {
  Object o;
  auto& items = o.list("items");
  items.emplace_back("one");
  items.emplace_back("two");
  Value data(std::move(o));
  EXPECT_EQ(render_one("<ul>\n  {{#items}}\n  <li>{{.}}</li>\n  {{/items}}\n</ul>\n", data),
            "<ul>\n  <li>one</li>\n  <li>two</li>\n</ul>\n");
  EXPECT_EQ(render_one("a\n{{! comment }}\nb\n", data), "a\nb\n");
  EXPECT_EQ(render_one("a\r\n  {{^items}}  \r\nnone\r\n{{/items}}\r\nb", data), "a\r\nb");
  // At the start and at the end of the template, without a final newline.
  EXPECT_EQ(render_one("{{#items}}\n{{.}}\n{{/items}}", data), "one\ntwo\n");
}

TEST(RenderTemplate, TagsSharingALineAreNotStandalone) {
  Object o;
  o.set("x", true).set("v", "V");
  Value data(std::move(o));
  EXPECT_EQ(render_one(" {{#x}}{{/x}} \n", data), "  \n");
  EXPECT_EQ(render_one("a {{#x}}\nb\n{{/x}}\n", data), "a \nb\n");
  // Variables are never standalone.
  EXPECT_EQ(render_one("  {{v}}  \nz", data), "  V  \nz");
}

TEST(RenderTemplate, StandalonePartialLine) {
  Templates t;
  t.add("item", "<li>{{.}}</li>\n");
  t.add("list", "<ul>\n  {{>item}}\n</ul>\n");
  EXPECT_EQ(t.render("list", Value("x")), "<ul>\n<li>x</li>\n</ul>\n");
}

// ---- Partials --------------------------------------------------------------------------

TEST(RenderTemplate, PartialsNestedAndWithSlashes) {
  Templates t;
  t.add("layout/page", "<main>{{>layout/header}}{{#rows}}{{>rows/row}}{{/rows}}</main>");
  t.add("layout/header", "<h1>{{title}}</h1>");
  t.add("rows/row", "<p>{{>rows/cell}}</p>");
  t.add("rows/cell", "{{name}}@{{title}}");
  Object o;
  o.set("title", "T");
  auto& rows = o.list("rows");
  for (auto n : {"a", "b"}) {
    Object r;
    r.set("name", n);
    rows.emplace_back(std::move(r));
  }
  EXPECT_EQ(t.render("layout/page", Value(std::move(o))), "<main><h1>T</h1><p>a@T</p><p>b@T</p></main>");
}

TEST(RenderTemplate, PartialsAreResolvedAtRenderTime) {
  Templates t;
  t.add("page", "[{{>later}}]");
  t.add("later", "added after");
  EXPECT_EQ(t.render("page", Value(Object{})), "[added after]");
}

TEST(RenderTemplate, MissingPartialIsAnError) {
  Templates t;
  t.add("page", "line one\n{{>nope}}");
  std::string out = "kept";
  try {
    t.render("page", {}, out);
    FAIL() << "expected TemplateError";
  } catch (const TemplateError& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("page:2"), std::string::npos) << msg;
    EXPECT_NE(msg.find("nope"), std::string::npos) << msg;
  }
  EXPECT_EQ(out, "kept");  // partial output is discarded
}

TEST(RenderTemplate, RecursivePartialsAreBounded) {
  Templates t;
  t.add("loop", "x{{>loop}}");
  EXPECT_THROW(t.render("loop", Value(Object{})), TemplateError);

  // Recursion that ends is fine: a tree rendered with a self-referencing partial. The leaf
  // needs its own empty list, or {{#children}} would find its parent's up the stack.
  t.add("node", "({{name}}{{#children}}{{>node}}{{/children}})");
  Object leaf;
  leaf.set("name", "leaf");
  leaf.list("children");
  Object root;
  root.set("name", "root");
  root.list("children").emplace_back(std::move(leaf));
  EXPECT_EQ(t.render("node", Value(std::move(root))), "(root(leaf))");
}

TEST(RenderTemplate, MissingTemplate) {
  Templates t;
  EXPECT_FALSE(t.has("x"));
  EXPECT_THROW(t.render("x", Value()), TemplateError);
  t.add("x", "");
  EXPECT_TRUE(t.has("x"));
  EXPECT_EQ(t.render("x", Value()), "");
}

// ---- Errors ----------------------------------------------------------------------------

TEST(RenderTemplate, ErrorsNameTheTemplateAndLine) {
  std::string e = error_of("a\nb\n{{#items}}\nx\n");
  EXPECT_NE(e.find("page:3"), std::string::npos) << e;
  EXPECT_NE(e.find("unclosed section"), std::string::npos) << e;

  e = error_of("{{#a}}\n{{#b}}\n{{/a}}\n");
  EXPECT_NE(e.find("page:3"), std::string::npos) << e;
  EXPECT_NE(e.find("does not match"), std::string::npos) << e;

  e = error_of("ok\n{{/a}}");
  EXPECT_NE(e.find("page:2"), std::string::npos) << e;

  e = error_of("one\ntwo {{name\nthree");
  EXPECT_NE(e.find("page:2"), std::string::npos) << e;
  EXPECT_NE(e.find("unclosed tag"), std::string::npos) << e;

  e = error_of("x\n\n\n{{{raw}}");
  EXPECT_NE(e.find("page:4"), std::string::npos) << e;

  e = error_of("{{=<% %>=}}");
  EXPECT_NE(e.find("page:1"), std::string::npos) << e;
  EXPECT_NE(e.find("set-delimiter"), std::string::npos) << e;

  e = error_of("{{}}");
  EXPECT_NE(e.find("page:1"), std::string::npos) << e;
  e = error_of("{{a..b}}");
  EXPECT_NE(e.find("invalid name"), std::string::npos) << e;
  e = error_of("{{#}}{{/}}");
  EXPECT_NE(e.find("invalid name"), std::string::npos) << e;
}

TEST(RenderTemplate, FailedAddKeepsTheOldTemplate) {
  Templates t;
  t.add("x", "old");
  EXPECT_THROW(t.add("x", "{{#broken}}"), TemplateError);
  EXPECT_EQ(t.render("x", Value()), "old");
}

// ---- Loading ---------------------------------------------------------------------------

class TempDir {
 public:
  TempDir() {
    dir_ = std::filesystem::temp_directory_path() /
           ("samskap-render-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::create_directories(dir_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  void write(const std::string& rel, const std::string& text) const {
    auto p = dir_ / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }
  const std::filesystem::path& path() const { return dir_; }

 private:
  static inline int counter_ = 0;
  std::filesystem::path dir_;
};

TEST(RenderTemplate, LoadDirRecursively) {
  TempDir dir;
  dir.write("layout/page.mustache", "<body>{{>accounts/login}}</body>");
  dir.write("accounts/login.mustache", "{{title}}");
  dir.write("notes.txt", "ignored");
  Templates t;
  t.load_dir(dir.path());
  EXPECT_TRUE(t.has("layout/page"));
  EXPECT_TRUE(t.has("accounts/login"));
  EXPECT_FALSE(t.has("notes"));
  Object o;
  o.set("title", "Logg inn");
  EXPECT_EQ(t.render("layout/page", Value(std::move(o))), "<body>Logg inn</body>");
}

TEST(RenderTemplate, LoadDirReportsTheFileAndLine) {
  TempDir dir;
  dir.write("accounts/broken.mustache", "a\n{{#x}}\n");
  Templates t;
  try {
    t.load_dir(dir.path());
    FAIL() << "expected TemplateError";
  } catch (const TemplateError& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("accounts/broken.mustache:2"), std::string::npos) << msg;
  }
  EXPECT_THROW(t.load_dir(dir.path() / "absent"), TemplateError);
}

// ---- Whole pages and concurrency -------------------------------------------------------

Value table_data(int rows) {
  Object o;
  o.set("caption", "Medlemmer");
  auto& list = o.list("rows");
  list.reserve(static_cast<std::size_t>(rows));
  for (int i = 0; i < rows; ++i) {
    Object r;
    r.reserve(4);
    r.set("id", i);
    r.set("name", "Navn " + std::to_string(i) + (i % 7 == 0 ? " <&>" : ""));
    r.set("odd", i % 2 == 1);
    if (i % 10 == 0) r.set("note", "merk");
    list.emplace_back(std::move(r));
  }
  return Value(std::move(o));
}

const char* const table_template =
    "<table>\n"
    "  <caption>{{caption}}</caption>\n"
    "  {{#rows}}\n"
    "  <tr{{#odd}} class=\"odd\"{{/odd}}>\n"
    "    <td>{{id}}</td><td><a href=\"/m/{{id}}\">{{name}}</a></td>\n"
    "    {{#note}}\n"
    "    <td>{{note}}</td>\n"
    "    {{/note}}\n"
    "    {{^note}}\n"
    "    <td></td>\n"
    "    {{/note}}\n"
    "  </tr>\n"
    "  {{/rows}}\n"
    "</table>\n";

std::string expected_table(int rows) {
  std::string s = "<table>\n  <caption>Medlemmer</caption>\n";
  for (int i = 0; i < rows; ++i) {
    std::string name = "Navn " + std::to_string(i) + (i % 7 == 0 ? " &lt;&amp;&gt;" : "");
    s += std::string("  <tr") + (i % 2 == 1 ? " class=\"odd\"" : "") + ">\n";
    s += "    <td>" + std::to_string(i) + "</td><td><a href=\"/m/" + std::to_string(i) + "\">" + name + "</a></td>\n";
    s += i % 10 == 0 ? "    <td>merk</td>\n" : "    <td></td>\n";
    s += "  </tr>\n";
  }
  s += "</table>\n";
  return s;
}

TEST(RenderTemplate, FiftyRowTable) {
  Templates t;
  t.add("table", table_template);
  EXPECT_EQ(t.render("table", table_data(50)), expected_table(50));
}

TEST(RenderTemplate, ConcurrentRenderingOfOneTemplateSet) {
  Templates t;
  t.add("table", table_template);
  t.add("page", "<main>{{>table}}</main>");
  const Value data = table_data(50);
  const std::string expected = "<main>" + expected_table(50) + "</main>";
  const Templates& shared = t;

  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int n = 0; n < 4; ++n) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        std::string out;
        shared.render("page", {&data}, out);
        if (out != expected) ++mismatches;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
