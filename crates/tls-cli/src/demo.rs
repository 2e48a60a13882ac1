//! `tls demo`: until connections exist, decode a recorded TLS 1.3 handshake with `tls-wire` and
//! print every record and message it carried.
//!
//! The recording is the illustrated-tls13 connection (tls13.xargs.org), checked into
//! `testdata/` and built into the binary. Its protected records come with the plaintext the
//! trace's keys reveal; the demo decodes that plaintext as the receiver would after decryption
//! (record protection lands with `tls-keyschedule`). Every record goes through the same path a
//! connection will use: the [`Deframer`], the [`HandshakeJoiner`], then
//! [`HandshakeMessage::decode`].

use std::io::Write;

use serde_json::Value;
use tls::wire::extensions::{Extension, Extensions, KeyShareEntry};
use tls::wire::handshake::{
    HandshakeJoiner, HandshakeMessage, HandshakePayload, NegotiatedVersion,
};
use tls::wire::ids::{ContentType, ProtocolVersion};
use tls::wire::record::{Alert, ChangeCipherSpec, Deframer, InnerPlaintext, RecordLimit};

/// The recorded connection (source and licence in `testdata/README.md`).
const TRACE: &str = include_str!("../../../testdata/illustrated-tls13.json");

/// What one direction of the connection needs to decode its records.
struct Direction {
    deframer: Deframer,
    /// Handshake messages sent in the clear (the hellos).
    plaintext_joiner: HandshakeJoiner,
    /// Handshake messages sent under protection, after the key change.
    protected_joiner: HandshakeJoiner,
}

impl Direction {
    fn new() -> Self {
        Self {
            deframer: Deframer::new(RecordLimit::AnyVersion),
            plaintext_joiner: HandshakeJoiner::new(),
            protected_joiner: HandshakeJoiner::new(),
        }
    }
}

