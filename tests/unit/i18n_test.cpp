#include "platform/render/i18n.hpp"
#include "platform/render/template.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using samskap::render::Catalogue;
using samskap::render::Object;
using samskap::render::Templates;
using samskap::render::Value;

const char* const nb_toml = R"(
[layout]
language_name = "Norsk"

[accounts.login]
title = "Logg inn"
submit = "Logg inn nå"
welcome = "Velkommen, {name}! Du har {count} nye meldinger."

[accounts.logout]
title = "Logg ut"
)";

const char* const en_toml = R"(
[layout]
language_name = "English"

[accounts.login]
title = "Sign in"
welcome = "Welcome, {name}!"
)";

Catalogue loaded() {
  Catalogue c;
  c.load_text("nb", nb_toml);
  c.load_text("en", en_toml);
  return c;
}

TEST(I18nCatalogue, LoadsNestedKeys) {
  auto c = loaded();
  EXPECT_EQ(c.text("nb", "accounts.login.title"), "Logg inn");
  EXPECT_EQ(c.text("nb", "accounts.logout.title"), "Logg ut");
  EXPECT_EQ(c.text("en", "accounts.login.title"), "Sign in");
  EXPECT_EQ(c.text("en", "layout.language_name"), "English");
  ASSERT_EQ(c.languages(), (std::vector<std::string>{"nb", "en"}));
  EXPECT_TRUE(c.has_language("en"));
  EXPECT_FALSE(c.has_language("de"));
}

TEST(I18nCatalogue, FallsBackToBokmaalThenToTheKey) {
  auto c = loaded();
  EXPECT_EQ(c.text("en", "accounts.logout.title"), "Logg ut");
  EXPECT_EQ(c.text("de", "accounts.login.title"), "Logg inn");
  EXPECT_EQ(c.text("en", "accounts.nothing.here"), "accounts.nothing.here");
  EXPECT_EQ(c.text("nb", "accounts.login"), "accounts.login");  // a table is not a text
  EXPECT_TRUE(c.has("en", "accounts.logout.title"));
  EXPECT_TRUE(c.has("nb", "accounts.login.submit"));
  EXPECT_FALSE(c.has("en", "accounts.nothing.here"));
}

TEST(I18nCatalogue, ReplacesPlaceholders) {
  auto c = loaded();
  EXPECT_EQ(c.text("nb", "accounts.login.welcome", {{"name", "Kari"}, {"count", "3"}}),
            "Velkommen, Kari! Du har 3 nye meldinger.");
  EXPECT_EQ(c.text("en", "accounts.login.welcome", {{"name", "Kari"}}), "Welcome, Kari!");
  // Unknown placeholders and stray braces stay as written; no args leaves the text alone.
  EXPECT_EQ(c.text("nb", "accounts.login.welcome", {{"name", "{count}"}}),
            "Velkommen, {count}! Du har {count} nye meldinger.");
  EXPECT_EQ(c.text("nb", "accounts.login.welcome"), "Velkommen, {name}! Du har {count} nye meldinger.");

  Catalogue b;
  b.load_text("nb", "a = \"{x} { y } {} {x {x}} {\"\nb = \"{\"\n");
  EXPECT_EQ(b.text("nb", "a", {{"x", "1"}, {"y", "2"}}), "1 { y } {} {x 1} {");
  EXPECT_EQ(b.text("nb", "b", {{"x", "1"}}), "{");
}

TEST(I18nCatalogue, TreeIncludesFallback) {
  auto c = loaded();
  const Value& en = c.tree("en");
  const Object* accounts = en.as_object()->find("accounts")->as_object();
  ASSERT_NE(accounts, nullptr);
  EXPECT_EQ(*accounts->find("login")->as_object()->find("title")->as_string(), "Sign in");
  EXPECT_EQ(*accounts->find("login")->as_object()->find("submit")->as_string(), "Logg inn nå");
  EXPECT_EQ(*accounts->find("logout")->as_object()->find("title")->as_string(), "Logg ut");

  // Unknown languages get the bokmål tree.
  EXPECT_EQ(&c.tree("de"), &c.tree("nb"));

  // The tree is used from templates through a Ref.
  Templates t;
  t.add("p", "{{t.accounts.login.title}}/{{t.accounts.logout.title}}/{{t.layout.language_name}}");
  Object data;
  data.set("t", Value(Value::Ref{&c.tree("en")}));
  EXPECT_EQ(t.render("p", Value(std::move(data))), "Sign in/Logg ut/English");
}

