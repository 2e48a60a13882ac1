//! record_size_limit (RFC 8449) between our two sides in memory, each version, each direction:
//! the limit one side advertises holds for every protected record the other sends (handshake
//! records too), not for unprotected ones; and the bounds a peer's limit must keep.

mod common;

use common::{CERTIFICATE_TYPES, GROUPS, Pair, configs, pki, read_all};
use tls::handshake::config::{SupportedCipherSuite, SupportedVersion};
use tls::wire::ids::AlertDescription;
use tls::{Connection, Error};

const LIMIT: u16 = 256;
const DATA: usize = 2000;

/// The version under test: its suite, and how many bytes a protected record adds to its
/// plaintext (TLS 1.3: the 16-byte tag, the content type being part of the limited
/// plaintext; TLS 1.2 AES-GCM: the 8-byte explicit nonce and the tag).
struct Version {
    versions: &'static [SupportedVersion],
    suite: SupportedCipherSuite,
    overhead: usize,
}

const TLS13: Version = Version {
    versions: &[SupportedVersion::Tls13],
    suite: SupportedCipherSuite::Tls13Aes128GcmSha256,
    overhead: 16,
};

const TLS12: Version = Version {
    versions: &[SupportedVersion::Tls12],
    suite: SupportedCipherSuite::Tls12EcdheEcdsaAes128GcmSha256,
    overhead: 24,
};

/// A pair of `version`, with `client_limit` and `server_limit` configured where given.
fn pair(version: &Version, client_limit: Option<u16>, server_limit: Option<u16>) -> Pair {
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let (client, server) = configs(anchors, certified, version.suite, GROUPS[0]);
    let (mut client, mut server) = (
        client.versions(version.versions),
        server.versions(version.versions),
    );
    if let Some(limit) = client_limit {
        client = client.record_size_limit(limit);
    }
    if let Some(limit) = server_limit {
        server = server.record_size_limit(limit);
    }
    Pair::new((client, server))
}

/// Moves everything `from` has for `to`, appending it to `log`.
fn deliver(from: &mut Connection, to: &mut Connection, log: &mut Vec<u8>) -> Result<(), Error> {
    let bytes = from.pending_output().to_vec();
    log.extend_from_slice(&bytes);
    let taken = to.receive(&bytes)?;
    assert_eq!(taken, bytes.len());
    from.consume_output(taken);
    Ok(())
}

/// Runs the handshake and sends `DATA` bytes each way; returns every byte each side sent.
fn run(pair: &mut Pair) -> (Vec<u8>, Vec<u8>) {
    let (mut from_client, mut from_server) = (Vec::new(), Vec::new());
    for _ in 0..8 {
        deliver(&mut pair.client, &mut pair.server, &mut from_client).unwrap();
        deliver(&mut pair.server, &mut pair.client, &mut from_server).unwrap();
        if !pair.client.is_handshaking() && !pair.server.is_handshaking() {
            break;
        }
    }
    assert!(!pair.client.is_handshaking() && !pair.server.is_handshaking());
    let data = common::pattern(DATA, 7);
    assert_eq!(pair.client.write(&data).unwrap(), DATA);
    assert_eq!(pair.server.write(&data).unwrap(), DATA);
    deliver(&mut pair.client, &mut pair.server, &mut from_client).unwrap();
    deliver(&mut pair.server, &mut pair.client, &mut from_server).unwrap();
    assert_eq!(read_all(&mut pair.server), data);
    assert_eq!(read_all(&mut pair.client), data);
    (from_client, from_server)
}

/// The records in `bytes`: (content type, fragment length, protected). In TLS 1.3 the
/// application_data records are the protected ones; in TLS 1.2 every record after the
/// sender's ChangeCipherSpec.
fn records(bytes: &[u8], version: &Version) -> Vec<(u8, usize, bool)> {
    let tls13 = version.versions == TLS13.versions;
    let mut rest = bytes;
    let mut after_change_cipher_spec = false;
    let mut out = Vec::new();
    while !rest.is_empty() {
        let len = usize::from(u16::from_be_bytes([rest[3], rest[4]]));
        let typ = rest[0];
        let protected = if tls13 {
            typ == 23
        } else {
            after_change_cipher_spec
        };
        out.push((typ, len, protected));
        after_change_cipher_spec |= typ == 20;
        rest = &rest[5 + len..];
    }
    out
}

