#include "directory/feature.hpp"

#include <filesystem>

#include "directory/demo.hpp"
#include "directory/lists.hpp"
#include "directory/manage.hpp"
#include "directory/reference_store.hpp"
#include "directory/register/routes.hpp"
#include "directory/registration.hpp"
#include "directory/routes.hpp"
#include "platform/core/config.hpp"

namespace samskap::directory {

web::Feature feature() {
  return {
      .name = "directory",
      .mount =
          [](web::Router& r, const web::Services& s) {
            std::shared_ptr<ReferenceSource> ref;
            {
              auto c = s.db.acquire();
              ref = std::make_shared<ReferenceSource>(*c);
            }
            mount_routes(r, ref);
            mount_registration(r, ref);
            mount_management(r, ref);
            mount_lists(r, ref);
            r.get("/api/v1/register/{orgnr}", web::Access::everyone(), registry::lookup);
            r.get("/api/v1/register", web::Access::everyone(), registry::autocomplete);
          },
      .demo =
          [](db::Connection& c, const web::Services& s) {
            auto ref = load_reference(c);
            load_demo(c, *ref, std::filesystem::path(s.config.resources_dir) / "content" / "demo" / "directory.toml");
          },
      .sync =
          [](db::Connection& c, const Config& config) {
            sync_reference(c, std::filesystem::path(config.resources_dir) / "content" / "reference");
          },
  };
}

}  // namespace samskap::directory
