// Following and the daily digest on both engines: the store's matching, the scheduler's dedupe
// key, and two workers (as two serve processes would run) sending one digest per user and day.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "accounts/model.hpp"
#include "accounts/store.hpp"
#include "directory/model.hpp"
#include "directory/reference_store.hpp"
#include "directory/store.hpp"
#include "needs/digest.hpp"
#include "needs/follow_store.hpp"
#include "needs/store.hpp"
#include "platform/core/config.hpp"
#include "platform/jobs/worker.hpp"
#include "platform/mail/mailer.hpp"
#include "platform/render/i18n.hpp"
#include "platform/render/template.hpp"
#include "platform/search/text.hpp"
#include "platform/web/app.hpp"
#include "support/engine_fixture.hpp"

namespace {

using namespace samskap;
using namespace std::chrono_literals;
namespace fs = std::filesystem;
namespace fst = samskap::needs::follow_store;

class FollowDigest : public testkit::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped()) return;
    directory::sync_reference(db(), fs::path(SAMSKAP_SOURCE_DIR) / "content" / "reference");
    directory::Organisation o;
    o.name = "Sandefjord kommune";
    o.kind = "municipality";
    o.status = "verified";
    o.created_at = o.updated_at = "2026-11-01T10:00:00Z";
    owner_ = directory::store::create(db(), o, search::index_text({o.name}), search::sort_key(o.name));
    outbox_ = fs::temp_directory_path() / ("samskap-outbox-" + testkit::random_suffix());
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(outbox_, ec);
    EngineTest::TearDown();
  }

  std::int64_t user(const std::string& email, bool verified = true) {
    accounts::Account a;
    a.email = email;
    a.name = "Navn " + email.substr(0, email.find('@'));
    a.password_hash = "!";
    a.created_at = clock::now_iso();
    if (verified) a.verified_at = a.created_at;
    return accounts::store::create(db(), a);
  }
  // A draft need in the given area and municipality.
  std::int64_t need(const std::string& title, const std::string& area, const std::string& municipality) {
    needs::Need n;
    n.organisation_id = owner_;
    n.title = title;
    n.created_at = n.updated_at = clock::now_iso();
    n.service_areas = {area};
    n.municipalities = {municipality};
    return needs::store::create(db(), n, search::index_text({title}));
  }
  void status(std::int64_t id, const std::string& from, const std::string& to) {
    db::Transaction tx(db());
    ASSERT_TRUE(needs::store::change_status(db(), id, from, to, "", clock::now_iso()));
    tx.commit();
  }
  // Mails in the outbox by recipient.
  std::map<std::string, std::vector<std::string>> mails() const {
    std::map<std::string, std::vector<std::string>> out;
    std::error_code ec;
    if (!fs::exists(outbox_, ec)) return out;
    for (auto& f : fs::directory_iterator(outbox_)) {
      if (f.path().extension() != ".eml") continue;
      std::ifstream in(f.path());
      std::stringstream ss;
      ss << in.rdbuf();
      const std::string text = ss.str();
      auto at = text.find("\nTo: ");
      if (text.starts_with("To: ")) at = 0;
      else if (at != std::string::npos) ++at;
      EXPECT_NE(at, std::string::npos) << text;
      if (at == std::string::npos) continue;
      auto end = text.find("\r\n", at);
      if (end == std::string::npos) end = text.find('\n', at);
      out[text.substr(at + 4, end - at - 4)].push_back(text);
    }
    return out;
  }

  std::int64_t owner_ = 0;
  fs::path outbox_;
};

INSTANTIATE_TEST_SUITE_P(Engines, FollowDigest, testkit::engines(), testkit::engine_name);

TEST_P(FollowDigest, FollowsAreKeptOncePerUserKindAndTarget) {
  const auto u = user("ada@example.no");
  const auto now = clock::now_iso();
  EXPECT_TRUE(fst::follow(db(), u, fst::kind_service_area, "arbeidsinkludering", now, "en"));
  EXPECT_FALSE(fst::follow(db(), u, fst::kind_service_area, "arbeidsinkludering", now, "en"));
  EXPECT_TRUE(fst::follow(db(), u, fst::kind_municipality, "3907", now, "en"));
  EXPECT_TRUE(fst::is_following(db(), u, fst::kind_municipality, "3907"));
  EXPECT_FALSE(fst::is_following(db(), u, fst::kind_municipality, "0301"));
  fst::set_targets(db(), u, fst::kind_municipality, {"0301", "4601"}, now, "nb");
  EXPECT_EQ(fst::targets(db(), u, fst::kind_municipality), (std::vector<std::string>{"0301", "4601"}));
  EXPECT_EQ(fst::targets(db(), u, fst::kind_service_area), (std::vector<std::string>{"arbeidsinkludering"}));
  EXPECT_TRUE(fst::unfollow(db(), u, fst::kind_service_area, "arbeidsinkludering"));
  EXPECT_FALSE(fst::unfollow(db(), u, fst::kind_service_area, "arbeidsinkludering"));
  EXPECT_EQ(db().scalar_text("SELECT lang FROM follow_digests WHERE user_id = ?", {u}), "nb");
}

