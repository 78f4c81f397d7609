#pragma once
// Attachments on grant applications and reports: the application's step «Vedlegg» where the
// applicant uploads files, each tagged with the required attachment it fulfils, downloads for those
// who may see the application, and the files of a report.
#include <cstdint>
#include <memory>
#include <string_view>

#include "directory/reference_store.hpp"
#include "grants/after_store.hpp"
#include "grants/model.hpp"
#include "grants/store.hpp"
#include "platform/render/value.hpp"
#include "platform/web/app.hpp"

namespace samskap::grants {

// Per file, and per application (its reports' files included).
inline constexpr std::size_t kMaxFileBytes = 8 * 1024 * 1024;
inline constexpr std::int64_t kMaxApplicationFileBytes = 40 * 1024 * 1024;

// /tilskudd/soknader/{id}/vedlegg[/{fil}[/slett]] and /tilskudd/soknader/{id}/rapporter/{rapport}/vedlegg[…].
void mount_attachment_routes(web::Router& r, std::shared_ptr<const directory::Reference> ref);

// The common frame of an application's steps (defined with the steps): navigation, call, deadline.
render::Object application_frame(web::Context& ctx, const Application& a, const store::CallView& call,
                                 std::string_view current);

// On the application's page: has_files and files:[{name, size, requirement, href}], what the viewer
// may download.
void application_files_view(web::Context& ctx, const Application& a, const RuleSet& rules, render::Object& d);
// On a report's page: has_files and files (as above), and while the applicant may still change the report
// the upload form (file_action, file_kinds) and delete buttons.
void report_files_view(web::Context& ctx, std::int64_t application_id, const store::Report& r, bool editable,
                       render::Object& d);

}  // namespace samskap::grants
