// The HTTP server: RESTinio 0.6 underneath, our own Request/Response above.
// This is the only translation unit that includes RESTinio (it costs ~25 s to compile).
//
// Behaviour at the edges (RESTinio closes a connection on any parse error without writing a
// response, so the cases below are shaped by our http_parser callbacks in namespace detail):
//  - Malformed request (bad request line, bad header syntax, bad chunk): the connection is
//    closed (FIN) without a response. RESTinio offers no way to write a 400 there.
//  - A well-formed request with an HTTP major version other than 1: "505", connection closed.
//  - Request line or headers larger than max_header_bytes in total, a single field name or
//    value over it, or more than kMaxHeaderFields fields: connection closed without a response.
//  - Declared Content-Length over max_body_bytes: answered "413 Content Too Large" without
//    calling dispatch. Up to 4 x max_body_bytes the body is read and discarded first, so the
//    client sees the 413 and the connection stays usable; beyond that the 413 is sent at once
//    and the connection is closed (the unread body would otherwise be parsed as a request).
//  - Chunked body growing over max_body_bytes: connection closed without a response.
//  - A dispatch that throws: "500 Internal Server Error", logged.
//  - Timeouts: idle keep-alive and reading one request share idle_timeout; writing a response
//    and handling one share request_timeout. A timeout closes the connection.
//  - 204, 304 and 1xx responses carry neither body nor Content-Length; HEAD gets the headers
//    of the GET response with its Content-Length and no body.
//  - "Expect: 100-continue" is not answered (RESTinio cannot write an interim response); curl
//    then sends the body after its own 1 s wait. Browsers do not send it.
//
// Shutdown (SIGINT, SIGTERM or request_stop()): the listening socket closes at once; requests
// whose dispatch has started run to the end and their responses are written (with
// "Connection: close"); then the io_context stops, which drops idle keep-alive connections and
// requests still being received, and run_server returns 0. Requests still running after
// request_timeout are abandoned; a second signal stops at once.
// Port 0 binds an ephemeral port; on_listen receives the real one once the socket listens.
#include "platform/http/server.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <climits>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <restinio/asio_timer_manager.hpp>
#include <restinio/http_server.hpp>
#include <restinio/null_logger.hpp>
#include <restinio/traits.hpp>
#include <spdlog/spdlog.h>

#include "platform/http/form.hpp"

namespace samskap::http::detail {

// A pseudo header field our parser hooks attach to a request whose declared body is too large.
// A name starting with ':' cannot arrive from the network (http_parser rejects it), so a
// client cannot forge it.
constexpr std::string_view kOversizedField = ":samskap-oversized";
constexpr std::string_view kOversizedDrained = "drained";  // body read and discarded
constexpr std::string_view kOversizedSkipped = "skipped";  // body left unread: close after reply

// Cap on the number of header fields; also bounds the cost of the total-size check below.
constexpr std::size_t kMaxHeaderFields = 128;

// Same methods as RESTinio's default; its own type selects our parser callbacks.
struct HttpMethods : restinio::default_http_methods_t {};

// Output strategy tag: we write the status line and headers ourselves (see response_builder_t).
struct RawOutput {};

using ParserCtx = restinio::impl::http_parser_ctx_t;

ParserCtx& ctx_of(http_parser* parser) { return *static_cast<ParserCtx*>(parser->data); }

// Total size of the request target and leading header fields read so far.
// max_url_size carries our max_header_bytes (see make_limits), so it is the total budget.
bool headers_within_limit(const ParserCtx& ctx) {
  if (ctx.m_leading_headers_completed) return true;  // trailers: RESTinio's per-field limits apply
  std::size_t total = ctx.m_header.request_target().size();
  if (!ctx.m_last_was_value) total += ctx.m_current_field_name.size();
  ctx.m_header.for_each_field([&](const restinio::http_header_field_t& f) {
    total += f.name().size() + f.value().size() + 4;  // ": " and CRLF
  });
  return total <= ctx.m_limits.max_url_size();
}

int on_header_field(http_parser* parser, const char* at, std::size_t length) {
  int rc = restinio::impl::restinio_header_field_cb(parser, at, length);
  if (rc != 0) return rc;
  return headers_within_limit(ctx_of(parser)) ? 0 : -1;
}

int on_header_value(http_parser* parser, const char* at, std::size_t length) {
  int rc = restinio::impl::restinio_header_value_cb(parser, at, length);
  if (rc != 0) return rc;
  return headers_within_limit(ctx_of(parser)) ? 0 : -1;
}

int on_headers_complete(http_parser* parser) {
  ParserCtx& ctx = ctx_of(parser);
  // RESTinio leaves the request's version at 1.1 whatever was sent; record the real one.
  ctx.m_header.http_major(parser->http_major);
  ctx.m_header.http_minor(parser->http_minor);
  const std::uint64_t limit = ctx.m_limits.max_body_size();
  if (parser->content_length == ULLONG_MAX || parser->content_length <= limit)
    return restinio::impl::restinio_headers_complete_cb(parser);

  // Declared body too large: deliver the request without a body and let the handler answer 413.
  ctx.m_leading_headers_completed = true;
  const bool drain = parser->content_length / 4 <= limit;
  try {
    ctx.m_header.add_field(std::string(kOversizedField), std::string(drain ? kOversizedDrained : kOversizedSkipped));
  } catch (const std::exception&) {
    return -1;
  }
  return drain ? 0 : 1;  // 1: http_parser completes the message without reading the body
}

int on_body(http_parser* parser, const char* at, std::size_t length) {
  ParserCtx& ctx = ctx_of(parser);
  // While draining an oversized body nothing is stored, so the body stays empty.
  if (ctx.m_body.empty() && ctx.m_header.has_field(kOversizedField)) return 0;
  return restinio::impl::restinio_body_cb(parser, at, length);
}

}  // namespace samskap::http::detail

