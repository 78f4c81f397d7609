#include "needs/digest.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <stdexcept>

#include "needs/follow_store.hpp"
#include "platform/core/config.hpp"
#include "platform/mail/mailer.hpp"
#include "platform/render/i18n.hpp"
#include "platform/web/app.hpp"

namespace samskap::needs::digest {
namespace {

constexpr std::int64_t kUsersPerRound = 1000;  // the rest are found on the next round
constexpr std::size_t kMaxItems = 50;          // needs listed in one mail

std::string what_happened(const render::Catalogue& t, const std::string& lang, const follow_store::DigestItem& item) {
  std::vector<std::string> parts;
  if (item.published) parts.push_back(t.text(lang, "follow.mail.published"));
  if (item.answers == 1) parts.push_back(t.text(lang, "follow.mail.answered_one"));
  if (item.answers > 1)
    parts.push_back(t.text(lang, "follow.mail.answered_many", {{"count", std::to_string(item.answers)}}));
  if (item.new_status)
    parts.push_back(
        t.text(lang, "follow.mail.status", {{"status", t.text(lang, "follow.status." + *item.new_status)}}));
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

}  // namespace

std::string dedupe_key(std::int64_t user_id, const std::string& date) {
  return "digest:" + std::to_string(user_id) + ":" + date;
}

int schedule(db::Connection& c, clock::TimePoint now) {
  const std::string today = clock::oslo_date(now);
  int queued = 0;
  for (std::int64_t user : follow_store::users_with_news(c, today, kUsersPerRound)) {
    const std::string payload = nlohmann::json{{"user", user}, {"date", today}}.dump();
    if (jobs::enqueue(c, job_kind, payload, now, dedupe_key(user, today))) ++queued;
  }
  if (queued) spdlog::info("{} sammendrag lagt i kø for {}", queued, today);
  return queued;
}

void run(db::Connection& c, const web::Services& services, const jobs::Job& job) {
  const auto payload = nlohmann::json::parse(job.payload);
  const std::int64_t user = payload.at("user").get<std::int64_t>();
  const std::string date = payload.at("date").get<std::string>();
  auto d = follow_store::digest_for(c, user, kMaxItems);
  if (!d || !d->verified || d->items.empty()) return;
  if (d->last_digest_date && *d->last_digest_date >= date) return;

  const auto& t = services.catalogue;
  const std::string lang = services.catalogue.has_language(d->lang) ? d->lang : "nb";
  const std::string& base = services.config.base_url;
  std::string body = t.text(lang, "follow.mail.greeting", {{"name", d->name}}) + "\n\n" +
                     t.text(lang, "follow.mail.intro") + "\n";
  for (const auto& item : d->items) {
    body += "\n• " + item.title + "\n  " + what_happened(t, lang, item) + "\n  " + base + "/behov/" +
            std::to_string(item.need_id) + "\n";
  }
  if (d->more > 0)
    body += "\n" + t.text(lang, "follow.mail.more", {{"count", std::to_string(d->more)}, {"link", base + "/behov"}}) +
            "\n";
  body += "\n" + t.text(lang, "follow.mail.footer", {{"link", base + "/konto/folger"}}) + "\n";

  // Sent before it is recorded: a failed send leaves the state alone and the job is retried.
  services.mailer.send({d->email, t.text(lang, "follow.mail.subject"), body});
  if (!follow_store::record_digest(c, user, date, d->up_to_event_id, clock::now_iso()))
    spdlog::warn("sammendraget for bruker {} ({}) var allerede registrert", user, date);
}

}  // namespace samskap::needs::digest