TEST_P(FollowDigest, OnlyNewsMatchingAFollowMadeBeforeItCounts) {
  const auto early = need("Gammelt behov", "arbeidsinkludering", "3907");
  status(early, "draft", "published");  // before anyone followed: not news
  const auto by_area = user("area@example.no");
  const auto by_place = user("place@example.no");
  const auto by_need = user("need@example.no");
  const auto other = user("other@example.no");
  const auto unverified = user("unverified@example.no", false);
  const auto now = clock::now_iso();
  fst::follow(db(), by_area, fst::kind_service_area, "arbeidsinkludering", now, "nb");
  fst::follow(db(), by_place, fst::kind_municipality, "3907", now, "en");
  fst::follow(db(), by_need, fst::kind_need, std::to_string(early), now, "nb");
  fst::follow(db(), other, fst::kind_municipality, "0301", now, "nb");
  fst::follow(db(), unverified, fst::kind_service_area, "arbeidsinkludering", now, "nb");
  const std::string today = clock::oslo_date(std::chrono::system_clock::now());
  EXPECT_TRUE(fst::users_with_news(db(), today, 100).empty());

  const auto fresh = need("Nytt behov om arbeid", "arbeidsinkludering", "3907");
  status(fresh, "draft", "published");
  {
    db::Transaction tx(db());
    needs::store::add_event(db(), early, "answered", "", clock::now_iso());
    tx.commit();
  }
  EXPECT_EQ(fst::users_with_news(db(), today, 100), (std::vector<std::int64_t>{by_area, by_place, by_need}));

  auto d = fst::digest_for(db(), by_area, 50);
  ASSERT_TRUE(d);
  ASSERT_EQ(d->items.size(), 2u);
  EXPECT_EQ(d->items[0].title, "Nytt behov om arbeid");
  EXPECT_TRUE(d->items[0].published);
  EXPECT_EQ(d->items[1].need_id, early);
  EXPECT_EQ(d->items[1].answers, 1);
  auto only_need = fst::digest_for(db(), by_need, 50);
  ASSERT_TRUE(only_need);
  ASSERT_EQ(only_need->items.size(), 1u);
  EXPECT_EQ(only_need->items[0].need_id, early);

  // Recorded today: no more news until tomorrow, and a second record for the day changes nothing.
  EXPECT_TRUE(fst::record_digest(db(), by_area, today, d->up_to_event_id, clock::now_iso()));
  EXPECT_FALSE(fst::record_digest(db(), by_area, today, d->up_to_event_id, clock::now_iso()));
  EXPECT_EQ(fst::users_with_news(db(), today, 100), (std::vector<std::int64_t>{by_place, by_need}));
  EXPECT_EQ(fst::users_with_news(db(), "9999-12-31", 100), (std::vector<std::int64_t>{by_place, by_need}));
}

TEST_P(FollowDigest, TheSchedulerQueuesOneJobPerUserAndDay) {
  const auto a = user("a@example.no");
  const auto b = user("b@example.no");
  user("idle@example.no");
  fst::follow(db(), a, fst::kind_service_area, "arbeidsinkludering", clock::now_iso(), "nb");
  fst::follow(db(), b, fst::kind_municipality, "3907", clock::now_iso(), "nb");
  const auto now = std::chrono::system_clock::now();
  EXPECT_EQ(needs::digest::schedule(db(), now), 0);  // nothing new: no work
  EXPECT_EQ(db().scalar_int("SELECT COUNT(*) FROM jobs"), 0);
  status(need("Behov", "arbeidsinkludering", "3907"), "draft", "published");
  EXPECT_EQ(needs::digest::schedule(db(), now), 2);
  EXPECT_EQ(needs::digest::schedule(db(), now), 0);
  const std::string today = clock::oslo_date(now);
  EXPECT_EQ(db().scalar_int("SELECT COUNT(*) FROM jobs WHERE kind = 'digest' AND dedupe_key = ?",
                            {needs::digest::dedupe_key(a, today)}),
            1);
  EXPECT_EQ(needs::digest::dedupe_key(42, "2026-11-23"), "digest:42:2026-11-23");
}

TEST(OsloDate, FollowsTheOsloCalendarDay) {
  using namespace std::chrono;
  // 23:30 UTC on 23 November is already the 24th in Oslo (UTC+1); in summer UTC+2.
  EXPECT_EQ(clock::oslo_date(sys_days{year{2026} / 11 / 23} + 23h + 30min), "2026-11-24");
  EXPECT_EQ(clock::oslo_date(sys_days{year{2026} / 11 / 23} + 22h + 59min), "2026-11-23");
  EXPECT_EQ(clock::oslo_date(sys_days{year{2026} / 6 / 30} + 22h + 1min), "2026-07-01");
  EXPECT_EQ(clock::oslo_date(sys_days{year{2026} / 6 / 30} + 21h + 59min), "2026-06-30");
}