pub(crate) fn run(out: &mut impl Write) -> Result<(), String> {
    let trace: Value =
        serde_json::from_str(TRACE).map_err(|e| format!("built-in trace is not JSON: {e}"))?;
    let records = trace["records"]
        .as_array()
        .ok_or("built-in trace has no records")?;
    let w = |out: &mut dyn Write, line: String| writeln!(out, "{line}").map_err(|e| e.to_string());

    w(
        out,
        "tls demo: decoding a recorded TLS 1.3 handshake with tls-wire.".into(),
    )?;
    w(
        out,
        "  No live connection yet: our handshake, key schedule and certificate validation".into(),
    )?;
    w(
        out,
        "  come in the next steps; then this demo will connect our client to our server.".into(),
    )?;
    w(
        out,
        format!("  Recording: illustrated-tls13 ({} records)", records.len()),
    )?;
    w(out, String::new())?;

    let mut client = Direction::new();
    let mut server = Direction::new();
    let mut version = NegotiatedVersion::NotYet;
    for record in records {
        let from_client = record["direction"].as_str() == Some("client->server");
        let (side, arrow) = if from_client {
            (&mut client, "client -> server")
        } else {
            (&mut server, "server -> client")
        };
        let bytes = hex::decode(
            record["record_hex"]
                .as_str()
                .ok_or("record without bytes")?,
        )
        .map_err(|e| format!("record hex: {e}"))?;
        if side.deframer.extend(&bytes) != bytes.len() {
            return Err("the deframer did not take a whole record".into());
        }
        while let Some(rec) = side.deframer.next_record().map_err(|e| e.to_string())? {
            let header = rec.header();
            w(
                out,
                format!(
                    "{arrow}  record {} ({}), {} bytes",
                    header.typ, header.legacy_record_version, header.length
                ),
            )?;
            match header.typ {
                ContentType::HANDSHAKE => {
                    side.plaintext_joiner
                        .push(rec.fragment())
                        .map_err(|e| e.to_string())?;
                    drain(out, &mut side.plaintext_joiner, &mut version)?;
                }
                ContentType::CHANGE_CIPHER_SPEC => {
                    ChangeCipherSpec::decode_record(rec.fragment()).map_err(|e| e.to_string())?;
                    w(
                        out,
                        "    ChangeCipherSpec (middlebox compatibility; TLS 1.3 ignores it)".into(),
                    )?;
                }
                ContentType::ALERT => {
                    let alert = Alert::decode_record(rec.fragment()).map_err(|e| e.to_string())?;
                    w(
                        out,
                        format!("    Alert {} {}", alert.level, alert.description),
                    )?;
                }
                ContentType::APPLICATION_DATA => {
                    let Some(inner_hex) = record["inner_plaintext_hex"].as_str() else {
                        w(
                            out,
                            "    application data (no plaintext in the recording)".into(),
                        )?;
                        continue;
                    };
                    let mut inner =
                        hex::decode(inner_hex).map_err(|e| format!("inner hex: {e}"))?;
                    let (typ, content) =
                        InnerPlaintext::decode_in_place(&mut inner).map_err(|e| e.to_string())?;
                    w(
                        out,
                        format!("    protected; the trace's keys reveal its content: {typ}"),
                    )?;
                    match typ {
                        ContentType::HANDSHAKE => {
                            side.plaintext_joiner
                                .check_aligned_for_key_change()
                                .map_err(|e| e.to_string())?;
                            side.protected_joiner
                                .push(content)
                                .map_err(|e| e.to_string())?;
                            drain(out, &mut side.protected_joiner, &mut version)?;
                        }
                        ContentType::ALERT => {
                            let alert = Alert::decode_record(content).map_err(|e| e.to_string())?;
                            w(
                                out,
                                format!("    Alert {} {}", alert.level, alert.description),
                            )?;
                        }
                        _ => w(
                            out,
                            format!(
                                "    application data: {:?}",
                                String::from_utf8_lossy(content)
                            ),
                        )?,
                    }
                }
                other => w(out, format!("    unexpected content type {other}"))?,
            }
        }
    }
    w(out, String::new())?;
    w(
        out,
        "Every record and message above decoded and re-encoded byte for byte.".into(),
    )?;
    Ok(())
}

