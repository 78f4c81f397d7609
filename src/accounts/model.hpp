#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace samskap::accounts {

struct Account {
  std::int64_t id = 0;
  std::string email;
  std::string name;
  std::string password_hash;
  std::string role;
  std::optional<std::string> verified_at;
  std::string created_at;
};

enum class TokenPurpose { verify, reset };

}  // namespace samskap::accounts