// Two workers with their own pools on the same database, as two serve processes: each user with
// news gets exactly one digest, others none, and a second round the same day sends nothing.
TEST_P(FollowDigest, TwoWorkersSendOneDigestPerUserAndDay) {
  Config config;
  config.base_url = "https://samskap.example.no";
  render::Templates templates;
  render::Catalogue catalogue;
  catalogue.load_dir(fs::path(SAMSKAP_SOURCE_DIR) / "content" / "i18n");
  mail::Mailer mailer({"", "", "", "Samskap <noreply@example.no>", outbox_.string()});

  std::vector<std::int64_t> with_news;
  for (int i = 0; i < 6; ++i) with_news.push_back(user("follower" + std::to_string(i) + "@example.no"));
  const auto english = user("english@example.no");
  const auto quiet = user("quiet@example.no");
  const auto unverified = user("unverified@example.no", false);
  const auto now = clock::now_iso();
  for (std::size_t i = 0; i < with_news.size(); ++i)
    fst::follow(db(), with_news[i], i % 2 ? fst::kind_service_area : fst::kind_municipality,
                i % 2 ? "arbeidsinkludering" : "3907", now, "nb");
  fst::follow(db(), english, fst::kind_service_area, "arbeidsinkludering", now, "en");
  fst::follow(db(), quiet, fst::kind_municipality, "0301", now, "nb");
  fst::follow(db(), unverified, fst::kind_municipality, "3907", now, "nb");

  const auto first = need("Arbeid for unge", "arbeidsinkludering", "3907");
  status(first, "draft", "published");
  status(first, "published", "in_dialogue");

  struct Process {
    std::unique_ptr<db::Pool> pool;
    std::unique_ptr<web::Services> services;
    jobs::Registry registry;
    std::unique_ptr<jobs::Worker> worker;
  };
  auto start = [&](const std::string& name) {
    auto p = std::make_unique<Process>();
    p->pool = std::make_unique<db::Pool>(db::parse_url(url()), 4);
    p->services = std::make_unique<web::Services>(web::Services{config, *p->pool, templates, catalogue, mailer, "", ""});
    const web::Services& s = *p->services;
    p->registry.handle(needs::digest::job_kind,
                       [&s](db::Connection& c, const jobs::Job& job) { needs::digest::run(c, s, job); });
    p->registry.every("digest.schedule", 20ms,
                      [](db::Connection& c, clock::TimePoint t) { needs::digest::schedule(c, t); });
    jobs::WorkerOptions o;
    o.threads = 2;
    o.poll = 10ms;
    o.name = name;
    p->worker = std::make_unique<jobs::Worker>(*p->pool, p->registry, o);
    p->worker->start();
    return p;
  };
  auto wait_for_mails = [&](std::size_t n) {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    std::size_t total = 0;
    while (std::chrono::steady_clock::now() < deadline) {
      total = 0;
      for (auto& [to, list] : mails()) total += list.size();
      if (total >= n) break;
      std::this_thread::sleep_for(20ms);
    }
    return total;
  };

  auto one = start("one");
  auto two = start("two");
  EXPECT_EQ(wait_for_mails(with_news.size() + 1), with_news.size() + 1);
  std::this_thread::sleep_for(300ms);  // many more scheduler rounds in both processes

  // A second round the same day: more news, but no second mail.
  {
    db::Transaction tx(db());
    needs::store::add_event(db(), first, "answered", "", clock::now_iso());
    tx.commit();
  }
  status(need("Enda et behov", "arbeidsinkludering", "3907"), "draft", "published");
  std::this_thread::sleep_for(500ms);
  one->worker->stop();
  two->worker->stop();

  auto by_recipient = mails();
  for (auto u : with_news) {
    auto email = *db().scalar_text("SELECT email FROM users WHERE id = ?", {u});
    ASSERT_EQ(by_recipient[email].size(), 1u) << email;
    const auto& text = by_recipient[email][0];
    EXPECT_NE(text.find("Arbeid for unge"), std::string::npos);
    EXPECT_NE(text.find("https://samskap.example.no/behov/" + std::to_string(first)), std::string::npos);
    EXPECT_EQ(text.find("Enda et behov"), std::string::npos);
  }
  ASSERT_EQ(by_recipient["english@example.no"].size(), 1u);
  EXPECT_NE(by_recipient["english@example.no"][0].find("Hello Navn english"), std::string::npos);
  EXPECT_EQ(by_recipient.count("quiet@example.no"), 0u);
  EXPECT_EQ(by_recipient.count("unverified@example.no"), 0u);
  EXPECT_EQ(by_recipient.size(), with_news.size() + 1);
  EXPECT_EQ(db().scalar_int("SELECT COUNT(*) FROM jobs WHERE kind = 'digest'"), 7);
  EXPECT_EQ(db().scalar_int("SELECT COUNT(*) FROM jobs WHERE done_at IS NOT NULL"), 7);
}

}  // namespace
