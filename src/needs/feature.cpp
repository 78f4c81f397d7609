#include "needs/feature.hpp"

#include "directory/reference_store.hpp"
#include "needs/dialogue.hpp"
#include "needs/routes.hpp"

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
            mount_dialogue(r, ref);
          },
      .demo = nullptr,
      .sync = nullptr,
  };
}

}  // namespace samskap::needs
