#pragma once
// Validation of the account forms; returns field errors as catalogue keys.
#include <string>

#include "platform/web/forms.hpp"
#include "platform/web/password_policy.hpp"

namespace samskap::accounts {

struct SignUpInput {
  std::string name;
  std::string email;  // normalised: trimmed, lower-cased
  std::string password;
  std::string password_confirm;
};

std::string normalise_email(const std::string& raw);
bool valid_email(const std::string& email);

web::FieldErrors check_sign_up(const SignUpInput& in, const web::PasswordPolicy& policy);
// A new password with its confirmation (reset and change).
web::FieldErrors check_new_password(const std::string& password, const std::string& confirm,
                                    const std::string& email, const std::string& name,
                                    const web::PasswordPolicy& policy);

}  // namespace samskap::accounts