namespace restinio {

namespace impl {

// RESTinio builds its parser settings through this template, keyed by the traits' method
// mapper; specialising it for our mapper is how the hooks above replace RESTinio's callbacks.
template <>
inline http_parser_settings create_parser_settings<samskap::http::detail::HttpMethods>() noexcept {
  http_parser_settings s = create_parser_settings<default_http_methods_t>();
  s.on_header_field = &samskap::http::detail::on_header_field;
  s.on_header_value = &samskap::http::detail::on_header_value;
  s.on_headers_complete = &samskap::http::detail::on_headers_complete;
  s.on_body = &samskap::http::detail::on_body;
  return s;
}

}  // namespace impl

// A response builder that sends a ready-made head and body as one write group: no header
// objects, no copies, and full control over Content-Length (RESTinio's builders always add it).
template <>
class response_builder_t<samskap::http::detail::RawOutput> final {
 public:
  response_builder_t(http_status_line_t, impl::connection_handle_t connection, request_id_t request_id,
                     bool should_keep_alive)
      : connection_{std::move(connection)}, request_id_{request_id}, should_keep_alive_{should_keep_alive} {}

  response_builder_t(response_builder_t&&) = default;

  bool should_keep_alive() const noexcept { return should_keep_alive_; }

  void send(std::string head, std::string body, std::size_t status_line_size, bool keep_alive,
            write_status_cb_t after_write) {
    writable_items_container_t items;
    items.reserve(2);
    items.emplace_back(std::move(head));
    if (!body.empty()) items.emplace_back(std::move(body));
    write_group_t group{std::move(items)};
    group.status_line_size(status_line_size);
    if (after_write) group.after_write_notificator(std::move(after_write));
    auto connection = std::move(connection_);
    if (!connection) throw exception_t{"response already sent"};
    connection->write_response_parts(
        request_id_, response_output_flags_t{response_parts_attr_t::final_parts, response_connection_attr(keep_alive)},
        std::move(group));
  }

 private:
  impl::connection_handle_t connection_;
  request_id_t request_id_;
  bool should_keep_alive_;
};

}  // namespace restinio

namespace samskap::http {

namespace {

using detail::RawOutput;

// ---- shared state of one running server ----

struct ServerState {
  ServerState(Dispatch d, const ServerOptions& o, asio::io_context& io)
      : dispatch(std::move(d)), max_body_bytes(o.max_body_bytes), ioctx(io) {}

  Dispatch dispatch;
  const std::size_t max_body_bytes;
  asio::io_context& ioctx;
  std::atomic<std::size_t> in_flight{0};
  std::atomic<bool> stopping{false};
  std::atomic<bool> finished{false};

  // Stops the io_context once; later calls do nothing.
  void finish() {
    if (!finished.exchange(true)) ioctx.stop();
  }
};

// Counts a request from the moment dispatch is entered until its response is written (or the
// write fails); the last one to finish during shutdown stops the server.
class InFlight {
 public:
  explicit InFlight(std::shared_ptr<ServerState> s) : state_(std::move(s)) { state_->in_flight.fetch_add(1); }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;
  ~InFlight() {
    if (state_->in_flight.fetch_sub(1) == 1 && state_->stopping.load()) state_->finish();
  }

