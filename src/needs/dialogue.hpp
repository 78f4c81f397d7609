#pragma once
// The open dialogue on a need: questions and answers everyone who can see the need can read,
// and the owner's dialogue log of meetings and calls with potential suppliers.
//
//   GET      /behov/{id}/sporsmal                   questions and answers (everyone who can see the need)
//   POST     /behov/{id}/sporsmal                   ask (signed in, while the need is published or in dialogue)
//   POST     /behov/{id}/sporsmal/{q}/svar          answer (the owner)
//   GET/POST /behov/{id}/dialog                     the log, newest first; the owner adds entries
//   GET      /behov/{id}/dialog/{entry}             every version of one entry
//   GET/POST /behov/{id}/dialog/{entry}/rediger     a new version, with a reason (the owner)
//   GET      /api/v1/behov/{id}/sporsmal, /api/v1/behov/{id}/dialog   the same as JSON
//
// A need the user may not see (someone else's draft) is answered 404 on every route.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "directory/reference_store.hpp"
#include "needs/dialogue_store.hpp"
#include "platform/web/app.hpp"
#include "platform/web/forms.hpp"

namespace samskap::needs {

inline constexpr std::size_t kMaxQuestion = 2000;
inline constexpr std::size_t kMaxAnswer = 5000;
inline constexpr std::size_t kMaxParticipants = 500;
inline constexpr std::size_t kMaxSummary = 5000;
inline constexpr std::size_t kMaxReason = 500;

// "24.12.2026", "1.2.2026" or "2026-12-24" (from <input type=date>) as "YYYY-MM-DD"; nothing when
// it is not a real calendar date.
std::optional<std::string> parse_meeting_date(std::string_view text);
// "YYYY-MM-DD" → "24.12.2026".
std::string display_date(std::string_view iso_date);
// Today's date in Europe/Oslo as "YYYY-MM-DD".
std::string oslo_today();

// Trims and checks a question or an answer; errors as (field, catalogue key).
web::FieldErrors check_question(std::string& text);
web::FieldErrors check_answer(std::string& text);
// Trims and checks a log entry as typed: held_on becomes "YYYY-MM-DD" when it parses. The date
// may not be after today. An edit (with_reason) needs a reason.
web::FieldErrors check_entry(dialogue_store::Version& v, const std::string& today, bool with_reason);

// Takes the reference data source like the other parts of the marketplace; these pages need none of it.
void mount_dialogue(web::Router& r);

}  // namespace samskap::needs
