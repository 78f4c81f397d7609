#pragma once
#include "platform/web/app.hpp"

namespace samskap::site {
// The front page, the accessibility statement, privacy, language choice and /healthz.
web::Feature feature();
}  // namespace samskap::site
