//! Calendar facts and the small text formats of the scenario: Indonesian national holidays
//! and cuti bersama 2024–2026 (built in, so a planner does not have to type them), weekday
//! names, clock-time windows and dates.

use crate::problem::{Minutes, Window};
use chrono::NaiveDate;
use std::sync::OnceLock;

/// What kind of day off a built-in holiday is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HolidayKind {
    /// Libur nasional: national public holiday.
    National,
    /// Cuti bersama: collective leave days declared around holidays; offices close.
    CutiBersama,
    /// Libur khusus pemilu: election days declared national days off.
    Election,
}

impl HolidayKind {
    pub fn name(self) -> &'static str {
        match self {
            HolidayKind::National => "libur_nasional",
            HolidayKind::CutiBersama => "cuti_bersama",
            HolidayKind::Election => "libur_khusus_pemilu",
        }
    }
}

/// One built-in holiday.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holiday {
    pub date: NaiveDate,
    pub name: &'static str,
    pub kind: HolidayKind,
}

const fn h(y: i32, m: u32, d: u32, name: &'static str, kind: HolidayKind) -> Holiday {
    let date = match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) => date,
        None => panic!("invalid date in the holiday table"),
    };
    Holiday { date, name, kind }
}

use HolidayKind::{CutiBersama, Election, National};

