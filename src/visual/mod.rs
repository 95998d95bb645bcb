//! Reports people look at rather than read: the self-contained HTML page and GeoJSON.

pub mod geojson;
pub mod html;

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A distinct colour per team (cycles after ten).
pub fn team_colour(t: usize) -> &'static str {
    const C: [&str; 10] = [
        "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
        "#7f7f7f", "#bcbd22",
    ];
    C[t % C.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::response::evaluate;

    use crate::synthetic::{Shape, random_problem};

    #[test]
    fn html_is_self_contained_and_escapes_names() {
        let p = random_problem(4, &Shape::default())
            .edited(|p| {
                for (i, s) in p.sites.iter_mut().enumerate() {
                    s.lat = Some(-7.0 + i as f64 * 0.01);
                    s.lon = Some(109.8 + (i % 7) as f64 * 0.02);
                }
                p.sites[0].name = "Desa <Kali> & \"Sari\"".into();
                p.bases[0].lat = Some(-6.9);
                p.bases[0].lon = Some(109.9);
            })
            .unwrap();
        let plan = crate::constructive::greedy::solve(&p).plan;
        let eval = evaluate(&p, &plan);
        for lang in [Lang::En, Lang::Id] {
            let page = html::render(&p, &plan, &eval, &html::Header::default(), lang);
            assert!(
                !page.contains("http://") && !page.contains("https://"),
                "no network"
            );
            assert!(!page.contains("<Kali>"));
            assert!(page.contains("Desa &lt;Kali&gt; &amp; &quot;Sari&quot;"));
            assert_eq!(page.matches("class=\"route ").count(), plan.routes.len());
            assert_eq!(page.matches("class=\"calendar\"").count(), p.teams.len());
        }
        let id = html::render(&p, &plan, &eval, &html::Header::default(), Lang::Id);
        assert!(id.contains("Kalender per tim") && id.contains("lang=\"id\""));
        // Idle team time, the same figures as the summary.
        let (idle, not_sent) = crate::report::summary::idle(&p, &plan);
        let en = html::render(&p, &plan, &eval, &html::Header::default(), Lang::En);
        let row = format!(
            "{} h of shift left on {} field days; {not_sent} team-days",
            idle / 60,
            plan.routes.len()
        );
        assert!(en.contains("Idle team time") && en.contains(&row), "{row}");
        let g = geojson::render(&p, &plan, &eval);
        let features = g["features"].as_array().unwrap();
        let routes = features
            .iter()
            .filter(|f| f["properties"]["layer"] == "route")
            .count();
        assert_eq!(routes, plan.routes.len());
        assert_eq!(features.len(), 1 + p.sites.len() + plan.routes.len());
    }
}
