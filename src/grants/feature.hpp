#pragma once
#include "platform/web/app.hpp"

namespace samskap::grants {
// Grant schemes: rules as data, calls and applications.
web::Feature feature();
}  // namespace samskap::grants
