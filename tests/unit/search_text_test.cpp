#include "platform/search/text.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace {

using samskap::search::fold;
using samskap::search::fts5_match;
using samskap::search::index_text;
using samskap::search::kMaxQueryTerms;
using samskap::search::kMaxWordLength;
using samskap::search::parse_query;
using samskap::search::pg_tsquery;
using samskap::search::Query;
using samskap::search::sort_key;
using samskap::search::stem;
using samskap::search::words;

using Strings = std::vector<std::string>;

std::string repeat(std::string_view unit, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += unit;
  return out;
}

// ---------------------------------------------------------------------------------------- fold

TEST(SearchFold, LowerCasesNorwegianLetters) {
  EXPECT_EQ(fold("ÆØÅ"), "æøå");
  EXPECT_EQ(fold("Ærlig Østfold Åsen"), "ærlig østfold åsen");
  EXPECT_EQ(fold("NAV-kontoret i SANDEFJORD"), "nav-kontoret i sandefjord");
  EXPECT_EQ(fold("æøå"), "æøå");
  EXPECT_EQ(fold(""), "");
}

TEST(SearchFold, KeepsDiacriticsAndPunctuation) {
  EXPECT_EQ(fold("Élan, Ökonomi & Čapek!"), "élan, ökonomi & čapek!");
}

TEST(SearchFold, NormalisesToNfc) {
  // "A" + COMBINING RING ABOVE becomes the single code point "å".
  EXPECT_EQ(fold("A\xCC\x8A" "sen"), "åsen");
  EXPECT_EQ(fold("e\xCC\x81"), "é");
}

TEST(SearchFold, UsesFullCaseFolding) {
  EXPECT_EQ(fold("Straße"), "strasse");
  EXPECT_EQ(fold("ΣΊΣΥΦΟΣ"), "σίσυφοσ");
}

TEST(SearchFold, ReplacesInvalidUtf8) {
  EXPECT_EQ(fold("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
}

// --------------------------------------------------------------------------------------- words

TEST(SearchWords, SplitsHyphenatedCompounds) {
  EXPECT_EQ(words("NAV-kontoret i Sandefjord"), (Strings{"nav", "kontoret", "i", "sandefjord"}));
  EXPECT_EQ(words("e-post"), (Strings{"e", "post"}));
}

TEST(SearchWords, DropsPunctuation) {
  EXPECT_EQ(words("Hei, verden! «Øst» (vest) – «sør»…"),
            (Strings{"hei", "verden", "øst", "vest", "sør"}));
  EXPECT_EQ(words("don't foo_bar a/b"), (Strings{"don", "t", "foo", "bar", "a", "b"}));
  EXPECT_TRUE(words(" — … !? ").empty());
  EXPECT_TRUE(words("").empty());
}

TEST(SearchWords, KeepsNumbers) {
  EXPECT_EQ(words("Budsjett 2024: 3,5 mill. kr"),
            (Strings{"budsjett", "2024", "3", "5", "mill", "kr"}));
  EXPECT_EQ(words("17. mai"), (Strings{"17", "mai"}));
  EXPECT_EQ(words("Org.nr. 987 654 321"), (Strings{"org", "nr", "987", "654", "321"}));
  EXPECT_EQ(words("covid19"), (Strings{"covid19"}));
}

TEST(SearchWords, KeepsCombiningMarksInsideWords) {
  // q + COMBINING TILDE has no precomposed form; it stays one word.
  EXPECT_EQ(words("Q\xCC\x83" "a x"), (Strings{"q\xCC\x83" "a", "x"}));
}

TEST(SearchWords, DropsOverlongWords) {
  const std::string longest = repeat("ø", kMaxWordLength);
  EXPECT_EQ(words("kort " + longest + " ord"), (Strings{"kort", longest, "ord"}));
  EXPECT_EQ(words("kort " + longest + "x ord"), (Strings{"kort", "ord"}));
}

// ---------------------------------------------------------------------------------------- stem

TEST(SearchStem, InflectedFormsShareAStem) {
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"entreprenører", "entreprenør"},     {"entreprenørene", "entreprenør"},
      {"idrettslagene", "idrettslag"},      {"idrettslaget", "idrettslag"},
      {"kommunene", "kommune"},             {"kommuner", "kommune"},
      {"organisasjonene", "organisasjon"},  {"søknader", "søknad"},
      {"tilskuddsordningene", "tilskuddsordning"}, {"kontoret", "kontor"},
      {"frivillige", "frivillig"},
  };
  for (const auto& [inflected, base] : pairs) {
    EXPECT_EQ(stem(inflected), stem(base)) << inflected << " / " << base;
  }
}

