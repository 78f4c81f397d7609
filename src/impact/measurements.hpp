#pragma once
// One measurement of an impact plan (step 6) beyond adding it: its evidence file, attached when the
// measurement is added or edited (type checked by content and name, at most 8 MB, kept in the
// database and downloaded only by members of the plan's organisation and coordinators), editing
// it and deleting it after a confirmation page.
#include <cstdint>
#include <optional>
#include <string>

#include "impact/plan_model.hpp"
#include "impact/plan_store.hpp"
#include "platform/web/app.hpp"
#include "platform/web/forms.hpp"

namespace samskap::impact {

inline constexpr std::size_t kMaxEvidenceBytes = 8 * 1024 * 1024;

// A measurement's fields as typed.
struct MeasurementInput {
  std::string indicator_id, measured_on, period_end, value, sample_size, evidence;
  bool blank() const;  // nothing typed: no measurement is being added
};
MeasurementInput read_measurement(const web::Context& ctx);

// The measurement the input describes; adds (field, catalogue key) for each problem.
Measurement check_measurement(const PlanContents& p, const MeasurementInput& in, web::FieldErrors& errors);

// The evidence file sent in the form's field "evidence_file": nullopt when none was chosen or when
// it is refused (an error at "evidence_file": too large, a type not accepted, a malformed form).
std::optional<store::EvidenceFile> read_evidence_file(web::Context& ctx, web::FieldErrors& errors);

// "/effekt/planer/{plan}/malinger/{measurement}" + "/endre", "/slett", "/vedlegg".
std::string measurement_href(std::int64_t plan_id, std::int64_t measurement_id, const char* what);
// "34 kB", "1,2 MB".
std::string file_size_text(std::int64_t bytes, const std::string& lang);

void mount_measurement_routes(web::Router& r);

}  // namespace samskap::impact
