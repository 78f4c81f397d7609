#pragma once
// Rendered content of public pages, shared by every visitor and signed-in user alike
// (it never holds a user's name, a CSRF token or a flash: see Context::shared_content).
// Bounded (least recently used entries go first) and short-lived: keys carry this process's
// write generations, so local writes are seen at once; writes by other processes on the same
// database are seen when an entry expires (kLifetime, about a second).
#include <chrono>
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "platform/render/value.hpp"

namespace samskap::web {

class PageCache {
 public:
  static constexpr auto kLifetime = std::chrono::milliseconds(1000);
  struct Entry {
    render::Value title;
    render::Value content;
  };
  explicit PageCache(std::size_t capacity, std::chrono::steady_clock::duration lifetime = kLifetime)
      : capacity_(capacity), lifetime_(lifetime) {}

  std::shared_ptr<const Entry> get(const std::string& key);
  void put(const std::string& key, std::shared_ptr<const Entry> entry);
  std::size_t size() const;

 private:
  struct Slot {
    std::shared_ptr<const Entry> entry;
    std::chrono::steady_clock::time_point stored;
    std::list<std::string>::iterator use;  // position in recent_
  };
  mutable std::mutex mutex_;
  std::size_t capacity_;
  std::chrono::steady_clock::duration lifetime_;
  std::unordered_map<std::string, Slot> slots_;
  std::list<std::string> recent_;  // most recently used first
};

}  // namespace samskap::web
