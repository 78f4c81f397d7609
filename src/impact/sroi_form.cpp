#include "impact/sroi_form.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "platform/core/money.hpp"
#include "platform/http/form.hpp"
#include "platform/render/i18n.hpp"
#include "platform/web/app.hpp"

namespace samskap::impact::form {

using web::Context;

namespace {

constexpr int kFirstBaseYear = 1950, kLastBaseYear = 2100;

std::string text(const Context& ctx, const std::string& key,
                 const std::vector<std::pair<std::string, std::string>>& args = {}) {
  return ctx.t("impact.sroi." + key, args);
}

// "12,5", "12.5", "1 000", "20 %" → exact; spaces (also no-break and thin) and a trailing % are ignored.
std::optional<Exact> parse_typed(std::string_view s) {
  std::string clean;
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t') continue;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) { ++i; continue; }
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0x89 || static_cast<unsigned char>(s[i + 2]) == 0xAF)) {
      i += 2;
      continue;
    }
    clean += c == ',' ? '.' : static_cast<char>(c);
  }
  if (!clean.empty() && clean.back() == '%') clean.pop_back();
  if (clean.empty() || clean.find_first_of("eE") != std::string::npos) return std::nullopt;
  // Per cent with up to four decimals is a share with six, as in the API; quantities have six too.
  return Exact::parse(clean, 18, 18, 4);
}

// Groups thousands and uses the language's decimal mark: nb "1 234 567,89", en "1,234,567.89".
std::string show(const Exact& v, int decimals, const std::string& lang, bool trim = false) {
  std::string s = v.fixed(decimals);
  bool negative = !s.empty() && s[0] == '-';
  if (negative) s.erase(0, 1);
  auto dot = s.find('.');
  std::string whole = s.substr(0, dot), frac = dot == std::string::npos ? "" : s.substr(dot + 1);
  if (trim) {
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
  }
  const std::string group = lang == "en" ? "," : "\xC2\xA0";
  std::string out;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out += group;
    out += whole[i];
  }
  if (!frac.empty()) out += (lang == "en" ? "." : ",") + frac;
  return (negative ? "-" : "") + out;
}

std::string show_percent(const Exact& share, const std::string& lang) {
  return show(share * Exact(100), 2, lang, true);
}

std::string kroner(const Context& ctx, const Exact& v) {
  return text(ctx, "result.amount", {{"amount", show(v, 0, ctx.lang)}});
}

int rows_from(const Context& ctx, const char* name, int fallback) {
  auto v = parse_typed(ctx.req.form_value(name));
  for (int n = 1; n <= kMaxRows; ++n)
    if (v && *v == Exact(n)) return n;
  return fallback;
}

std::string trimmed(std::string s) {
  auto b = s.find_first_not_of(" \t\r\n");
  auto e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::string error_for(const Context& ctx, const web::FieldErrors& errors, const std::string& id) {
  for (auto& [f, k] : errors.items)
    if (f == id) return text(ctx, "errors." + k);
  return {};
}

void add_field(const Context& ctx, render::Object& o, const web::FieldErrors& errors, const std::string& id,
               const std::string& name, const std::string& value) {
  o.set(name, value);
  auto e = error_for(ctx, errors, id);
  if (!e.empty()) o.set(name + "_error", e);
}

}  // namespace

bool LineInput::blank() const {
  return name.empty() && stakeholder.empty() && indicator.empty() && quantity.empty() && proxy.empty() &&
         source.empty() && base_year.empty() && duration.empty() && deadweight.empty() && displacement.empty() &&
         attribution.empty() && drop_off.empty() && !after;
}

