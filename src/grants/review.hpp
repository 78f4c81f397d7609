#pragma once
// Review and decisions on the web: the owner's handling page (reviewers, scores, the decision),
// the reviewer's declaration of impartiality and scores, the ranked list of a call with the
// remaining pot, the decision letter, the audit log on the application page, and the e-mails
// to the NAV office and the contact people when a grant is decided (through the job queue).
#include <memory>

#include "directory/reference_store.hpp"
#include "grants/model.hpp"
#include "grants/store.hpp"
#include "platform/jobs/queue.hpp"
#include "platform/render/value.hpp"
#include "platform/web/app.hpp"

namespace samskap::grants {

// Sets the audit log and the links to handling, review and decision letter on the application page.
void review_panel(web::Context& ctx, const Application& a, const store::CallView& call, render::Object& d);

// /tilskudd/soknader/{id}/behandling, …/sakkyndige, …/vurdering, …/habilitet, …/vedtak,
// /tilskudd/{id}/rangering, /tilskudd/vurderinger.
void mount_review_routes(web::Router& r, std::shared_ptr<const directory::Reference> ref);

// The grants shown on a municipality's page: [{title, organisation, organisation_href, scheme, amount, decided}].
render::List municipality_grants_view(web::Context& ctx, const std::string& municipality_number);

namespace notice {
inline constexpr const char* job_kind = "grant_notice";
// "grant-notice:<application>:<address>": each recipient is told once about each grant.
std::string dedupe_key(std::int64_t application_id, const std::string& email);
// Queues one notice per recipient (NAV offices and contact people in the applicant's
// municipality) in the caller's transaction; returns how many were new. None when the applicant
// asked for confidentiality: then nobody is told (and the job sends nothing either).
int enqueue_for(db::Connection& c, std::int64_t application_id);
// The job: writes and sends one notice. Throws when mail fails (the job is retried).
void run(db::Connection& c, const web::Services& services, const jobs::Job& job);
}  // namespace notice

}  // namespace samskap::grants
