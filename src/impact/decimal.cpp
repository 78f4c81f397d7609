#include "impact/decimal.hpp"

#include <stdexcept>

namespace samskap::impact {

Exact Exact::fraction(long numerator, long denominator) {
  if (denominator == 0) throw std::domain_error("division by zero");
  mpq_class q(numerator, denominator);
  q.canonicalize();
  return from(q);
}

std::optional<Exact> Exact::parse(std::string_view s, int max_digits, int max_exponent, int max_decimals) {
  std::size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  std::string digits;  // integer and fraction digits together
  int scale = 0;       // digits after the decimal mark
  bool any = false;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') digits += s[i++], any = true;
  if (i < s.size() && s[i] == '.') {
    ++i;
    bool frac = false;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') digits += s[i++], ++scale, frac = true;
    if (!frac) return std::nullopt;
  }
  if (!any && scale == 0) return std::nullopt;
  long exponent = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool eneg = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) eneg = s[i++] == '-';
    bool edig = false;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      exponent = exponent * 10 + (s[i++] - '0');
      edig = true;
      if (exponent > 10000) return std::nullopt;
    }
    if (!edig) return std::nullopt;
    if (eneg) exponent = -exponent;
  }
  if (i != s.size()) return std::nullopt;
  auto first = digits.find_first_not_of('0');
  if (first == std::string::npos) return Exact(0);
  auto last = digits.find_last_not_of('0');
  if (static_cast<int>(last - first + 1) > max_digits) return std::nullopt;
  // Magnitude check: the number is 0.digits × 10^(integer digits + exponent); keep it within ±max_exponent.
  long magnitude = static_cast<long>(digits.size()) - scale - static_cast<long>(first) + exponent;
  if (magnitude > max_exponent || magnitude < -max_exponent) return std::nullopt;

  // Decimal places the value really has: trailing zeros of the digits do not count.
  long trailing = static_cast<long>(digits.size() - 1 - last);
  if (scale - exponent - trailing > max_decimals) return std::nullopt;

  mpz_class num(digits, 10);
  long shift = exponent - scale;  // value = num × 10^shift
  mpz_class ten_pow;
  mpz_ui_pow_ui(ten_pow.get_mpz_t(), 10, static_cast<unsigned long>(shift < 0 ? -shift : shift));
  mpq_class q;
  if (shift >= 0) q = mpq_class(num * ten_pow);
  else q = mpq_class(num, ten_pow);
  q.canonicalize();
  if (negative) q = -q;
  return from(q);
}

Exact Exact::operator/(const Exact& o) const {
  if (o.is_zero()) throw std::domain_error("division by zero");
  return from(q_ / o.q_);
}

Exact Exact::pow(unsigned n) const {
  mpz_class num, den;
  mpz_pow_ui(num.get_mpz_t(), q_.get_num_mpz_t(), n);
  mpz_pow_ui(den.get_mpz_t(), q_.get_den_mpz_t(), n);
  mpq_class q(num, den);
  q.canonicalize();
  return from(q);
}

std::string Exact::fixed(int decimals) const {
  if (decimals < 0) decimals = 0;
  mpz_class scale;
  mpz_ui_pow_ui(scale.get_mpz_t(), 10, static_cast<unsigned long>(decimals));
  // |q| × 10^d, rounded half away from zero: floor((2·n·scale + d) / (2·d)).
  mpz_class n = abs(q_.get_num());
  const mpz_class& d = q_.get_den();
  mpz_class scaled = (2 * n * scale + d) / (2 * d);
  std::string digits = scaled.get_str(10);
  if (static_cast<int>(digits.size()) <= decimals) digits.insert(0, decimals + 1 - digits.size(), '0');
  std::string out;
  if (sgn(q_) < 0 && scaled != 0) out = "-";
  out += digits.substr(0, digits.size() - decimals);
  if (decimals > 0) out += "." + digits.substr(digits.size() - decimals);
  return out;
}

std::string Exact::exact_text() const { return q_.get_str(10); }

}  // namespace samskap::impact
