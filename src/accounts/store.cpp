#include "accounts/store.hpp"

namespace samskap::accounts::store {

static constexpr const char* kColumns = "id, email, name, password_hash, role, verified_at, created_at";

static Account read_account(const db::Row& r) {
  return Account{r.integer(0), r.str(1), r.str(2), r.str(3), r.str(4), r.opt_text(5), r.str(6)};
}

std::optional<Account> find_by_email(db::Connection& c, const std::string& email) {
  std::optional<Account> a;
  c.one(std::string("SELECT ") + kColumns + " FROM users WHERE email = ?", {email},
        [&](const db::Row& r) { a = read_account(r); });
  return a;
}

std::optional<Account> find_by_id(db::Connection& c, std::int64_t id) {
  std::optional<Account> a;
  c.one(std::string("SELECT ") + kColumns + " FROM users WHERE id = ?", {id},
        [&](const db::Row& r) { a = read_account(r); });
  return a;
}

std::int64_t create(db::Connection& c, const Account& a) {
  return c.insert_id(
      "INSERT INTO users (email, name, password_hash, role, verified_at, created_at) VALUES (?, ?, ?, ?, ?, ?) "
      "RETURNING id",
      {a.email, a.name, a.password_hash, a.role, a.verified_at, a.created_at});
}

void set_password(db::Connection& c, std::int64_t id, const std::string& hash) {
  c.exec("UPDATE users SET password_hash = ? WHERE id = ?", {hash, id});
}

void mark_verified(db::Connection& c, std::int64_t id, const std::string& now) {
  c.exec("UPDATE users SET verified_at = ? WHERE id = ? AND verified_at IS NULL", {now, id});
}

void remove(db::Connection& c, std::int64_t id) { c.exec("DELETE FROM users WHERE id = ?", {id}); }

std::int64_t count(db::Connection& c) { return c.scalar_int("SELECT COUNT(*) FROM users").value_or(0); }

void list(db::Connection& c, std::int64_t offset, std::int64_t limit, const std::function<void(const db::Row&)>& row) {
  c.each(
      "SELECT id, email, name, role, CASE WHEN verified_at IS NULL THEN 0 ELSE 1 END, created_at "
      "FROM users ORDER BY name, id LIMIT ? OFFSET ?",
      {limit, offset}, row);
}

const char* purpose_name(TokenPurpose p) { return p == TokenPurpose::verify ? "verify" : "reset"; }

void create_token(db::Connection& c, const std::string& key, std::int64_t user_id, TokenPurpose p,
                  const std::string& expires) {
  c.exec("INSERT INTO tokens (key, user_id, purpose, expires_at) VALUES (?, ?, ?, ?)",
         {key, user_id, purpose_name(p), expires});
}

std::optional<std::int64_t> consume_token(db::Connection& c, const std::string& key, TokenPurpose p,
                                          const std::string& now) {
  std::optional<std::int64_t> user;
  c.one(
      "UPDATE tokens SET used_at = ? WHERE key = ? AND purpose = ? AND used_at IS NULL AND expires_at > ? "
      "RETURNING user_id",
      {now, key, purpose_name(p), now}, [&](const db::Row& r) { user = r.integer(0); });
  return user;
}

std::optional<std::int64_t> peek_token(db::Connection& c, const std::string& key, TokenPurpose p,
                                       const std::string& now) {
  return c.scalar_int("SELECT user_id FROM tokens WHERE key = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?",
                      {key, purpose_name(p), now});
}

std::int64_t failures_for_account(db::Connection& c, const std::string& email, const std::string& since) {
  return c.scalar_int("SELECT COUNT(*) FROM login_failures WHERE account = ? AND at > ?", {email, since}).value_or(0);
}

std::int64_t failures_for_address(db::Connection& c, const std::string& address, const std::string& since) {
  return c.scalar_int("SELECT COUNT(*) FROM login_failures WHERE address = ? AND at > ?", {address, since})
      .value_or(0);
}

void record_failure(db::Connection& c, const std::string& email, const std::string& address, const std::string& now,
                    const std::string& forget_before) {
  c.exec("INSERT INTO login_failures (account, address, at) VALUES (?, ?, ?)", {email, address, now});
  c.exec("DELETE FROM login_failures WHERE at < ?", {forget_before});
}

void clear_failures(db::Connection& c, const std::string& email) {
  c.exec("DELETE FROM login_failures WHERE account = ?", {email});
}

}  // namespace samskap::accounts::store