 private:
  std::shared_ptr<ServerState> state_;
};

// ---- request conversion ----

Method to_method(restinio::http_method_id_t m) {
  switch (m.raw_id()) {
    case HTTP_GET: return Method::get;
    case HTTP_HEAD: return Method::head;
    case HTTP_POST: return Method::post;
    case HTTP_PUT: return Method::put;
    case HTTP_PATCH: return Method::patch;
    case HTTP_DELETE: return Method::del;
    case HTTP_OPTIONS: return Method::options;
    default: return Method::other;
  }
}

std::string_view sv(restinio::string_view_t s) { return {s.data(), s.size()}; }

std::string lower(const std::string& s) {
  std::string out(s.size(), '\0');
  std::transform(s.begin(), s.end(), out.begin(),
                 [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
  return out;
}

std::string remote_address(const restinio::endpoint_t& ep) {
  auto addr = ep.address();
  if (addr.is_v6() && addr.to_v6().is_v4_mapped())
    addr = asio::ip::make_address_v4(asio::ip::v4_mapped, addr.to_v6());
  return addr.to_string();
}

Request to_request(restinio::request_t& req) {
  const auto& h = req.header();
  Request r;
  r.method = to_method(h.method());
  r.path = url_decode(sv(h.path()), false);
  r.query_string.assign(sv(h.query()));
  r.headers.reserve(h.fields_count());
  h.for_each_field([&](const restinio::http_header_field_t& f) { r.headers.emplace_back(lower(f.name()), f.value()); });
  // body() is only exposed as const, but the request object is ours alone from here on and
  // RESTinio never reads the body again: move it instead of copying a possibly large upload.
  r.body = std::move(const_cast<std::string&>(req.body()));
  r.remote_addr = remote_address(req.remote_endpoint());
  return r;
}

// A declared Content-Length above the limit (the parser hooks normally catch this first).
bool declared_length_over(const restinio::http_request_header_t& h, std::size_t limit) {
  auto v = h.try_get_field(restinio::string_view_t{"content-length"});
  if (!v) return false;
  std::uint64_t n = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec == std::errc::result_out_of_range) return true;
  return ec == std::errc() && n > limit;
}

// ---- response serialisation ----

// "Sun, 06 Nov 1994 08:49:37 GMT", recomputed at most once a second per thread.
std::string_view http_date() {
  static constexpr std::array<const char*, 7> kDays{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  thread_local std::time_t cached_at = -1;
  thread_local std::array<char, 40> buf{};
  thread_local std::size_t len = 0;
  std::time_t now = std::time(nullptr);
  if (now != cached_at) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    int n = std::snprintf(buf.data(), buf.size(), "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday % 7],
                          tm.tm_mday, kMonths[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    len = n > 0 ? static_cast<std::size_t>(n) : 0;
    cached_at = now;
  }
  return {buf.data(), len};
}

bool is_token_char(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool valid_header(std::string_view name, std::string_view value) {
  if (name.empty() || !std::all_of(name.begin(), name.end(), is_token_char)) return false;
  return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lx = (x >= 'A' && x <= 'Z') ? x - 'A' + 'a' : x;
           auto ly = (y >= 'A' && y <= 'Z') ? y - 'A' + 'a' : y;
           return lx == ly;
         });
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

struct Head {
  std::string text;
  std::size_t status_line_size = 0;
  bool send_body = true;
};

// Builds the status line and header block; may turn keep_alive off ("Connection: close").
Head build_head(Response& res, bool is_head, bool& keep_alive) {
  if (res.status < 100 || res.status > 999) {
    spdlog::error("dispatch returned invalid HTTP status {}; sending 500", res.status);
    res = Response::text(500, "Internal Server Error\n");
  }
  const int status = res.status;
  const bool bodiless_status = status < 200 || status == 204 || status == 304;

  Head head;
  std::string& out = head.text;
  std::size_t estimate = 128;
  for (const auto& [k, v] : res.headers) estimate += k.size() + v.size() + 4;
  out.reserve(estimate);

  auto reason = status_reason(status);
  out += "HTTP/1.1 ";
  out += static_cast<char>('0' + status / 100);
  out += static_cast<char>('0' + status / 10 % 10);
  out += static_cast<char>('0' + status % 10);
  out += ' ';
  out += reason;
  head.status_line_size = out.size();
  out += "\r\n";

  std::optional<std::string_view> head_length;  // an app's own Content-Length for HEAD
  bool has_date = false;
  for (const auto& [name, value] : res.headers) {
    if (!valid_header(name, value)) {
      spdlog::warn("dropping invalid response header \"{}\"", name);
      continue;
    }
    if (iequals(name, "connection")) {
      if (iequals(value, "close")) keep_alive = false;
      continue;
    }
    if (iequals(name, "content-length")) {
      if (is_head && res.body.empty() && all_digits(value)) head_length = value;
      continue;
    }
    if (iequals(name, "transfer-encoding")) continue;  // bodies are always sent whole
    if (iequals(name, "date")) has_date = true;
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  if (!has_date) {
    out += "Date: ";
    out += http_date();
    out += "\r\n";
  }
  out += keep_alive ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
  if (!bodiless_status) {
    out += "Content-Length: ";
    if (head_length)
      out += *head_length;
    else
      out += std::to_string(res.body.size());
    out += "\r\n";
  }
  out += "\r\n";
  head.send_body = !is_head && !bodiless_status;
  return head;
}

// ---- the RESTinio request handler ----

class Handler {
 public:
  explicit Handler(std::shared_ptr<ServerState> state) : state_(std::move(state)) {}

  restinio::request_handling_status_t operator()(restinio::request_handle_t req) const {
    auto in_flight = std::make_shared<InFlight>(state_);
    const auto& h = req->header();
    const bool is_head = h.method() == restinio::http_method_head();
    bool keep_alive = true;

    Response res;
    if (h.http_major() != 1) {  // http_parser accepts any single-digit version
      res = Response::text(505, "HTTP Version Not Supported\n");
      keep_alive = false;
    } else if (auto oversized = h.try_get_field(detail::kOversizedField)) {
      res = Response::text(413, "Request body too large\n");
      if (*oversized != detail::kOversizedDrained) keep_alive = false;  // the unread body follows
    } else if (declared_length_over(h, state_->max_body_bytes)) {
      res = Response::text(413, "Request body too large\n");
      keep_alive = false;
    } else {
      Request request = to_request(*req);
      try {
        res = state_->dispatch(request);
      } catch (const std::exception& e) {
        spdlog::error("unhandled exception for {} {}: {}", method_name(request.method), request.path, e.what());
        res = Response::text(500, "Internal Server Error\n");
      } catch (...) {
        spdlog::error("unhandled non-standard exception for {} {}", method_name(request.method), request.path);
        res = Response::text(500, "Internal Server Error\n");
      }
    }

    auto builder = req->create_response<RawOutput>();
    // During shutdown every response closes its connection, so clients move on.
    keep_alive = keep_alive && builder.should_keep_alive() && !state_->stopping.load();
    Head head = build_head(res, is_head, keep_alive);
    builder.send(std::move(head.text), head.send_body ? std::move(res.body) : std::string(), head.status_line_size,
                 keep_alive,
                 // Holding the counter until the write finished (or failed) keeps shutdown waiting.
                 [in_flight = std::move(in_flight)](const asio::error_code&) {});
    return restinio::request_accepted();
  }

 private:
  std::shared_ptr<ServerState> state_;
};

struct Traits : restinio::traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t, Handler> {
  using http_methods_mapper_t = detail::HttpMethods;
};

using HttpServer = restinio::http_server_t<Traits>;

restinio::incoming_http_msg_limits_t make_limits(const ServerOptions& o) {
  // max_url_size doubles as the total header budget checked by the parser hooks.
  return restinio::incoming_http_msg_limits_t{}
      .max_url_size(o.max_header_bytes)
      .max_field_name_size(o.max_header_bytes)
      .max_field_value_size(o.max_header_bytes)
      .max_field_count(detail::kMaxHeaderFields)
      .max_body_size(o.max_body_bytes);
}

// ---- shutdown control ----

class Control;
std::mutex g_controls_mutex;
std::vector<Control*> g_controls;

// Serialises shutdown on one strand: signals, request_stop() and the drain timer.
class Control {
 public:
  Control(asio::io_context& io, std::shared_ptr<ServerState> state, HttpServer& server, std::chrono::seconds grace)
      : strand_(asio::make_strand(io)), signals_(io), drain_timer_(io), state_(std::move(state)), server_(server),
        grace_(grace) {
    signals_.add(SIGINT);
    signals_.add(SIGTERM);
    wait_for_signal();
    std::lock_guard lock(g_controls_mutex);
    g_controls.push_back(this);
  }

  ~Control() {
    std::lock_guard lock(g_controls_mutex);
    g_controls.erase(std::remove(g_controls.begin(), g_controls.end(), this), g_controls.end());
  }

  Control(const Control&) = delete;
  Control& operator=(const Control&) = delete;

  void request_stop() {
    asio::post(strand_, [this] { begin_shutdown(); });
  }

 private:
  void wait_for_signal() {
    signals_.async_wait(asio::bind_executor(strand_, [this](const asio::error_code& ec, int signo) {
      if (ec) return;
      if (state_->stopping.load()) {
        spdlog::warn("signal {} during shutdown: stopping now", signo);
        state_->finish();
        return;
      }
      spdlog::info("signal {}: shutting down", signo);
      begin_shutdown();
      wait_for_signal();  // a second signal forces the stop
    }));
  }

  void begin_shutdown() {
    if (state_->stopping.exchange(true)) return;
    spdlog::info("HTTP server: no longer accepting; waiting for {} request(s) in progress", state_->in_flight.load());
    server_.close_async([this] { finish_if_idle(); },
                        [this](std::exception_ptr) {
                          spdlog::error("HTTP server: closing the listening socket failed");
                          state_->finish();
                        });
    drain_timer_.expires_after(grace_);
    drain_timer_.async_wait(asio::bind_executor(strand_, [this](const asio::error_code& ec) {
      if (ec) return;
      spdlog::warn("HTTP server: {} request(s) still running after {} s; stopping anyway", state_->in_flight.load(),
                   grace_.count());
      state_->finish();
    }));
  }

  void finish_if_idle() {
    if (state_->in_flight.load() == 0) state_->finish();
  }

  asio::strand<asio::io_context::executor_type> strand_;
  asio::signal_set signals_;
  asio::steady_timer drain_timer_;
  std::shared_ptr<ServerState> state_;
  HttpServer& server_;
  std::chrono::seconds grace_;
};

void run_io(asio::io_context& io) {
  for (;;) {
    try {
      io.run();
      return;
    } catch (const std::exception& e) {
      spdlog::error("HTTP server: exception escaped an I/O handler: {}", e.what());
    }
  }
}

}  // namespace

int run_server(const ServerOptions& options, Dispatch dispatch, std::function<void(std::uint16_t port)> on_listen) {
  asio::error_code ec;
  const auto address = asio::ip::make_address(options.address, ec);
  if (ec) {
    spdlog::error("HTTP server: invalid listen address '{}': {}", options.address, ec.message());
    return 1;
  }
  const std::size_t threads = std::max<std::size_t>(1, options.threads);

  asio::io_context io{static_cast<int>(threads)};
  auto state = std::make_shared<ServerState>(std::move(dispatch), options, io);
  std::uint16_t bound_port = 0;
  std::exception_ptr open_error;
  bool listen_failed = false;

  {
    HttpServer server{restinio::external_io_context(io), [&](auto& s) {
                        s.address(address)
                            .protocol(address.is_v6() ? asio::ip::tcp::v6() : asio::ip::tcp::v4())
                            .port(options.port)
                            .request_handler(state)
                            .incoming_http_msg_limits(make_limits(options))
                            .read_next_http_message_timelimit(options.idle_timeout)
                            .write_http_response_timelimit(options.request_timeout)
                            .handle_request_timeout(options.request_timeout)
                            .socket_options_setter([](restinio::socket_options_t& o) {
                              o.set_option(asio::ip::tcp::no_delay{true});
                            })
                            .acceptor_post_bind_hook([&bound_port](asio::ip::tcp::acceptor& acceptor) {
                              bound_port = acceptor.local_endpoint().port();
                            });
                      }};
    Control control{io, state, server, options.request_timeout};

    server.open_async(
        [&] {
          spdlog::info("HTTP server listening on {}:{} with {} thread(s)", options.address, bound_port, threads);
          if (!on_listen) return;
          try {
            on_listen(bound_port);
          } catch (const std::exception& e) {
            spdlog::error("HTTP server: on_listen failed: {}", e.what());
            listen_failed = true;
            state->finish();
          }
        },
        [&](std::exception_ptr e) {
          open_error = e;
          state->finish();
        });

    std::vector<std::thread> workers;
    workers.reserve(threads - 1);
    for (std::size_t i = 1; i < threads; ++i) workers.emplace_back([&io] { run_io(io); });
    run_io(io);
    for (auto& t : workers) t.join();
    state->finished.store(true);
  }  // the server closes here; idle keep-alive connections go with the io_context

  if (open_error) {
    try {
      std::rethrow_exception(open_error);
    } catch (const std::exception& e) {
      spdlog::error("HTTP server: cannot listen on {}:{}: {}", options.address, options.port, e.what());
    }
    return 1;
  }
  if (listen_failed) return 1;
  spdlog::info("HTTP server stopped");
  return 0;
}

void request_stop() {
  std::lock_guard lock(g_controls_mutex);
  for (Control* c : g_controls) c->request_stop();
}

}  // namespace samskap::http
