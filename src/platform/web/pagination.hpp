#pragma once
// Page numbers from the query (?side=N) and the pagination view model for lists.
#include <cstdint>
#include <string>

#include "platform/render/value.hpp"

namespace samskap::web {

class Context;

struct Page {
  std::int64_t number = 1;  // 1-based
  std::int64_t size = 50;
  std::int64_t offset() const { return (number - 1) * size; }
};

// Reads ?side=N (invalid or out-of-range values give page 1).
Page page_from_query(const Context& ctx, std::int64_t size = 50);

// {total, from, to, pages:[{number, href, current}], prev_href, next_href}, or nothing for one page.
render::Object pagination_view(const Context& ctx, const Page& page, std::int64_t total);

}  // namespace samskap::web
