// The RESTinio-backed server, spoken to with raw HTTP over loopback sockets.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <future>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "platform/http/form.hpp"
#include "platform/http/server.hpp"

using namespace std::chrono_literals;
namespace http = samskap::http;

namespace {

// A blocking client socket with a receive timeout, so a broken server fails the test instead of hanging it.
class Client {
 public:
  explicit Client(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket");
    timeval tv{5, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~Client() {
    if (fd_ >= 0) ::close(fd_);
  }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return connected_; }

  void send(std::string_view data) {
    while (!data.empty()) {
      auto n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return;  // the server may close early (oversized requests); the reads tell
      data.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  // Everything until the server closes the connection (or an error / the timeout).
  std::string read_all() {
    std::string out;
    char buf[16384];
    for (;;) {
      auto n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
  }

  // One response: headers, then Content-Length bytes of body (none for HEAD).
  std::string read_response(bool head = false) {
    std::string out;
    std::size_t header_end = std::string::npos;
    std::size_t want = std::string::npos;
    char buf[16384];
    for (;;) {
      if (header_end == std::string::npos) {
        header_end = out.find("\r\n\r\n");
        if (header_end != std::string::npos) {
          auto h = lower_copy(out.substr(0, header_end));
          auto cl = h.find("\r\ncontent-length: ");
          std::size_t body = cl == std::string::npos || head ? 0 : std::stoul(h.substr(cl + 18));
          want = header_end + 4 + body;
        }
      }
      if (want != std::string::npos && out.size() >= want) {
        buffer_ = out.substr(want);
        return out.substr(0, want);
      }
      auto n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) return out;
      out.append(buf, static_cast<std::size_t>(n));
    }
  }

  static std::string lower_copy(std::string s) {
    for (auto& c : s)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
  std::string buffer_;
};

std::string body_of(const std::string& response) {
  auto p = response.find("\r\n\r\n");
  return p == std::string::npos ? std::string() : response.substr(p + 4);
}

std::string status_line(const std::string& response) { return response.substr(0, response.find("\r\n")); }

std::string header_block(const std::string& response) { return response.substr(0, response.find("\r\n\r\n") + 2); }

// Starts run_server on an ephemeral loopback port in a thread; stops it with request_stop().
class TestServer {
 public:
  explicit TestServer(http::ServerOptions o, http::Dispatch d) {
    o.address = "127.0.0.1";
    o.port = 0;
    std::promise<std::uint16_t> listening;
    auto port = listening.get_future();
    thread_ = std::thread([this, o, d = std::move(d), &listening]() mutable {
      rc_ = http::run_server(o, std::move(d), [&listening](std::uint16_t p) { listening.set_value(p); });
      done_ = true;
    });
    if (port.wait_for(10s) != std::future_status::ready) throw std::runtime_error("server did not start");
    port_ = port.get();
  }
  ~TestServer() { stop(); }

  std::uint16_t port() const { return port_; }

  int stop() {
    if (thread_.joinable()) {
      http::request_stop();
      thread_.join();
    }
    return rc_;
  }
  int join() {
    thread_.join();
    return rc_;
  }
  bool done() const { return done_; }

 private:
  std::thread thread_;
  std::uint16_t port_ = 0;
  std::atomic<int> rc_{-1};
  std::atomic<bool> done_{false};
};

std::atomic<bool> g_slow_started{false};

http::Response echo(http::Request& req) {
  if (req.path == "/throw") throw std::runtime_error("boom");
  if (req.path == "/slow") {
    g_slow_started = true;
    std::this_thread::sleep_for(300ms);
    return http::Response::text(200, "slow done");
  }
  if (req.path == "/nocontent") {
    http::Response r;
    r.status = 204;
    return r;
  }
  if (req.path == "/cookies") {
    http::Response r = http::Response::text(200, "ok");
    r.add_header("Set-Cookie", http::set_cookie_value("a", "1", {}));
    r.add_header("Set-Cookie", http::set_cookie_value("b", "2", {}));
    return r;
  }
  std::string out = std::string(http::method_name(req.method)) + " " + req.path + " ?" + req.query_string +
                    " form:" + req.form_value("name") + " ua:" + (req.header("user-agent") ? *req.header("user-agent") : "") +
                    " from:" + req.remote_addr + " body:" + std::to_string(req.body.size());
  return http::Response::text(200, out);
}

http::ServerOptions small_limits() {
  http::ServerOptions o;
  o.threads = 2;
  o.max_header_bytes = 2048;
  o.max_body_bytes = 1024;
  return o;
}

}  // namespace

TEST(HttpServer, GetWithDecodedPathAndRawQuery) {
  TestServer server(small_limits(), echo);
  Client c(server.port());
  ASSERT_TRUE(c.connected());
  c.send("GET /s%C3%B8k%20her?q=%C3%B8l&x=1 HTTP/1.1\r\nHost: t\r\nUser-Agent: Test/1\r\nConnection: close\r\n\r\n");
  auto res = c.read_all();
  EXPECT_EQ(status_line(res), "HTTP/1.1 200 OK");
  EXPECT_EQ(body_of(res), "GET /søk her ?q=%C3%B8l&x=1 form: ua:Test/1 from:127.0.0.1 body:0");
  auto h = header_block(res);
  EXPECT_NE(h.find("\r\nContent-Type: text/plain; charset=utf-8\r\n"), std::string::npos) << h;
  EXPECT_NE(h.find("\r\nContent-Length: " + std::to_string(body_of(res).size()) + "\r\n"), std::string::npos) << h;
  EXPECT_NE(h.find("\r\nConnection: close\r\n"), std::string::npos) << h;
  EXPECT_NE(h.find("\r\nDate: "), std::string::npos) << h;
}

TEST(HttpServer, PostUrlencodedAndKeepAlive) {
  TestServer server(small_limits(), echo);
  Client c(server.port());
  ASSERT_TRUE(c.connected());
  std::string form = "name=Ola+Nordmann&x=%zz";
  c.send("POST /skjema HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
         std::to_string(form.size()) + "\r\n\r\n" + form);
  auto first = c.read_response();
  EXPECT_EQ(status_line(first), "HTTP/1.1 200 OK");
  EXPECT_EQ(body_of(first), "POST /skjema ? form:Ola Nordmann ua: from:127.0.0.1 body:23");
  EXPECT_NE(first.find("\r\nConnection: keep-alive\r\n"), std::string::npos);
  // Same connection again.
  c.send("GET /igjen HTTP/1.1\r\nHost: t\r\n\r\n");
  auto second = c.read_response();
  EXPECT_EQ(status_line(second), "HTTP/1.1 200 OK");
  EXPECT_EQ(body_of(second), "GET /igjen ? form: ua: from:127.0.0.1 body:0");
}

TEST(HttpServer, HeadSendsHeadersOnly) {
  TestServer server(small_limits(), echo);
  Client get(server.port());
  get.send("GET /x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  auto get_res = get.read_all();
  Client head(server.port());
  head.send("HEAD /x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  auto head_res = head.read_all();
  EXPECT_EQ(status_line(head_res), "HTTP/1.1 200 OK");
  EXPECT_EQ(body_of(head_res), "");
  auto expected_length = body_of(get_res).size() + 1;  // the echo says "HEAD", one letter more than "GET"
  EXPECT_NE(head_res.find("\r\nContent-Length: " + std::to_string(expected_length) + "\r\n"), std::string::npos)
      << head_res;
}

TEST(HttpServer, NoContentHasNoLengthAndCookiesAreAllSent) {
  TestServer server(small_limits(), echo);
  Client c(server.port());
  c.send("GET /nocontent HTTP/1.1\r\nHost: t\r\n\r\n");
  auto res = c.read_response(true);
  EXPECT_EQ(status_line(res), "HTTP/1.1 204 No Content");
  EXPECT_EQ(res.find("Content-Length"), std::string::npos) << res;
  c.send("GET /cookies HTTP/1.1\r\nHost: t\r\n\r\n");
  auto cookies = c.read_response();
  EXPECT_NE(cookies.find("\r\nSet-Cookie: a=1; Path=/; HttpOnly; SameSite=Lax\r\n"), std::string::npos) << cookies;
  EXPECT_NE(cookies.find("\r\nSet-Cookie: b=2; Path=/; HttpOnly; SameSite=Lax\r\n"), std::string::npos) << cookies;
}

TEST(HttpServer, DispatchExceptionIs500) {
  TestServer server(small_limits(), echo);
  Client c(server.port());
  c.send("GET /throw HTTP/1.1\r\nHost: t\r\n\r\n");
  auto res = c.read_response();
  EXPECT_EQ(status_line(res), "HTTP/1.1 500 Internal Server Error");
  // The connection survives.
  c.send("GET /ok HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_EQ(status_line(c.read_response()), "HTTP/1.1 200 OK");
}

TEST(HttpServer, SlightlyOversizedBodyIsDrainedAnd413) {
  std::atomic<int> calls{0};
  TestServer server(small_limits(), [&](http::Request& r) {
    ++calls;
    return echo(r);
  });
  Client c(server.port());
  std::string body(2000, 'x');  // over 1024, within the drain allowance
  c.send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 2000\r\n\r\n" + body);
  auto res = c.read_response();
  EXPECT_EQ(status_line(res), "HTTP/1.1 413 Content Too Large");
  EXPECT_NE(res.find("\r\nConnection: keep-alive\r\n"), std::string::npos) << res;
  // The connection is still in sync.
  c.send("GET /after HTTP/1.1\r\nHost: t\r\n\r\n");
  auto after = c.read_response();
  EXPECT_EQ(status_line(after), "HTTP/1.1 200 OK");
  EXPECT_EQ(calls.load(), 1);  // dispatch never saw the oversized request
}

TEST(HttpServer, HugeDeclaredBodyGets413AndClose) {
  TestServer server(small_limits(), echo);
  Client c(server.port());
  c.send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 1000000000\r\n\r\npartial body");
  auto res = c.read_all();
  EXPECT_EQ(status_line(res), "HTTP/1.1 413 Content Too Large");
  EXPECT_NE(res.find("\r\nConnection: close\r\n"), std::string::npos) << res;
  EXPECT_EQ(body_of(res), "Request body too large\n");
}

TEST(HttpServer, OversizedChunkedBodyClosesConnection) {
  TestServer server(small_limits(), echo);
  Client c(server.port());
  std::string chunk(1500, 'y');
  c.send("POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5dc\r\n" + chunk + "\r\n0\r\n\r\n");
  EXPECT_EQ(c.read_all(), "");
  // A chunked body within the limit works.
  Client ok(server.port());
  ok.send("POST /small HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
  EXPECT_EQ(body_of(ok.read_all()), "POST /small ? form: ua: from:127.0.0.1 body:3");
}

TEST(HttpServer, GarbageRequestClosesConnectionWithoutResponse) {
  TestServer server(small_limits(), echo);
  for (std::string garbage : {"HELLO\r\n\r\n", "GET / HTTP/1.1\r\nBad Header\r\n\r\n", "\x16\x03\x01\x02\x00\x01\x00",
                              "GET / HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
                              "GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
                              "GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"}) {
    Client c(server.port());
    c.send(garbage);
    EXPECT_EQ(c.read_all(), "") << garbage;
  }
  Client c(server.port());
  c.send("GET /still-alive HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(status_line(c.read_all()), "HTTP/1.1 200 OK");
}

TEST(HttpServer, UnsupportedVersionIs505) {
  TestServer server(small_limits(), echo);
  Client c(server.port());
  c.send("GET / HTTP/9.9\r\nHost: t\r\n\r\n");
  auto res = c.read_all();
  EXPECT_EQ(status_line(res), "HTTP/1.1 505 HTTP Version Not Supported");
  EXPECT_NE(res.find("\r\nConnection: close\r\n"), std::string::npos) << res;
}

TEST(HttpServer, HeadersOverLimitCloseConnection) {
  TestServer server(small_limits(), echo);
  {
    Client c(server.port());  // one field over the limit
    c.send("GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(3000, 'a') + "\r\n\r\n");
    EXPECT_EQ(c.read_all(), "");
  }
  {
    Client c(server.port());  // many fields, each small, over the limit together
    std::string req = "GET / HTTP/1.1\r\nHost: t\r\n";
    for (int i = 0; i < 40; ++i) req += "X-Field-" + std::to_string(i) + ": " + std::string(60, 'b') + "\r\n";
    c.send(req + "\r\n");
    EXPECT_EQ(c.read_all(), "");
  }
  {
    Client c(server.port());  // a long URL
    c.send("GET /" + std::string(3000, 'u') + " HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_EQ(c.read_all(), "");
  }
  {
    Client c(server.port());  // just under the limit is fine
    c.send("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\nX-Ok: " + std::string(1500, 'c') + "\r\n\r\n");
    EXPECT_EQ(status_line(c.read_all()), "HTTP/1.1 200 OK");
  }
}

TEST(HttpServer, GracefulStopFinishesInFlightRequest) {
  g_slow_started = false;
  TestServer server(small_limits(), echo);
  Client idle(server.port());  // an idle keep-alive connection must not hold up shutdown
  ASSERT_TRUE(idle.connected());
  std::string slow_response;
  std::thread client([&] {
    Client c(server.port());
    c.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
    slow_response = c.read_response();
  });
  for (int i = 0; i < 500 && !g_slow_started; ++i) std::this_thread::sleep_for(2ms);
  ASSERT_TRUE(g_slow_started);
  auto started = std::chrono::steady_clock::now();
  http::request_stop();
  EXPECT_EQ(server.join(), 0);
  auto took = std::chrono::steady_clock::now() - started;
  client.join();
  EXPECT_EQ(status_line(slow_response), "HTTP/1.1 200 OK");
  EXPECT_EQ(body_of(slow_response), "slow done");
  EXPECT_NE(slow_response.find("\r\nConnection: close\r\n"), std::string::npos) << slow_response;
  EXPECT_LT(took, 5s);
  Client late(server.port());
  EXPECT_FALSE(late.connected());  // no longer listening
}

TEST(HttpServer, SigtermStopsServer) {
  TestServer server(small_limits(), echo);
  std::raise(SIGTERM);  // the server's signal handler is installed while it runs
  EXPECT_EQ(server.join(), 0);
}

TEST(HttpServer, BindFailureReturnsNonZero) {
  TestServer first(small_limits(), echo);
  http::ServerOptions o = small_limits();
  o.port = first.port();
  bool listened = false;
  EXPECT_NE(http::run_server(o, echo, [&](std::uint16_t) { listened = true; }), 0);
  EXPECT_FALSE(listened);
  o.address = "not an address";
  EXPECT_NE(http::run_server(o, echo, nullptr), 0);
}