TEST(I18nCatalogue, EmptyCatalogueHasAnEmptyTree) {
  Catalogue c;
  ASSERT_NE(c.tree("nb").as_object(), nullptr);
  EXPECT_TRUE(c.tree("nb").as_object()->empty());
  EXPECT_EQ(c.text("nb", "x.y"), "x.y");
}

TEST(I18nCatalogue, RejectsNonStringValues) {
  Catalogue c;
  try {
    c.load_text("nb", "[accounts]\ntitle = \"ok\"\nlimit = 5\n");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("nb.toml"), std::string::npos) << msg;
    EXPECT_NE(msg.find("accounts.limit"), std::string::npos) << msg;
  }
  EXPECT_THROW(c.load_text("nb", "list = [\"a\", \"b\"]\n"), std::runtime_error);
  EXPECT_THROW(c.load_text("nb", "flag = true\n"), std::runtime_error);
  EXPECT_THROW(c.load_text("nb", "this is not toml"), std::runtime_error);
  EXPECT_FALSE(c.has_language("nb"));  // nothing was half-loaded
}

// ---- Loading from a folder -------------------------------------------------------------

class TempDir {
 public:
  TempDir() {
    dir_ = std::filesystem::temp_directory_path() /
           ("samskap-i18n-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::create_directories(dir_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  const std::filesystem::path& path() const { return dir_; }

 private:
  static inline int counter_ = 0;
  std::filesystem::path dir_;
};

TEST(I18nCatalogue, LoadDir) {
  TempDir dir;
  dir.write("nb.toml", nb_toml);
  dir.write("en.toml", en_toml);
  dir.write("de.toml", "[accounts.login]\ntitle = \"Anmelden\"\n");
  dir.write("README.md", "not a catalogue");
  Catalogue c;
  c.load_dir(dir.path());
  EXPECT_EQ(c.languages(), (std::vector<std::string>{"nb", "de", "en"}));
  EXPECT_EQ(c.text("de", "accounts.login.title"), "Anmelden");
  EXPECT_EQ(c.text("de", "accounts.logout.title"), "Logg ut");
}

TEST(I18nCatalogue, LoadDirJoinsPartFiles) {
  TempDir dir;
  dir.write("nb.toml", nb_toml);
  dir.write("nb.needs.toml", "[needs]\ntitle = \"Behov\"\n");
  dir.write("en.toml", en_toml);
  dir.write("en.needs.toml", "[needs]\ntitle = \"Needs\"\n");
  Catalogue c;
  c.load_dir(dir.path());
  EXPECT_EQ(c.languages(), (std::vector<std::string>{"nb", "en"}));
  EXPECT_EQ(c.text("nb", "needs.title"), "Behov");
  EXPECT_EQ(c.text("en", "needs.title"), "Needs");
  EXPECT_EQ(c.text("en", "accounts.login.title"), "Sign in");
  EXPECT_TRUE(c.has("nb", "accounts.login.title"));
}

TEST(I18nCatalogue, LoadDirRefusesAKeyDefinedTwice) {
  TempDir dir;
  dir.write("nb.toml", nb_toml);
  dir.write("nb.extra.toml", "[accounts.login]\ntitle = \"Igjen\"\n");
  Catalogue c;
  try {
    c.load_dir(dir.path());
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("accounts.login.title"), std::string::npos) << msg;
  }
}

// The shipped catalogues: English translates every bokmål key and has none of its own.
TEST(I18nCatalogue, ShippedLanguagesHaveTheSameKeys) {
  Catalogue c;
  c.load_dir("content/i18n");
  auto nb = c.keys("nb");
  for (const auto& lang : c.languages()) {
    if (lang == "nb") continue;
    auto other = c.keys(lang);
    std::vector<std::string> missing, extra;
    std::set_difference(nb.begin(), nb.end(), other.begin(), other.end(), std::back_inserter(missing));
    std::set_difference(other.begin(), other.end(), nb.begin(), nb.end(), std::back_inserter(extra));
    EXPECT_TRUE(missing.empty()) << lang << " lacks " << missing.size() << " keys, first " << missing.front();
    EXPECT_TRUE(extra.empty()) << lang << " has " << extra.size() << " keys not in nb, first " << extra.front();
  }
}

TEST(I18nCatalogue, LoadDirRequiresBokmaal) {
  TempDir dir;
  dir.write("en.toml", en_toml);
  Catalogue c;
  EXPECT_THROW(c.load_dir(dir.path()), std::runtime_error);
}

TEST(I18nCatalogue, LoadDirNamesTheBadFile) {
  TempDir dir;
  dir.write("nb.toml", nb_toml);
  dir.write("en.toml", "[accounts]\ncount = 1.5\n");
  Catalogue c;
  try {
    c.load_dir(dir.path());
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("en.toml"), std::string::npos) << msg;
    EXPECT_NE(msg.find("accounts.count"), std::string::npos) << msg;
  }
}

