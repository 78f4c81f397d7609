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

// Discount factors per year, and which step leads to each year (df[t] = df[t − 1] × step factor),
// so that runs of years under one rate can be summed as a geometric series.
struct Discounting {
  std::vector<Exact> df;
  std::vector<int> step;  // −1: no discounting into year t; otherwise the schedule entry's index
  std::vector<Exact> step_factor;
};

Discounting discounting(const Analysis& a, int last) {
  Discounting d;
  d.df = discount_factors(a.discount, a.first_year_discounted, last);
  d.step.assign(static_cast<std::size_t>(last) + 1, -1);
  d.step_factor.assign(static_cast<std::size_t>(last) + 1, Exact(1));
  for (int t = 1; t <= last; ++t) {
    int periods = a.first_year_discounted ? t : t - 1;
    if (periods <= 0) continue;
    for (std::size_t i = 0; i < a.discount.size(); ++i)
      if (a.discount[i].from_year <= periods - 1) d.step[t] = static_cast<int>(i);
    d.step_factor[t] = d.df[t] / d.df[t - 1];
  }
  return d;
}

// 1 + x + x² + … + x^(m−1).
Exact geometric(const Exact& x, int m) {
  if (x == Exact(1)) return Exact(m);
  return (Exact(1) - x.pow(static_cast<unsigned>(m))) / (Exact(1) - x);
}

// Present value of one line with first-year impact `impact` (lets sensitivity vary one input):
// impact × Σ keep^(k−1) × df[t_k], summed run by run of years under one rate, each run a
// geometric series, so a 75-year line costs a handful of operations instead of 150.
Exact line_present_value(const Analysis& a, const Line& l, const Exact& impact, const Discounting& d) {
  const int offset = l.starts_year_after ? 1 : 0;
  const int end = l.duration + offset;
  const Exact keep = one_minus(l.drop_off);
  Exact sum;
  Exact keep_power(1);  // keep^(p − 1 − offset) at the start p of the run
  for (int p = 1 + offset; p <= end;) {
    int q = p;
    if (p < end) {
      q = p + 1;
      while (q < end && d.step[q + 1] == d.step[p + 1]) ++q;
    }
    Exact ratio = p < end ? keep * d.step_factor[p + 1] : Exact(0);
    sum += keep_power * d.df[p] * geometric(ratio, q - p + 1);
    keep_power *= keep.pow(static_cast<unsigned>(q - p + 1));
    p = q + 1;
  }
  Exact first = a.drop_off_start == DropOffStart::first_year ? impact * keep : impact;
  return first * sum;
}

Exact investment_present_value(const Analysis& a, const std::vector<Exact>& df) {
  Exact pv;
  for (auto& i : a.investments) pv += i.amount * df[i.year];
  return pv;
}

std::optional<Exact> ratio_of(const Analysis& a) {
  auto d = discounting(a, last_year_of(a));
  Exact inv = investment_present_value(a, d.df);
  if (inv.sign() <= 0) return std::nullopt;
  Exact pv;
  for (auto& l : a.lines) pv += line_present_value(a, l, first_year_impact(l), d);
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
  auto d = discounting(a, last);
  const auto& df = d.df;
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
    lr.total_value = value * geometric(keep, l.duration);
    lr.present_value = line_present_value(a, l, lr.first_year_impact, d);
    for (int k = 1; k <= l.duration; ++k) {
      r.by_year[k + (l.starts_year_after ? 1 : 0)].value += value;
      value *= keep;
    }
    r.present_value += lr.present_value;
    r.first_year_impact += lr.first_year_impact;
    r.by_line.push_back(std::move(lr));
  }
  // Σ over years of (values of the year) × factor equals Σ over lines of their present values, exactly.
  for (auto& y : r.by_year) y.value_present = y.value * y.factor;
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

