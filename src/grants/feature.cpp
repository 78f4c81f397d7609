#include "grants/feature.hpp"

#include <chrono>
#include <filesystem>

#include "directory/reference_store.hpp"
#include "grants/after.hpp"
#include "grants/attachments.hpp"
#include "grants/demo.hpp"
#include "grants/review.hpp"
#include "grants/routes.hpp"
#include "platform/core/config.hpp"
#include "platform/jobs/worker.hpp"

namespace samskap::grants {

web::Feature feature() {
  return {
      .name = "grants",
      .mount =
          [](web::Router& r, const web::Services& s) {
            std::shared_ptr<const directory::Reference> ref;
            {
              auto c = s.db.acquire();
              ref = directory::load_reference(*c);
            }
            mount_manage_routes(r, ref);  // before the scheme's page: /tilskudd/ordninger/ny
            mount_overview_routes(r, ref);
            mount_review_routes(r, ref);  // before the call's page: /tilskudd/vurderinger
            mount_call_routes(r, ref);
            mount_application_routes(r, ref);
            mount_attachment_routes(r, ref);
            mount_payment_routes(r, ref);
            mount_report_routes(r, ref);
          },
      .demo =
          [](db::Connection& c, const web::Services& s) {
            load_demo(c, std::filesystem::path(s.config.resources_dir) / "content" / "demo" / "grants.toml");
          },
      .sync = nullptr,
      .jobs =
          [](jobs::Registry& registry, const web::Services& s) {
            registry.handle(notice::job_kind,
                            [&s](db::Connection& c, const jobs::Job& job) { notice::run(c, s, job); });
            registry.handle(reminder::job_kind,
                            [&s](db::Connection& c, const jobs::Job& job) { reminder::run(c, s, job); });
            registry.every("grants.report_reminders", std::chrono::seconds(s.config.report_reminder_interval_seconds),
                           [](db::Connection& c, clock::TimePoint now) { reminder::schedule(c, now); });
          },
  };
}

}  // namespace samskap::grants
