#pragma once
// Managing the directory. Organisation administrators edit the profile and the contact people,
// invite members by e-mail and answer join requests; coordinators also verify, deactivate and
// merge duplicates. Signed-in users ask to join and accept invitations.
//
//   GET/POST /aktorer/{id}/rediger                           the profile
//   GET      /aktorer/{id}/personer                          people and their contact roles
//   GET/POST /aktorer/{id}/personer/ny
//   GET/POST /aktorer/{id}/personer/{person}/rediger
//   POST     /aktorer/{id}/personer/{person}/slett
//   GET      /aktorer/{id}/medlemmer                         members, invitations, join requests
//   POST     /aktorer/{id}/inviter
//   POST     /aktorer/{id}/foresporsler/{req}/godkjenn|avslaa
//   POST     /aktorer/{id}/medlemmer/{user}/fjern
//   GET/POST /aktorer/{id}/bli-med                           (signed in)
//   GET/POST /invitasjon/{token}                             (signed in)
//   POST     /aktorer/{id}/verifiser|deaktiver               (coordinators)
//   GET/POST /aktorer/{id}/sla-sammen                        (coordinators)
#include <memory>

#include "directory/model.hpp"
#include "directory/reference_store.hpp"
#include "platform/web/app.hpp"
#include "platform/web/forms.hpp"

namespace samskap::directory {

// The access rule of the management pages: an administrator of the organisation in the route's
// {id}, or a coordinator. False for ids that are not numbers or not organisations one administers.
bool can_manage(web::Context& ctx);

// Validation of a contact person as field errors (catalogue keys); trims the fields and folds
// the e-mail address the way account addresses are folded, so the two can be matched.
web::FieldErrors check_person(Person& p);

void mount_management(web::Router& r, std::shared_ptr<ReferenceSource> ref);

}  // namespace samskap::directory
