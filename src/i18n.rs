//! Words of the reports in the planners' language: English (default) or Bahasa Indonesia.
//!
//! One table of labels keyed by a short name; every human-facing report asks [`Lang::t`].
//! A missing key falls back to English, so a new label never breaks the Indonesian reports.

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
    ("date", "Date", "Tanggal"),
    ("team", "Team", "Tim"),
    ("site", "Site", "Lokasi"),
    ("arrive", "Arrive", "Tiba"),
    ("start", "Start", "Mulai"),
    ("end", "End", "Selesai"),
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

    /// HTML `lang` attribute value.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Id => "id",
        }
    }
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
}
