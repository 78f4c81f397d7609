#pragma once
// The region view (/effekt/region, coordinators): the shared indicators summed across
// organisations by service area, municipality and year (or averaged, for the indicators that say
// so: shares and scores mean nothing summed), and the people reached after Ferd's model
// (high and low contact), with filters and the same figures as CSV and XLSX.
//
// The sums are precomputed: one snapshot of every organisation's latest value per shared
// indicator and year, rebuilt only when the data has changed (this process's write generation,
// bumped by the impact store on every measurement, baseline, choice of indicators and Ferd save,
// and a fingerprint of the tables for writes by other processes), and the rendered page is kept
// in a page cache keyed by that generation.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "platform/db/database.hpp"
#include "platform/web/app.hpp"

namespace samskap::impact::region {

// Called by the store after every write the region view sums.
void changed();

// A value measured, with its sample size (0 when not given).
struct Measured {
  Measured(double value = 0, std::int64_t sample = 0) : value(value), sample(sample) {}
  double value;
  std::int64_t sample;
};

struct Organisation {
  std::string municipality;        // number, "" when unknown
  std::vector<std::string> areas;  // service area slugs
  // (year, indicator id) → the latest value measured that year, in any of the organisation's plans
  std::map<std::pair<int, std::int64_t>, Measured> values;
  std::map<int, std::pair<std::int64_t, std::int64_t>> reached;  // year → (high, low contact)
};

struct Named {
  std::string key, name_nb, name_en;
  bool mean = false;  // indicators: averaged across organisations, not summed
};

struct Snapshot {
  std::vector<Organisation> organisations;
  std::vector<Named> areas;           // in their order
  std::vector<Named> municipalities;  // the organisations' municipalities, by name
  std::vector<Named> indicators;      // shared ones: key = id, name_en = the unit
  std::vector<int> years;             // every year with a value or Ferd figures, ascending
};

// Reads everything the view sums (five queries).
std::shared_ptr<const Snapshot> load(db::Connection& c);
// Counts and the newest change of each table the view reads (src/impact/region_store.cpp, with load):
// a different fingerprint means another process has written.
std::string fingerprint(db::Connection& c);

struct Filter {
  std::string area, municipality;  // "" for all
  int year = 0;                    // 0 for all
};

struct Sum {
  std::int64_t organisations = 0;
  double total = 0;
  double weighted = 0;          // Σ value × sample size
  std::int64_t samples = 0;     // Σ sample size
  bool every_sampled = true;    // every value came with a sample size
  void add(const Measured& m);
  // The sum, or for an averaged indicator the mean: weighted by sample size when every value has
  // one, else each organisation counting once.
  double figure(bool mean) const;
};
struct Reached {
  std::int64_t organisations = 0, high = 0, low = 0;
};

// Per (year, indicator id) and per year, over the organisations the filter keeps (each once).
std::map<std::pair<int, std::int64_t>, Sum> indicator_sums(const Snapshot& s, const Filter& f);
std::map<int, Reached> reached_sums(const Snapshot& s, const Filter& f);

void mount(web::Router& r);

}  // namespace samskap::impact::region
