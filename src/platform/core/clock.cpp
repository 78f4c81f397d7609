#include "platform/core/clock.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <cstdio>

namespace samskap::clock {

std::string iso_utc(TimePoint t) {
  return date::format("%Y-%m-%dT%H:%M:%SZ", date::floor<std::chrono::seconds>(t));
}

std::string oslo_date(TimePoint t) {
  static const date::time_zone* oslo = date::locate_zone("Europe/Oslo");
  auto local = oslo->to_local(date::floor<std::chrono::seconds>(t));
  date::year_month_day ymd{date::floor<date::days>(local)};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

// Parsed and formatted by hand: this runs once per row on list pages, and the stream-based
// date::parse/format cost more than the rest of the row together.
std::string oslo_display(const std::string& iso) {
  auto num = [&](std::size_t pos, std::size_t len, int& out) {
    out = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (i >= iso.size() || iso[i] < '0' || iso[i] > '9') return false;
      out = out * 10 + (iso[i] - '0');
    }
    return true;
  };
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if (iso.size() < 10 || !num(0, 4, y) || !num(5, 2, mo) || !num(8, 2, d)) return iso;
  if (iso.size() >= 19 && !(num(11, 2, h) && num(14, 2, mi) && num(17, 2, sec))) return iso;
  auto ymd = date::year{y} / mo / d;
  if (!ymd.ok()) return iso;
  static const date::time_zone* oslo = date::locate_zone("Europe/Oslo");
  auto utc = date::sys_days{ymd} + std::chrono::hours{h} + std::chrono::minutes{mi} + std::chrono::seconds{sec};
  auto local = oslo->to_local(utc);
  auto day = date::floor<date::days>(local);
  date::year_month_day lymd{day};
  date::hh_mm_ss<std::chrono::seconds> t{local - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02u.%02u.%04d kl. %02d:%02d", static_cast<unsigned>(lymd.day()),
                static_cast<unsigned>(lymd.month()), static_cast<int>(lymd.year()), static_cast<int>(t.hours().count()),
                static_cast<int>(t.minutes().count()));
  return buf;
}

}  // namespace samskap::clock
