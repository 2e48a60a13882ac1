//! `cargo xtask gen-iana [--check]`: writes tls-wire's IANA registry tables
//! (`crates/tls-wire/src/ids/tables/*.rs`) from the CSVs in `testdata/iana/`.
//!
//! Each table is one `registry! { ... }` invocation (the macro lives in `ids/mod.rs`), one entry
//! per assigned value, in registry order. `--check` regenerates in memory and fails, listing the
//! files, if the checked-in tables differ.
//!
//! Rows are turned into entries as follows:
//! - rows whose value is a range (`42-255`) and rows named `Unassigned…` or `Reserved…`
//!   (including private and experimental use) are skipped; a range with any other name is an
//!   error, so a new kind of row cannot slip through unseen;
//! - a trailing `(renamed from "…")` note is dropped (`supported_groups (renamed from
//!   "elliptic_curves")` → `supported_groups`); other parenthesised notes are part of the name
//!   (`connection_id (deprecated)`, `X25519Kyber768Draft00 (OBSOLETE)`), which also keeps them
//!   distinct from the current assignment of the same name;
//! - [`RENAMES`] maps the 2026 registry's RFC 9846 / RFC 9847 spellings back to
//!   the names of the RFCs we implement; every name ending in `_RESERVED` must be either renamed
//!   there or listed in [`KEEP_RESERVED`] with the RFC that spells it that
//!   way, so each such row is a decision;
//! - [`EXTRAS`] adds the few values an RFC we implement defines but the registry
//!   leaves out (`invalid(0)` of RFC 8446's ContentType);
//! - the constant is the name upper-cased with each run of non-alphanumeric characters turned
//!   into one `_`, trimmed ([`constant_name`]);
//! - if two rows of one registry still end up with the same constant (or the same name), every
//!   row after the first, in registry order, gets `_<value in decimal>` appended to the constant
//!   (or the name); none of the current registries needs this, and the generator says so when it
//!   happens.
//!
//! The output is already in the form `cargo fmt` leaves alone (rustfmt does not touch the body of
//! a brace-delimited macro call), so `--check` compares bytes.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use data::{EXTRAS, KEEP_RESERVED, REGISTRIES, RENAMES, Registry};

mod data;

/// Where the generated files go, relative to the workspace root.
const OUT_DIR: &str = "crates/tls-wire/src/ids/tables";

/// Where the CSVs are read from, relative to the workspace root.
const CSV_DIR: &str = "testdata/iana";

/// One generated table entry.
struct Entry {
    constant: String,
    name: String,
    value: u32,
}

pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => return Err("usage: cargo xtask gen-iana [--check]".into()),
    };
    let root = crate::workspace_root();
    let files = generate(&root.join(CSV_DIR))?;
    let out_dir = root.join(OUT_DIR);
    if check {
        check_files(&out_dir, &files)
    } else {
        write_files(&out_dir, &files)
    }
}

/// Every output file (name in `tables/` → contents).
fn generate(csv_dir: &Path) -> Result<BTreeMap<String, String>, String> {
    let mut files = BTreeMap::new();
    let mut used_renames = BTreeSet::new();
    let mut used_keeps = BTreeSet::new();
    for registry in REGISTRIES {
        let path = csv_dir.join(format!("{}.csv", registry.csv));
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("reading {}: {e}", path.display()))?;
        let entries = entries(registry, &text, &mut used_renames, &mut used_keeps)?;
        files.insert(
            format!("{}.rs", registry.module),
            render(registry, &entries),
        );
    }
    for (i, rename) in RENAMES.iter().enumerate() {
        if !used_renames.contains(&i) {
            return Err(format!(
                "rename {} → {} matches no row of {}.csv",
                rename.registry_name, rename.our_name, rename.csv
            ));
        }
    }
    for (i, keep) in KEEP_RESERVED.iter().enumerate() {
        if !used_keeps.contains(&i) {
            return Err(format!(
                "KEEP_RESERVED {} matches no row of {}.csv",
                keep.name, keep.csv
            ));
        }
    }
    files.insert("mod.rs".to_owned(), render_mod());
    Ok(files)
}

