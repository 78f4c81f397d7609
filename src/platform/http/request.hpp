#pragma once
// Our own request/response types: the rest of the code never sees RESTinio.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace samskap::http {

enum class Method { get, head, post, put, patch, del, options, other };
std::string_view method_name(Method m);
Method method_from(std::string_view name);

// Ordered name/value pairs (query strings, forms, headers, cookies, route params).
using Fields = std::vector<std::pair<std::string, std::string>>;
const std::string* find_field(const Fields& fields, std::string_view name);

struct UploadedFile {
  std::string field;
  std::string filename;
  std::string content_type;
  std::string data;
};

struct Request {
  Method method = Method::get;
  std::string path;          // percent-decoded path, without the query
  std::string query_string;  // raw, without '?'
  Fields headers;            // names lower-cased
  std::string body;
  std::string remote_addr;
  std::string request_id;
  Fields params;             // named route parameters, filled by the router

  const std::string* header(std::string_view lower_name) const;
  std::string param(std::string_view name) const;

  // Parsed on first use. form()/files() read urlencoded or multipart bodies;
  // a malformed multipart body yields no fields and form_malformed() is true.
  const Fields& query() const;
  const Fields& form() const;
  const std::vector<UploadedFile>& files() const;
  bool form_malformed() const;
  const Fields& cookies() const;

  std::string query_value(std::string_view name) const;
  std::string form_value(std::string_view name) const;
  std::string cookie(std::string_view name) const;

 private:
  void parse_body() const;
  mutable std::optional<Fields> query_;
  mutable std::optional<Fields> form_;
  mutable std::vector<UploadedFile> files_;
  mutable bool form_malformed_ = false;
  mutable std::optional<Fields> cookies_;
};

struct Response {
  int status = 200;
  Fields headers;
  std::string body;

  void set_header(std::string name, std::string value);  // replaces
  void add_header(std::string name, std::string value);  // appends (Set-Cookie)
  const std::string* header(std::string_view name) const;  // case-insensitive

  static Response redirect(std::string location, int status = 303);
  static Response text(int status, std::string body,
                       std::string content_type = "text/plain; charset=utf-8");
  static Response json(int status, std::string body);
};

std::string_view status_reason(int status);

}  // namespace samskap::http