/// Indonesian national holidays (libur nasional), cuti bersama and the 2024 election days
/// off, 2024–2026, as decreed (SKB 3 Menteri and its amendments; Keppres for election days).
/// Public fact; cross-checked against several public holiday lists.
pub const HOLIDAYS: &[Holiday] = &[
    h(2024, 1, 1, "Tahun Baru 2024 Masehi", National),
    h(2024, 2, 8, "Isra Mi’raj Nabi Muhammad SAW", National),
    h(
        2024,
        2,
        9,
        "Cuti Bersama Tahun Baru Imlek 2575 Kongzili",
        CutiBersama,
    ),
    h(2024, 2, 10, "Tahun Baru Imlek 2575 Kongzili", National),
    h(2024, 2, 14, "Hari Pemilihan Umum", Election),
    h(
        2024,
        3,
        11,
        "Hari Suci Nyepi Tahun Baru Saka 1946",
        National,
    ),
    h(
        2024,
        3,
        12,
        "Cuti Bersama Hari Suci Nyepi Tahun Baru Saka 1946",
        CutiBersama,
    ),
    h(2024, 3, 29, "Wafat Yesus Kristus / Jumat Agung", National),
    h(2024, 3, 31, "Kebangkitan Yesus Kristus (Paskah)", National),
    h(
        2024,
        4,
        8,
        "Cuti Bersama Hari Raya Idul Fitri 1445 Hijriyah",
        CutiBersama,
    ),
    h(
        2024,
        4,
        9,
        "Cuti Bersama Hari Raya Idul Fitri 1445 Hijriyah",
        CutiBersama,
    ),
    h(2024, 4, 10, "Hari Raya Idul Fitri 1445 Hijriyah", National),
    h(2024, 4, 11, "Hari Raya Idul Fitri 1445 Hijriyah", National),
    h(
        2024,
        4,
        12,
        "Cuti Bersama Hari Raya Idul Fitri 1445 Hijriyah",
        CutiBersama,
    ),
    h(
        2024,
        4,
        15,
        "Cuti Bersama Hari Raya Idul Fitri 1445 Hijriyah",
        CutiBersama,
    ),
    h(2024, 5, 1, "Hari Buruh Internasional", National),
    h(2024, 5, 9, "Kenaikan Yesus Kristus", National),
    h(
        2024,
        5,
        10,
        "Cuti Bersama Kenaikan Yesus Kristus",
        CutiBersama,
    ),
    h(2024, 5, 23, "Hari Raya Waisak 2568 BE", National),
    h(
        2024,
        5,
        24,
        "Cuti Bersama Hari Raya Waisak 2568 BE",
        CutiBersama,
    ),
    h(2024, 6, 1, "Hari Lahir Pancasila", National),
    h(2024, 6, 17, "Hari Raya Idul Adha 1445 Hijriyah", National),
    h(2024, 6, 18, "Cuti Bersama Hari Raya Idul Adha", CutiBersama),
    h(2024, 7, 7, "Tahun Baru Islam 1446 Hijriyah", National),
    h(2024, 8, 17, "Hari Kemerdekaan Republik Indonesia", National),
    h(2024, 9, 16, "Maulid Nabi Muhammad SAW", National),
    h(2024, 11, 27, "Hari Pemilihan Kepala Daerah", Election),
    h(2024, 12, 25, "Hari Raya Natal", National),
    h(2024, 12, 26, "Cuti Bersama Hari Raya Natal", CutiBersama),
    h(2025, 1, 1, "Tahun Baru 2025 Masehi", National),
    h(2025, 1, 27, "Isra Mi’raj Nabi Muhammad SAW", National),
    h(
        2025,
        1,
        28,
        "Cuti Bersama Tahun Baru Imlek 2576 Kongzili",
        CutiBersama,
    ),
    h(2025, 1, 29, "Tahun Baru Imlek 2576 Kongzili", National),
    h(
        2025,
        3,
        28,
        "Cuti Bersama Hari Suci Nyepi Tahun Baru Saka 1947",
        CutiBersama,
    ),
    h(
        2025,
        3,
        29,
        "Hari Suci Nyepi Tahun Baru Saka 1947",
        National,
    ),
    h(2025, 3, 31, "Hari Raya Idul Fitri 1446 Hijriyah", National),
    h(2025, 4, 1, "Hari Raya Idul Fitri 1446 Hijriyah", National),
    h(
        2025,
        4,
        2,
        "Cuti Bersama Hari Raya Idul Fitri 1446 Hijriyah",
        CutiBersama,
    ),
    h(
        2025,
        4,
        3,
        "Cuti Bersama Hari Raya Idul Fitri 1446 Hijriyah",
        CutiBersama,
    ),
    h(
        2025,
        4,
        4,
        "Cuti Bersama Hari Raya Idul Fitri 1446 Hijriyah",
        CutiBersama,
    ),
    h(
        2025,
        4,
        7,
        "Cuti Bersama Hari Raya Idul Fitri 1446 Hijriyah",
        CutiBersama,
    ),
    h(2025, 4, 18, "Wafat Yesus Kristus / Jumat Agung", National),
    h(2025, 4, 20, "Kebangkitan Yesus Kristus (Paskah)", National),
    h(2025, 5, 1, "Hari Buruh Internasional", National),
    h(2025, 5, 12, "Hari Raya Waisak 2569 BE", National),
    h(
        2025,
        5,
        13,
        "Cuti Bersama Hari Raya Waisak 2569 BE",
        CutiBersama,
    ),
    h(2025, 5, 29, "Kenaikan Yesus Kristus", National),
    h(
        2025,
        5,
        30,
        "Cuti Bersama Kenaikan Yesus Kristus",
        CutiBersama,
    ),
    h(2025, 6, 1, "Hari Lahir Pancasila", National),
    h(2025, 6, 6, "Hari Raya Idul Adha 1446 Hijriyah", National),
    h(
        2025,
        6,
        9,
        "Cuti Bersama Hari Raya Idul Adha 1446 Hijriyah",
        CutiBersama,
    ),
    h(2025, 6, 27, "Tahun Baru Islam 1447 Hijriyah", National),
    h(2025, 8, 17, "Hari Kemerdekaan Republik Indonesia", National),
    h(
        2025,
        8,
        18,
        "Cuti Bersama Hari Kemerdekaan Republik Indonesia",
        CutiBersama,
    ),
    h(2025, 9, 5, "Maulid Nabi Muhammad SAW", National),
    h(2025, 12, 25, "Hari Raya Natal", National),
    h(2025, 12, 26, "Cuti Bersama Hari Raya Natal", CutiBersama),
    h(2026, 1, 1, "Tahun Baru 2026 Masehi", National),
    h(2026, 1, 16, "Isra Mi’raj Nabi Muhammad SAW", National),
    h(2026, 2, 16, "Cuti Bersama Tahun Baru Imlek", CutiBersama),
    h(2026, 2, 17, "Tahun Baru Imlek 2577 Kongzili", National),
    h(
        2026,
        3,
        18,
        "Cuti Bersama Hari Suci Nyepi Tahun Baru Saka 1948",
        CutiBersama,
    ),
    h(
        2026,
        3,
        19,
        "Hari Suci Nyepi Tahun Baru Saka 1948",
        National,
    ),
    h(
        2026,
        3,
        20,
        "Cuti Bersama Hari Raya Idul Fitri 1447 Hijriyah",
        CutiBersama,
    ),
    h(2026, 3, 21, "Hari Raya Idul Fitri 1447 Hijriyah", National),
    h(2026, 3, 22, "Hari Raya Idul Fitri 1447 Hijriyah", National),
    h(
        2026,
        3,
        23,
        "Cuti Bersama Hari Raya Idul Fitri 1447 Hijriyah",
        CutiBersama,
    ),
    h(
        2026,
        3,
        24,
        "Cuti Bersama Hari Raya Idul Fitri 1447 Hijriyah",
        CutiBersama,
    ),
    h(2026, 4, 3, "Wafat Yesus Kristus / Jumat Agung", National),
    h(2026, 4, 5, "Kebangkitan Yesus Kristus (Paskah)", National),
    h(2026, 5, 1, "Hari Buruh Internasional", National),
    h(2026, 5, 14, "Kenaikan Yesus Kristus", National),
    h(
        2026,
        5,
        15,
        "Cuti Bersama Kenaikan Yesus Kristus",
        CutiBersama,
    ),
    h(2026, 5, 27, "Hari Raya Idul Adha 1447 Hijriyah", National),
    h(
        2026,
        5,
        28,
        "Cuti Bersama Hari Raya Idul Adha 1447 Hijriyah",
        CutiBersama,
    ),
    h(2026, 5, 31, "Hari Raya Waisak 2570 BE", National),
    h(2026, 6, 1, "Hari Lahir Pancasila", National),
    h(2026, 6, 16, "Tahun Baru Islam 1448 Hijriyah", National),
    h(2026, 8, 17, "Hari Kemerdekaan Republik Indonesia", National),
    h(2026, 8, 25, "Maulid Nabi Muhammad SAW", National),
    h(2026, 12, 24, "Cuti Bersama Hari Raya Natal", CutiBersama),
    h(2026, 12, 25, "Hari Raya Natal", National),
];

