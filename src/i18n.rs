//! Words of the reports in the planners' language: English (default) or Bahasa Indonesia.
//!
//! One table of labels keyed by a short name; every human-facing report (the terminal
//! summary, the monthly Markdown plans, report.html) asks [`Lang::t`] or [`Lang::fill`], and
//! writes numbers, dates and clock times through [`Lang`] (`12.345`, `19,3`, `07.30`,
//! `Kamis, 2 Januari 2025` in Indonesian). Files for other programs (CSV, JSON) stay in
//! English whatever the language.

use crate::problem::{Minutes, hhmm};
use chrono::{Datelike, NaiveDate};
use std::fmt::{Display, Write};
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Id,
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "en" | "english" => Ok(Lang::En),
            "id" | "indonesian" | "bahasa" => Ok(Lang::Id),
            _ => Err(format!("unknown language `{s}`: use `en` or `id`")),
        }
    }
}

/// (key, English, Bahasa Indonesia)
const LABELS: &[(&str, &str, &str)] = &[
    ("plan_for", "Plan for", "Rencana untuk"),
    ("strategy", "Strategy", "Strategi"),
    ("seed", "Seed", "Seed"),
    (
        "expected_activations",
        "Expected activations (teams)",
        "Perkiraan aktivasi (tim)",
    ),
    (
        "walk_ins",
        "Walk-in activations (office)",
        "Aktivasi di kantor (datang sendiri)",
    ),
    (
        "activated_at_start",
        "Activated at start",
        "Sudah aktif di awal",
    ),
    (
        "forecast_share",
        "Forecast share at end",
        "Perkiraan persentase di akhir",
    ),
    ("target_share", "Target share", "Target persentase"),
    ("target_met", "Target met", "Target tercapai"),
    ("target_date", "Target reached on", "Target tercapai pada"),
    ("not_reached", "not reached", "tidak tercapai"),
    ("yes", "yes", "ya"),
    ("no", "no", "tidak"),
    (
        "travel_share",
        "Travel share of team time",
        "Porsi waktu perjalanan tim",
    ),
    ("visits", "Visits", "Kunjungan"),
    (
        "team_days",
        "Team-days in the field",
        "Hari-tim di lapangan",
    ),
    ("km", "Distance driven (km)", "Jarak tempuh (km)"),
    ("cost", "Cost (Rp)", "Biaya (Rp)"),
    ("bound", "Upper bound", "Batas atas"),
    ("gap", "Gap to bound", "Selisih ke batas atas"),
    ("runtime", "Runtime (s)", "Waktu hitung (detik)"),
    ("district", "District", "Kecamatan"),
    ("districts", "Coverage by district", "Cakupan per kecamatan"),
    ("sites", "Sites", "Lokasi"),
    ("visited", "Visited", "Dikunjungi"),
    ("pool", "Unactivated", "Belum aktivasi"),
    ("coverage", "Coverage", "Cakupan"),
    ("floor", "Equity floor", "Batas minimum"),
    ("floor_met", "met", "tercapai"),
    ("floor_short", "not met", "belum tercapai"),
    ("date", "Date", "Tanggal"),
    ("team", "Team", "Tim"),
    ("site", "Site", "Lokasi"),
    ("arrive", "Arrive", "Tiba"),
    ("start", "Start", "Mulai"),
    ("end", "End", "Selesai"),
    ("stay", "Stay", "Lama"),
    ("depart", "Leave base", "Berangkat"),
    ("back", "Back at base", "Kembali"),
    ("travel", "Travel (min)", "Perjalanan (menit)"),
    ("month_total", "Month total", "Total bulan ini"),
    (
        "map",
        "Map of bases, sites and routes",
        "Peta kantor, lokasi dan rute",
    ),
    (
        "cumulative",
        "Activated residents over the horizon",
        "Penduduk teraktivasi sepanjang periode",
    ),
    ("target_line", "target", "target"),
    ("forecast_line", "forecast", "perkiraan"),
    ("calendar", "Calendar per team", "Kalender per tim"),
    ("base", "Base", "Kantor"),
    (
        "report_title",
        "jemput plan report",
        "Laporan rencana jemput bola",
    ),
    (
        "legend_coverage",
        "Circle size: unactivated residents; colour: share activated by the plan",
        "Ukuran lingkaran: penduduk belum aktivasi; warna: porsi yang diaktivasi oleh rencana",
    ),
    ("activations", "activations", "aktivasi"),
    ("no_visits", "no visits", "tidak ada kunjungan"),
    (
        "weekday_names",
        "Mon Tue Wed Thu Fri Sat Sun",
        "Sen Sel Rab Kam Jum Sab Min",
    ),
    // Dates in words (Markdown plans).
    (
        "weekday_long_names",
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
        "Senin Selasa Rabu Kamis Jumat Sabtu Minggu",
    ),
    (
        "month_names",
        "January February March April May June July August September October November December",
        "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember",
    ),
    // Weekday, day, month, year.
    ("long_date", "{} {} {} {}", "{}, {} {} {}"),
    // Terminal summary (`jemput plan`, `jemput evaluate`).
    ("sum_scenario", "Scenario", "Skenario"),
    ("sum_strategy_value", "{} (seed {})", "{} (seed {})"),
    ("sum_horizon", "Horizon", "Periode"),
    ("sum_horizon_range", "{} .. {}", "{} s.d. {}"),
    (
        "sum_horizon_value",
        "{}, {} teams, {} sites",
        "{}, {} tim, {} lokasi",
    ),
    ("sum_expected", "Expected activations", "Perkiraan aktivasi"),
    (
        "sum_expected_value",
        "{} (objective {})",
        "{} (nilai objektif {})",
    ),
    ("sum_bound_gap", "{} (gap {} %)", "{} (selisih {}%)"),
    ("sum_not_computed", "not computed", "tidak dihitung"),
    ("sum_forecast", "Forecast share", "Perkiraan capaian"),
    (
        "sum_forecast_value",
        "{} % of {} eligible (target {} %: {})",
        "{}% dari {} penduduk wajib KTP (target {}%: {})",
    ),
    ("sum_met", "met", "tercapai"),
    ("sum_not_met", "not met", "belum tercapai"),
    (
        "sum_from_start",
        "  from start / walk-ins",
        "  sudah aktif / datang ke kantor",
    ),
    (
        "sum_needed",
        "  needed from teams",
        "  masih perlu dari tim",
    ),
    (
        "sum_not_within",
        "not within the horizon",
        "tidak dalam periode rencana",
    ),
    (
        "sum_visits",
        "Visits / team-days",
        "Kunjungan / hari kerja tim",
    ),
    (
        "sum_visits_value",
        "{} / {} ({} of {} sites visited)",
        "{} / {} ({} dari {} lokasi dikunjungi)",
    ),
    ("sum_travel", "Travel share", "Porsi perjalanan"),
    (
        "sum_travel_value",
        "{} % ({} h driving, {} h on site, {} h waiting)",
        "{}% ({} jam di jalan, {} jam di lokasi, {} jam menunggu)",
    ),
    ("sum_idle", "Idle team time", "Waktu tim menganggur"),
    (
        "sum_idle_value",
        "{} h of shift left on {} field days; {} team-days not sent out",
        "{} jam sisa shift pada {} hari lapangan; {} hari-tim tanpa tugas",
    ),
    ("sum_distance", "Distance / cost", "Jarak / biaya"),
    ("sum_distance_value", "{} km / Rp {}", "{} km / Rp {}"),
    (
        "sum_left_out",
        "Left out (unvisited.csv)",
        "Tidak dikunjungi (unvisited.csv)",
    ),
    ("sum_run", "Run", "Waktu hitung"),
    (
        "sum_run_value",
        "{} s, {} iterations, {} thread(s){}",
        "{} detik, {} iterasi, {} thread{}",
    ),
    ("sum_limit", ", limit {} s", ", batas {} detik"),
    ("sum_pool", "Pool", "Belum aktivasi"),
    ("sum_expected_col", "Expected", "Perkiraan"),
    // Why a site is left out: the code stays in unvisited.csv, so the words name it.
    (
        "reason_nothing_left",
        "nothing-left",
        "semua sudah teraktivasi (nothing-left)",
    ),
    (
        "reason_no_capacity",
        "no-capacity",
        "tidak bisa melayani (no-capacity)",
    ),
    (
        "reason_never_open",
        "never-open",
        "tidak pernah buka (never-open)",
    ),
    (
        "reason_out_of_reach",
        "out-of-reach",
        "di luar jangkauan (out-of-reach)",
    ),
    (
        "reason_max_visits",
        "max-visits",
        "batas kunjungan tercapai (max-visits)",
    ),
    (
        "reason_no_kit_in_reach",
        "no-kit-in-reach",
        "tanpa sinyal, kit konektivitas tidak terjangkau (no-kit-in-reach)",
    ),
    ("reason_low_yield", "low-yield", "hasil rendah (low-yield)"),
    ("reason_no_room", "no-room", "jadwal tim penuh (no-room)"),
    // Why a team-day is not sent out (`report::summary::IDLE_REASONS`).
    (
        "sum_idle_why",
        "  not sent out, why",
        "  tanpa tugas, sebab",
    ),
    (
        "idle_nothing_in_reach",
        "nothing in reach",
        "tidak ada lokasi terjangkau",
    ),
    (
        "idle_no_signal",
        "only no-signal sites left",
        "sisa lokasi tanpa sinyal",
    ),
    (
        "idle_sites_at_limit",
        "sites in reach at visit limit or gap",
        "lokasi di batas kunjungan/jeda",
    ),
    (
        "idle_left_unused",
        "left unused with a site free",
        "tidak dipakai, ada lokasi",
    ),
    (
        "plan_wrote",
        "Wrote {} files to {} (open report.html; edit plan.csv and re-check it with `jemput evaluate`).",
        "{} berkas ditulis ke {} (buka report.html; ubah plan.csv lalu periksa lagi dengan `jemput evaluate`).",
    ),
    (
        "eval_ok",
        "{}: all rules hold ({} visits on {} team-days).",
        "{}: semua aturan terpenuhi ({} kunjungan dalam {} hari kerja tim).",
    ),
    (
        "eval_broken",
        "{}: {} rule(s) broken:",
        "{}: {} aturan dilanggar:",
    ),
    // Monthly Markdown plans.
    ("md_title", "{} — plan for {}", "{} — jadwal jemput bola {}"),
    (
        "md_intro",
        "Strategy `{}`, seed {}. Expected activations are forecasts of the response model.",
        "Strategi `{}`, seed {}. Perkiraan aktivasi dihitung dengan model respons, bukan angka pasti.",
    ),
    ("md_totals", "Month totals", "Total bulan ini"),
    ("md_team_days", "Team-days", "Hari kerja tim"),
    ("md_km", "Km", "Km"),
    ("md_code", "Code", "Kode"),
    (
        "md_share",
        "Forecast activated share at the end of the month: {} % (target {} %).",
        "Perkiraan capaian aktivasi IKD di akhir bulan: {}% (target {}%).",
    ),
    (
        "md_no_visits",
        "No visits are planned this month.",
        "Tidak ada kunjungan yang direncanakan bulan ini.",
    ),
    (
        "md_trip",
        "{} leaves {} at {}, back at {}",
        "Tim {} berangkat dari {} pukul {}, kembali pukul {}",
    ),
    (
        "kit_day",
        "with a connectivity kit",
        "membawa kit konektivitas",
    ),
    (
        "kit_legend",
        "Days outlined in orange: the team carries a connectivity kit.",
        "Hari bergaris jingga: tim membawa kit konektivitas.",
    ),
    (
        "md_trip_kit",
        "{} leaves {} at {} with a connectivity kit, back at {}",
        "Tim {} berangkat dari {} pukul {} membawa kit konektivitas, kembali pukul {}",
    ),
];