TEST(SearchStem, ActualSnowballOutputs) {
  EXPECT_EQ(stem("entreprenører"), "entreprenør");
  EXPECT_EQ(stem("idrettslagene"), "idrettslag");
  EXPECT_EQ(stem("kommunene"), "kommun");
  EXPECT_EQ(stem("kommune"), "kommun");
  EXPECT_EQ(stem("frivillige"), "frivil");
  EXPECT_EQ(stem("sandefjord"), "sandefjord");
  EXPECT_EQ(stem("bærum"), "bærum");
  EXPECT_EQ(stem("arbeidsinkludering"), "arbeidsinkludering");
}

TEST(SearchStem, ShortWordsAndNumbersStayAsTheyAre) {
  EXPECT_EQ(stem(""), "");
  EXPECT_EQ(stem("i"), "i");
  EXPECT_EQ(stem("og"), "og");
  EXPECT_EQ(stem("2024"), "2024");
}

TEST(SearchStem, OneStemmerPerThread) {
  std::string from_thread;
  std::thread worker([&] { from_thread = stem("idrettslagene"); });
  worker.join();
  EXPECT_EQ(from_thread, "idrettslag");
  EXPECT_EQ(stem("idrettslagene"), "idrettslag");
}

// ---------------------------------------------------------------------------------- index_text

TEST(SearchIndexText, StemsFollowedByDifferingWords) {
  EXPECT_EQ(index_text({"Entreprenører i Sandefjord", "Idrettslagene og entreprenøren",
                        "arbeidsinkludering"}),
            "entreprenør entreprenører i sandefjord idrettslag idrettslagene og "
            "entreprenøren arbeidsinkludering");
}

TEST(SearchIndexText, DeduplicatesInFirstSeenOrder) {
  EXPECT_EQ(index_text({"Kommune kommunene KOMMUNE", "kommuner"}),
            "kommun kommune kommunene kommuner");
  EXPECT_EQ(index_text({"lag", "lag lag", "Lag"}), "lag");
}

TEST(SearchIndexText, VectorOverloadMatches) {
  const Strings fields = {"NAV-kontoret i Sandefjord", "", "frivillige-lag"};
  EXPECT_EQ(index_text(fields), index_text({fields[0], fields[1], fields[2]}));
  EXPECT_EQ(index_text(fields), "nav kontor kontoret i sandefjord frivil frivillige lag");
}

TEST(SearchIndexText, EmptyFieldsGiveEmptyText) {
  EXPECT_EQ(index_text({}), "");
  EXPECT_EQ(index_text({"", " – "}), "");
  EXPECT_EQ(index_text(Strings{}), "");
}

// --------------------------------------------------------------------------------- parse_query

TEST(SearchParseQuery, LastWordBeingTypedIsAPrefix) {
  const Query q = parse_query("Entreprenører i sandef");
  EXPECT_EQ(q.terms, (Strings{"entreprenør", "i"}));
  EXPECT_EQ(q.prefix, "sandef");
  EXPECT_FALSE(q.empty());
}

