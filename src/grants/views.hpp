#pragma once
// View helpers shared by the grant pages: a call's state, a rule set in plain words, rows of
// applications.
#include <string>
#include <string_view>

#include "directory/reference_store.hpp"
#include "grants/rules.hpp"
#include "grants/store.hpp"
#include "platform/render/value.hpp"
#include "platform/web/app.hpp"

namespace samskap::grants {

// Sets state (label), state_color, opens, closes (Oslo display) and is_open on `o`.
void state_view(const web::Context& ctx, const std::string& opens_at, const std::string& closes_at,
                const std::string& now, render::Object& o);
// {valid_from, max_months, cofinancing, cooperation, eligibility:[{text}], priorities:[{label, weight}], attachments:[…]}
render::Object rules_view(const web::Context& ctx, const directory::Reference& ref, const RuleSet& r);
render::Object application_row_view(const web::Context& ctx, const store::ApplicationRow& r);
std::string application_status_label(const web::Context& ctx, std::string_view status);
// The tag colour of an application's stage.
std::string status_color(std::string_view status);

}  // namespace samskap::grants
