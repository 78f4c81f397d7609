#pragma once
#include <memory>

#include "directory/reference_store.hpp"
#include "platform/web/app.hpp"

namespace samskap::directory {
void mount_routes(web::Router& r, std::shared_ptr<ReferenceSource> ref);
}  // namespace samskap::directory
