#pragma once
// Rendered content of pages, shared by every visitor and signed-in user alike (it never holds a
// user's name, a CSRF token or a flash: see Context::shared_content).
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

template <class T>
class ExpiringCache {
 public:
  using Entry = T;
  static constexpr auto kLifetime = std::chrono::milliseconds(1000);
  explicit ExpiringCache(std::size_t capacity, std::chrono::steady_clock::duration lifetime = kLifetime)
      : capacity_(capacity), lifetime_(lifetime) {}

  std::shared_ptr<const Entry> get(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto it = slots_.find(key);
    if (it == slots_.end()) return nullptr;
    if (std::chrono::steady_clock::now() - it->second.stored >= lifetime_) {
      recent_.erase(it->second.use);
      slots_.erase(it);
      return nullptr;
    }
    recent_.splice(recent_.begin(), recent_, it->second.use);
    return it->second.entry;
  }

  void put(const std::string& key, std::shared_ptr<const Entry> entry) {
    if (capacity_ == 0) return;
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (auto it = slots_.find(key); it != slots_.end()) {
      it->second.entry = std::move(entry);
      it->second.stored = now;
      recent_.splice(recent_.begin(), recent_, it->second.use);
      return;
    }
    while (slots_.size() >= capacity_) {
      slots_.erase(recent_.back());
      recent_.pop_back();
    }
    recent_.push_front(key);
    slots_.emplace(key, Slot{std::move(entry), now, recent_.begin()});
  }

  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return slots_.size();
  }

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

// A page's title and its content rendered with Context::shared_content.
struct SharedPage {
  render::Value title;
  render::Value content;
};
using PageCache = ExpiringCache<SharedPage>;

}  // namespace samskap::web
