//! The transcript hash: every handshake message, header included, hashed as it goes.
//!
//! ```text
//! messages ──▶ TranscriptBuffer ──(suite's hash known)──▶ Transcript ──▶ TranscriptHash
//!               raw bytes, capped     into_transcript[_keeping_messages]   running ring digest;
//!                                                                          forks by clone only
//! ```
//!
//! - **Buffer until the hash is known.** A client sends its ClientHello before the server picks
//!   a suite, so it buffers; a TLS 1.2 server or a client switches to a running hash once the
//!   suite is chosen. A TLS 1.3 server may start a [`Transcript`] directly.
//! - **Running hash.** [`Transcript`] keeps one `ring::digest::Context`. A hash at some point
//!   (Derive-Secret, Finished, CertificateVerify, the EMS session hash) clones the context and
//!   finishes the clone; a hash over a partial message (PSK binders over a truncated
//!   ClientHello) does the same with the partial bytes added to the clone.
//! - **HelloRetryRequest** (RFC 8446 §4.4.1): ClientHello1 is replaced by the synthetic
//!   `message_hash` message ([`Transcript::replace_client_hello_with_message_hash`]).
//! - **TLS 1.2 client authentication.** Its CertificateVerify signs the handshake messages
//!   themselves, and ring signs messages, not digests, so the raw messages are kept
//!   ([`TranscriptBuffer::into_transcript_keeping_messages`]) until the handshake knows client
//!   authentication cannot happen and calls [`Transcript::discard_messages`]: the server once it
//!   did not ask, the client once ServerHelloDone came without a CertificateRequest.

use std::fmt;

use ring::digest;
use tls_wire::handshake::MAX_HANDSHAKE_MESSAGE_LEN;
use tls_wire::ids::HandshakeType;

use crate::error::Error;
use crate::suite::HashAlgorithm;

/// The most raw handshake bytes we keep: 8 messages of the largest size tls-wire's joiner
/// accepts ([`MAX_HANDSHAKE_MESSAGE_LEN`] plus the 4-byte header), 524 320 bytes.
///
/// Eight is the longest run we must keep: a TLS 1.2 client signs ClientHello, ServerHello,
/// Certificate, ServerKeyExchange, CertificateRequest, ServerHelloDone, its Certificate and
/// ClientKeyExchange (RFC 5246 §7.4.8: "all handshake messages sent or received, starting at
/// client hello and up to, but not including, this message"). Before the suite is known only
/// one or two messages are
/// buffered. The cap keeps a peer from growing the buffer with messages the state machine would
/// otherwise let through.
pub const MAX_BUFFERED_MESSAGES_LEN: usize = 8 * (MAX_HANDSHAKE_MESSAGE_LEN + 4);

/// `Transcript-Hash(M1, ..., Mn)` at one point of the handshake (RFC 8446 §4.4.1), or TLS 1.2's
/// `Hash(handshake_messages)` (the Finished hash, and RFC 7627's `session_hash`).
///
/// Only a [`Transcript`] or [`TranscriptBuffer`] makes one, so a context handed to the key
/// schedule is always a digest of the suite's hash.
#[derive(Clone, Copy, Debug)]
pub struct TranscriptHash(digest::Digest);

impl TranscriptHash {
    /// `Hash("")`, the transcript hash of no messages (Derive-Secret with `""`).
    pub(crate) fn of_empty(hash: HashAlgorithm) -> Self {
        Self(digest::digest(hash.digest(), &[]))
    }

    /// The digest bytes.
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_ref()
    }
}

impl AsRef<[u8]> for TranscriptHash {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

/// Handshake messages buffered before the suite's hash is known.
#[derive(Clone, Debug, Default)]
pub struct TranscriptBuffer {
    messages: Vec<u8>,
}

impl TranscriptBuffer {
    /// An empty buffer.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one handshake message, header included.
    ///
    /// Fails with [`Error::TranscriptBufferFull`], adding nothing, if the buffered messages
    /// would exceed [`MAX_BUFFERED_MESSAGES_LEN`].
    pub fn add(&mut self, message: &[u8]) -> Result<(), Error> {
        push_capped(&mut self.messages, message)
    }

    /// The hash, under `hash`, of the buffered messages followed by `partial`: the binder
    /// transcript of a first ClientHello truncated before its binders (RFC 8446 §4.2.11.2),
    /// computed before any suite is chosen with the hash of the PSK.
    pub fn hash_with(&self, hash: HashAlgorithm, partial: &[u8]) -> TranscriptHash {
        let mut context = digest::Context::new(hash.digest());
        context.update(&self.messages);
        context.update(partial);
        TranscriptHash(context.finish())
    }

