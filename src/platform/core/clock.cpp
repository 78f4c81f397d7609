#include "platform/core/clock.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <sstream>

namespace samskap::clock {

std::string iso_utc(TimePoint t) {
  return date::format("%Y-%m-%dT%H:%M:%SZ", date::floor<std::chrono::seconds>(t));
}

std::string oslo_display(const std::string& iso) {
  std::istringstream in(iso);
  date::sys_seconds tp;
  in >> date::parse("%Y-%m-%dT%H:%M:%SZ", tp);
  if (in.fail()) return iso;
  static const date::time_zone* oslo = date::locate_zone("Europe/Oslo");
  return date::format("%d.%m.%Y kl. %H:%M", date::zoned_time<std::chrono::seconds>(oslo, tp));
}

}  // namespace samskap::clock