TEST(SearchParseQuery, TrailingWhitespaceCompletesTheLastWord) {
  const Query q = parse_query("entreprenører i sandefjord ");
  EXPECT_EQ(q.terms, (Strings{"entreprenør", "i", "sandefjord"}));
  EXPECT_EQ(q.prefix, "");
  EXPECT_EQ(parse_query("idrettslagene\t").terms, (Strings{"idrettslag"}));
  EXPECT_EQ(parse_query("idrettslagene\n").prefix, "");
}

TEST(SearchParseQuery, TrailingPunctuationCompletesTheLastWord) {
  const Query q = parse_query("kommunene.");
  EXPECT_EQ(q.terms, (Strings{"kommun"}));
  EXPECT_EQ(q.prefix, "");
}

TEST(SearchParseQuery, PrefixIsFoldedButNotStemmed) {
  const Query q = parse_query("idrettslagene");
  EXPECT_TRUE(q.terms.empty());
  EXPECT_EQ(q.prefix, "idrettslagene");
  EXPECT_EQ(parse_query("BÆR").prefix, "bær");
}

TEST(SearchParseQuery, ShortLastWordIsACompleteWord) {
  // Two code points (three bytes): a term, not a prefix.
  Query q = parse_query("sandefjord bæ");
  EXPECT_EQ(q.terms, (Strings{"sandefjord", "bæ"}));
  EXPECT_EQ(q.prefix, "");
  q = parse_query("idrettslag i");
  EXPECT_EQ(q.terms, (Strings{"idrettslag", "i"}));
  EXPECT_EQ(q.prefix, "");
  q = parse_query("ø");
  EXPECT_EQ(q.terms, (Strings{"ø"}));
  EXPECT_EQ(q.prefix, "");
  // Three code points, including a Norwegian letter: a prefix.
  q = parse_query("kommune bær");
  EXPECT_EQ(q.terms, (Strings{"kommun"}));
  EXPECT_EQ(q.prefix, "bær");
}

TEST(SearchParseQuery, HyphenatedInputSplits) {
  const Query q = parse_query("NAV-kont");
  EXPECT_EQ(q.terms, (Strings{"nav"}));
  EXPECT_EQ(q.prefix, "kont");
}

TEST(SearchParseQuery, RepeatedTermsCountOnce) {
  EXPECT_EQ(parse_query("kommune kommunene Kommuner ").terms, (Strings{"kommun"}));
}

TEST(SearchParseQuery, AtMostTwelveTerms) {
  std::string input;
  Strings expected;
  for (int i = 1; i <= 15; ++i) {
    input += "ord" + std::to_string(i) + " ";
    if (expected.size() < kMaxQueryTerms) expected.push_back("ord" + std::to_string(i));
  }
  Query q = parse_query(input);
  EXPECT_EQ(q.terms.size(), 12u);
  EXPECT_EQ(q.terms, expected);
  EXPECT_EQ(q.prefix, "");
  // The word being typed is kept besides the twelve terms.
  q = parse_query(input + "sandef");
  EXPECT_EQ(q.terms, expected);
  EXPECT_EQ(q.prefix, "sandef");
}

TEST(SearchParseQuery, NothingSearchable) {
  EXPECT_TRUE(parse_query("").empty());
  EXPECT_TRUE(parse_query("   ").empty());
  EXPECT_TRUE(parse_query("«»—!?").empty());
  EXPECT_TRUE(Query{}.empty());
}

// ------------------------------------------------------------------------ fts5_match / tsquery

