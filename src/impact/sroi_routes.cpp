#include "impact/sroi_routes.hpp"

#include <nlohmann/json.hpp>

#include "impact/sroi.hpp"
#include "impact/sroi_form.hpp"
#include "impact/sroi_json.hpp"
#include "platform/render/i18n.hpp"

namespace samskap::impact {

namespace {

using http::Response;
using web::Access;
using web::Context;

constexpr std::size_t kMaxApiBody = 256 * 1024;
const char* const kApiPath = "/api/v1/sroi";
const char* const kPagePath = "/verktoy/sroi";

std::string text(const Context& ctx, const std::string& key,
                 const std::vector<std::pair<std::string, std::string>>& args = {}) {
  return ctx.t("impact.sroi." + key, args);
}

// ---- The JSON API -------------------------------------------------------------------------

Response json_errors(const Context& ctx, int status, const std::vector<sroi::JsonError>& errors) {
  std::string body = "{\"errors\":{";
  for (std::size_t i = 0; i < errors.size(); ++i) {
    if (i) body += ',';
    body += nlohmann::json(errors[i].field).dump() + ":" +
            nlohmann::json(text(ctx, "errors." + errors[i].key)).dump();
  }
  body += "}}";
  auto r = Response::json(status, std::move(body));
  r.set_header("Cache-Control", "no-store");
  return r;
}

Response api(Context& ctx) {
  auto* type = ctx.req.header("content-type");
  if (!type || type->find("application/json") == std::string::npos)
    return json_errors(ctx, 415, {{"body", "content_type"}});
  if (ctx.req.body.size() > kMaxApiBody) return json_errors(ctx, 413, {{"body", "body_too_large"}});
  std::vector<sroi::JsonError> errors;
  auto req = sroi::parse_request(ctx.req.body, errors);
  if (!req) return json_errors(ctx, errors.size() == 1 && errors[0].field == "body" ? 400 : 422, errors);
  auto result = sroi::compute(req->analysis);
  std::optional<sroi::Sensitivity> sens;
  if (req->sensitivity) sens = sroi::sensitivity(req->analysis, req->sensitivity_percent, &result);
  auto uk = req->analysis;
  uk.discount = sroi::constant_rate(sroi::uk_green_book_rate());
  auto comparison = sroi::ratio(uk);
  auto body = sroi::write_result(*req, result, sens, comparison, sroi::warnings(req->analysis),
                                 [&](const std::string& k) { return text(ctx, k); });
  auto r = Response::json(200, std::move(body));
  r.set_header("Cache-Control", "no-store");
  return r;
}

// ---- The page -------------------------------------------------------------------------------

Response render_page(Context& ctx, const form::PageInput& in, const web::FieldErrors& errors,
                     std::optional<render::Object> result, int status) {
  render::Object d;
  d.set("title", text(ctx, "title"));
  d.set("action", std::string(kPagePath));
  d.set("api_hint", text(ctx, "api_hint", {{"path", kApiPath}}));
  form::form_data(ctx, d, in, errors);
  if (result) d.set("result", std::move(*result));
  return ctx.page("impact/sroi", std::move(d), status);
}

Response page(Context& ctx) { return render_page(ctx, form::PageInput{}, {}, std::nullopt, 200); }

Response calculate(Context& ctx) {
  auto in = form::read_form(ctx);
  if (!ctx.req.form_value("more_rows").empty()) {
    form::add_rows(in);
    return render_page(ctx, in, {}, std::nullopt, 200);
  }
  auto parsed = form::parse(in);
  if (!parsed.errors.empty()) return render_page(ctx, in, parsed.errors, std::nullopt, 422);
  return render_page(ctx, in, {}, form::result_view(ctx, parsed.analysis, parsed.sensitivity), 200);
}

}  // namespace

void mount_sroi(web::Router& r) {
  r.get(kPagePath, Access::everyone(), page);
  r.post(kPagePath, Access::everyone(), calculate);
  r.post_stateless(kApiPath, api);
}

}  // namespace samskap::impact
