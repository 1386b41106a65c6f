// Number and money formatting for people (text report, Slack). Pure, never fails.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "boostburn/metrics/money.hpp"

namespace boostburn {

// 1234567 -> "1,234,567".
std::string format_count(std::uint64_t value);

// "$1,234.56": cents, rounded half up, for amounts of $1 and more. Smaller
// amounts keep two significant digits so that they do not read as zero:
// "$0.42", "$0.0042", "$0.00000025"; below a nano-dollar "<$0.000000001".
// Zero is "$0.00"; negative amounts get a leading '-'.
std::string format_usd(Money amount);

// format_usd for "USD"; otherwise the same digits followed by the code,
// e.g. "1,234.56 EUR".
std::string format_money(Money amount, std::string_view currency);

}  // namespace boostburn
