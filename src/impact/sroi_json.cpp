#include "impact/sroi_json.hpp"

#include <nlohmann/json.hpp>

namespace samskap::impact::sroi {

namespace {

using nlohmann::json;

// Builds a json tree from SAX events, keeping every number as its literal text (in a binary
// value, a type JSON text itself cannot produce), so 0.1 stays exactly one tenth.
class LiteralSax {
 public:
  json root;

  bool null() { return add(json(nullptr)); }
  bool boolean(bool b) { return add(json(b)); }
  bool number_integer(json::number_integer_t v) { return add_number(std::to_string(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return add_number(std::to_string(v)); }
  bool number_float(json::number_float_t, const std::string& s) { return add_number(s); }
  bool string(std::string& s) { return add(json(std::move(s))); }
  bool binary(json::binary_t&) { return false; }
  bool start_object(std::size_t) { return open(json::object()); }
  bool key(std::string& k) {
    key_ = std::move(k);
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t) { return open(json::array()); }
  bool end_array() { return close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) {
    number_overflow = e.id == 406;  // a valid number too large for the parser's double
    return false;
  }
  bool number_overflow = false;

 private:
  static constexpr std::size_t max_depth = 8;
  json* place(json v) {
    if (stack_.empty()) {
      root = std::move(v);
      return &root;
    }
    json& top = *stack_.back();
    if (top.is_object()) return &(top[key_] = std::move(v));
    top.push_back(std::move(v));
    return &top.back();
  }
  bool add(json v) { return place(std::move(v)) != nullptr; }
  bool add_number(const std::string& s) { return add(json::binary(json::binary_t::container_type(s.begin(), s.end()))); }
  bool open(json v) {
    if (stack_.size() >= max_depth) return false;
    stack_.push_back(place(std::move(v)));
    return true;
  }
  bool close() {
    stack_.pop_back();
    return true;
  }
  std::vector<json*> stack_;
  std::string key_;
};

class Reader {
 public:
  explicit Reader(std::vector<JsonError>& errors) : errors_(errors) {}

  void error(const std::string& field, const std::string& key) {
    for (auto& e : errors_)
      if (e.field == field) return;  // one message per field
    errors_.push_back({field, key});
  }

  // How many decimals each kind of number may have: øre for amounts, a millionth for shares.
  enum class Kind { amount, share, quantity };

  std::optional<Exact> number(const json& o, const std::string& name, const std::string& field, bool required,
                              Kind kind, const Exact& fallback = Exact(0)) {
    auto it = o.find(name);
    if (it == o.end() || it->is_null()) {
      if (required) error(field, "required");
      return required ? std::nullopt : std::optional<Exact>(fallback);
    }
    if (!it->is_binary()) {
      error(field, "number_expected");
      return std::nullopt;
    }
    auto& b = it->get_binary();
    std::string literal(b.begin(), b.end());
    if (!Exact::parse(literal, 18, 18)) {
      error(field, "number_range");
      return std::nullopt;
    }
    auto v = Exact::parse(literal, 18, 18, kind == Kind::amount ? 2 : 6);
    if (!v) error(field, kind == Kind::amount ? "decimals_amount" : kind == Kind::share ? "decimals_share" : "decimals_quantity");
    return v;
  }

  std::optional<int> whole(const json& o, const std::string& name, const std::string& field, bool required,
                           const std::string& range_key, int fallback = 0) {
    auto n = number(o, name, field, required, Kind::quantity, Exact(fallback));
    if (!n) return std::nullopt;
    // A whole number within the limits a year count can have.
    for (int v = -1; v <= max_years + 1; ++v)
      if (*n == Exact(v)) return v;
    error(field, range_key);
    return std::nullopt;
  }

  bool boolean(const json& o, const std::string& name, const std::string& field, bool fallback) {
    auto it = o.find(name);
    if (it == o.end() || it->is_null()) return fallback;
    if (!it->is_boolean()) {
      error(field, "boolean_expected");
      return fallback;
    }
    return it->get<bool>();
  }

 private:
  std::vector<JsonError>& errors_;
};

std::string indexed(const char* list, std::size_t i, const char* field) {
  return std::string(list) + "[" + std::to_string(i) + "]." + field;
}

// Writes JSON text with exact numbers as fixed decimals (never through a double).
class Writer {
 public:
  std::string out;
  Writer& key(std::string_view k) {
    comma();
    out += json(std::string(k)).dump();
    out += ':';
    after_key_ = true;
    return *this;
  }
  Writer& num(const Exact& v, int decimals) { return raw(v.fixed(decimals)); }
  Writer& num(const std::optional<Exact>& v, int decimals) { return v ? num(*v, decimals) : raw("null"); }
  Writer& integer(long v) { return raw(std::to_string(v)); }
  Writer& str(std::string_view s) { return raw(json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace)); }
  Writer& boolean(bool b) { return raw(b ? "true" : "false"); }
  Writer& null() { return raw("null"); }
  Writer& begin_object() { return open('{'); }
  Writer& end_object() { return close('}'); }
  Writer& begin_array() { return open('['); }
  Writer& end_array() { return close(']'); }

 private:
  void comma() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (!first_.empty()) {
      if (!first_.back()) out += ',';
      first_.back() = false;
    }
  }
  Writer& raw(std::string_view s) {
    comma();
    out += s;
    return *this;
  }
  Writer& open(char c) {
    comma();
    out += c;
    first_.push_back(true);
    return *this;
  }
  Writer& close(char c) {
    out += c;
    first_.pop_back();
    return *this;
  }
  std::vector<bool> first_;
  bool after_key_ = false;
};

}  // namespace

std::string api_field(const Issue& i) {
  if (i.list.empty()) return i.field;
  return i.list + "[" + std::to_string(i.index) + "]." + i.field;
}

std::optional<Request> parse_request(std::string_view body, std::vector<JsonError>& errors) {
  LiteralSax sax;
  bool ok = false;
  try {
    ok = json::sax_parse(body, &sax);
  } catch (const std::exception&) {
    ok = false;
  }
  if (!ok) {
    errors.push_back({"body", sax.number_overflow ? "number_range" : "invalid_json"});
    return std::nullopt;
  }
  const json& root = sax.root;
  if (!root.is_object()) {
    errors.push_back({"body", "object_expected"});
    return std::nullopt;
  }
  Reader rd(errors);
  Request req;
  Analysis& a = req.analysis;

  if (auto it = root.find("discount_schedule"); it != root.end() && it->is_string()) {
    // A named schedule: "r109" (Finansdepartementet's R-109) or "uk" (a constant 3.5 %).
    const auto name = it->get<std::string>();
    if (name == "r109") {
      a.discount = r109_schedule();
      req.schedule_name = name;
    } else if (name == "uk") {
      a.discount = constant_rate(uk_green_book_rate());
      req.schedule_given = true;
      req.schedule_name = name;
    } else {
      rd.error("discount_schedule", "schedule_choice");
    }
  } else if (auto it = root.find("discount_schedule"); it != root.end() && !it->is_null()) {
    req.schedule_given = true;
    if (!it->is_array() || it->empty() || it->size() > 10) {
      rd.error("discount_schedule", "schedule_order");
    } else {
      for (std::size_t i = 0; i < it->size(); ++i) {
        const json& p = (*it)[i];
        if (!p.is_object()) {
          rd.error("discount_schedule", "schedule_order");
          break;
        }
        auto from = rd.whole(p, "from_year", indexed("discount_schedule", i, "from_year"), true, "schedule_order");
        auto rate = rd.number(p, "rate", indexed("discount_schedule", i, "rate"), true, Reader::Kind::share);
        if (from && rate) a.discount.push_back({*from, *rate});
      }
    }
  } else if (auto rate = rd.number(root, "discount_rate", "discount_rate", false, Reader::Kind::share, Exact(-1))) {
    if (*rate == Exact(-1)) a.discount = r109_schedule();  // not given
    else {
      a.discount = constant_rate(*rate);
      req.schedule_given = true;
    }
  }
  a.first_year_discounted = rd.boolean(root, "first_year_discounted", "first_year_discounted", true);
  if (auto it = root.find("drop_off_starts"); it != root.end() && !it->is_null()) {
    if (it->is_string() && it->get<std::string>() == "first_year") a.drop_off_start = DropOffStart::first_year;
    else if (!(it->is_string() && it->get<std::string>() == "second_year"))
      rd.error("drop_off_starts", "drop_off_starts");
  }
  req.sensitivity = rd.boolean(root, "sensitivity", "sensitivity", false);
  if (auto p = rd.number(root, "sensitivity_percent", "sensitivity_percent", false, Reader::Kind::share,
                             Exact::fraction(1, 10)))
    req.sensitivity_percent = *p;

  if (auto it = root.find("investments"); it != root.end() && !it->is_null()) {
    if (!it->is_array()) rd.error("investments", "list_expected");
    else if (it->size() > static_cast<std::size_t>(max_investments)) rd.error("investments", "too_many_investments");
    else
      for (std::size_t i = 0; i < it->size(); ++i) {
        const json& o = (*it)[i];
        if (!o.is_object()) {
          rd.error("investments[" + std::to_string(i) + "]", "object_expected");
          continue;
        }
        auto year = rd.whole(o, "year", indexed("investments", i, "year"), false, "year_range", 0);
        auto amount = rd.number(o, "amount", indexed("investments", i, "amount"), true, Reader::Kind::amount);
        a.investments.push_back({year.value_or(0), amount.value_or(Exact(0))});
      }
  }

  auto lines = root.find("lines");
  if (lines == root.end() || lines->is_null()) rd.error("lines", "no_lines");
  else if (!lines->is_array()) rd.error("lines", "list_expected");
  else if (lines->size() > static_cast<std::size_t>(max_lines)) rd.error("lines", "too_many_lines");
  else
    for (std::size_t i = 0; i < lines->size(); ++i) {
      const json& o = (*lines)[i];
      if (!o.is_object()) {
        rd.error("lines[" + std::to_string(i) + "]", "object_expected");
        continue;
      }
      Line l;
      if (auto n = o.find("name"); n != o.end() && n->is_string()) l.name = n->get<std::string>();
      else if (n != o.end() && !n->is_null()) rd.error(indexed("lines", i, "name"), "text_expected");
      l.quantity = rd.number(o, "quantity", indexed("lines", i, "quantity"), true, Reader::Kind::quantity).value_or(Exact(0));
      l.proxy = rd.number(o, "proxy", indexed("lines", i, "proxy"), true, Reader::Kind::amount).value_or(Exact(0));
      l.duration = rd.whole(o, "duration", indexed("lines", i, "duration"), true, "duration_range").value_or(1);
      l.deadweight = rd.number(o, "deadweight", indexed("lines", i, "deadweight"), false, Reader::Kind::share).value_or(Exact(0));
      l.displacement = rd.number(o, "displacement", indexed("lines", i, "displacement"), false, Reader::Kind::share).value_or(Exact(0));
      l.attribution = rd.number(o, "attribution", indexed("lines", i, "attribution"), false, Reader::Kind::share).value_or(Exact(0));
      l.drop_off = rd.number(o, "drop_off", indexed("lines", i, "drop_off"), false, Reader::Kind::share).value_or(Exact(0));
      l.starts_year_after = rd.boolean(o, "starts_year_after", indexed("lines", i, "starts_year_after"), false);
      a.lines.push_back(std::move(l));
    }

  // Range checks on what could be read; a field already reported keeps its first message.
  auto issues = validate(a);
  if (req.sensitivity) {
    auto p = validate_percent(req.sensitivity_percent);
    issues.insert(issues.end(), p.begin(), p.end());
  }
  for (auto& i : issues) {
    auto field = api_field(i);
    // A schedule's problems are reported on the field the caller used.
    if (i.field == "discount_rate" && root.contains("discount_schedule")) field = "discount_schedule";
    rd.error(field, i.key);
  }
  if (!errors.empty()) return std::nullopt;
  return req;
}

std::string write_result(const Request& req, const Result& r, const std::optional<Sensitivity>& sens,
                         const std::optional<Exact>& comparison_ratio, const std::vector<Issue>& warnings,
                         const std::function<std::string(const std::string&)>& text) {
  const auto& a = req.analysis;
  Writer w;
  w.begin_object();
  w.key("present_value").num(r.present_value, 2);
  w.key("investment_total").num(r.investment_total, 2);
  w.key("investment_present_value").num(r.investment_present_value, 2);
  w.key("net_present_value").num(r.net_present_value, 2);
  w.key("first_year_impact").num(r.first_year_impact, 2);
  w.key("ratio").num(r.ratio, 4);
  if (r.ratio) {
    std::string two = r.ratio->fixed(2);
    for (auto& c : two)
      if (c == '.') c = ',';
    w.key("ratio_text").str(two + " : 1");
  } else {
    w.key("ratio_text").null();
    w.key("reason_code").str(r.ratio_reason);
    w.key("reason").str(text("reasons." + r.ratio_reason));
  }
  w.key("payback_months").num(r.payback_months, 2);
  if (!r.payback_months) {
    w.key("payback_reason_code").str(r.payback_reason);
    w.key("payback_reason").str(text("payback_reasons." + r.payback_reason));
  }

  w.key("conventions").begin_object();
  w.key("discount_rate").num(a.discount.front().rate, 6);
  w.key("discount_schedule").begin_array();
  for (auto& p : a.discount) {
    w.begin_object();
    w.key("from_year").integer(p.from_year);
    w.key("rate").num(p.rate, 6);
    w.end_object();
  }
  w.end_array();
  w.key("discount_rate_source").str(!req.schedule_name.empty() ? req.schedule_name
                                    : req.schedule_given        ? "given"
                                                                : "r109");
  w.key("first_year_discounted").boolean(a.first_year_discounted);
  w.key("drop_off_starts").str(a.drop_off_start == DropOffStart::first_year ? "first_year" : "second_year");
  w.key("up_front_investment_year").integer(0);
  w.key("decimals").begin_object();
  w.key("amounts").integer(2);
  w.key("ratios").integer(4);
  w.key("shares").integer(6);
  w.key("months").integer(2);
  w.end_object();
  w.end_object();

  w.key("comparison").begin_object();
  w.key("discount_rate").num(uk_green_book_rate(), 6);
  w.key("source").str(text("conventions.uk_source"));
  w.key("ratio").num(comparison_ratio, 4);
  w.end_object();

  w.key("by_year").begin_array();
  for (auto& y : r.by_year) {
    w.begin_object();
    w.key("year").integer(y.year);
    w.key("discount_factor").num(y.factor, 6);
    w.key("value").num(y.value, 2);
    w.key("present_value").num(y.value_present, 2);
    w.key("investment").num(y.investment, 2);
    w.key("investment_present_value").num(y.investment_present, 2);
    w.end_object();
  }
  w.end_array();

  w.key("by_line").begin_array();
  for (std::size_t i = 0; i < r.by_line.size(); ++i) {
    auto& l = r.by_line[i];
    w.begin_object();
    w.key("name").str(a.lines[i].name);
    w.key("first_year_impact").num(l.first_year_impact, 2);
    w.key("total_value").num(l.total_value, 2);
    w.key("present_value").num(l.present_value, 2);
    w.end_object();
  }
  w.end_array();

  w.key("warnings").begin_array();
  for (auto& i : warnings) {
    w.begin_object();
    w.key("field").str(api_field(i));
    w.key("code").str(i.key);
    w.key("message").str(text("warnings." + i.key));
    w.end_object();
  }
  w.end_array();

  if (req.sensitivity) {
    w.key("sensitivity");
    if (!sens) {
      w.null();
      w.key("sensitivity_reason").str(text("reasons." + r.ratio_reason));
    } else {
      w.begin_object();
      w.key("percent").num(sens->percent, 6);
      w.key("uniform_break_even_factor").num(sens->uniform_factor, 6);
      w.key("swings").begin_array();
      for (auto& s : sens->swings) {
        w.begin_object();
        w.key("assumption").str(s.assumption);
        w.key("low_ratio").num(s.low_ratio, 4);
        w.key("high_ratio").num(s.high_ratio, 4);
        w.end_object();
      }
      w.end_array();
      w.key("lines").begin_array();
      for (std::size_t i = 0; i < sens->lines.size(); ++i) {
        auto& b = sens->lines[i];
        w.begin_object();
        w.key("name").str(a.lines[i].name);
        w.key("break_even_proxy").num(b.proxy, 2);
        w.key("break_even_deadweight").num(b.deadweight, 6);
        if (!b.proxy) w.key("break_even_proxy_reason").str(text("not_reachable"));
        if (!b.deadweight) w.key("break_even_deadweight_reason").str(text("not_reachable"));
        w.end_object();
      }
      w.end_array();
      w.end_object();
    }
  }
  w.end_object();
  return std::move(w.out);
}

}  // namespace samskap::impact::sroi
