#pragma once
// Grant schemes' domain: a scheme owned by an organisation with its rule sets, calls with an
// open period in Europe/Oslo, and applications written as drafts and frozen when submitted.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/criterion.hpp"
#include "grants/rules.hpp"

namespace samskap::grants {

struct Scheme {
  std::int64_t id = 0;
  std::int64_t organisation_id = 0;
  std::string organisation_name;  // read only
  std::string name;
  std::string purpose;  // Markdown
  std::string target_group;
  std::int64_t annual_pot = 0;  // øre
  std::string created_at, updated_at;
};

struct Call {
  std::int64_t id = 0;
  std::int64_t scheme_id = 0;
  std::string title;
  std::string text;  // Markdown
  std::string opens_at, closes_at;  // UTC ISO
  std::string created_at, updated_at;
  std::vector<std::int64_t> need_ids;
};

inline constexpr std::string_view application_draft = "draft";
inline constexpr std::string_view application_submitted = "submitted";

struct Application {
  std::int64_t id = 0;
  std::int64_t call_id = 0;
  std::int64_t rule_set_id = 0;
  std::int64_t organisation_id = 0;
  std::string organisation_name;  // read only
  std::string status = "draft";  // draft or submitted (frozen)
  std::string stage = "draft";   // draft, submitted, under_review, granted, refused
  bool confidential = false;     // not shown on the municipality page when granted
  std::string confidential_reason;
  std::string title, description, target_group;
  std::string period_from, period_to;  // "YYYY-MM"
  bool cooperation_agreement = false;
  std::vector<std::string> municipalities;
  std::vector<common::Criterion> results;
  std::vector<BudgetLine> budget;
  std::vector<FinancingLine> financing;
  std::vector<Declaration> declarations;
  std::optional<std::int64_t> created_by, submitted_by;
  std::string created_at, updated_at;
  std::optional<std::string> submitted_at;
};

}  // namespace samskap::grants
