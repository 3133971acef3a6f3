//! Money: integer minor units plus an ISO 4217 currency code. Never floating point.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// An ISO 4217 currency code, three upper-case ASCII letters.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

impl Currency {
    pub const USD: Currency = Currency(*b"USD");
    pub const EUR: Currency = Currency(*b"EUR");
    pub const GBP: Currency = Currency(*b"GBP");

    /// Parses a code such as `usd` or `EUR` (case-insensitive, exactly three letters).
    pub fn new(code: &str) -> Result<Currency, MoneyError> {
        let b = code.trim().as_bytes();
        if b.len() != 3 || !b.iter().all(u8::is_ascii_alphabetic) {
            return Err(MoneyError::Currency(code.to_string()));
        }
        Ok(Currency([
            b[0].to_ascii_uppercase(),
            b[1].to_ascii_uppercase(),
            b[2].to_ascii_uppercase(),
        ]))
    }

    pub fn code(&self) -> &str {
        // Constructed only from ASCII letters.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// Digits after the decimal point (ISO 4217 minor unit).
    pub fn minor_digits(&self) -> u32 {
        match &self.0 {
            b"JPY" | b"KRW" | b"CLP" | b"ISK" | b"VND" | b"XAF" | b"XOF" | b"HUF" | b"TWD"
            | b"UGX" | b"PYG" => 0,
            b"KWD" | b"BHD" | b"OMR" | b"JOD" | b"TND" | b"LYD" | b"IQD" => 3,
            _ => 2,
        }
    }

    /// A symbol for tables, when one is unambiguous.
    pub fn symbol(&self) -> Option<&'static str> {
        match &self.0 {
            b"USD" => Some("$"),
            b"EUR" => Some("€"),
            b"GBP" => Some("£"),
            b"JPY" => Some("¥"),
            b"INR" => Some("₹"),
            _ => None,
        }
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Currency {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Currency::new(s)
    }
}

impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Currency::new(&s).map_err(serde::de::Error::custom)
    }
}

/// An amount of money: integer minor units (cents) and a currency.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    pub amount_minor: i64,
    pub currency: Currency,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("{0:?} is not a currency code (expected three letters such as USD)")]
    Currency(String),
    #[error("{0:?} is not an amount")]
    Amount(String),
    #[error("{0:?} has more decimals than {1} allows")]
    Precision(String, Currency),
    #[error("{0:?} is too large")]
    Overflow(String),
    #[error("cannot combine {0} and {1}")]
    Mismatch(Currency, Currency),
}

impl Money {
    pub const fn new(amount_minor: i64, currency: Currency) -> Money {
        Money {
            amount_minor,
            currency,
        }
    }

    pub const fn zero(currency: Currency) -> Money {
        Money {
            amount_minor: 0,
            currency,
        }
    }

    /// Parses a plain decimal (`12.5`, `-3`, `1299.00`) into minor units of `currency`.
    /// Rejects more decimals than the currency has, rather than rounding silently.
    pub fn parse_decimal(text: &str, currency: Currency) -> Result<Money, MoneyError> {
        let s = text.trim();
        let (neg, digits) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s.strip_prefix('+').unwrap_or(s)),
        };
        let (int, frac) = match digits.split_once('.') {
            Some((i, f)) => (i, f),
            None => (digits, ""),
        };
        let bad = || MoneyError::Amount(text.to_string());
        if (int.is_empty() && frac.is_empty())
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let places = currency.minor_digits() as usize;
        let frac_trimmed = frac.trim_end_matches('0');
        if frac_trimmed.len() > places {
            return Err(MoneyError::Precision(text.to_string(), currency));
        }
        let overflow = || MoneyError::Overflow(text.to_string());
        let mut minor: i64 = 0;
        for b in int.bytes() {
            minor = minor
                .checked_mul(10)
                .and_then(|m| m.checked_add(i64::from(b - b'0')))
                .ok_or_else(overflow)?;
        }
        for i in 0..places {
            let d = frac_trimmed
                .as_bytes()
                .get(i)
                .map_or(0, |b| i64::from(b - b'0'));
            minor = minor
                .checked_mul(10)
                .and_then(|m| m.checked_add(d))
                .ok_or_else(overflow)?;
        }
        Ok(Money::new(if neg { -minor } else { minor }, currency))
    }

    /// Adds two amounts of the same currency.
    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        if self.currency != other.currency {
            return Err(MoneyError::Mismatch(self.currency, other.currency));
        }
        let amount = self
            .amount_minor
            .checked_add(other.amount_minor)
            .ok_or_else(|| MoneyError::Overflow(format!("{self} + {other}")))?;
        Ok(Money::new(amount, self.currency))
    }

    /// The amount as a plain decimal string (`-12.50`), exact.
    pub fn decimal_string(&self) -> String {
        let places = self.currency.minor_digits();
        let abs = self.amount_minor.unsigned_abs();
        let sign = if self.amount_minor < 0 { "-" } else { "" };
        if places == 0 {
            return format!("{sign}{abs}");
        }
        let scale = 10u64.pow(places);
        format!(
            "{sign}{}.{:0width$}",
            abs / scale,
            abs % scale,
            width = places as usize
        )
    }

    /// For tables: `$1,234.50`, `-€3.00`, `1,234 JPY`-style with thousands separators.
    pub fn display(&self) -> String {
        let plain = self.decimal_string();
        let (sign, rest) = match plain.strip_prefix('-') {
            Some(r) => ("-", r),
            None => ("", plain.as_str()),
        };
        let (int, frac) = match rest.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (rest, None),
        };
        let mut grouped = String::with_capacity(int.len() + int.len() / 3);
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        let num = match frac {
            Some(f) => format!("{grouped}.{f}"),
            None => grouped,
        };
        match self.currency.symbol() {
            Some(sym) => format!("{sign}{sym}{num}"),
            None => format!("{sign}{num} {}", self.currency),
        }
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.decimal_string(), self.currency)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.decimal_string(), self.currency)
    }
}

