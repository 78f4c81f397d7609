#pragma once
// The rules of a need that do not touch the database: field limits and checks, the search text,
// and which attachments are accepted.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "directory/reference_store.hpp"
#include "needs/model.hpp"
#include "platform/web/forms.hpp"

namespace samskap::needs {

inline constexpr int kMaxCriteria = 12;
inline constexpr std::size_t kMaxTitle = 160;
inline constexpr std::size_t kMaxSituation = 10'000;
inline constexpr std::size_t kMaxConstraints = 5'000;
inline constexpr std::size_t kMaxTimeframe = 200;
inline constexpr std::size_t kMaxCriterionText = 500;
inline constexpr std::size_t kMaxClosingNote = 2'000;
// Under the server's request body limit (10 MiB by default) with room for the form around it.
inline constexpr std::size_t kMaxAttachmentBytes = 8 * 1024 * 1024;
inline constexpr std::int64_t kMaxAttachmentBytesPerNeed = 40 * 1024 * 1024;

// Adds (field, catalogue key) for every problem with the need's own fields and tags.
void check_need(const Need& need, const directory::Reference& ref, web::FieldErrors& errors);

// Title, situation, constraints, criteria and the tags' names, folded and stemmed.
std::string search_text_for(const Need& need, const directory::Reference& ref);

// The content type of an accepted attachment (PDF, PNG, JPEG, GIF, WebP, Word, Excel, PowerPoint,
// OpenDocument, plain text, CSV), judged by the bytes as well as the name; nullopt otherwise.
std::optional<std::string> attachment_type(std::string_view filename, std::string_view data);
// The file's own name without any path, control characters or quotes, at most 120 characters.
std::string clean_filename(std::string_view filename);

}  // namespace samskap::needs
