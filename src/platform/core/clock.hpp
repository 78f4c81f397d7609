#pragma once
// UTC timestamps as ISO 8601 text ("2026-11-23T09:30:00Z"), the storage format on both engines.
#include <chrono>
#include <string>

namespace samskap::clock {

using TimePoint = std::chrono::system_clock::time_point;
std::string iso_utc(TimePoint t);
inline std::string now_iso() { return iso_utc(std::chrono::system_clock::now()); }
inline std::string in_seconds_iso(long long seconds) {
  return iso_utc(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
}
// The calendar date in Europe/Oslo, "YYYY-MM-DD" (a day's digest, deadlines).
std::string oslo_date(TimePoint t);
// "23.11.2026 kl. 10:30" in Europe/Oslo, for display.
std::string oslo_display(const std::string& iso_utc_text);

}  // namespace samskap::clock
