//! Reading a village list (and, optionally, a weights file joined by code) for
//! [`crate::generate::region`].
//!
//! Two layouts are accepted, told apart by their header:
//! - the plain `code,name,district,lat,lon,weight`;
//! - the area files of Kemendagri codes (`code,name,kind,kecamatan_code,kecamatan_name,
//!   lat,lon,...,kabkota_code,kabkota_name,...`), where the kecamatan is the district and
//!   the kab/kota is the group a base can be placed in.
//!
//! The weight is a population proxy. It comes from the column named by `weight_column`
//! (default `weight`), in the village file or in a weights file with a `code` column;
//! `tps` means `tps_regular` plus `tps_special` (2024 polling stations) when there is no
//! `tps` column. Every bad row is reported with its file, line and column.

use super::diagnostics::{Diagnostic, code};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// One village as read.
#[derive(Debug, Clone, PartialEq)]
pub struct Village {
    pub code: String,
    pub name: String,
    /// `desa`, `kelurahan` or empty.
    pub kind: String,
    /// District (kecamatan) id and name.
    pub district: String,
    pub district_name: String,
    /// Kab/kota code and name (empty in the plain layout).
    pub group: String,
    pub group_name: String,
    pub lat: f64,
    pub lon: f64,
    /// Population proxy (≥ 0).
    pub weight: f64,
    /// Line in the village file (the header is line 1).
    pub line: usize,
}

/// Most problems listed before giving up.
const MAX_PROBLEMS: usize = 50;

/// A CSV read into memory with its header map.
struct Table {
    path: PathBuf,
    header: Vec<String>,
    rows: Vec<(usize, Vec<String>)>,
}

impl Table {
    fn col(&self, names: &[&str]) -> Option<usize> {
        names
            .iter()
            .find_map(|n| self.header.iter().position(|h| h == n))
    }
}

fn problem(
    code: &'static str,
    file: &Path,
    line: Option<usize>,
    field: &str,
    message: String,
    hint: &str,
) -> Diagnostic {
    Diagnostic {
        code,
        file: file.to_path_buf(),
        line,
        field: field.to_string(),
        message,
        hint: hint.to_string(),
    }
}

fn read_table(path: &Path, problems: &mut Vec<Diagnostic>) -> Option<Table> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            problems.push(problem(
                code::FILE_MISSING,
                path,
                None,
                "",
                format!("cannot be read: {e}"),
                "check the path (relative to the current folder)",
            ));
            return None;
        }
    };
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(bytes);
    let mut header: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize);
                problems.push(problem(
                    code::CSV_SYNTAX,
                    path,
                    line,
                    "",
                    format!("not valid UTF-8 CSV: {e}"),
                    "save the file as UTF-8 CSV",
                ));
                return None;
            }
        };
        let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
        let cells: Vec<String> = rec.iter().map(|c| c.trim().to_string()).collect();
        match &header {
            None => header = Some(cells.iter().map(|c| c.to_ascii_lowercase()).collect()),
            Some(h) => {
                if cells.len() != h.len() {
                    problems.push(problem(code::CSV_SYNTAX,
                        path,
                        Some(line),
                        "",
                        format!(
                            "this row has {} cells but the header has {}",
                            cells.len(),
                            h.len()
                        ),
                        "add the missing cells (empty is fine: `,,`) or quote text that contains commas",
                    ));
                    continue;
                }
                rows.push((line, cells));
            }
        }
    }
    let Some(header) = header else {
        problems.push(problem(
            code::EMPTY,
            path,
            None,
            "",
            "the file is empty".into(),
            "the first line must name the columns, e.g. code,name,district,lat,lon,weight",
        ));
        return None;
    };
    Some(Table {
        path: path.to_path_buf(),
        header,
        rows,
    })
}

/// Where the weight of a row comes from.
enum WeightSource {
    /// One column.
    Column(usize),
    /// The sum of two columns (`tps_regular` + `tps_special`).
    Sum(usize, usize),
}

