#include "platform/jobs/worker.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "platform/db/database.hpp"

namespace samskap::jobs {

void Registry::handle(std::string kind, Handler handler) {
  if (handler_for(kind)) throw std::logic_error("job kind \"" + kind + "\" has two handlers");
  handlers_.emplace_back(std::move(kind), std::move(handler));
}

void Registry::every(std::string name, std::chrono::milliseconds interval, Task task) {
  periodic_.push_back({std::move(name), std::max(interval, std::chrono::milliseconds(1)), std::move(task)});
}

const Registry::Handler* Registry::handler_for(const std::string& kind) const {
  for (const auto& [k, h] : handlers_)
    if (k == kind) return &h;
  return nullptr;
}

std::vector<std::string> Registry::kinds() const {
  std::vector<std::string> out;
  for (const auto& [k, h] : handlers_) out.push_back(k);
  return out;
}

bool run_job(db::Connection& c, const Registry& registry, const Job& job, const std::string& worker_id,
             clock::TimePoint now) {
  const Registry::Handler* handler = registry.handler_for(job.kind);
  std::string error;
  if (!handler) {
    error = "no handler for job kind \"" + job.kind + "\"";
  } else {
    try {
      (*handler)(c, job);
    } catch (const std::exception& e) {
      error = e.what();
      if (error.empty()) error = "unknown error";
    } catch (...) {
      error = "unknown error";
    }
  }
  // A handler that threw out of an open transaction leaves it to be rolled back here.
  if (c.in_transaction()) c.rollback();
  if (error.empty()) {
    if (!complete(c, job, worker_id, now))
      spdlog::warn("jobb {} ({}) var ikke lenger holdt av {} da den ble ferdig", job.id, job.kind, worker_id);
    return true;
  }
  switch (fail(c, job, worker_id, error, now)) {
    case FailOutcome::retry:
      spdlog::warn("jobb {} ({}) feilet i forsøk {} av {}, prøves igjen: {}", job.id, job.kind, job.attempts,
                   job.max_attempts, error);
      break;
    case FailOutcome::failed:
      spdlog::error("jobb {} ({}) feilet i siste forsøk ({}): {}", job.id, job.kind, job.attempts, error);
      break;
    case FailOutcome::lost:
      spdlog::warn("jobb {} ({}) feilet, men var ikke lenger holdt av {}: {}", job.id, job.kind, worker_id, error);
      break;
  }
  return false;
}

struct Worker::Impl {
  db::Pool& pool;
  const Registry& registry;
  WorkerOptions options;
  std::vector<std::string> kinds;
  std::vector<std::thread> threads;
  std::mutex mutex;
  std::condition_variable wake;
  bool stopping = false;

  Impl(db::Pool& p, const Registry& r, WorkerOptions o) : pool(p), registry(r), options(std::move(o)) {
    kinds = registry.kinds();
    if (options.name.empty()) {
      char host[256] = {};
      if (gethostname(host, sizeof host - 1) != 0) host[0] = 0;
      options.name = std::string(host[0] ? host : "samskap") + ":" + std::to_string(getpid());
    }
  }

  // Sleeps for d unless stop() comes first; returns false when stopping.
  bool sleep(std::chrono::milliseconds d) {
    std::unique_lock lock(mutex);
    return !wake.wait_for(lock, d, [&] { return stopping; });
  }
  bool stopped() {
    std::lock_guard lock(mutex);
    return stopping;
  }

  void work(const std::string& id) {
    while (!stopped()) {
      bool ran = false;
      try {
        auto conn = pool.acquire();
        if (auto job = claim(*conn, id, std::chrono::system_clock::now(), options.lease_seconds, kinds)) {
          run_job(*conn, registry, *job, id, std::chrono::system_clock::now());
          ran = true;
        }
      } catch (const std::exception& e) {
        spdlog::error("jobbarbeider {}: {}", id, e.what());
      }
      if (!ran && !sleep(options.poll)) return;
    }
  }

  void schedule() {
    using steady = std::chrono::steady_clock;
    const auto& tasks = registry.periodic();
    std::vector<steady::time_point> next(tasks.size(), steady::now());
    while (!stopped()) {
      for (std::size_t i = 0; i < tasks.size(); ++i) {
        if (steady::now() < next[i]) continue;
        try {
          auto conn = pool.acquire();
          tasks[i].task(*conn, std::chrono::system_clock::now());
        } catch (const std::exception& e) {
          spdlog::error("periodisk oppgave {}: {}", tasks[i].name, e.what());
        }
        next[i] = steady::now() + tasks[i].interval;
        if (stopped()) return;
      }
      auto first = *std::min_element(next.begin(), next.end());
      auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(first - steady::now());
      if (!sleep(std::max(wait, std::chrono::milliseconds(1)))) return;
    }
  }
};

Worker::Worker(db::Pool& pool, const Registry& registry, WorkerOptions options)
    : impl_(std::make_unique<Impl>(pool, registry, std::move(options))) {}

Worker::~Worker() { stop(); }

void Worker::start() {
  Impl& w = *impl_;
  if (!w.threads.empty() || w.options.threads <= 0) return;
  {
    std::lock_guard lock(w.mutex);
    w.stopping = false;
  }
  // Without handlers there is nothing this process may claim.
  if (!w.kinds.empty())
    for (int i = 0; i < w.options.threads; ++i) {
      std::string id = w.options.name + ":" + std::to_string(i + 1);
      w.threads.emplace_back([&w, id] { w.work(id); });
    }
  if (!w.registry.periodic().empty()) w.threads.emplace_back([&w] { w.schedule(); });
  spdlog::info("bakgrunnsjobber: {} arbeider(e), {} jobbtype(r), {} periodisk(e) oppgave(r)",
               w.kinds.empty() ? 0 : w.options.threads, w.kinds.size(), w.registry.periodic().size());
}

void Worker::stop() {
  Impl& w = *impl_;
  {
    std::lock_guard lock(w.mutex);
    w.stopping = true;
  }
  w.wake.notify_all();
  for (auto& t : w.threads) t.join();
  w.threads.clear();
}

int Worker::run_due(db::Connection& c, clock::TimePoint now) {
  Impl& w = *impl_;
  const std::string id = w.options.name + ":direct";
  int ran = 0;
  if (w.kinds.empty()) return 0;
  while (auto job = claim(c, id, now, w.options.lease_seconds, w.kinds)) {
    run_job(c, w.registry, *job, id, now);
    ++ran;
  }
  return ran;
}

}  // namespace samskap::jobs