/// The assigned rows of one registry, renamed and disambiguated.
fn entries(
    registry: &Registry,
    text: &str,
    used_renames: &mut BTreeSet<usize>,
    used_keeps: &mut BTreeSet<usize>,
) -> Result<Vec<Entry>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let mut entries: Vec<Entry> = Vec::new();
    let mut constants = BTreeSet::new();
    let mut names = BTreeSet::new();
    for (line, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("{}.csv: {e}", registry.csv))?;
        let at = || format!("{}.csv row {}", registry.csv, line + 2);
        let value_text = record.get(0).unwrap_or_default().trim();
        let registry_name = record.get(1).unwrap_or_default().trim();
        let skipped =
            registry_name.starts_with("Unassigned") || registry_name.starts_with("Reserved");
        let Some(value) = parse_value(value_text).map_err(|e| format!("{}: {e}", at()))? else {
            if skipped {
                continue;
            }
            return Err(format!(
                "{}: range {value_text} named {registry_name:?}",
                at()
            ));
        };
        if skipped {
            continue;
        }
        if value > registry.repr.max() {
            return Err(format!(
                "{}: value {value_text} does not fit {}",
                at(),
                registry.repr.rust()
            ));
        }
        let mut name = strip_renamed_note(registry_name).to_owned();
        if let Some(i) = RENAMES
            .iter()
            .position(|r| r.csv == registry.csv && r.registry_name == name)
        {
            used_renames.insert(i);
            name = RENAMES
                .get(i)
                .map(|r| r.our_name.to_owned())
                .unwrap_or(name);
        } else if name.ends_with("_RESERVED") {
            let keep = KEEP_RESERVED
                .iter()
                .position(|k| k.csv == registry.csv && k.name == name);
            match keep {
                Some(i) => {
                    used_keeps.insert(i);
                }
                None => {
                    return Err(format!(
                        "{}: {name} is neither in RENAMES nor in KEEP_RESERVED; decide which",
                        at()
                    ));
                }
            }
        }
        let mut constant = constant_name(&name);
        if constant.is_empty() || constant.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(format!("{}: {name:?} gives no usable constant name", at()));
        }
        if constants.contains(&constant) {
            eprintln!(
                "gen-iana: {}: constant {constant} taken; using {constant}_{value}",
                at()
            );
            constant = format!("{constant}_{value}");
        }
        if names.contains(&name) {
            eprintln!(
                "gen-iana: {}: name {name} taken; using {name}_{value}",
                at()
            );
            name = format!("{name}_{value}");
        }
        if entries.iter().any(|e| e.value == value) {
            return Err(format!("{}: value {value_text} assigned twice", at()));
        }
        constants.insert(constant.clone());
        names.insert(name.clone());
        entries.push(Entry {
            constant,
            name,
            value,
        });
    }
    for extra in EXTRAS.iter().filter(|e| e.csv == registry.csv) {
        if entries
            .iter()
            .any(|e| e.value == extra.value || e.name == extra.name)
        {
            return Err(format!(
                "{}.csv now lists {} ({}): drop it from EXTRAS",
                registry.csv, extra.name, extra.value
            ));
        }
        let at = entries
            .iter()
            .position(|e| e.value > extra.value)
            .unwrap_or(entries.len());
        let entry = Entry {
            constant: constant_name(extra.name),
            name: extra.name.to_owned(),
            value: extra.value,
        };
        entries.insert(at, entry);
    }
    Ok(entries)
}

/// The value as IANA writes it: `"0x13,0x01"`, `0x0403` or decimal. `None` for a range
/// (`42-255`, `"0x00,0x1C-1D"`, or `"0xCB,*"` for a whole second byte).
fn parse_value(text: &str) -> Result<Option<u32>, String> {
    if text.contains('-') || text.contains('*') {
        return Ok(None);
    }
    let hex = |s: &str| {
        let digits = s
            .trim()
            .strip_prefix("0x")
            .or_else(|| s.trim().strip_prefix("0X"));
        digits
            .ok_or_else(|| format!("bad hex value {s:?}"))
            .and_then(|d| u32::from_str_radix(d, 16).map_err(|e| format!("bad value {s:?}: {e}")))
    };
    if let Some((high, low)) = text.split_once(',') {
        let (high, low) = (hex(high)?, hex(low)?);
        if high > 0xff || low > 0xff {
            return Err(format!("bad byte pair {text:?}"));
        }
        return Ok(Some(high << 8 | low));
    }
    if text.starts_with("0x") || text.starts_with("0X") {
        return hex(text).map(Some);
    }
    text.parse::<u32>()
        .map(Some)
        .map_err(|e| format!("bad value {text:?}: {e}"))
}

