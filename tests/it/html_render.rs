//! Opens the HTML report in headless Chromium: it must render (screenshot) with no console
//! errors and with the map, curve and calendars in the live DOM. Skips when Chromium is absent
//! (CI installs it).

use jemput::i18n::Lang;
use jemput::response::evaluate;
use jemput::strategy::{self, SolveOptions};
use jemput::synthetic::{Shape, random_problem};
use jemput::visual::html;
use std::process::Command;

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

fn headless(bin: &str, profile: &std::path::Path) -> Command {
    let mut c = Command::new(bin);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--enable-logging=stderr",
        "--v=0",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

#[test]
fn report_renders_in_headless_chromium() {
    let Some(bin) = chromium() else {
        crate::common::skip("chromium is not installed (CI installs it)");
        return;
    };
    let p = random_problem(9, &Shape::default())
        .edited(|p| {
            for (i, s) in p.sites.iter_mut().enumerate() {
                s.lat = Some(-6.95 - (i % 6) as f64 * 0.03);
                s.lon = Some(109.7 + (i / 6) as f64 * 0.04);
            }
            p.bases[0].lat = Some(-7.0);
            p.bases[0].lon = Some(109.8);
        })
        .unwrap();
    let plan = strategy::by_name("greedy")
        .unwrap()
        .solve(&p, &SolveOptions::default())
        .plan;
    let eval = evaluate(&p, &plan);
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    std::fs::write(
        &page,
        html::render(&p, &plan, &eval, &html::Header::default(), Lang::En),
    )
    .unwrap();
    let url = format!("file://{}", page.display());

    let shot = dir.path().join("shot.png");
    let out = headless(bin, &dir.path().join("profile1"))
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1200,2400")
        .arg(&url)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let png = std::fs::read(&shot).unwrap_or_default();
    if let Some(keep) = std::env::var_os("JEMPUT_KEEP_SCREENSHOT") {
        std::fs::write(keep, &png).unwrap();
    }
    assert!(
        png.starts_with(b"\x89PNG"),
        "no screenshot; stderr:\n{stderr}"
    );
    assert!(
        png.len() > 20_000,
        "screenshot suspiciously small ({} bytes)",
        png.len()
    );
    for line in stderr.lines() {
        assert!(
            !(line.contains("CONSOLE") || line.contains("Uncaught")),
            "console message from the page: {line}"
        );
    }

    let dom = headless(bin, &dir.path().join("profile2"))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("id=\"map\"") && dom.contains("id=\"curve\""));
    assert_eq!(dom.matches("class=\"calendar\"").count(), p.teams.len());
    assert_eq!(dom.matches("class=\"route ").count(), plan.routes.len());
}
