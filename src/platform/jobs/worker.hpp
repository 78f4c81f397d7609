#pragma once
// Handlers by job kind, periodic tasks, and the worker threads `samskap serve` runs them on.
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "platform/core/clock.hpp"
#include "platform/jobs/queue.hpp"

namespace samskap::db {
class Pool;
}

namespace samskap::jobs {

class Registry {
 public:
  // Runs one job. Throwing fails the attempt: the job is retried with backoff, and kept as failed
  // after its last attempt. A handler that writes should do so in its own transaction.
  using Handler = std::function<void(db::Connection&, const Job&)>;
  // A periodic task. Every serve process runs it, so it must be safe to run concurrently: it
  // should find work and enqueue it with dedupe keys rather than do the work itself.
  using Task = std::function<void(db::Connection&, clock::TimePoint now)>;

  struct Periodic {
    std::string name;
    std::chrono::milliseconds interval;
    Task task;
  };

  // One handler per kind; registering a kind twice throws std::logic_error.
  void handle(std::string kind, Handler handler);
  void every(std::string name, std::chrono::milliseconds interval, Task task);

  const Handler* handler_for(const std::string& kind) const;
  std::vector<std::string> kinds() const;
  const std::vector<Periodic>& periodic() const { return periodic_; }

 private:
  std::vector<std::pair<std::string, Handler>> handlers_;
  std::vector<Periodic> periodic_;
};

struct WorkerOptions {
  int threads = 1;                           // 0: no jobs and no periodic tasks in this process
  std::chrono::milliseconds poll{1000};      // how often an idle thread looks for due jobs
  int lease_seconds = 300;                   // how long a claimed job is held before others may take it
  std::string name;                          // worker id prefix; default "<host>:<pid>"
};

// Polls the queue on its own threads, runs jobs with the registered handlers, and runs the
// periodic tasks on one more thread. stop() (or the destructor) lets running jobs finish.
class Worker {
 public:
  Worker(db::Pool& pool, const Registry& registry, WorkerOptions options);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  void start();
  void stop();

  // Runs due jobs on the calling thread until none is due; returns how many ran (tests, CLI).
  int run_due(db::Connection& c, clock::TimePoint now);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Runs one claimed job with its handler and records the outcome; returns whether it succeeded.
bool run_job(db::Connection& c, const Registry& registry, const Job& job, const std::string& worker_id,
             clock::TimePoint now);

}  // namespace samskap::jobs