/// Drops a trailing `(renamed from "…")` note: the name before it is the current one.
fn strip_renamed_note(name: &str) -> &str {
    match name.find(" (renamed from ") {
        Some(at) if name.ends_with(')') => name.get(..at).unwrap_or(name).trim_end(),
        _ => name,
    }
}

/// The constant for an RFC name: upper-cased, each run of non-alphanumeric characters turned
/// into one `_`, leading and trailing `_` trimmed.
fn constant_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_uppercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

/// One table file.
fn render(registry: &Registry, entries: &[Entry]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// @generated by cargo xtask gen-iana from testdata/iana/{}.csv; do not edit.",
        registry.csv
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "registry! {{");
    for line in registry.doc {
        if line.is_empty() {
            let _ = writeln!(out, "    ///");
        } else {
            let _ = writeln!(out, "    /// {line}");
        }
    }
    let grease = registry
        .grease
        .map(|g| format!(" grease({g})"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "    pub struct {}({}){grease};",
        registry.type_name,
        registry.repr.rust()
    );
    for rename in RENAMES.iter().filter(|r| r.csv == registry.csv) {
        let _ = writeln!(
            out,
            "    // Registry name `{}`; we use `{}` ({}).",
            rename.registry_name, rename.our_name, rename.source
        );
    }
    for keep in KEEP_RESERVED.iter().filter(|k| k.csv == registry.csv) {
        let _ = writeln!(
            out,
            "    // `{}` keeps its suffix: {} spells it so.",
            keep.name, keep.source
        );
    }
    for extra in EXTRAS.iter().filter(|e| e.csv == registry.csv) {
        let _ = writeln!(
            out,
            "    // `{}` ({}) is not in the registry; {} defines it.",
            extra.name,
            registry.repr.literal(extra.value),
            extra.source
        );
    }
    for entry in entries {
        let _ = writeln!(
            out,
            "    {} = {} => \"{}\",",
            entry.constant,
            registry.repr.literal(entry.value),
            entry.name.escape_default()
        );
    }
    let _ = writeln!(out, "}}");
    out
}

/// `tables/mod.rs`: declares and re-exports every table.
fn render_mod() -> String {
    let mut out = String::new();
    let _ = writeln!(out, "// @generated by cargo xtask gen-iana; do not edit.");
    let _ = writeln!(out);
    let _ = writeln!(out, "//! The IANA registry tables, one file per registry.");
    let _ = writeln!(out);
    let mut modules: Vec<&Registry> = REGISTRIES.iter().collect();
    modules.sort_by_key(|r| r.module);
    for registry in &modules {
        let _ = writeln!(out, "mod {};", registry.module);
    }
    let _ = writeln!(out);
    for registry in &modules {
        let _ = writeln!(out, "pub use {}::{};", registry.module, registry.type_name);
    }
    out
}

fn write_files(out_dir: &Path, files: &BTreeMap<String, String>) -> Result<(), String> {
    std::fs::create_dir_all(out_dir).map_err(|e| format!("creating {}: {e}", out_dir.display()))?;
    for stale in stale_files(out_dir, files)? {
        std::fs::remove_file(&stale).map_err(|e| format!("removing {}: {e}", stale.display()))?;
    }
    for (name, contents) in files {
        let path = out_dir.join(name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(contents.as_str()) {
            std::fs::write(&path, contents)
                .map_err(|e| format!("writing {}: {e}", path.display()))?;
        }
    }
    Ok(())
}

fn check_files(out_dir: &Path, files: &BTreeMap<String, String>) -> Result<(), String> {
    let mut differ: Vec<String> = stale_files(out_dir, files)?
        .iter()
        .map(|p| {
            format!(
                "{OUT_DIR}/{} (not generated)",
                p.file_name().unwrap_or_default().display()
            )
        })
        .collect();
    for (name, contents) in files {
        let path = out_dir.join(name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(contents.as_str()) {
            differ.push(format!("{OUT_DIR}/{name}"));
        }
    }
    if differ.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "IANA tables differ from the generator (run `cargo xtask gen-iana`):\n  {}",
            differ.join("\n  ")
        ))
    }
}

