#pragma once
#include "platform/web/app.hpp"

namespace samskap::accounts {
// Accounts: sign-up, sign-in, passwords, the user's own data; admin's user list.
web::Feature feature();
}  // namespace samskap::accounts
