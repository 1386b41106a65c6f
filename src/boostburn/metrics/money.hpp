// Exact money. No binary floating point anywhere in the money path.
//
// Money counts femto-dollars (1e-15 USD) in a signed 128-bit integer.
// PricePerMillion is an exact decimal price in USD per 1M tokens, held as
// nano-dollars per 1M tokens (so up to 9 decimals per 1M, i.e. 12 per 1K).
// tokens x price is therefore exact: femto = tokens * nano_per_million.
// Amounts are rounded once, when written (to_decimal_string), half up.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "boostburn/util/result.hpp"

namespace boostburn {

// Signed 128-bit integer (a GCC/Clang extension; __extension__ keeps -Wpedantic quiet).
__extension__ using Int128 = __int128;

class Money {
 public:
  constexpr Money() = default;
  static constexpr Money from_femto(Int128 femto) { return Money(femto); }

  [[nodiscard]] constexpr Int128 femto() const { return m_femto; }
  Money& operator+=(Money other) {
    m_femto += other.m_femto;
    return *this;
  }
  Money& operator-=(Money other) {
    m_femto -= other.m_femto;
    return *this;
  }
  friend Money operator+(Money a, Money b) { return a += b; }
  friend Money operator-(Money a, Money b) { return a -= b; }
  friend Money operator-(Money a) { return Money(-a.m_femto); }
  friend constexpr auto operator<=>(Money, Money) = default;

  // Rounded half away from zero to `decimals` places (0..15), e.g.
  // to_decimal_string(9) == "82.165727385". No currency sign, no grouping.
  [[nodiscard]] std::string to_decimal_string(int decimals = 9) const;
  // Parses a plain decimal ("82.165727385", "-0.5", "3") exactly; more than 15
  // decimals, exponents or junk are errors.
  static Result<Money> parse(std::string_view text);

 private:
  constexpr explicit Money(Int128 femto) : m_femto(femto) {}
  Int128 m_femto = 0;
};

class PricePerMillion {
 public:
  constexpr PricePerMillion() = default;
  static constexpr PricePerMillion from_nano(std::int64_t nano) { return PricePerMillion(nano); }
  // Exact decimal text, e.g. "3.75", "0.035", "6". Negative values, exponents,
  // more than 9 decimals or junk are errors.
  static Result<PricePerMillion> parse(std::string_view text);
  // The original format's per-1K price ("0.003" -> 3 per 1M); up to 12 decimals.
  static Result<PricePerMillion> parse_per_thousand(std::string_view text);

  [[nodiscard]] constexpr std::int64_t nano() const { return m_nano; }
  [[nodiscard]] Money cost_of(std::uint64_t tokens) const {
    return Money::from_femto(static_cast<Int128>(tokens) * m_nano);
  }
  [[nodiscard]] std::string to_decimal_string() const;  // shortest exact form, "3.75"
  friend constexpr auto operator<=>(PricePerMillion, PricePerMillion) = default;

 private:
  constexpr explicit PricePerMillion(std::int64_t nano) : m_nano(nano) {}
  std::int64_t m_nano = 0;
};

}  // namespace boostburn
