//! `report.html`: one self-contained page a head of office can open without a network — a
//! map of bases, sites and routes, the activated-residents curve against the target, the
//! coverage per district and a calendar per team. Inline SVG, CSS and a few lines of script;
//! nothing is fetched.

use super::{escape, team_colour};
use crate::i18n::Lang;
use crate::plan::Plan;
use crate::problem::{Problem, hhmm};
use crate::response::{Evaluation, cumulative_by_day};
use chrono::Datelike;
use std::fmt::Write;

/// Figures for the header that the page does not derive itself.
#[derive(Debug, Clone, Default)]
pub struct Header {
    pub strategy: String,
    pub seed: u64,
    pub bound: Option<f64>,
}

/// Renders the whole report page.
pub fn render(p: &Problem, plan: &Plan, eval: &Evaluation, header: &Header, lang: Lang) -> String {
    let mut h = String::with_capacity(64 * 1024);
    let title = format!("{} — {}", lang.t("report_title"), escape(&p.name));
    let _ = write!(
        h,
        r#"<!DOCTYPE html>
<html lang="{code}"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#222;max-width:1100px}}
h1{{font-size:22px}} h2{{font-size:18px;margin-top:28px;border-bottom:1px solid #ddd}}
table.kv td{{padding:2px 12px 2px 0}} table.kv td:last-child{{font-weight:600;text-align:right}}
.bar{{background:#e8eef5;height:14px;position:relative;width:320px;display:inline-block;vertical-align:middle}}
.bar span{{background:#2a7ab0;height:14px;display:block}}
table.cov td{{padding:2px 10px 2px 0}}
svg text{{font-size:11px;fill:#333}}
.team-toggle label{{margin-right:12px}}
.cal{{margin-bottom:14px}}
</style></head><body>
<h1>{title}</h1>
"#,
        code = lang.code()
    );
    key_figures(&mut h, p, plan, eval, header, lang);
    map(&mut h, p, plan, eval, lang);
    curve(&mut h, p, plan, eval, lang);
    districts(&mut h, p, eval, lang);
    calendars(&mut h, p, plan, eval, lang);
    h.push_str(
        r#"<script>
document.querySelectorAll('.team-toggle input').forEach(function (box) {
  box.addEventListener('change', function () {
    document.querySelectorAll('.route.' + box.value).forEach(function (el) {
      el.style.display = box.checked ? '' : 'none';
    });
  });
});
</script>
</body></html>
"#,
    );
    h
}

fn key_figures(
    h: &mut String,
    p: &Problem,
    plan: &Plan,
    eval: &Evaluation,
    header: &Header,
    lang: Lang,
) {
    let curve = cumulative_by_day(p, plan, eval);
    let end = curve.last().copied().unwrap_or(p.target.activated);
    let share = |x: f64| {
        if p.target.eligible > 0.0 {
            x / p.target.eligible
        } else {
            0.0
        }
    };
    let target_day = curve
        .iter()
        .position(|&c| share(c) + 1e-12 >= p.target.share);
    let mut rows: Vec<(String, String)> = vec![
        (lang.t("strategy").into(), escape(&header.strategy)),
        (lang.t("seed").into(), header.seed.to_string()),
        (
            lang.t("expected_activations").into(),
            format!("{:.0}", eval.activations),
        ),
        (
            lang.t("walk_ins").into(),
            format!("{:.0}", p.organic_total()),
        ),
        (
            lang.t("activated_at_start").into(),
            format!("{:.0}", p.target.activated),
        ),
        (
            lang.t("forecast_share").into(),
            format!("{:.1} %", 100.0 * share(end)),
        ),
        (
            lang.t("target_share").into(),
            format!("{:.1} %", 100.0 * p.target.share),
        ),
        (
            lang.t("target_date").into(),
            target_day.map_or(lang.t("not_reached").to_string(), |d| {
                p.days[d].date.to_string()
            }),
        ),
        (lang.t("visits").into(), plan.visits().to_string()),
        {
            let (minutes, days) = crate::report::summary::idle(p, plan);
            let field_days = plan.routes.iter().filter(|r| !r.stops.is_empty()).count();
            let why = crate::report::summary::idle_reasons(p, plan, eval);
            (
                lang.t("sum_idle").into(),
                match crate::report::table::idle_why(&why, lang) {
                    w if w.is_empty() => {
                        lang.fill("sum_idle_value", &[&(minutes / 60), &field_days, &days])
                    }
                    w => format!(
                        "{} ({w})",
                        lang.fill("sum_idle_value", &[&(minutes / 60), &field_days, &days])
                    ),
                },
            )
        },
    ];
    if let Some(b) = header.bound {
        rows.push((lang.t("bound").into(), format!("{b:.0}")));
        if b > 0.0 {
            rows.push((
                lang.t("gap").into(),
                format!("{:.1} %", 100.0 * (1.0 - eval.objective / b).max(0.0)),
            ));
        }
    }
    h.push_str("<table class=\"kv\">\n");
    for (k, v) in rows {
        let _ = writeln!(h, "<tr><td>{k}</td><td>{v}</td></tr>");
    }
    h.push_str("</table>\n");
}

/// Equirectangular projection of the places that have coordinates into a `w`×`hgt` box.
struct Projection {
    lat0: f64,
    lon0: f64,
    scale: f64,
    cos: f64,
    hgt: f64,
}

impl Projection {
    fn fit(points: &[(f64, f64)], w: f64, hgt: f64) -> Option<Projection> {
        let (mut lat_min, mut lat_max, mut lon_min, mut lon_max) =
            (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for &(lat, lon) in points {
            lat_min = lat_min.min(lat);
            lat_max = lat_max.max(lat);
            lon_min = lon_min.min(lon);
            lon_max = lon_max.max(lon);
        }
        if points.is_empty() {
            return None;
        }
        let cos = ((lat_min + lat_max) / 2.0).to_radians().cos();
        let dx = ((lon_max - lon_min) * cos).max(1e-6);
        let dy = (lat_max - lat_min).max(1e-6);
        let scale = ((w - 40.0) / dx).min((hgt - 40.0) / dy);
        Some(Projection {
            lat0: lat_max,
            lon0: lon_min,
            scale,
            cos,
            hgt,
        })
    }

    fn xy(&self, lat: f64, lon: f64) -> (f64, f64) {
        let x = 20.0 + (lon - self.lon0) * self.cos * self.scale;
        let y = 20.0 + (self.lat0 - lat) * self.scale;
        (x, y.min(self.hgt))
    }
}

fn place_coords(p: &Problem, place: usize) -> Option<(f64, f64)> {
    if place < p.bases.len() {
        let b = &p.bases[place];
        Some((b.lat?, b.lon?))
    } else {
        let s = &p.sites[place - p.bases.len()];
        Some((s.lat?, s.lon?))
    }
}

/// Colour from red (0) through amber to green (1).
fn coverage_colour(x: f64) -> String {
    let x = x.clamp(0.0, 1.0);
    let (r, g) = if x < 0.5 {
        (220.0, 60.0 + 300.0 * x)
    } else {
        (220.0 - 340.0 * (x - 0.5), 210.0)
    };
    format!("rgb({:.0},{:.0},60)", r.max(30.0), g.min(210.0))
}

fn map(h: &mut String, p: &Problem, plan: &Plan, eval: &Evaluation, lang: Lang) {
    let _ = writeln!(h, "<h2>{}</h2>", lang.t("map"));
    let points: Vec<(f64, f64)> = (0..p.bases.len() + p.sites.len())
        .filter_map(|i| place_coords(p, i))
        .collect();
    let (w, hgt) = (1000.0, 640.0);
    let Some(proj) = Projection::fit(&points, w, hgt) else {
        h.push_str("<p>(no coordinates in this scenario)</p>\n");
        return;
    };
    h.push_str("<div class=\"team-toggle\">");
    for (t, team) in p.teams.iter().enumerate() {
        let _ = write!(
            h,
            "<label><input type=\"checkbox\" value=\"t{t}\" checked> <span style=\"color:{}\">&#9632;</span> {}</label>",
            team_colour(t),
            escape(&team.id)
        );
    }
    h.push_str("</div>\n");
    let _ = writeln!(
        h,
        "<svg id=\"map\" width=\"{w}\" height=\"{hgt}\" viewBox=\"0 0 {w} {hgt}\" style=\"background:#f6f8fa;border:1px solid #ddd\">"
    );
    // Routes first so that sites draw on top.
    for route in &plan.routes {
        let base = p.team_place(route.team);
        let mut pts = Vec::new();
        for place in std::iter::once(base)
            .chain(route.stops.iter().map(|s| p.site_place(s.site)))
            .chain(std::iter::once(base))
        {
            if let Some((lat, lon)) = place_coords(p, place) {
                let (x, y) = proj.xy(lat, lon);
                pts.push(format!("{x:.1},{y:.1}"));
            }
        }
        let names: Vec<&str> = route
            .stops
            .iter()
            .map(|s| p.sites[s.site].name.as_str())
            .collect();
        let _ = writeln!(
            h,
            "<polyline class=\"route t{}\" points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-opacity=\"0.35\" stroke-width=\"1.2\"><title>{} {}: {}</title></polyline>",
            route.team,
            pts.join(" "),
            team_colour(route.team),
            p.days[route.day].date,
            escape(&p.teams[route.team].id),
            escape(&names.join(" → "))
        );
    }
    let max_pool = p.sites.iter().map(|s| s.pool).fold(1.0, f64::max);
    for (s, site) in p.sites.iter().enumerate() {
        let (Some(lat), Some(lon)) = (site.lat, site.lon) else {
            continue;
        };
        let (x, y) = proj.xy(lat, lon);
        let r = 2.0 + 10.0 * (site.pool / max_pool).sqrt();
        let cov = if site.pool > 0.0 {
            eval.per_site[s] / site.pool
        } else {
            0.0
        };
        let _ = writeln!(
            h,
            "<circle class=\"site\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\" fill=\"{}\" fill-opacity=\"0.8\" stroke=\"#333\" stroke-width=\"0.4\"><title>{} ({}) — {}: {:.0}, {}: {}, {}: {:.0}</title></circle>",
            coverage_colour(cov * 4.0),
            escape(&site.name),
            site.kind.name(),
            lang.t("pool"),
            site.pool,
            lang.t("visits"),
            eval.visits[s],
            lang.t("activations"),
            eval.per_site[s]
        );
    }
    for b in &p.bases {
        let (Some(lat), Some(lon)) = (b.lat, b.lon) else {
            continue;
        };
        let (x, y) = proj.xy(lat, lon);
        let _ = writeln!(
            h,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"12\" height=\"12\" fill=\"#111\"><title>{}: {}</title></rect><text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            x - 6.0,
            y - 6.0,
            lang.t("base"),
            escape(&b.name),
            x + 8.0,
            y - 8.0,
            escape(&b.name)
        );
    }
    h.push_str("</svg>\n");
    let _ = writeln!(
        h,
        "<p><small>{} (0 % … ≥ 25 %)</small></p>",
        lang.t("legend_coverage")
    );
}

fn curve(h: &mut String, p: &Problem, plan: &Plan, eval: &Evaluation, lang: Lang) {
    let _ = writeln!(h, "<h2>{}</h2>", lang.t("cumulative"));
    let c = cumulative_by_day(p, plan, eval);
    if c.is_empty() {
        return;
    }
    let (w, hgt, left, bottom) = (1000.0, 320.0, 70.0, 30.0);
    let target = p.target.share * p.target.eligible;
    let ymax = c.iter().copied().fold(target, f64::max) * 1.08;
    let ymin = p.target.activated.min(target) * 0.9;
    let x = |d: usize| left + (w - left - 10.0) * d as f64 / (c.len().max(2) - 1) as f64;
    let y = |v: f64| 10.0 + (hgt - bottom - 10.0) * (1.0 - (v - ymin) / (ymax - ymin).max(1.0));
    let _ = writeln!(
        h,
        "<svg id=\"curve\" width=\"{w}\" height=\"{hgt}\" viewBox=\"0 0 {w} {hgt}\">"
    );
    let _ = writeln!(
        h,
        "<line x1=\"{left}\" y1=\"{0:.1}\" x2=\"{1:.1}\" y2=\"{0:.1}\" stroke=\"#c0392b\" stroke-dasharray=\"6 4\"/><text x=\"{2:.1}\" y=\"{3:.1}\" fill=\"#c0392b\">{4} {5:.0}</text>",
        y(target),
        w - 10.0,
        w - 160.0,
        y(target) - 5.0,
        lang.t("target_line"),
        target
    );
    let pts: Vec<String> = c
        .iter()
        .enumerate()
        .map(|(d, &v)| format!("{:.1},{:.1}", x(d), y(v)))
        .collect();
    let _ = writeln!(
        h,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"#2a7ab0\" stroke-width=\"2\"><title>{}</title></polyline>",
        pts.join(" "),
        lang.t("forecast_line")
    );
    // Month ticks and value axis.
    for (d, day) in p.days.iter().enumerate() {
        if day.date.day() == 1 || d == 0 {
            let _ = writeln!(
                h,
                "<line x1=\"{0:.1}\" y1=\"{1:.1}\" x2=\"{0:.1}\" y2=\"{2:.1}\" stroke=\"#ccc\"/><text x=\"{3:.1}\" y=\"{4:.1}\">{5}</text>",
                x(d),
                10.0,
                hgt - bottom,
                x(d) + 2.0,
                hgt - 12.0,
                day.date.format("%Y-%m")
            );
        }
    }
    for i in 0..=4 {
        let v = ymin + (ymax - ymin) * i as f64 / 4.0;
        let _ = writeln!(h, "<text x=\"4\" y=\"{:.1}\">{:.0}</text>", y(v) + 4.0, v);
    }
    h.push_str("</svg>\n");
}

fn districts(h: &mut String, p: &Problem, eval: &Evaluation, lang: Lang) {
    let _ = writeln!(h, "<h2>{}</h2>", lang.t("districts"));
    let _ = writeln!(
        h,
        "<table class=\"cov\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        lang.t("district"),
        lang.t("sites"),
        lang.t("visited"),
        lang.t("pool"),
        lang.t("activations"),
        lang.t("coverage")
    );
    for (d, district) in p.districts.iter().enumerate() {
        let sites: Vec<usize> = (0..p.sites.len())
            .filter(|&s| p.sites[s].district == d)
            .collect();
        let pool: f64 = sites.iter().map(|&s| p.sites[s].pool).sum();
        let got: f64 = sites.iter().map(|&s| eval.per_site[s]).sum();
        let visited = sites.iter().filter(|&&s| eval.visits[s] > 0).count();
        let cov = if pool > 0.0 { got / pool } else { 0.0 };
        let floor = district.floor_share.map_or(String::new(), |f| {
            let met = got >= f * pool * (1.0 - 1e-9) - 1e-9;
            format!(
                " · {} {:.1} %: {}",
                lang.t("floor"),
                100.0 * f,
                lang.t(if met { "floor_met" } else { "floor_short" })
            )
        });
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{:.0}</td><td>{:.0}</td><td><div class=\"bar\"><span style=\"width:{:.1}%\"></span></div> {:.1} %{}</td></tr>",
            escape(if district.name.is_empty() {
                &district.id
            } else {
                &district.name
            }),
            sites.len(),
            visited,
            pool,
            got,
            (100.0 * cov).min(100.0),
            100.0 * cov,
            escape(&floor)
        );
    }
    h.push_str("</table>\n");
}

fn calendars(h: &mut String, p: &Problem, plan: &Plan, eval: &Evaluation, lang: Lang) {
    let _ = writeln!(h, "<h2>{}</h2>", lang.t("calendar"));
    let weekdays: Vec<&str> = lang.t("weekday_names").split(' ').collect();
    let cell = 13.0;
    let weeks = (p.days.len() + p.days.first().map_or(0, |d| d.weekday)).div_ceil(7);
    let max_day = plan
        .routes
        .iter()
        .zip(&eval.per_stop)
        .map(|(_, g)| g.iter().sum::<f64>())
        .fold(1.0, f64::max);
    for (t, team) in p.teams.iter().enumerate() {
        let mut by_day: Vec<Option<(f64, String, bool)>> = vec![None; p.days.len()];
        for (route, gains) in plan.routes.iter().zip(&eval.per_stop) {
            if route.team == t {
                let names: Vec<String> = route
                    .stops
                    .iter()
                    .map(|s| format!("{} {}–{}", p.sites[s.site].name, hhmm(s.start), hhmm(s.end)))
                    .collect();
                by_day[route.day] = Some((gains.iter().sum(), names.join("; "), route.kit));
            }
        }
        let (w, hgt) = (40.0 + cell * weeks as f64, 20.0 + cell * 7.0);
        let _ = writeln!(
            h,
            "<div class=\"cal\"><strong>{} {}</strong><br><svg class=\"calendar\" width=\"{w}\" height=\"{hgt}\" viewBox=\"0 0 {w} {hgt}\">",
            lang.t("team"),
            escape(&team.id)
        );
        for (i, name) in weekdays.iter().enumerate() {
            let _ = write!(
                h,
                "<text x=\"0\" y=\"{:.0}\">{}</text>",
                20.0 + cell * i as f64 + 10.0,
                name
            );
        }
        let offset = p.days.first().map_or(0, |d| d.weekday);
        for (d, day) in p.days.iter().enumerate() {
            let k = d + offset;
            let (cx, cy) = (40.0 + cell * (k / 7) as f64, 20.0 + cell * (k % 7) as f64);
            let kit = matches!(by_day[d], Some((_, _, true)));
            let (fill, tip) = match &by_day[d] {
                Some((g, names, kit)) => {
                    let a = 0.25 + 0.75 * (g / max_day).min(1.0);
                    let with = if *kit {
                        format!(" ({})", lang.t("kit_day"))
                    } else {
                        String::new()
                    };
                    (
                        format!("rgba(42,122,176,{a:.2})"),
                        format!("{}: {:.0}{with} — {}", day.date, g, escape(names)),
                    )
                }
                None if p.shift(t, d).is_none() => (
                    "#d9d9d9".into(),
                    format!(
                        "{}{}",
                        day.date,
                        day.holiday
                            .as_ref()
                            .map_or(String::new(), |n| format!(" — {}", escape(n)))
                    ),
                ),
                None => (
                    "#f0f0f0".into(),
                    format!("{}: {}", day.date, lang.t("no_visits")),
                ),
            };
            let outline = if kit {
                " stroke=\"#d9730d\" stroke-width=\"1.5\""
            } else {
                ""
            };
            let _ = write!(
                h,
                "<rect x=\"{cx:.0}\" y=\"{cy:.0}\" width=\"{0:.0}\" height=\"{0:.0}\" fill=\"{fill}\"{outline}><title>{tip}</title></rect>",
                cell - 2.0
            );
            if day.date.day() == 1 {
                let _ = write!(
                    h,
                    "<text x=\"{cx:.0}\" y=\"12\">{}</text>",
                    day.date.format("%m")
                );
            }
        }
        h.push_str("</svg></div>\n");
    }
    if plan.routes.iter().any(|r| r.kit) {
        let _ = writeln!(h, "<p>{}</p>", lang.t("kit_legend"));
    }
}
