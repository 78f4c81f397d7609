#pragma once
// All SQL of accounts: users, single-use tokens, sign-in failures.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "accounts/model.hpp"
#include "platform/db/database.hpp"

namespace samskap::accounts::store {

std::optional<Account> find_by_email(db::Connection& c, const std::string& email);
std::optional<Account> find_by_id(db::Connection& c, std::int64_t id);
// Throws db::UniqueViolation when the e-mail is taken.
std::int64_t create(db::Connection& c, const Account& a);
void set_password(db::Connection& c, std::int64_t id, const std::string& hash);
void mark_verified(db::Connection& c, std::int64_t id, const std::string& now);
void remove(db::Connection& c, std::int64_t id);
std::int64_t count(db::Connection& c);
void list(db::Connection& c, std::int64_t offset, std::int64_t limit, const std::function<void(const db::Row&)>& row);
// Row columns of list(): 0 id, 1 email, 2 name, 3 role, 4 verified (0/1), 5 created_at.

const char* purpose_name(TokenPurpose p);
void create_token(db::Connection& c, const std::string& key, std::int64_t user_id, TokenPurpose p,
                  const std::string& expires);
// Marks an unused, unexpired token used and returns its user; nullopt otherwise. Atomic.
std::optional<std::int64_t> consume_token(db::Connection& c, const std::string& key, TokenPurpose p,
                                          const std::string& now);
std::optional<std::int64_t> peek_token(db::Connection& c, const std::string& key, TokenPurpose p,
                                       const std::string& now);

std::int64_t failures_for_account(db::Connection& c, const std::string& email, const std::string& since);
std::int64_t failures_for_address(db::Connection& c, const std::string& address, const std::string& since);
void record_failure(db::Connection& c, const std::string& email, const std::string& address, const std::string& now,
                    const std::string& forget_before);
void clear_failures(db::Connection& c, const std::string& email);

}  // namespace samskap::accounts::store