impl Lang {
    /// The label for `key` in this language (English when missing; the key itself if unknown).
    pub fn t(self, key: &str) -> &'static str {
        match LABELS.iter().find(|(k, _, _)| *k == key) {
            Some((_, en, id)) => match self {
                Lang::En => en,
                Lang::Id => id,
            },
            None => "?",
        }
    }

    /// The label for `key` in this language, or `None` when the table has no such key.
    pub fn get(self, key: &str) -> Option<&'static str> {
        LABELS
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, en, id)| match self {
                Lang::En => *en,
                Lang::Id => *id,
            })
    }

    /// The label `key` with each `{}` replaced by the next of `args`, so that each language
    /// keeps its own word order (`{} % of {}` / `{}% dari {}`).
    pub fn fill(self, key: &str, args: &[&dyn Display]) -> String {
        let mut out = String::new();
        let mut args = args.iter();
        for (i, piece) in self.t(key).split("{}").enumerate() {
            if i > 0
                && let Some(a) = args.next()
            {
                let _ = write!(out, "{a}");
            }
            out.push_str(piece);
        }
        out
    }

    /// `x` rounded to a whole number, thousands grouped the way the language writes them:
    /// `12 345` (English reports) or `12.345` (Indonesian).
    pub fn int(self, x: f64) -> String {
        if !x.is_finite() {
            return "-".into();
        }
        let sep = match self {
            Lang::En => ' ',
            Lang::Id => '.',
        };
        let n = x.round() as i64;
        let digits = n.unsigned_abs().to_string();
        let mut out = String::new();
        if n < 0 {
            out.push('-');
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(c);
        }
        out
    }

    /// `x` with `places` decimals and the language's decimal mark: `12.5` or `12,5`.
    pub fn dec(self, x: f64, places: usize) -> String {
        let text = format!("{x:.places$}");
        match self {
            Lang::En => text,
            Lang::Id => text.replace('.', ","),
        }
    }

    /// `x` as Rust writes it (shortest exact form, `2.5`, `30`), with the language's decimal
    /// mark.
    pub fn num(self, x: f64) -> String {
        match self {
            Lang::En => x.to_string(),
            Lang::Id => x.to_string().replace('.', ","),
        }
    }

    /// A clock time: `07:30` in English, `07.30` in Indonesian.
    pub fn clock(self, m: Minutes) -> String {
        let text = hhmm(m);
        match self {
            Lang::En => text,
            Lang::Id => text.replace(':', "."),
        }
    }

    /// The month of `date` in words: `January` / `Januari`.
    pub fn month_name(self, date: NaiveDate) -> &'static str {
        nth_word(self.t("month_names"), date.month0() as usize)
    }

    /// The weekday of `date` in words: `Monday` / `Senin`.
    pub fn weekday_name(self, date: NaiveDate) -> &'static str {
        nth_word(
            self.t("weekday_long_names"),
            date.weekday().num_days_from_monday() as usize,
        )
    }

    /// `Thursday 2 January 2025` / `Kamis, 2 Januari 2025`.
    pub fn long_date(self, date: NaiveDate) -> String {
        self.fill(
            "long_date",
            &[
                &self.weekday_name(date),
                &date.day(),
                &self.month_name(date),
                &date.year(),
            ],
        )
    }

    /// HTML `lang` attribute value.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Id => "id",
        }
    }
}

