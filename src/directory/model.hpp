#pragma once
// The directory's domain: organisations of every kind, people and their contact roles.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace samskap::directory {

// Kinds of actor; the slug is stored, the label comes from the catalogue (directory.kinds.<slug>).
inline constexpr std::array<std::string_view, 11> kinds = {
    "social_enterprise", "municipality",  "district",         "nav_office",
    "county",            "state_body",    "volunteer_organisation", "volunteer_centre",
    "funder",            "knowledge_institution", "support_actor"};
bool is_kind(std::string_view s);
// Public bodies own needs and have contact people per municipality and service area.
bool is_public_body(std::string_view kind);

inline constexpr std::array<std::string_view, 3> statuses = {"unverified", "verified", "deactivated"};

struct Organisation {
  std::int64_t id = 0;
  std::string name;
  std::string kind;
  std::optional<std::string> orgnr;
  std::optional<std::string> org_form;
  std::optional<std::int64_t> parent_id;
  std::optional<std::string> municipality_number;
  std::string short_description;
  std::string long_description;  // Markdown
  std::string website, email, phone, address, postcode, city;
  std::optional<std::int64_t> founded_year;
  std::optional<bool> in_voluntary_register;
  bool no_dividends = false;
  std::string no_dividends_note;
  std::string status = "unverified";
  std::string created_at, updated_at;
  std::vector<std::string> municipalities;  // served
  std::vector<std::string> service_areas;
  std::vector<std::string> target_groups;
  std::vector<std::int64_t> sdgs;
};

struct Person {
  std::int64_t id = 0;
  std::int64_t organisation_id = 0;
  std::string name, title, email, phone;
  std::optional<std::string> public_consent_at;
  std::optional<std::int64_t> user_id;
};

struct ContactRole {
  std::string service_area;
  std::optional<std::string> municipality_number;
};

// The list's filter, read from the query string; empty strings mean "any".
struct Filter {
  std::string q;
  std::string kind;
  std::string county;
  std::string municipality;
  std::string service_area;
  std::string target_group;
  std::int64_t sdg = 0;
  std::string org_form;
  bool verified_only = false;
  bool sort_by_name = false;  // otherwise by relevance when there is a query, else by name
};

}  // namespace samskap::directory