/// The largest plaintext among the protected records `bytes` holds.
fn largest_protected(bytes: &[u8], version: &Version) -> usize {
    records(bytes, version)
        .iter()
        .filter(|(_, _, protected)| *protected)
        .map(|(_, len, _)| len - version.overhead)
        .max()
        .unwrap()
}

#[test]
fn a_limit_holds_for_every_protected_record_the_peer_sends_in_each_direction() {
    let limit = usize::from(LIMIT);
    for version in [&TLS13, &TLS12] {
        // The client limits the server's records.
        let (from_client, from_server) = run(&mut pair(version, Some(LIMIT), None));
        assert!(largest_protected(&from_server, version) <= limit);
        assert!(largest_protected(&from_client, version) > limit);
        // The server limits the client's.
        let (from_client, from_server) = run(&mut pair(version, None, Some(LIMIT)));
        assert!(largest_protected(&from_client, version) <= limit);
        assert!(largest_protected(&from_server, version) > limit);
        // Both.
        let (from_client, from_server) = run(&mut pair(version, Some(LIMIT), Some(LIMIT)));
        assert!(largest_protected(&from_client, version) <= limit);
        assert!(largest_protected(&from_server, version) <= limit);
    }
}

#[test]
fn tls13_handshake_records_are_limited_and_unprotected_ones_are_not() {
    let (_, from_server) = run(&mut pair(&TLS13, Some(LIMIT), None));
    let records = records(&from_server, &TLS13);
    // The ServerHello goes out in the clear, then the encrypted flight: its certificate alone
    // is larger than the limit, so it takes records of exactly the limit. The data's records
    // come last (255 bytes of data and the content type each).
    let protected: Vec<usize> = records
        .iter()
        .filter(|(_, _, protected)| *protected)
        .map(|(_, len, _)| len - TLS13.overhead)
        .collect();
    let data_records = DATA.div_ceil(usize::from(LIMIT) - 1);
    let (handshake, data) = protected.split_at(protected.len() - data_records);
    assert!(handshake.contains(&usize::from(LIMIT)), "{handshake:?}");
    assert!(handshake.iter().all(|len| *len <= usize::from(LIMIT)));
    assert_eq!(data[0], usize::from(LIMIT));
    assert!(
        records
            .iter()
            .any(|(typ, _, protected)| *typ == 22 && !protected)
    );
}

#[test]
fn tls12_unprotected_records_are_not_limited() {
    // The server's Certificate goes out before its ChangeCipherSpec, in one record over the
    // client's limit.
    let (_, from_server) = run(&mut pair(&TLS12, Some(LIMIT), None));
    let records = records(&from_server, &TLS12);
    assert!(
        records
            .iter()
            .any(|(typ, len, protected)| *typ == 22 && !protected && *len > usize::from(LIMIT))
    );
}

#[test]
fn a_limit_out_of_bounds_is_refused_by_the_builder() {
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let (client, server) = configs(anchors, certified, TLS13.suite, GROUPS[0]);
    assert!(client.record_size_limit(63).build().is_err());
    assert!(server.record_size_limit(63).build().is_err());
}

/// The client's first flight with its record_size_limit value replaced by `value`.
fn client_hello_with_limit(pair: &Pair, value: [u8; 2]) -> Vec<u8> {
    let mut hello = pair.client.pending_output().to_vec();
    let at = hello
        .windows(4)
        .position(|w| w == [0x00, 0x1c, 0x00, 0x02])
        .expect("the ClientHello advertises record_size_limit");
    hello[at + 4..at + 6].copy_from_slice(&value);
    hello
}

