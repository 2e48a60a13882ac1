//! Answers that arrive later: connections that defer their requests wait for the application,
//! buffer what the peer sends meanwhile, and refuse misplaced answers without harm.

mod common;

use std::sync::Arc;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use common::{CERTIFICATE_TYPES, GROUPS, Pair, SUITES, configs, pki, read_all, transfer};
use tls::handshake::action::{Answer, Request, TicketState};
use tls::handshake::config::{SupportedGroup, SupportedVersion};
use tls::handshake::deps::SystemRng;
use tls::handshake::error::{HandshakeError, LocalError};
use tls::handshake::ticketer::{RotatingTicketer, Ticketer};
use tls::wire::ids::{AlertDescription, SignatureScheme};
use tls::{CertifiedKey, Error};
use zeroize::Zeroizing;

/// What the key service is sent: the connection's index, the request, its scheme and bytes.
type Job = (usize, tls::RequestId, SignatureScheme, Vec<u8>);
/// What it sends back: the connection's index, the request, the signature.
type Signed = (usize, tls::RequestId, Result<Vec<u8>, HandshakeError>);

/// A key service on another thread: signs each job it is sent after `delay`, and sends the
/// signature back tagged with the connection and request.
fn key_service(
    key: Arc<CertifiedKey>,
    delay: Duration,
) -> (
    mpsc::Sender<Job>,
    mpsc::Receiver<Signed>,
    thread::JoinHandle<()>,
) {
    let (requests, jobs) = mpsc::channel::<Job>();
    let (results, answers) = mpsc::channel();
    let worker = thread::spawn(move || {
        let rng = SystemRng::new();
        for (connection, id, scheme, message) in jobs {
            thread::sleep(delay);
            let signature = key.key().sign(scheme, &message, &rng);
            if results.send((connection, id, signature)).is_err() {
                return;
            }
        }
    });
    (requests, answers, worker)
}

#[test]
fn a_server_whose_signatures_arrive_from_another_thread_completes_1000_handshakes() {
    const HANDSHAKES: usize = 1000;
    const IN_FLIGHT: usize = 16;
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let (client, server) = configs(anchors, certified.clone(), SUITES[0], GROUPS[0]);
    let (client, server) = (client.build().unwrap(), server.build().unwrap());
    let (to_service, from_service, worker) =
        key_service(certified.clone(), Duration::from_micros(200));

    let mut pairs: Vec<Option<Pair>> = Vec::new();
    let (mut started, mut completed, mut signed) = (0, 0, 0);
    while completed < HANDSHAKES {
        // Keep IN_FLIGHT handshakes going.
        while pairs.iter().filter(|pair| pair.is_some()).count() < IN_FLIGHT && started < HANDSHAKES
        {
            let mut pair = Pair::with_configs(client.clone(), server.clone());
            pair.server.defer_requests();
            let free = pairs.iter().position(Option::is_none);
            match free {
                Some(index) => pairs[index] = Some(pair),
                None => pairs.push(Some(pair)),
            }
            started += 1;
        }
        // Move every pair as far as it goes without an answer.
        for (index, slot) in pairs.iter_mut().enumerate() {
            let Some(pair) = slot else { continue };
            transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
            while let Some((id, request)) = pair.server.take_request() {
                match request {
                    Request::Sign { scheme, message } => {
                        to_service.send((index, id, scheme, message)).unwrap();
                    }
                    Request::SelectCertificate(_) => pair
                        .server
                        .answer(id, Answer::Certificate(Ok(certified.clone())))
                        .unwrap(),
                    other => panic!("unexpected request {other:?}"),
                }
            }
            transfer(&mut pair.server, &mut pair.client, usize::MAX).unwrap();
            transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
            if !pair.client.is_handshaking() && !pair.server.is_handshaking() {
                completed += 1;
                *slot = None;
            }
        }
        // Answer the signatures that came back meanwhile (at least one, so the loop moves).
        if pairs.iter().any(|pair| {
            pair.as_ref()
                .is_some_and(|pair| pair.server.is_awaiting_answer())
        }) {
            let first = from_service.recv().unwrap();
            for (index, id, signature) in core::iter::once(first).chain(from_service.try_iter()) {
                let pair = pairs[index].as_mut().unwrap();
                assert!(pair.server.is_awaiting_answer());
                pair.server
                    .answer(id, Answer::Signature(signature))
                    .unwrap();
                signed += 1;
            }
        }
    }
    assert_eq!((completed, signed), (HANDSHAKES, HANDSHAKES));
    drop(to_service);
    worker.join().unwrap();
}