// ---- Language negotiation --------------------------------------------------------------

TEST(I18nNegotiate, HonoursOrderAndQValues) {
  auto c = loaded();
  EXPECT_EQ(c.negotiate("en"), "en");
  EXPECT_EQ(c.negotiate("en-GB"), "en");
  EXPECT_EQ(c.negotiate("EN-us"), "en");
  EXPECT_EQ(c.negotiate("nb"), "nb");
  EXPECT_EQ(c.negotiate("nn-NO,nb;q=0.9,en-US;q=0.8,en;q=0.7"), "nb");
  EXPECT_EQ(c.negotiate("en-US,en;q=0.9,nb;q=0.8"), "en");
  EXPECT_EQ(c.negotiate("nb;q=0.5,en;q=0.9"), "en");
  EXPECT_EQ(c.negotiate("de,en;q=0.5"), "en");
  EXPECT_EQ(c.negotiate("de, fr;q=0.9, en-GB;q=0.8, nb;q=0.7"), "en");
  EXPECT_EQ(c.negotiate("en;q=0.5,nb;q=0.5"), "en");  // equal q: header order
}

TEST(I18nNegotiate, NorwegianVariantsGetBokmaal) {
  auto c = loaded();
  EXPECT_EQ(c.negotiate("no"), "nb");
  EXPECT_EQ(c.negotiate("nn"), "nb");
  EXPECT_EQ(c.negotiate("nn-NO,en;q=0.9"), "nb");
  EXPECT_EQ(c.negotiate("nb-NO"), "nb");

  c.load_text("nn", "[accounts.login]\ntitle = \"Logg inn\"\n");
  EXPECT_EQ(c.negotiate("nn-NO,nb;q=0.9"), "nn");
  EXPECT_EQ(c.negotiate("no"), "nb");
}

TEST(I18nNegotiate, WildcardZeroQAndNothingAcceptable) {
  auto c = loaded();
  EXPECT_EQ(c.negotiate("*"), "nb");
  EXPECT_EQ(c.negotiate("de,*;q=0.5,en;q=0.1"), "nb");
  EXPECT_EQ(c.negotiate("en;q=0,nb;q=0.1"), "nb");
  EXPECT_EQ(c.negotiate("en;q=0, de"), "nb");
  EXPECT_EQ(c.negotiate("de, fr"), "nb");
  EXPECT_EQ(c.negotiate(""), "nb");
}

TEST(I18nNegotiate, MalformedInputDoesNotThrow) {
  auto c = loaded();
  for (const char* header :
       {",,,", ";;;", "en;q=", "en;q=abc,nb", "en;q=2", "en;q=0.12345", "en;;q=0.5", "=;q", "e n", "en;q=-1",
        "\xff\xfe", "en-;q=0.3", "-", "en;Q=0.5", "en ; q = 0.5", "a-very-long-tag-that-goes-on-and-on-forever"}) {
    std::string lang;
    EXPECT_NO_THROW(lang = c.negotiate(header)) << header;
    EXPECT_TRUE(lang == "nb" || lang == "en") << header << " -> " << lang;
  }
  EXPECT_EQ(c.negotiate("en;q=abc,nb"), "nb");  // an unreadable q-value skips that entry
  EXPECT_EQ(c.negotiate("en ; q = 0.5"), "en");
  EXPECT_EQ(c.negotiate("en;q=1.000"), "en");
}

}  // namespace
