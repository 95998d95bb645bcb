//! Travel minutes and km between all places (bases then sites), from one of three forms:
//! coordinates (great circle × detour ÷ speed), an explicit matrix CSV, or a road graph CSV
//! whose shortest paths are computed here.
//!
//! Matrices and graphs give a full matrix, and [`MAX_PLACES`] keeps it within memory.
//! Coordinates travel is stored as a full matrix up to [`Travel::DENSE_LIMIT`] places and
//! computed on demand beyond, so a large district needs no places² memory.

use super::diagnostics::{Loc, Sink, code, suggest};
use super::table;
pub use crate::problem::haversine_km;
use crate::problem::{GeoTravel, Travel, to_minutes};
use crate::scenario::file::TravelSpec;
use petgraph::algo::dijkstra;
use petgraph::graph::{DiGraph, NodeIndex};
use rayon::prelude::*;
use std::collections::HashMap;
use std::ops::Add;
use std::path::Path;

/// Most places (bases + sites) for a full travel matrix: 10,000² entries take 800 MB.
pub const MAX_PLACES: usize = 10_000;

/// Travel kinds.
pub const KINDS: &[&str] = &["coordinates", "matrix", "graph"];

/// Road-graph edge modes (informational: the minutes already say how slow a mode is).
pub const MODES: &[&str] = &["road", "river", "ferry", "track"];

/// One place of the travel matrix, with what each travel form needs.
pub(crate) struct Place<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub node: Option<&'a str>,
    pub loc: Loc,
}

/// Builds the travel matrix; `None` when it cannot be built (problems reported).
pub(crate) fn build(
    spec: &TravelSpec,
    places: &[Place],
    scenario: &Path,
    sink: &mut Sink,
) -> Option<Travel> {
    if places.len() > MAX_PLACES && spec.kind != "coordinates" {
        sink.toml(
            code::TOO_LARGE,
            "travel.kind",
            format!(
                "{} places (bases and sites) need a full travel matrix of {} entries; at most \
                 {MAX_PLACES} places are supported",
                places.len(),
                places.len() * places.len()
            ),
            "split the scenario into smaller areas (for example one per kecamatan group)",
        );
        return None;
    }
    let overhead = spec.leg_overhead_minutes.max(0.0);
    match spec.kind.as_str() {
        "coordinates" => coordinates(spec, places, overhead, sink),
        "matrix" => {
            let name = required_file(
                &spec.matrix,
                "travel.matrix",
                "matrix = \"travel.csv\"",
                sink,
            )?;
            matrix(scenario, name, places, overhead, sink)
        }
        "graph" => {
            let name = required_file(&spec.edges, "travel.edges", "edges = \"roads.csv\"", sink)?;
            graph(scenario, name, places, overhead, sink)
        }
        _ => None, // reported with the other checks of `[travel]`
    }
}

fn required_file<'a>(
    name: &'a Option<String>,
    field: &str,
    example: &str,
    sink: &mut Sink,
) -> Option<&'a str> {
    if name.is_none() {
        sink.toml(
            code::MISSING_FIELD,
            field,
            format!(
                "this travel kind needs `{}`",
                field.trim_start_matches("travel.")
            ),
            format!("add `{example}` to [travel]"),
        );
    }
    name.as_deref()
}

fn coordinates(
    spec: &TravelSpec,
    places: &[Place],
    overhead: f64,
    sink: &mut Sink,
) -> Option<Travel> {
    let mut ok = true;
    let mut at = Vec::with_capacity(places.len());
    for p in places {
        match (p.lat, p.lon) {
            (Some(lat), Some(lon)) => at.push((lat, lon)),
            _ => {
                if !sink.reported_at(&p.loc, "lat") && !sink.reported_at(&p.loc, "lon") {
                    sink.at(
                        &p.loc,
                        if p.lat.is_none() { "lat" } else { "lon" },
                        code::MISSING_LOCATION,
                        format!(
                            "`{}` ({}) has no lat/lon, which coordinates travel needs",
                            p.id, p.name
                        ),
                        "add lat and lon (decimal degrees, e.g. lat = -7.05, lon = 109.76), or use \
                         travel kind \"matrix\" or \"graph\"",
                    );
                }
                ok = false;
            }
        }
    }
    if !ok {
        return None;
    }
    Some(coordinate_travel(
        &at,
        spec.detour,
        spec.speed_kmh,
        overhead,
    ))
}

