//! The rows every comparison bench reports, and the JSON file they are written to.
//!
//! A bench binary measures its workloads, prints them, and, when `TLS_BENCH_JSON` names a file,
//! writes its rows there as a JSON array; `cargo xtask bench` runs the binaries with that
//! variable set, merges their files into `target/bench/results.json` and prints one table.

use std::fmt::Write as _;

/// What a row's figures count, and so which way is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Handshakes per second: higher is better.
    HandshakesPerSec,
    /// Gigabytes (10^9 bytes) per second: higher is better.
    GigabytesPerSec,
    /// Operations per second (decodes, verifications): higher is better.
    OpsPerSec,
    /// Heap bytes: lower is better.
    Bytes,
    /// Heap allocations: lower is better.
    Allocations,
}

impl Unit {
    /// The name written in the JSON file and the table.
    pub fn name(self) -> &'static str {
        match self {
            Self::HandshakesPerSec => "handshakes/s",
            Self::GigabytesPerSec => "GB/s",
            Self::OpsPerSec => "ops/s",
            Self::Bytes => "bytes",
            Self::Allocations => "allocations",
        }
    }

    /// Whether a larger figure is better (a rate) or worse (a cost).
    pub fn higher_is_better(self) -> bool {
        matches!(
            self,
            Self::HandshakesPerSec | Self::GigabytesPerSec | Self::OpsPerSec
        )
    }
}

/// One workload's figures: ours, rustls' (or rustls-webpki's), and the crypto floor's, where
/// they exist.
#[derive(Clone, Debug)]
pub struct Row {
    /// The group: "full handshake", "resumption", "bulk", "memory", "codec", "path validation".
    pub group: &'static str,
    /// The workload, e.g. "TLS 1.3 ECDSA P-256, server".
    pub workload: String,
    /// What the figures count.
    pub unit: Unit,
    /// Our figure.
    pub ours: f64,
    /// rustls' figure, when it has a like-for-like one.
    pub rustls: Option<f64>,
    /// The crypto floor's figure, when the workload has one.
    pub floor: Option<f64>,
    /// A remark for the table (what a column stands for when it is not the obvious).
    pub note: Option<String>,
}

impl Row {
    /// `ours / floor` as a share of the floor's speed (rates), or `None`.
    pub fn ours_per_floor(&self) -> Option<f64> {
        self.floor.map(|floor| ratio(self.unit, self.ours, floor))
    }

    /// `ours / rustls`: how many times rustls' speed we reach (rates), or rustls' cost per ours
    /// inverted so that above 1 is better for us (costs), or `None`.
    pub fn ours_per_rustls(&self) -> Option<f64> {
        self.rustls
            .map(|rustls| ratio(self.unit, self.ours, rustls))
    }

    /// The row as a JSON object.
    pub fn to_json(&self) -> String {
        let mut out = String::from("{");
        let _ = write!(
            out,
            "\"group\":{},\"workload\":{},\"unit\":{},\"ours\":{}",
            json_string(self.group),
            json_string(&self.workload),
            json_string(self.unit.name()),
            json_number(self.ours),
        );
        for (key, value) in [
            ("rustls", self.rustls),
            ("floor", self.floor),
            ("ours_per_floor", self.ours_per_floor()),
            ("ours_per_rustls", self.ours_per_rustls()),
        ] {
            let _ = write!(
                out,
                ",\"{key}\":{}",
                value.map_or_else(|| "null".to_owned(), json_number)
            );
        }
        let _ = write!(
            out,
            ",\"note\":{}}}",
            self.note
                .as_deref()
                .map_or_else(|| "null".to_owned(), json_string)
        );
        out
    }
}

/// Better-is-above-one ratio of `ours` to `other` in `unit`.
fn ratio(unit: Unit, ours: f64, other: f64) -> f64 {
    if unit.higher_is_better() {
        ours / other
    } else {
        other / ours
    }
}

