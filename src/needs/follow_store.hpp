#pragma once
// All SQL of following: what a user follows, and the daily digest's state and contents.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/db/database.hpp"

namespace samskap::needs::follow_store {

// The three kinds of things one can follow, as stored in follows.kind.
inline constexpr std::string_view kind_service_area = "service_area";
inline constexpr std::string_view kind_municipality = "municipality";
inline constexpr std::string_view kind_need = "need";
bool is_kind(std::string_view kind);

// Starts following (a no-op when already following); returns whether it is new. Creates the
// user's digest state on the first follow, so that only what happens from now on is news.
bool follow(db::Connection& c, std::int64_t user_id, std::string_view kind, const std::string& target,
            const std::string& now, const std::string& lang);
bool unfollow(db::Connection& c, std::int64_t user_id, std::string_view kind, const std::string& target);
bool is_following(db::Connection& c, std::int64_t user_id, std::string_view kind, const std::string& target);
// The targets of one kind a user follows, sorted.
std::vector<std::string> targets(db::Connection& c, std::int64_t user_id, std::string_view kind);
// Makes the user's follows of one kind exactly `wanted` (adds the new, removes the rest).
void set_targets(db::Connection& c, std::int64_t user_id, std::string_view kind, const std::vector<std::string>& wanted,
                 const std::string& now, const std::string& lang);

struct FollowedNeed {
  std::int64_t id = 0;
  std::string title;
  std::string status;
  std::string organisation_name;
};
struct FollowedNeeds {
  std::vector<FollowedNeed> rows;
  std::int64_t total = 0;
};
// The needs a user follows, most recently followed first, one page in one query.
FollowedNeeds followed_needs(db::Connection& c, std::int64_t user_id, std::int64_t offset, std::int64_t limit);

// ---- the digest ----

// Verified users with events matching their follows newer than their last digest, and no digest
// on `today` (YYYY-MM-DD, Europe/Oslo), lowest id first, at most limit.
std::vector<std::int64_t> users_with_news(db::Connection& c, const std::string& today, std::int64_t limit);

struct DigestItem {
  std::int64_t need_id = 0;
  std::string title;
  bool published = false;
  std::int64_t answers = 0;
  std::optional<std::string> new_status;  // the latest status change, if any
};
struct Digest {
  std::int64_t user_id = 0;
  std::string email;
  std::string name;
  std::string lang = "nb";
  bool verified = false;
  std::optional<std::string> last_digest_date;
  std::int64_t last_event_id = 0;
  std::int64_t up_to_event_id = 0;  // the newest event included
  std::vector<DigestItem> items;    // one per need, in order of first event
  std::int64_t more = 0;            // needs left out beyond max_items
};
// What a user's digest holds now; nothing when the user or their digest state is gone.
std::optional<Digest> digest_for(db::Connection& c, std::int64_t user_id, std::size_t max_items);
// Records a sent digest, unless one was already recorded for `date`; returns whether it did.
bool record_digest(db::Connection& c, std::int64_t user_id, const std::string& date, std::int64_t up_to_event_id,
                   const std::string& now);

}  // namespace samskap::needs::follow_store
