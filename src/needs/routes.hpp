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

// Called for each request of a need's page, after access checks, with what is known of the
// signed-in viewer (null for a visitor); may set keys on the data of the page's last part
// (needs/need_show_tail, which is rendered per request).
using NeedPageExtra =
    std::function<void(web::Context&, const store::Head&, const store::NeedViewer*, render::Object&)>;

// /behov, /api/v1/behov, /behov.atom, /behov/mine, /behov/{id}, /api/v1/behov/{id}, attachments.
void mount_need_routes(web::Router& r, Source src,
                       std::vector<NeedPageExtra> extras = {});
// /behov/ny, /behov/{id}/rediger, /behov/{id}/status, /behov/{id}/slett, attachment upload and delete.
void mount_need_editor(web::Router& r, Source src);

}  // namespace samskap::needs
