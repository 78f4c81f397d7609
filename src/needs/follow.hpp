#pragma once
// Following service areas, municipalities and needs: the follow and unfollow actions, the page
// /konto/folger, and the follow button other pages place (partials/follow.mustache).
#include <memory>
#include <string>
#include <string_view>

#include "platform/render/value.hpp"
#include "platform/web/app.hpp"

namespace samskap::directory {
struct Reference;
}

namespace samskap::needs {

// The view for {{>partials/follow}}: a follow or unfollow button for kind ("service_area",
// "municipality" or "need") and target (slug, number or need id) that returns to the current
// page, or a sign-in link for visitors. One query for a signed-in user.
render::Object follow_button(web::Context& ctx, std::string_view kind, const std::string& target);
// The same when the caller already knows whether the signed-in user follows the target (no query).
render::Object follow_button(web::Context& ctx, std::string_view kind, const std::string& target, bool following);

void mount_follow_routes(web::Router& r, std::shared_ptr<const directory::Reference> ref);

}  // namespace samskap::needs