PageInput read_form(const Context& ctx) {
  PageInput in;
  auto f = [&](const std::string& name) { return trimmed(ctx.req.form_value(name)); };
  in.schedule = f("rate_schedule");
  if (in.schedule.empty()) in.schedule = "constant";
  in.rate = f("rate");
  in.sens = f("sens_pct");
  in.first_year_discounted = ctx.req.form_value("first_year") != "nei";
  in.drop_off_first_year = ctx.req.form_value("drop_off_starts") == "first_year";
  in.investments.assign(static_cast<std::size_t>(rows_from(ctx, "inv_rows", kInvestmentRows)), {});
  for (std::size_t i = 0; i < in.investments.size(); ++i) {
    auto p = "i" + std::to_string(i + 1) + "_";
    in.investments[i] = {f(p + "year"), f(p + "amount")};
  }
  in.lines.assign(static_cast<std::size_t>(rows_from(ctx, "line_rows", kLineRows)), {});
  for (std::size_t i = 0; i < in.lines.size(); ++i) {
    auto p = "l" + std::to_string(i + 1) + "_";
    auto& l = in.lines[i];
    l.name = f(p + "name");
    l.stakeholder = f(p + "stakeholder");
    l.indicator = f(p + "indicator");
    l.source = f(p + "source");
    l.base_year = f(p + "base_year");
    l.quantity = f(p + "quantity");
    l.proxy = f(p + "proxy");
    l.duration = f(p + "duration");
    l.deadweight = f(p + "deadweight");
    l.displacement = f(p + "displacement");
    l.attribution = f(p + "attribution");
    l.drop_off = f(p + "drop_off");
    l.after = !ctx.req.form_value(p + "after").empty();
  }
  return in;
}

Parsed parse(const PageInput& in) {
  Parsed p;
  auto& a = p.analysis;
  auto percent = [&](const std::string& typed, const std::string& id, bool required) -> Exact {
    if (typed.empty()) {
      if (required) p.errors.add(id, "required");
      return Exact(0);
    }
    auto v = parse_typed(typed);
    if (!v) {
      p.errors.add(id, "number_format");
      return Exact(0);
    }
    return *v / Exact(100);
  };
  auto whole = [&](const std::string& typed, const std::string& id, const std::string& range_key, int fallback) {
    if (typed.empty()) {
      p.errors.add(id, "required");
      return fallback;
    }
    auto v = parse_typed(typed);
    if (v)
      for (int n = -1; n <= sroi::max_years + 1; ++n)
        if (*v == Exact(n)) return n;
    p.errors.add(id, range_key);
    return fallback;
  };
  auto amount = [&](const std::string& typed, const std::string& id) -> Exact {
    if (typed.empty()) {
      p.errors.add(id, "required");
      return Exact(0);
    }
    auto ore = money::parse_kroner(typed);
    if (!ore) {
      p.errors.add(id, "amount_format");
      return Exact(0);
    }
    return Exact::fraction(static_cast<long>(*ore), 100);
  };

  if (in.schedule == "r109") {
    a.discount = sroi::r109_schedule();  // the typed rate is kept, not used
  } else if (in.schedule == "uk") {
    a.discount = sroi::constant_rate(sroi::uk_green_book_rate());
  } else if (in.schedule == "constant") {
    if (in.rate.empty()) {
      p.errors.add("rate", "rate_required");
      a.discount = sroi::constant_rate(Exact(0));
    } else {
      a.discount = sroi::constant_rate(percent(in.rate, "rate", true));
    }
  } else {
    p.errors.add("rate_schedule", "schedule_choice");
    a.discount = sroi::r109_schedule();
  }
  a.first_year_discounted = in.first_year_discounted;
  a.drop_off_start = in.drop_off_first_year ? sroi::DropOffStart::first_year : sroi::DropOffStart::second_year;
  p.sensitivity = percent(in.sens, "sens_pct", true);

  for (std::size_t i = 0; i < in.investments.size(); ++i) {
    auto& r = in.investments[i];
    if (r.year.empty() && r.amount.empty()) continue;
    auto n = std::to_string(i + 1);
    int year = r.year.empty() ? 0 : whole(r.year, "i" + n + "_year", "year_range", 0);
    a.investments.push_back({year, amount(r.amount, "i" + n + "_amount")});
    p.investment_row.push_back(static_cast<int>(i + 1));
  }
  for (std::size_t i = 0; i < in.lines.size(); ++i) {
    auto& r = in.lines[i];
    if (r.blank()) continue;
    auto n = "l" + std::to_string(i + 1) + "_";
    sroi::Line l;
    l.name = r.name;
    if (r.quantity.empty()) p.errors.add(n + "quantity", "required");
    else if (auto q = parse_typed(r.quantity)) l.quantity = *q;
    else p.errors.add(n + "quantity", "number_format");
    l.proxy = amount(r.proxy, n + "proxy");
    if (!r.base_year.empty()) {  // the year the proxy's value is from: told, not computed with
      auto y = parse_typed(r.base_year);
      bool ok = false;
      for (int year = kFirstBaseYear; y && !ok && year <= kLastBaseYear; ++year) ok = *y == Exact(year);
      if (!ok) p.errors.add(n + "base_year", "base_year_range");
    }
    for (auto* field : {&r.name, &r.stakeholder, &r.indicator, &r.source})
      if (field->size() > sroi::max_name_chars * 2 && !p.errors.has(n + "name")) p.errors.add(n + "name", "text_too_long");
    l.duration = whole(r.duration, n + "duration", "duration_range", 1);
    l.deadweight = percent(r.deadweight, n + "deadweight", false);
    l.displacement = percent(r.displacement, n + "displacement", false);
    l.attribution = percent(r.attribution, n + "attribution", false);
    l.drop_off = percent(r.drop_off, n + "drop_off", false);
    l.starts_year_after = r.after;
    a.lines.push_back(std::move(l));
    p.line_row.push_back(static_cast<int>(i + 1));
  }
  auto issues = sroi::validate(a);
  auto sp = sroi::validate_percent(p.sensitivity);
  issues.insert(issues.end(), sp.begin(), sp.end());
  for (auto& i : issues) {
    std::string id;
    if (i.list == "lines") id = "l" + std::to_string(p.line_row[i.index]) + "_" + i.field;
    else if (i.list == "investments") id = "i" + std::to_string(p.investment_row[i.index]) + "_" + i.field;
    else if (i.field == "discount_rate") id = in.schedule == "constant" ? "rate" : "rate_schedule";
    else if (i.field == "sensitivity_percent") id = "sens_pct";
    else if (i.field == "lines") id = "l1_name";
    else id = i.field;
    if (!p.errors.has(id)) p.errors.add(id, i.key);  // one message per field
  }
  return p;
}

