#pragma once
// Who may see and act on grant schemes and applications. An applicant's application is seen by
// the applicant organisation's members; once submitted also by the scheme owner's members and
// coordinators. Nobody else ever sees it.
#include <cstdint>

#include "grants/store.hpp"
#include "platform/web/app.hpp"

namespace samskap::grants {

// Members of the scheme's owner organisation, and coordinators.
bool can_manage_scheme(web::Context& ctx, std::int64_t owner_organisation_id);
bool can_view_application(web::Context& ctx, const store::Head& a);
// Members of the applicant organisation (whether it is still a draft is checked by the page).
bool can_edit_application(web::Context& ctx, const store::Head& a);

}  // namespace samskap::grants
