#pragma once
// The daily digest for followers: a periodic scheduler queues one `digest` job per user with news
// (at most one a day, by a dedupe key), and the job's handler writes and sends the e-mail.
#include <cstdint>
#include <string>

#include "platform/core/clock.hpp"
#include "platform/db/database.hpp"
#include "platform/jobs/queue.hpp"

namespace samskap::web {
struct Services;
}

namespace samskap::needs::digest {

inline constexpr const char* job_kind = "digest";

// "digest:<user>:<YYYY-MM-DD>": the same user's digest is queued once per Oslo day.
std::string dedupe_key(std::int64_t user_id, const std::string& date);

// Queues a digest job for every verified user with news and no digest today; returns how many
// were new (users with nothing new create no work; a job already queued is not queued again).
int schedule(db::Connection& c, clock::TimePoint now);

// The job: builds and sends one user's digest and records it. Does nothing when the user has
// no news any more, is not verified, or already got the day's digest. Throws when mail fails
// (the job is retried).
void run(db::Connection& c, const web::Services& services, const jobs::Job& job);

}  // namespace samskap::needs::digest