fn weight_source(t: &Table, column: &str) -> Option<WeightSource> {
    let column = column.to_ascii_lowercase();
    if let Some(c) = t.col(&[&column]) {
        return Some(WeightSource::Column(c));
    }
    if column == "tps" {
        let regular = t.col(&["tps_regular"])?;
        return Some(match t.col(&["tps_special"]) {
            Some(special) => WeightSource::Sum(regular, special),
            None => WeightSource::Column(regular),
        });
    }
    None
}

fn weight_of(
    t: &Table,
    src: &WeightSource,
    line: usize,
    cells: &[String],
    field: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<f64> {
    let cols = match src {
        WeightSource::Column(c) => vec![*c],
        WeightSource::Sum(a, b) => vec![*a, *b],
    };
    let mut total = 0.0;
    for c in cols {
        let cell = &cells[c];
        let name = &t.header[c];
        match cell.parse::<f64>() {
            Ok(x) if x.is_finite() && x >= 0.0 => total += x,
            _ => {
                let message = if cell.is_empty() {
                    format!("the weight (column `{name}`) is empty")
                } else {
                    format!("the weight `{cell}` (column `{name}`) is not a number of 0 or more")
                };
                problems.push(problem(
                    code::CSV_BAD_VALUE,
                    &t.path,
                    Some(line),
                    if field.is_empty() { name } else { field },
                    message,
                    "write a number like 12 (a population proxy); or pick another --weight-column",
                ));
                return None;
            }
        }
    }
    Some(total)
}

/// Reads a village list. `weight_column` defaults to `weight`; `weights` is an optional CSV
/// with a `code` column and the weight column, joined by code.
pub fn read_villages(
    path: &Path,
    weight_column: Option<&str>,
    weights: Option<&Path>,
) -> Result<Vec<Village>, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let Some(t) = read_table(path, &mut problems) else {
        return Err(problems);
    };
    let column = weight_column.unwrap_or("weight");
    let code = t.col(&["code", "kode"]);
    let name = t.col(&["name", "nama"]);
    let district = t.col(&["district", "kecamatan_code", "kecamatan"]);
    let district_name = t.col(&["district_name", "kecamatan_name"]);
    let kind = t.col(&["kind"]);
    let group = t.col(&["kabkota_code", "group"]);
    let group_name = t.col(&["kabkota_name", "group_name"]);
    let lat = t.col(&["lat", "latitude"]);
    let lon = t.col(&["lon", "lng", "longitude"]);
    for (col, what) in [
        (code, "code"),
        (name, "name"),
        (district, "district (or kecamatan_code)"),
        (lat, "lat"),
        (lon, "lon"),
    ] {
        if col.is_none() {
            problems.push(problem(code::CSV_MISSING_COLUMN,
                &t.path,
                Some(1),
                "header",
                format!("required column `{what}` is missing"),
                "the first line must name the columns, at least: code,name,district,lat,lon (and weight)",
            ));
        }
    }
    let header_ok = problems.iter().all(|p| p.field != "header");
    // The weight: in the village file, else in the weights file.
    let own_weight = weight_source(&t, column);
    let mut joined: Option<HashMap<String, f64>> = None;
    if own_weight.is_none() {
        match weights {
            None => problems.push(problem(
                code::CSV_MISSING_COLUMN,
                &t.path,
                Some(1),
                "header",
                format!("weight column `{column}` is missing"),
                "add the column, name another with --weight-column, or join a file with --weights",
            )),
            Some(wpath) => joined = read_weights(wpath, column, &mut problems),
        }
    }
    if !header_ok || (own_weight.is_none() && joined.is_none()) {
        return Err(problems);
    }
    let (code, name, district, lat, lon) = (
        code.unwrap_or(0),
        name.unwrap_or(0),
        district.unwrap_or(0),
        lat.unwrap_or(0),
        lon.unwrap_or(0),
    );
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(t.rows.len());
    for (line, cells) in &t.rows {
        if problems.len() >= MAX_PROBLEMS {
            break;
        }
        let line = *line;
        let before = problems.len();
        let text = |col: usize, field: &str, problems: &mut Vec<Diagnostic>| {
            let v = cells[col].clone();
            if v.is_empty() {
                problems.push(problem(
                    code::MISSING_FIELD,
                    &t.path,
                    Some(line),
                    field,
                    format!("`{field}` is empty"),
                    "every village needs a code, a name and a district",
                ));
            }
            v
        };
        let c = text(code, "code", &mut problems);
        let n = text(name, "name", &mut problems);
        let d = text(district, &t.header[district].clone(), &mut problems);
        let mut coordinate = |col: usize, field: &str, limit: f64| {
            let cell = &cells[col];
            match cell.parse::<f64>() {
                Ok(x) if x.is_finite() && x.abs() <= limit => Some(x),
                _ => {
                    let why = if cell.is_empty() {
                        "is empty".to_string()
                    } else {
                        format!("`{cell}` is not a {field} in decimal degrees (±{limit})")
                    };
                    problems.push(problem(code::BAD_COORDINATES,
                        &t.path,
                        Some(line),
                        field,
                        format!("{field} {why}"),
                        "write decimal degrees like -7.0455 (lat) and 109.7280 (lon); check they are not swapped",
                    ));
                    None
                }
            }
        };
        let la = coordinate(lat, "lat", 90.0);
        let lo = coordinate(lon, "lon", 180.0);
        let w = match (&own_weight, &joined) {
            (Some(src), _) => weight_of(&t, src, line, cells, "", &mut problems),
            (None, Some(map)) => match map.get(&c) {
                Some(w) => Some(*w),
                None => {
                    problems.push(problem(
                        code::UNKNOWN_REFERENCE,
                        &t.path,
                        Some(line),
                        "code",
                        format!("village `{c}` ({n}) has no row in the weights file"),
                        "add the village to the weights file, or correct its code",
                    ));
                    None
                }
            },
            (None, None) => None,
        };
        if !c.is_empty() {
            if let Some(first) = seen.get(&c) {
                problems.push(problem(
                    code::DUPLICATE_ID,
                    &t.path,
                    Some(line),
                    "code",
                    format!("village code `{c}` is already used on line {first}"),
                    "give every village its own code",
                ));
            } else {
                seen.insert(c.clone(), line);
            }
        }
        if problems.len() > before {
            continue;
        }
        let cell = |col: Option<usize>| col.map(|i| cells[i].clone()).unwrap_or_default();
        let dn = cell(district_name);
        out.push(Village {
            code: c,
            name: n,
            kind: cell(kind),
            district_name: if dn.is_empty() { d.clone() } else { dn },
            district: d,
            group: cell(group),
            group_name: cell(group_name),
            lat: la.unwrap_or(0.0),
            lon: lo.unwrap_or(0.0),
            weight: w.unwrap_or(0.0),
            line,
        });
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.line);
        return Err(problems);
    }
    if out.is_empty() {
        return Err(vec![problem(
            code::EMPTY,
            &t.path,
            None,
            "",
            "the file lists no villages".into(),
            "add one row per village below the header",
        )]);
    }
    Ok(out)
}

