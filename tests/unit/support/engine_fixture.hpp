#pragma once
// A GoogleTest fixture parameterised by engine: each test gets a freshly migrated database,
// a file in a temporary directory on SQLite, and on PostgreSQL an emptied schema in one database
// created for the suite on the server named by SAMSKAP_PG_URL_FILE (skipped when there is none).
//
//   class MyTest : public samskap::testkit::EngineTest {};
//   INSTANTIATE_TEST_SUITE_P(Engines, MyTest, samskap::testkit::engines(), samskap::testkit::engine_name);
//   TEST_P(MyTest, Works) { db().exec(...); }
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>

#include "platform/db/database.hpp"
#include "platform/db/migrate.hpp"

namespace samskap::testkit {

inline std::string random_suffix() {
  std::random_device rd;
  std::uniform_int_distribution<unsigned long long> dist;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", dist(rd));
  return buf;
}

inline auto engines() { return ::testing::Values(db::Engine::sqlite, db::Engine::postgresql); }
inline std::string engine_name(const ::testing::TestParamInfo<db::Engine>& info) {
  return info.param == db::Engine::sqlite ? "sqlite" : "postgresql";
}

class EngineTest : public ::testing::TestWithParam<db::Engine> {
 public:
  static void SetUpTestSuite() {
    const char* file = std::getenv("SAMSKAP_PG_URL_FILE");
    if (!file || !*file || !std::filesystem::exists(file)) return;
    std::ifstream in(file);
    std::string admin;
    if (!std::getline(in, admin) || admin.empty()) return;
    admin_url() = admin;
    database() = "samskap_unit_" + random_suffix();
    db::connect(db::parse_url(admin))->exec("CREATE DATABASE " + database());
    const std::size_t host = admin.find("://") + 3;
    const std::size_t path = admin.find('/', host);
    pg_url() = (path == std::string::npos ? admin : admin.substr(0, path)) + "/" + database();
  }
  static void TearDownTestSuite() {
    if (database().empty()) return;
    db::connect(db::parse_url(admin_url()))->exec("DROP DATABASE IF EXISTS " + database() + " WITH (FORCE)");
    database().clear();
    pg_url().clear();
  }

 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("samskap-unit-" + random_suffix());
    std::filesystem::create_directories(dir_);
    if (GetParam() == db::Engine::sqlite) {
      url_ = "sqlite://" + (dir_ / "test.db").string();
    } else {
      if (pg_url().empty()) GTEST_SKIP() << "PostgreSQL: SAMSKAP_PG_URL_FILE names no server";
      url_ = pg_url();
      db::connect(db::parse_url(url_))->run_script("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
    }
    conn_ = db::connect(db::parse_url(url_));
    db::migrate(*conn_, std::filesystem::path(SAMSKAP_SOURCE_DIR) / "migrations");
  }
  void TearDown() override {
    conn_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  db::Connection& db() { return *conn_; }
  // Another connection to the same database (for tests of concurrent writers).
  std::unique_ptr<db::Connection> connect() const { return db::connect(db::parse_url(url_)); }
  const std::string& url() const { return url_; }

 private:
  static std::string& admin_url() {
    static std::string s;
    return s;
  }
  static std::string& database() {
    static std::string s;
    return s;
  }
  static std::string& pg_url() {
    static std::string s;
    return s;
  }
  std::filesystem::path dir_;
  std::string url_;
  std::unique_ptr<db::Connection> conn_;
};

}  // namespace samskap::testkit