std::optional<Sensitivity> sensitivity(const Analysis& a, const Exact& percent, const Result* given) {
  Result computed;
  if (!given) computed = compute(a);
  const Result& base = given ? *given : computed;
  if (!base.ratio) return std::nullopt;
  Sensitivity s;
  s.percent = percent;
  const Exact down = Exact(1) - percent, up = Exact(1) + percent;
  const Exact& ratio = *base.ratio;
  const Exact& target = base.investment_present_value;
  auto df = discounting(a, last_year_of(a));

  // A line's present value is its first-year impact times a sum that depends only on its duration,
  // drop-off and the discounting; so changing quantity, proxy or a deduction scales it, and only
  // drop-off and the discount rate need the years summed again. Where the old factor is zero
  // (a deduction of 100 %, a proxy of 0) the line is summed again with the new impact.
  struct Factors {
    Exact quantity, proxy, dw, disp, attr;
  };
  auto line_pv = [&](std::size_t i, const Factors& f) {
    const Line& l = a.lines[i];
    Exact old_impact = first_year_impact(l);
    Exact new_impact = f.quantity * f.proxy * one_minus(f.dw) * one_minus(f.disp) * one_minus(f.attr);
    if (!old_impact.is_zero()) return base.by_line[i].present_value / old_impact * new_impact;
    return line_present_value(a, l, new_impact, df);
  };
  auto factors_of = [](const Line& l) { return Factors{l.quantity, l.proxy, l.deadweight, l.displacement, l.attribution}; };

  // A deduction scaled by f on every line (kept within 0–100 %).
  auto deduction_ratio = [&](Exact Factors::*member, const Exact& f) {
    Exact pv;
    for (std::size_t i = 0; i < a.lines.size(); ++i) {
      Factors x = factors_of(a.lines[i]);
      x.*member = clamp_share(x.*member * f);
      pv += line_pv(i, x);
    }
    return pv / target;
  };
  // Drop-off or the discount rate scaled by f: the years are summed again.
  auto resummed_ratio = [&](bool drop_off, const Exact& f) {
    Analysis m = a;
    if (drop_off)
      for (auto& l : m.lines) l.drop_off = clamp_share(l.drop_off * f);
    else
      for (auto& p : m.discount) p.rate = p.rate * f;
    auto r = ratio_of(m);
    // The investment is unchanged and above zero, so there is a ratio.
    if (!r) throw std::logic_error("sensitivity lost the ratio");
    return *r;
  };

  s.swings.push_back({"quantity", ratio * down, ratio * up});  // present value is linear in the quantity
  s.swings.push_back({"proxy", ratio * down, ratio * up});     // and in the proxy
  s.swings.push_back({"deadweight", deduction_ratio(&Factors::dw, down), deduction_ratio(&Factors::dw, up)});
  s.swings.push_back({"displacement", deduction_ratio(&Factors::disp, down), deduction_ratio(&Factors::disp, up)});
  s.swings.push_back({"attribution", deduction_ratio(&Factors::attr, down), deduction_ratio(&Factors::attr, up)});
  s.swings.push_back({"drop_off", resummed_ratio(true, down), resummed_ratio(true, up)});
  s.swings.push_back({"discount_rate", resummed_ratio(false, down), resummed_ratio(false, up)});
  s.swings.push_back({"investment", ratio / down, ratio / up});  // validate_percent keeps down > 0
  auto spread = [](const Swing& w) {
    Exact d = w.high_ratio - w.low_ratio;
    return d.sign() < 0 ? -d : d;
  };
  std::stable_sort(s.swings.begin(), s.swings.end(),
                   [&](const Swing& x, const Swing& y) { return spread(x) > spread(y); });

  // Present value is linear in each line's proxy and in (1 − deadweight), so the break-even values
  // solve PV_other + x·c = PV(investment) exactly.
  for (std::size_t i = 0; i < a.lines.size(); ++i) {
    const Line& l = a.lines[i];
    Exact other = base.present_value - base.by_line[i].present_value;
    BreakEven be;
    Factors per_krone = factors_of(l);
    per_krone.proxy = Exact(1);
    Exact per_proxy = line_pv(i, per_krone);  // PV of the line per krone of proxy
    if (per_proxy.sign() > 0) {
      Exact p = (target - other) / per_proxy;
      if (p.sign() >= 0) be.proxy = p;
    }
    Factors no_dw = factors_of(l);
    no_dw.dw = Exact(0);
    Exact no_deadweight = line_pv(i, no_dw);  // with deadweight dw the line is worth (1 − dw) times this
    if (no_deadweight.sign() > 0) {
      Exact dw = Exact(1) - (target - other) / no_deadweight;
      if (dw.sign() >= 0 && dw <= Exact(1)) be.deadweight = dw;
    }
    s.lines.push_back(be);
  }
  if (base.present_value.sign() > 0) s.uniform_factor = base.investment_present_value / base.present_value;
  return s;
}

std::optional<Exact> ratio(const Analysis& a) { return ratio_of(a); }

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
