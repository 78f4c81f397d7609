#include "platform/http/request.hpp"

#include <algorithm>

#include "platform/http/form.hpp"

namespace samskap::http {

namespace {

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

const std::string* find_caseless(const Fields& fields, std::string_view name) {
  for (const auto& [k, v] : fields)
    if (iequals(k, name)) return &v;
  return nullptr;
}

// The media type of a Content-Type value, without parameters or surrounding blanks.
std::string_view media_type(std::string_view content_type) {
  auto end = content_type.find(';');
  auto t = content_type.substr(0, end);
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  return t;
}

std::string value_or_empty(const std::string* v) { return v ? *v : std::string(); }

}  // namespace

std::string_view method_name(Method m) {
  switch (m) {
    case Method::get: return "GET";
    case Method::head: return "HEAD";
    case Method::post: return "POST";
    case Method::put: return "PUT";
    case Method::patch: return "PATCH";
    case Method::del: return "DELETE";
    case Method::options: return "OPTIONS";
    case Method::other: break;
  }
  return "OTHER";
}

Method method_from(std::string_view name) {
  // Method names are case-sensitive (RFC 9110 section 9.1).
  if (name == "GET") return Method::get;
  if (name == "HEAD") return Method::head;
  if (name == "POST") return Method::post;
  if (name == "PUT") return Method::put;
  if (name == "PATCH") return Method::patch;
  if (name == "DELETE") return Method::del;
  if (name == "OPTIONS") return Method::options;
  return Method::other;
}

const std::string* find_field(const Fields& fields, std::string_view name) {
  for (const auto& [k, v] : fields)
    if (k == name) return &v;
  return nullptr;
}

// ---- Request ----

const std::string* Request::header(std::string_view lower_name) const {
  // Stored names are lower-case; comparing without case also forgives a caller's "Content-Type".
  return find_caseless(headers, lower_name);
}

std::string Request::param(std::string_view name) const { return value_or_empty(find_field(params, name)); }

const Fields& Request::query() const {
  if (!query_) query_ = parse_urlencoded(query_string);
  return *query_;
}

void Request::parse_body() const {
  Fields fields;
  files_.clear();
  form_malformed_ = false;
  if (const std::string* ct = header("content-type")) {
    auto type = media_type(*ct);
    if (iequals(type, "application/x-www-form-urlencoded")) {
      fields = parse_urlencoded(body);
    } else if (iequals(type, "multipart/form-data")) {
      if (auto mp = parse_multipart(body, *ct)) {
        fields = std::move(mp->fields);
        files_ = std::move(mp->files);
      } else {
        form_malformed_ = true;
      }
    }
  }
  form_ = std::move(fields);
}

const Fields& Request::form() const {
  if (!form_) parse_body();
  return *form_;
}

const std::vector<UploadedFile>& Request::files() const {
  if (!form_) parse_body();
  return files_;
}

bool Request::form_malformed() const {
  if (!form_) parse_body();
  return form_malformed_;
}

const Fields& Request::cookies() const {
  if (!cookies_) {
    Fields all;
    // HTTP/1.1 clients send one Cookie header; a proxy speaking HTTP/2 upstream may split it.
    for (const auto& [k, v] : headers) {
      if (!iequals(k, "cookie")) continue;
      Fields part = parse_cookies(v);
      if (all.empty()) {
        all = std::move(part);
      } else {
        all.insert(all.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
      }
    }
    cookies_ = std::move(all);
  }
  return *cookies_;
}

std::string Request::query_value(std::string_view name) const { return value_or_empty(find_field(query(), name)); }

std::string Request::form_value(std::string_view name) const { return value_or_empty(find_field(form(), name)); }

std::string Request::cookie(std::string_view name) const { return value_or_empty(find_field(cookies(), name)); }

// ---- Response ----

void Response::set_header(std::string name, std::string value) {
  auto first = std::find_if(headers.begin(), headers.end(), [&](const auto& f) { return iequals(f.first, name); });
  if (first == headers.end()) {
    headers.emplace_back(std::move(name), std::move(value));
    return;
  }
  first->first = std::move(name);
  first->second = std::move(value);
  auto rest = std::remove_if(std::next(first), headers.end(), [&](const auto& f) { return iequals(f.first, first->first); });
  headers.erase(rest, headers.end());
}

void Response::add_header(std::string name, std::string value) { headers.emplace_back(std::move(name), std::move(value)); }

const std::string* Response::header(std::string_view name) const { return find_caseless(headers, name); }

Response Response::redirect(std::string location, int status) {
  Response r;
  r.status = status;
  r.headers.emplace_back("Location", std::move(location));
  return r;
}

Response Response::text(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.headers.emplace_back("Content-Type", std::move(content_type));
  r.body = std::move(body);
  return r;
}

Response Response::json(int status, std::string body) {
  return text(status, std::move(body), "application/json; charset=utf-8");
}

std::string_view status_reason(int status) {
  switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 203: return "Non-Authoritative Information";
    case 204: return "No Content";
    case 205: return "Reset Content";
    case 206: return "Partial Content";
    case 300: return "Multiple Choices";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 417: return "Expectation Failed";
    case 421: return "Misdirected Request";
    case 422: return "Unprocessable Content";
    case 423: return "Locked";
    case 425: return "Too Early";
    case 426: return "Upgrade Required";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 451: return "Unavailable For Legal Reasons";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: break;
  }
  if (status >= 100 && status < 200) return "Informational";
  if (status >= 200 && status < 300) return "Success";
  if (status >= 300 && status < 400) return "Redirection";
  if (status >= 400 && status < 500) return "Client Error";
  return "Server Error";
}

}  // namespace samskap::http
