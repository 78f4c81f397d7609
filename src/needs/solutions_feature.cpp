#include "needs/solutions_feature.hpp"

#include "directory/reference_store.hpp"
#include "needs/solutions.hpp"

namespace samskap::needs {

web::Feature solutions_feature() {
  return {.name = "solutions",
          .mount =
              [](web::Router& r, const web::Services& s) {
                std::shared_ptr<const directory::Reference> ref;
                {
                  auto c = s.db.acquire();
                  ref = directory::load_reference(*c);
                }
                mount_solutions(r, ref);
              }};
}

}  // namespace samskap::needs