/// Decodes and prints every complete message the joiner holds.
fn drain(
    out: &mut dyn Write,
    joiner: &mut HandshakeJoiner,
    version: &mut NegotiatedVersion,
) -> Result<(), String> {
    while let Some(raw) = joiner.next_message().map_err(|e| e.to_string())? {
        let message = HandshakeMessage::decode(raw, *version).map_err(|e| e.to_string())?;
        let mut again = Vec::new();
        message.encode(&mut again);
        if again != raw {
            return Err(format!(
                "{} did not re-encode to the bytes it came from",
                message.typ()
            ));
        }
        for line in describe(message.payload(), version) {
            writeln!(out, "    {line}").map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// One line per field worth showing; sets `version` once a ServerHello selects one.
fn describe(payload: &HandshakePayload<'_>, version: &mut NegotiatedVersion) -> Vec<String> {
    let mut lines = Vec::new();
    match payload {
        HandshakePayload::ClientHello(ch) => {
            lines.push(format!("ClientHello  legacy_version {}", ch.legacy_version));
            let suites: Vec<String> = ch.cipher_suites.iter().map(ToString::to_string).collect();
            lines.push(format!("  cipher_suites: {}", suites.join(", ")));
            extensions(&mut lines, ch.extensions.as_ref());
        }
        HandshakePayload::ServerHello(sh) => {
            lines.push(format!("ServerHello  cipher_suite {}", sh.cipher_suite));
            extensions(&mut lines, sh.extensions.as_ref());
            let selected = sh
                .extensions
                .as_ref()
                .and_then(Extensions::selected_version);
            let selects_tls13 = selected == Some(ProtocolVersion::TLSV1_3);
            *version = if selects_tls13 {
                NegotiatedVersion::Tls13
            } else {
                NegotiatedVersion::Tls12
            };
        }
        HandshakePayload::HelloRetryRequest(hrr) => {
            lines.push(format!(
                "HelloRetryRequest  cipher_suite {}",
                hrr.cipher_suite
            ));
            extensions(&mut lines, Some(&hrr.extensions));
        }
        HandshakePayload::EncryptedExtensions(ee) => {
            lines.push("EncryptedExtensions".into());
            extensions(&mut lines, Some(&ee.extensions));
        }
        HandshakePayload::CertificateTls13(cert) => {
            lines.push(format!(
                "Certificate  {} entries",
                cert.certificate_list.len()
            ));
            for (i, entry) in cert.certificate_list.iter().enumerate() {
                lines.push(format!(
                    "  certificate {}: {} bytes of DER",
                    i + 1,
                    entry.cert_data.len()
                ));
            }
        }
        HandshakePayload::CertificateVerify(cv) => lines.push(format!(
            "CertificateVerify  {}, {}-byte signature",
            cv.algorithm,
            cv.signature.len()
        )),
        HandshakePayload::Finished(fin) => {
            lines.push(format!(
                "Finished  verify_data {}",
                hex::encode(&fin.verify_data)
            ));
        }
        HandshakePayload::NewSessionTicketTls13(nst) => {
            lines.push(format!(
                "NewSessionTicket  lifetime {}s, {}-byte ticket",
                nst.ticket_lifetime,
                nst.ticket.len()
            ));
            extensions(&mut lines, Some(&nst.extensions));
        }
        other => lines.push(format!("{}", other.typ())),
    }
    lines
}

fn extensions(lines: &mut Vec<String>, extensions: Option<&Extensions<'_>>) {
    let Some(extensions) = extensions else {
        lines.push("  (no extensions block)".into());
        return;
    };
    for ext in extensions.as_slice() {
        lines.push(format!(
            "  extension {}: {}",
            ext.typ(),
            describe_extension(ext)
        ));
    }
}

/// A short, human reading of the extensions a handshake usually carries; the codec's `Debug`
/// for the rest.
fn describe_extension(ext: &Extension<'_>) -> String {
    let list = |items: Vec<String>| items.join(", ");
    let share =
        |entry: &KeyShareEntry<'_>| format!("{} ({} bytes)", entry.group, entry.key_exchange.len());
    match ext {
        Extension::ServerName(names) => list(
            names
                .iter()
                .map(|n| format!("{:?}", String::from_utf8_lossy(n.name.as_slice())))
                .collect(),
        ),
        Extension::SupportedGroups(groups) => {
            list(groups.iter().map(ToString::to_string).collect())
        }
        Extension::SignatureAlgorithms(schemes) | Extension::SignatureAlgorithmsCert(schemes) => {
            list(schemes.iter().map(ToString::to_string).collect())
        }
        Extension::SupportedVersions(versions) => {
            list(versions.iter().map(ToString::to_string).collect())
        }
        Extension::SelectedVersion(version) => version.to_string(),
        Extension::KeyShareClientHello(shares) => {
            list(shares.client_shares.iter().map(share).collect())
        }
        Extension::KeyShareServerHello(shares) => share(&shares.server_share),
        Extension::ApplicationLayerProtocolNegotiation(protocols) => list(
            protocols
                .iter()
                .map(|p| format!("{:?}", String::from_utf8_lossy(p.as_slice())))
                .collect(),
        ),
        Extension::Opaque { body, .. } => {
            format!(
                "{} opaque bytes (no typed form for this message)",
                body.len()
            )
        }
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_decodes_the_whole_recording() {
        let mut out = Vec::new();
        run(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("ClientHello"), "{text}");
        assert!(
            text.contains("CertificateVerify  rsa_pss_rsae_sha256"),
            "{text}"
        );
        assert_eq!(text.matches("Finished  verify_data").count(), 2, "{text}");
        assert!(text.contains("application data: \"ping\""), "{text}");
    }
}
