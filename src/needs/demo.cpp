// Demo data for the marketplace: users who act for demo organisations, and needs drawn from the
// situations in the source documents, described in our own words.
#include "needs/demo.hpp"

#include <toml++/toml.h>

#include <chrono>
#include <stdexcept>

#include "accounts/store.hpp"
#include "directory/store.hpp"
#include "needs/rules.hpp"
#include "needs/store.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/config.hpp"
#include "platform/core/crypto.hpp"

namespace samskap::needs {

namespace {

std::vector<std::string> strings(const toml::node_view<const toml::node>& n) {
  std::vector<std::string> out;
  if (auto arr = n.as_array())
    for (auto& v : *arr)
      if (auto s = v.value<std::string>()) out.push_back(*s);
  return out;
}

std::int64_t organisation_named(db::Connection& c, const std::string& name) {
  auto id = c.scalar_int("SELECT id FROM organisations WHERE name = ?", {name});
  if (!id) throw std::runtime_error("demodata for behov: ukjent organisasjon " + name);
  return *id;
}

std::string days_ago(std::int64_t days) {
  return clock::iso_utc(std::chrono::system_clock::now() - std::chrono::hours(24 * days));
}

}  // namespace

void load_demo(db::Connection& c, const web::Services& s, const directory::Reference& ref,
               const std::filesystem::path& file) {
  auto doc = toml::parse_file(file.string());
  const auto now = clock::now_iso();
  const auto hash = crypto::hash_password("demo-passord-2026", s.config.argon2_ops, s.config.argon2_mem_kib);
  if (auto users = doc["user"].as_array())
    for (auto& node : *users) {
      auto view = toml::node_view<const toml::node>(*node.as_table());
      accounts::Account a;
      a.email = view["email"].value_or(std::string());
      a.name = view["name"].value_or(std::string());
      a.password_hash = hash;
      a.verified_at = now;
      a.created_at = now;
      auto user_id = accounts::store::create(c, a);
      for (auto& org : strings(view["organisations"]))
        directory::store::add_member(c, organisation_named(c, org), user_id, "admin", now);
    }
  if (auto needs = doc["need"].as_array())
    for (auto& node : *needs) {
      auto view = toml::node_view<const toml::node>(*node.as_table());
      Need n;
      n.organisation_id = organisation_named(c, view["owner"].value_or(std::string()));
      n.title = view["title"].value_or(std::string());
      n.situation = view["situation"].value_or(std::string());
      n.constraints = view["constraints"].value_or(std::string());
      if (auto v = view["value_min"].value<std::int64_t>()) n.value_min = *v;
      if (auto v = view["value_max"].value<std::int64_t>()) n.value_max = *v;
      n.timeframe = view["timeframe"].value_or(std::string());
      n.service_areas = strings(view["service_areas"]);
      n.target_groups = strings(view["target_groups"]);
      n.municipalities = strings(view["municipalities"]);
      if (auto criteria = view["criteria"].as_array()) {
        int position = 1;
        for (auto& k : *criteria) {
          auto kv = toml::node_view<const toml::node>(k);
          n.criteria.push_back({0, position++, kv["description"].value_or(std::string()),
                                kv["indicator"].value_or(std::string()), kv["baseline"].value_or(std::string()),
                                kv["target"].value_or(std::string())});
        }
      }
      web::FieldErrors errors;
      check_need(n, ref, errors);
      if (!errors.empty())
        throw std::runtime_error("demodata for behov: «" + n.title + "» har feil i feltet " + errors.items.front().first);
      const auto status = view["status"].value_or(std::string("draft"));
      const auto when = days_ago(view["days_ago"].value_or(std::int64_t{0}));
      n.status = "draft";
      n.created_at = n.updated_at = when;
      auto id = store::create(c, n, search_text_for(n, ref));
      // The demo walks the same status path a real need would, so events exist for followers.
      if (status != "draft") store::change_status(c, id, "draft", "published", "", when);
      if (status == "in_dialogue" || status == "solved" || status == "closed")
        store::change_status(c, id, "published", status == "in_dialogue" ? "in_dialogue" : status,
                             view["closing_note"].value_or(std::string()), when);
    }
}

}  // namespace samskap::needs
