#include "platform/search/text.hpp"

#include <libstemmer.h>
#include <unicode/brkiter.h>
#include <unicode/coll.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <utility>

namespace samskap::search {
namespace {

void check_icu(UErrorCode status, const char* what) {
  if (U_FAILURE(status)) {
    throw std::runtime_error(std::string("ICU ") + what + ": " + u_errorName(status));
  }
}

icu::UnicodeString from_utf8(std::string_view utf8) {
  if (utf8.size() > static_cast<std::size_t>(std::numeric_limits<int32_t>::max())) {
    throw std::length_error("search text longer than 2 GiB");
  }
  return icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
}

std::string to_utf8(const icu::UnicodeString& text, int32_t start, int32_t end) {
  std::string out;
  text.tempSubStringBetween(start, end).toUTF8String(out);
  return out;
}

// Case-folded and NFC-normalised (folding can leave text unnormalised).
icu::UnicodeString folded(std::string_view utf8) {
  icu::UnicodeString text = from_utf8(utf8);
  text.foldCase(U_FOLD_CASE_DEFAULT);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  check_icu(status, "NFC normaliser");
  if (nfc->isNormalized(text, status) && U_SUCCESS(status)) return text;
  status = U_ZERO_ERROR;
  icu::UnicodeString normalised = nfc->normalize(text, status);
  check_icu(status, "NFC normalisation");
  return normalised;
}

// Word-break iterators are expensive to create and hold per-text state: one per thread.
// It keeps a reference to the last text it was given; every use starts with setText().
icu::BreakIterator& word_breaker() {
  thread_local const std::unique_ptr<icu::BreakIterator> breaker = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> created(
        icu::BreakIterator::createWordInstance(icu::Locale("nb"), status));
    check_icu(status, "word break iterator");
    if (!created) throw std::bad_alloc();
    return created;
  }();
  return *breaker;
}

// One word of a folded text: UTF-16 offsets [start, end).
struct Piece {
  int32_t start;
  int32_t end;
  std::size_t code_points;
};

constexpr uint32_t kTokenMask = U_GC_L_MASK | U_GC_M_MASK | U_GC_ND_MASK;
constexpr uint32_t kAlnumMask = U_GC_L_MASK | U_GC_ND_MASK;

// Splits one ICU word segment into runs of letters, marks and digits; keeps the runs that
// hold a letter or digit and are not too long.
void split_segment(const icu::UnicodeString& text, int32_t from, int32_t to,
                   std::vector<Piece>& pieces) {
  const char16_t* buffer = text.getBuffer();
  int32_t run_start = -1;
  std::size_t run_length = 0;
  bool run_has_alnum = false;
  auto close_run = [&](int32_t end) {
    if (run_start >= 0 && run_has_alnum && run_length <= kMaxWordLength) {
      pieces.push_back(Piece{run_start, end, run_length});
    }
    run_start = -1;
    run_length = 0;
    run_has_alnum = false;
  };
  int32_t i = from;
  while (i < to) {
    const int32_t at = i;
    UChar32 c;
    U16_NEXT(buffer, i, to, c);
    const uint32_t category = U_GET_GC_MASK(c);
    if ((category & kTokenMask) == 0) {
      close_run(at);
      continue;
    }
    if (run_start < 0) run_start = at;
    ++run_length;
    if ((category & kAlnumMask) != 0) run_has_alnum = true;
  }
  close_run(to);
}

std::vector<Piece> split_words(const icu::UnicodeString& text) {
  std::vector<Piece> pieces;
  if (text.isEmpty()) return pieces;
  icu::BreakIterator& breaker = word_breaker();
  breaker.setText(text);
  int32_t start = breaker.first();
  for (int32_t end = breaker.next(); end != icu::BreakIterator::DONE;
       start = end, end = breaker.next()) {
    split_segment(text, start, end, pieces);
  }
  return pieces;
}

struct StemmerDeleter {
  void operator()(sb_stemmer* stemmer) const { sb_stemmer_delete(stemmer); }
};

// Snowball stemmers keep state between calls: one per thread, freed at thread exit.
sb_stemmer* norwegian_stemmer() {
  thread_local const std::unique_ptr<sb_stemmer, StemmerDeleter> stemmer = [] {
    sb_stemmer* created = sb_stemmer_new("norwegian", "UTF_8");
    if (created == nullptr) throw std::runtime_error("Snowball norwegian stemmer unavailable");
    return std::unique_ptr<sb_stemmer, StemmerDeleter>(created);
  }();
  return stemmer.get();
}

// Collects tokens once each, in first-seen order, joined by single spaces.
class TokenJoiner {
 public:
  void add(std::string token) {
    if (token.empty() || seen_.count(token) != 0) return;
    if (!out_.empty()) out_ += ' ';
    out_ += token;
    seen_.insert(std::move(token));
  }
  void add_field(std::string_view field) {
    for (std::string& word : words(field)) {
      std::string stemmed = stem(word);
      const bool differs = stemmed != word;
      add(std::move(stemmed));
      if (differs) add(std::move(word));
    }
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
  std::unordered_set<std::string> seen_;
};

// Doubles every occurrence of quote; with escape_backslash also doubles backslashes.
void append_quoted(std::string& out, std::string_view token, char quote, bool escape_backslash) {
  out += quote;
  for (const char c : token) {
    if (c == quote || (escape_backslash && c == '\\')) out += (c == quote ? quote : '\\');
    out += c;
  }
  out += quote;
}

std::string join_query(const Query& query, std::string_view separator, std::string_view alternative, char quote,
                       bool escape_backslash, std::string_view prefix_marker) {
  std::string out;
  for (const std::string& term : query.terms) {
    if (!out.empty()) out += separator;
    append_quoted(out, term, quote, escape_backslash);
  }
  if (!query.prefix.empty()) {
    // The last word may be finished ("kommunene", submitted) or still being typed ("kommu"):
    // match its stem as a word, or the word itself as a prefix.
    if (!out.empty()) out += separator;
    const std::string stemmed = stem(query.prefix);
    out += '(';
    append_quoted(out, stemmed, quote, escape_backslash);
    out += alternative;
    append_quoted(out, query.prefix, quote, escape_backslash);
    out += prefix_marker;
    out += ')';
  }
  return out;
}

const icu::Collator& norwegian_collator_prototype() {
  static const std::unique_ptr<icu::Collator> prototype = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Collator> created(
        icu::Collator::createInstance(icu::Locale("nb"), status));
    check_icu(status, "nb collator");
    if (!created) throw std::bad_alloc();
    created->setStrength(icu::Collator::TERTIARY);
    // Canonically equivalent spellings ("A" + combining ring, "Å") get the same key.
    created->setAttribute(UCOL_NORMALIZATION_MODE, UCOL_ON, status);
    check_icu(status, "collator normalisation mode");
    return created;
  }();
  return *prototype;
}

// Cloning shares the collation data; a clone per thread avoids any locking.
const icu::Collator& norwegian_collator() {
  thread_local const std::unique_ptr<icu::Collator> collator = [] {
    std::unique_ptr<icu::Collator> clone(norwegian_collator_prototype().clone());
    if (!clone) throw std::bad_alloc();
    return clone;
  }();
  return *collator;
}

}  // namespace

