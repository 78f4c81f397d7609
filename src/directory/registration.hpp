#pragma once
#include <memory>

#include "directory/reference_store.hpp"
#include "platform/web/app.hpp"

namespace samskap::directory {
// Registering an organisation in at most three screens: number or name → details → done.
void mount_registration(web::Router& r, std::shared_ptr<ReferenceSource> ref);
}  // namespace samskap::directory
