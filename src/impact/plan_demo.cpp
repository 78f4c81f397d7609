#include "impact/plan_demo.hpp"

#include "common/lookup_store.hpp"

#include <toml++/toml.h>

#include <stdexcept>

#include "impact/plan_rules.hpp"
#include "impact/plan_store.hpp"
#include "platform/core/clock.hpp"

namespace samskap::impact {

namespace {

using View = toml::node_view<const toml::node>;

std::int64_t id_of(db::Connection& c, common::lookup_store::Named what, const std::string& name) {
  return common::lookup_store::id_of(c, what, name, "effektmåling");
}
using Named = common::lookup_store::Named;

std::int64_t indicator_id(db::Connection& c, const std::string& key) {
  return id_of(c, Named::indicator_by_seed_key, key);
}

std::optional<std::string> opt_string(const View& v) {
  if (auto s = v.value<std::string>()) return *s;
  return std::nullopt;
}

// A decimal as written in the demo file ("33,3"), stored the way the forms store it.
std::optional<std::string> decimal(const View& v) {
  auto s = opt_string(v);
  if (!s) return std::nullopt;
  auto d = parse_decimal(*s);
  if (!d) throw std::runtime_error("demodata for effektmåling: ugyldig tall " + *s);
  return d;
}

}  // namespace

void load_demo(db::Connection& c, const std::filesystem::path& file) {
  if (!std::filesystem::exists(file)) return;
  auto doc = toml::parse_file(file.string());
  const auto now = clock::now_iso();
  if (auto list = doc["requirement"].as_array())
    for (auto& node : *list) {
      View v(node);
      auto scheme = id_of(c, Named::scheme_by_name, v["scheme"].value_or(std::string()));
      std::vector<std::int64_t> ids;
      if (auto keys = v["indicators"].as_array())
        for (auto& k : *keys) ids.push_back(indicator_id(c, k.value_or(std::string())));
      store::set_required(c, scheme, ids);
    }
  if (auto list = doc["plan"].as_array())
    for (auto& node : *list) {
      View v(node);
      Plan p;
      p.organisation_id =
          id_of(c, Named::organisation_by_name, v["organisation"].value_or(std::string()));
      p.title = v["title"].value_or(std::string());
      p.project = v["project"].value_or(std::string());
      if (auto s = opt_string(v["scheme"])) p.scheme_id = id_of(c, Named::scheme_by_name, *s);
      auto user = id_of(c, Named::user_by_email, v["created_by"].value_or(std::string()));
      auto id = store::create_plan(c, p, user, now);
      store::save_text(c, id, "situation", v["situation"].value_or(std::string()), now);
      store::save_text(c, id, "goals", v["goals"].value_or(std::string()), now);
      store::save_text(c, id, "schedule", v["schedule"].value_or(std::string()), now);
      std::vector<TargetGroup> groups;
      if (auto gs = v["group"].as_array())
        for (auto& g : *gs) {
          View gv(g);
          TargetGroup t;
          t.name = gv["name"].value_or(std::string());
          if (auto n = gv["size"].value<std::int64_t>()) t.size = *n;
          t.characteristics = gv["characteristics"].value_or(std::string());
          groups.push_back(std::move(t));
        }
      store::save_groups(c, id, groups, now);
      std::vector<std::int64_t> chosen;
      if (auto is = v["indicator"].as_array())
        for (auto& i : *is) chosen.push_back(indicator_id(c, View(i)["key"].value_or(std::string())));
      store::save_indicators(c, id, chosen, now);
      if (auto is = v["indicator"].as_array())
        for (auto& i : *is) {
          View iv(i);
          auto ind = indicator_id(c, iv["key"].value_or(std::string()));
          store::save_baseline(c, id, ind, decimal(iv["baseline"]), opt_string(iv["baseline_date"]), decimal(iv["target"]),
                               now);
          if (auto ms = iv["measurement"].as_array())
            for (auto& m : *ms) {
              View mv(m);
              Measurement x;
              x.indicator_id = ind;
              x.measured_on = mv["date"].value_or(std::string());
              x.period_end = mv["period_end"].value_or(std::string());
              x.value = decimal(mv["value"]).value_or("");
              if (auto n = mv["sample_size"].value<std::int64_t>()) x.sample_size = *n;
              x.evidence = mv["evidence"].value_or(std::string());
              store::add_measurement(c, id, x, user, now);
            }
        }
      if (auto es = v["evaluation"].as_array())
        for (auto& e : *es) {
          View ev(e);
          store::add_evaluation(c, id,
                                {0, ev["date"].value_or(std::string()), ev["findings"].value_or(std::string()),
                                 ev["adjustments"].value_or(std::string())},
                                user, now);
        }
    }
  if (auto list = doc["ferd"].as_array())
    for (auto& node : *list) {
      View v(node);
      FerdYear f;
      f.organisation_id =
          id_of(c, Named::organisation_by_name, v["organisation"].value_or(std::string()));
      f.year = static_cast<int>(v["year"].value_or(std::int64_t{0}));
      f.high_contact = v["high_contact"].value_or(std::int64_t{0});
      f.low_contact = v["low_contact"].value_or(std::int64_t{0});
      f.success_criterion = v["success_criterion"].value_or(std::string());
      if (auto n = v["success_percent"].value<std::int64_t>()) f.success_percent = *n;
      if (auto n = v["revenue"].value<std::int64_t>()) f.revenue = *n;
      if (auto n = v["result"].value<std::int64_t>()) f.result = *n;
      f.story = v["story"].value_or(std::string());
      f.story_about_person = v["story_about_person"].value_or(false);
      f.story_consent = v["story_consent"].value_or(false);
      auto user = id_of(c, Named::user_by_email, v["updated_by"].value_or(std::string()));
      store::save_ferd(c, f, user, now);
    }
}

}  // namespace samskap::impact