/// Travel from coordinates: great-circle km × `detour`, at `speed_kmh`, plus `overhead`
/// minutes on every leg between different places.
pub fn coordinate_travel(at: &[(f64, f64)], detour: f64, speed_kmh: f64, overhead: f64) -> Travel {
    let geo = GeoTravel {
        at: at.to_vec(),
        detour,
        speed_kmh,
        overhead,
    };
    let n = at.len();
    if n > Travel::DENSE_LIMIT {
        return Travel::geo(geo);
    }
    let mut t = Travel::new(n);
    if let Some((minutes, km)) = t.dense_mut() {
        minutes
            .par_chunks_mut(n.max(1))
            .zip(km.par_chunks_mut(n.max(1)))
            .enumerate()
            .for_each(|(i, (m, k))| {
                for j in 0..n {
                    (m[j], k[j]) = geo.leg(i, j);
                }
            });
    }
    t
}

fn index_of<'a>(places: &'a [Place]) -> HashMap<&'a str, usize> {
    places.iter().enumerate().map(|(i, p)| (p.id, i)).collect()
}

fn nonneg(
    csv: &table::Csv,
    row: &(usize, csv::StringRecord),
    col: &str,
    sink: &mut Sink,
) -> Option<f64> {
    let x = csv.number(row, col, sink)?;
    if x < 0.0 {
        sink.at(
            &csv.loc(row.0),
            col,
            code::BAD_NUMBER,
            format!("`{col}` is negative ({x})"),
            format!("`{col}` must be 0 or more"),
        );
        return None;
    }
    Some(x)
}

fn matrix(
    scenario: &Path,
    name: &str,
    places: &[Place],
    overhead: f64,
    sink: &mut Sink,
) -> Option<Travel> {
    let csv = table::read(
        scenario,
        name,
        "travel.matrix",
        &["from", "to", "minutes", "km"],
        &[],
        sink,
    )?;
    let ids = index_of(places);
    let all: Vec<&str> = places.iter().map(|p| p.id).collect();
    let n = places.len();
    let mut given: HashMap<(usize, usize), (f64, f64, usize)> = HashMap::new();
    let mut ok = true;
    for row in &csv.rows {
        let end = |col: &str, sink: &mut Sink| -> Option<usize> {
            let id = csv.text(&row.1, col)?;
            match ids.get(id) {
                Some(&i) => Some(i),
                None => {
                    sink.at(
                        &csv.loc(row.0),
                        col,
                        code::UNKNOWN_REFERENCE,
                        format!("`{id}` is not a base id or site code"),
                        suggest(id, &all),
                    );
                    None
                }
            }
        };
        let (from, to) = (end("from", sink), end("to", sink));
        let minutes = nonneg(&csv, row, "minutes", sink);
        let km = nonneg(&csv, row, "km", sink);
        let (Some(from), Some(to), Some(minutes), Some(km)) = (from, to, minutes, km) else {
            ok = false;
            continue;
        };
        if let Some(&(_, _, first)) = given.get(&(from, to)) {
            sink.at(
                &csv.loc(row.0),
                "from",
                code::DUPLICATE_ID,
                format!(
                    "the pair {} → {} is given twice (first on line {first})",
                    places[from].id, places[to].id
                ),
                "keep one row per pair",
            );
            ok = false;
            continue;
        }
        given.insert((from, to), (minutes, km, row.0));
    }
    if !ok {
        return None;
    }
    let mut t = Travel::new(n);
    for i in 0..n {
        for j in 0..n {
            if i == j {
                continue;
            }
            // A pair given in one direction only is taken as symmetric.
            match given.get(&(i, j)).or_else(|| given.get(&(j, i))) {
                Some(&(m, km, _)) => t.set(i, j, to_minutes(m + overhead), km as f32),
                None => t.set(i, j, Travel::UNREACHABLE, 0.0),
            }
        }
    }
    Some(t)
}

/// Cost of a path: minutes first, km to break ties (so km follow the fastest path).
#[derive(Debug, Clone, Copy, Default, PartialEq, PartialOrd)]
struct Cost {
    minutes: f64,
    km: f64,
}

