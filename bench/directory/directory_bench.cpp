// Directory at scale: fills a database with N generated organisations (default 10 000) and
// measures search latency (p50/p99) for one-word and prefix queries with a filter.
// Usage: samskap_bench_directory DATABASE_URL [N]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "directory/reference_store.hpp"
#include "directory/rules.hpp"
#include "directory/store.hpp"
#include "platform/core/clock.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrate.hpp"
#include "platform/search/text.hpp"

using namespace samskap;

namespace {

const char* kFirst[] = {"Grønn", "Sosial", "Lokal", "Nye", "Aktiv", "Åpen", "Felles", "Kyst", "Fjell", "Bygde",
                        "Ung", "Trygg", "Varm", "Ærlig", "Østre", "Nord", "Sør", "Vest", "Midt", "Elve"};
const char* kSecond[] = {"arbeid", "omsorg", "hage", "verksted", "kafé", "læring", "idrett", "kultur", "mat",
                         "sykkel", "gjenbruk", "veiledning", "mentor", "bolig", "dans", "musikk", "tekstil",
                         "tre", "data", "natur"};
const char* kThird[] = {"AS", "SA", "stiftelse", "forening", "lag", "senter", "kollektiv", "partner", "nettverk", "gruppe"};
const char* kWords[] = {"unge", "eldre", "inkludering", "arbeidstrening", "frivillige", "entreprenører", "kommunene",
                        "idrettslagene", "familier", "innvandrere", "pårørende", "mestring", "fellesskap",
                        "ensomhet", "gjenbruk", "miljø", "skole", "helse", "rusfrihet", "boliger"};

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * (v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "bruk: %s DATABASE_URL [antall]\n", argv[0]);
    return 2;
  }
  const std::string source = SAMSKAP_SOURCE_DIR;
  int n = argc > 2 ? std::atoi(argv[2]) : 10000;
  auto conn = db::connect(db::parse_url(argv[1]));
  db::migrate(*conn, std::filesystem::path(source) / "migrations");
  directory::sync_reference(*conn, std::filesystem::path(source) / "content" / "reference");
  auto ref = directory::load_reference(*conn);

  std::mt19937 rng(42);
  auto pick = [&](auto& arr) { return arr[rng() % (sizeof(arr) / sizeof(arr[0]))]; };
  auto existing = directory::store::count_organisations(*conn);
  auto t0 = std::chrono::steady_clock::now();
  {
    db::Transaction tx(*conn);
    auto now = clock::now_iso();
    for (int i = existing; i < n; ++i) {
      directory::Organisation o;
      o.name = std::string(pick(kFirst)) + pick(kSecond) + " " + pick(kThird) + " " + std::to_string(i);
      o.kind = i % 10 == 0 ? "volunteer_organisation" : "social_enterprise";
      const auto& m = ref->municipalities[rng() % ref->municipalities.size()];
      o.municipality_number = m.number;
      o.municipalities = {m.number};
      o.short_description = std::string("Vi arbeider med ") + pick(kWords) + ", " + pick(kWords) + " og " + pick(kWords) +
                            " i " + m.name + ".";
      o.service_areas = {ref->service_areas[rng() % ref->service_areas.size()].key};
      o.target_groups = {ref->target_groups[rng() % ref->target_groups.size()].key};
      o.status = i % 3 ? "verified" : "unverified";
      o.created_at = o.updated_at = now;
      directory::check_organisation(o, *ref);
      directory::store::create(*conn, o, directory::search_text_for(o, *ref), search::sort_key(o.name));
    }
    tx.commit();
  }
  // Fresh statistics, as autovacuum (PostgreSQL) or PRAGMA optimize (SQLite) would keep them.
  conn->exec(conn->engine() == db::Engine::postgresql ? "ANALYZE" : "PRAGMA optimize");
  auto load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("organisasjoner: %lld (lagt til %lld på %.1f s)\n", static_cast<long long>(std::max<long long>(n, existing)),
              static_cast<long long>(std::max(0LL, static_cast<long long>(n - existing))), load_s);

  struct Case {
    const char* label;
    std::vector<std::string> queries;
    bool county_filter;
  };
  std::vector<Case> cases = {
      {"ett ord (stammet) + fylke", {"entreprenør", "kommunene", "idrettslagene", "familier", "gjenbruk"}, true},
      {"prefiks + fylke", {"inklu", "arbeidstr", "fellessk", "ensom", "pårør"}, true},
      {"ett ord, ingen filter", {"eldre", "helse", "skole", "miljø", "mestring"}, false},
      {"første side, uten søk", {""}, false},
  };
  for (auto& c : cases) {
    std::vector<double> ms;
    long long hits = 0;
    for (int round = 0; round < 40; ++round)
      for (auto& q : c.queries) {
        directory::Filter f;
        f.q = q;
        if (c.county_filter) f.county = ref->counties[round % ref->counties.size()].number;
        auto s = std::chrono::steady_clock::now();
        int rows = 0;
        hits += directory::store::list(*conn, f, 0, 50, [&](const db::Row&) { ++rows; });
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s).count());
      }
    std::printf("%-28s p50 %6.2f ms  p99 %6.2f ms  (%zu spørringer, snitt %lld treff)\n", c.label, percentile(ms, 0.5),
                percentile(ms, 0.99), ms.size(), hits / static_cast<long long>(ms.size()));
  }
  return 0;
}
