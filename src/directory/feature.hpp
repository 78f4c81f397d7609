#pragma once
#include "platform/web/app.hpp"

namespace samskap::directory {
// The directory: organisations, people and contact roles, municipalities and counties,
// coverage, the register of legal entities.
web::Feature feature();
}  // namespace samskap::directory
