// samskap: the command-line program. serve, migrate, demo, user, backup, routes, version.
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "accounts/feature.hpp"
#include "accounts/store.hpp"
#include "directory/feature.hpp"
#include "needs/feature.hpp"
#include "directory/register/import.hpp"
#include "needs/follow_feature.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/config.hpp"
#include "platform/core/crypto.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrate.hpp"
#include "platform/http/server.hpp"
#include "platform/jobs/queue.hpp"
#include "platform/jobs/worker.hpp"
#include "platform/mail/mailer.hpp"
#include "platform/render/i18n.hpp"
#include "platform/render/template.hpp"
#include "platform/web/app.hpp"
#include "platform/web/password_policy.hpp"
#include "platform/web/session_store.hpp"
#include "site/feature.hpp"

extern char** environ;

namespace samskap {
namespace {

// The features of the platform, in the order their routes and demo data are added.
std::vector<web::Feature> features() {
  return {site::feature(), accounts::feature(), directory::feature(), needs::feature(), needs::follow_feature()};
}

struct Runtime {
  Config config;
  std::unique_ptr<db::Pool> pool;
  render::Templates templates;
  render::Catalogue catalogue;
  std::unique_ptr<mail::Mailer> mailer;
  std::unique_ptr<web::Services> services;
};

std::filesystem::path resources(const Config& c) { return c.resources_dir; }

void open_database(Runtime& rt) {
  rt.pool = std::make_unique<db::Pool>(db::parse_url(rt.config.database), static_cast<std::size_t>(rt.config.db_pool));
  auto conn = rt.pool->acquire();
  auto applied = db::migrate(*conn, resources(rt.config) / "migrations");
  for (int v : applied) spdlog::info("migrering {} er tatt i bruk", v);
  for (auto& f : features())
    if (f.sync) f.sync(*conn, rt.config);
}

void build_services(Runtime& rt) {
  rt.templates.load_dir(resources(rt.config) / "templates");
  rt.catalogue.load_dir(resources(rt.config) / "content" / "i18n");
  rt.mailer = std::make_unique<mail::Mailer>(mail::MailerOptions{rt.config.smtp_url, rt.config.smtp_user,
                                                                  rt.config.smtp_password, rt.config.mail_from,
                                                                  rt.config.outbox_dir});
  std::string secret;
  {
    auto conn = rt.pool->acquire();
    secret = web::session_store::ensure_secret(*conn);
  }
  rt.services = std::make_unique<web::Services>(
      web::Services{rt.config, *rt.pool, rt.templates, rt.catalogue, *rt.mailer, secret, ""});
}

// Loads every feature's demo data into an empty database, in one transaction.
bool load_demo(Runtime& rt) {
  auto conn = rt.pool->acquire();
  if (accounts::store::count(*conn) > 0) return false;
  db::Transaction tx(*conn);
  for (auto& f : features())
    if (f.demo) f.demo(*conn, *rt.services);
  tx.commit();
  return true;
}

// Finished jobs are kept a while for `samskap jobs list --all`, failed ones longer.
constexpr auto kKeepDoneJobs = std::chrono::hours(24 * 7);
constexpr auto kKeepFailedJobs = std::chrono::hours(24 * 90);

// Every feature's job handlers and periodic tasks, and the platform's own clean-up.
void register_jobs(jobs::Registry& registry, const web::Services& services) {
  for (auto& f : features())
    if (f.jobs) f.jobs(registry, services);
  registry.every("jobs.purge", std::chrono::hours(1), [](db::Connection& c, clock::TimePoint now) {
    if (auto n = jobs::purge(c, now - kKeepDoneJobs, now - kKeepFailedJobs)) spdlog::info("{} gamle jobber slettet", n);
  });
}

jobs::WorkerOptions worker_options(const Config& c) {
  jobs::WorkerOptions o;
  o.threads = static_cast<int>(c.jobs_workers);
  o.poll = std::chrono::milliseconds(c.jobs_poll_ms);
  o.lease_seconds = static_cast<int>(c.jobs_lease_seconds);
  return o;
}

int serve(Runtime& rt, bool demo) {
  open_database(rt);
  build_services(rt);
  if (demo && load_demo(rt)) spdlog::info("demodata lastet inn");
  web::App app(*rt.services, features());
  auto listen = parse_listen(rt.config.listen);
  http::ServerOptions opt;
  opt.address = listen.host;
  opt.port = listen.port;
  opt.threads = static_cast<std::size_t>(rt.config.threads);
  opt.max_body_bytes = static_cast<std::size_t>(rt.config.max_body_bytes);
  jobs::Registry registry;
  register_jobs(registry, *rt.services);
  jobs::Worker worker(*rt.pool, registry, worker_options(rt.config));
  worker.start();
  // run_server returns after SIGTERM/SIGINT once requests are done; then running jobs finish.
  const int status = http::run_server(
      opt, [&app](http::Request& r) { return app.handle(r); },
      [&](std::uint16_t port) {
        std::printf("Samskap kjører på http://%s:%u\n", listen.host.c_str(), port);
        if (demo)
          std::printf("Demo-innlogging: admin@example.no / demo-passord-2026 (også koordinator@example.no, kommune@example.no og grunder@example.no)\n");
        std::fflush(stdout);
      });
  worker.stop();
  spdlog::info("bakgrunnsjobber stoppet");
  return status;
}

void print_jobs(db::Connection& c, bool all, bool json) {
  auto list = jobs::list(c, std::chrono::system_clock::now(), all, 1000);
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (auto& j : list)
      out.push_back({{"id", j.id},
                     {"kind", j.kind},
                     {"state", j.state},
                     {"attempts", j.attempts},
                     {"max_attempts", j.max_attempts},
                     {"run_after", j.run_after},
                     {"claimed_by", j.claimed_by ? nlohmann::json(*j.claimed_by) : nlohmann::json()},
                     {"last_error", j.last_error ? nlohmann::json(*j.last_error) : nlohmann::json()},
                     {"dedupe_key", j.dedupe_key ? nlohmann::json(*j.dedupe_key) : nlohmann::json()},
                     {"payload", j.payload},
                     {"created_at", j.created_at}});
    std::cout << out.dump() << "\n";
    return;
  }
  if (list.empty()) std::cout << (all ? "Ingen jobber.\n" : "Ingen ventende eller feilede jobber.\n");
  for (auto& j : list)
    std::cout << j.id << "\t" << j.kind << "\t" << j.state << "\t" << j.attempts << "/" << j.max_attempts << "\t"
              << j.run_after << "\t" << j.dedupe_key.value_or("-") << "\t" << j.last_error.value_or("") << "\n";
}

}  // namespace
}  // namespace samskap

