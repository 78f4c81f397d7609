#pragma once
// The view model handed to templates: built in place and moved, never deep-copied.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace samskap::render {

class Value;
using List = std::vector<Value>;

// A small ordered map; lookups are linear (view objects have few keys).
class Object {
 public:
  Value& operator[](std::string_view key);  // inserts a null when missing
  const Value* find(std::string_view key) const;
  Object& set(std::string key, Value v);
  List& list(std::string key);     // creates an empty list when missing
  Object& object(std::string key); // creates an empty object when missing
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  void reserve(std::size_t n) { items_.reserve(n); }
  const std::vector<std::pair<std::string, Value>>& items() const { return items_; }

 private:
  std::vector<std::pair<std::string, Value>> items_;
};

class Value {
 public:
  // A borrowed value (e.g. the shared catalogue tree): not owned, must outlive rendering.
  struct Ref {
    const Value* target;
  };
  Value() : v_(std::monostate{}) {}
  Value(bool b) : v_(b) {}
  Value(std::string s) : v_(std::move(s)) {}
  Value(std::string_view s) : v_(std::string(s)) {}
  Value(const char* s) : v_(std::string(s)) {}
  Value(std::int64_t i) : v_(std::to_string(i)) {}
  Value(int i) : v_(std::to_string(i)) {}
  Value(List l) : v_(std::move(l)) {}
  Value(Object o) : v_(std::move(o)) {}
  Value(Ref r) : v_(r) {}

  bool is_null() const { return std::holds_alternative<std::monostate>(resolve().v_); }
  const std::string* as_string() const { return std::get_if<std::string>(&resolve().v_); }
  const List* as_list() const { return std::get_if<List>(&resolve().v_); }
  const Object* as_object() const { return std::get_if<Object>(&resolve().v_); }
  Object* as_object_mut() { return std::get_if<Object>(&v_); }
  List* as_list_mut() { return std::get_if<List>(&v_); }
  const bool* as_bool() const { return std::get_if<bool>(&resolve().v_); }
  // Mustache truthiness: null, false, "" and [] are false.
  bool truthy() const;
  const Value& resolve() const {
    const Value* v = this;
    while (auto r = std::get_if<Ref>(&v->v_)) v = r->target;
    return *v;
  }

 private:
  std::variant<std::monostate, bool, std::string, List, Object, Ref> v_;
};

}  // namespace samskap::render
