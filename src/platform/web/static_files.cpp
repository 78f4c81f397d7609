#include "platform/web/static_files.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

#include "platform/core/crypto.hpp"

namespace samskap::web {

static std::string content_type_for(const std::filesystem::path& p) {
  static const std::pair<const char*, const char*> types[] = {
      {".css", "text/css; charset=utf-8"},   {".js", "text/javascript; charset=utf-8"},
      {".svg", "image/svg+xml"},             {".png", "image/png"},
      {".jpg", "image/jpeg"},                {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},              {".woff", "font/woff"},
      {".txt", "text/plain; charset=utf-8"}, {".json", "application/json"},
      {".webmanifest", "application/manifest+json"}};
  auto ext = p.extension().string();
  for (auto& [e, t] : types)
    if (ext == e) return t;
  return "application/octet-stream";
}

void StaticFiles::load(const std::filesystem::path& root) {
  files_.clear();
  if (!std::filesystem::exists(root)) return;
  std::vector<std::string> etags;
  for (auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    auto name = entry.path().filename().string();
    if (name.empty() || name.front() == '.') continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    File f;
    f.body = buf.str();
    f.etag = "\"" + crypto::sha256_hex(f.body).substr(0, 20) + "\"";
    f.content_type = content_type_for(entry.path());
    auto url = "/static/" + std::filesystem::relative(entry.path(), root).generic_string();
    etags.push_back(url + f.etag);
    files_.emplace(std::move(url), std::move(f));
  }
  std::sort(etags.begin(), etags.end());
  std::string all;
  for (auto& e : etags) all += e;
  version_ = crypto::sha256_hex(all).substr(0, 12);
}

std::optional<http::Response> StaticFiles::serve(const http::Request& req) const {
  auto it = files_.find(req.path);
  if (it == files_.end()) return std::nullopt;
  const File& f = it->second;
  http::Response res;
  res.set_header("ETag", f.etag);
  bool fingerprinted = req.query_string.rfind("v=", 0) == 0;
  res.set_header("Cache-Control", fingerprinted ? "public, max-age=31536000, immutable" : "no-cache");
  if (auto inm = req.header("if-none-match"); inm && *inm == f.etag) {
    res.status = 304;
    return res;
  }
  res.set_header("Content-Type", f.content_type);
  res.body = f.body;
  return res;
}

}  // namespace samskap::web