render::Object result_view(const Context& ctx, const sroi::Analysis& a, const Exact& percent) {
  const auto& lang = ctx.lang;
  auto r = sroi::compute(a);
  render::Object v;
  if (r.ratio) {
    auto ratio = show(*r.ratio, 2, lang);
    v.set("ratio_text", text(ctx, "result.ratio_value", {{"ratio", ratio}}));
    v.set("ratio_explained", text(ctx, "result.ratio_explained", {{"ratio", ratio}}));
  } else {
    v.set("ratio_reason", text(ctx, "reasons." + r.ratio_reason));
  }
  auto& facts = v.list("facts");
  auto fact = [&](const std::string& key, std::string value) {
    render::Object f;
    f.set("label", text(ctx, key));
    f.set("value", std::move(value));
    facts.emplace_back(std::move(f));
  };
  fact("result.present_value", kroner(ctx, r.present_value));
  fact("result.investment_present_value", kroner(ctx, r.investment_present_value));
  fact("result.net_present_value", kroner(ctx, r.net_present_value));
  fact("result.investment_total", kroner(ctx, r.investment_total));
  fact("result.first_year_impact", kroner(ctx, r.first_year_impact));
  fact("result.payback", r.payback_months
                             ? text(ctx, "result.payback_value", {{"months", show(*r.payback_months, 1, lang)}})
                             : text(ctx, "payback_reasons." + r.payback_reason));
  auto uk = a;
  uk.discount = sroi::constant_rate(sroi::uk_green_book_rate());
  if (auto c = sroi::ratio(uk)) fact("result.comparison", text(ctx, "result.ratio_value", {{"ratio", show(*c, 2, lang)}}));

  auto& conv = v.list("conventions");
  conv.emplace_back(rate_convention(ctx, a));
  conv.emplace_back(text(ctx, a.first_year_discounted ? "conventions.first_year_discounted"
                                                      : "conventions.first_year_not_discounted"));
  conv.emplace_back(text(ctx, a.drop_off_start == sroi::DropOffStart::first_year ? "conventions.drop_off_first_year"
                                                                                 : "conventions.drop_off_second_year"));
  conv.emplace_back(text(ctx, "conventions.up_front"));
  conv.emplace_back(text(ctx, "conventions.payback"));
  conv.emplace_back(text(ctx, "conventions.rounding"));

  auto& warn = v.list("warnings");
  for (auto& w : sroi::warnings(a)) warn.emplace_back(a.lines[w.index].name + ": " + text(ctx, "warnings." + w.key));
  if (!warn.empty()) v.set("has_warnings", true);

  auto& years = v.list("years");
  for (auto& y : r.by_year) {
    render::Object o;
    o.set("year", std::to_string(y.year));
    o.set("factor", show(y.factor, 4, lang));
    o.set("value", show(y.value, 0, lang));
    o.set("value_present", show(y.value_present, 0, lang));
    o.set("investment", show(y.investment, 0, lang));
    o.set("investment_present", show(y.investment_present, 0, lang));
    years.emplace_back(std::move(o));
  }
  {
    render::Object o;
    o.set("value", show(r.present_value, 0, lang));  // sums shown in the footer
    o.set("investment", show(r.investment_total, 0, lang));
    o.set("investment_present", show(r.investment_present_value, 0, lang));
    v.set("year_totals", std::move(o));
  }

  auto sens = sroi::sensitivity(a, percent, &r);
  auto& lines = v.list("line_results");
  for (std::size_t i = 0; i < r.by_line.size(); ++i) {
    render::Object o;
    o.set("name", a.lines[i].name);
    o.set("first_year_impact", show(r.by_line[i].first_year_impact, 0, lang));
    o.set("present_value", show(r.by_line[i].present_value, 0, lang));
    if (sens) {
      auto& b = sens->lines[i];
      o.set("break_even_proxy", b.proxy ? show(*b.proxy, 2, lang) : text(ctx, "not_reachable"));
      o.set("break_even_deadweight", b.deadweight ? show_percent(*b.deadweight, lang) + " %" : text(ctx, "not_reachable"));
    }
    lines.emplace_back(std::move(o));
  }
  if (sens) v.set("has_break_even", true);

  if (!sens) {
    v.set("sensitivity_unavailable", text(ctx, "sensitivity.unavailable"));
    return v;
  }
  auto pct = show_percent(percent, lang);
  auto base_ratio = show(*r.ratio, 2, lang);
  auto& s = v.object("sensitivity");
  s.set("intro", text(ctx, "sensitivity.intro", {{"percent", pct}}));
  if (sens->uniform_factor)
    s.set("uniform", text(ctx, "sensitivity.uniform", {{"factor", show(*sens->uniform_factor, 4, lang)}}));
  s.set("caption", text(ctx, "sensitivity.caption", {{"percent", pct}}));
  s.set("low", text(ctx, "sensitivity.low", {{"percent", pct}}));
  s.set("high", text(ctx, "sensitivity.high", {{"percent", pct}}));
  s.set("chart_title", text(ctx, "sensitivity.chart_title"));
  s.set("chart_desc", text(ctx, "sensitivity.chart_desc", {{"percent", pct}, {"ratio", base_ratio}}));

  // The tornado: one bar per assumption from the base ratio to each moved ratio, on a common scale.
  Exact lo = *r.ratio, hi = *r.ratio;
  for (auto& w : sens->swings) {
    lo = std::min({lo, w.low_ratio, w.high_ratio});
    hi = std::max({hi, w.low_ratio, w.high_ratio});
  }
  if (lo == hi) lo = lo - Exact::fraction(1, 2), hi = hi + Exact::fraction(1, 2);
  const int label_w = 190, bar_w = 420, row_h = 34, top = 40;
  auto x_of = [&](const Exact& ratio) {
    return (Exact(label_w) + (ratio - lo) / (hi - lo) * Exact(bar_w)).fixed(1);
  };
  auto& chart = s.object("chart");
  int height = top + row_h * static_cast<int>(sens->swings.size()) + 26;
  chart.set("width", std::to_string(label_w + bar_w + 30));
  chart.set("height", std::to_string(height));
  chart.set("base_x", x_of(*r.ratio));
  chart.set("axis_bottom", std::to_string(height - 16));
  chart.set("base_label_y", std::to_string(height - 4));
  chart.set("base_label", text(ctx, "sensitivity.base", {{"ratio", base_ratio}}));
  chart.set("low_label", text(ctx, "sensitivity.low", {{"percent", pct}}));
  chart.set("high_label", text(ctx, "sensitivity.high", {{"percent", pct}}));
  chart.set("legend_high_x", std::to_string(label_w + bar_w / 2));
  chart.set("legend_high_text_x", std::to_string(label_w + bar_w / 2 + 18));
  auto& bars = chart.list("bars");
  auto& rows = s.list("rows");
  int y = top;
  for (auto& w : sens->swings) {
    render::Object b;
    auto name = text(ctx, "assumptions." + w.assumption);
    b.set("label", name);
    b.set("label_y", std::to_string(y + row_h / 2 + 5));
    b.set("y", std::to_string(y + 6));
    b.set("h", std::to_string(row_h - 12));
    auto segment = [&](const Exact& to, const char* key) {
      Exact from = *r.ratio;
      Exact a0 = std::min(from, to), a1 = std::max(from, to);
      render::Object seg;
      seg.set("x", x_of(a0));
      seg.set("w", ((a1 - a0) / (hi - lo) * Exact(bar_w)).fixed(1));
      b.set(key, std::move(seg));
    };
    segment(w.low_ratio, "down");
    segment(w.high_ratio, "up");
    bars.emplace_back(std::move(b));
    render::Object row;
    row.set("label", name);
    row.set("low", show(w.low_ratio, 2, lang));
    row.set("high", show(w.high_ratio, 2, lang));
    rows.emplace_back(std::move(row));
    y += row_h;
  }
  return v;
}

