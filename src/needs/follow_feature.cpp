#include "needs/follow_feature.hpp"

#include <chrono>

#include "directory/reference_store.hpp"
#include "needs/digest.hpp"
#include "needs/follow.hpp"
#include "platform/core/config.hpp"
#include "platform/jobs/worker.hpp"

namespace samskap::needs {

web::Feature follow_feature() {
  return {
      .name = "follow",
      .mount =
          [](web::Router& r, const web::Services& s) {
            std::shared_ptr<const directory::Reference> ref;
            {
              auto c = s.db.acquire();
              ref = directory::load_reference(*c);
            }
            mount_follow_routes(r, ref);
          },
      .jobs =
          [](jobs::Registry& registry, const web::Services& s) {
            registry.handle(digest::job_kind,
                            [&s](db::Connection& c, const jobs::Job& job) { digest::run(c, s, job); });
            registry.every("digest.schedule", std::chrono::seconds(s.config.digest_interval_seconds),
                           [](db::Connection& c, clock::TimePoint now) { digest::schedule(c, now); });
          },
  };
}

}  // namespace samskap::needs
