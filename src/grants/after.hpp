#pragma once
// After the grant, on the web: the commitment (tilsagn) with payments planned and made, reports
// due on the grant with reminders through the job queue, and the owner's overview.
#include <memory>
#include <string>
#include <vector>

#include "directory/reference_store.hpp"
#include "grants/after_store.hpp"
#include "grants/model.hpp"
#include "grants/store.hpp"
#include "platform/jobs/queue.hpp"
#include "platform/render/value.hpp"
#include "platform/web/app.hpp"
#include "platform/web/forms.hpp"

namespace samskap::grants {

// /tilskudd/soknader/{id}/tilsagn (GET, and POST …/tilsagn/utbetalinger, …/tilsagn/utbetalt),
// /api/v1/tilskudd/soknader/{id}/tilsagn.
void mount_payment_routes(web::Router& r, std::shared_ptr<const directory::Reference> ref);

// /tilskudd/soknader/{id}/rapporter[/{rapport}], /api/v1/tilskudd/soknader/{id}/rapporter.
void mount_report_routes(web::Router& r, std::shared_ptr<const directory::Reference> ref);

// /tilskudd/ordninger/{id}/oversikt and …/oversikt.xlsx: the scheme owner's overview.
void mount_overview_routes(web::Router& r, std::shared_ptr<const directory::Reference> ref);

// On the application page of a granted application: links to the commitment and the reports, and
// how many reports are overdue.
void after_panel(web::Context& ctx, const Application& a, render::Object& d);
// has_overdue and overdue:[{title, organisation, kind, due_on, href}]: the signed-in user's
// organisations' overdue reports (one query).
void overdue_of_user_view(web::Context& ctx, render::Object& d);
render::List overdue_view(const web::Context& ctx, const std::vector<store::OverdueReport>& rows);

namespace reminder {
inline constexpr const char* job_kind = "grant_report_reminder";
// "grant-report-reminder:<report>:<due day>": each report's reminder is sent once.
std::string dedupe_key(std::int64_t report_id, const std::string& due_on);
// The periodic task: schedules reports of grants that have none, and queues a reminder for each
// report not submitted whose reminder is due. Safe to run in every serve process.
int schedule(db::Connection& c, clock::TimePoint now);
// The job: mails the applicant organisation's members, unless the report was submitted meanwhile.
void run(db::Connection& c, const web::Services& services, const jobs::Job& job);
}  // namespace reminder

// A granted application, to members of the applicant organisation or the scheme owner's members
// and coordinators without a declared conflict.
bool may_follow_grant(web::Context& ctx);
// The same application, to the scheme owner's members and coordinators only.
bool may_administer_grant(web::Context& ctx);

// Sets <field>_error, has_errors and errors:[{id, text}] from field errors.
void field_errors_view(const web::Context& ctx, const web::FieldErrors& errors, render::Object& d);
// "YYYY-MM-DD" naming a real day.
bool is_day(const std::string& s);

}  // namespace samskap::grants