void form_data(const Context& ctx, render::Object& d, const PageInput& in, const web::FieldErrors& errors) {
  // An unknown choice shows none chosen (and its error).
  for (const char* k : kSchedules)
    if (in.schedule == k) d.set(std::string("schedule_") + k, true);
  if (auto e = error_for(ctx, errors, "rate_schedule"); !e.empty()) d.set("rate_schedule_error", e);
  add_field(ctx, d, errors, "rate", "rate", in.rate);
  add_field(ctx, d, errors, "sens_pct", "sens_pct", in.sens);
  if (in.first_year_discounted) d.set("first_year_yes", true);
  else d.set("first_year_no", true);
  if (in.drop_off_first_year) d.set("drop_off_first_year", true);
  d.set("inv_rows", std::to_string(in.investments.size()));
  d.set("line_rows", std::to_string(in.lines.size()));
  auto& invs = d.list("investments");
  for (std::size_t i = 0; i < in.investments.size(); ++i) {
    render::Object o;
    auto n = std::to_string(i + 1);
    o.set("n", n);
    o.set("legend", text(ctx, "investments.row", {{"n", n}}));
    add_field(ctx, o, errors, "i" + n + "_year", "year", in.investments[i].year);
    add_field(ctx, o, errors, "i" + n + "_amount", "amount", in.investments[i].amount);
    invs.emplace_back(std::move(o));
  }
  auto& lines = d.list("lines");
  for (std::size_t i = 0; i < in.lines.size(); ++i) {
    render::Object o;
    auto n = std::to_string(i + 1);
    auto& l = in.lines[i];
    o.set("n", n);
    o.set("legend", text(ctx, "lines.row", {{"n", n}}));
    auto p = "l" + n + "_";
    add_field(ctx, o, errors, p + "name", "name", l.name);
    add_field(ctx, o, errors, p + "quantity", "quantity", l.quantity);
    add_field(ctx, o, errors, p + "stakeholder", "stakeholder", l.stakeholder);
    add_field(ctx, o, errors, p + "indicator", "indicator", l.indicator);
    add_field(ctx, o, errors, p + "proxy", "proxy", l.proxy);
    add_field(ctx, o, errors, p + "source", "source", l.source);
    add_field(ctx, o, errors, p + "base_year", "base_year", l.base_year);
    add_field(ctx, o, errors, p + "duration", "duration", l.duration);
    add_field(ctx, o, errors, p + "deadweight", "deadweight", l.deadweight);
    add_field(ctx, o, errors, p + "displacement", "displacement", l.displacement);
    add_field(ctx, o, errors, p + "attribution", "attribution", l.attribution);
    add_field(ctx, o, errors, p + "drop_off", "drop_off", l.drop_off);
    if (l.after) o.set("after", true);
    lines.emplace_back(std::move(o));
  }
  if (static_cast<int>(in.lines.size()) < kMaxRows || static_cast<int>(in.investments.size()) < kMaxRows)
    d.set("can_add_rows", true);
  if (!errors.empty()) {
    d.set("has_errors", true);
    auto& list = d.list("errors");
    for (auto& [id, key] : errors.items) {
      render::Object e;
      e.set("id", id);
      e.set("text", text(ctx, "errors." + key));
      list.emplace_back(std::move(e));
    }
  }
}

