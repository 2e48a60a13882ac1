//! The RFC 8446 §4.2 table of `tls_wire::extensions` ([`allowed_in`]) against the "TLS 1.3"
//! column of the IANA "TLS ExtensionType Values" registry
//! (`testdata/iana/tls-extensiontype-values-1.csv`), for every one of the 65536 extension
//! type values: each assigned value has a row that says what the registry says, each
//! unassigned, reserved or private-use value has none, and every place where we differ from
//! the registry is listed below with its reason.

use tls_wire::extensions::{
    ExtensionContext, TLS13_EXTENSION_TABLE, Tls13Column, allowed_in, extension_rule,
};
use tls_wire::ids::ExtensionType;

/// Assigned values whose TLS 1.3 column we take from an RFC rather than the registry:
/// (value, the column we use, why).
const DELIBERATE_DIFFERENCES: &[(u16, &[&str], &str)] = &[(
    0x0000,
    &["CH", "EE"],
    "server_name: RFC 8446 §4.2 lists CH, EE; the registry adds CR for the \
     CertificateRequest of exported authenticators (RFC 9261), which is not a handshake \
     message",
)];

/// Why a `-` row (an extension of TLS 1.2 and earlier) is allowed in a ClientHello although
/// the registry lists no TLS 1.3 message for it.
const TLS12_ONLY_IN_CLIENT_HELLO: &str = "a client that offers TLS 1.2 as well as TLS 1.3 sends \
     its TLS 1.2 extensions in the one ClientHello, and a TLS 1.3 server ignores them; no \
     other TLS 1.3 message may carry them";

/// Why GREASE values, listed as "CH, CR, NST", have no row.
const GREASE_AS_UNKNOWN: &str = "RFC 8701 §3: receivers treat GREASE values like any unknown \
     value, so the handshake must see them as unrecognised; the registry's CH, CR, NST are \
     exactly the messages whose receivers ignore unrecognised extensions";

/// One row of the CSV: the values it covers, its name and its TLS 1.3 column.
struct Row {
    first: u16,
    last: u16,
    name: String,
    column: String,
}

fn rows() -> Vec<Row> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/iana/tls-extensiontype-values-1.csv"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut lines = text.lines();
    assert_eq!(
        csv_fields(lines.next().unwrap())[..3],
        ["Value", "Extension Name", "TLS 1.3"]
    );
    lines
        .filter(|line| !line.is_empty())
        .map(|line| {
            let fields = csv_fields(line);
            let (first, last) = match fields[0].split_once('-') {
                Some((first, last)) => (first.parse().unwrap(), last.parse().unwrap()),
                None => {
                    let value = fields[0].parse().unwrap();
                    (value, value)
                }
            };
            Row {
                first,
                last,
                name: fields[1].clone(),
                column: fields[2].clone(),
            }
        })
        .collect()
}

/// The fields of one CSV line (RFC 4180 quoting: `"..."`, with `""` for a quote).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            (c, _) => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

/// The contexts a column lists (`"CH, EE"`, `"CH,SH,HRR"`).
fn listed(column: &str) -> Vec<ExtensionContext> {
    column
        .split(',')
        .map(|abbreviation| {
            let abbreviation = abbreviation.trim();
            ExtensionContext::ALL
                .into_iter()
                .find(|c| c.abbreviation() == abbreviation)
                .unwrap_or_else(|| panic!("unknown message {abbreviation:?}"))
        })
        .collect()
}

/// `allowed_in` gives exactly `expected` for `value` in every context.
fn assert_allowed(value: u16, expected: &[ExtensionContext], why: &str) {
    for context in ExtensionContext::ALL {
        assert_eq!(
            allowed_in(ExtensionType::new(value), context),
            Some(expected.contains(&context)),
            "{value:#06x} in {context:?}: {why}"
        );
    }
}

/// `allowed_in` gives `None` for `value` in every context.
fn assert_no_row(value: u16, why: &str) {
    for context in ExtensionContext::ALL {
        assert_eq!(
            allowed_in(ExtensionType::new(value), context),
            None,
            "{value:#06x}: {why}"
        );
    }
}

#[test]
fn the_registry_covers_every_value_once() {
    let mut next = 0u32;
    for row in rows() {
        assert_eq!(u32::from(row.first), next, "{}", row.name);
        assert!(row.first <= row.last);
        next = u32::from(row.last) + 1;
    }
    assert_eq!(next, 0x1_0000);
}

