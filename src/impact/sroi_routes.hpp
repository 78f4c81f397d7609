#pragma once
// The public SROI calculator: the page /verktoy/sroi and its JSON twin POST /api/v1/sroi.
#include "platform/web/app.hpp"

namespace samskap::impact {
void mount_sroi(web::Router& r);
}  // namespace samskap::impact