void add_rows(PageInput& in) {
  if (static_cast<int>(in.lines.size()) < kMaxRows) in.lines.resize(std::min<std::size_t>(in.lines.size() + 2, kMaxRows));
  if (static_cast<int>(in.investments.size()) < kMaxRows)
    in.investments.resize(std::min<std::size_t>(in.investments.size() + 1, kMaxRows));
}

std::string to_json(const PageInput& in) {
  nlohmann::json j = {{"rate_schedule", in.schedule},
                      {"rate", in.rate},
                      {"sensitivity", in.sens},
                      {"first_year_discounted", in.first_year_discounted},
                      {"drop_off_first_year", in.drop_off_first_year}};
  auto& invs = j["investments"] = nlohmann::json::array();
  for (auto& i : in.investments) invs.push_back({{"year", i.year}, {"amount", i.amount}});
  auto& lines = j["lines"] = nlohmann::json::array();
  for (auto& l : in.lines)
    lines.push_back({{"name", l.name},
                     {"stakeholder", l.stakeholder},
                     {"indicator", l.indicator},
                     {"quantity", l.quantity},
                     {"proxy", l.proxy},
                     {"source", l.source},
                     {"base_year", l.base_year},
                     {"duration", l.duration},
                     {"deadweight", l.deadweight},
                     {"displacement", l.displacement},
                     {"attribution", l.attribution},
                     {"drop_off", l.drop_off},
                     {"starts_year_after", l.after}});
  return j.dump();
}

