#include "impact/feature.hpp"

#include <filesystem>

#include "impact/analyses.hpp"
#include "impact/measurements.hpp"
#include "impact/plan_demo.hpp"
#include "impact/plan_routes.hpp"
#include "impact/plan_store.hpp"
#include "impact/region.hpp"
#include "impact/report.hpp"
#include "impact/sroi_routes.hpp"
#include "platform/core/config.hpp"

namespace samskap::impact {

web::Feature feature() {
  return {
      .name = "impact",
      .mount =
          [](web::Router& r, const web::Services&) {
            mount_sroi(r);
            analyses::mount(r);
            mount_indicator_routes(r);
            mount_plan_routes(r);
            mount_measurement_routes(r);
            mount_ferd_routes(r);
            report::mount(r);
            region::mount(r);
          },
      .demo =
          [](db::Connection& c, const web::Services& s) {
            load_demo(c, std::filesystem::path(s.config.resources_dir) / "content" / "demo" / "impact.toml");
          },
      .sync =
          [](db::Connection& c, const Config& config) {
            store::sync_seed_indicators(c, std::filesystem::path(config.resources_dir) / "content" / "impact" /
                                               "indicators.toml");
          },
  };
}

}  // namespace samskap::impact
