//! Travel between places: a stored matrix or legs computed on demand from coordinates.

use super::Minutes;
use rayon::prelude::*;

/// Travel between places (bases then sites), in minutes and km.
///
/// Two forms behind one interface. A full matrix (`Dense`) for road graphs, explicit
/// matrices and districts of up to [`Travel::DENSE_LIMIT`] places; for larger districts with
/// coordinates travel, legs are computed on demand from the coordinates (`Geo`) with exactly
/// the formula the matrix would hold, so nothing of size places² is ever allocated.
#[derive(Debug, Clone, PartialEq)]
pub struct Travel {
    pub n: usize,
    form: Form,
}

#[derive(Debug, Clone, PartialEq)]
enum Form {
    Dense { minutes: Vec<Minutes>, km: Vec<f32> },
    Geo(GeoTravel),
}

/// Coordinates travel computed on demand: great-circle km × `detour`, at `speed_kmh`, plus
/// `overhead` minutes on every leg between different places.
#[derive(Debug, Clone, PartialEq)]
pub struct GeoTravel {
    pub at: Vec<(f64, f64)>,
    pub detour: f64,
    pub speed_kmh: f64,
    pub overhead: f64,
}

/// Mean Earth radius, km.
const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle distance in km.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

/// Whole minutes of a leg, never the unreachable marker.
pub fn to_minutes(m: f64) -> Minutes {
    m.round().clamp(0.0, f64::from(Travel::UNREACHABLE - 1)) as Minutes
}

/// Minutes of a leg of `km` (road km, detour included) at `speed_kmh`, plus `overhead`
/// minutes: the one formula for travel from coordinates (the loader, the generators and the
/// random test districts).
#[inline]
pub fn leg_minutes(km: f64, speed_kmh: f64, overhead: f64) -> Minutes {
    to_minutes(km / speed_kmh * 60.0 + overhead)
}

impl GeoTravel {
    /// (minutes, km) of the leg `from → to`.
    #[inline]
    pub fn leg(&self, from: usize, to: usize) -> (Minutes, f32) {
        if from == to {
            return (0, 0.0);
        }
        let (a, b) = (self.at[from], self.at[to]);
        let km = haversine_km(a.0, a.1, b.0, b.1) * self.detour;
        (leg_minutes(km, self.speed_kmh, self.overhead), km as f32)
    }
}

impl Travel {
    /// Marker for "no path"; never present in a validated problem.
    pub const UNREACHABLE: Minutes = Minutes::MAX;

    /// Most places for which coordinates travel is stored as a full matrix (8 bytes per
    /// pair: 4,000 places take 128 MB); beyond it legs are computed on demand.
    pub const DENSE_LIMIT: usize = 4_000;

    /// A full matrix of `n` places, all legs 0 until [`Travel::set`].
    pub fn new(n: usize) -> Self {
        Travel {
            n,
            form: Form::Dense {
                minutes: vec![0; n * n],
                km: vec![0.0; n * n],
            },
        }
    }

    /// Legs computed on demand from coordinates.
    pub fn geo(geo: GeoTravel) -> Self {
        Travel {
            n: geo.at.len(),
            form: Form::Geo(geo),
        }
    }

    #[inline]
    pub fn minutes(&self, from: usize, to: usize) -> Minutes {
        match &self.form {
            Form::Dense { minutes, .. } => minutes[from * self.n + to],
            Form::Geo(g) => g.leg(from, to).0,
        }
    }

    #[inline]
    pub fn km(&self, from: usize, to: usize) -> f32 {
        match &self.form {
            Form::Dense { km, .. } => km[from * self.n + to],
            Form::Geo(g) => g.leg(from, to).1,
        }
    }

    /// Sets one leg; a computed-on-demand travel is first stored as a full matrix.
    pub fn set(&mut self, from: usize, to: usize, minutes: Minutes, km: f32) {
        if let Form::Geo(_) = self.form {
            self.form = self.to_dense_form();
        }
        if let Form::Dense { minutes: m, km: k } = &mut self.form {
            m[from * self.n + to] = minutes;
            k[from * self.n + to] = km;
        }
    }

