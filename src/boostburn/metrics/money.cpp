#include "boostburn/metrics/money.hpp"

#include <cstdint>
#include <limits>
#include <string>

namespace boostburn {
namespace {

// __extension__ keeps -Wpedantic quiet about the GCC 128-bit types.
__extension__ using UInt128 = unsigned __int128;

constexpr int k_max_money_decimals = 15;
constexpr int k_max_price_decimals = 9;
constexpr int k_max_per_thousand_decimals = 12;

constexpr UInt128 pow10(int exponent) {
  UInt128 value = 1;
  for (int i = 0; i < exponent; ++i) {
    value *= 10;
  }
  return value;
}

constexpr UInt128 k_max_int128 = (static_cast<UInt128>(1) << 127) - 1;

std::string quoted(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  out += text;
  out += '"';
  return out;
}

// Decimal digits of a non-negative 128-bit integer.
std::string digits_of(UInt128 value) {
  if (value == 0) {
    return "0";
  }
  std::string reversed;
  while (value != 0) {
    reversed += static_cast<char>('0' + static_cast<int>(value % 10));
    value /= 10;
  }
  return {reversed.rbegin(), reversed.rend()};
}

struct ParsedDecimal {
  bool negative = false;
  UInt128 scaled = 0;  // |value| * 10^scale
};

// Parses a plain decimal ("12", "0.035", "-3.5") exactly into an integer of
// units of 10^-scale. `limit` bounds the magnitude; errors say why the text was
// refused.
Result<ParsedDecimal> parse_decimal(std::string_view text, int scale, bool allow_negative,
                                    UInt128 limit) {
  if (text.empty()) {
    return fail(ErrorKind::config, "an empty value is not a decimal number");
  }
  ParsedDecimal out;
  std::string_view rest = text;
  if (rest.front() == '-' || rest.front() == '+') {
    if (rest.front() == '-') {
      if (!allow_negative) {
        return fail(ErrorKind::config, quoted(text) + " is negative; prices cannot be negative");
      }
      out.negative = true;
    } else {
      return fail(ErrorKind::config,
                  quoted(text) + " is not a decimal number (write it without a '+' sign)");
    }
    rest.remove_prefix(1);
  }
  const auto point = rest.find('.');
  const std::string_view whole = rest.substr(0, point);
  const std::string_view fraction =
      point == std::string_view::npos ? std::string_view() : rest.substr(point + 1);
  const auto all_digits = [](std::string_view part) {
    for (const char c : part) {
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  };
  if (!all_digits(whole) || !all_digits(fraction)) {
    if (rest.find_first_of("eE") != std::string_view::npos &&
        rest.find_first_of("0123456789") != std::string_view::npos) {
      return fail(ErrorKind::config,
                  quoted(text) + " uses an exponent; write it as a plain decimal such as 0.0035");
    }
    return fail(ErrorKind::config, quoted(text) + " is not a decimal number");
  }
  if (whole.empty() || (point != std::string_view::npos && fraction.empty())) {
    return fail(
        ErrorKind::config,
        quoted(text) + " is not a decimal number (write digits on both sides of the point)");
  }
  if (fraction.size() > static_cast<std::size_t>(scale)) {
    return fail(ErrorKind::config, quoted(text) + " has " + std::to_string(fraction.size()) +
                                       " decimals; at most " + std::to_string(scale) +
                                       " are supported");
  }
  const std::string too_large = quoted(text) + " is too large";
  UInt128 value = 0;
  for (const char c : whole) {
    const auto digit = static_cast<UInt128>(c - '0');
    if (value > (limit - digit) / 10) {
      return fail(ErrorKind::config, too_large);
    }
    value = value * 10 + digit;
  }
  // Scale up the whole part, then add the fraction padded to `scale` digits.
  const UInt128 unit = pow10(scale);
  if (value > limit / unit) {
    return fail(ErrorKind::config, too_large);
  }
  value *= unit;
  UInt128 fraction_value = 0;
  for (const char c : fraction) {
    fraction_value = fraction_value * 10 + static_cast<UInt128>(c - '0');
  }
  fraction_value *= pow10(scale - static_cast<int>(fraction.size()));
  if (value > limit - fraction_value) {
    return fail(ErrorKind::config, too_large);
  }
  out.scaled = value + fraction_value;
  if (out.scaled == 0) {
    out.negative = false;  // "-0" is zero
  }
  return out;
}

Result<PricePerMillion> parse_price(std::string_view text, int scale) {
  auto parsed = parse_decimal(text, scale, /*allow_negative=*/false,
                              static_cast<UInt128>(std::numeric_limits<std::int64_t>::max()));
  if (!parsed) {
    return tl::unexpected(parsed.error());
  }
  return PricePerMillion::from_nano(static_cast<std::int64_t>(parsed->scaled));
}

}  // namespace

std::string Money::to_decimal_string(int decimals) const {
  if (decimals < 0) {
    decimals = 0;
  } else if (decimals > k_max_money_decimals) {
    decimals = k_max_money_decimals;
  }
  const bool negative = m_femto < 0;
  // Magnitude without overflow, even for the most negative value.
  const UInt128 magnitude =
      negative ? static_cast<UInt128>(-(m_femto + 1)) + 1 : static_cast<UInt128>(m_femto);
  const UInt128 divisor = pow10(k_max_money_decimals - decimals);
  UInt128 rounded = magnitude / divisor;
  if (magnitude % divisor * 2 >= divisor) {
    ++rounded;  // half away from zero, since we round the magnitude
  }
  const UInt128 unit = pow10(decimals);
  std::string out;
  if (negative && rounded != 0) {
    out += '-';
  }
  out += digits_of(rounded / unit);
  if (decimals > 0) {
    const std::string fraction = digits_of(rounded % unit);
    out += '.';
    out.append(static_cast<std::size_t>(decimals) - fraction.size(), '0');
    out += fraction;
  }
  return out;
}

Result<Money> Money::parse(std::string_view text) {
  auto parsed = parse_decimal(text, k_max_money_decimals, /*allow_negative=*/true, k_max_int128);
  if (!parsed) {
    return tl::unexpected(parsed.error());
  }
  const auto magnitude = static_cast<Int128>(parsed->scaled);
  return Money(parsed->negative ? -magnitude : magnitude);
}

Result<PricePerMillion> PricePerMillion::parse(std::string_view text) {
  return parse_price(text, k_max_price_decimals);
}

Result<PricePerMillion> PricePerMillion::parse_per_thousand(std::string_view text) {
  // USD per 1K x 1000 = USD per 1M, so 10^-12 USD per 1K is 10^-9 USD per 1M:
  // parsing at 12 decimals yields nano-dollars per 1M directly.
  return parse_price(text, k_max_per_thousand_decimals);
}

std::string PricePerMillion::to_decimal_string() const {
  const auto unit = static_cast<std::uint64_t>(pow10(k_max_price_decimals));
  // Parsed prices are never negative, but from_nano() accepts any value.
  const std::uint64_t magnitude =
      m_nano < 0 ? 0 - static_cast<std::uint64_t>(m_nano) : static_cast<std::uint64_t>(m_nano);
  std::string out = m_nano < 0 ? "-" : "";
  out += std::to_string(magnitude / unit);
  if (magnitude % unit != 0) {
    std::string fraction = std::to_string(magnitude % unit);
    fraction.insert(0, static_cast<std::size_t>(k_max_price_decimals) - fraction.size(), '0');
    while (fraction.back() == '0') {
      fraction.pop_back();
    }
    out += '.';
    out += fraction;
  }
  return out;
}

}  // namespace boostburn
