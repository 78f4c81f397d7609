#pragma once
// All SQL of the directory: organisations with their tags, people and contact roles,
// memberships, and the queries behind the list, municipality, county and coverage pages.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "directory/model.hpp"
#include "platform/db/database.hpp"

namespace samskap::directory::store {

// Creates an organisation with its tags; search_text and name_sort are computed by the caller.
std::int64_t create(db::Connection& c, const Organisation& o, const std::string& search_text,
                    const std::string& name_sort);
std::optional<Organisation> find(db::Connection& c, std::int64_t id);
void set_parent(db::Connection& c, std::int64_t id, std::int64_t parent_id);
std::optional<std::int64_t> find_id_by_orgnr(db::Connection& c, const std::string& orgnr);
std::int64_t count_organisations(db::Connection& c);

// Large counts are cached per filter for a few seconds; writes in this process call this to
// drop them at once (other processes' writes show within the cache's lifetime).
void note_write();
// Bumped by note_write(): keys of caches that hold directory data carry it.
std::uint64_t write_generation();

// The list: returns the number of matches; on_row gets columns
// 0 id, 1 name, 2 kind, 3 short_description, 4 status, 5 municipality_number, 6 municipality name, 7 city.
std::int64_t list(db::Connection& c, const Filter& f, std::int64_t offset, std::int64_t limit, const db::RowFn& on_row);

void add_member(db::Connection& c, std::int64_t organisation_id, std::int64_t user_id, const std::string& role,
                const std::string& now);
bool member_of_public_body(db::Connection& c, std::int64_t user_id);
std::optional<std::string> member_role(db::Connection& c, std::int64_t organisation_id, std::int64_t user_id);

std::int64_t add_person(db::Connection& c, const Person& p, const std::string& now);
void add_contact_role(db::Connection& c, std::int64_t person_id, const ContactRole& r);

// People of an organisation with their roles, one row per role (people without roles once):
// 0 person id, 1 name, 2 title, 3 email, 4 phone, 5 public (0/1), 6 service_area, 7 municipality_number,
// 8 municipality name.
void contacts_of(db::Connection& c, std::int64_t organisation_id, const db::RowFn& on_row);

// Contact roles that cover a municipality (named for it, or for all an organisation serves there):
// 0 service_area, 1 person name, 2 title, 3 email, 4 phone, 5 public (0/1), 6 organisation id,
// 7 organisation name, 8 organisation kind. service_area "" means all areas.
void contacts_for_municipality(db::Connection& c, const std::string& number, const std::string& service_area,
                               const db::RowFn& on_row);

// Public bodies at home in a municipality: 0 id, 1 name, 2 kind, 3 parent id.
void public_bodies_in(db::Connection& c, const std::string& number, const db::RowFn& on_row);

// Coverage: pairs (municipality number, service area) where a public body has a contact,
// with 2 = whether one of them is public (consented). county "" means all.
void coverage(db::Connection& c, const std::string& county, const db::RowFn& on_row);

// Organisations per municipality in a county: 0 municipality number, 1 count.
void organisations_per_municipality(db::Connection& c, const std::string& county, const db::RowFn& on_row);

}  // namespace samskap::directory::store
