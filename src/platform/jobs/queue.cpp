// All SQL of the job queue.
#include "platform/jobs/queue.hpp"

#include <algorithm>
#include <chrono>

namespace samskap::jobs {
namespace {

constexpr std::size_t max_error_bytes = 2000;
constexpr std::string_view kPending = "done_at IS NULL AND failed_at IS NULL";

std::string iso(clock::TimePoint t) { return clock::iso_utc(t); }

// Cuts an error message to a size worth keeping, on a UTF-8 character boundary.
std::string short_error(std::string_view error) {
  if (error.size() <= max_error_bytes) return std::string(error);
  std::size_t end = max_error_bytes;
  while (end > 0 && (static_cast<unsigned char>(error[end]) & 0xC0) == 0x80) --end;
  return std::string(error.substr(0, end)) + " …";
}

// " AND kind IN (?, ?)" for a non-empty kinds list.
std::string kinds_clause(const std::vector<std::string>& kinds) {
  if (kinds.empty()) return {};
  std::string out = " AND kind IN (";
  for (std::size_t i = 0; i < kinds.size(); ++i) out += i ? ", ?" : "?";
  out += ")";
  return out;
}

// Due and free: never claimed, or the last claim's lease ran out.
std::string due_condition(const std::vector<std::string>& kinds) {
  return std::string(kPending) + " AND run_after <= ? AND (claimed_until IS NULL OR claimed_until <= ?)" +
         kinds_clause(kinds);
}

// Claims one job with a single UPDATE; nothing when no job is due.
std::optional<Job> claim_one(db::Connection& c, std::string_view worker_id, const std::string& now,
                             const std::string& until, const std::vector<std::string>& kinds) {
  const bool pg = c.engine() == db::Engine::postgresql;
  // PostgreSQL: SKIP LOCKED lets concurrent claimers pass over a row another transaction is taking.
  // SQLite: the caller holds the write lock, so the subquery and the update see the same table.
  const std::string sql = "UPDATE jobs SET claimed_by = ?, claimed_until = ?, attempts = attempts + 1 "
                          "WHERE id = (SELECT id FROM jobs WHERE " +
                          due_condition(kinds) + " ORDER BY run_after, id LIMIT 1" +
                          (pg ? " FOR UPDATE SKIP LOCKED" : "") +
                          ") RETURNING id, kind, payload, attempts, max_attempts";
  std::vector<db::Param> params{worker_id, until, now, now};
  for (const auto& k : kinds) params.emplace_back(k);
  std::optional<Job> job;
  c.run(sql, params, [&](const db::Row& r) {
    if (job) return;
    job = Job{r.integer(0), r.str(1), r.str(2), static_cast<int>(r.integer(3)), static_cast<int>(r.integer(4))};
  });
  return job;
}

// A job claimed after its last attempt's lease ran out (the worker died or hung): kept as failed.
void fail_exhausted(db::Connection& c, const Job& job, std::string_view worker_id, const std::string& now) {
  c.exec("UPDATE jobs SET failed_at = ?, claimed_until = NULL, "
         "last_error = COALESCE(last_error || ' / ', '') || ? WHERE id = ? AND claimed_by = ?",
         {now, "lease expired on the last attempt", job.id, worker_id});
}

}  // namespace

bool enqueue(db::Connection& c, std::string_view kind, std::string_view payload, clock::TimePoint run_after,
             const std::optional<std::string>& dedupe_key, int max_attempts) {
  const std::string now = clock::now_iso();
  const std::string after = iso(run_after);
  bool inserted = false;
  // ON CONFLICT … DO NOTHING returns no row for a duplicate key, on both engines.
  c.one("INSERT INTO jobs (kind, payload, run_after, max_attempts, dedupe_key, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
        {kind, payload, after, std::max(1, max_attempts), dedupe_key, now},
        [&](const db::Row&) { inserted = true; });
  return inserted;
}

std::optional<Job> claim(db::Connection& c, std::string_view worker_id, clock::TimePoint now, int lease_seconds,
                         const std::vector<std::string>& kinds) {
  const std::string now_text = iso(now);
  const std::string until = iso(now + std::chrono::seconds(std::max(1, lease_seconds)));
  const bool sqlite = c.engine() == db::Engine::sqlite;
  for (;;) {
    if (sqlite) {
      // A read first: idle polls must not take SQLite's single write lock.
      std::vector<db::Param> params{now_text, now_text};
      for (const auto& k : kinds) params.emplace_back(k);
      bool due = false;
      c.run("SELECT 1 FROM jobs WHERE " + due_condition(kinds) + " LIMIT 1", params,
            [&](const db::Row&) { due = true; });
      if (!due) return std::nullopt;
      db::Transaction tx(c, true);  // BEGIN IMMEDIATE: one claimer at a time
      auto job = claim_one(c, worker_id, now_text, until, kinds);
      if (job && job->attempts > job->max_attempts) {
        fail_exhausted(c, *job, worker_id, now_text);
        tx.commit();
        continue;
      }
      tx.commit();
      return job;
    }
    auto job = claim_one(c, worker_id, now_text, until, kinds);
    if (job && job->attempts > job->max_attempts) {
      fail_exhausted(c, *job, worker_id, now_text);
      continue;
    }
    return job;
  }
}

bool complete(db::Connection& c, const Job& job, std::string_view worker_id, clock::TimePoint now) {
  return c.exec("UPDATE jobs SET done_at = ?, claimed_until = NULL WHERE id = ? AND claimed_by = ? AND " +
                    std::string(kPending),
                {iso(now), job.id, worker_id}) == 1;
}

FailOutcome fail(db::Connection& c, const Job& job, std::string_view worker_id, std::string_view error,
                 clock::TimePoint now) {
  const std::string message = short_error(error);
  if (job.attempts >= job.max_attempts) {
    const auto changed = c.exec("UPDATE jobs SET failed_at = ?, last_error = ?, claimed_until = NULL "
                                "WHERE id = ? AND claimed_by = ? AND " +
                                    std::string(kPending),
                                {iso(now), message, job.id, worker_id});
    return changed == 1 ? FailOutcome::failed : FailOutcome::lost;
  }
  const auto retry_at = now + std::chrono::seconds(backoff_seconds(job.attempts));
  const auto changed = c.exec("UPDATE jobs SET run_after = ?, last_error = ?, claimed_by = NULL, "
                              "claimed_until = NULL WHERE id = ? AND claimed_by = ? AND " +
                                  std::string(kPending),
                              {iso(retry_at), message, job.id, worker_id});
  return changed == 1 ? FailOutcome::retry : FailOutcome::lost;
}

int backoff_seconds(int attempts) {
  constexpr int first = 30, most = 3600;
  int seconds = first;
  for (int i = 1; i < attempts && seconds < most; ++i) seconds *= 2;
  return std::min(seconds, most);
}

std::int64_t purge(db::Connection& c, clock::TimePoint done_before, clock::TimePoint failed_before) {
  std::int64_t removed = c.exec("DELETE FROM jobs WHERE done_at IS NOT NULL AND done_at < ?", {iso(done_before)});
  removed += c.exec("DELETE FROM jobs WHERE failed_at IS NOT NULL AND failed_at < ?", {iso(failed_before)});
  return removed;
}

std::vector<JobInfo> list(db::Connection& c, clock::TimePoint now, bool include_done, std::int64_t limit) {
  std::vector<JobInfo> out;
  const std::string sql =
      std::string("SELECT id, kind, payload, CASE WHEN failed_at IS NOT NULL THEN 'failed' "
                  "WHEN done_at IS NOT NULL THEN 'done' "
                  "WHEN claimed_until IS NOT NULL AND claimed_until > ? THEN 'running' ELSE 'pending' END, "
                  "attempts, max_attempts, run_after, claimed_by, last_error, dedupe_key, created_at FROM jobs ") +
      (include_done ? "" : "WHERE done_at IS NULL ") + "ORDER BY id LIMIT ?";
  c.each(sql, {iso(now), limit}, [&](const db::Row& r) {
    out.push_back(JobInfo{r.integer(0), r.str(1), r.str(2), r.str(3), static_cast<int>(r.integer(4)),
                          static_cast<int>(r.integer(5)), r.str(6), r.opt_text(7), r.opt_text(8), r.opt_text(9),
                          r.str(10)});
  });
  return out;
}

}  // namespace samskap::jobs
