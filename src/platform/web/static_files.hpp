#pragma once
// Static files under static/, read into memory once at start (the set is small), served with
// ETags; URLs carrying ?v=<fingerprint> are cached for a year.
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>

#include "platform/http/request.hpp"

namespace samskap::web {

class StaticFiles {
 public:
  void load(const std::filesystem::path& root);
  // Answers a request for "/static/…", or nullopt when the path is not a static file.
  std::optional<http::Response> serve(const http::Request& req) const;
  // A fingerprint of all files together, for cache-busting URLs.
  const std::string& version() const { return version_; }

 private:
  struct File {
    std::string body;
    std::string etag;
    std::string content_type;
  };
  std::unordered_map<std::string, File> files_;  // keyed by URL path ("/static/css/app.css")
  std::string version_;
};

}  // namespace samskap::web
