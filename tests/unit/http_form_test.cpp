// Parsing of query strings, urlencoded and multipart bodies, cookies; Request/Response helpers.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "platform/http/form.hpp"
#include "platform/http/request.hpp"

using namespace std::string_literals;
namespace http = samskap::http;

namespace {

http::Fields F(std::initializer_list<std::pair<std::string, std::string>> l) { return http::Fields(l); }

}  // namespace

// ---- url decoding and encoding ----

TEST(HttpUrl, DecodesEscapesAndPlus) {
  EXPECT_EQ(http::url_decode("a%20b%2Bc", false), "a b+c");
  EXPECT_EQ(http::url_decode("a+b", true), "a b");
  EXPECT_EQ(http::url_decode("a+b", false), "a+b");
  EXPECT_EQ(http::url_decode("%C3%B8%c3%a6", false), "øæ");
  EXPECT_EQ(http::url_decode("%00x", false), "\0x"s);
}

TEST(HttpUrl, KeepsBadEscapesLiterally) {
  EXPECT_EQ(http::url_decode("%zz", false), "%zz");
  EXPECT_EQ(http::url_decode("100%", false), "100%");
  EXPECT_EQ(http::url_decode("%4", false), "%4");
  EXPECT_EQ(http::url_decode("%", true), "%");
  EXPECT_EQ(http::url_decode("%%41", false), "%A");
  EXPECT_EQ(http::url_decode("%G1%1G", false), "%G1%1G");
  EXPECT_EQ(http::url_decode("", false), "");
}

