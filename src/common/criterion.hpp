#pragma once
// A success criterion: a result wanted, how it is measured, where it stands and where it should
// be. Needs describe what they want this way, and grant applications state their expected
// results the same way, so results can later be reported against them.
#include <cstdint>
#include <string>

namespace samskap::common {

struct Criterion {
  std::int64_t id = 0;
  int position = 0;
  std::string description;  // the result wanted
  std::string indicator;    // how it is measured
  std::string baseline;     // where it stands today
  std::string target;       // where it should be
};

}  // namespace samskap::common