TEST(SearchMatch, Fts5MatchString) {
  EXPECT_EQ(fts5_match(parse_query("entreprenører i sandef")),
            "\"entreprenør\" AND \"i\" AND (\"sandef\" OR \"sandef\"*)");
  EXPECT_EQ(fts5_match(parse_query("entreprenører sandefjord idrettsl")),
            "\"entreprenør\" AND \"sandefjord\" AND (\"idrettsl\" OR \"idrettsl\"*)");
  // A finished last word is matched by its stem too: "kommunene" finds "kommune".
  EXPECT_EQ(fts5_match(parse_query("kommunene")), "(\"kommun\" OR \"kommunene\"*)");
  EXPECT_EQ(fts5_match(parse_query("bær")), "(\"bær\" OR \"bær\"*)");
  EXPECT_EQ(fts5_match(parse_query("idrettslagene ")), "\"idrettslag\"");
  EXPECT_EQ(fts5_match(parse_query("")), "");
  EXPECT_EQ(fts5_match(Query{}), "");
}

TEST(SearchMatch, PgTsqueryString) {
  EXPECT_EQ(pg_tsquery(parse_query("entreprenører sandefjord idrettsl")),
            "'entreprenør' & 'sandefjord' & ('idrettsl' | 'idrettsl':*)");
  EXPECT_EQ(pg_tsquery(parse_query("bær")), "('bær' | 'bær':*)");
  EXPECT_EQ(pg_tsquery(parse_query("idrettslagene ")), "'idrettslag'");
  EXPECT_EQ(pg_tsquery(parse_query(" ")), "");
  EXPECT_EQ(pg_tsquery(Query{}), "");
}

TEST(SearchMatch, QuotesAreEscaped) {
  Query q;
  q.terms = {"a\"b", "c'd\\e"};
  q.prefix = "f\"g'h";
  EXPECT_EQ(fts5_match(q), "\"a\"\"b\" AND \"c'd\\e\" AND (\"f\"\"g'h\" OR \"f\"\"g'h\"*)");
  EXPECT_EQ(pg_tsquery(q), "'a\"b' & 'c''d\\\\e' & ('f\"g''h' | 'f\"g''h':*)");
}

// -------------------------------------------------------------------------------------- sort_key

std::vector<std::string> sorted_by_key(std::vector<std::string> names) {
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
    return sort_key(a) < sort_key(b);
  });
  return names;
}

TEST(SearchSortKey, NorwegianAlphabetOrder) {
  const Strings shuffled = {"Østfold", "Zeta", "Åsen", "Aker", "Ødegård", "Ærlig", "Bodø"};
  EXPECT_EQ(sorted_by_key(shuffled),
            (Strings{"Aker", "Bodø", "Zeta", "Ærlig", "Ødegård", "Østfold", "Åsen"}));
  EXPECT_LT(sort_key("Aker"), sort_key("Zeta"));
  EXPECT_LT(sort_key("Zeta"), sort_key("Ærlig"));
  EXPECT_LT(sort_key("Ærlig"), sort_key("Øst"));
  EXPECT_LT(sort_key("Øst"), sort_key("Åsen"));
}

TEST(SearchSortKey, CaseAndAccentsAreMinorDifferences) {
  EXPECT_EQ(sorted_by_key({"Akershus", "Bø", "Aker", "aker", "bø", "Ås"}),
            (Strings{"aker", "Aker", "Akershus", "bø", "Bø", "Ås"}));
  EXPECT_EQ(sorted_by_key({"Evje", "Éva", "Eva", "Ewa"}), (Strings{"Eva", "Éva", "Evje", "Ewa"}));
  EXPECT_NE(sort_key("aker"), sort_key("Aker"));
  // "aa" is the old spelling of "å" and sorts with it, just after it.
  EXPECT_EQ(sorted_by_key({"Aasen", "Zeta", "Aker", "Åsen", "Åsgard"}),
            (Strings{"Aker", "Zeta", "Åsen", "Aasen", "Åsgard"}));
}

TEST(SearchSortKey, CanonicallyEquivalentSpellingsShareAKey) {
  EXPECT_EQ(sort_key("A\xCC\x8A" "sen"), sort_key("Åsen"));
}