/// Every label as (key, English, Bahasa Indonesia), for tests and tools that check the
/// reports for untranslated words.
pub fn labels() -> &'static [(&'static str, &'static str, &'static str)] {
    LABELS
}

/// The `n`-th space-separated word of a list label (month and weekday names).
fn nth_word(list: &'static str, n: usize) -> &'static str {
    list.split(' ').nth(n).unwrap_or("?")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_has_both_languages_and_keys_are_unique() {
        for (i, (k, en, id)) in LABELS.iter().enumerate() {
            assert!(!en.is_empty() && !id.is_empty(), "{k}");
            assert!(
                LABELS[i + 1..].iter().all(|(k2, _, _)| k2 != k),
                "duplicate {k}"
            );
        }
        assert_eq!(Lang::Id.t("visits"), "Kunjungan");
        assert_eq!("id".parse::<Lang>(), Ok(Lang::Id));
        assert!("fr".parse::<Lang>().is_err());
    }

    #[test]
    fn both_languages_fill_the_same_number_of_blanks() {
        for (k, en, id) in LABELS {
            assert!(!k.is_empty() && !id.trim().is_empty(), "{k}");
            assert_eq!(
                en.matches("{}").count(),
                id.matches("{}").count(),
                "{k}: `{en}` / `{id}`"
            );
        }
        for (key, n) in [
            ("month_names", 12),
            ("weekday_long_names", 7),
            ("weekday_names", 7),
        ] {
            for lang in [Lang::En, Lang::Id] {
                assert_eq!(lang.t(key).split(' ').count(), n, "{key}");
            }
        }
        assert_eq!(
            Lang::Id.fill("sum_bound_gap", &[&"1.234", &"5,6"]),
            "1.234 (selisih 5,6%)"
        );
        assert_eq!(Lang::En.fill("sum_bound_gap", &[&1, &2]), "1 (gap 2 %)");
        assert_eq!(Lang::En.get("no such key"), None);
    }

    #[test]
    fn numbers_dates_and_times_follow_the_language() {
        assert_eq!(Lang::En.int(1_234_567.4), "1 234 567");
        assert_eq!(Lang::Id.int(1_234_567.4), "1.234.567");
        assert_eq!(Lang::Id.int(-1234.0), "-1.234");
        assert_eq!(Lang::Id.int(999.0), "999");
        assert_eq!(Lang::Id.int(f64::NAN), "-");
        assert_eq!(Lang::En.dec(19.34, 1), "19.3");
        assert_eq!(Lang::Id.dec(19.34, 1), "19,3");
        assert_eq!(
            (Lang::En.num(2.5), Lang::Id.num(2.5)),
            ("2.5".into(), "2,5".into())
        );
        assert_eq!(Lang::Id.num(30.0), "30");
        assert_eq!(Lang::Id.clock(7 * 60 + 30), "07.30");
        assert_eq!(Lang::En.clock(7 * 60 + 30), "07:30");
        let d = NaiveDate::from_ymd_opt(2025, 1, 2).unwrap();
        assert_eq!(Lang::Id.long_date(d), "Kamis, 2 Januari 2025");
        // English matches chrono's own names, so English plans read as before.
        assert_eq!(Lang::En.long_date(d), d.format("%A %-d %B %Y").to_string());
        for m in 1..=12 {
            let d = NaiveDate::from_ymd_opt(2025, m, 1).unwrap();
            assert_eq!(Lang::En.month_name(d), d.format("%B").to_string());
            assert_eq!(Lang::En.weekday_name(d), d.format("%A").to_string());
        }
        let days: Vec<&str> = (0..7)
            .map(|i| Lang::Id.weekday_name(NaiveDate::from_ymd_opt(2024, 1, 1 + i).unwrap()))
            .collect();
        assert_eq!(
            days,
            [
                "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"
            ]
        );
        assert_eq!(
            Lang::Id.month_name(NaiveDate::from_ymd_opt(2025, 8, 17).unwrap()),
            "Agustus"
        );
    }
}
