#pragma once
// Impact measurement's domain beyond SROI: indicators in a shared library or an organisation's own,
// impact plans after SoImpact's seven steps, and Ferd's yearly figures.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/criterion.hpp"

namespace samskap::impact {

inline constexpr const char* kLevels[] = {"resultat", "virkning", "effekt"};

struct Indicator {
  std::int64_t id = 0;
  std::optional<std::int64_t> organisation_id;  // nullopt: a shared indicator
  std::string organisation_name;                // read only
  std::string name, definition, numerator, denominator;
  std::string level;      // resultat, virkning, effekt
  std::string unit;
  std::string direction;  // up, down
  std::string aggregate = "sum";  // sum, mean: how the region view puts organisations' values together
  std::string catalogue_code;
  bool shared() const { return !organisation_id.has_value(); }
};

struct TargetGroup {
  int position = 0;
  std::string name;
  std::optional<std::int64_t> size;
  std::string characteristics;
};

// An indicator chosen in a plan: the shared success-criterion shape (description = the indicator's
// name, indicator = its unit, baseline and target as decimals with '.'), with the baseline's date.
struct PlanIndicator {
  Indicator indicator;
  common::Criterion criterion;
  std::string baseline_date;  // 'YYYY-MM-DD' or ""
};

struct Measurement {
  std::int64_t id = 0;
  std::int64_t indicator_id = 0;
  std::string measured_on;  // 'YYYY-MM-DD'
  std::string period_end;   // '' or 'YYYY-MM-DD'
  std::string value;        // decimal with '.'
  std::optional<std::int64_t> sample_size;
  std::string evidence;
  std::string file_name;  // the attached evidence file's name, "" when none (read only)
  std::int64_t file_size = 0;
};

struct Evaluation {
  std::int64_t id = 0;
  std::string held_on, findings, adjustments;
};

struct Plan {
  std::int64_t id = 0;
  std::int64_t organisation_id = 0;
  std::string organisation_name;  // read only
  std::string title, project;
  std::optional<std::int64_t> scheme_id;
  std::string scheme_name;  // read only
  std::string situation, goals, schedule;
  std::string created_at, updated_at;
};

// Everything the seven steps hold, for completeness and the plan's page.
struct PlanContents {
  Plan plan;
  std::vector<TargetGroup> groups;
  std::vector<PlanIndicator> indicators;
  std::vector<Measurement> measurements;  // by indicator, then date
  std::vector<Evaluation> evaluations;
  std::vector<std::int64_t> required;     // indicator ids the plan's programme requires
};

struct FerdYear {
  std::int64_t organisation_id = 0;
  std::string organisation_name;  // read only
  int year = 0;
  std::int64_t high_contact = 0, low_contact = 0;
  std::string success_criterion;
  std::optional<std::int64_t> success_percent;
  std::optional<std::int64_t> revenue, result;  // øre
  std::string story;
  bool story_about_person = false;
  bool story_consent = false;
};

}  // namespace samskap::impact