#[test]
fn a_server_refuses_a_client_limit_below_64_and_clamps_one_above_the_maximum() {
    for version in [&TLS13, &TLS12] {
        //= https://www.rfc-editor.org/rfc/rfc8449#section-4
        //# An endpoint MUST treat receipt of a smaller value
        //# as a fatal error and generate an "illegal_parameter" alert.
        let mut pair = pair(version, None, None);
        let hello = client_hello_with_limit(&pair, [0x00, 0x3f]);
        let error = pair.server.receive(&hello).unwrap_err();
        assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));

        // 2^16 - 1 is more than either version allows, and no error: the server holds the
        // client to what the version allows and answers with its flight.
        let mut pair = self::pair(version, None, None);
        let hello = client_hello_with_limit(&pair, [0xff, 0xff]);
        assert_eq!(pair.server.receive(&hello).unwrap(), hello.len());
        assert!(!pair.server.pending_output().is_empty());
    }
}

/// The server's first TLS 1.2 flight with `change` applied to the ServerHello's extension
/// block (the lengths around it follow).
fn server_hello_with(pair: &mut Pair, change: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let hello = pair.client.pending_output().to_vec();
    pair.server.receive(&hello).unwrap();
    let flight = pair.server.pending_output().to_vec();
    // record header (5), handshake header (4), version (2), random (32), session id.
    let session_id_len = usize::from(flight[5 + 4 + 34]);
    let extensions_len_at = 5 + 4 + 35 + session_id_len + 3;
    let extensions_len = usize::from(u16::from_be_bytes([
        flight[extensions_len_at],
        flight[extensions_len_at + 1],
    ]));
    let start = extensions_len_at + 2;
    let mut extensions = flight[start..start + extensions_len].to_vec();
    change(&mut extensions);
    let grown = extensions.len() - extensions_len;
    let mut out = flight[..start].to_vec();
    out.extend_from_slice(&extensions);
    out.extend_from_slice(&flight[start + extensions_len..]);
    let add = |out: &mut Vec<u8>, at: usize, width: usize| {
        let mut value = 0usize;
        for byte in &out[at..at + width] {
            value = value << 8 | usize::from(*byte);
        }
        let value = value + grown;
        for (i, byte) in out[at..at + width].iter_mut().enumerate() {
            *byte = (value >> (8 * (width - 1 - i))) as u8;
        }
    };
    add(&mut out, 3, 2);
    add(&mut out, 6, 3);
    add(&mut out, extensions_len_at, 2);
    out
}

/// Replaces the record_size_limit value in an extension block.
fn set_limit(extensions: &mut [u8], value: [u8; 2]) {
    let at = extensions
        .windows(4)
        .position(|w| w == [0x00, 0x1c, 0x00, 0x02])
        .expect("the ServerHello answers with record_size_limit");
    extensions[at + 4..at + 6].copy_from_slice(&value);
}

#[test]
fn a_tls12_client_refuses_a_server_limit_out_of_bounds_or_beside_max_fragment_length() {
    //= https://www.rfc-editor.org/rfc/rfc8449#section-4
    //# For TLS 1.2 and earlier, that limit
    //# is 2^14 octets.
    let changes: [fn(&mut Vec<u8>); 3] = [
        |extensions| set_limit(extensions, [0x40, 0x01]),
        |extensions| set_limit(extensions, [0x00, 0x3f]),
        |extensions| {
            extensions
                .splice(0..0, [0x00, 0x01, 0x00, 0x01, 0x01])
                .for_each(drop)
        },
    ];
    for change in changes {
        let mut pair = pair(&TLS12, None, None);
        let flight = server_hello_with(&mut pair, change);
        pair.client
            .consume_output(pair.client.pending_output().len());
        let error = pair.client.receive(&flight).unwrap_err();
        assert_eq!(
            error.alert(),
            Some(AlertDescription::ILLEGAL_PARAMETER),
            "{error}"
        );
    }
    // The unchanged flight is accepted, so the changes above are what is refused.
    let mut pair = pair(&TLS12, None, None);
    let flight = server_hello_with(&mut pair, |_| {});
    pair.client
        .consume_output(pair.client.pending_output().len());
    assert_eq!(pair.client.receive(&flight).unwrap(), flight.len());
}
