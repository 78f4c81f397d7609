#pragma once
// Norwegian text search, done in C++ so that SQLite and PostgreSQL behave the same.
//
// Documents: index_text() folds, splits and stems the searchable fields into one string of
// space-separated tokens, stored in a `search_text` column. SQLite indexes that column with
// FTS5 (tokenize='unicode61 remove_diacritics 0'), PostgreSQL with
// to_tsvector('simple', search_text). Tokens hold only letters, combining marks and decimal
// digits, so both engines split them exactly as we did.
//
// Queries: parse_query() normalises user input the same way; fts5_match() and pg_tsquery()
// turn the result into an FTS5 MATCH string or a string for to_tsquery('simple', ?), both
// meant to be bound as parameters.
//
// Sorting: sort_key() gives an ICU Norwegian bokmål collation key (… Z Æ Ø Å); comparing
// keys byte by byte (BLOB / bytea ORDER BY, std::string operator<) gives Norwegian order.
//
// All functions are thread-safe. Invalid UTF-8 is read as U+FFFD.
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace samskap::search {

// Words longer than this (in code points) are ignored when indexing and querying: they are
// not language, and PostgreSQL skips lexemes over 2047 bytes (with a notice).
inline constexpr std::size_t kMaxWordLength = 128;
// A query uses at most this many complete words (after removing repeats), plus the prefix.
inline constexpr std::size_t kMaxQueryTerms = 12;
// A last word shorter than this (in code points) is searched as a complete word, not as a
// prefix: ranking one- and two-letter prefixes is too expensive on large tables.
inline constexpr std::size_t kMinPrefixLength = 3;

// Full Unicode case folding, NFC-normalised. Diacritics are kept: "Ærlig É" -> "ærlig é".
std::string fold(std::string_view utf8);

// The folded words of a text, in order. Word boundaries are ICU's (locale nb); a word is
// then split at any character that is not a letter, combining mark or decimal digit
// ("NAV-kontoret" -> "nav", "kontoret"; "3.5" -> "3", "5"), and only pieces holding a letter
// or digit are kept.
std::vector<std::string> words(std::string_view utf8);

// The Snowball "norwegian" stem of a folded word: "idrettslagene" -> "idrettslag".
std::string stem(std::string_view folded_word);

// The search_text value for a document: for every word of every field its stem, followed by
// the folded word itself when that differs (so prefixes of unstemmed words match). Tokens
// appear once, in first-seen order, separated by single spaces.
std::string index_text(std::initializer_list<std::string_view> fields);
std::string index_text(const std::vector<std::string>& fields);

struct Query {
  std::vector<std::string> terms;  // stems of complete words, distinct, at most kMaxQueryTerms
  std::string prefix;              // folded, unstemmed word being typed; may be empty
  bool empty() const { return terms.empty() && prefix.empty(); }
};

// Every word of the input is a term (its stem), except the last word when the user is still
// typing it: it reaches the very end of the input (no trailing space or punctuation) and is
// at least kMinPrefixLength code points long. That word becomes the prefix.
// "entreprenører i sandef" -> terms {"entreprenør", "i"}, prefix "sandef".
Query parse_query(std::string_view user_input);

// FTS5 MATCH expression: "entreprenør" AND "i" AND "sandef"*. Empty for an empty query.
std::string fts5_match(const Query& query);

// Text for to_tsquery('simple', $1): 'entreprenør' & 'i' & 'sandef':*. Empty for an empty
// query (do not pass that to to_tsquery: skip the search instead).
std::string pg_tsquery(const Query& query);

// ICU collation key (locale nb, tertiary strength) as raw bytes; store it as BLOB / bytea
// and compare byte-wise (shorter first on a common prefix, as SQLite and PostgreSQL do).
// That gives Norwegian order: "aker" < "Aker" < "Akershus" < "Zeta" < "Ærlig" < "Øst" <
// "Åsen" < "Aasen" (case and accents only break ties; "aa" sorts as "å"). Canonically
// equivalent spellings get the same key. The key has no trailing NUL.
std::string sort_key(std::string_view utf8);

}  // namespace samskap::search