PageInput from_json(const std::string& json) {
  PageInput in;
  auto j = nlohmann::json::parse(json, nullptr, false);
  if (!j.is_object()) return in;
  auto str = [](const nlohmann::json& o, const char* k) {
    auto it = o.find(k);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  auto flag = [](const nlohmann::json& o, const char* k, bool fallback) {
    auto it = o.find(k);
    return it != o.end() && it->is_boolean() ? it->get<bool>() : fallback;
  };
  in.schedule = str(j, "rate_schedule");
  if (in.schedule.empty()) in.schedule = "constant";  // saved before the choice existed
  in.rate = str(j, "rate");
  in.sens = str(j, "sensitivity");
  in.first_year_discounted = flag(j, "first_year_discounted", true);
  in.drop_off_first_year = flag(j, "drop_off_first_year", false);
  if (auto it = j.find("investments"); it != j.end() && it->is_array() && !it->empty()) {
    in.investments.clear();
    for (auto& i : *it)
      if (i.is_object() && static_cast<int>(in.investments.size()) < kMaxRows)
        in.investments.push_back({str(i, "year"), str(i, "amount")});
  }
  if (auto it = j.find("lines"); it != j.end() && it->is_array() && !it->empty()) {
    in.lines.clear();
    for (auto& o : *it) {
      if (!o.is_object() || static_cast<int>(in.lines.size()) >= kMaxRows) continue;
      LineInput l;
      l.name = str(o, "name");
      l.stakeholder = str(o, "stakeholder");
      l.indicator = str(o, "indicator");
      l.quantity = str(o, "quantity");
      l.proxy = str(o, "proxy");
      l.source = str(o, "source");
      l.base_year = str(o, "base_year");
      l.duration = str(o, "duration");
      l.deadweight = str(o, "deadweight");
      l.displacement = str(o, "displacement");
      l.attribution = str(o, "attribution");
      l.drop_off = str(o, "drop_off");
      l.after = flag(o, "starts_year_after", false);
      in.lines.push_back(std::move(l));
    }
  }
  return in;
}

std::string rate_convention(const Context& ctx, const sroi::Analysis& a) {
  const auto& d = a.discount;
  auto same = [](const std::vector<sroi::RatePeriod>& x, const std::vector<sroi::RatePeriod>& y) {
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i)
      if (x[i].from_year != y[i].from_year || !(x[i].rate == y[i].rate)) return false;
    return true;
  };
  if (same(d, sroi::r109_schedule())) return ctx.t("impact_more.sroi.conventions.r109");
  if (d.size() == 1 && d.front().rate == sroi::uk_green_book_rate()) return ctx.t("impact_more.sroi.conventions.uk");
  if (d.size() == 1) return text(ctx, "conventions.rate_given", {{"rate", show_percent(d.front().rate, ctx.lang)}});
  std::string periods;
  for (auto& p : d) {
    if (!periods.empty()) periods += ", ";
    periods += ctx.t("impact_more.sroi.conventions.period",
                     {{"rate", show_percent(p.rate, ctx.lang)}, {"year", std::to_string(p.from_year + 1)}});
  }
  return ctx.t("impact_more.sroi.conventions.schedule", {{"periods", periods}});
}

std::string ratio_text(const Context& ctx, const sroi::Analysis& a) {
  auto r = sroi::ratio(a);
  return r ? text(ctx, "result.ratio_value", {{"ratio", show(*r, 2, ctx.lang)}}) : std::string();
}

}  // namespace samskap::impact::form
