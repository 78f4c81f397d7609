#pragma once
// Grant schemes on the web: the public list of calls and a call's page; applications written
// step by step as drafts, the eligibility self-check, submission with a receipt and an e-mail;
// the scheme owner's list of submitted applications.
#include <memory>

#include "directory/reference_store.hpp"
#include "platform/web/app.hpp"

namespace samskap::grants {

// /tilskudd, /tilskudd/{id}, /tilskudd/{id}/soknader, /tilskudd/ordninger/{id}.
void mount_call_routes(web::Router& r, std::shared_ptr<const directory::Reference> ref);
// /tilskudd/ordninger/ny and a scheme's management page with new rule sets and calls.
void mount_manage_routes(web::Router& r, std::shared_ptr<const directory::Reference> ref);
// /tilskudd/{id}/soknad, /tilskudd/soknader/mine, /tilskudd/soknader/{id}[/…], /api/v1/tilskudd/soknader/{id}.
void mount_application_routes(web::Router& r, std::shared_ptr<const directory::Reference> ref);

}  // namespace samskap::grants