/// First and last year covered by [`HOLIDAYS`].
pub const HOLIDAY_YEARS: (i32, i32) = (2024, 2026);

/// The built-in holidays as `(date, name)`, in date order.
pub fn builtin_holidays() -> &'static [(NaiveDate, &'static str)] {
    static TABLE: OnceLock<Vec<(NaiveDate, &'static str)>> = OnceLock::new();
    TABLE.get_or_init(|| HOLIDAYS.iter().map(|h| (h.date, h.name)).collect())
}

/// The built-in holiday on `date`, if any.
pub fn holiday_on(date: NaiveDate) -> Option<&'static Holiday> {
    HOLIDAYS
        .binary_search_by_key(&date, |h| h.date)
        .ok()
        .map(|i| &HOLIDAYS[i])
}

/// Weekday names as written in scenarios, Monday first.
pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Index (Monday = 0) of a weekday name; accepts `mon`, `Mon`, `monday`, and the Indonesian
/// `senin` .. `minggu`.
pub fn weekday(name: &str) -> Option<usize> {
    const LONG: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    const ID: [&str; 7] = [
        "senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu",
    ];
    let n = name.trim().to_lowercase();
    (0..7).find(|&i| n == WEEKDAYS[i] || n == LONG[i] || n == ID[i])
}

