#pragma once
// Collects parameters for SQL that is put together piece by piece (optional filters), owning the
// text values so the views in db::Param stay valid.
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "platform/db/database.hpp"

namespace samskap::db {

class Binder {
 public:
  void text(std::string s) {
    texts_.push_back(std::move(s));
    params_.emplace_back(std::string_view(texts_.back()));
  }
  void integer(std::int64_t i) { params_.emplace_back(i); }
  void null() { params_.emplace_back(nullptr); }
  // A parameter of another binder, which must outlive this one.
  void param(const Param& p) { params_.push_back(p); }
  const std::vector<Param>& params() const { return params_; }

 private:
  std::deque<std::string> texts_;  // a deque never moves its elements
  std::vector<Param> params_;
};

}  // namespace samskap::db
