#pragma once
// An organisation's stored SROI analyses (/aktorer/{id}/sroi): the calculator's form with a title
// and the stakeholders, saved as typed at every save so nothing is lost and an analysis reopens as
// it was left; the result is computed when shown. Members of the organisation and coordinators only.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/web/app.hpp"

namespace samskap::db {
class Connection;
}

namespace samskap::impact::analyses {

struct Analysis {
  std::int64_t id = 0;
  std::int64_t organisation_id = 0;
  std::string title;
  std::string stakeholders;  // one per line
  std::string input;         // the typed form as JSON (impact::form::to_json)
  std::string ratio;         // "2.25" when the saved input gives a ratio, else empty
  std::string updated_at;    // UTC ISO
};

struct Listing {
  std::vector<Analysis> rows;
  std::int64_t total = 0;
};

Listing list(db::Connection& c, std::int64_t organisation_id, std::int64_t offset, std::int64_t limit);
std::optional<Analysis> find(db::Connection& c, std::int64_t organisation_id, std::int64_t id);
std::int64_t create(db::Connection& c, std::int64_t organisation_id, const std::string& title,
                    const std::string& input, std::int64_t user_id, const std::string& now);
void save(db::Connection& c, const Analysis& a, std::int64_t user_id, const std::string& now);
bool remove(db::Connection& c, std::int64_t organisation_id, std::int64_t id);

void mount(web::Router& r);

}  // namespace samskap::impact::analyses