TEST(SearchSortKey, KeysAreRawBytes) {
  const std::string key = sort_key("Åsen");
  ASSERT_FALSE(key.empty());
  EXPECT_NE(key.back(), '\0');  // the C terminator is not part of the key
  // Input is taken by length, not up to the first NUL.
  EXPECT_NE(sort_key(std::string_view("Aker\0Zeta", 9)), sort_key("Aker"));
  // A key with NUL bytes inside survives a std::string copy and compares byte-wise.
  std::string with_nul = key;
  with_nul.insert(with_nul.begin() + 1, '\0');
  const std::string copy = with_nul;
  EXPECT_EQ(copy.size(), key.size() + 1);
  EXPECT_EQ(copy, with_nul);
  EXPECT_EQ(sort_key(""), sort_key(""));
  EXPECT_LT(sort_key(""), sort_key("a"));
}

// --------------------------------------------------------------------------------- threads

TEST(SearchThreads, ConcurrentUseGivesTheSameResults) {
  const std::string text = "Idrettslagene og entreprenørene i Sandefjord kommune, NAV-kontoret";
  const std::string expected_index = index_text({text});
  const std::string expected_match = fts5_match(parse_query(text));
  const std::string expected_key = sort_key(text);
  std::vector<int> failures(4, 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < failures.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        if (index_text({text}) != expected_index) ++failures[t];
        if (fts5_match(parse_query(text)) != expected_match) ++failures[t];
        if (sort_key(text) != expected_key) ++failures[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures, (std::vector<int>{0, 0, 0, 0}));
}

// --------------------------------------------------------------------------- end to end: SQLite

class Sqlite {
 public:
  Sqlite() {
    if (sqlite3_open(":memory:", &db_) != SQLITE_OK) throw std::runtime_error("sqlite3_open");
  }
  ~Sqlite() { sqlite3_close(db_); }
  Sqlite(const Sqlite&) = delete;
  Sqlite& operator=(const Sqlite&) = delete;

  void exec(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
      const std::string message = error ? error : "unknown error";
      sqlite3_free(error);
      throw std::runtime_error(message);
    }
  }

  struct StmtDeleter {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
  };
  using Stmt = std::unique_ptr<sqlite3_stmt, StmtDeleter>;

  Stmt prepare(const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr) != SQLITE_OK) {
      throw std::runtime_error(sqlite3_errmsg(db_));
    }
    return Stmt(stmt);
  }

  void insert(std::int64_t id, const std::string& name, const std::string& body) {
    Stmt stmt = prepare("INSERT INTO docs(id, name, search_text, name_key) VALUES (?, ?, ?, ?)");
    const std::string text = index_text({name, body});
    const std::string key = sort_key(name);
    sqlite3_bind_int64(stmt.get(), 1, id);
    sqlite3_bind_text(stmt.get(), 2, name.data(), static_cast<int>(name.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt.get(), 3, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    sqlite3_bind_blob(stmt.get(), 4, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
    if (sqlite3_step(stmt.get()) != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(db_));
  }

  std::vector<std::int64_t> search(std::string_view user_input) {
    const std::string match = fts5_match(parse_query(user_input));
    Stmt stmt = prepare("SELECT rowid FROM docs_fts WHERE docs_fts MATCH ? ORDER BY rowid");
    sqlite3_bind_text(stmt.get(), 1, match.data(), static_cast<int>(match.size()),
                      SQLITE_TRANSIENT);
    std::vector<std::int64_t> ids;
    int rc;
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
      ids.push_back(sqlite3_column_int64(stmt.get(), 0));
    }
    if (rc != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(db_));
    return ids;
  }

  Strings names_in_key_order() {
    Stmt stmt = prepare("SELECT name FROM docs ORDER BY name_key");
    Strings names;
    while (sqlite3_step(stmt.get()) == SQLITE_ROW) {
      names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt.get(), 0)));
    }
    return names;
  }

  std::string key_of(std::int64_t id) {
    Stmt stmt = prepare("SELECT name_key FROM docs WHERE id = ?");
    sqlite3_bind_int64(stmt.get(), 1, id);
    if (sqlite3_step(stmt.get()) != SQLITE_ROW) throw std::runtime_error("no such row");
    const void* blob = sqlite3_column_blob(stmt.get(), 0);
    const int size = sqlite3_column_bytes(stmt.get(), 0);
    return std::string(static_cast<const char*>(blob), static_cast<std::size_t>(size));
  }

 private:
  sqlite3* db_ = nullptr;
};

