#include "needs/feature.hpp"

#include <filesystem>

#include "directory/reference_store.hpp"
#include "needs/demo.hpp"
#include "needs/dialogue.hpp"
#include "needs/follow.hpp"
#include "needs/proposals.hpp"
#include "needs/routes.hpp"
#include "needs/solutions.hpp"
#include "platform/core/config.hpp"

namespace samskap::needs {

web::Feature feature() {
  return {
      .name = "needs",
      .mount =
          [](web::Router& r, const web::Services& s) {
            Source src;
            {
              auto c = s.db.acquire();
              src = std::make_shared<directory::ReferenceSource>(*c);
            }
            std::vector<NeedPageExtra> extras;
            // Following a public need: news of answers and status changes in the daily digest.
            extras.push_back(
                [](web::Context& ctx, const store::Head& need, const store::NeedViewer* viewer, render::Object& d) {
                  if (need.status == "draft") return;
                  auto target = std::to_string(need.id);
                  d.set("follow", viewer ? follow_button(ctx, "need", target, viewer->following)
                                         : follow_button(ctx, "need", target));
                });
            mount_need_routes(r, src, std::move(extras));
            mount_need_editor(r, src);
            mount_proposals(r);
            mount_dialogue(r);
            mount_solutions(r, src);
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
