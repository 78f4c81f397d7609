#include "impact/feature.hpp"

#include "impact/sroi_routes.hpp"

namespace samskap::impact {

web::Feature feature() {
  return {
      .name = "impact",
      .mount = [](web::Router& r, const web::Services&) { mount_sroi(r); },
      .demo = nullptr,
  };
}

}  // namespace samskap::impact