#[test]
fn every_value_follows_the_registry_or_a_listed_difference() {
    let mut assigned = 0;
    let mut differences_used = Vec::new();
    for row in rows() {
        for value in row.first..=row.last {
            let typ = ExtensionType::new(value);
            if row.name == "Unassigned" || row.name.starts_with("Reserved for Private Use") {
                assert_eq!(row.column, "", "{value:#06x}");
                assert_no_row(value, "unassigned or private use");
            } else if row.name == "Reserved" && typ.is_grease() {
                assert_eq!(listed(&row.column), GREASE_CONTEXTS, "{value:#06x}");
                assert_no_row(value, GREASE_AS_UNKNOWN);
            } else if row.name == "Reserved" {
                // 40 and 46: used by TLS 1.3 drafts, never assigned.
                assert_eq!(row.column, "", "{value:#06x}");
                assert_no_row(value, "reserved, never assigned");
            } else {
                assigned += 1;
                let rule = extension_rule(typ).unwrap_or_else(|| panic!("no row for {}", row.name));
                if let Some((_, ours, why)) =
                    DELIBERATE_DIFFERENCES.iter().find(|(v, _, _)| *v == value)
                {
                    let ours: Vec<ExtensionContext> = listed(&ours.join(","));
                    assert_ne!(listed(&row.column), ours, "{why}: no longer a difference");
                    assert_allowed(value, &ours, why);
                    differences_used.push(value);
                } else if row.column == "-" {
                    assert_eq!(rule.tls13, Tls13Column::Tls12Only, "{}", row.name);
                    assert_allowed(
                        value,
                        &[ExtensionContext::ClientHello],
                        TLS12_ONLY_IN_CLIENT_HELLO,
                    );
                } else {
                    let Tls13Column::In(ours) = rule.tls13 else {
                        panic!(
                            "{} is TLS 1.2-only here, {:?} in the registry",
                            row.name, row.column
                        );
                    };
                    let mut ours = ours.to_vec();
                    let mut registry = listed(&row.column);
                    ours.sort_by_key(|c| c.abbreviation());
                    registry.sort_by_key(|c| c.abbreviation());
                    assert_eq!(ours, registry, "{}", row.name);
                    assert_allowed(value, &registry, &row.name);
                }
            }
        }
    }
    assert_eq!(assigned, TLS13_EXTENSION_TABLE.len());
    assert_eq!(
        differences_used.len(),
        DELIBERATE_DIFFERENCES.len(),
        "a listed difference matches no assigned value"
    );
}

/// The messages whose receivers ignore unrecognised extensions, which the registry lists for
/// GREASE values.
const GREASE_CONTEXTS: [ExtensionContext; 3] = [
    ExtensionContext::ClientHello,
    ExtensionContext::CertificateRequest,
    ExtensionContext::NewSessionTicket,
];

#[test]
fn grease_contexts_are_where_unrecognised_extensions_are_ignored() {
    let ignoring: Vec<ExtensionContext> = ExtensionContext::ALL
        .into_iter()
        .filter(|c| c.ignores_unrecognized())
        .collect();
    assert_eq!(ignoring, GREASE_CONTEXTS);
}

#[test]
fn the_tls12_extensions_we_type_may_appear_only_in_a_client_hello() {
    // The registry's `-`: listed here one by one, since each is a deliberate difference.
    for typ in [
        ExtensionType::EC_POINT_FORMATS,
        ExtensionType::EXTENDED_MASTER_SECRET,
        ExtensionType::SESSION_TICKET,
        ExtensionType::RENEGOTIATION_INFO,
        ExtensionType::ENCRYPT_THEN_MAC,
    ] {
        assert_allowed(
            typ.get(),
            &[ExtensionContext::ClientHello],
            TLS12_ONLY_IN_CLIENT_HELLO,
        );
    }
}

#[test]
fn the_other_extensions_we_type_follow_their_rfcs() {
    use ExtensionContext::{
        Certificate as CT, CertificateRequest as CR, ClientHello as CH, EncryptedExtensions as EE,
        HelloRetryRequest as HRR,
    };
    for (typ, contexts, source) in [
        (
            ExtensionType::MAX_FRAGMENT_LENGTH,
            &[CH, EE][..],
            "RFC 8446 §4.2",
        ),
        (ExtensionType::HEARTBEAT, &[CH, EE], "RFC 8446 §4.2"),
        (
            ExtensionType::SIGNED_CERTIFICATE_TIMESTAMP,
            &[CH, CR, CT],
            "RFC 8446 §4.2",
        ),
        (
            ExtensionType::COMPRESS_CERTIFICATE,
            &[CH, CR],
            "RFC 8879 §3",
        ),
        (ExtensionType::RECORD_SIZE_LIMIT, &[CH, EE], "RFC 8449 §4"),
        (
            ExtensionType::ENCRYPTED_CLIENT_HELLO,
            &[CH, HRR, EE],
            "RFC 9849",
        ),
    ] {
        assert_allowed(typ.get(), contexts, source);
    }
}
