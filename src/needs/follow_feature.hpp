#pragma once
#include "platform/web/app.hpp"

namespace samskap::needs {
// Following and the daily digest: /konto/folger, follow buttons, the digest scheduler and job.
web::Feature follow_feature();
}  // namespace samskap::needs
