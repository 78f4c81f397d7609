#pragma once
// Impact measurement on the web beyond the SROI calculator: the indicator library and programme
// requirements (/indikatorer), impact plans in seven steps (/effekt/planer), and Ferd's figures
// per organisation and year with the coordinators' portfolio (/effekt/ferd, /effekt/aktorer).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "impact/plan_model.hpp"

#include "platform/render/value.hpp"
#include "platform/web/app.hpp"
#include "platform/web/forms.hpp"

namespace samskap::impact {

void mount_indicator_routes(web::Router& r);
void mount_plan_routes(web::Router& r);
void mount_ferd_routes(web::Router& r);

// Shared by those pages.
bool member_of(web::Context& ctx, std::int64_t organisation_id);
// Sets <field>_error for each error, has_errors and errors:[{id, text}] for the summary.
void errors_view(const web::Context& ctx, const web::FieldErrors& errors, render::Object& d);
// "impact_plans.levels.<level>".
std::string level_label(const web::Context& ctx, const std::string& level);
// A form value as a whole number ≥ 0; nullopt when empty; -1 when not a number.
std::optional<std::int64_t> count_value(const std::string& text);
// "2026-11-23" → "23.11.2026".
std::string show_date(const std::string& ymd);
// A figure for reading: at most two decimals, none when whole ("5", "13.3", "0.25").
std::string figure(double v);
// A line chart of one indicator for templates/impact/chart.mustache: the baseline and the
// measurements in date order, the target dashed; empty with fewer than two points.
render::Object chart_view(const web::Context& ctx, const PlanIndicator& pi, const std::vector<const Measurement*>& ms,
                          const std::string& table_id);

}  // namespace samskap::impact