fn read_weights(
    path: &Path,
    column: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<HashMap<String, f64>> {
    let t = read_table(path, problems)?;
    let Some(code) = t.col(&["code", "kode"]) else {
        problems.push(problem(
            code::CSV_MISSING_COLUMN,
            path,
            Some(1),
            "header",
            "required column `code` is missing".into(),
            "the weights file needs a code column matching the village codes",
        ));
        return None;
    };
    let Some(src) = weight_source(&t, column) else {
        problems.push(problem(
            code::CSV_MISSING_COLUMN,
            path,
            Some(1),
            "header",
            format!("weight column `{column}` is missing"),
            "name an existing column with --weight-column (e.g. tps_regular)",
        ));
        return None;
    };
    let before = problems.len();
    let mut map = HashMap::new();
    let mut seen = HashSet::new();
    for (line, cells) in &t.rows {
        if problems.len() >= MAX_PROBLEMS {
            break;
        }
        let c = cells[code].clone();
        if !seen.insert(c.clone()) {
            problems.push(problem(
                code::DUPLICATE_ID,
                path,
                Some(*line),
                "code",
                format!("code `{c}` appears twice"),
                "keep one row per village",
            ));
            continue;
        }
        if let Some(w) = weight_of(&t, &src, *line, cells, "", problems) {
            map.insert(c, w);
        }
    }
    // A bad weights file is reported on its own rows, not again on every village.
    (problems.len() == before).then_some(map)
}

/// A `date,name` holiday list (further columns ignored), e.g. regional holidays.
pub fn read_holidays(path: &Path) -> Result<Vec<(chrono::NaiveDate, String)>, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let Some(t) = read_table(path, &mut problems) else {
        return Err(problems);
    };
    let (Some(date), name) = (t.col(&["date", "tanggal"]), t.col(&["name", "nama"])) else {
        return Err(vec![problem(
            code::CSV_MISSING_COLUMN,
            path,
            Some(1),
            "header",
            "required column `date` is missing".into(),
            "the first line must name the columns: date,name",
        )]);
    };
    let mut out = Vec::new();
    for (line, cells) in &t.rows {
        match chrono::NaiveDate::parse_from_str(&cells[date], "%Y-%m-%d") {
            Ok(d) => out.push((d, name.map(|n| cells[n].clone()).unwrap_or_default())),
            Err(_) => problems.push(problem(
                code::BAD_DATE,
                path,
                Some(*line),
                "date",
                format!("`{}` is not a date", cells[date]),
                "write dates as YYYY-MM-DD, e.g. 2024-02-28",
            )),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn file(text: &str) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(text.as_bytes()).unwrap();
        f
    }

    #[test]
    fn reads_the_plain_layout() {
        let f = file(
            "code,name,district,lat,lon,weight\nA,Desa A,K1,-7.1,109.7,3\nB,Desa B,K1,-7.2,109.8,0\n",
        );
        let v = read_villages(f.path(), None, None).unwrap();
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].district_name, "K1");
        assert_eq!(v[1].weight, 0.0);
        assert_eq!(v[1].line, 3);
    }

    #[test]
    fn joins_tps_weights_by_code() {
        let villages = file(
            "code,name,kind,kecamatan_code,kecamatan_name,lat,lon,population,kabkota_code,kabkota_name,coord_source\n\
             1.1,Satu,desa,1,Kec Satu,-7,110,,9,Kab,c\n1.2,Dua,kelurahan,1,Kec Satu,-7.1,110.1,,9,Kab,c\n",
        );
        let weights = file("code,name,tps_regular,tps_special\n1.1,Satu,5,1\n1.2,Dua,7,0\n");
        let v = read_villages(villages.path(), Some("tps"), Some(weights.path())).unwrap();
        assert_eq!(v[0].weight, 6.0);
        assert_eq!(v[1].weight, 7.0);
        assert_eq!(v[0].district_name, "Kec Satu");
        assert_eq!(v[0].group, "9");
        // The empty population column cannot be a weight.
        let e = read_villages(villages.path(), Some("population"), None).unwrap_err();
        let text = crate::scenario::Diagnostics(e).to_string();
        assert!(
            text.contains(":2: [E014-csv-bad-value] population:"),
            "{text}"
        );
    }

    #[test]
    fn bad_rows_name_file_line_and_field() {
        let f = file(
            "code,name,district,lat,lon,weight\nA,Desa A,K1,-7.1,109.7,3\nB,Desa B,K1,abc,109.8,2\nA,Desa C,K1,-7.1,109.7,-1\nD,Desa D,K1\n",
        );
        let text = crate::scenario::Diagnostics(read_villages(f.path(), None, None).unwrap_err())
            .to_string();
        let name = f.path().display().to_string();
        assert!(
            text.contains(&format!("{name}:3: [E027-bad-coordinates] lat:")),
            "{text}"
        );
        assert!(
            text.contains(&format!("{name}:4: [E014-csv-bad-value] weight:")),
            "{text}"
        );
        assert!(
            text.contains(&format!("{name}:4: [E006-duplicate-id] code:")),
            "{text}"
        );
        assert!(
            text.contains(&format!("{name}:5: [E025-csv-syntax] ")),
            "{text}"
        );
    }
}
