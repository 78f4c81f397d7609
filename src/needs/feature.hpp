#pragma once
#include "platform/web/app.hpp"

namespace samskap::needs {
// The needs marketplace: needs, solutions, proposals, questions and the dialogue log.
web::Feature feature();
}  // namespace samskap::needs
