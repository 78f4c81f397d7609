#pragma once
// SQL for sessions and server settings. Sessions live in the database so that several
// serve processes behind a balancer share them; the key stored is a hash of the cookie.
#include <optional>
#include <string>

#include "platform/db/database.hpp"
#include "platform/web/app.hpp"

namespace samskap::web::session_store {

// The server-wide secret, created by whichever process gets there first.
std::string ensure_secret(db::Connection& c);

std::optional<User> find_user(db::Connection& c, const std::string& key, const std::string& now);
void create(db::Connection& c, const std::string& key, std::int64_t user_id, const std::string& now,
            const std::string& expires);
void remove(db::Connection& c, const std::string& key);
void remove_all_for_user(db::Connection& c, std::int64_t user_id);
void purge_expired(db::Connection& c, const std::string& now);

}  // namespace samskap::web::session_store
