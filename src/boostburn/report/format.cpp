#include "boostburn/report/format.hpp"

namespace boostburn {
namespace {

constexpr int k_max_decimals = 9;  // nano-dollars, as in the snapshot

// "1234567.89" -> "1,234,567.89"; the text has no sign.
std::string group_thousands(std::string_view plain) {
  const auto point = plain.find('.');
  const std::string_view whole = plain.substr(0, point);
  std::string out;
  out.reserve(plain.size() + whole.size() / 3);
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i != 0 && (whole.size() - i) % 3 == 0) {
      out += ',';
    }
    out += whole[i];
  }
  if (point != std::string_view::npos) {
    out += plain.substr(point);
  }
  return out;
}

// Digits after leading zeros, e.g. "0.0042" -> 2.
std::size_t significant_digits(std::string_view plain) {
  const auto first = plain.find_first_not_of("0.");
  if (first == std::string_view::npos) {
    return 0;
  }
  std::size_t count = 0;
  for (std::size_t i = first; i < plain.size(); ++i) {
    count += plain[i] != '.';
  }
  return count;
}

// The unsigned amount as plain digits with the decimals chosen above, or ""
// when it is non-zero but below what k_max_decimals can show.
std::string amount_digits(Money magnitude) {
  std::string text = magnitude.to_decimal_string(2);
  if (magnitude >= Money::from_femto(1'000'000'000'000'000) || magnitude == Money()) {
    return text;
  }
  for (int decimals = 2; decimals <= k_max_decimals; ++decimals) {
    text = magnitude.to_decimal_string(decimals);
    if (significant_digits(text) >= 2) {
      return text;
    }
  }
  return significant_digits(text) == 0 ? std::string() : text;
}

std::string format_amount(Money amount, std::string_view prefix, std::string_view suffix) {
  const bool negative = amount < Money();
  const Money magnitude = negative ? -amount : amount;
  const std::string digits = amount_digits(magnitude);
  std::string out = negative ? "-" : "";
  if (digits.empty()) {
    out += "<";
    out += prefix;
    out += "0.000000001";
  } else {
    out += prefix;
    out += group_thousands(digits);
  }
  out += suffix;
  return out;
}

}  // namespace

std::string format_count(std::uint64_t value) {
  return group_thousands(std::to_string(value));
}

std::string format_usd(Money amount) {
  return format_amount(amount, "$", "");
}

std::string format_money(Money amount, std::string_view currency) {
  if (currency == "USD") {
    return format_usd(amount);
  }
  return format_amount(amount, "", " " + std::string(currency));
}

}  // namespace boostburn
