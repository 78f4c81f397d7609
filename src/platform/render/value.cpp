#include "platform/render/value.hpp"

namespace samskap::render {

Value& Object::operator[](std::string_view key) {
  for (auto& [k, v] : items_)
    if (k == key) return v;
  return items_.emplace_back(std::string(key), Value()).second;
}

const Value* Object::find(std::string_view key) const {
  for (const auto& [k, v] : items_)
    if (k == key) return &v;
  return nullptr;
}

Object& Object::set(std::string key, Value v) {
  for (auto& [k, existing] : items_) {
    if (k == key) {
      existing = std::move(v);
      return *this;
    }
  }
  items_.emplace_back(std::move(key), std::move(v));
  return *this;
}

List& Object::list(std::string key) {
  Value& slot = (*this)[key];
  if (auto l = slot.as_list_mut()) return *l;
  slot = Value(List{});
  return *slot.as_list_mut();
}

Object& Object::object(std::string key) {
  Value& slot = (*this)[key];
  if (auto o = slot.as_object_mut()) return *o;
  slot = Value(Object{});
  return *slot.as_object_mut();
}

bool Value::truthy() const {
  const Value& v = resolve();
  if (auto b = std::get_if<bool>(&v.v_)) return *b;
  if (auto s = std::get_if<std::string>(&v.v_)) return !s->empty();
  if (auto l = std::get_if<List>(&v.v_)) return !l->empty();
  return std::holds_alternative<Object>(v.v_);
}

}  // namespace samskap::render