int main(int argc, char** argv) {
  using namespace samskap;
  Runtime rt;
  CLI::App cli{"Samskap — plattform for sosialt entreprenørskap"};
  cli.require_subcommand(1);
  cli.fallthrough();  // settings flags are accepted after the subcommand too
  std::string config_file;
  std::map<std::string, std::string> flags;
  cli.add_option("--config", config_file, "TOML-fil med innstillinger");
  for (auto key : {"database", "listen", "threads", "base_url", "smtp_url", "resources_dir", "log_level", "outbox_dir"}) {
    std::string flag = std::string("--") + key;
    for (auto& ch : flag)
      if (ch == '_') ch = '-';
    cli.add_option_function<std::string>(flag, [&flags, key](const std::string& v) { flags[key] = v; },
                                         std::string("overstyrer innstillingen ") + key);
  }

  auto* serve_cmd = cli.add_subcommand("serve", "Start web-tjenesten");
  bool demo = false;
  serve_cmd->add_flag("--demo", demo, "Last inn demodata hvis databasen er tom");
  auto* migrate_cmd = cli.add_subcommand("migrate", "Oppdater databaseskjemaet");
  auto* demo_cmd = cli.add_subcommand("demo", "Last demodata inn i en tom database");
  auto* user_cmd = cli.add_subcommand("user", "Brukere");
  user_cmd->require_subcommand(1);
  auto* user_add = user_cmd->add_subcommand("add", "Opprett en bekreftet bruker");
  std::string email, name, role = "none", password;
  user_add->add_option("--email", email)->required();
  user_add->add_option("--name", name)->required();
  user_add->add_option("--role", role)->check(CLI::IsMember({"none", "coordinator", "admin"}));
  user_add->add_option("--password", password, "utelatt: et tilfeldig passord skrives ut");
  auto* user_list = user_cmd->add_subcommand("list", "List brukere");
  bool json = false;
  user_list->add_flag("--json", json);
  auto* backup_cmd = cli.add_subcommand("backup", "Ta sikkerhetskopi av SQLite-databasen");
  std::string backup_to;
  backup_cmd->add_option("--to", backup_to, "målfil")->required();
  auto* routes_cmd = cli.add_subcommand("routes", "Vis rutetabellen med tilgangsregler");
  routes_cmd->add_flag("--json", json);
  auto* import_cmd = cli.add_subcommand("import-brreg", "Les inn Enhetsregisterets fil (JSON eller CSV, ev. gzip)");
  std::string import_file;
  import_cmd->add_option("FILE", import_file, "enheter.json(.gz) eller enheter.csv(.gz)")->required();
  auto* jobs_cmd = cli.add_subcommand("jobs", "Bakgrunnsjobber");
  jobs_cmd->require_subcommand(1);
  auto* jobs_list = jobs_cmd->add_subcommand("list", "Vis ventende, pågående og feilede jobber");
  bool jobs_all = false;
  jobs_list->add_flag("--all", jobs_all, "ta med fullførte jobber");
  jobs_list->add_flag("--json", json);
  auto* version_cmd = cli.add_subcommand("version", "Vis versjon");

  CLI11_PARSE(cli, argc, argv);

  if (version_cmd->parsed()) {
    std::printf("samskap %s\n", SAMSKAP_VERSION);
    return 0;
  }
  try {
    if (!config_file.empty()) apply_toml_file(rt.config, config_file);
    else if (std::filesystem::exists("samskap.toml")) apply_toml_file(rt.config, "samskap.toml");
    apply_environment(rt.config, environ);
    for (auto& [k, v] : flags) apply_setting(rt.config, k, v);
    finish_config(rt.config);
    spdlog::set_level(spdlog::level::from_str(rt.config.log_level));
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
    crypto::init();

    if (serve_cmd->parsed()) return serve(rt, demo);

    open_database(rt);
    if (migrate_cmd->parsed()) return 0;
    if (jobs_list->parsed()) {
      auto conn = rt.pool->acquire();
      print_jobs(*conn, jobs_all, json);
      return 0;
    }
    if (import_cmd->parsed()) {
      auto conn = rt.pool->acquire();
      directory::registry::ImportOptions options;
      options.progress = true;
      auto report = directory::registry::import_brreg(*conn, import_file, options);
      std::printf("Lest: %lld, nye: %lld, endret: %lld, uendret: %lld, fjernet: %lld, hoppet over: %lld\n",
                  static_cast<long long>(report.read), static_cast<long long>(report.inserted),
                  static_cast<long long>(report.updated), static_cast<long long>(report.unchanged),
                  static_cast<long long>(report.removed), static_cast<long long>(report.skipped));
      for (auto& p : report.problems) std::fprintf(stderr, "%s\n", p.c_str());
      if (report.problems_not_kept > 0)
        std::fprintf(stderr, "… og %lld problemer til\n", static_cast<long long>(report.problems_not_kept));
      return 0;
    }
    build_services(rt);
    if (demo_cmd->parsed()) {
      if (!load_demo(rt)) {
        std::fprintf(stderr, "Databasen har allerede brukere; demodata lastes bare inn i en tom database.\n");
        return 1;
      }
      std::printf("Demodata lastet inn. Logg inn som admin@example.no / demo-passord-2026\n");
      return 0;
    }
    if (user_add->parsed()) {
      accounts::Account a;
      a.email = web::ascii_lower(web::trim(email));
      a.name = name;
      a.role = role == "none" ? "" : role;
      bool generated = password.empty();
      if (generated) password = crypto::random_token(15);
      a.password_hash = crypto::hash_password(password, rt.config.argon2_ops, rt.config.argon2_mem_kib);
      a.created_at = a.verified_at.emplace(clock::now_iso());
      auto conn = rt.pool->acquire();
      try {
        accounts::store::create(*conn, a);
      } catch (const db::UniqueViolation&) {
        std::fprintf(stderr, "Det finnes allerede en bruker med e-postadressen %s.\n", a.email.c_str());
        return 1;
      }
      std::printf("Bruker %s opprettet.%s%s\n", a.email.c_str(), generated ? " Passord: " : "",
                  generated ? password.c_str() : "");
      return 0;
    }
    if (user_list->parsed()) {
      auto conn = rt.pool->acquire();
      nlohmann::json out = nlohmann::json::array();
      accounts::store::list(*conn, 0, INT32_MAX, [&](const db::Row& r) {
        out.push_back({{"id", r.integer(0)}, {"email", r.str(1)}, {"name", r.str(2)}, {"role", r.str(3)},
                       {"verified", r.integer(4) != 0}});
      });
      if (json) std::cout << out.dump() << "\n";
      else
        for (auto& u : out)
          std::cout << u["id"] << "\t" << u["email"].get<std::string>() << "\t" << u["name"].get<std::string>() << "\t"
                    << u["role"].get<std::string>() << "\n";
      return 0;
    }
    if (backup_cmd->parsed()) {
      auto conn = rt.pool->acquire();
      db::sqlite_backup(*conn, backup_to);
      std::printf("Sikkerhetskopi skrevet til %s\n", backup_to.c_str());
      return 0;
    }
    if (routes_cmd->parsed()) {
      web::App app(*rt.services, features());
      nlohmann::json out = nlohmann::json::array();
      for (auto& r : app.router().routes()) {
        const char* kind = "undeclared";
        switch (r.access.kind) {
          case web::Access::Kind::everyone: kind = "everyone"; break;
          case web::Access::Kind::signed_in: kind = "signed_in"; break;
          case web::Access::Kind::role: kind = "role"; break;
          case web::Access::Kind::predicate: kind = "predicate"; break;
          case web::Access::Kind::undeclared: break;
        }
        out.push_back({{"method", std::string(http::method_name(r.method))},
                       {"pattern", r.pattern},
                       {"access", kind},
                       {"roles", r.access.roles},
                       {"description", r.access.description},
                       {"feature", r.feature}});
      }
      if (json) std::cout << out.dump() << "\n";
      else
        for (auto& r : out)
          std::cout << r["method"].get<std::string>() << "\t" << r["pattern"].get<std::string>() << "\t"
                    << r["access"].get<std::string>() << "\n";
      return 0;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "samskap: %s\n", e.what());
    return 1;
  }
  return 0;
}
