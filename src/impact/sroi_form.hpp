#pragma once
// The SROI analysis as people type it: the form shared by the public calculator (/verktoy/sroi)
// and an organisation's stored analyses. What was typed is kept as typed (strings), so nothing is
// lost on an error and a stored analysis reopens exactly as it was left; parsing turns it into an
// exact sroi::Analysis with one message per field.
#include <optional>
#include <string>
#include <vector>

#include "impact/sroi.hpp"
#include "platform/render/value.hpp"
#include "platform/web/forms.hpp"

namespace samskap::web {
class Context;
}

namespace samskap::impact::form {

inline constexpr int kInvestmentRows = 3, kLineRows = 3, kMaxRows = 20;

struct InvestmentInput {
  std::string year, amount;
};
struct LineInput {
  std::string name, stakeholder, indicator, quantity, proxy, source, base_year, duration, deadweight, displacement,
      attribution, drop_off;
  bool after = false;
  bool blank() const;
};
// The discount rate: a constant typed rate, Finansdepartementet's R-109 schedule, or the UK's 3.5 %.
inline constexpr const char* kSchedules[] = {"constant", "r109", "uk"};

struct PageInput {
  std::string schedule = "constant";  // one of kSchedules (anything else is reported)
  std::string rate = "4", sens = "10";
  bool first_year_discounted = true;
  bool drop_off_first_year = false;
  std::vector<InvestmentInput> investments = std::vector<InvestmentInput>(kInvestmentRows);
  std::vector<LineInput> lines = std::vector<LineInput>(kLineRows);
};

// The form as posted; "more_rows" asks for more rows (see add_rows).
PageInput read_form(const web::Context& ctx);
void add_rows(PageInput& in);

struct Parsed {
  sroi::Analysis analysis;
  Exact sensitivity = Exact::fraction(1, 10);
  std::vector<int> line_row, investment_row;  // analysis index → form row (1-based)
  web::FieldErrors errors;                    // (field id, key under impact.sroi.errors)
};
Parsed parse(const PageInput& in);

// The typed input as JSON and back (unknown or missing members take their defaults).
std::string to_json(const PageInput& in);
PageInput from_json(const std::string& json);

// The result section's data, and the form's (fields, rows, errors and the error summary).
render::Object result_view(const web::Context& ctx, const sroi::Analysis& a, const Exact& percent);
void form_data(const web::Context& ctx, render::Object& d, const PageInput& in, const web::FieldErrors& errors);

// The discount rate used, as printed beside a result: the constant rate, the R-109 schedule, the
// UK rate, or another schedule period by period.
std::string rate_convention(const web::Context& ctx, const sroi::Analysis& a);

// The ratio as people read it ("2,25 : 1"), or empty when there is none.
std::string ratio_text(const web::Context& ctx, const sroi::Analysis& a);

}  // namespace samskap::impact::form
