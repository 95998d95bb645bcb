//! Random scenario text and site CSVs: problems are reported, never a panic.

use super::*;
use proptest::prelude::*;

const HEAD: &str = "[scenario]\nname = \"p\"\nstart = 2025-01-01\nsite_files = [\"s.csv\"]\n\
                    [target]\neligible = 10\nshare = 0.3\n\
                    [[bases]]\nid = \"o\"\nlat = -7\nlon = 110\n\
                    [[teams]]\nid = \"A\"\nbase = \"o\"\nstaff = 2\nshift = \"07:30-15:30\"\n";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any text as a scenario: problems are reported, never a panic.
    #[test]
    fn any_toml_text(text in "[a-z_\\[\\]=\"0-9:., \\n{}-]{0,300}") {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.toml");
        std::fs::write(&path, format!("{HEAD}{text}")).unwrap();
        std::fs::write(dir.path().join("s.csv"), "code,name,kind,district,eligible\n").unwrap();
        if let Err(d) = scenario::load(&path) {
            prop_assert!(!d.is_empty());
        }
    }

    /// Any cells in a site CSV.
    #[test]
    fn any_site_csv(rows in proptest::collection::vec(
        proptest::collection::vec("[a-z0-9.|:-]{0,12}", 8), 0..6)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.toml");
        std::fs::write(&path, HEAD).unwrap();
        let mut csv = String::from("code,name,kind,district,lat,lon,eligible,window\n");
        for r in rows {
            csv.push_str(&r.join(","));
            csv.push('\n');
        }
        std::fs::write(dir.path().join("s.csv"), csv).unwrap();
        if let Err(d) = scenario::load(&path) {
            prop_assert!(d.0.iter().all(|x| !x.message.is_empty()));
        }
    }
}