fn json_number(value: f64) -> String {
    if value.is_finite() {
        format!("{value}")
    } else {
        "null".to_owned()
    }
}

fn json_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Formats a figure for the table: rates with three significant digits, counts whole.
pub fn format_figure(unit: Unit, value: f64) -> String {
    match unit {
        Unit::Bytes | Unit::Allocations => format!("{value:.0}"),
        Unit::GigabytesPerSec => format!("{value:.2}"),
        Unit::HandshakesPerSec | Unit::OpsPerSec if value >= 100.0 => format!("{value:.0}"),
        Unit::HandshakesPerSec | Unit::OpsPerSec => format!("{value:.1}"),
    }
}

/// Prints `rows` as a table: workload, unit, ours, rustls, floor, ours/floor, ours/rustls.
pub fn print_table(rows: &[Row]) {
    let workload_width = rows
        .iter()
        .map(|row| row.group.len() + 2 + row.workload.chars().count())
        .max()
        .unwrap_or(8)
        .max(8);
    println!(
        "{:<workload_width$}  {:>12}  {:>12}  {:>12}  {:>12}  {:>10}  {:>11}",
        "workload", "unit", "ours", "rustls", "floor", "ours/floor", "ours/rustls"
    );
    for row in rows {
        let dash = || "-".to_owned();
        let name = format!("{}: {}", row.group, row.workload);
        println!(
            "{:<workload_width$}  {:>12}  {:>12}  {:>12}  {:>12}  {:>10}  {:>11}",
            name,
            row.unit.name(),
            format_figure(row.unit, row.ours),
            row.rustls
                .map_or_else(dash, |value| format_figure(row.unit, value)),
            row.floor
                .map_or_else(dash, |value| format_figure(row.unit, value)),
            row.ours_per_floor()
                .map_or_else(dash, |value| format!("{:.1}%", value * 100.0)),
            row.ours_per_rustls()
                .map_or_else(dash, |value| format!("{value:.2}x")),
        );
        if let Some(note) = &row.note {
            println!("    ({note})");
        }
    }
}

/// Writes `rows` as a JSON array to the file `TLS_BENCH_JSON` names, if it names one.
pub fn write_json_if_asked(rows: &[Row]) -> std::io::Result<()> {
    let Some(path) = std::env::var_os("TLS_BENCH_JSON") else {
        return Ok(());
    };
    let body: Vec<String> = rows.iter().map(Row::to_json).collect();
    std::fs::write(path, format!("[\n{}\n]\n", body.join(",\n")))
}

/// The groups rows belong to, in table order.
pub const GROUPS: [&str; 6] = [
    "full handshake",
    "resumption",
    "bulk",
    "memory",
    "codec",
    "path validation",
];

/// Reads rows another bench wrote with [`write_json_if_asked`].
pub fn read_json(path: &std::path::Path) -> Result<Vec<Row>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let items = value
        .as_array()
        .ok_or_else(|| format!("{}: not an array of rows", path.display()))?;
    items
        .iter()
        .map(|item| {
            let text = |key: &str| item[key].as_str().ok_or(format!("a row without {key}"));
            let group = text("group")?;
            let group = GROUPS
                .into_iter()
                .find(|known| *known == group)
                .ok_or(format!("a row of an unknown group: {group}"))?;
            let unit = text("unit")?;
            let unit = [
                Unit::HandshakesPerSec,
                Unit::GigabytesPerSec,
                Unit::OpsPerSec,
                Unit::Bytes,
                Unit::Allocations,
            ]
            .into_iter()
            .find(|known| known.name() == unit)
            .ok_or(format!("a row of an unknown unit: {unit}"))?;
            Ok(Row {
                group,
                workload: text("workload")?.to_owned(),
                unit,
                ours: item["ours"].as_f64().ok_or("a row without ours")?,
                rustls: item["rustls"].as_f64(),
                floor: item["floor"].as_f64(),
                note: item["note"].as_str().map(str::to_owned),
            })
        })
        .collect()
}
