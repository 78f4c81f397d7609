#pragma once
// The HTTP server. Only server.cpp includes RESTinio.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "platform/http/request.hpp"

namespace samskap::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: pick a free port
  std::size_t threads = 2;
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body_bytes = 10 * 1024 * 1024;
  std::chrono::seconds idle_timeout{30};
  std::chrono::seconds request_timeout{60};
};

using Dispatch = std::function<Response(Request&)>;

// Serves until SIGTERM or SIGINT, then lets in-flight requests finish and returns 0.
// on_listen is called with the bound port once the socket listens.
int run_server(const ServerOptions& options, Dispatch dispatch,
               std::function<void(std::uint16_t port)> on_listen);

// Shuts down every run_server() running in this process as SIGTERM would, without signalling
// the process (tests, embedding). Thread-safe; does nothing when no server is running.
void request_stop();

}  // namespace samskap::http