    /// A running hash under the suite's hash, without the raw messages: TLS 1.3, or TLS 1.2
    /// where client authentication is already ruled out.
    pub fn into_transcript(self, hash: HashAlgorithm) -> Transcript {
        let mut transcript = Transcript::new(hash);
        transcript.context.update(&self.messages);
        transcript
    }

    /// A running hash under the suite's hash that also keeps the raw messages, for a TLS 1.2
    /// CertificateVerify (see the module docs).
    pub fn into_transcript_keeping_messages(self, hash: HashAlgorithm) -> Transcript {
        let mut context = digest::Context::new(hash.digest());
        context.update(&self.messages);
        Transcript {
            hash,
            context,
            messages: Messages::Kept(self.messages),
        }
    }
}

/// A running transcript hash under the suite's hash.
#[derive(Clone)]
pub struct Transcript {
    hash: HashAlgorithm,
    context: digest::Context,
    messages: Messages,
}

/// The raw messages a TLS 1.2 CertificateVerify signs, while they may still be needed.
#[derive(Clone, Debug)]
enum Messages {
    Kept(Vec<u8>),
    /// Never kept, or dropped once client authentication was ruled out.
    Discarded,
    /// Dropped because they outgrew [`MAX_BUFFERED_MESSAGES_LEN`]; a CertificateVerify that
    /// needs them fails.
    Overflowed,
}

impl Transcript {
    /// An empty running hash that keeps no raw messages.
    pub fn new(hash: HashAlgorithm) -> Self {
        Self {
            hash,
            context: digest::Context::new(hash.digest()),
            messages: Messages::Discarded,
        }
    }

    /// An empty running hash that also keeps the raw messages, for a TLS 1.2
    /// CertificateVerify: a server that will ask for a client certificate, a client that has
    /// one to give.
    pub fn keeping_messages(hash: HashAlgorithm) -> Self {
        Self {
            hash,
            context: digest::Context::new(hash.digest()),
            messages: Messages::Kept(Vec::new()),
        }
    }

    /// The hash algorithm.
    pub fn hash_algorithm(&self) -> HashAlgorithm {
        self.hash
    }

    /// Adds one handshake message, header included (`HandshakeMessage::raw`).
    ///
    /// Raw messages being kept that would outgrow [`MAX_BUFFERED_MESSAGES_LEN`] are dropped
    /// and [`messages`](Self::messages) returns `None` from then on; the running hash goes on.
    pub fn add(&mut self, message: &[u8]) {
        self.context.update(message);
        self.keep(message);
    }

    /// Records `message` among the raw messages, if they are kept.
    fn keep(&mut self, message: &[u8]) {
        if let Messages::Kept(kept) = &mut self.messages
            && push_capped(kept, message).is_err()
        {
            self.messages = Messages::Overflowed;
        }
    }

    /// Adds `message` like [`add`](Self::add), and returns the transcript hash taken on the
    /// way after its first `prefix` bytes: a ClientHello's PSK binder transcript, the hello
    /// truncated before its binders (RFC 8446 §4.2.11.2), without hashing the hello twice.
    /// A `prefix` past the message's end takes the hash after the whole message.
    pub fn add_taking_prefix_hash(&mut self, message: &[u8], prefix: usize) -> TranscriptHash {
        let (head, tail) = message.split_at(prefix.min(message.len()));
        self.context.update(head);
        let prefix_hash = self.current_hash();
        self.context.update(tail);
        self.keep(message);
        prefix_hash
    }

    /// Adds `message` like [`add`](Self::add), its bytes from `tail` on written by `complete`
    /// once the transcript hash up to them is known: our ClientHello and its PSK binders
    /// (RFC 8446 §4.2.11.2), hashed once. A `tail` past the message's end leaves `complete` an
    /// empty tail.
    pub fn add_completing(
        &mut self,
        message: &mut [u8],
        tail: usize,
        complete: impl FnOnce(&TranscriptHash, &mut [u8]),
    ) {
        let (head, rest) = message.split_at_mut(tail.min(message.len()));
        self.context.update(head);
        complete(&self.current_hash(), rest);
        self.context.update(rest);
        self.keep(message);
    }

