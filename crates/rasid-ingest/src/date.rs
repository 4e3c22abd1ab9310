//! Publication dates as the corpora write them.

use chrono::{DateTime, NaiveDate, NaiveDateTime};

/// Reads a publication time string into the date it names in its own time zone.
///
/// Accepts RFC 2822 (`Sun, 06 May 2018 16:20:14 +0400`), RFC 3339 / ISO 8601 with or
/// without a zone (`2017-01-20T21:43:00+01:00`, `2015-07-21 02:51:32`), plain dates
/// (`2015-07-21`, `2015/07/21`, `21/07/2015`) and compact `20180622`.
///
/// ```
/// use chrono::NaiveDate;
/// let d = rasid_ingest::parse_published("Sun, 06 May 2018 23:20:14 +0400").unwrap();
/// assert_eq!(d, NaiveDate::from_ymd_opt(2018, 5, 6).unwrap());
/// ```
pub fn parse_published(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.date_naive());
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.date_naive());
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, f) {
            return Some(d.date());
        }
    }
    for f in ["%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%d-%m-%Y", "%Y%m%d", "%d.%m.%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return Some(d);
        }
    }
    // A date followed by something we do not read (a zone name, say).
    if s.len() > 10 && s.is_char_boundary(10) {
        if let Ok(d) = NaiveDate::parse_from_str(&s[..10], "%Y-%m-%d") {
            return Some(d);
        }
    }
    None
}

/// A date written at the end of a file name, as news dumps often do:
/// `AL-internationalNews-1727-20180622.txt`, `report_2018-06-22.json`.
pub fn date_from_file_name(stem: &str) -> Option<NaiveDate> {
    let b = stem.as_bytes();
    let ok = |d: NaiveDate| (1900..=2100).contains(&chrono::Datelike::year(&d)).then_some(d);
    if b.len() >= 10 && stem.is_char_boundary(b.len() - 10) {
        if let Ok(d) = NaiveDate::parse_from_str(&stem[b.len() - 10..], "%Y-%m-%d") {
            return ok(d);
        }
    }
    if b.len() >= 8 && stem.is_char_boundary(b.len() - 8) {
        let tail = &stem[b.len() - 8..];
        let before = b.len().checked_sub(9).map(|i| b[i]);
        if tail.bytes().all(|c| c.is_ascii_digit()) && matches!(before, None | Some(b'-' | b'_' | b'.')) {
            if let Ok(d) = NaiveDate::parse_from_str(tail, "%Y%m%d") {
                return ok(d);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn corpus_formats() {
        assert_eq!(parse_published("Sun, 06 May 2018 16:20:14 +0400"), Some(d(2018, 5, 6)));
        assert_eq!(parse_published("2017-01-20T21:43:00+01:00"), Some(d(2017, 1, 20)));
        assert_eq!(parse_published("2015-07-21 02:51:32"), Some(d(2015, 7, 21)));
        assert_eq!(parse_published("2015-07-21"), Some(d(2015, 7, 21)));
        assert_eq!(parse_published("20180622"), Some(d(2018, 6, 22)));
        assert_eq!(parse_published("yesterday"), None);
        assert_eq!(parse_published(""), None);
    }

    #[test]
    fn local_date_is_kept_not_converted_to_utc() {
        assert_eq!(parse_published("Mon, 07 May 2018 01:30:00 +0400"), Some(d(2018, 5, 7)));
    }

    #[test]
    fn file_names() {
        assert_eq!(
            date_from_file_name("AL-internationalNews-1727-20180622"),
            Some(d(2018, 6, 22))
        );
        assert_eq!(date_from_file_name("report_2018-06-22"), Some(d(2018, 6, 22)));
        assert_eq!(date_from_file_name("article12345678"), None);
        assert_eq!(date_from_file_name("x-99999999"), None);
    }
}
