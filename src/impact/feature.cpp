#include "impact/feature.hpp"

#include "impact/analyses.hpp"
#include "impact/sroi_routes.hpp"

namespace samskap::impact {

web::Feature feature() {
  return {
      .name = "impact",
      .mount =
          [](web::Router& r, const web::Services&) {
            mount_sroi(r);
            analyses::mount(r);
          },
      .demo = nullptr,
  };
}

}  // namespace samskap::impact
