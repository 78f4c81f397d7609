#pragma once
// Local wiring of the solutions and match pages until the needs feature (src/needs/feature.cpp)
// mounts them; drop this file and its line in main.cpp then.
#include "platform/web/app.hpp"

namespace samskap::needs {
web::Feature solutions_feature();
}
