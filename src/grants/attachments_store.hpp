#pragma once
// All SQL of attachments on grant applications and on their reports. Files are stored in the
// database like needs' attachments. Every read repeats the access check in its SQL, so a file is
// never read for someone who may not see its application (or report); files are only added or
// removed while the application (or the report) is still a draft.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/db/database.hpp"

namespace samskap::grants::store {

// Who is asking: a signed-in user (0 for nobody) and whether they are a coordinator.
struct FileViewer {
  std::int64_t user_id = 0;
  bool coordinator = false;
};

struct File {
  std::int64_t id = 0;
  std::int64_t application_id = 0;
  std::optional<std::int64_t> report_id;
  std::string requirement;  // what it fulfils: "vedlegg-N", "vilkar-<key>", "regnskap", "dokumentasjon" or ""
  std::string filename, content_type, sha256, created_at;
  std::int64_t size = 0;
  std::string data;  // only from file()
};

// Adds a file to a draft application (report_id unset) or to a report that is not submitted.
// nullopt, adding nothing, when the application or report is no longer a draft.
std::optional<std::int64_t> add_file(db::Connection& c, const File& f, std::int64_t uploaded_by);
// Deletes one file of a draft application (or of a report not submitted); false when there was none
// or it is frozen.
bool delete_file(db::Connection& c, std::int64_t application_id, std::optional<std::int64_t> report_id,
                 std::int64_t file_id);

// The application's own files (report_id unset) or one report's, without data, in upload order;
// empty when the viewer may not see them.
std::vector<File> files_of(db::Connection& c, std::int64_t application_id, std::optional<std::int64_t> report_id,
                           const FileViewer& v);
// One file with its data, when the viewer may see it.
std::optional<File> file(db::Connection& c, std::int64_t application_id, std::optional<std::int64_t> report_id,
                         std::int64_t file_id, const FileViewer& v);
// Bytes stored for the application, its reports' files included.
std::int64_t file_bytes(db::Connection& c, std::int64_t application_id);
// The requirement tags of the application's own files, for the self-check (no access check: the
// caller has already decided the applicant may see the application).
std::vector<std::string> requirements_of(db::Connection& c, std::int64_t application_id);

}  // namespace samskap::grants::store
