#pragma once
// Pure decisions of impact plans, indicators and Ferd figures: validation, the completeness of
// each of the seven steps, programme-required indicators, and when a good story may be public.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "impact/plan_model.hpp"
#include "platform/web/forms.hpp"

namespace samskap::impact {

// The seven steps' URL slugs, in order.
inline constexpr std::array<std::string_view, 7> kPlanSteps = {"situasjon", "mal",      "malgrupper", "indikatorer",
                                                                "nullpunkt", "malinger", "evaluering"};

bool is_level(std::string_view s);
bool is_direction(std::string_view s);
// "YYYY-MM-DD", a real calendar date.
bool is_date(std::string_view s);

// A decimal as people type it ("12,5", "1 200", "-3.25") → "12.5", "1200", "-3.25"; at most four
// decimals and twelve digits before the mark. nullopt when it is not a number.
std::optional<std::string> parse_decimal(std::string_view text);
// "12.5" → "12,5" for Norwegian, unchanged for English.
std::string show_decimal(std::string_view canonical, std::string_view lang);

// An indicator's fields; errors use catalogue keys under impact_plans.errors.
web::FieldErrors validate_indicator(const Indicator& i);

// Which steps are complete (index 0 = step 1).
std::array<bool, 7> step_completeness(const PlanContents& p);
int completed_steps(const std::array<bool, 7>& done);

// The required indicator ids not among the chosen ones, in the order required.
std::vector<std::int64_t> missing_required(const std::vector<std::int64_t>& required,
                                           const std::vector<std::int64_t>& chosen);

// Ferd's figures for a year; errors under impact_plans.errors.
web::FieldErrors validate_ferd(const FerdYear& f);
// A good story may be shown where visitors can see it only when it is not about a person, or the
// person's consent is recorded.
bool story_is_public(const FerdYear& f);

// Kroner as typed, negative allowed ("-150 000") → øre.
std::optional<std::int64_t> parse_signed_kroner(std::string_view text);

}  // namespace samskap::impact
