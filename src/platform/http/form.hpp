#pragma once
// Parsing of query strings, urlencoded and multipart bodies, cookies.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/http/request.hpp"

namespace samskap::http {

// Percent-decoding; '+' becomes a space when plus_as_space. Invalid escapes are kept literally.
std::string url_decode(std::string_view s, bool plus_as_space);
std::string url_encode(std::string_view s);  // RFC 3986 unreserved kept
Fields parse_urlencoded(std::string_view body);

struct Multipart {
  Fields fields;
  std::vector<UploadedFile> files;
};
// The boundary is read from the Content-Type header value; nullopt when malformed.
// Parts with a filename become files (an empty file input, filename="" without data, is
// dropped); the others become fields, in order.
std::optional<Multipart> parse_multipart(std::string_view body, std::string_view content_type);

// Values are percent-decoded, undoing set_cookie_value's encoding.
Fields parse_cookies(std::string_view cookie_header);

struct CookieOptions {
  std::string path = "/";
  std::optional<long> max_age_seconds;  // nullopt: session cookie; 0 deletes
  bool http_only = true;
  bool secure = false;
  std::string same_site = "Lax";
};
// Value bytes outside RFC 6265 cookie-octets, and '%', are percent-encoded.
std::string set_cookie_value(std::string_view name, std::string_view value, const CookieOptions& o);

}  // namespace samskap::http
