// Matching at scale: fills a database with N generated published solutions (default 10 000) from
// 500 social enterprises, and 60 published needs, then measures the latency (p50/p99) of
// matching::for_need (solutions and enterprises for one need) and matching::for_organisation.
// Usage: samskap_bench_matching DATABASE_URL [N]
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "directory/reference_store.hpp"
#include "directory/rules.hpp"
#include "directory/store.hpp"
#include "needs/matching.hpp"
#include "needs/solution_store.hpp"
#include "needs/solutions.hpp"
#include "needs/store.hpp"
#include "platform/core/clock.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrate.hpp"
#include "platform/search/text.hpp"

using namespace samskap;

namespace {

// Words of the domain, most common first, and compounds of the prefixes and suffixes below (as
// Norwegian makes them); texts draw from the whole vocabulary with Zipf's law (the r-th most
// common word about 1/r as often as the most common one).
const char* kWords[] = {
    "unge", "arbeid", "oppfølging", "tilbud", "kommunen", "eldre", "pårørende", "arbeidstrening", "skole",
    "fellesskap", "mestring", "helse", "frivillige", "inkludering", "familier", "barn", "innvandrere", "språk",
    "bolig", "veiledning", "mentor", "aktivitet", "ensomhet", "demens", "sykehjem", "idrett", "fritid",
    "utdanning", "jobb", "praksis", "kafé", "kantine", "verksted", "gård", "natur", "friluftsliv", "gjenbruk",
    "reparasjon", "sykler", "tekstil", "mat", "måltider", "besøksvenner", "avlastning", "dagtilbud", "rus",
    "psykisk", "erfaringskonsulenter", "boveiledning", "løslatelse", "fengsel", "soning", "tilbakefall",
    "norskopplæring", "kvinner", "flyktninger", "nyankomne", "lavinntekt", "utstyrslån", "foreninger", "lag",
    "musikk", "kultur", "dans", "teater", "digital", "kompetanse", "kurs", "samtalegrupper", "kunnskap",
    "hjemmeboende", "omsorg", "livsglede", "hverdagen", "nabolag", "nærmiljø", "møteplass", "trygghet",
    "selvstendighet", "mestringstro", "motivasjon", "karriere", "lærling", "fagbrev", "videregående",
    "avbrutt", "arbeidserfaring", "ferdigheter", "sosial", "entreprenør", "bedrift", "samarbeid", "partnerskap",
    "resultater", "måling", "effekt", "evaluering", "forskning", "kvalitet", "tjenester", "brukere",
    "deltakere", "ungdom", "voksne", "seniorer", "funksjonsnedsettelse", "tilrettelegging", "rehabilitering",
    "trening", "bevegelse", "folkehelse", "ernæring", "søvn", "skjermtid", "skolevegring", "fravær", "lekser",
    "leksehjelp", "mentorordning", "fadder", "bydel", "distrikt", "bygd", "by", "kyst", "fjell", "transport",
    "kjøring", "sjåfør", "førerkort", "renhold", "bygg", "snekker", "elektro", "butikk", "salg", "kundeservice",
    "logistikk", "lager", "hage", "grønnsaker", "dyr", "hester", "fiske", "båt", "turer", "leir", "sommerjobb",
    "ferie", "helg", "kveld", "hjemme", "nettverk", "likepersoner", "erfaring", "medvirkning", "stemme"};
const char* kPrefixes[] = {"arbeids", "helse", "bolig", "skole", "fritids", "språk", "jobb", "omsorgs", "mestrings",
                           "aktivitets", "familie", "ungdoms", "nærmiljø", "kultur", "natur", "kompetanse", "lærings",
                           "veilednings", "samarbeids", "trenings"};
const char* kSuffixes[] = {"tilbud", "trening", "senter", "gruppe", "kurs", "plass", "program", "arena", "verksted",
                           "team", "nettverk", "møte", "hjelp", "plan", "modell", "prosjekt", "veileder", "kafé",
                           "dag", "uke"};

// CPU time of this thread: on SQLite all of matching's work, whatever else the machine is doing.
double cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * (v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "bruk: %s DATABASE_URL [antall løsninger]\n", argv[0]);
    return 2;
  }
  const std::string source = SAMSKAP_SOURCE_DIR;
  const int n = argc > 2 ? std::atoi(argv[2]) : 10000;
  auto conn = db::connect(db::parse_url(argv[1]));
  db::migrate(*conn, std::filesystem::path(source) / "migrations");
  directory::sync_reference(*conn, std::filesystem::path(source) / "content" / "reference");
  auto ref = directory::load_reference(*conn);

  std::mt19937 rng(42);
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<std::string> vocabulary(std::begin(kWords), std::end(kWords));
  for (auto* p : kPrefixes)
    for (auto* x : kSuffixes) vocabulary.push_back(std::string(p) + x);
  std::shuffle(vocabulary.begin() + 40, vocabulary.end(), rng);  // the first 40 stay the commonest
  std::vector<double> cumulative;
  double total = 0;
  for (std::size_t r = 0; r < vocabulary.size(); ++r) cumulative.push_back(total += 1.0 / double(r + 1));
  auto word = [&] {
    auto it = std::lower_bound(cumulative.begin(), cumulative.end(), unit(rng) * total);
    return vocabulary[std::min(vocabulary.size() - 1, static_cast<std::size_t>(it - cumulative.begin()))];
  };
  auto text = [&](int words) {
    std::string s;
    for (int i = 0; i < words; ++i) s += (i ? " " : "") + word();
    return s;
  };
  auto pick = [&](const auto& list) -> const auto& { return list[rng() % list.size()]; };
  auto now = clock::now_iso();

  const auto existing = conn->scalar_int("SELECT COUNT(*) FROM solutions").value_or(0);
  std::vector<std::int64_t> enterprises, owners, need_ids;
  auto t0 = std::chrono::steady_clock::now();
  {
    db::Transaction tx(*conn);
    if (existing < n) {
      for (int i = 0; i < 500; ++i) {
        directory::Organisation o;
        o.name = "Sosialt foretak " + std::to_string(i) + " " + word();
        o.kind = "social_enterprise";
        o.status = "verified";
        const auto& m = pick(ref->municipalities);
        o.municipality_number = m.number;
        o.municipalities = {m.number, pick(ref->municipalities).number};
        o.short_description = text(12);
        o.service_areas = {pick(ref->service_areas).key};
        o.target_groups = {pick(ref->target_groups).key};
        o.created_at = o.updated_at = now;
        enterprises.push_back(
            directory::store::create(*conn, o, directory::search_text_for(o, *ref), search::sort_key(o.name)));
      }
      for (int i = 0; i < 20; ++i) {
        directory::Organisation o;
        o.name = "Kommune " + std::to_string(i);
        o.kind = "municipality";
        o.status = "verified";
        o.municipality_number = pick(ref->municipalities).number;
        o.created_at = o.updated_at = now;
        owners.push_back(
            directory::store::create(*conn, o, directory::search_text_for(o, *ref), search::sort_key(o.name)));
      }
      for (auto i = existing; i < n; ++i) {
        needs::solution_store::Solution s;
        s.organisation_id = enterprises[static_cast<std::size_t>(i) % enterprises.size()];
        s.title = word() + " og " + word() + " for " + word();
        s.summary = text(20);
        s.description = text(60);
        s.audience = text(6);
        s.service_areas = {pick(ref->service_areas).key};
        if (rng() % 2) s.service_areas.push_back(pick(ref->service_areas).key);
        s.target_groups = {pick(ref->target_groups).key};
        if (rng() % 2) s.target_groups.push_back(pick(ref->target_groups).key);
        s.nationwide = rng() % 20 == 0;
        if (!s.nationwide)
          for (int k = 0, places = 1 + static_cast<int>(rng() % 3); k < places; ++k)
            s.municipalities.push_back(pick(ref->municipalities).number);
        std::sort(s.service_areas.begin(), s.service_areas.end());
        s.service_areas.erase(std::unique(s.service_areas.begin(), s.service_areas.end()), s.service_areas.end());
        std::sort(s.target_groups.begin(), s.target_groups.end());
        s.target_groups.erase(std::unique(s.target_groups.begin(), s.target_groups.end()), s.target_groups.end());
        s.status = i % 10 == 9 ? "draft" : "published";
        if (s.status == "published") s.published_at = now;
        s.created_at = s.updated_at = now;
        needs::solution_store::create(*conn, s, needs::solution_search_text(s, *ref));
      }
      for (int i = 0; i < 60; ++i) {
        needs::Need nd;
        nd.organisation_id = owners[static_cast<std::size_t>(i) % owners.size()];
        nd.title = word() + " og " + word() + " for " + word() + " " + word();
        nd.situation = text(80);
        nd.service_areas = {pick(ref->service_areas).key, pick(ref->service_areas).key};
        std::sort(nd.service_areas.begin(), nd.service_areas.end());
        nd.service_areas.erase(std::unique(nd.service_areas.begin(), nd.service_areas.end()), nd.service_areas.end());
        nd.target_groups = {pick(ref->target_groups).key};
        nd.municipalities = {pick(ref->municipalities).number};
        nd.status = "published";
        nd.published_at = nd.created_at = nd.updated_at = now;
        needs::store::create(*conn, nd, search::index_text({nd.title, nd.situation}));
      }
    }
    tx.commit();
  }
  conn->each("SELECT id FROM needs WHERE status = 'published' ORDER BY id", {},
             [&](const db::Row& r) { need_ids.push_back(r.integer(0)); });
  if (enterprises.empty())
    conn->each("SELECT id FROM organisations WHERE kind = 'social_enterprise' ORDER BY id LIMIT 500", {},
               [&](const db::Row& r) { enterprises.push_back(r.integer(0)); });
  // Fresh statistics, as autovacuum (PostgreSQL) or PRAGMA optimize (SQLite) would keep them.
  conn->exec(conn->engine() == db::Engine::postgresql ? "ANALYZE" : "PRAGMA optimize");
  auto load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("løsninger: %lld (lagt til på %.1f s), behov: %zu, sosiale entreprenører: %zu\n",
              static_cast<long long>(std::max<long long>(n, existing)), load_s, need_ids.size(), enterprises.size());

  // Warm-up, then measured rounds.
  for (auto id : need_ids) needs::matching::for_need(*conn, id, 10);
  std::vector<double> ms, cpu;
  std::size_t results = 0;
  for (int round = 0; round < 8; ++round)
    for (auto id : need_ids) {
      auto s = std::chrono::steady_clock::now();
      auto c0 = cpu_ms();
      auto m = needs::matching::for_need(*conn, id, 10);
      cpu.push_back(cpu_ms() - c0);
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s).count());
      results += m.solutions.size() + m.enterprises.size();
    }
  std::printf("%-34s p50 %6.2f ms  p99 %6.2f ms  (%zu kall, snitt %.1f treff)\n", "for_need (løsninger + foretak)",
              percentile(ms, 0.5), percentile(ms, 0.99), ms.size(), double(results) / double(ms.size()));
  std::printf("%-34s p50 %6.2f ms  p99 %6.2f ms  (CPU-tid i denne prosessen)\n", "  … CPU", percentile(cpu, 0.5),
              percentile(cpu, 0.99));
  ms.clear();
  results = 0;
  for (std::size_t i = 0; i < 200 && i < enterprises.size(); ++i) {
    auto s = std::chrono::steady_clock::now();
    auto m = needs::matching::for_organisation(*conn, enterprises[i], 20);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s).count());
    results += m.size();
  }
  std::printf("%-34s p50 %6.2f ms  p99 %6.2f ms  (%zu kall, snitt %.1f treff)\n", "for_organisation (åpne behov)",
              percentile(ms, 0.5), percentile(ms, 0.99), ms.size(), double(results) / double(ms.size()));
  return 0;
}
