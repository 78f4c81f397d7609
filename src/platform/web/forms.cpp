#include "platform/web/forms.hpp"

#include "platform/web/app.hpp"

namespace samskap::web {

FormView::FormView(const Context& ctx, std::string action, std::string submit_key)
    : ctx_(ctx), action_(std::move(action)), submit_key_(std::move(submit_key)) {}

FormView& FormView::field(FieldSpec spec) {
  fields_.push_back(std::move(spec));
  return *this;
}

FormView& FormView::errors(const FieldErrors& errors) {
  for (auto& e : errors.items) errors_.items.push_back(e);
  return *this;
}

FormView& FormView::id_prefix(std::string prefix) {
  prefix_ = std::move(prefix);
  return *this;
}

render::Object FormView::build() const {
  render::Object form;
  form.set("action", action_);
  form.set("submit", ctx_.t(submit_key_));
  // Built as locals and moved in last: references into an Object do not survive insertions.
  render::List fields;
  fields.reserve(fields_.size());
  render::List summary;
  for (const auto& f : fields_) {
    render::Object o;
    const auto id = prefix_ + f.name;
    o.set("name", f.name);
    o.set("id", id);
    o.set("label", ctx_.t(f.label_key));
    o.set("type", f.type);
    if (f.type == "textarea") o.set("is_textarea", true);
    if (f.type != "password") o.set("value", f.value);
    o.set("autocomplete", f.autocomplete);
    if (f.required) o.set("required", true);
    std::string describedby;
    if (!f.hint_key.empty()) {
      o.set("hint", ctx_.t(f.hint_key));
      describedby = id + "-hint";
    }
    for (auto& [name, key] : errors_.items) {
      if (name != f.name) continue;
      auto text = ctx_.t(key);
      o.set("error", text);
      describedby += (describedby.empty() ? "" : " ") + id + "-error";
      render::Object s;
      s.set("id", id);
      s.set("text", std::move(text));
      summary.emplace_back(std::move(s));
      break;
    }
    if (!describedby.empty()) o.set("describedby", std::move(describedby));
    fields.emplace_back(std::move(o));
  }
  // Errors not tied to a shown field (e.g. "wrong e-mail or password") go to the summary only.
  for (auto& [name, key] : errors_.items) {
    bool shown = false;
    for (const auto& f : fields_) shown = shown || f.name == name;
    if (shown) continue;
    render::Object s;
    s.set("text", ctx_.t(key));
    summary.emplace_back(std::move(s));
  }
  if (!summary.empty()) form.set("has_errors", true);
  form.set("fields", std::move(fields));
  form.set("errors", std::move(summary));
  return form;
}

}  // namespace samskap::web
