#include "grants/feature.hpp"

#include <filesystem>

#include "directory/reference_store.hpp"
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
            mount_review_routes(r, ref);  // before the call's page: /tilskudd/vurderinger
            mount_call_routes(r, ref);
            mount_application_routes(r, ref);
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
          },
  };
}

}  // namespace samskap::grants
