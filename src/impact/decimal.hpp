#pragma once
// Exact numbers for the SROI engine: rationals on GMP big integers.
//
// Why rationals and not a fixed-point decimal: discounting divides by (1 + r)^t, and 1/1.04 has
// no finite decimal expansion, so any fixed number of decimals rounds before display. A 128-bit
// rational overflows too (the denominator of 1.04^-t is 26^t·4^t…; 26^28 already exceeds 2^128).
// GMP's mpq keeps every intermediate exact at any size, and rounding happens only in fixed().
#include <gmpxx.h>

#include <optional>
#include <string>
#include <string_view>

namespace samskap::impact {

class Exact {
 public:
  Exact() = default;
  Exact(long v) : q_(v) {}  // NOLINT: whole numbers convert implicitly
  Exact(int v) : q_(static_cast<long>(v)) {}
  static Exact fraction(long numerator, long denominator);

  // Reads a decimal as written in JSON ("12", "-0.25", "1.5e3"). Refuses anything else, and
  // numbers with more than max_digits significant digits, a magnitude beyond 10^±max_exponent or
  // more than max_decimals digits after the decimal mark, so input cannot make the arithmetic
  // arbitrarily large (every decimal place multiplies the size of the discounted sums).
  static std::optional<Exact> parse(std::string_view text, int max_digits = 30, int max_exponent = 30,
                                    int max_decimals = 30);

  Exact operator+(const Exact& o) const { return from(q_ + o.q_); }
  Exact operator-(const Exact& o) const { return from(q_ - o.q_); }
  Exact operator*(const Exact& o) const { return from(q_ * o.q_); }
  Exact operator/(const Exact& o) const;  // throws std::domain_error on division by zero
  Exact operator-() const { return from(-q_); }
  Exact& operator+=(const Exact& o) { q_ += o.q_; return *this; }
  Exact& operator-=(const Exact& o) { q_ -= o.q_; return *this; }
  Exact& operator*=(const Exact& o) { q_ *= o.q_; return *this; }
  bool operator==(const Exact& o) const { return q_ == o.q_; }
  bool operator!=(const Exact& o) const { return q_ != o.q_; }
  bool operator<(const Exact& o) const { return q_ < o.q_; }
  bool operator<=(const Exact& o) const { return q_ <= o.q_; }
  bool operator>(const Exact& o) const { return q_ > o.q_; }
  bool operator>=(const Exact& o) const { return q_ >= o.q_; }

  // this^n for n >= 0 (0^0 = 1).
  Exact pow(unsigned n) const;
  int sign() const { return sgn(q_); }
  bool is_zero() const { return sgn(q_) == 0; }

  // Rounded to `decimals` places, half away from zero, with '.' as decimal mark: "1234.57".
  // The only place where an Exact is rounded.
  std::string fixed(int decimals) const;
  // "numerator/denominator" in lowest terms, for tests and logs.
  std::string exact_text() const;

 private:
  static Exact from(mpq_class q) {
    Exact e;
    e.q_ = std::move(q);
    e.q_.canonicalize();
    return e;
  }
  mpq_class q_;
};

}  // namespace samskap::impact
