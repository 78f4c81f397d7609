#include "grants/demo.hpp"

#include "common/lookup_store.hpp"

#include <date/date.h>
#include <toml++/toml.h>

#include <stdexcept>

#include "grants/attachments_store.hpp"
#include "grants/review_store.hpp"
#include "grants/rules.hpp"
#include "grants/store.hpp"
#include "needs/rules.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/crypto.hpp"

namespace samskap::grants {

namespace {

using View = toml::node_view<const toml::node>;

std::int64_t id_of(db::Connection& c, common::lookup_store::Named what, const std::string& name) {
  return common::lookup_store::id_of(c, what, name, "tilskudd");
}
using Named = common::lookup_store::Named;

std::vector<std::string> strings(const View& n) {
  std::vector<std::string> out;
  if (auto arr = n.as_array())
    for (auto& v : *arr)
      if (auto s = v.value<std::string>()) out.push_back(*s);
  return out;
}

// Today's date in Oslo moved by `days`, as "YYYY-MM-DD".
std::string oslo_day(long days) {
  auto today = oslo_date_of(clock::now_iso());
  int y = std::stoi(today.substr(0, 4)), m = std::stoi(today.substr(5, 2)), d = std::stoi(today.substr(8, 2));
  date::sys_days day = date::year{y} / m / d;
  day += date::days{days};
  return date::format("%Y-%m-%d", day);
}

// A call's date: "MM-DD" in this year moved by year_offset, or today moved by a number of days.
std::string call_day(const View& call, const char* month_day_key, const char* days_key) {
  if (auto md = call[month_day_key].value<std::string>()) {
    int year = std::stoi(oslo_date_of(clock::now_iso()).substr(0, 4)) +
               static_cast<int>(call["year_offset"].value_or(std::int64_t{0}));
    return std::to_string(year) + "-" + *md;
  }
  return oslo_day(static_cast<long>(call[days_key].value_or(std::int64_t{0})));
}

// The UTC instant of noon in Oslo `days` after the day `iso` falls on.
std::string days_after(const std::string& iso, long days) {
  auto day = oslo_date_of(iso);
  int y = std::stoi(day.substr(0, 4)), m = std::stoi(day.substr(5, 2)), d = std::stoi(day.substr(8, 2));
  date::year_month_day ymd{date::sys_days(date::year{y} / m / d) + date::days{days}};
  auto out = oslo_to_utc_iso(static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                             static_cast<unsigned>(ymd.day()), 12, 0, 0);
  if (!out) throw std::runtime_error("demodata for tilskudd: ugyldig dato");
  return *out;
}

// Submission, reviews and the decision of an application in a call that has closed, with the
// audit log they leave, as if they had happened on the days given.
void handle_demo(db::Connection& c, const View& v, const Application& a, const store::CallView& call) {
  const auto opens = call.call.opens_at;
  const auto submitter = *a.created_by;
  const auto submitted = days_after(opens, static_cast<long>(v["submitted_days_after_opening"].value_or(std::int64_t{0})));
  store::submit(c, a.id, submitter, submitted);
  auto sets = store::rule_sets_of(c, call.scheme.id);
  auto* rules = rule_set_in_force(sets, oslo_date_of(opens));
  if (auto reviews = v["review"].as_array())
    for (auto& node : *reviews) {
      View r(node);
      auto reviewer = id_of(c, Named::user_by_email, r["reviewer"].value_or(std::string()));
      const auto owner_user = id_of(c, Named::user_by_email,
                                    v["decision"]["by"].value_or(std::string()));
      const auto assigned = days_after(submitted, 7);
      store::assign_reviewer(c, a.id, reviewer, owner_user, assigned);
      store::change_stage(c, a.id, "submitted", "under_review", "Sakkyndig oppnevnt", owner_user, assigned);
      const bool impartial = r["impartial"].value_or(false);
      store::declare(c, a.id, reviewer, impartial, r["note"].value_or(std::string()), days_after(submitted, 8));
      if (!impartial || !rules) continue;
      std::vector<store::ScoreInput> scores;
      for (auto& p : rules->priorities)
        if (auto score = r["scores"][p.key].value<std::int64_t>())
          scores.push_back({p.key, static_cast<int>(*score), r["comment"].value_or(std::string())});
      store::save_scores(c, a.id, reviewer, scores, days_after(submitted, 14));
    }
  if (auto decision = v["decision"]; decision.is_table()) {
    store::Decision d;
    d.application_id = a.id;
    d.outcome = decision["outcome"].value_or(std::string());
    if (auto amount = decision["amount"].value<std::int64_t>()) d.amount = *amount;
    d.period_from = decision["period_from"].value_or(std::string());
    d.period_to = decision["period_to"].value_or(std::string());
    d.conditions = decision["conditions"].value_or(std::string());
    d.reason = decision["reason"].value_or(std::string());
    d.pot_year = std::stoi(oslo_date_of(opens).substr(0, 4));
    auto by = id_of(c, Named::user_by_email, decision["by"].value_or(std::string()));
    auto at = days_after(opens, static_cast<long>(decision["days_after_opening"].value_or(std::int64_t{0})));
    if (store::decide(c, call.scheme.id, d, by, at) != store::DecideResult::ok)
      throw std::runtime_error("demodata for tilskudd: vedtaket på «" + a.title + "» kan ikke fattes");
  }
}

// A small PDF for each attachment the rule set requires, so the demo applications are complete.
void add_demo_files(db::Connection& c, const Application& a, const RuleSet& rules) {
  for (std::size_t i = 0; i < rules.required_attachments.size(); ++i) {
    const auto& label = rules.required_attachments[i];
    store::File f;
    f.application_id = a.id;
    f.requirement = required_attachment_tag(i);
    f.filename = needs::clean_filename(label + ".pdf");
    f.content_type = "application/pdf";
    f.data = "%PDF-1.4\n% " + label + " (" + a.title + ")\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
    f.size = static_cast<std::int64_t>(f.data.size());
    f.sha256 = crypto::sha256_hex(f.data);
    f.created_at = a.created_at;
    if (!store::add_file(c, f, *a.created_by))
      throw std::runtime_error("demodata for tilskudd: vedlegg til «" + a.title + "» kan ikke legges til");
  }
}

RuleSet rule_set_from(const View& v) {
  RuleSet r;
  r.valid_from = v["valid_from"].value_or(std::string("2018-01-01"));
  r.max_months = static_cast<int>(v["max_months"].value_or(std::int64_t{12}));
  r.cooperation_agreement_required = v["cooperation_agreement_required"].value_or(false);
  r.min_cofinancing_percent = static_cast<int>(v["min_cofinancing_percent"].value_or(std::int64_t{0}));
  if (auto arr = v["eligibility"].as_array())
    for (auto& e : *arr) {
      View ev(e);
      r.eligibility.push_back({ev["key"].value_or(std::string()), ev["kind"].value_or(std::string()),
                               strings(ev["values"]), ev["statement"].value_or(std::string())});
    }
  if (auto arr = v["priorities"].as_array())
    for (auto& p : *arr) {
      View pv(p);
      r.priorities.push_back({pv["key"].value_or(std::string()), pv["label"].value_or(std::string()),
                              static_cast<int>(pv["weight"].value_or(std::int64_t{1}))});
    }
  r.required_attachments = strings(v["attachments"]);
  return r;
}

}  // namespace

void load_demo(db::Connection& c, const std::filesystem::path& file) {
  auto doc = toml::parse_file(file.string());
  const auto now = clock::now_iso();
  if (auto schemes = doc["scheme"].as_array())
    for (auto& node : *schemes) {
      View v(*node.as_table());
      Scheme s;
      s.organisation_id = id_of(c, Named::organisation_by_name, v["owner"].value_or(std::string()));
      s.name = v["name"].value_or(std::string());
      s.purpose = v["purpose"].value_or(std::string());
      s.target_group = v["target_group"].value_or(std::string());
      s.annual_pot = v["annual_pot"].value_or(std::int64_t{0});
      s.created_at = s.updated_at = now;
      auto scheme_id = store::create_scheme(c, s);
      if (auto area = v["service_area"].value<std::string>()) store::set_scheme_service_area(c, scheme_id, *area);
      if (auto sets = v["rule_set"].as_array())
        for (auto& r : *sets) {
          auto rules = rule_set_from(View(r));
          auto problems = check_rule_set(rules);
          if (!problems.empty())
            throw std::runtime_error("demodata for tilskudd: regelsettet for «" + s.name + "» har feil i " +
                                     problems.front().first);
          store::add_rule_set(c, scheme_id, rules, now);
        }
      if (auto calls = v["call"].as_array())
        for (auto& k : *calls) {
          View kv(k);
          Call call;
          call.scheme_id = scheme_id;
          call.title = kv["title"].value_or(std::string());
          call.text = kv["text"].value_or(std::string());
          auto opens = opening_of_day(call_day(kv, "opens", "opens_days"));
          auto closes = closing_of_day(call_day(kv, "closes", "closes_days"));
          if (!opens || !closes) throw std::runtime_error("demodata for tilskudd: ugyldig dato i «" + call.title + "»");
          call.opens_at = *opens;
          call.closes_at = *closes;
          call.created_at = call.updated_at = now;
          for (auto& title : strings(kv["needs"]))
            call.need_ids.push_back(id_of(c, Named::need_by_title, title));
          store::create_call(c, call);
        }
    }
  if (auto apps = doc["application"].as_array())
    for (auto& node : *apps) {
      View v(*node.as_table());
      Application a;
      a.call_id = id_of(c, Named::call_by_title, v["call"].value_or(std::string()));
      auto call = store::find_call(c, a.call_id);
      auto sets = store::rule_sets_of(c, call->scheme.id);
      auto* rules = rule_set_in_force(sets, oslo_date_of(call->call.opens_at));
      if (!rules) throw std::runtime_error("demodata for tilskudd: ingen regler for " + call->call.title);
      a.rule_set_id = rules->id;
      a.organisation_id = id_of(c, Named::organisation_by_name,
                                v["organisation"].value_or(std::string()));
      a.created_by = id_of(c, Named::user_by_email, v["created_by"].value_or(std::string()));
      a.title = v["title"].value_or(std::string());
      a.description = v["description"].value_or(std::string());
      a.target_group = v["target_group"].value_or(std::string());
      a.period_from = v["period_from"].value_or(std::string());
      a.period_to = v["period_to"].value_or(std::string());
      a.municipalities = strings(v["municipalities"]);
      a.created_at = a.updated_at = now;
      if (v["submitted_days_after_opening"]) a.created_at = a.updated_at = days_after(call->call.opens_at, 1);
      a.id = store::create_application(c, a);
      store::save_project(c, a, now);
      std::vector<common::Criterion> results;
      if (auto arr = v["results"].as_array())
        for (auto& r : *arr) {
          View rv(r);
          results.push_back({0, 0, rv["description"].value_or(std::string()), rv["indicator"].value_or(std::string()),
                             rv["baseline"].value_or(std::string()), rv["target"].value_or(std::string())});
        }
      store::save_results(c, a.id, results, now);
      std::vector<BudgetLine> budget;
      std::vector<FinancingLine> financing;
      if (auto arr = v["budget"].as_array())
        for (auto& b : *arr) {
          View bv(b);
          budget.push_back({bv["category"].value_or(std::string()), static_cast<int>(bv["year"].value_or(std::int64_t{0})),
                            bv["amount"].value_or(std::int64_t{0})});
        }
      if (auto arr = v["financing"].as_array())
        for (auto& f : *arr) {
          View fv(f);
          FinancingLine line{fv["source"].value_or(std::string()), fv["description"].value_or(std::string()),
                             fv["amount"].value_or(std::int64_t{0})};
          if (!is_financing_source(line.source))
            throw std::runtime_error("demodata for tilskudd: ukjent finansieringskilde " + line.source);
          financing.push_back(std::move(line));
        }
      store::save_budget(c, a.id, budget, financing, now);
      std::vector<Declaration> declarations;
      if (auto arr = v["declarations"].as_array())
        for (auto& x : *arr) {
          View xv(x);
          declarations.push_back({xv["rule"].value_or(std::string()), true, xv["explanation"].value_or(std::string())});
        }
      store::save_conditions(c, a.id, v["cooperation_agreement"].value_or(false), declarations, now);
      add_demo_files(c, a, *rules);
      if (v["submitted_days_after_opening"]) handle_demo(c, v, a, *call);
    }
}

}  // namespace samskap::grants
