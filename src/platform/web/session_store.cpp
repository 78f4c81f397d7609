#include "platform/web/session_store.hpp"

#include "platform/core/crypto.hpp"

namespace samskap::web::session_store {

std::string ensure_secret(db::Connection& c) {
  auto candidate = crypto::random_token(48);
  c.exec("INSERT INTO settings (name, value) VALUES ('secret', ?) ON CONFLICT (name) DO NOTHING", {candidate});
  return c.scalar_text("SELECT value FROM settings WHERE name = 'secret'").value_or(candidate);
}

std::optional<User> find_user(db::Connection& c, const std::string& key, const std::string& now) {
  std::optional<User> u;
  c.one(
      "SELECT u.id, u.email, u.name, u.role, u.verified_at IS NOT NULL "
      "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.key = ? AND s.expires_at > ?",
      {key, now}, [&](const db::Row& r) {
        u = User{r.integer(0), r.str(1), r.str(2), r.str(3), r.integer(4) != 0};
      });
  return u;
}

void create(db::Connection& c, const std::string& key, std::int64_t user_id, const std::string& now,
            const std::string& expires) {
  c.exec("INSERT INTO sessions (key, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
         {key, user_id, now, expires});
}

void remove(db::Connection& c, const std::string& key) { c.exec("DELETE FROM sessions WHERE key = ?", {key}); }

void remove_all_for_user(db::Connection& c, std::int64_t user_id) {
  c.exec("DELETE FROM sessions WHERE user_id = ?", {user_id});
}

void purge_expired(db::Connection& c, const std::string& now) {
  c.exec("DELETE FROM sessions WHERE expires_at <= ?", {now});
}

}  // namespace samskap::web::session_store