    /// The transcript hash of every message added so far. The running hash goes on.
    pub fn current_hash(&self) -> TranscriptHash {
        TranscriptHash(self.context.clone().finish())
    }

    /// The transcript hash of every message added so far followed by `partial`, which is not
    /// added: the PSK binders' hash over a ClientHello truncated before its binders
    /// (RFC 8446 §4.2.11.2), after a HelloRetryRequest.
    pub fn hash_with(&self, partial: &[u8]) -> TranscriptHash {
        let mut fork = self.context.clone();
        fork.update(partial);
        TranscriptHash(fork.finish())
    }

    /// On a HelloRetryRequest, with exactly ClientHello1 added so far: replaces it with the
    /// synthetic `message_hash` message. Add the HelloRetryRequest next.
    ///
    /// ```text
    /// Transcript-Hash(ClientHello1, HelloRetryRequest, ... Mn) =
    ///     Hash(message_hash ||        /* Handshake type */
    ///          00 00 Hash.length  ||  /* Handshake message length (bytes) */
    ///          Hash(ClientHello1) ||  /* Hash of ClientHello1 */
    ///          HelloRetryRequest  || ... || Mn)
    /// ```
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.1
    //# As an exception to this general rule, when the server responds to a
    //# ClientHello with a HelloRetryRequest, the value of ClientHello1 is
    //# replaced with a special synthetic handshake message of handshake type
    //# "message_hash" containing Hash(ClientHello1).
    pub fn replace_client_hello_with_message_hash(&mut self) {
        let client_hello1 = self.current_hash();
        let digest = client_hello1.as_bytes();
        // Hash.length is 32 or 48, so it fits the low byte of the uint24 length.
        let length = u8::try_from(digest.len()).unwrap_or(u8::MAX);
        let header = [HandshakeType::MESSAGE_HASH.get(), 0, 0, length];
        self.context = digest::Context::new(self.hash.digest());
        self.context.update(&header);
        self.context.update(digest);
        if let Messages::Kept(kept) = &mut self.messages {
            kept.clear();
            kept.extend_from_slice(&header);
            kept.extend_from_slice(digest);
        }
    }

    /// The raw messages added so far, for a TLS 1.2 CertificateVerify; `None` if they were
    /// never kept, were discarded, or outgrew [`MAX_BUFFERED_MESSAGES_LEN`].
    pub fn messages(&self) -> Option<&[u8]> {
        match &self.messages {
            Messages::Kept(kept) => Some(kept),
            Messages::Discarded | Messages::Overflowed => None,
        }
    }

    /// Client authentication can no longer happen: drops the raw messages (the running hash
    /// goes on). The server calls it when it did not send a CertificateRequest, the client when
    /// ServerHelloDone came without one.
    pub fn discard_messages(&mut self) {
        self.messages = Messages::Discarded;
    }
}

impl fmt::Debug for Transcript {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transcript")
            .field("hash", &self.hash)
            .field("current_hash", &self.current_hash())
            .field("messages", &self.messages().map(<[u8]>::len))
            .finish()
    }
}