    /// This travel with one more place inserted at index `at`, where place `like` is (in
    /// the old numbering): every leg to or from it is `like`'s, and the legs between the two
    /// are 0 (on-demand coordinates: the leg overhead, as between any two places).
    pub fn with_place_like(&self, at: usize, like: usize) -> Travel {
        let n = self.n;
        // Old index of each new index (the new place maps to `like`).
        let old = |i: usize| -> usize {
            if i < at {
                i
            } else if i == at {
                like
            } else {
                i - 1
            }
        };
        match &self.form {
            Form::Geo(g) => {
                let mut g = g.clone();
                g.at.insert(at, g.at[like]);
                Travel::geo(g)
            }
            Form::Dense { .. } => {
                let mut t = Travel::new(n + 1);
                for i in 0..=n {
                    for j in 0..=n {
                        let (a, b) = (old(i), old(j));
                        if a == b {
                            continue;
                        }
                        t.set(i, j, self.minutes(a, b), self.km(a, b));
                    }
                }
                t
            }
        }
    }

    fn to_dense_form(&self) -> Form {
        let n = self.n;
        let mut minutes = vec![0; n * n];
        let mut km = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..n {
                minutes[i * n + j] = self.minutes(i, j);
                km[i * n + j] = self.km(i, j);
            }
        }
        Form::Dense { minutes, km }
    }

    /// The full matrices (row-major, `n × n`), when travel is stored that way.
    pub fn dense(&self) -> Option<(&[Minutes], &[f32])> {
        match &self.form {
            Form::Dense { minutes, km } => Some((minutes, km)),
            Form::Geo(_) => None,
        }
    }

    /// Mutable full matrices, for building travel row by row in parallel.
    pub fn dense_mut(&mut self) -> Option<(&mut [Minutes], &mut [f32])> {
        match &mut self.form {
            Form::Dense { minutes, km } => Some((minutes, km)),
            Form::Geo(_) => None,
        }
    }

    /// The coordinates form, when legs are computed on demand.
    pub fn as_geo(&self) -> Option<&GeoTravel> {
        match &self.form {
            Form::Geo(g) => Some(g),
            Form::Dense { .. } => None,
        }
    }

    /// [`Travel::shortest_in`] and [`Travel::shortest_out`] together (one sweep when legs
    /// are the same both ways).
    pub fn shortest_in_out(&self) -> (Vec<Minutes>, Vec<Minutes>) {
        let into = self.shortest_in();
        let out = match &self.form {
            Form::Geo(_) => into.clone(),
            Form::Dense { .. } => self.shortest_out(),
        };
        (into, out)
    }

    /// For every place, the shortest leg out of it to any other place (0 for a single
    /// place).
    pub fn shortest_out(&self) -> Vec<Minutes> {
        let n = self.n;
        match &self.form {
            Form::Dense { .. } => (0..n)
                .map(|from| {
                    (0..n)
                        .filter(|&t| t != from)
                        .map(|t| self.minutes(from, t))
                        .min()
                        .unwrap_or(0)
                })
                .collect(),
            // Great-circle legs are the same both ways.
            Form::Geo(_) => self.shortest_in(),
        }
    }

    /// For every place, the shortest leg into it from any other place (0 for a single
    /// place). A full matrix is scanned; on-demand coordinates use a latitude sweep, so
    /// large districts need no n² work.
    pub fn shortest_in(&self) -> Vec<Minutes> {
        let n = self.n;
        match &self.form {
            Form::Dense { .. } => (0..n)
                .map(|to| {
                    (0..n)
                        .filter(|&f| f != to)
                        .map(|f| self.minutes(f, to))
                        .min()
                        .unwrap_or(0)
                })
                .collect(),
            Form::Geo(g) => {
                // Minutes grow with km, so the nearest place by great-circle distance has
                // the shortest leg; a degree of latitude is at least 110.5 km. Each place's
                // sweep is independent: they run in parallel, collected in order.
                let mut order: Vec<usize> = (0..n).collect();
                order.sort_by(|&a, &b| g.at[a].0.total_cmp(&g.at[b].0));
                let nearest: Vec<Option<usize>> = (0..n)
                    .into_par_iter()
                    .map(|k| {
                        let i = order[k];
                        let mut best = f64::INFINITY;
                        let mut best_j = None;
                        for dir in [-1i64, 1] {
                            let mut m = k as i64 + dir;
                            while m >= 0 && (m as usize) < n {
                                let j = order[m as usize];
                                if (g.at[j].0 - g.at[i].0).abs() * 110.5 > best {
                                    break;
                                }
                                let d = haversine_km(g.at[i].0, g.at[i].1, g.at[j].0, g.at[j].1);
                                if d < best {
                                    best = d;
                                    best_j = Some(j);
                                }
                                m += dir;
                            }
                        }
                        best_j
                    })
                    .collect();
                let mut out = vec![0; n];
                for (k, j) in nearest.into_iter().enumerate() {
                    let i = order[k];
                    out[i] = j.map_or(0, |j| g.leg(j, i).0);
                }
                out
            }
        }
    }
}

