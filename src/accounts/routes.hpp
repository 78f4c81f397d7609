#pragma once
#include "platform/web/app.hpp"
#include "platform/web/password_policy.hpp"

namespace samskap::accounts {

void mount_routes(web::Router& r, const web::PasswordPolicy& policy);

}  // namespace samskap::accounts
