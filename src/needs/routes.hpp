#pragma once
// Mounting the needs' own routes. Other parts of the marketplace (proposals, questions, the
// dialogue log, matching, following) add what they show on a need's page through NeedPageExtra.
#include <functional>
#include <memory>
#include <vector>

#include "directory/reference_store.hpp"
#include "needs/store.hpp"
#include "platform/render/value.hpp"
#include "platform/web/app.hpp"

namespace samskap::needs {

// The reference lists, reloaded when coordinators edit them.
using Source = std::shared_ptr<directory::ReferenceSource>;

// Called while a need's page is built, after access checks; may set extra keys on the page data.
using NeedPageExtra = std::function<void(web::Context&, const store::Head&, render::Object&)>;

// /behov, /api/v1/behov, /behov.atom, /behov/mine, /behov/{id}, /api/v1/behov/{id}, attachments.
void mount_need_routes(web::Router& r, Source src,
                       std::vector<NeedPageExtra> extras = {});
// /behov/ny, /behov/{id}/rediger, /behov/{id}/status, /behov/{id}/slett, attachment upload and delete.
void mount_need_editor(web::Router& r, Source src);

}  // namespace samskap::needs