#[cfg(test)]
mod travel_tests {
    use super::*;

    fn points(n: usize) -> Vec<(f64, f64)> {
        // A deterministic scatter over ~60 × 60 km.
        (0..n)
            .map(|i| {
                let a = (i as f64 * 0.618_033_988_7).fract();
                let b = (i as f64 * 0.414_213_562_3).fract();
                (-7.2 + 0.55 * a, 109.5 + 0.55 * b)
            })
            .collect()
    }

    #[test]
    fn on_demand_legs_equal_the_stored_matrix() {
        let geo = GeoTravel {
            at: points(300),
            detour: 1.3,
            speed_kmh: 35.0,
            overhead: 4.0,
        };
        let lazy = Travel::geo(geo.clone());
        let mut dense = Travel::new(300);
        for i in 0..300 {
            for j in 0..300 {
                let (m, k) = geo.leg(i, j);
                dense.set(i, j, m, k);
            }
        }
        for i in 0..300 {
            for j in 0..300 {
                assert_eq!(lazy.minutes(i, j), dense.minutes(i, j));
                assert_eq!(lazy.km(i, j), dense.km(i, j));
            }
        }
        assert_eq!(lazy.shortest_in(), dense.shortest_in());
        let both = (dense.shortest_in(), dense.shortest_out());
        assert_eq!(lazy.shortest_in_out(), both);
        assert_eq!(dense.shortest_in_out(), both);
        // Setting a leg stores the whole matrix first, then changes only that leg.
        let mut edited = lazy.clone();
        edited.set(3, 4, 999, 1.0);
        assert!(edited.dense().is_some());
        assert_eq!(edited.minutes(3, 4), 999);
        assert_eq!(edited.minutes(4, 3), lazy.minutes(4, 3));
    }

    #[test]
    fn an_inserted_place_travels_like_the_place_it_copies() {
        let geo = GeoTravel {
            at: points(12),
            detour: 1.3,
            speed_kmh: 35.0,
            overhead: 4.0,
        };
        let lazy = Travel::geo(geo.clone());
        let mut stored = Travel::new(12);
        for i in 0..12 {
            for j in 0..12 {
                let (m, k) = geo.leg(i, j);
                stored.set(i, j, m, k);
            }
        }
        for t in [lazy, stored] {
            // A new place at index 2 where place 7 is.
            let q = t.with_place_like(2, 7);
            assert_eq!(q.n, 13);
            let old = |i: usize| if i < 2 { i } else { i - 1 };
            for i in (0..13).filter(|&i| i != 2) {
                for j in (0..13).filter(|&j| j != 2) {
                    assert_eq!(q.minutes(i, j), t.minutes(old(i), old(j)));
                }
                if old(i) != 7 {
                    assert_eq!(q.minutes(2, i), t.minutes(7, old(i)));
                    assert_eq!(q.minutes(i, 2), t.minutes(old(i), 7));
                }
            }
        }
    }
}
