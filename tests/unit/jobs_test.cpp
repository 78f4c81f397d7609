// The job queue and its worker on both engines (PostgreSQL when SAMSKAP_PG_URL_FILE names a server).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <stdexcept>
#include <thread>

#include "platform/db/database.hpp"
#include "platform/db/migrate.hpp"
#include "platform/jobs/queue.hpp"
#include "platform/jobs/worker.hpp"

namespace {

namespace fs = std::filesystem;
using namespace samskap;
using namespace std::chrono_literals;
using clock_t_ = std::chrono::system_clock;

fs::path source_dir() {
#ifdef SAMSKAP_SOURCE_DIR
  return SAMSKAP_SOURCE_DIR;
#else
  return fs::current_path();
#endif
}

std::string random_hex() {
  std::random_device rd;
  std::uniform_int_distribution<unsigned long long> dist;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", dist(rd));
  return buf;
}

// A fixed instant, so that leases and backoff can be checked to the second.
const clock::TimePoint T = std::chrono::sys_days{std::chrono::year{2026} / 3 / 1} + 9h;

class Jobs : public ::testing::TestWithParam<db::Engine> {
 public:
  static void SetUpTestSuite() {
    const char* file = std::getenv("SAMSKAP_PG_URL_FILE");
    if (!file || !*file || !fs::exists(file)) return;
    std::ifstream in(file);
    std::string admin;
    if (!std::getline(in, admin) || admin.empty()) return;
    pg_admin_url() = admin;
    pg_name() = "samskap_jobs_" + random_hex();
    db::connect(db::parse_url(admin))->exec("CREATE DATABASE " + pg_name());
    const std::size_t host = admin.find("://") + 3;
    const std::size_t path = admin.find('/', host);
    pg_url() = (path == std::string::npos ? admin : admin.substr(0, path)) + "/" + pg_name();
  }
  static void TearDownTestSuite() {
    if (pg_name().empty()) return;
    db::connect(db::parse_url(pg_admin_url()))->exec("DROP DATABASE IF EXISTS " + pg_name() + " WITH (FORCE)");
    pg_name().clear();
    pg_url().clear();
  }

 protected:
  static std::string& pg_admin_url() {
    static std::string s;
    return s;
  }
  static std::string& pg_name() {
    static std::string s;
    return s;
  }
  static std::string& pg_url() {
    static std::string s;
    return s;
  }

  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("samskap-jobs-" + random_hex());
    fs::create_directories(dir_);
    if (GetParam() == db::Engine::sqlite) {
      url_ = "sqlite://" + (dir_ / "test.db").string();
    } else {
      if (pg_url().empty()) GTEST_SKIP() << "PostgreSQL-testen hoppes over: SAMSKAP_PG_URL_FILE peker ikke på en server";
      url_ = pg_url();
      db::connect(db::parse_url(url_))->run_script("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
    }
    conn_ = db::connect(db::parse_url(url_));
    db::migrate(*conn_, source_dir() / "migrations");
  }

