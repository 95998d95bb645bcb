//! Kernel benchmarks (criterion): the pieces every plan run leans on.
//!
//! `cargo bench --bench kernels` — figures and their context are in docs/benchmarks.md.

use criterion::{Criterion, criterion_group, criterion_main};
use jemput::lp::{self, LpOptions};
use jemput::response::evaluate;
use jemput::scenario::travel::{Edge, graph_travel};
use jemput::strategy::{self, SolveOptions};
use jemput::synthetic::{Shape, random_problem};
use std::hint::black_box;

fn response_model(c: &mut Criterion) {
    // A full-year plan for a 300-site district with 4 teams.
    let p = random_problem(
        1,
        &Shape {
            sites: 300,
            teams: 4,
            days: 365,
            area_km: 60.0,
        },
    );
    let plan = strategy::by_name("greedy")
        .unwrap()
        .solve(&p, &SolveOptions::default())
        .plan;
    let visits = plan.visits();
    c.bench_function(
        &format!("evaluate full-year plan ({visits} visits, 300 sites)"),
        |b| b.iter(|| black_box(evaluate(black_box(&p), black_box(&plan)))),
    );
}

/// A year for `sites` sites with teams in proportion (one per 75 sites, at least 2).
fn district(sites: usize) -> jemput::problem::Problem {
    random_problem(
        7,
        &Shape {
            sites,
            teams: (sites / 75).max(2),
            days: 365,
            area_km: (sites as f64).sqrt() * 4.0,
        },
    )
}

fn lp_bound(c: &mut Criterion) {
    for sites in [300, 3_000, 30_000] {
        let p = district(sites);
        c.bench_function(
            &format!("LP bound: build + solve, {sites} sites x 12 months"),
            |b| b.iter(|| black_box(lp::bound(black_box(&p), &LpOptions::default()).unwrap())),
        );
    }
    // Generated districts, where every site may be visited in every month (four times the
    // visit variables of the random ones): the shape of
    // `jemput generate synthetic --villages N --teams T --districts D --area-km2 2500
    //  --eligible E --seed 3`.
    for (villages, teams, districts, eligible) in
        [(3_500, 20, 40, 2_000_000), (30_000, 100, 200, 10_000_000)]
    {
        let p = generated(villages, teams, districts, eligible);
        let b = lp::bound(&p, &LpOptions::default()).unwrap();
        eprintln!(
            "generated {villages}: {} sites, bound {:.2}, {}",
            p.sites.len(),
            b.value,
            b.status
        );
        c.bench_function(
            &format!("LP bound: build + solve, generated district of {villages} villages"),
            |b| b.iter(|| black_box(lp::bound(black_box(&p), &LpOptions::default()).unwrap())),
        );
        if villages <= 3_500 {
            let clarabel = LpOptions {
                backend: lp::Backend::Clarabel,
                ..LpOptions::default()
            };
            c.bench_function(
                &format!("LP bound with clarabel, generated district of {villages} villages"),
                |b| b.iter(|| black_box(lp::bound(black_box(&p), &clarabel).unwrap())),
            );
        }
    }
    let p = district(30_000);
    let dual_only = LpOptions {
        max_lp_sites: 0,
        ..LpOptions::default()
    };
    c.bench_function(
        "bound by dual search alone, 30,000 sites x 12 months",
        |b| b.iter(|| black_box(lp::bound(black_box(&p), &dual_only).unwrap())),
    );
}

/// A district from the generator (as `jemput generate synthetic` writes it), loaded.
fn generated(villages: u32, teams: u32, districts: u32, eligible: u64) -> jemput::problem::Problem {
    let spec = jemput::generate::synthetic::SyntheticSpec {
        seed: 3,
        sites: villages,
        teams,
        districts,
        area_km2: 2_500.0,
        eligible,
        ..Default::default()
    };
    let g = jemput::generate::synthetic::synthetic(&spec).expect("generates");
    jemput::generate::validate(&g, std::path::Path::new("generated.toml")).expect("loads")
}

/// A connected random road network: a ring plus two random chords per node.
fn road_graph(nodes: usize) -> (Vec<Edge>, Vec<String>) {
    let ids: Vec<String> = (0..nodes).map(|i| format!("n{i}")).collect();
    let mut edges = Vec::with_capacity(nodes * 3);
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in 0..nodes {
        let mut link = |j: usize, km: f64| {
            edges.push(Edge {
                from: ids[i].clone(),
                to: ids[j].clone(),
                minutes: km * 1.5,
                km,
                oneway: false,
            })
        };
        link((i + 1) % nodes, 1.0 + (i % 7) as f64);
        for _ in 0..2 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            link((x % nodes as u64) as usize, 3.0 + (x % 23) as f64);
        }
    }
    (edges, ids)
}

fn road_travel(c: &mut Criterion) {
    // Every node a place (1,000 Dijkstras), then 1,000 places on a 10,000-node network.
    for (nodes, places) in [(1_000, 1_000), (10_000, 1_000)] {
        let (edges, ids) = road_graph(nodes);
        let step = nodes / places;
        let at: Vec<&str> = (0..places).map(|i| ids[i * step].as_str()).collect();
        c.bench_function(
            &format!("travel matrix from a road graph: {nodes} nodes, {places} places"),
            |b| b.iter(|| black_box(graph_travel(black_box(&edges), &at, 5.0))),
        );
    }
}

criterion_group! {
    name = kernels;
    config = Criterion::default().sample_size(20);
    targets = response_model
}
criterion_group! {
    name = heavy;
    config = Criterion::default().sample_size(10);
    targets = lp_bound, road_travel
}
criterion_main!(kernels, heavy);
