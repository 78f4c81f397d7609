#include "accounts/feature.hpp"

#include <filesystem>
#include <memory>

#include "accounts/routes.hpp"
#include "accounts/store.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/config.hpp"
#include "platform/core/crypto.hpp"

namespace samskap::accounts {

namespace {

// Fictitious people for the demo: obviously invented names, example.no addresses.
constexpr const char* kGiven[] = {"Ada", "Bjørn", "Cecilie", "Dag", "Eli", "Frode", "Gro", "Håkon", "Ingrid", "Jens",
                                  "Kari", "Lars", "Mari", "Nils", "Oda", "Per", "Randi", "Siri", "Tor", "Unni",
                                  "Vidar", "Wenche", "Åse", "Øystein"};
constexpr const char* kFamily[] = {"Prøvesen", "Eksempelstad", "Testrud", "Demoberg", "Fiktivsen", "Oppdiktet"};

void demo(db::Connection& c, const web::Services& s) {
  auto now = clock::now_iso();
  Account admin;
  admin.email = "admin@example.no";
  admin.name = "Demo Administrator";
  admin.role = "admin";
  admin.password_hash = crypto::hash_password("demo-passord-2026", s.config.argon2_ops, s.config.argon2_mem_kib);
  admin.verified_at = now;
  admin.created_at = now;
  store::create(c, admin);

  Account gardener = admin;
  gardener.email = "koordinator@example.no";
  gardener.name = "Gro Gartner (demo)";
  gardener.role = "coordinator";
  store::create(c, gardener);

  // Users without a usable password (the hash field holds no valid hash): they fill the lists.
  int n = 0;
  for (auto family : kFamily)
    for (auto given : kGiven) {
      Account a;
      a.name = std::string(given) + " " + family;
      a.email = "bruker" + std::to_string(++n) + "@example.no";
      a.password_hash = "!";
      a.created_at = now;
      if (n % 5 != 0) a.verified_at = now;
      store::create(c, a);
    }
}

}  // namespace

web::Feature feature() {
  auto policy = std::make_shared<web::PasswordPolicy>();
  return {
      .name = "accounts",
      // The routes borrow the policy; the feature, kept by the app, owns it.
      .mount =
          [policy](web::Router& r, const web::Services& s) {
            policy->load(std::filesystem::path(s.config.resources_dir) / "content" / "common-passwords.txt");
            mount_routes(r, *policy);
          },
      .demo = demo,
  };
}

}  // namespace samskap::accounts
