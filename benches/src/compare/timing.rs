//! Time spent by each side of a pair.

use std::time::{Duration, Instant};

/// One side of a pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The client.
    Client,
    /// The server.
    Server,
}

impl Side {
    /// The other side.
    pub fn peer(self) -> Self {
        match self {
            Self::Client => Self::Server,
            Self::Server => Self::Client,
        }
    }
}

/// The time each side spent in its own calls, and so the pair's.
#[derive(Clone, Copy, Debug, Default)]
pub struct SideTimes {
    /// In the client's calls.
    pub client: Duration,
    /// In the server's calls.
    pub server: Duration,
}

impl SideTimes {
    /// Both sides.
    pub fn pair(&self) -> Duration {
        self.client + self.server
    }

    /// The time of `f`, a workload with one side (bulk one way, a decode, a verification),
    /// counted as the client's.
    pub fn one_side(f: impl FnOnce()) -> Self {
        let mut times = Self::default();
        times.client(f);
        times
    }

    /// Runs `f` on the client's clock.
    pub fn client<T>(&mut self, f: impl FnOnce() -> T) -> T {
        self.on(Side::Client, f)
    }

    /// Runs `f` on the server's clock.
    pub fn server<T>(&mut self, f: impl FnOnce() -> T) -> T {
        self.on(Side::Server, f)
    }

    /// Runs `f` on `side`'s clock.
    pub fn on<T>(&mut self, side: Side, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        let elapsed = start.elapsed();
        match side {
            Side::Client => self.client += elapsed,
            Side::Server => self.server += elapsed,
        }
        out
    }

    /// Adds `other`'s times.
    pub fn add(&mut self, other: Self) {
        self.client += other.client;
        self.server += other.server;
    }
}
