#pragma once
// View models for forms: fields with their values and messages, and the error summary.
// A form that fails validation is rendered again from the same builder, so nothing the user
// typed is lost (except passwords, which are never echoed).
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/render/value.hpp"

namespace samskap::web {

class Context;

// Field errors from rules: (field name, catalogue key).
struct FieldErrors {
  std::vector<std::pair<std::string, std::string>> items;
  void add(std::string field, std::string key) { items.emplace_back(std::move(field), std::move(key)); }
  bool empty() const { return items.empty(); }
  bool has(std::string_view field) const {
    for (auto& [f, k] : items)
      if (f == field) return true;
    return false;
  }
};

struct FieldSpec {
  std::string name;
  std::string label_key;
  std::string type = "text";  // text, email, password, hidden, textarea …
  std::string value;
  std::string autocomplete = "off";
  std::string hint_key;
  bool required = true;
};

class FormView {
 public:
  FormView(const Context& ctx, std::string action, std::string submit_key);
  FormView& field(FieldSpec spec);
  FormView& errors(const FieldErrors& errors);
  // Prefixes element ids, for pages with several forms sharing field names.
  FormView& id_prefix(std::string prefix);
  // {action, submit, fields:[…], has_errors, errors:[{name, text}]}
  render::Object build() const;

 private:
  const Context& ctx_;
  std::string action_;
  std::string submit_key_;
  std::string prefix_;
  std::vector<FieldSpec> fields_;
  FieldErrors errors_;
};

}  // namespace samskap::web
