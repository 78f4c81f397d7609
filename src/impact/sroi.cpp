#include "impact/sroi.hpp"

#include <algorithm>
#include <stdexcept>

namespace samskap::impact::sroi {

std::vector<RatePeriod> r109_schedule() {
  return {{0, Exact::fraction(4, 100)}, {40, Exact::fraction(3, 100)}};
}

std::vector<RatePeriod> constant_rate(const Exact& rate) { return {{0, rate}}; }

Exact uk_green_book_rate() { return Exact::fraction(35, 1000); }

namespace {

// The rate of period s (from year s−1 to year s).
Exact rate_for_period(const std::vector<RatePeriod>& schedule, int s) {
  Exact r;
  for (auto& p : schedule)
    if (p.from_year <= s - 1) r = p.rate;
  return r;
}

Exact one_minus(const Exact& x) { return Exact(1) - x; }

Exact clamp_share(const Exact& x) {
  if (x < Exact(0)) return Exact(0);
  if (x > Exact(1)) return Exact(1);
  return x;
}

int last_year_of(const Analysis& a) {
  int last = 0;
  for (auto& l : a.lines) last = std::max(last, l.duration + (l.starts_year_after ? 1 : 0));
  for (auto& i : a.investments) last = std::max(last, i.year);
  return last;
}

Exact first_year_impact(const Line& l) {
  return l.quantity * l.proxy * one_minus(l.deadweight) * one_minus(l.displacement) * one_minus(l.attribution);
}

// Present value of one line with first-year impact `impact` (lets break-even vary one input).
Exact line_present_value(const Analysis& a, const Line& l, const Exact& impact, const std::vector<Exact>& df) {
  Exact pv;
  Exact keep = one_minus(l.drop_off);
  Exact value = a.drop_off_start == DropOffStart::first_year ? impact * keep : impact;
  for (int k = 1; k <= l.duration; ++k) {
    int t = k + (l.starts_year_after ? 1 : 0);
    pv += value * df[t];
    value *= keep;
  }
  return pv;
}

Exact investment_present_value(const Analysis& a, const std::vector<Exact>& df) {
  Exact pv;
  for (auto& i : a.investments) pv += i.amount * df[i.year];
  return pv;
}

std::optional<Exact> ratio_of(const Analysis& a) {
  auto df = discount_factors(a.discount, a.first_year_discounted, last_year_of(a));
  Exact inv = investment_present_value(a, df);
  if (inv.sign() <= 0) return std::nullopt;
  Exact pv;
  for (auto& l : a.lines) pv += line_present_value(a, l, first_year_impact(l), df);
  return pv / inv;
}

}  // namespace

std::vector<Exact> discount_factors(const std::vector<RatePeriod>& schedule, bool first_year_discounted, int last_year) {
  std::vector<Exact> df(static_cast<std::size_t>(last_year) + 1);
  df[0] = Exact(1);
  for (int t = 1; t <= last_year; ++t) {
    // Without first-year discounting, year 1 stands at face value and year t is discounted t − 1 periods.
    int periods = first_year_discounted ? t : t - 1;
    if (periods <= 0) df[t] = Exact(1);
    else df[t] = df[t - 1] / (Exact(1) + rate_for_period(schedule, periods));
  }
  return df;
}

Result compute(const Analysis& a) {
  Result r;
  int last = last_year_of(a);
  auto df = discount_factors(a.discount, a.first_year_discounted, last);
  r.by_year.resize(static_cast<std::size_t>(last) + 1);
  for (int t = 0; t <= last; ++t) {
    r.by_year[t].year = t;
    r.by_year[t].factor = df[t];
  }
  for (auto& l : a.lines) {
    LineResult lr;
    lr.first_year_impact = first_year_impact(l);
    Exact keep = one_minus(l.drop_off);
    Exact value = a.drop_off_start == DropOffStart::first_year ? lr.first_year_impact * keep : lr.first_year_impact;
    for (int k = 1; k <= l.duration; ++k) {
      int t = k + (l.starts_year_after ? 1 : 0);
      Exact pv = value * df[t];
      r.by_year[t].value += value;
      r.by_year[t].value_present += pv;
      lr.total_value += value;
      lr.present_value += pv;
      value *= keep;
    }
    r.present_value += lr.present_value;
    r.first_year_impact += lr.first_year_impact;
    r.by_line.push_back(std::move(lr));
  }
  for (auto& i : a.investments) {
    r.by_year[i.year].investment += i.amount;
    r.by_year[i.year].investment_present += i.amount * df[i.year];
    r.investment_total += i.amount;
    r.investment_present_value += i.amount * df[i.year];
  }
  r.net_present_value = r.present_value - r.investment_present_value;
  if (r.investment_present_value.sign() > 0) r.ratio = r.present_value / r.investment_present_value;
  else r.ratio_reason = "no_investment";
  if (r.investment_total.sign() <= 0) r.payback_reason = "no_investment";
  else if (r.first_year_impact.sign() <= 0) r.payback_reason = "no_impact";
  else r.payback_months = r.investment_total / (r.first_year_impact / Exact(12));
  return r;
}

std::optional<Sensitivity> sensitivity(const Analysis& a, const Exact& percent) {
  auto base = compute(a);
  if (!base.ratio) return std::nullopt;
  Sensitivity s;
  s.percent = percent;
  Exact down = Exact(1) - percent, up = Exact(1) + percent;

  // Each assumption scaled by a factor on every line (shares stay within 0–100 %).
  auto moved = [&](const std::string& what, const Exact& f) {
    Analysis m = a;
    for (auto& l : m.lines) {
      if (what == "quantity") l.quantity = l.quantity * f;
      else if (what == "proxy") l.proxy = l.proxy * f;
      else if (what == "deadweight") l.deadweight = clamp_share(l.deadweight * f);
      else if (what == "displacement") l.displacement = clamp_share(l.displacement * f);
      else if (what == "attribution") l.attribution = clamp_share(l.attribution * f);
      else if (what == "drop_off") l.drop_off = clamp_share(l.drop_off * f);
    }
    if (what == "discount_rate")
      for (auto& p : m.discount) p.rate = p.rate * f;
    if (what == "investment")
      for (auto& i : m.investments) i.amount = i.amount * f;
    auto r = ratio_of(m);
    // validate_percent keeps p below 100 %, so the moved investment stays above zero.
    if (!r) throw std::logic_error("sensitivity moved the investment to zero");
    return *r;
  };
  for (const char* what : {"quantity", "proxy", "deadweight", "displacement", "attribution", "drop_off",
                           "discount_rate", "investment"})
    s.swings.push_back({what, moved(what, down), moved(what, up)});
  auto spread = [](const Swing& w) {
    Exact d = w.high_ratio - w.low_ratio;
    return d.sign() < 0 ? -d : d;
  };
  std::stable_sort(s.swings.begin(), s.swings.end(),
                   [&](const Swing& x, const Swing& y) { return spread(x) > spread(y); });

  // Present value is linear in each line's proxy and in (1 − deadweight), so the break-even values
  // solve PV_other + x·c = PV(investment) exactly.
  int last = last_year_of(a);
  auto df = discount_factors(a.discount, a.first_year_discounted, last);
  const Exact& target = base.investment_present_value;
  for (std::size_t i = 0; i < a.lines.size(); ++i) {
    const Line& l = a.lines[i];
    Exact other = base.present_value - base.by_line[i].present_value;
    BreakEven be;
    // PV of the line per krone of proxy.
    Exact per_proxy = line_present_value(
        a, l, l.quantity * one_minus(l.deadweight) * one_minus(l.displacement) * one_minus(l.attribution), df);
    if (per_proxy.sign() > 0) {
      Exact p = (target - other) / per_proxy;
      if (p.sign() >= 0) be.proxy = p;
    }
    // PV of the line with no deadweight; with deadweight dw it is (1 − dw) times that.
    Exact no_deadweight =
        line_present_value(a, l, l.quantity * l.proxy * one_minus(l.displacement) * one_minus(l.attribution), df);
    if (no_deadweight.sign() > 0) {
      Exact dw = Exact(1) - (target - other) / no_deadweight;
      if (dw.sign() >= 0 && dw <= Exact(1)) be.deadweight = dw;
    }
    s.lines.push_back(be);
  }
  if (base.present_value.sign() > 0) s.uniform_factor = base.investment_present_value / base.present_value;
  return s;
}

std::vector<Issue> validate(const Analysis& a) {
  std::vector<Issue> out;
  auto share_ok = [](const Exact& x) { return x.sign() >= 0 && x <= Exact(1); };
  if (a.discount.empty()) out.push_back({"", -1, "discount_rate", "rate_range"});
  for (std::size_t i = 0; i < a.discount.size(); ++i) {
    auto& p = a.discount[i];
    if (!share_ok(p.rate)) out.push_back({"", -1, "discount_rate", "rate_range"});
    bool order_ok = i == 0 ? p.from_year == 0 : p.from_year > a.discount[i - 1].from_year;
    if (!order_ok || p.from_year > max_years) out.push_back({"", -1, "discount_rate", "schedule_order"});
  }
  if (static_cast<int>(a.investments.size()) > max_investments) out.push_back({"", -1, "investments", "too_many_investments"});
  for (std::size_t i = 0; i < a.investments.size(); ++i) {
    auto& inv = a.investments[i];
    int idx = static_cast<int>(i);
    if (inv.year < 0 || inv.year > max_years) out.push_back({"investments", idx, "year", "year_range"});
    if (inv.amount.sign() < 0) out.push_back({"investments", idx, "amount", "amount_negative"});
  }
  if (a.lines.empty()) out.push_back({"", -1, "lines", "no_lines"});
  if (static_cast<int>(a.lines.size()) > max_lines) out.push_back({"", -1, "lines", "too_many_lines"});
  for (std::size_t i = 0; i < a.lines.size(); ++i) {
    auto& l = a.lines[i];
    int idx = static_cast<int>(i);
    if (l.name.empty()) out.push_back({"lines", idx, "name", "name_missing"});
    else if (l.name.size() > max_name_chars) out.push_back({"lines", idx, "name", "name_long"});
    if (l.quantity.sign() < 0) out.push_back({"lines", idx, "quantity", "quantity_negative"});
    if (l.proxy.sign() < 0) out.push_back({"lines", idx, "proxy", "proxy_negative"});
    if (l.duration < 1 || l.duration > max_years) out.push_back({"lines", idx, "duration", "duration_range"});
    if (!share_ok(l.deadweight)) out.push_back({"lines", idx, "deadweight", "share_range"});
    if (!share_ok(l.displacement)) out.push_back({"lines", idx, "displacement", "share_range"});
    if (!share_ok(l.attribution)) out.push_back({"lines", idx, "attribution", "share_range"});
    if (!share_ok(l.drop_off)) out.push_back({"lines", idx, "drop_off", "share_range"});
  }
  return out;
}

std::vector<Issue> validate_percent(const Exact& p) {
  if (p.sign() <= 0 || p >= Exact(1)) return {{"", -1, "sensitivity_percent", "sensitivity_range"}};
  return {};
}

std::vector<Issue> warnings(const Analysis& a) {
  std::vector<Issue> out;
  for (std::size_t i = 0; i < a.lines.size(); ++i)
    if (a.lines[i].deadweight + a.lines[i].attribution > Exact(1))
      out.push_back({"lines", static_cast<int>(i), "attribution", "deadweight_attribution"});
  return out;
}

}  // namespace samskap::impact::sroi
