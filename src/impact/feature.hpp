#pragma once
#include "platform/web/app.hpp"

namespace samskap::impact {
// Impact measurement: so far the public SROI calculator and its API.
web::Feature feature();
}  // namespace samskap::impact