/// Splits a weekday list written as text: `sat`, `mon|tue`, `mon,tue` or `mon tue`.
pub fn split_weekdays(text: &str) -> Vec<String> {
    text.split(['|', ',', ' ', ';', '+'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// A clock time `HH:MM` (00:00 ..= 24:00) in minutes since midnight.
pub fn clock(text: &str) -> Option<Minutes> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.trim().parse().ok()?, m.trim().parse().ok()?);
    if m >= 60 || h > 24 || (h == 24 && m > 0) {
        return None;
    }
    Some(h * 60 + m)
}

/// Why a time window could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WindowError {
    /// Not of the form `HH:MM-HH:MM`.
    Format,
    /// The end is not after the start.
    EndNotAfterStart { open: Minutes, close: Minutes },
}

/// A window written `07:30-15:30` (also `07.30-15.30` and `07:30–15:30`).
pub fn window(text: &str) -> Result<Window, WindowError> {
    let t = text.trim().replace(['–', '—'], "-").replace('.', ":");
    let (a, b) = t.split_once('-').ok_or(WindowError::Format)?;
    let open = clock(a).ok_or(WindowError::Format)?;
    let close = clock(b).ok_or(WindowError::Format)?;
    if close <= open {
        return Err(WindowError::EndNotAfterStart { open, close });
    }
    Ok(Window::new(open, close))
}

/// A date written `2025-03-31`.
pub fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn idul_fitri_2025_is_a_holiday() {
        let h = holiday_on(d(2025, 3, 31)).expect("2025-03-31 is Idul Fitri");
        assert!(h.name.contains("Idul Fitri"));
        assert_eq!(h.kind, HolidayKind::National);
        assert_eq!(
            holiday_on(d(2025, 4, 2)).unwrap().kind,
            HolidayKind::CutiBersama
        );
        assert!(holiday_on(d(2025, 3, 5)).is_none());
    }

    #[test]
    fn election_days_2024_are_days_off() {
        for date in [d(2024, 2, 14), d(2024, 11, 27)] {
            assert_eq!(holiday_on(date).unwrap().kind, HolidayKind::Election);
        }
    }

    #[test]
    fn counts_per_year_match_the_decrees() {
        for (year, national, cuti) in [(2024, 17, 10), (2025, 17, 11), (2026, 17, 8)] {
            let of = |k| {
                HOLIDAYS
                    .iter()
                    .filter(|h| h.date.year() == year && h.kind == k)
                    .count()
            };
            assert_eq!(of(HolidayKind::National), national, "{year} national");
            assert_eq!(of(HolidayKind::CutiBersama), cuti, "{year} cuti bersama");
        }
        assert_eq!(HOLIDAYS.len(), 82);
    }

    #[test]
    fn table_is_sorted_without_duplicates() {
        assert!(HOLIDAYS.windows(2).all(|w| w[0].date < w[1].date));
        assert_eq!(builtin_holidays().len(), HOLIDAYS.len());
        assert!(
            HOLIDAYS
                .iter()
                .all(|h| { (HOLIDAY_YEARS.0..=HOLIDAY_YEARS.1).contains(&h.date.year()) })
        );
    }

    #[test]
    fn weekdays_and_windows_parse() {
        assert_eq!(weekday("Sat"), Some(5));
        assert_eq!(weekday("minggu"), Some(6));
        assert_eq!(weekday("satur"), None);
        assert_eq!(split_weekdays("mon|tue, wed"), vec!["mon", "tue", "wed"]);
        assert_eq!(window("07:30-15:30"), Ok(Window::new(450, 930)));
        assert_eq!(window("06.00 – 10.00"), Ok(Window::new(360, 600)));
        assert_eq!(
            window("15:00-07:00"),
            Err(WindowError::EndNotAfterStart {
                open: 900,
                close: 420
            })
        );
        assert_eq!(window("8-15"), Err(WindowError::Format));
        assert_eq!(window("25:00-26:00"), Err(WindowError::Format));
        assert_eq!(
            window("08:00-08:00"),
            Err(WindowError::EndNotAfterStart {
                open: 480,
                close: 480
            })
        );
    }
}