impl Add for Cost {
    type Output = Cost;
    fn add(self, o: Cost) -> Cost {
        Cost {
            minutes: self.minutes + o.minutes,
            km: self.km + o.km,
        }
    }
}

/// One edge of a road graph.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub minutes: f64,
    pub km: f64,
    pub oneway: bool,
}

/// All-pairs travel between `places` (node ids) over a road graph: one Dijkstra per place,
/// in parallel. Pairs with no path are [`Travel::UNREACHABLE`] (and 0 km).
pub fn graph_travel<'a>(edges: &'a [Edge], places: &[&'a str], overhead: f64) -> Travel {
    let mut g: DiGraph<(), Cost> = DiGraph::new();
    let mut nodes: HashMap<&'a str, NodeIndex> = HashMap::new();
    let ids = edges
        .iter()
        .flat_map(|e| [e.from.as_str(), e.to.as_str()])
        .chain(places.iter().copied());
    for id in ids {
        nodes.entry(id).or_insert_with(|| g.add_node(()));
    }
    for e in edges {
        let (a, b) = (nodes[e.from.as_str()], nodes[e.to.as_str()]);
        let c = Cost {
            minutes: e.minutes,
            km: e.km,
        };
        g.add_edge(a, b, c);
        if !e.oneway {
            g.add_edge(b, a, c);
        }
    }
    let place_nodes: Vec<NodeIndex> = places.iter().map(|p| nodes[p]).collect();
    let n = places.len();
    let mut t = Travel::new(n);
    let Some((minutes, km)) = t.dense_mut() else {
        return t;
    };
    minutes
        .par_chunks_mut(n.max(1))
        .zip(km.par_chunks_mut(n.max(1)))
        .enumerate()
        .for_each(|(i, (m, k))| {
            let dist = dijkstra(&g, place_nodes[i], None, |e| *e.weight());
            for (j, dst) in place_nodes.iter().enumerate() {
                if i == j {
                    continue;
                }
                match dist.get(dst) {
                    Some(c) => {
                        m[j] = to_minutes(c.minutes + overhead);
                        k[j] = c.km as f32;
                    }
                    None => m[j] = Travel::UNREACHABLE,
                }
            }
        });
    t
}

