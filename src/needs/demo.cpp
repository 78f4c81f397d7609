// Demo data for the marketplace: users who act for demo organisations, and needs drawn from the
// situations in the source documents, described in our own words.
#include "needs/demo.hpp"

#include <toml++/toml.h>

#include <chrono>
#include <stdexcept>

#include "accounts/store.hpp"
#include "directory/store.hpp"
#include "needs/dialogue_store.hpp"
#include "needs/proposal_store.hpp"
#include "needs/rules.hpp"
#include "needs/solution_store.hpp"
#include "needs/solutions.hpp"
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

std::int64_t need_titled(db::Connection& c, const std::string& title) {
  auto id = c.scalar_int("SELECT id FROM needs WHERE title = ?", {title});
  if (!id) throw std::runtime_error("demodata for behov: ukjent behov " + title);
  return *id;
}

std::pair<std::int64_t, std::string> user_with_email(db::Connection& c, const std::string& email) {
  std::pair<std::int64_t, std::string> out{0, ""};
  c.one("SELECT id, name FROM users WHERE email = ?", {email},
        [&](const db::Row& r) { out = {r.integer(0), r.str(1)}; });
  if (!out.first) throw std::runtime_error("demodata for behov: ukjent bruker " + email);
  return out;
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

  // Questions and answers, the dialogue log and proposals, through the same stores the pages use.
  if (auto questions = doc["question"].as_array())
    for (auto& node : *questions) {
      auto view = toml::node_view<const toml::node>(*node.as_table());
      auto need = need_titled(c, view["need"].value_or(std::string()));
      auto asker = user_with_email(c, view["asked_by"].value_or(std::string()));
      auto q = dialogue_store::ask(c, need, asker.first, view["question"].value_or(std::string()), days_ago(4));
      if (auto answer = view["answer"].value<std::string>()) {
        auto owner = user_with_email(c, view["answered_by"].value_or(std::string()));
        dialogue_store::answer(c, need, q, owner.first, *answer, days_ago(3));
      }
    }
  if (auto entries = doc["dialogue"].as_array())
    for (auto& node : *entries) {
      auto view = toml::node_view<const toml::node>(*node.as_table());
      auto need = need_titled(c, view["need"].value_or(std::string()));
      auto by = user_with_email(c, view["by"].value_or(std::string()));
      auto when = days_ago(view["days_ago"].value_or(std::int64_t{1}));
      dialogue_store::Version v;
      v.held_on = when.substr(0, 10);
      v.channel = view["channel"].value_or(std::string("meeting"));
      v.participants = view["participants"].value_or(std::string());
      v.summary = view["summary"].value_or(std::string());
      dialogue_store::add_entry(c, need, v, by.first, by.second, when);
    }
  if (auto proposals = doc["proposal"].as_array())
    for (auto& node : *proposals) {
      auto view = toml::node_view<const toml::node>(*node.as_table());
      proposal_store::NewProposal p;
      p.need_id = need_titled(c, view["need"].value_or(std::string()));
      p.organisation_id = organisation_named(c, view["organisation"].value_or(std::string()));
      p.created_by = user_with_email(c, view["by"].value_or(std::string())).first;
      p.summary = view["summary"].value_or(std::string());
      p.approach = view["approach"].value_or(std::string());
      p.timeline = view["timeline"].value_or(std::string());
      p.financing = view["financing"].value_or(std::string());
      p.confidential = view["confidential"].value_or(std::string());
      if (auto v = view["cost"].value<std::int64_t>()) p.cost = *v;
      p.now = days_ago(2);
      std::vector<std::int64_t> criteria;
      c.each("SELECT id FROM need_criteria WHERE need_id = ? ORDER BY position", {p.need_id},
             [&](const db::Row& r) { criteria.push_back(r.integer(0)); });
      if (auto answers = view["answers"].as_array()) {
        std::size_t i = 0;
        for (auto& a : *answers) {
          if (i >= criteria.size()) throw std::runtime_error("demodata for behov: flere svar enn kriterier");
          auto av = toml::node_view<const toml::node>(a);
          p.answers.push_back({criteria[i++], {av["expected"].value_or(std::string()), av["measurement"].value_or(std::string())}});
        }
      }
      proposal_store::create(c, p);
    }
  if (auto solutions = doc["solution"].as_array())
    for (auto& node : *solutions) {
      auto view = toml::node_view<const toml::node>(*node.as_table());
      solution_store::Solution sol;
      sol.organisation_id = organisation_named(c, view["organisation"].value_or(std::string()));
      sol.title = view["title"].value_or(std::string());
      sol.summary = view["summary"].value_or(std::string());
      sol.description = view["description"].value_or(std::string());
      sol.audience = view["audience"].value_or(std::string());
      sol.evidence = view["evidence"].value_or(std::string());
      sol.price_model = view["price_model"].value_or(std::string());
      sol.nationwide = view["nationwide"].value_or(false);
      sol.service_areas = strings(view["service_areas"]);
      sol.target_groups = strings(view["target_groups"]);
      sol.municipalities = strings(view["municipalities"]);
      for (auto& name : strings(view["references"])) sol.references.push_back({organisation_named(c, name), name, ""});
      sol.status = "published";
      sol.published_at = sol.created_at = sol.updated_at = days_ago(20);
      solution_store::create(c, sol, solution_search_text(sol, ref));
    }
}

}  // namespace samskap::needs
