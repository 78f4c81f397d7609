#include "platform/web/page_cache.hpp"

namespace samskap::web {

std::shared_ptr<const PageCache::Entry> PageCache::get(const std::string& key) {
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

void PageCache::put(const std::string& key, std::shared_ptr<const Entry> entry) {
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

std::size_t PageCache::size() const {
  std::lock_guard lock(mutex_);
  return slots_.size();
}

}  // namespace samskap::web