/// `.rs` files in the output directory the generator does not produce.
fn stale_files(out_dir: &Path, files: &BTreeMap<String, String>) -> Result<Vec<PathBuf>, String> {
    let listing = match std::fs::read_dir(out_dir) {
        Ok(listing) => listing,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("listing {}: {e}", out_dir.display())),
    };
    let mut stale = Vec::new();
    for item in listing {
        let path = item
            .map_err(|e| format!("listing {}: {e}", out_dir.display()))?
            .path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.ends_with(".rs") && !files.contains_key(name) {
            stale.push(path);
        }
    }
    stale.sort();
    Ok(stale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_name_upper_cases_and_joins_with_single_underscores() {
        assert_eq!(constant_name("client_hello"), "CLIENT_HELLO");
        assert_eq!(
            constant_name("TLS_AES_128_GCM_SHA256"),
            "TLS_AES_128_GCM_SHA256"
        );
        assert_eq!(
            constant_name("TLS_DH_anon_WITH_RC4_128_MD5"),
            "TLS_DH_ANON_WITH_RC4_128_MD5"
        );
        assert_eq!(
            constant_name("ecdsa_brainpoolP256r1tls13_sha256"),
            "ECDSA_BRAINPOOLP256R1TLS13_SHA256"
        );
        assert_eq!(
            constant_name("connection_id (deprecated)"),
            "CONNECTION_ID_DEPRECATED"
        );
        assert_eq!(
            constant_name("X25519Kyber768Draft00 (OBSOLETE)"),
            "X25519KYBER768DRAFT00_OBSOLETE"
        );
        assert_eq!(constant_name("  a--b..c  "), "A_B_C");
        assert_eq!(constant_name("TLSv1.3"), "TLSV1_3");
    }

    fn test_registry() -> Registry {
        Registry {
            csv: "test",
            type_name: "Test",
            module: "test",
            repr: data::Repr::U8,
            grease: None,
            doc: &[],
        }
    }

    fn test_entries(text: &str) -> Result<Vec<(String, String, u32)>, String> {
        let (mut renames, mut keeps) = (BTreeSet::new(), BTreeSet::new());
        let entries = entries(&test_registry(), text, &mut renames, &mut keeps)?;
        Ok(entries
            .into_iter()
            .map(|e| (e.constant, e.name, e.value))
            .collect())
    }

    #[test]
    fn colliding_constants_and_names_get_the_value_appended() {
        let text =
            "Value,Description\n1,foo-bar\n2,foo_bar\n3,foo_bar\n4,Reserved\n5-9,Unassigned\n";
        let expected = [
            ("FOO_BAR", "foo-bar", 1),
            ("FOO_BAR_2", "foo_bar", 2),
            ("FOO_BAR_3", "foo_bar_3", 3),
        ];
        let expected: Vec<_> = expected
            .iter()
            .map(|&(c, n, v)| (c.to_owned(), n.to_owned(), v))
            .collect();
        assert_eq!(test_entries(text), Ok(expected));
    }

    #[test]
    fn unexplained_reserved_names_and_named_ranges_are_errors() {
        assert!(test_entries("Value,Description\n1,foo_RESERVED\n").is_err());
        assert!(test_entries("Value,Description\n1-2,foo\n").is_err());
        assert!(test_entries("Value,Description\n256,foo\n").is_err());
    }

    #[test]
    fn renamed_from_note_is_dropped() {
        assert_eq!(
            strip_renamed_note("supported_groups (renamed from \"elliptic_curves\")"),
            "supported_groups"
        );
        assert_eq!(
            strip_renamed_note("connection_id (deprecated)"),
            "connection_id (deprecated)"
        );
    }

    #[test]
    fn values_parse_in_every_iana_notation() {
        assert_eq!(parse_value("0x13,0x01"), Ok(Some(0x1301)));
        assert_eq!(parse_value("0x0403"), Ok(Some(0x0403)));
        assert_eq!(parse_value("254"), Ok(Some(254)));
        assert_eq!(parse_value("42-255"), Ok(None));
        assert_eq!(parse_value("0x00,0x1C-1D"), Ok(None));
        assert_eq!(parse_value("0xCB,*"), Ok(None));
        assert!(parse_value("0x1,0x100").is_err());
    }
}