TEST(HttpUrl, EncodesAllButUnreserved) {
  EXPECT_EQ(http::url_encode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(http::url_encode("a b&c=d/ø"), "a%20b%26c%3Dd%2F%C3%B8");
  EXPECT_EQ(http::url_decode(http::url_encode("x+y %z\r\n\0"s), false), "x+y %z\r\n\0"s);
}

// ---- application/x-www-form-urlencoded ----

TEST(HttpUrlencoded, EdgeCases) {
  EXPECT_EQ(http::parse_urlencoded(""), http::Fields{});
  EXPECT_EQ(http::parse_urlencoded("&&"), http::Fields{});
  EXPECT_EQ(http::parse_urlencoded("a=1&b=&=x&c&&a=2&d=e+f%21"),
            F({{"a", "1"}, {"b", ""}, {"", "x"}, {"c", ""}, {"a", "2"}, {"d", "e f!"}}));
  EXPECT_EQ(http::parse_urlencoded("k=v=w"), F({{"k", "v=w"}}));
  EXPECT_EQ(http::parse_urlencoded("navn=%C3%85se&bad=%zz%"), F({{"navn", "Åse"}, {"bad", "%zz%"}}));
  EXPECT_EQ(http::parse_urlencoded("="), F({{"", ""}}));
  EXPECT_EQ(http::parse_urlencoded("a%3Db=c"), F({{"a=b", "c"}}));
}

// ---- multipart/form-data ----

namespace {

const std::string kBinary = "line1\r\nline2\r\n--notaboundary\r\n\0\x01\xff\r\n--XyZ\r\n"s;  // CRLF, NUL, near-boundaries

std::string sample_body(const std::string& boundary) {
  return "preamble to ignore\r\n"
         "--" + boundary + "\r\n"
         "Content-Disposition: form-data; name=\"title\"\r\n"
         "\r\n"
         "Hei på deg\r\n"
         "--" + boundary + "  \r\n"  // transport padding is allowed
         "content-disposition: form-data; name=\"doc\"; filename=\"rapport \\\"2024\\\".pdf\"\r\n"
         "Content-Type: application/pdf\r\n"
         "\r\n" + kBinary + "\r\n"
         "--" + boundary + "\r\n"
         "Content-Disposition: form-data; name=\"empty\"\r\n"
         "\r\n"
         "\r\n"
         "--" + boundary + "--\r\n"
         "epilogue to ignore";
}

}  // namespace

TEST(HttpMultipart, TextFieldAndBinaryFile) {
  auto mp = http::parse_multipart(sample_body("XyZ123"), "multipart/form-data; boundary=XyZ123");
  ASSERT_TRUE(mp);
  EXPECT_EQ(mp->fields, F({{"title", "Hei på deg"}, {"empty", ""}}));
  ASSERT_EQ(mp->files.size(), 1u);
  EXPECT_EQ(mp->files[0].field, "doc");
  EXPECT_EQ(mp->files[0].filename, "rapport \"2024\".pdf");
  EXPECT_EQ(mp->files[0].content_type, "application/pdf");
  EXPECT_EQ(mp->files[0].data, kBinary);
  EXPECT_EQ(mp->files[0].data.size(), kBinary.size());
}

TEST(HttpMultipart, QuotedBoundaryAndCaseInsensitiveParameters) {
  const std::string boundary = "a b:c(d)";
  auto mp = http::parse_multipart(sample_body(boundary), "Multipart/Form-Data; charset=utf-8; BOUNDARY=\"a b:c(d)\"");
  ASSERT_TRUE(mp);
  EXPECT_EQ(mp->fields.size(), 2u);
  ASSERT_EQ(mp->files.size(), 1u);
  EXPECT_EQ(mp->files[0].data, kBinary);
}

TEST(HttpMultipart, NoPreambleNoHeadersDefaultsAndExtFilename) {
  std::string body =
      "--b\r\n"
      "Content-Disposition: form-data; name=\"f\"; filename*=UTF-8''%C3%B8l.txt\r\n"
      "\r\n"
      "data\r\n"
      "--b\r\n"
      "Content-Disposition: form-data; name=\"nofile\"; filename=\"\"\r\n"
      "Content-Type: application/octet-stream\r\n"
      "\r\n"
      "\r\n"
      "--b--";
  auto mp = http::parse_multipart(body, "multipart/form-data; boundary=b");
  ASSERT_TRUE(mp);
  EXPECT_TRUE(mp->fields.empty());
  ASSERT_EQ(mp->files.size(), 1u);  // an empty file input is not an upload
  EXPECT_EQ(mp->files[0].filename, "øl.txt");
  EXPECT_EQ(mp->files[0].content_type, "application/octet-stream");
  EXPECT_EQ(mp->files[0].data, "data");
}

TEST(HttpMultipart, EmptyMultipartIsValid) {
  auto mp = http::parse_multipart("--b--\r\n", "multipart/form-data; boundary=b");
  ASSERT_TRUE(mp);
  EXPECT_TRUE(mp->fields.empty());
  EXPECT_TRUE(mp->files.empty());
}

TEST(HttpMultipart, RejectsMalformedBodies) {
  const std::string ok_part = "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n";
  const std::string ct = "multipart/form-data; boundary=b";
  ASSERT_TRUE(http::parse_multipart(ok_part + "--b--", ct));

  // Content-Type problems
  EXPECT_FALSE(http::parse_multipart(ok_part + "--b--", "multipart/form-data"));
  EXPECT_FALSE(http::parse_multipart(ok_part + "--b--", "multipart/form-data; boundary="));
  EXPECT_FALSE(http::parse_multipart(ok_part + "--b--", "multipart/form-data; boundary=\"b"));
  EXPECT_FALSE(http::parse_multipart(ok_part + "--b--", "multipart/form-data; charset"));
  EXPECT_FALSE(http::parse_multipart(ok_part + "--b--", "text/plain; boundary=b"));
  EXPECT_FALSE(http::parse_multipart(ok_part + "--b--", "multipart/form-data; boundary=" + std::string(71, 'x')));

  // Body problems
  EXPECT_FALSE(http::parse_multipart(ok_part, ct));                   // no closing delimiter
  EXPECT_FALSE(http::parse_multipart(ok_part + "--b", ct));            // delimiter, not closing
  EXPECT_FALSE(http::parse_multipart("", ct));                         // nothing
  EXPECT_FALSE(http::parse_multipart("no delimiter at all", ct));      // no delimiter
  EXPECT_FALSE(http::parse_multipart("--b\r\n\r\nvalue\r\n--b--", ct));  // no Content-Disposition
  EXPECT_FALSE(http::parse_multipart("--b\r\nContent-Disposition: form-data\r\n\r\nv\r\n--b--", ct));  // no name
  EXPECT_FALSE(http::parse_multipart("--b\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nv\r\n--b--", ct));
  EXPECT_FALSE(http::parse_multipart("--b\r\nContent-Disposition: attachment; name=\"x\"\r\n\r\nv\r\n--b--", ct));
  EXPECT_FALSE(http::parse_multipart("--b\r\nContent-Disposition: form-data; name=\"x\r\n\r\nv\r\n--b--", ct));
  EXPECT_FALSE(http::parse_multipart("--b\r\nContent-Disposition: form-data; name=\"x\"\r\nv\r\n--b--", ct));  // no blank line
  EXPECT_FALSE(http::parse_multipart("--b\r\nno colon here\r\n\r\nv\r\n--b--", ct));
  EXPECT_FALSE(http::parse_multipart("--bjunk\r\n", ct));
  EXPECT_FALSE(http::parse_multipart("--b\nContent-Disposition: form-data; name=\"x\"\n\nv\n--b--", ct));  // bare LF
}

TEST(HttpMultipart, BoundaryLookalikesInsideDataAreData) {
  std::string data = "x\r\n--bb\r\n--bX\r\n--b-";  // only "\r\n--b" followed by CRLF or "--" delimits
  std::string body = "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n" + data + "\r\n--b--";
  auto mp = http::parse_multipart(body, "multipart/form-data; boundary=b");
  ASSERT_TRUE(mp);
  EXPECT_EQ(mp->fields, F({{"x", data}}));
}

TEST(HttpMultipart, AdversarialBodyIsFast) {
  // Many near-delimiters: a quadratic parser would take minutes here.
  const std::string boundary(70, 'q');
  std::string body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n";
  const std::string near = "\r\n--" + boundary.substr(0, 69) + "z";
  while (body.size() < 8 * 1024 * 1024) body += near;
  auto started = std::chrono::steady_clock::now();
  auto mp = http::parse_multipart(body, "multipart/form-data; boundary=" + boundary);
  auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_FALSE(mp);  // never closed
  EXPECT_LT(elapsed, std::chrono::seconds(2));
}

// ---- cookies ----

TEST(HttpCookies, Parse) {
  EXPECT_EQ(http::parse_cookies(""), http::Fields{});
  EXPECT_EQ(http::parse_cookies("a=1; b=2;c=\"q\" ; =x; novalue; d=%C3%B8;  e = spaced ;f="),
            F({{"a", "1"}, {"b", "2"}, {"c", "q"}, {"d", "ø"}, {"e", "spaced"}, {"f", ""}}));
  EXPECT_EQ(http::parse_cookies("sid=abc; sid=older"), F({{"sid", "abc"}, {"sid", "older"}}));
}

TEST(HttpCookies, Build) {
  http::CookieOptions o;
  o.max_age_seconds = 3600;
  o.secure = true;
  EXPECT_EQ(http::set_cookie_value("sid", "abc", o), "sid=abc; Path=/; Max-Age=3600; HttpOnly; Secure; SameSite=Lax");

  http::CookieOptions session;
  EXPECT_EQ(http::set_cookie_value("flash", "ok:saved", session), "flash=ok:saved; Path=/; HttpOnly; SameSite=Lax");

  http::CookieOptions del;
  del.max_age_seconds = 0;
  del.http_only = false;
  del.same_site = "Strict";
  EXPECT_EQ(http::set_cookie_value("x", "", del), "x=; Path=/; Max-Age=0; SameSite=Strict");
}

TEST(HttpCookies, UnsafeValuesAreEncodedAndRoundTrip) {
  const std::string value = "Lagret; \"ok\", 100% ø\\\r\n";
  auto header = http::set_cookie_value("m", value, {});
  auto attrs = header.find("; Path=");
  ASSERT_NE(attrs, std::string::npos);
  auto pair = header.substr(0, attrs);
  EXPECT_EQ(pair.find_first_of(" ;\",\\\r\n"), std::string::npos) << pair;
  EXPECT_EQ(http::parse_cookies(pair), F({{"m", value}}));
}

// ---- Request ----

TEST(HttpRequest, LazyQueryFormCookies) {
  http::Request r;
  r.method = http::Method::post;
  r.query_string = "side=2&q=%C3%B8l";
  r.headers = {{"content-type", "Application/X-WWW-Form-Urlencoded; charset=UTF-8"},
               {"cookie", "sid=abc; lang=nb"},
               {"cookie", "extra=1"}};
  r.body = "navn=Ola+Nordmann&tag=a&tag=b";
  EXPECT_EQ(r.query_value("q"), "øl");
  EXPECT_EQ(r.query_value("missing"), "");
  EXPECT_EQ(r.form_value("navn"), "Ola Nordmann");
  EXPECT_EQ(r.form(), F({{"navn", "Ola Nordmann"}, {"tag", "a"}, {"tag", "b"}}));
  EXPECT_TRUE(r.files().empty());
  EXPECT_FALSE(r.form_malformed());
  EXPECT_EQ(r.cookie("sid"), "abc");
  EXPECT_EQ(r.cookie("extra"), "1");
  ASSERT_NE(r.header("content-type"), nullptr);
  EXPECT_NE(r.header("Content-Type"), nullptr);
  EXPECT_EQ(r.header("x-missing"), nullptr);
  r.params = {{"id", "42"}};
  EXPECT_EQ(r.param("id"), "42");
  EXPECT_EQ(r.param("other"), "");
}

TEST(HttpRequest, MultipartFormAndFiles) {
  http::Request r;
  r.headers = {{"content-type", "multipart/form-data; boundary=XyZ123"}};
  r.body = sample_body("XyZ123");
  EXPECT_EQ(r.form_value("title"), "Hei på deg");
  ASSERT_EQ(r.files().size(), 1u);
  EXPECT_EQ(r.files()[0].data, kBinary);
  EXPECT_FALSE(r.form_malformed());
}

TEST(HttpRequest, MalformedMultipartYieldsNoFields) {
  http::Request r;
  r.headers = {{"content-type", "multipart/form-data; boundary=b"}};
  r.body = "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n";  // not closed
  EXPECT_TRUE(r.form().empty());
  EXPECT_TRUE(r.files().empty());
  EXPECT_TRUE(r.form_malformed());
}

TEST(HttpRequest, OtherContentTypesHaveNoForm) {
  http::Request r;
  r.headers = {{"content-type", "application/json"}};
  r.body = "a=1";
  EXPECT_TRUE(r.form().empty());
  EXPECT_FALSE(r.form_malformed());
  http::Request none;
  none.body = "a=1";
  EXPECT_TRUE(none.form().empty());
}

// ---- Response and names ----

TEST(HttpResponse, Headers) {
  http::Response res;
  res.add_header("Set-Cookie", "a=1");
  res.add_header("Set-Cookie", "b=2");
  res.set_header("Content-Type", "text/html");
  res.set_header("content-type", "text/plain");
  ASSERT_NE(res.header("CONTENT-TYPE"), nullptr);
  EXPECT_EQ(*res.header("Content-Type"), "text/plain");
  EXPECT_EQ(res.headers.size(), 3u);
  res.set_header("SET-COOKIE", "c=3");  // replaces every earlier one, keeps the position
  EXPECT_EQ(res.headers, F({{"SET-COOKIE", "c=3"}, {"content-type", "text/plain"}}));
  EXPECT_EQ(res.header("x"), nullptr);

  auto r = http::Response::redirect("/neste");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(*r.header("location"), "/neste");
  auto j = http::Response::json(201, "{}");
  EXPECT_EQ(j.status, 201);
  EXPECT_EQ(*j.header("content-type"), "application/json; charset=utf-8");
  auto t = http::Response::text(404, "nei");
  EXPECT_EQ(*t.header("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(t.body, "nei");
}

TEST(HttpNames, MethodsAndReasons) {
  for (auto m : {http::Method::get, http::Method::head, http::Method::post, http::Method::put, http::Method::patch,
                 http::Method::del, http::Method::options})
    EXPECT_EQ(http::method_from(http::method_name(m)), m);
  EXPECT_EQ(http::method_from("get"), http::Method::other);
  EXPECT_EQ(http::method_from("TRACE"), http::Method::other);
  EXPECT_EQ(http::method_name(http::Method::del), "DELETE");
  EXPECT_EQ(http::status_reason(200), "OK");
  EXPECT_EQ(http::status_reason(413), "Content Too Large");
  EXPECT_EQ(http::status_reason(599), "Server Error");
  EXPECT_EQ(http::status_reason(299), "Success");
}