/// `part / whole` in basis points (1% = 100), rounded half away from zero; `None` when `whole` is 0.
pub fn basis_points(part: i64, whole: i64) -> Option<i64> {
    if whole == 0 {
        return None;
    }
    let num = i128::from(part) * 10_000;
    let den = i128::from(whole);
    let q = num / den;
    let r = num % den;
    let adj = if (r * 2).abs() >= den.abs() {
        num.signum() * den.signum()
    } else {
        0
    };
    Some((q + adj) as i64)
}

/// `amount × rate_bp / 10 000`, rounded half away from zero: a percentage fee on minor units.
pub fn apply_bp(amount_minor: i64, rate_bp: i64) -> i64 {
    let num = i128::from(amount_minor) * i128::from(rate_bp);
    let q = num / 10_000;
    let r = num % 10_000;
    let adj = if r.abs() * 2 >= 10_000 {
        num.signum()
    } else {
        0
    };
    (q + adj) as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_plain_decimals() {
        let usd = Currency::USD;
        assert_eq!(
            Money::parse_decimal("12.5", usd).unwrap().amount_minor,
            1250
        );
        assert_eq!(Money::parse_decimal("-0.07", usd).unwrap().amount_minor, -7);
        assert_eq!(Money::parse_decimal("10", usd).unwrap().amount_minor, 1000);
        assert_eq!(Money::parse_decimal(".5", usd).unwrap().amount_minor, 50);
        assert_eq!(
            Money::parse_decimal("1.230", usd).unwrap().amount_minor,
            123
        );
        let jpy = Currency::new("jpy").unwrap();
        assert_eq!(
            Money::parse_decimal("1200", jpy).unwrap().amount_minor,
            1200
        );
        assert!(Money::parse_decimal("1.5", jpy).is_err());
        assert!(Money::parse_decimal("1.005", usd).is_err());
        assert!(Money::parse_decimal("12,99", usd).is_err());
        assert!(Money::parse_decimal("", usd).is_err());
        assert!(Money::parse_decimal("99999999999999999999", usd).is_err());
    }

    #[test]
    fn displays_with_symbols_and_groups() {
        assert_eq!(
            Money::new(123456789, Currency::USD).display(),
            "$1,234,567.89"
        );
        assert_eq!(Money::new(-5, Currency::EUR).display(), "-€0.05");
        assert_eq!(
            Money::new(1234, Currency::new("CHF").unwrap()).display(),
            "12.34 CHF"
        );
        assert_eq!(
            Money::new(1234, Currency::new("KWD").unwrap()).decimal_string(),
            "1.234"
        );
    }

    #[test]
    fn basis_points_round_half_away_from_zero() {
        assert_eq!(basis_points(1, 3), Some(3333));
        assert_eq!(basis_points(2, 3), Some(6667));
        assert_eq!(basis_points(-1, 8), Some(-1250));
        assert_eq!(basis_points(1, 0), None);
        assert_eq!(apply_bp(1000, 650), 65);
        assert_eq!(apply_bp(1050, 650), 68); // 68.25
        assert_eq!(apply_bp(1010, 650), 66); // 65.65
    }

    #[test]
    fn currency_codes() {
        assert_eq!(Currency::new(" usd ").unwrap(), Currency::USD);
        assert!(Currency::new("US").is_err());
        assert!(Currency::new("U$D").is_err());
        assert!(
            Money::new(1, Currency::USD)
                .checked_add(Money::new(1, Currency::EUR))
                .is_err()
        );
    }

    proptest! {
        #[test]
        fn decimal_round_trip(minor in -1_000_000_000_000i64..1_000_000_000_000i64) {
            for code in ["USD", "JPY", "KWD"] {
                let c = Currency::new(code).unwrap();
                let m = Money::new(minor, c);
                prop_assert_eq!(Money::parse_decimal(&m.decimal_string(), c).unwrap(), m);
            }
        }
    }
}
