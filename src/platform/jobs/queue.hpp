#pragma once
// The job queue: a table every `samskap serve` process shares. Jobs are claimed atomically
// (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: one writer at a time), held under a lease, and
// either completed, retried with backoff, or kept as failed after their last attempt.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/clock.hpp"
#include "platform/db/database.hpp"

namespace samskap::jobs {

inline constexpr int default_max_attempts = 5;

struct Job {
  std::int64_t id = 0;
  std::string kind;
  std::string payload;
  int attempts = 0;      // including the current one
  int max_attempts = default_max_attempts;
};

// Queues a job; returns false (and changes nothing) when dedupe_key is already taken, on both engines.
bool enqueue(db::Connection& c, std::string_view kind, std::string_view payload, clock::TimePoint run_after,
             const std::optional<std::string>& dedupe_key = std::nullopt, int max_attempts = default_max_attempts);

// Takes the first due job (by run_after, then id) that nobody holds, or whose lease ran out, and
// holds it for lease_seconds under worker_id. kinds limits the claim to jobs this worker can run
// (empty: any kind). A job whose lease ran out on its last attempt is marked failed, not returned.
std::optional<Job> claim(db::Connection& c, std::string_view worker_id, clock::TimePoint now, int lease_seconds,
                         const std::vector<std::string>& kinds = {});

// Marks a claimed job done. False when the job is no longer held by worker_id (its lease ran out
// and another worker took it).
bool complete(db::Connection& c, const Job& job, std::string_view worker_id, clock::TimePoint now);

enum class FailOutcome { retry, failed, lost };
// Records a failed attempt: the job runs again after backoff_seconds(attempts), or, after its last
// attempt, is kept as failed with the error. lost: the job is no longer held by worker_id.
FailOutcome fail(db::Connection& c, const Job& job, std::string_view worker_id, std::string_view error,
                 clock::TimePoint now);

// Seconds to wait before attempt n+1 after attempt n failed: 30 s, 1 min, 2 min, … up to an hour.
int backoff_seconds(int attempts);

// Deletes done jobs finished before done_before and failed jobs failed before failed_before.
std::int64_t purge(db::Connection& c, clock::TimePoint done_before, clock::TimePoint failed_before);

struct JobInfo {
  std::int64_t id = 0;
  std::string kind;
  std::string payload;
  std::string state;  // "pending", "running", "failed" or "done"
  int attempts = 0;
  int max_attempts = 0;
  std::string run_after;
  std::optional<std::string> claimed_by;
  std::optional<std::string> last_error;
  std::optional<std::string> dedupe_key;
  std::string created_at;
};
// Pending, running and failed jobs (done ones too with include_done), oldest first, at most limit.
std::vector<JobInfo> list(db::Connection& c, clock::TimePoint now, bool include_done, std::int64_t limit);

}  // namespace samskap::jobs
