//! The blocking `Stream` over an in-memory "socket" whose far end is a server connection
//! driven in the same thread.

mod common;

use std::io::{self, Read, Write};

use common::Pair;
use tls::{Connection, Stream};

/// A socket whose peer is `server`: writes go into it, reads take what it sends. The
/// server echoes what it reads, and closes after `close_after` bytes.
struct EchoSocket {
    server: Connection,
    close_after: usize,
    echoed: usize,
}

impl Write for EchoSocket {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // The far end takes every byte, in as many receives as its buffers need.
        let mut rest = buf;
        let mut plaintext = [0; 4096];
        loop {
            let taken = self.server.receive(rest).map_err(io::Error::from)?;
            rest = &rest[taken..];
            let mut echoed = 0;
            while let Ok(n @ 1..) = self.server.read(&mut plaintext) {
                self.server
                    .write(&plaintext[..n])
                    .map_err(io::Error::from)?;
                echoed += n;
            }
            self.echoed += echoed;
            if rest.is_empty() || (taken == 0 && echoed == 0) {
                break;
            }
        }
        if self.echoed >= self.close_after {
            self.server.send_close_notify();
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Read for EchoSocket {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let out = self.server.pending_output();
        let n = out.len().min(buf.len());
        buf[..n].copy_from_slice(&out[..n]);
        self.server.consume_output(n);
        Ok(n)
    }
}

#[test]
fn a_blocking_client_completes_the_handshake_and_reads_the_echo_to_close_notify() {
    let Pair { mut client, server } = Pair::default_pair();
    let data = common::pattern(50_000, 1);
    let mut socket = EchoSocket {
        server,
        close_after: data.len(),
        echoed: 0,
    };
    let mut stream = Stream::new(&mut client, &mut socket);
    stream.complete_handshake().unwrap();
    assert!(!stream.conn.is_handshaking());
    stream.write_all(&data).unwrap();
    let mut got = Vec::new();
    stream.read_to_end(&mut got).unwrap();
    assert_eq!(got, data);
    stream.send_close_notify().unwrap();
    assert!(socket.server.peer_closed());
}

#[test]
fn a_socket_closed_without_close_notify_is_unexpected_eof() {
    let Pair { mut client, server } = Pair::default_pair();
    let mut socket = EchoSocket {
        server,
        close_after: usize::MAX,
        echoed: 0,
    };
    let mut stream = Stream::new(&mut client, &mut socket);
    stream.complete_handshake().unwrap();
    let error = stream.read(&mut [0; 10]).unwrap_err();
    assert_eq!(error.kind(), io::ErrorKind::UnexpectedEof);
}
