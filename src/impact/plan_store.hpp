#pragma once
// All SQL of the indicator library, programme requirements, impact plans and Ferd's figures.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "impact/plan_model.hpp"
#include "platform/db/database.hpp"

namespace samskap::impact::store {

// ---- indicators ----

// Brings the shared seed indicators of content/impact/indicators.toml into the database: adds the
// ones missing (by key) and leaves existing ones as coordinators have edited them.
void sync_seed_indicators(db::Connection& c, const std::filesystem::path& file);

struct IndicatorList {
  std::vector<Indicator> rows;
  std::int64_t total = 0;
};
// Shared ones first, then by name; level "" for all. One query.
IndicatorList list_indicators(db::Connection& c, const std::string& level, std::int64_t offset, std::int64_t limit);
std::optional<Indicator> find_indicator(db::Connection& c, std::int64_t id);
// The shared indicators and the organisation's own, by level and name.
std::vector<Indicator> indicators_for(db::Connection& c, std::int64_t organisation_id);
std::vector<Indicator> shared_indicators(db::Connection& c);
std::int64_t create_indicator(db::Connection& c, const Indicator& i, std::optional<std::int64_t> user_id,
                              const std::string& now);
void update_indicator(db::Connection& c, const Indicator& i, const std::string& now);

// ---- programme requirements (a grant scheme requires shared indicators) ----

struct SchemeRequirements {
  std::int64_t scheme_id = 0;
  std::string scheme_name, organisation_name;
  std::int64_t required = 0;
};
std::vector<SchemeRequirements> schemes_with_requirements(db::Connection& c, std::int64_t offset, std::int64_t limit,
                                                          std::int64_t& total);
std::optional<SchemeRequirements> find_scheme(db::Connection& c, std::int64_t scheme_id);
std::vector<Indicator> required_of(db::Connection& c, std::int64_t scheme_id);
// Only shared indicators are kept.
void set_required(db::Connection& c, std::int64_t scheme_id, const std::vector<std::int64_t>& indicator_ids);
// All schemes by name, for choosing a plan's programme.
std::vector<std::pair<std::int64_t, std::string>> scheme_options(db::Connection& c);

// ---- plans ----

std::int64_t create_plan(db::Connection& c, const Plan& p, std::int64_t user_id, const std::string& now);
std::int64_t plan_count(db::Connection& c, std::int64_t organisation_id);
std::optional<Plan> find_plan(db::Connection& c, std::int64_t id);
// Everything of the seven steps, and the ids of the indicators the plan's programme requires.
std::optional<PlanContents> load_plan(db::Connection& c, std::int64_t id);

struct PlanRow {
  std::int64_t id = 0;
  std::string title, project, organisation_name, updated_at;
};
// The plans of the user's organisations (all plans for coordinators), newest change first.
std::vector<PlanRow> plans_for(db::Connection& c, std::int64_t user_id, bool all, std::int64_t offset,
                               std::int64_t limit, std::int64_t& total);

// Step 1, 2 and 6's text fields: column is one of situation, goals, schedule.
void save_text(db::Connection& c, std::int64_t plan_id, const std::string& column, const std::string& text,
               const std::string& now);
void save_groups(db::Connection& c, std::int64_t plan_id, const std::vector<TargetGroup>& groups, const std::string& now);
// Keeps the baselines and measurements of indicators still chosen.
void save_indicators(db::Connection& c, std::int64_t plan_id, const std::vector<std::int64_t>& ids,
                     const std::string& now);
void save_baseline(db::Connection& c, std::int64_t plan_id, std::int64_t indicator_id,
                   const std::optional<std::string>& value, const std::optional<std::string>& date,
                   const std::optional<std::string>& target, const std::string& now);
// The new measurement's id.
std::int64_t add_measurement(db::Connection& c, std::int64_t plan_id, const Measurement& m, std::int64_t user_id,
                             const std::string& now);
void add_evaluation(db::Connection& c, std::int64_t plan_id, const Evaluation& e, std::int64_t user_id,
                    const std::string& now);

// ---- one measurement: editing, deleting, its evidence file ----

// The plan's measurement (with its file's name and size), or nullopt when it is not the plan's.
std::optional<Measurement> find_measurement(db::Connection& c, std::int64_t plan_id, std::int64_t measurement_id);
// False when the measurement is not the plan's.
bool update_measurement(db::Connection& c, std::int64_t plan_id, const Measurement& m, std::int64_t user_id,
                        const std::string& now);
bool delete_measurement(db::Connection& c, std::int64_t plan_id, std::int64_t measurement_id, const std::string& now);

struct EvidenceFile {
  std::string filename, content_type, sha256, data;
  std::int64_t size = 0;
};
// Attaches the file to the measurement, replacing any file it had.
void set_evidence_file(db::Connection& c, std::int64_t measurement_id, const EvidenceFile& f, std::int64_t user_id,
                       const std::string& now);
void remove_evidence_file(db::Connection& c, std::int64_t measurement_id);
// The file of the plan's measurement, only for a member of the plan's organisation or a coordinator
// (the access rule repeated in the query); nullopt otherwise or when there is none.
std::optional<EvidenceFile> evidence_file_for(db::Connection& c, std::int64_t plan_id, std::int64_t measurement_id,
                                              std::int64_t user_id, bool coordinator);

// ---- Ferd's figures ----

std::vector<FerdYear> ferd_years_of(db::Connection& c, std::int64_t organisation_id);
// As ferd_years_of, but a story about a person without recorded consent never leaves the database.
std::vector<FerdYear> public_ferd_years_of(db::Connection& c, std::int64_t organisation_id);
std::optional<FerdYear> find_ferd(db::Connection& c, std::int64_t organisation_id, int year);
void save_ferd(db::Connection& c, const FerdYear& f, std::int64_t user_id, const std::string& now);
// Every organisation's figures (year 0: all years), newest year first, then by name. One query.
std::vector<FerdYear> portfolio(db::Connection& c, int year, std::int64_t offset, std::int64_t limit,
                                std::int64_t& total);

}  // namespace samskap::impact::store
