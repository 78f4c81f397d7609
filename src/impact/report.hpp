#pragma once
// The one-page report of an organisation's impact (/effekt/aktorer/{id}/rapport) or of one impact
// plan (/effekt/planer/{id}/rapport): key figures, each indicator's trend against its baseline and
// target, the latest Ferd figures, the ratio of the most recently saved SROI analysis with its
// conventions, and the good story when the privacy rule lets it be shown. As a page with SVG charts
// and as a one-page A4 PDF. Members of the organisation and coordinators only: the report gathers
// plans that are not public; visitors have the public Ferd page (/effekt/aktorer/{id}).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "impact/analyses.hpp"
#include "impact/plan_model.hpp"
#include "platform/db/database.hpp"
#include "platform/web/app.hpp"

namespace samskap::impact::report {

// One indicator chosen in one plan, with that plan's measurements of it in date order.
struct Trend {
  std::int64_t plan_id = 0;
  std::string plan_title;
  PlanIndicator indicator;
  std::vector<Measurement> measurements;
};

struct Contents {
  std::int64_t organisation_id = 0;
  std::string organisation;
  std::optional<std::int64_t> plan_id;  // set for a plan's report
  std::string plan_title, project;
  std::int64_t plans = 0;
  std::vector<Trend> trends;
  std::optional<FerdYear> ferd;  // the latest year; its story is empty unless story_is_public
  std::optional<analyses::Analysis> analysis;  // the most recently saved one
};

// Three queries for the trends, one for Ferd, one for the analysis; nullopt for an unknown or
// deactivated organisation.
std::optional<Contents> for_organisation(db::Connection& c, std::int64_t organisation_id);
std::optional<Contents> for_plan(db::Connection& c, std::int64_t plan_id);

// The most a PDF page shows of the trends before it says "and N more".
inline constexpr std::size_t kPdfMaxTrends = 10;

void mount(web::Router& r);

}  // namespace samskap::impact::report
