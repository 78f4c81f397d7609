#include "accounts/rules.hpp"

namespace samskap::accounts {

std::string normalise_email(const std::string& raw) { return web::ascii_lower(web::trim(raw)); }

bool valid_email(const std::string& e) {
  if (e.size() < 3 || e.size() > 254) return false;
  auto at = e.find('@');
  if (at == std::string::npos || at == 0 || e.find('@', at + 1) != std::string::npos) return false;
  auto domain = e.substr(at + 1);
  auto dot = domain.find('.');
  if (dot == std::string::npos || dot == 0 || domain.back() == '.') return false;
  for (unsigned char c : e)
    if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == ',' || c == ';' || c == '"') return false;
  return true;
}

web::FieldErrors check_new_password(const std::string& password, const std::string& confirm,
                                    const std::string& email, const std::string& name,
                                    const web::PasswordPolicy& policy) {
  web::FieldErrors errors;
  if (auto problem = policy.check(password, email, name)) errors.add("password", *problem);
  else if (password != confirm) errors.add("password_confirm", "accounts.errors.password_mismatch");
  return errors;
}

web::FieldErrors check_sign_up(const SignUpInput& in, const web::PasswordPolicy& policy) {
  web::FieldErrors errors;
  if (in.name.empty()) errors.add("name", "accounts.errors.name_required");
  else if (web::utf8_length(in.name) > 200) errors.add("name", "accounts.errors.name_long");
  if (in.email.empty()) errors.add("email", "accounts.errors.email_required");
  else if (!valid_email(in.email)) errors.add("email", "accounts.errors.email_invalid");
  for (auto& e : check_new_password(in.password, in.password_confirm, in.email, in.name, policy).items)
    errors.items.push_back(e);
  return errors;
}

}  // namespace samskap::accounts