  void TearDown() override {
    conn_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::int64_t count(std::string_view where = "") {
    return conn_->scalar_int("SELECT count(*) FROM jobs" + std::string(where)).value_or(-1);
  }
  std::string state_of(std::int64_t id) {
    for (auto& j : jobs::list(*conn_, T, true, 10000))
      if (j.id == id) return j.state;
    return "missing";
  }
  std::string run_after_of(std::int64_t id) {
    return conn_->scalar_text("SELECT run_after FROM jobs WHERE id = ?", {id}).value_or("");
  }

  fs::path dir_;
  std::string url_;
  std::unique_ptr<db::Connection> conn_;
};

INSTANTIATE_TEST_SUITE_P(Engines, Jobs, ::testing::Values(db::Engine::sqlite, db::Engine::postgresql),
                         [](const auto& info) { return info.param == db::Engine::sqlite ? "sqlite" : "postgresql"; });

TEST(JobsBackoff, DoublesFromThirtySecondsUpToAnHour) {
  EXPECT_EQ(jobs::backoff_seconds(0), 30);
  EXPECT_EQ(jobs::backoff_seconds(1), 30);
  EXPECT_EQ(jobs::backoff_seconds(2), 60);
  EXPECT_EQ(jobs::backoff_seconds(3), 120);
  EXPECT_EQ(jobs::backoff_seconds(7), 1920);
  EXPECT_EQ(jobs::backoff_seconds(8), 3600);
  EXPECT_EQ(jobs::backoff_seconds(1000), 3600);
}

TEST_P(Jobs, ADedupeKeyIsQueuedOnce) {
  EXPECT_TRUE(jobs::enqueue(*conn_, "digest", "{\"user\":1}", T, std::string("digest:1:2026-03-01")));
  EXPECT_FALSE(jobs::enqueue(*conn_, "digest", "{\"user\":1}", T, std::string("digest:1:2026-03-01")));
  EXPECT_FALSE(jobs::enqueue(*conn_, "other", "x", T + 60s, std::string("digest:1:2026-03-01")));
  EXPECT_TRUE(jobs::enqueue(*conn_, "digest", "{\"user\":1}", T, std::string("digest:1:2026-03-02")));
  // Without a key every call queues a job.
  EXPECT_TRUE(jobs::enqueue(*conn_, "mail", "a", T));
  EXPECT_TRUE(jobs::enqueue(*conn_, "mail", "a", T));
  EXPECT_EQ(count(), 4);
  EXPECT_EQ(count(" WHERE dedupe_key = 'digest:1:2026-03-01'"), 1);
  EXPECT_EQ(conn_->scalar_text("SELECT kind FROM jobs WHERE dedupe_key = 'digest:1:2026-03-01'"), "digest");

  // The key stays taken once the job is done: the same logical job never runs twice.
  auto job = jobs::claim(*conn_, "w", T, 60);
  ASSERT_TRUE(job);
  EXPECT_EQ(job->payload, "{\"user\":1}");
  ASSERT_TRUE(jobs::complete(*conn_, *job, "w", T));
  EXPECT_FALSE(jobs::enqueue(*conn_, "digest", "{\"user\":1}", T, std::string("digest:1:2026-03-01")));
}

TEST_P(Jobs, ClaimsDueJobsInOrderOfRunAfterThenId) {
  jobs::enqueue(*conn_, "k", "later", T + 10s);
  jobs::enqueue(*conn_, "k", "second", T - 5s);
  jobs::enqueue(*conn_, "k", "first", T - 10s);
  jobs::enqueue(*conn_, "k", "third-a", T);
  jobs::enqueue(*conn_, "k", "third-b", T);
  std::vector<std::string> order;
  while (auto job = jobs::claim(*conn_, "w", T, 60)) {
    EXPECT_EQ(job->attempts, 1);
    EXPECT_EQ(job->kind, "k");
    order.push_back(job->payload);
  }
  EXPECT_EQ(order, (std::vector<std::string>{"first", "second", "third-a", "third-b"}));
  // The job not yet due waits for its time.
  auto later = jobs::claim(*conn_, "w", T + 10s, 60);
  ASSERT_TRUE(later);
  EXPECT_EQ(later->payload, "later");
}

TEST_P(Jobs, ClaimsOnlyTheKindsAWorkerHandles) {
  jobs::enqueue(*conn_, "unknown", "u", T - 10s);
  jobs::enqueue(*conn_, "mail", "m", T);
  jobs::enqueue(*conn_, "digest", "d", T);
  auto a = jobs::claim(*conn_, "w", T, 60, {"digest", "mail"});
  auto b = jobs::claim(*conn_, "w", T, 60, {"digest", "mail"});
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->payload, "m");
  EXPECT_EQ(b->payload, "d");
  EXPECT_FALSE(jobs::claim(*conn_, "w", T, 60, {"digest", "mail"}));
  auto u = jobs::claim(*conn_, "w", T, 60, {"unknown"});
  ASSERT_TRUE(u);
  EXPECT_EQ(u->payload, "u");
}

TEST_P(Jobs, AnExpiredLeaseMakesAJobClaimableAgain) {
  jobs::enqueue(*conn_, "k", "p", T);
  auto first = jobs::claim(*conn_, "worker-a", T, 60);
  ASSERT_TRUE(first);
  EXPECT_EQ(state_of(first->id), "running");
  EXPECT_FALSE(jobs::claim(*conn_, "worker-b", T + 30s, 60));
  EXPECT_FALSE(jobs::claim(*conn_, "worker-b", T + 59s, 60));
  auto second = jobs::claim(*conn_, "worker-b", T + 60s, 60);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->id, first->id);
  EXPECT_EQ(second->attempts, 2);
  EXPECT_EQ(conn_->scalar_text("SELECT claimed_by FROM jobs WHERE id = ?", {first->id}), "worker-b");
  // The first worker lost the job: its late answer changes nothing.
  EXPECT_FALSE(jobs::complete(*conn_, *first, "worker-a", T + 61s));
  EXPECT_EQ(jobs::fail(*conn_, *first, "worker-a", "late", T + 61s), jobs::FailOutcome::lost);
  EXPECT_TRUE(jobs::complete(*conn_, *second, "worker-b", T + 62s));
  EXPECT_EQ(state_of(first->id), "done");
  EXPECT_FALSE(jobs::claim(*conn_, "worker-c", T + 1000s, 60));
}

