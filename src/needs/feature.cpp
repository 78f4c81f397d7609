#include "needs/feature.hpp"

#include <filesystem>

#include "directory/reference_store.hpp"
#include "needs/demo.hpp"
#include "needs/routes.hpp"
#include "needs/solutions.hpp"
#include "platform/core/config.hpp"

namespace samskap::needs {

web::Feature feature() {
  return {
      .name = "needs",
      .mount =
          [](web::Router& r, const web::Services& s) {
            std::shared_ptr<const directory::Reference> ref;
            {
              auto c = s.db.acquire();
              ref = directory::load_reference(*c);
            }
            std::vector<NeedPageExtra> extras;
            mount_need_routes(r, ref, std::move(extras));
            mount_need_editor(r, ref);
            mount_solutions(r, ref);
          },
      .demo =
          [](db::Connection& c, const web::Services& s) {
            auto ref = directory::load_reference(c);
            load_demo(c, s, *ref, std::filesystem::path(s.config.resources_dir) / "content" / "demo" / "needs.toml");
          },
      .sync = nullptr,
  };
}

}  // namespace samskap::needs
