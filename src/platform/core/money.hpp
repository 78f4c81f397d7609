#pragma once
// Money is stored as whole øre (integers). These read what people type in Norwegian forms
// ("150 000", "150 000,50", "1.500.000 kr", "kr 2 500") and write amounts back the same way.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace samskap::money {

// Kroner as typed → øre. Accepts spaces (also no-break and thin spaces) or dots as thousands
// separators, a comma (or a dot followed by exactly one or two digits) before øre, an optional
// "kr"/"NOK" before or after, and ",-". Negative amounts and more than two decimals give nullopt,
// as do amounts over 10^15 øre.
std::optional<std::int64_t> parse_kroner(std::string_view text);

// øre → "150 000" (whole kroner) or "150 000,50", with no-break spaces between thousands.
std::string format_kroner(std::int64_t ore);
// For form fields: like format_kroner but with plain spaces, so it reads back with parse_kroner.
std::string input_kroner(std::int64_t ore);

}  // namespace samskap::money
