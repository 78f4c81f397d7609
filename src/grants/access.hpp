#pragma once
// Who may see and act on grant schemes and applications. An applicant's application is seen by
// the applicant organisation's members; once submitted also by the scheme owner's members and
// coordinators. Nobody else ever sees it.
#include <cstdint>
#include <optional>

#include "grants/store.hpp"
#include "platform/web/app.hpp"

namespace samskap::grants {

// Members of the scheme's owner organisation, and coordinators.
bool can_manage_scheme(web::Context& ctx, std::int64_t owner_organisation_id);
// Also reviewers who declared impartiality. A user who declared a conflict of interest for the
// application sees nothing of it (unless a member of the applicant).
bool can_view_application(web::Context& ctx, const store::Head& a);
// The signed-in user declared a conflict of interest for the application.
bool has_conflict(web::Context& ctx, const store::Head& a);
// Assign reviewers, see scores, decide: the scheme owner's members and coordinators, once the
// application is submitted, unless they declared a conflict for it.
bool can_manage_application(web::Context& ctx, const store::Head& a);
// Members of the applicant organisation (whether it is still a draft is checked by the page).
bool can_edit_application(web::Context& ctx, const store::Head& a);

// The application named by the route's {id} as this user may read it (the store repeats who may),
// with its call and the rule set it is written under; nothing when it is not there for them.
struct LoadedApplication {
  Application app;
  store::CallView call;
  RuleSet rules;
};
std::optional<LoadedApplication> load_application(web::Context& ctx);

}  // namespace samskap::grants