/// Appends `message` unless the total would exceed [`MAX_BUFFERED_MESSAGES_LEN`].
fn push_capped(buffer: &mut Vec<u8>, message: &[u8]) -> Result<(), Error> {
    let total = buffer.len().saturating_add(message.len());
    if total > MAX_BUFFERED_MESSAGES_LEN {
        return Err(Error::TranscriptBufferFull {
            len: total,
            max: MAX_BUFFERED_MESSAGES_LEN,
        });
    }
    buffer.extend_from_slice(message);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The SHA-256 of the empty string (FIPS 180-4 examples).
    const SHA256_EMPTY: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn empty_transcript_hashes_the_empty_string() {
        let t = Transcript::new(HashAlgorithm::Sha256);
        assert_eq!(hex(t.current_hash().as_bytes()), SHA256_EMPTY);
        assert_eq!(
            hex(TranscriptHash::of_empty(HashAlgorithm::Sha256).as_bytes()),
            SHA256_EMPTY
        );
    }

    #[test]
    fn buffer_then_running_hash_equals_hashing_everything() {
        let mut buffer = TranscriptBuffer::new();
        buffer.add(b"hello ").unwrap();
        let partial = buffer.hash_with(HashAlgorithm::Sha384, b"world");
        let mut t = buffer.into_transcript(HashAlgorithm::Sha384);
        assert_eq!(t.hash_with(b"world").as_bytes(), partial.as_bytes());
        t.add(b"world");
        let whole = digest::digest(&digest::SHA384, b"hello world");
        assert_eq!(t.current_hash().as_bytes(), whole.as_ref());
        assert_eq!(t.messages(), None);
    }

    #[test]
    fn a_prefix_hash_taken_on_the_way_is_the_hash_of_the_prefix() {
        let mut before = Transcript::keeping_messages(HashAlgorithm::Sha256);
        before.add(b"hello retry ");
        let mut split = before.clone();
        let prefix = split.add_taking_prefix_hash(b"client hello|binders", 13);
        assert_eq!(
            prefix.as_bytes(),
            before.hash_with(b"client hello|").as_bytes()
        );
        before.add(b"client hello|binders");
        assert_eq!(
            split.current_hash().as_bytes(),
            before.current_hash().as_bytes()
        );
        assert_eq!(split.messages(), before.messages());
        // A prefix past the end is the whole message.
        let mut whole = Transcript::new(HashAlgorithm::Sha256);
        let all = whole.add_taking_prefix_hash(b"abc", 99);
        assert_eq!(
            all.as_bytes(),
            digest::digest(&digest::SHA256, b"abc").as_ref()
        );
    }

    #[test]
    fn a_tail_completed_on_the_way_is_hashed_as_written() {
        let mut before = Transcript::keeping_messages(HashAlgorithm::Sha384);
        before.add(b"hello retry ");
        let mut completing = before.clone();
        let mut message = *b"client hello|......";
        completing.add_completing(&mut message, 13, |prefix, tail| {
            assert_eq!(
                prefix.as_bytes(),
                before.hash_with(b"client hello|").as_bytes()
            );
            tail.copy_from_slice(b"binder");
        });
        assert_eq!(&message, b"client hello|binder");
        before.add(b"client hello|binder");
        assert_eq!(
            completing.current_hash().as_bytes(),
            before.current_hash().as_bytes()
        );
        assert_eq!(completing.messages(), before.messages());
    }

    #[test]
    fn keeps_messages_until_discarded() {
        let mut buffer = TranscriptBuffer::new();
        buffer.add(b"one").unwrap();
        let mut t = buffer.into_transcript_keeping_messages(HashAlgorithm::Sha256);
        t.add(b"two");
        assert_eq!(t.messages(), Some(b"onetwo".as_slice()));
        t.discard_messages();
        t.add(b"three");
        assert_eq!(t.messages(), None);
        let whole = digest::digest(&digest::SHA256, b"onetwothree");
        assert_eq!(t.current_hash().as_bytes(), whole.as_ref());
    }

    #[test]
    fn keeping_messages_from_the_start_keeps_each_one() {
        let mut t = Transcript::keeping_messages(HashAlgorithm::Sha384);
        assert_eq!(t.messages(), Some(b"".as_slice()));
        t.add(b"client hello");
        t.add(b"server hello");
        assert_eq!(t.messages(), Some(b"client helloserver hello".as_slice()));
        let whole = digest::digest(&digest::SHA384, b"client helloserver hello");
        assert_eq!(t.current_hash().as_bytes(), whole.as_ref());
    }

    #[test]
    fn rejects_buffering_past_the_limit() {
        let mut buffer = TranscriptBuffer::new();
        let big = vec![0; MAX_HANDSHAKE_MESSAGE_LEN + 4];
        for _ in 0..8 {
            buffer.add(&big).unwrap();
        }
        assert_eq!(
            buffer.add(&[0]),
            Err(Error::TranscriptBufferFull {
                len: MAX_BUFFERED_MESSAGES_LEN + 1,
                max: MAX_BUFFERED_MESSAGES_LEN
            })
        );
        let mut t = buffer.into_transcript_keeping_messages(HashAlgorithm::Sha256);
        assert!(t.messages().is_some());
        t.add(&[0]);
        assert_eq!(t.messages(), None);
    }

    #[test]
    fn message_hash_replaces_client_hello1() {
        let mut t = Transcript::new(HashAlgorithm::Sha256);
        t.add(b"client hello 1");
        t.replace_client_hello_with_message_hash();
        let mut expected = vec![254, 0, 0, 32];
        expected.extend_from_slice(digest::digest(&digest::SHA256, b"client hello 1").as_ref());
        let whole = digest::digest(&digest::SHA256, &expected);
        assert_eq!(t.current_hash().as_bytes(), whole.as_ref());
    }
}