std::string fold(std::string_view utf8) {
  std::string out;
  folded(utf8).toUTF8String(out);
  return out;
}

std::vector<std::string> words(std::string_view utf8) {
  const icu::UnicodeString text = folded(utf8);
  const std::vector<Piece> pieces = split_words(text);
  std::vector<std::string> out;
  out.reserve(pieces.size());
  for (const Piece& piece : pieces) out.push_back(to_utf8(text, piece.start, piece.end));
  return out;
}

std::string stem(std::string_view folded_word) {
  if (folded_word.empty()) return {};
  if (folded_word.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw std::length_error("word too long to stem");
  }
  sb_stemmer* stemmer = norwegian_stemmer();
  const sb_symbol* stemmed =
      sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(folded_word.data()),
                      static_cast<int>(folded_word.size()));
  if (stemmed == nullptr) throw std::bad_alloc();
  return std::string(reinterpret_cast<const char*>(stemmed),
                     static_cast<std::size_t>(sb_stemmer_length(stemmer)));
}

std::string index_text(std::initializer_list<std::string_view> fields) {
  TokenJoiner joiner;
  for (const std::string_view field : fields) joiner.add_field(field);
  return joiner.take();
}

std::string index_text(const std::vector<std::string>& fields) {
  TokenJoiner joiner;
  for (const std::string& field : fields) joiner.add_field(field);
  return joiner.take();
}

Query parse_query(std::string_view user_input) {
  Query query;
  const icu::UnicodeString text = folded(user_input);
  const std::vector<Piece> pieces = split_words(text);
  std::size_t complete = pieces.size();
  if (!pieces.empty()) {
    const Piece& last = pieces.back();
    if (last.end == text.length() && last.code_points >= kMinPrefixLength) {
      query.prefix = to_utf8(text, last.start, last.end);
      --complete;
    }
  }
  std::unordered_set<std::string> seen;
  for (std::size_t i = 0; i < complete && query.terms.size() < kMaxQueryTerms; ++i) {
    std::string term = stem(to_utf8(text, pieces[i].start, pieces[i].end));
    if (term.empty() || !seen.insert(term).second) continue;
    query.terms.push_back(std::move(term));
  }
  return query;
}

std::string fts5_match(const Query& query) {
  return join_query(query, " AND ", " OR ", '"', false, "*");
}

std::string pg_tsquery(const Query& query) {
  return join_query(query, " & ", " | ", '\'', true, ":*");
}

std::string sort_key(std::string_view utf8) {
  const icu::UnicodeString text = from_utf8(utf8);
  const icu::Collator& collator = norwegian_collator();
  std::string key(static_cast<std::size_t>(text.length()) * 3 + 16, '\0');
  int32_t length = collator.getSortKey(text, reinterpret_cast<uint8_t*>(key.data()),
                                       static_cast<int32_t>(key.size()));
  if (length > static_cast<int32_t>(key.size())) {
    key.resize(static_cast<std::size_t>(length));
    length = collator.getSortKey(text, reinterpret_cast<uint8_t*>(key.data()), length);
  }
  if (length <= 0) throw std::runtime_error("ICU could not make a sort key");
  key.resize(static_cast<std::size_t>(length));
  // ICU ends keys with a 0 byte (for strcmp); byte-wise comparison does not need it.
  if (!key.empty() && key.back() == '\0') key.pop_back();
  return key;
}

}  // namespace samskap::search
