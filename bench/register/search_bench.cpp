// Search latency over an imported register: store::search() as the autocomplete endpoint calls
// it, in process (no HTTP), on one connection like one request's.
//
//   search_bench DATABASE_URL [QUERIES_PER_KIND]
//
// Queries are drawn from the table itself: a word of a random unit's name, either complete
// ("idrettslag ", one-word) or cut to a prefix of 3 or more letters ("idrett", as typed), each
// with the unit's municipality as the filter and without a filter. Prints p50/p99/max per kind.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "directory/register/store.hpp"
#include "platform/db/database.hpp"
#include "platform/search/text.hpp"

namespace {

using namespace samskap;

struct Kind {
  const char* name;
  std::vector<std::pair<std::string, std::string>> queries;  // (text, municipality)
  std::vector<double> ms;
  std::size_t hits = 0;
};

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t i = std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())));
  return v[i];
}

// The byte length of the first n code points of s.
std::size_t utf8_prefix(const std::string& s, std::size_t n) {
  std::size_t i = 0;
  for (std::size_t cp = 0; i < s.size() && cp < n; ++cp) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
  }
  return i;
}

std::size_t utf8_length(const std::string& s) {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "bruk: %s DATABASE_URL [SØK_PER_TYPE]\n", argv[0]);
    return 2;
  }
  const int per_kind = argc > 2 ? std::atoi(argv[2]) : 2000;
  auto conn = db::connect(db::parse_url(argv[1]));
  const std::int64_t units = conn->scalar_int("SELECT count(*) FROM register_units WHERE removed_at IS NULL").value_or(0);
  if (units == 0) {
    std::fprintf(stderr, "registeret er tomt\n");
    return 1;
  }

  std::mt19937_64 rng(20241123);
  Kind kinds[] = {{"ett ord + kommune"}, {"prefiks + kommune"}, {"ett ord"}, {"prefiks"}};
  // Sample units by organisation number: the table is keyed on it, so a random number between
  // the lowest and highest and the next unit from there is a cheap random pick.
  const std::string lo = *conn->scalar_text("SELECT min(orgnr) FROM register_units");
  const std::string hi = *conn->scalar_text("SELECT max(orgnr) FROM register_units");
  std::uniform_int_distribution<long long> pick(std::stoll(lo), std::stoll(hi));
  while (kinds[0].queries.size() < static_cast<std::size_t>(per_kind)) {
    std::string name, municipality;
    char from[16];
    std::snprintf(from, sizeof from, "%09lld", pick(rng));
    conn->one(
        "SELECT name, coalesce(municipality_number, '') FROM register_units "
        "WHERE orgnr >= ? AND removed_at IS NULL ORDER BY orgnr LIMIT 1",
        {std::string(from)}, [&](const db::Row& r) {
          name = r.str(0);
          municipality = r.str(1);
        });
    std::vector<std::string> words = search::words(name);
    words.erase(std::remove_if(words.begin(), words.end(), [](const std::string& w) { return utf8_length(w) < 3; }),
                words.end());
    if (words.empty() || municipality.size() != 4) continue;
    const std::string& word = words[rng() % words.size()];
    const std::size_t length = utf8_length(word);
    const std::size_t cut = 3 + (length > 3 ? rng() % (length - 3 + 1) : 0);
    const std::string prefix = word.substr(0, utf8_prefix(word, std::min(cut, length)));
    kinds[0].queries.emplace_back(word + " ", municipality);
    kinds[1].queries.emplace_back(prefix, municipality);
    kinds[2].queries.emplace_back(word + " ", "");
    kinds[3].queries.emplace_back(prefix, "");
  }

  // One untimed pass so that the figures are those of a warm server, then the timed pass with
  // the kinds interleaved.
  for (Kind& k : kinds)
    for (std::size_t i = 0; i < k.queries.size(); i += 10)
      directory::registry::store::search(*conn, k.queries[i].first, k.queries[i].second, 10);
  for (std::size_t i = 0; i < static_cast<std::size_t>(per_kind); ++i) {
    for (Kind& k : kinds) {
      const auto& [text, municipality] = k.queries[i];
      const auto t0 = std::chrono::steady_clock::now();
      const auto hits = directory::registry::store::search(*conn, text, municipality, 10);
      const auto t1 = std::chrono::steady_clock::now();
      k.ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
      k.hits += hits.size();
    }
  }

  std::printf("søk i %lld aktive enheter, %d søk per type (10 treff, navnesøk som i autofullføringen)\n",
              static_cast<long long>(units), per_kind);
  std::printf("  %-20s %9s %9s %9s %12s\n", "type", "p50 ms", "p99 ms", "maks ms", "snitt treff");
  bool ok = true;
  for (const Kind& k : kinds) {
    const double p99 = percentile(k.ms, 0.99);
    ok = ok && p99 < 10.0;
    std::printf("  %-20s %9.3f %9.3f %9.3f %12.1f\n", k.name, percentile(k.ms, 0.50), p99,
                *std::max_element(k.ms.begin(), k.ms.end()),
                static_cast<double>(k.hits) / static_cast<double>(k.ms.size()));
  }
  std::printf("  mål p99 < 10 ms: %s\n", ok ? "nådd" : "IKKE nådd");
  if (std::getenv("SEARCH_BENCH_SLOWEST")) {
    std::vector<std::tuple<double, std::string, std::string>> all;
    for (const Kind& k : kinds)
      for (std::size_t i = 0; i < k.ms.size(); ++i) all.emplace_back(k.ms[i], k.queries[i].first, k.queries[i].second);
    std::sort(all.rbegin(), all.rend());
    for (std::size_t i = 0; i < 15 && i < all.size(); ++i)
      std::printf("  %8.3f ms  «%s» %s\n", std::get<0>(all[i]), std::get<1>(all[i]).c_str(), std::get<2>(all[i]).c_str());
  }
  return 0;
}
