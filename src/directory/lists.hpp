#pragma once
#include <memory>

#include "directory/reference_store.hpp"
#include "platform/web/app.hpp"

namespace samskap::directory {
// /admin/lister: coordinators edit the service areas and target groups.
void mount_lists(web::Router& r, std::shared_ptr<ReferenceSource> ref);
}  // namespace samskap::directory