fn graph(
    scenario: &Path,
    name: &str,
    places: &[Place],
    overhead: f64,
    sink: &mut Sink,
) -> Option<Travel> {
    let csv = table::read(
        scenario,
        name,
        "travel.edges",
        &["from", "to", "minutes", "km"],
        &["mode", "oneway"],
        sink,
    )?;
    let mut edges = Vec::with_capacity(csv.rows.len());
    let mut ok = true;
    for row in &csv.rows {
        let loc = csv.loc(row.0);
        let id = |col: &str, sink: &mut Sink| {
            let v = csv.text(&row.1, col).map(String::from);
            if v.is_none() {
                sink.at(
                    &loc,
                    col,
                    code::MISSING_FIELD,
                    format!("`{col}` is empty"),
                    "name the node",
                );
            }
            v
        };
        let (from, to) = (id("from", sink), id("to", sink));
        let minutes = nonneg(&csv, row, "minutes", sink);
        let km = nonneg(&csv, row, "km", sink);
        if let Some(mode) = csv.text(&row.1, "mode")
            && !MODES.contains(&mode.to_lowercase().as_str())
        {
            csv.bad(row.0, "mode", mode, "road, river, ferry or track", sink);
            ok = false;
        }
        let oneway = match csv.text(&row.1, "oneway").map(str::to_lowercase).as_deref() {
            None | Some("false" | "no" | "0") => Some(false),
            Some("true" | "yes" | "1") => Some(true),
            Some(other) => {
                csv.bad(row.0, "oneway", other, "true or false", sink);
                None
            }
        };
        match (from, to, minutes, km, oneway) {
            (Some(from), Some(to), Some(minutes), Some(km), Some(oneway)) => edges.push(Edge {
                from,
                to,
                minutes,
                km,
                oneway,
            }),
            _ => ok = false,
        }
    }
    let known: std::collections::HashSet<&str> = edges
        .iter()
        .flat_map(|e| [e.from.as_str(), e.to.as_str()])
        .collect();
    let mut node_ids = Vec::with_capacity(places.len());
    let some_nodes: Vec<&str> = {
        let mut v: Vec<&str> = known.iter().copied().collect();
        v.sort_unstable();
        v
    };
    for p in places {
        match p.node {
            None => {
                sink.at(
                    &p.loc,
                    "node",
                    code::MISSING_LOCATION,
                    format!(
                        "`{}` ({}) has no `node`, which graph travel needs",
                        p.id, p.name
                    ),
                    format!("add `node = \"...\"` naming a node of {name}"),
                );
                ok = false;
            }
            Some(n) if !known.contains(n) => {
                sink.at(
                    &p.loc,
                    "node",
                    code::UNKNOWN_REFERENCE,
                    format!("node `{n}` of `{}` ({}) is not in {name}", p.id, p.name),
                    suggest(n, &some_nodes),
                );
                ok = false;
            }
            Some(n) => node_ids.push(n),
        }
    }
    if !ok {
        return None;
    }
    Some(graph_travel(&edges, &node_ids, overhead))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edge(from: &str, to: &str, minutes: f64, km: f64, oneway: bool) -> Edge {
        Edge {
            from: from.into(),
            to: to.into(),
            minutes,
            km,
            oneway,
        }
    }

    #[test]
    fn haversine_matches_known_distances() {
        // One degree of latitude is about 111.2 km.
        let d = haversine_km(0.0, 0.0, 1.0, 0.0);
        assert!((d - 111.19).abs() < 0.05, "{d}");
        // Batang town to Semarang, about 78 km as the crow flies.
        let d = haversine_km(-6.9075, 109.7300, -6.9667, 110.4167);
        assert!((75.0..82.0).contains(&d), "{d}");
        assert_eq!(haversine_km(-7.0, 110.0, -7.0, 110.0), 0.0);
    }

    #[test]
    fn coordinate_travel_applies_detour_speed_and_overhead() {
        let t = coordinate_travel(&[(0.0, 0.0), (1.0, 0.0)], 1.5, 50.0, 5.0);
        let km = haversine_km(0.0, 0.0, 1.0, 0.0) * 1.5;
        assert!((f64::from(t.km(0, 1)) - km).abs() < 0.01);
        assert_eq!(t.minutes(0, 1), (km / 50.0 * 60.0 + 5.0).round() as u32);
        assert_eq!(t.minutes(1, 1), 0, "no overhead on the diagonal");
    }

    #[test]
    fn graph_takes_the_river_when_it_is_faster_and_respects_oneway() {
        // A—B by road 60 min 40 km, B—C by road 50 min 30 km, A—C by river 70 min 20 km.
        // C→D one way (10 min); D→A only by a long track.
        let edges = [
            edge("A", "B", 60.0, 40.0, false),
            edge("B", "C", 50.0, 30.0, false),
            edge("A", "C", 70.0, 20.0, false),
            edge("C", "D", 10.0, 5.0, true),
            edge("D", "A", 200.0, 90.0, true),
        ];
        let t = graph_travel(&edges, &["A", "B", "C", "D"], 0.0);
        assert_eq!(t.minutes(0, 2), 70, "river is faster than 110 min by road");
        assert_eq!(t.km(0, 2), 20.0, "km along the fastest path");
        assert_eq!(t.minutes(0, 3), 80);
        assert_eq!(
            t.minutes(3, 0),
            200,
            "the one-way edge cannot be taken back"
        );
        assert_eq!(t.minutes(3, 2), 270, "D→C goes round through A");
        assert_eq!(t.minutes(1, 1), 0);
    }

    #[test]
    fn graph_marks_disconnected_places_unreachable() {
        let edges = [
            edge("A", "B", 10.0, 5.0, false),
            edge("X", "Y", 10.0, 5.0, false),
        ];
        let t = graph_travel(&edges, &["A", "B", "X"], 3.0);
        assert_eq!(t.minutes(0, 1), 13, "overhead added to each leg");
        assert_eq!(t.minutes(0, 2), Travel::UNREACHABLE);
        assert_eq!(t.minutes(2, 0), Travel::UNREACHABLE);
    }
}
