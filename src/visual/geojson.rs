//! `plan.geojson`: bases, sites and routes for QGIS or any web map.
//!
//! Points for bases and sites (with pool, visits and expected activations as properties) and
//! one LineString per route (team, date, stops). Places without coordinates are left out.

use crate::plan::Plan;
use crate::problem::Problem;
use crate::response::Evaluation;
use serde_json::{Value, json};

fn point(lon: f64, lat: f64, props: Value) -> Value {
    json!({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props})
}

/// The plan as a GeoJSON FeatureCollection.
pub fn render(p: &Problem, plan: &Plan, eval: &Evaluation) -> Value {
    let mut features = Vec::new();
    for b in &p.bases {
        if let (Some(lat), Some(lon)) = (b.lat, b.lon) {
            features.push(point(
                lon,
                lat,
                json!({"layer": "base", "id": b.id, "name": b.name}),
            ));
        }
    }
    for (s, site) in p.sites.iter().enumerate() {
        if let (Some(lat), Some(lon)) = (site.lat, site.lon) {
            features.push(point(
                lon,
                lat,
                json!({
                    "layer": "site",
                    "code": site.code,
                    "name": site.name,
                    "kind": site.kind.name(),
                    "district": p.districts[site.district].id,
                    "pool": site.pool,
                    "connectivity": site.connectivity,
                    "visits": eval.visits[s],
                    "expected_activations": eval.per_site[s],
                }),
            ));
        }
    }
    let coords = |place: usize| -> Option<[f64; 2]> {
        if place < p.bases.len() {
            Some([p.bases[place].lon?, p.bases[place].lat?])
        } else {
            let s = &p.sites[place - p.bases.len()];
            Some([s.lon?, s.lat?])
        }
    };
    for (route, gains) in plan.routes.iter().zip(&eval.per_stop) {
        let base = p.team_place(route.team);
        let line: Option<Vec<[f64; 2]>> = std::iter::once(base)
            .chain(route.stops.iter().map(|s| p.site_place(s.site)))
            .chain(std::iter::once(base))
            .map(coords)
            .collect();
        let Some(line) = line else { continue };
        let stops: Vec<&str> = route
            .stops
            .iter()
            .map(|s| p.sites[s.site].code.as_str())
            .collect();
        features.push(json!({
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": line},
            "properties": {
                "layer": "route",
                "team": p.teams[route.team].id,
                "date": p.days[route.day].date.to_string(),
                "stops": stops.join(" "),
                "km": route.km(p),
                "expected_activations": gains.iter().sum::<f64>(),
            }
        }));
    }
    json!({"type": "FeatureCollection", "name": p.name, "features": features})
}