TEST_P(Jobs, AFailedAttemptIsRetriedWithBackoff) {
  jobs::enqueue(*conn_, "k", "p", T, std::nullopt, 4);
  auto job = jobs::claim(*conn_, "w", T, 60);
  ASSERT_TRUE(job);
  EXPECT_EQ(jobs::fail(*conn_, *job, "w", "SMTP-tjeneren svarte ikke", T), jobs::FailOutcome::retry);
  EXPECT_EQ(run_after_of(job->id), clock::iso_utc(T + 30s));
  EXPECT_EQ(state_of(job->id), "pending");
  EXPECT_EQ(conn_->scalar_text("SELECT last_error FROM jobs WHERE id = ?", {job->id}), "SMTP-tjeneren svarte ikke");
  EXPECT_FALSE(jobs::claim(*conn_, "w", T + 29s, 60));

  auto again = jobs::claim(*conn_, "w", T + 30s, 60);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->attempts, 2);
  EXPECT_EQ(jobs::fail(*conn_, *again, "w", "igjen", T + 30s), jobs::FailOutcome::retry);
  EXPECT_EQ(run_after_of(job->id), clock::iso_utc(T + 90s));  // 60 s after the second attempt

  auto third = jobs::claim(*conn_, "w", T + 90s, 60);
  ASSERT_TRUE(third);
  EXPECT_EQ(third->attempts, 3);
  EXPECT_TRUE(jobs::complete(*conn_, *third, "w", T + 91s));
  EXPECT_EQ(state_of(job->id), "done");
}

TEST_P(Jobs, AJobIsKeptAsFailedAfterItsLastAttempt) {
  jobs::enqueue(*conn_, "k", "p", T, std::nullopt, 2);
  auto one = jobs::claim(*conn_, "w", T, 60);
  ASSERT_TRUE(one);
  EXPECT_EQ(jobs::fail(*conn_, *one, "w", "første", T), jobs::FailOutcome::retry);
  auto two = jobs::claim(*conn_, "w", T + 30s, 60);
  ASSERT_TRUE(two);
  EXPECT_EQ(two->attempts, 2);
  EXPECT_EQ(jobs::fail(*conn_, *two, "w", "andre og siste", T + 30s), jobs::FailOutcome::failed);
  EXPECT_FALSE(jobs::claim(*conn_, "w", T + 100000s, 60));
  auto listed = jobs::list(*conn_, T + 31s, false, 100);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].state, "failed");
  EXPECT_EQ(listed[0].attempts, 2);
  EXPECT_EQ(listed[0].last_error, "andre og siste");
  EXPECT_EQ(count(" WHERE failed_at IS NOT NULL"), 1);
}

TEST_P(Jobs, ALeaseThatRunsOutOnTheLastAttemptFailsTheJob) {
  jobs::enqueue(*conn_, "k", "hangs", T, std::nullopt, 1);
  jobs::enqueue(*conn_, "k", "next", T + 1s);
  auto job = jobs::claim(*conn_, "w1", T, 60);
  ASSERT_TRUE(job);
  EXPECT_EQ(job->payload, "hangs");
  // The worker died: after the lease the job is not run a second time but kept as failed.
  auto next = jobs::claim(*conn_, "w2", T + 120s, 60);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->payload, "next");
  EXPECT_EQ(state_of(job->id), "failed");
  EXPECT_EQ(conn_->scalar_text("SELECT last_error FROM jobs WHERE id = ?", {job->id}),
            "lease expired on the last attempt");
}

TEST_P(Jobs, PurgeDropsOldFinishedJobsOnly) {
  jobs::enqueue(*conn_, "k", "done-old", T - 10s);
  jobs::enqueue(*conn_, "k", "failed-old", T - 9s, std::nullopt, 1);
  jobs::enqueue(*conn_, "k", "done-new", T - 8s);
  jobs::enqueue(*conn_, "k", "pending", T + 1000s);
  auto a = jobs::claim(*conn_, "w", T - 10s, 60);
  jobs::complete(*conn_, *a, "w", T - 10s);
  auto b = jobs::claim(*conn_, "w", T - 9s, 60);
  jobs::fail(*conn_, *b, "w", "x", T - 9s);
  auto c = jobs::claim(*conn_, "w", T, 60);
  jobs::complete(*conn_, *c, "w", T);
  EXPECT_EQ(jobs::purge(*conn_, T - 1s, T - 1s), 2);
  EXPECT_EQ(count(), 2);
  EXPECT_EQ(count(" WHERE payload IN ('done-new', 'pending')"), 2);
}