class SearchSqlite : public ::testing::Test {
 protected:
  void SetUp() override {
    db_.exec(
        "CREATE TABLE docs (id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        "  search_text TEXT NOT NULL, name_key BLOB NOT NULL);"
        "CREATE VIRTUAL TABLE docs_fts USING fts5(search_text, content='docs',"
        "  content_rowid='id', tokenize='unicode61 remove_diacritics 0', prefix='3 4');"
        "CREATE TRIGGER docs_ai AFTER INSERT ON docs BEGIN"
        "  INSERT INTO docs_fts(rowid, search_text) VALUES (new.id, new.search_text);"
        "END;");
    db_.insert(1, "Åsen entreprenører", "Vi samler entreprenører i Sandefjord og Larvik.");
    db_.insert(2, "Aker idrettslag", "Idrettslagene i Oslo og entreprenøren i Sandnes.");
    db_.insert(3, "Ødegård frivillighetssentral", "Frivillige i Sandefjord kommune.");
    db_.insert(4, "Zeta AS", "En entreprenør i Sandefjord søker NAV-kontoret.");
    db_.insert(5, "Ærlig handel", "Kommunene i Vestfold: Sandefjord, Larvik og Færder.");
    db_.insert(6, "Bodø kommune", "Étude om Østfold. Bærum, Ålesund.");
  }

  Sqlite db_;
};

TEST_F(SearchSqlite, StemmedTermsAndPrefix) {
  EXPECT_EQ(db_.search("entreprenører i sandef"), (std::vector<std::int64_t>{1, 4}));
  EXPECT_EQ(db_.search("Entreprenøren i Sandefjord "), (std::vector<std::int64_t>{1, 4}));
  EXPECT_EQ(db_.search("idrettsl"), (std::vector<std::int64_t>{2}));
  EXPECT_EQ(db_.search("idrettslag "), (std::vector<std::int64_t>{2}));
  EXPECT_EQ(db_.search("kommune "), (std::vector<std::int64_t>{3, 5, 6}));
  EXPECT_EQ(db_.search("frivillig "), (std::vector<std::int64_t>{3}));
}

TEST_F(SearchSqlite, NorwegianLettersAndDiacritics) {
  EXPECT_EQ(db_.search("BÆR"), (std::vector<std::int64_t>{6}));
  EXPECT_EQ(db_.search("østf"), (std::vector<std::int64_t>{6}));
  EXPECT_EQ(db_.search("ålesund "), (std::vector<std::int64_t>{6}));
  EXPECT_EQ(db_.search("étude"), (std::vector<std::int64_t>{6}));
  EXPECT_TRUE(db_.search("etude").empty());  // diacritics are kept, as designed
  EXPECT_EQ(db_.search("nav-kontor"), (std::vector<std::int64_t>{4}));
}

TEST_F(SearchSqlite, UnmatchedWordsFindNothing) {
  EXPECT_TRUE(db_.search("entreprenør bergen ").empty());
  EXPECT_TRUE(db_.search("sandefjordx").empty());
}

TEST_F(SearchSqlite, BlobSortKeysGiveNorwegianOrder) {
  EXPECT_EQ(db_.names_in_key_order(),
            (Strings{"Aker idrettslag", "Bodø kommune", "Zeta AS", "Ærlig handel",
                     "Ødegård frivillighetssentral", "Åsen entreprenører"}));
  EXPECT_EQ(db_.key_of(1), sort_key("Åsen entreprenører"));
}

}  // namespace
