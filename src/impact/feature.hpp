#pragma once
#include "platform/web/app.hpp"

namespace samskap::impact {
// Impact measurement: the SROI calculator and its API, the indicator library, impact plans in
// seven steps, and Ferd's yearly figures.
web::Feature feature();
}  // namespace samskap::impact