/// A server that defers, with the client's hello received: it awaits SelectCertificate.
fn server_awaiting() -> Pair {
    let mut pair = Pair::default_pair();
    pair.server.defer_requests();
    transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
    assert!(pair.server.is_awaiting_answer());
    pair
}

#[test]
fn answering_twice_another_request_or_with_another_kind_is_refused_and_changes_nothing() {
    let mut pair = server_awaiting();
    let (id, request) = pair.server.take_request().unwrap();
    assert!(matches!(request, Request::SelectCertificate(_)));
    // Taken once.
    assert!(pair.server.take_request().is_none());
    let answer = pair.server.answer_in_process(&request).unwrap();

    let error = pair
        .server
        .answer(id, Answer::Signature(Ok(vec![1, 2, 3])))
        .unwrap_err();
    assert_eq!(
        error,
        Error::AnswerDoesNotFit {
            request: "SelectCertificate"
        }
    );
    assert!(!error.is_fatal());
    assert!(pair.server.is_awaiting_answer());

    pair.server.answer(id, answer).unwrap();
    // The machine went on to the signature; the old id names nothing awaited now.
    let (sign_id, request) = pair.server.take_request().unwrap();
    assert!(matches!(request, Request::Sign { .. }));
    assert_ne!(sign_id, id);
    let signature = pair.server.answer_in_process(&request).unwrap();
    assert_eq!(
        pair.server
            .answer(id, Answer::Signature(Ok(vec![1, 2, 3])))
            .unwrap_err(),
        Error::WrongRequest
    );
    assert!(pair.server.is_awaiting_answer());
    pair.server.answer(sign_id, signature).unwrap();
    // Answering again: nothing is awaited.
    let again = pair
        .server
        .answer(sign_id, Answer::Signature(Ok(Vec::new())));
    assert_eq!(again.unwrap_err(), Error::NoRequestAwaited);
    assert!(pair.server.error().is_none());

    // The handshake completes and data flows.
    pair.handshake(usize::MAX);
    pair.client.write(b"after the answers").unwrap();
    transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
    assert_eq!(read_all(&mut pair.server), b"after the answers");
}

#[test]
fn a_failed_answer_ends_the_handshake_with_its_alert() {
    let mut pair = server_awaiting();
    let (id, request) = pair.server.take_request().unwrap();
    let answer = pair.server.answer_in_process(&request).unwrap();
    pair.server.answer(id, answer).unwrap();
    // The key service failed.
    let (id, _) = pair.server.take_request().unwrap();
    let error = pair
        .server
        .answer(id, Answer::Signature(Err(LocalError::SigningFailed.into())))
        .unwrap_err();
    assert!(error.is_fatal());
    assert_eq!(error.alert(), Some(AlertDescription::INTERNAL_ERROR));
    assert_eq!(pair.server.error(), Some(&error));
    // Its alert is the last record out (after the ServerHello and the flight so far).
    let out = pair.server.pending_output();
    assert!(!out.is_empty());
}

/// The client's whole view of the server's flight arrives while it waits to have the chain
/// verified: the messages after the Certificate wait, in each version, and go on after.
#[test]
fn a_peer_s_records_while_waiting_wait_and_are_processed_after_the_answer() {
    for version in [SupportedVersion::Tls13, SupportedVersion::Tls12] {
        let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
        let (client, server) = configs(anchors, certified, SUITES[0], GROUPS[0]);
        let suite = match version {
            SupportedVersion::Tls13 => SUITES[0],
            _ => tls::handshake::config::SupportedCipherSuite::Tls12EcdheEcdsaAes128GcmSha256,
        };
        let mut pair = Pair::new((
            client.versions(&[version]).cipher_suites(&[suite]),
            server.versions(&[version]).cipher_suites(&[suite]),
        ));
        pair.client.defer_requests();
        transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
        let flight = pair.server.pending_output().to_vec();
        assert_eq!(pair.client.receive(&flight).unwrap(), flight.len());
        pair.server.consume_output(flight.len());
        assert!(pair.client.is_awaiting_answer(), "{version:?}");
        // Nothing after the Certificate was acted on: no second flight yet.
        assert!(pair.client.pending_output().is_empty(), "{version:?}");
        let (id, request) = pair.client.take_request().unwrap();
        assert!(matches!(request, Request::VerifyChain { .. }));
        let answer = pair.client.answer_in_process(&request).unwrap();
        pair.client.answer(id, answer).unwrap();
        // The rest of the flight was processed: the client's Finished is out.
        assert!(!pair.client.pending_output().is_empty(), "{version:?}");
        pair.handshake(usize::MAX);
        assert!(!pair.client.is_handshaking());
    }
}

