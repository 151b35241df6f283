//! Fault injection, a test feature on top of the API: which requests get a fault, and which.

use std::fmt;
use std::str::FromStr;

/// Which requests get a fault, and which faults.
///
/// For every eligible request (`PUT` and `DELETE`; every request when `apply_to_reads`)
/// the server draws from a ChaCha RNG seeded with `seed`: with probability `rate` the
/// request gets a fault, whose kind is then drawn uniformly from `kinds`. With a fixed
/// seed and requests arriving one at a time the sequence of faults is reproducible.
/// `rate == 0` or empty `kinds` means no faults (and no RNG draws).
#[derive(Clone, Debug, PartialEq)]
pub struct Faults {
    /// Share of eligible requests that get a fault, `0.0..=1.0` (clamped).
    pub rate: f64,
    /// RNG seed. [`Handle::set_faults`] reseeds.
    pub seed: u64,
    /// Candidate fault kinds, drawn uniformly.
    pub kinds: Vec<FaultKind>,
    /// Also inject faults into `GET` requests (the public `/p/` pages included).
    pub apply_to_reads: bool,
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            rate: 0.0,
            seed: 0,
            kinds: Vec::new(),
            apply_to_reads: false,
        }
    }
}

impl Faults {
    /// No faults at all.
    pub fn none() -> Self {
        Faults::default()
    }

    /// Faults for writes only.
    pub fn new(rate: f64, seed: u64, kinds: Vec<FaultKind>) -> Self {
        Faults {
            rate,
            seed,
            kinds,
            apply_to_reads: false,
        }
    }

    /// Every eligible request gets `kind` (rate 1.0, seed 0).
    pub fn always(kind: FaultKind) -> Self {
        Faults::new(1.0, 0, vec![kind])
    }

    pub(crate) fn active(&self) -> bool {
        self.rate > 0.0 && !self.kinds.is_empty()
    }
}

/// One injected fault.
///
/// Text form (used by the binary's `--faults`, see [`FromStr`] / [`fmt::Display`]):
/// `server-error`, `after-write` (alias `server-error-after-write`), `reset`,
/// `reset-after-write`, `slow[:MS]` (default 250 ms), `hang[:MS]` (default 15000 ms),
/// `hang-after-write[:MS]` (default 15000 ms), and the throttling answers `429:SECS`,
/// `503:SECS` (`Retry-After` in seconds) and `429-date:SECS`, `503-date:SECS` (`Retry-After`
/// as an HTTP date that many seconds ahead).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FaultKind {
    /// Answer `500 internal` before doing anything: nothing written, key not remembered.
    ServerError,
    /// Process the request normally (write, remember the idempotency key with the real
    /// response), then answer `500 internal` instead: the lost-response case. Replaying the
    /// key returns the real response.
    ServerErrorAfterWrite,
    /// Close the connection without any response, before doing anything.
    Reset,
    /// Process the request normally (write, remember the key), then close the connection
    /// without any response.
    ResetAfterWrite,
    /// Wait `ms` milliseconds, then process and answer normally.
    Slow {
        /// Delay in milliseconds.
        ms: u64,
    },
    /// Hold the request for `ms` milliseconds (choose more than the client's timeout),
    /// then close the connection without answering. Nothing is written.
    Hang {
        /// How long the request is held, in milliseconds.
        ms: u64,
    },
    /// Process the request normally (write, remember the key), then hold the connection for
    /// `ms` milliseconds and close it unanswered: a client killed while it waits leaves a
    /// write that landed and whose answer it never saw.
    HangAfterWrite {
        /// How long the connection is held after the write, in milliseconds.
        ms: u64,
    },
    /// Answer `429 Too Many Requests` or `503 Service Unavailable` (the `status`) with a
    /// `Retry-After` of `secs` seconds, as a number or (`http_date`) as an HTTP date that
    /// far ahead, before doing anything: nothing written, key not remembered.
    Throttle {
        /// 429 or 503.
        status: u16,
        /// The wait asked for, in seconds.
        secs: u64,
        /// Send the wait as an HTTP date instead of a number of seconds.
        http_date: bool,
    },
}

impl FaultKind {
    /// Default delay of `slow` without `:MS`.
    pub const DEFAULT_SLOW_MS: u64 = 250;
    /// Default hold time of `hang` without `:MS`.
    pub const DEFAULT_HANG_MS: u64 = 15_000;

    /// The six kinds of failure drawn at random by default (not the throttling answers or
    /// `hang-after-write`), with the default delays.
    pub fn all() -> Vec<FaultKind> {
        vec![
            FaultKind::ServerError,
            FaultKind::ServerErrorAfterWrite,
            FaultKind::Reset,
            FaultKind::ResetAfterWrite,
            FaultKind::Slow {
                ms: Self::DEFAULT_SLOW_MS,
            },
            FaultKind::Hang {
                ms: Self::DEFAULT_HANG_MS,
            },
        ]
    }
}

impl fmt::Display for FaultKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FaultKind::ServerError => f.write_str("server-error"),
            FaultKind::ServerErrorAfterWrite => f.write_str("after-write"),
            FaultKind::Reset => f.write_str("reset"),
            FaultKind::ResetAfterWrite => f.write_str("reset-after-write"),
            FaultKind::Slow { ms } => write!(f, "slow:{ms}"),
            FaultKind::Hang { ms } => write!(f, "hang:{ms}"),
            FaultKind::HangAfterWrite { ms } => write!(f, "hang-after-write:{ms}"),
            FaultKind::Throttle {
                status,
                secs,
                http_date,
            } => write!(
                f,
                "{status}{}:{secs}",
                if *http_date { "-date" } else { "" }
            ),
        }
    }
}

impl FromStr for FaultKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let (name, ms) = match s.split_once(':') {
            Some((name, ms)) => {
                let ms = ms
                    .trim()
                    .parse::<u64>()
                    .map_err(|_| format!("bad milliseconds in fault `{s}`"))?;
                (name.trim(), Some(ms))
            }
            None => (s, None),
        };
        let kind = match (name, ms) {
            ("server-error", None) => FaultKind::ServerError,
            ("after-write" | "server-error-after-write", None) => FaultKind::ServerErrorAfterWrite,
            ("reset", None) => FaultKind::Reset,
            ("reset-after-write", None) => FaultKind::ResetAfterWrite,
            ("slow", ms) => FaultKind::Slow {
                ms: ms.unwrap_or(Self::DEFAULT_SLOW_MS),
            },
            ("hang", ms) => FaultKind::Hang {
                ms: ms.unwrap_or(Self::DEFAULT_HANG_MS),
            },
            ("hang-after-write", ms) => FaultKind::HangAfterWrite {
                ms: ms.unwrap_or(Self::DEFAULT_HANG_MS),
            },
            ("429" | "503" | "429-date" | "503-date", Some(secs)) => FaultKind::Throttle {
                status: if name.starts_with("429") { 429 } else { 503 },
                secs,
                http_date: name.ends_with("-date"),
            },
            _ => {
                return Err(format!(
                    "unknown fault `{s}` (expected server-error, after-write, reset, \
                     reset-after-write, slow[:MS], hang[:MS], hang-after-write[:MS], \
                     429:SECS, 503:SECS, 429-date:SECS, 503-date:SECS)"
                ))
            }
        };
        Ok(kind)
    }
}
