//! `--lang id`: the printed summary and the monthly Markdown plans in Bahasa Indonesia, with
//! no English label left over; the files for programs (CSV, JSON) unchanged.

use crate::common;

use chrono::NaiveDate;
use jemput::i18n::{self, Lang};
use std::path::Path;
use std::process::{Command, Output};

fn jemput(args: &[&str]) -> Output {
    Command::new(common::jemput_bin())
        .args(args)
        .current_dir(common::root())
        .output()
        .expect("the jemput binary runs")
}

/// Plans the tutorial scenario with greedy (fast, deterministic) in `lang` into `out`.
fn plan_tutorial(out: &Path, lang: &str) -> String {
    let o = jemput(&[
        "plan",
        "scenarios/tutorial.toml",
        "--strategy",
        "greedy",
        "--no-bound",
        "--lang",
        lang,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        o.status.success(),
        "plan --lang {lang} failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

/// The English words of every label that has its own Indonesian text: the fragments between
/// `{}` blanks, each name of a name list, without those the Indonesian text also uses
/// (`seed`, `Km`, `unvisited.csv`) and without the very short ones (`#`, `..`).
fn english_words() -> Vec<(&'static str, String)> {
    let mut words = Vec::new();
    for &(key, en, id) in i18n::labels() {
        if en == id {
            continue;
        }
        let pieces: Vec<&str> = if key.ends_with("_names") {
            en.split(' ').collect()
        } else {
            en.split("{}").collect()
        };
        for piece in pieces {
            let piece = piece.trim().trim_matches(|c: char| ",.:;()".contains(c));
            if piece.chars().count() >= 4 && !id.contains(piece) {
                words.push((key, piece.to_string()));
            }
        }
    }
    words
}

fn assert_no_english(text: &str, what: &str) {
    for (key, word) in english_words() {
        assert!(
            !text.contains(&word),
            "{what}: English `{word}` (label `{key}`) in the Indonesian output:\n{text}"
        );
    }
}

#[test]
fn lang_id_prints_and_writes_indonesian_and_the_plan_passes_the_checker() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("id");
    let stdout = plan_tutorial(&out, "id");

    for label in [
        "Skenario",
        "Perkiraan aktivasi",
        "Perkiraan capaian",
        "Kunjungan / hari kerja tim",
        "Kecamatan",
        "Cakupan",
        "tidak dihitung",
        "berkas ditulis ke",
    ] {
        assert!(stdout.contains(label), "`{label}` missing:\n{stdout}");
    }
    // Thousands with a dot, decimals with a comma: "40.000 penduduk wajib KTP", "19,3%".
    assert!(stdout.contains(".000 penduduk wajib KTP"), "{stdout}");
    assert!(
        stdout
            .lines()
            .any(|l| l.contains("Perkiraan capaian") && l.contains(',') && l.contains('%')),
        "{stdout}"
    );
    assert_no_english(&stdout, "summary");

    let january = std::fs::read_to_string(out.join("2025-01.md")).unwrap();
    for label in [
        "jadwal jemput bola Januari 2025",
        "## Total bulan ini",
        "| Hari kerja tim | Kunjungan | Perkiraan aktivasi | Km |",
        "| Tim | # | Lokasi | Kode | Kecamatan | Tiba | Mulai | Selesai | Lama | Perkiraan |",
        "Perkiraan capaian aktivasi IKD di akhir bulan",
        "berangkat dari",
        "pukul",
    ] {
        assert!(january.contains(label), "`{label}` missing:\n{january}");
    }
    let weekdays = Lang::Id.t("weekday_long_names");
    let days: Vec<&str> = january.lines().filter(|l| l.starts_with("## ")).collect();
    assert!(
        days.iter().skip(1).all(|l| weekdays
            .split(' ')
            .any(|w| l.starts_with(&format!("## {w}, ")))),
        "day headings in Indonesian: {days:?}"
    );
    assert!(days.len() > 1, "{january}");
    for m in 1..=12 {
        let first = NaiveDate::from_ymd_opt(2025, m, 1).unwrap();
        let name = format!("2025-{m:02}.md");
        let text = std::fs::read_to_string(out.join(&name)).unwrap();
        let title = text.lines().next().unwrap();
        assert!(
            title.ends_with(&format!(" {} 2025", Lang::Id.month_name(first))),
            "{name}: {title}"
        );
        assert_no_english(&text, &name);
    }

    // The plan passes the independent checker, and evaluate speaks Indonesian too.
    let o = jemput(&[
        "evaluate",
        "scenarios/tutorial.toml",
        out.join("plan.csv").to_str().unwrap(),
        "--lang",
        "id",
    ]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(text.contains("semua aturan terpenuhi"), "{text}");
    assert_no_english(&text, "evaluate");
}

#[test]
fn the_language_changes_only_the_words_for_people() {
    let dir = tempfile::tempdir().unwrap();
    let (en, id) = (dir.path().join("en"), dir.path().join("id"));
    let en_text = plan_tutorial(&en, "en");
    plan_tutorial(&id, "id");
    assert!(en_text.contains("Expected activations"), "{en_text}");
    for f in ["plan.csv", "unvisited.csv", "plan.geojson"] {
        assert_eq!(
            std::fs::read(en.join(f)).unwrap(),
            std::fs::read(id.join(f)).unwrap(),
            "{f} must not depend on --lang"
        );
    }
    let en_md = std::fs::read_to_string(en.join("2025-01.md")).unwrap();
    let id_md = std::fs::read_to_string(id.join("2025-01.md")).unwrap();
    assert!(en_md.contains("plan for January 2025"), "{en_md}");
    // The same stops, in the same order, site by site.
    let codes = |md: &str| -> Vec<String> {
        md.lines()
            .map(|l| l.split('|').map(str::trim).collect::<Vec<_>>())
            .filter(|cells| cells.len() == 12 && cells[2].parse::<usize>().is_ok())
            .map(|cells| cells[4].to_string())
            .collect()
    };
    assert_eq!(codes(&en_md), codes(&id_md));
    assert!(!codes(&en_md).is_empty());
}

#[test]
fn an_unknown_language_is_bad_input() {
    let o = jemput(&["plan", "scenarios/tutorial.toml", "--lang", "fr"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("--lang") && err.contains("`en` or `id`"),
        "{err}"
    );
}