/// While the machine waits, the connection takes no more than its receive buffer holds: a
/// peer cannot make it buffer without bound.
#[test]
fn while_waiting_the_connection_takes_only_what_its_buffer_holds() {
    let mut pair = server_awaiting();
    let flood = vec![23; 1 << 20];
    let mut taken = 0;
    for _ in 0..4 {
        taken += pair.server.receive(&flood[taken..]).unwrap();
    }
    assert!(taken < flood.len() / 8, "took {taken} bytes");
    assert_eq!(pair.server.receive_room(), 0);
    // The answers (certificate, then signature) bring the buffered garbage to the
    // connection: a fatal error, with its alert.
    let mut result = Ok(());
    while let Some((id, request)) = pair.server.take_request() {
        let answer = pair.server.answer_in_process(&request).unwrap();
        result = pair.server.answer(id, answer);
    }
    let error = result.unwrap_err();
    assert!(error.is_fatal(), "{error}");
    assert!(!pair.server.is_awaiting_answer());
}

/// A fleet's ticketer whose tickets open elsewhere: the server asks for each with
/// `Request::OpenTicket` (the keys here are local; the answer comes from another thread).
#[derive(Debug)]
struct RemoteTicketer(RotatingTicketer);

impl Ticketer for RemoteTicketer {
    fn seal(&self, state: &[u8]) -> Option<Vec<u8>> {
        self.0.seal(state)
    }
    fn open(&self, ticket: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        self.0.open(ticket)
    }
    fn lifetime_secs(&self) -> u32 {
        self.0.lifetime_secs()
    }
    fn opens_later(&self) -> bool {
        true
    }
}

/// Resumes with a ticket opened by a "remote" store on another thread, in each version (and
/// in TLS 1.3 after a HelloRetryRequest, whose second ClientHello offers the same ticket); a
/// ticket the store cannot open is a full handshake; in process the same ticketer resumes.
#[test]
fn tickets_open_later_from_another_thread_in_each_version() {
    for (version, retry) in [
        (SupportedVersion::Tls13, false),
        (SupportedVersion::Tls13, true),
        (SupportedVersion::Tls12, false),
    ] {
        let ticketer = Arc::new(RemoteTicketer(RotatingTicketer::new().unwrap()));
        let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
        let (client, server) = configs(anchors, certified, SUITES[0], GROUPS[0]);
        let suite = match version {
            SupportedVersion::Tls13 => SUITES[0],
            _ => tls::handshake::config::SupportedCipherSuite::Tls12EcdheEcdsaAes128GcmSha256,
        };
        // A client whose share (X25519) the server does not take: a HelloRetryRequest.
        let (client, server) = if retry {
            (
                client.groups(&[SupportedGroup::X25519, SupportedGroup::Secp256r1]),
                server.groups(&[SupportedGroup::Secp256r1]),
            )
        } else {
            (client, server)
        };
        let client = client
            .versions(&[version])
            .cipher_suites(&[suite])
            .build()
            .unwrap();
        let server = server
            .versions(&[version])
            .cipher_suites(&[suite])
            .ticketer(Some(Arc::clone(&ticketer) as Arc<dyn Ticketer>))
            .build()
            .unwrap();
        let run = |open: bool| {
            let mut pair = Pair::with_configs(client.clone(), server.clone());
            pair.server.defer_requests();
            let mut asked = 0;
            for _ in 0..8 {
                transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
                while let Some((id, request)) = pair.server.take_request() {
                    let answer = match request {
                        Request::OpenTicket { ticket } => {
                            asked += 1;
                            let remote = Arc::clone(&ticketer);
                            let state = thread::spawn(move || {
                                thread::sleep(Duration::from_millis(1));
                                if open { remote.open(&ticket) } else { None }
                            })
                            .join()
                            .unwrap();
                            Answer::Ticket(state.map(TicketState))
                        }
                        other => pair.server.answer_in_process(&other).unwrap(),
                    };
                    pair.server.answer(id, answer).unwrap();
                }
                transfer(&mut pair.server, &mut pair.client, usize::MAX).unwrap();
            }
            assert!(!pair.client.is_handshaking() && !pair.server.is_handshaking());
            (pair.client.negotiated().unwrap().resumed, asked)
        };
        assert_eq!(
            run(true),
            (false, 0),
            "{version:?}: the first connection has no ticket"
        );
        assert_eq!(
            run(true),
            (true, 1),
            "{version:?}: resumed, the ticket opened later"
        );
        assert_eq!(
            run(false),
            (false, 1),
            "{version:?}: a ticket that does not open"
        );
        // In process (no deferral), the ticketer's own open answers.
        let mut pair = Pair::with_configs(client.clone(), server.clone());
        pair.handshake(usize::MAX);
        assert!(pair.client.negotiated().unwrap().resumed, "{version:?}");
    }
}
