//! Calendar dates, for waiver expiries: parsed strictly, so a date that does not exist
//! (`2026-02-30`, `soon`) is refused where it is written instead of becoming a waiver that never
//! lapses.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

/// A calendar date (proleptic Gregorian), written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// Today (UTC); `RAMPART_TODAY` (a date) overrides it for reproducible runs.
    pub fn today() -> anyhow::Result<Date> {
        if let Ok(today) = std::env::var("RAMPART_TODAY") {
            return today.parse().map_err(|e| anyhow::anyhow!("RAMPART_TODAY: {e}"));
        }
        let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
        let (year, month, day) = civil_from_days((secs / 86_400) as i64);
        Ok(Date { year: year as u16, month: month as u8, day: day as u8 })
    }
}

impl FromStr for Date {
    type Err = String;
    fn from_str(s: &str) -> Result<Date, String> {
        let invalid = || format!("{s:?} is not a date: expected YYYY-MM-DD");
        let bytes = s.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(invalid());
        }
        let number = |r: std::ops::Range<usize>| -> Result<u16, String> {
            let part = &s[r];
            if !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid());
            }
            part.parse().map_err(|_| invalid())
        };
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return Err(format!("{s:?} is not a date: there is no month {month}")),
        };
        if day == 0 || day > days_in_month {
            return Err(format!("{s:?} is not a date: month {month} of {year} has {days_in_month} days"));
        }
        Ok(Date { year, month: month as u8, day: day as u8 })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_validated() {
        for good in ["2026-01-01", "2024-02-29", "2000-02-29", "2026-12-31"] {
            assert_eq!(good.parse::<Date>().unwrap().to_string(), good);
        }
        for bad in
            ["soon", "2026-13-45", "2026-02-29", "1900-02-29", "2026-04-31", "2026-1-01", "26-01-01", "2026-00-10"]
        {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
        assert!("2026-01-02".parse::<Date>().unwrap() > "2025-12-31".parse::<Date>().unwrap());
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_454), (2026, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