// Several threads, each with its own connection, take jobs from the same table: every job is
// run exactly once and none is left behind.
TEST_P(Jobs, ConcurrentClaimersRunEveryJobExactlyOnce) {
  constexpr int kJobs = 300, kThreads = 4;
  {
    db::Transaction tx(*conn_);
    for (int i = 0; i < kJobs; ++i)
      jobs::enqueue(*conn_, "count", std::to_string(i), T, "job:" + std::to_string(i));
    tx.commit();
  }
  std::mutex m;
  std::map<std::int64_t, int> runs;
  std::map<std::string, int> per_worker;
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      try {
        auto conn = db::connect(db::parse_url(url_));
        const std::string id = "w" + std::to_string(t);
        while (auto job = jobs::claim(*conn, id, T, 600)) {
          {
            std::lock_guard lock(m);
            ++runs[job->id];
            ++per_worker[id];
          }
          if (!jobs::complete(*conn, *job, id, T)) ++errors;
        }
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
        ++errors;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(runs.size(), static_cast<std::size_t>(kJobs));
  for (auto& [id, n] : runs) EXPECT_EQ(n, 1) << "job " << id;
  EXPECT_EQ(count(" WHERE done_at IS NOT NULL AND attempts = 1"), kJobs);
  EXPECT_GE(per_worker.size(), 2u) << "the claims were not spread over the threads";
}

// The worker: handlers by kind, retries, periodic tasks, and a prompt stop.
TEST_P(Jobs, TheWorkerRunsHandlersAndPeriodicTasks) {
  db::Pool pool(db::parse_url(url_), 4);
  std::mutex m;
  std::multiset<std::string> seen;
  std::atomic<int> flaky_calls{0}, ticks{0};
  jobs::Registry registry;
  registry.handle("echo", [&](db::Connection&, const jobs::Job& j) {
    std::lock_guard lock(m);
    seen.insert(j.payload);
  });
  registry.handle("broken", [&](db::Connection&, const jobs::Job&) {
    ++flaky_calls;
    throw std::runtime_error("always broken");
  });
  registry.every("tick", 20ms, [&](db::Connection& c, clock::TimePoint) {
    // Enqueue work with a dedupe key, as periodic tasks should.
    jobs::enqueue(c, "echo", "from-tick", std::chrono::system_clock::now() - 1s, std::string("tick-once"));
    ++ticks;
  });
  EXPECT_THROW(registry.handle("echo", [](db::Connection&, const jobs::Job&) {}), std::logic_error);

  const auto now = std::chrono::system_clock::now() - 1s;
  for (int i = 0; i < 20; ++i) jobs::enqueue(*conn_, "echo", "job-" + std::to_string(i), now);
  jobs::enqueue(*conn_, "broken", "b", now, std::nullopt, 1);
  jobs::enqueue(*conn_, "nobody-handles-this", "n", now);

  jobs::WorkerOptions options;
  options.threads = 2;
  options.poll = 10ms;
  options.lease_seconds = 60;
  jobs::Worker worker(pool, registry, options);
  worker.start();
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline) {
    if (count(" WHERE done_at IS NOT NULL") == 21 && count(" WHERE failed_at IS NOT NULL") == 1 && ticks >= 3) break;
    std::this_thread::sleep_for(20ms);
  }
  const auto stop_started = std::chrono::steady_clock::now();
  worker.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - stop_started, 2s);

  EXPECT_GE(ticks.load(), 3);
  EXPECT_EQ(count(" WHERE done_at IS NOT NULL"), 21);
  EXPECT_EQ(seen.size(), 21u);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(seen.count("job-" + std::to_string(i)), 1u);
  EXPECT_EQ(seen.count("from-tick"), 1u);
  EXPECT_EQ(flaky_calls.load(), 1);
  EXPECT_EQ(conn_->scalar_text("SELECT last_error FROM jobs WHERE kind = 'broken'"), "always broken");
  // A kind without a handler here is left for a process that has one.
  EXPECT_EQ(conn_->scalar_int("SELECT attempts FROM jobs WHERE kind = 'nobody-handles-this'"), 0);
}

TEST_P(Jobs, RunDueRunsWhatIsDueOnTheCallingThread) {
  db::Pool pool(db::parse_url(url_), 2);
  int calls = 0;
  jobs::Registry registry;
  registry.handle("k", [&](db::Connection&, const jobs::Job&) { ++calls; });
  jobs::Worker worker(pool, registry, {});
  jobs::enqueue(*conn_, "k", "a", T);
  jobs::enqueue(*conn_, "k", "b", T);
  jobs::enqueue(*conn_, "k", "c", T + 1h);
  EXPECT_EQ(worker.run_due(*conn_, T), 2);
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(worker.run_due(*conn_, T), 0);
  EXPECT_EQ(worker.run_due(*conn_, T + 1h), 1);
}

}  // namespace
