//! Who is voting: the signed voter cookie, the reader's address behind a trusted proxy, and
//! the per-address rate limit (kept in memory under a keyed hash, never the address itself).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use hmac::{Hmac, Mac};
use hyper::header::{HeaderMap, COOKIE};
use rand::RngCore;
use sha2::Sha256;

use crate::config::Config;

/// The voter cookie's name.
pub const COOKIE_NAME: &str = "verdict_voter";

/// A year: the reader stays the same reader across visits.
const COOKIE_MAX_AGE: u64 = 365 * 24 * 3600;

fn cookie_mac(key: &[u8; 32], voter: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(voter.as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..16])
}

/// The voter id of a cookie we signed, from the request's `Cookie` headers; a cookie we did
/// not sign (made up, or cut) counts as none.
pub fn voter_from_cookie(headers: &HeaderMap, key: &[u8; 32]) -> Option<String> {
    for value in headers.get_all(COOKIE) {
        let Ok(value) = value.to_str() else { continue };
        for pair in value.split(';') {
            let Some((name, v)) = pair.trim().split_once('=') else {
                continue;
            };
            if name != COOKIE_NAME {
                continue;
            }
            let Some((voter, mac)) = v.split_once('.') else {
                continue;
            };
            let well_formed = voter.len() == 32
                && voter.bytes().all(|b| b.is_ascii_hexdigit())
                && mac.len() == 32;
            // Compared through the MAC crate's constant-time check, not `==`.
            if well_formed && verify(key, voter, mac) {
                return Some(voter.to_string());
            }
        }
    }
    None
}

fn verify(key: &[u8; 32], voter: &str, mac_hex: &str) -> bool {
    let Ok(given) = hex::decode(mac_hex) else {
        return false;
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(voter.as_bytes());
    mac.verify_truncated_left(&given).is_ok()
}

/// The `Set-Cookie` value that makes `voter` this reader's id.
pub fn set_cookie(config: &Config, key: &[u8; 32], voter: &str) -> String {
    format!(
        "{COOKIE_NAME}={voter}.{}; Path=/; Max-Age={COOKIE_MAX_AGE}; HttpOnly; SameSite={}{}",
        cookie_mac(key, voter),
        config.cookie_same_site.as_str(),
        if config.cookie_secure { "; Secure" } else { "" }
    )
}

/// The reader's address: the peer's, or, when the peer is a trusted proxy, the last address
/// its `X-Forwarded-For` names (the one the proxy itself saw; earlier ones are the client's
/// word and could be anything).
pub fn reader_address(config: &Config, peer: SocketAddr, headers: &HeaderMap) -> IpAddr {
    let peer = peer.ip();
    if !config.trusted_proxies.contains(&peer) {
        return peer;
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse::<IpAddr>().ok())
        .next_back()
        .unwrap_or(peer)
}

/// A token bucket per address: `per_minute` votes at once, refilled over a minute.
pub struct RateLimit {
    per_minute: f64,
    /// Addresses are keyed by an HMAC with a key drawn at start, so not even memory holds
    /// a list of readers' addresses.
    key: [u8; 32],
    buckets: Mutex<Buckets>,
}

struct Buckets {
    map: HashMap<[u8; 16], (f64, Instant)>,
    swept: Instant,
}

impl RateLimit {
    pub fn new(per_minute: u32) -> Self {
        let mut key = [0u8; 32];
        rand::rng().fill_bytes(&mut key);
        RateLimit {
            per_minute: f64::from(per_minute),
            key,
            buckets: Mutex::new(Buckets {
                map: HashMap::new(),
                swept: Instant::now(),
            }),
        }
    }

    /// Takes one vote from `address`'s bucket; `Err(wait)` when it is empty.
    pub fn take(&self, address: IpAddr) -> Result<(), Duration> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("any key length");
        mac.update(address.to_string().as_bytes());
        let id: [u8; 16] = mac.finalize().into_bytes()[..16]
            .try_into()
            .expect("16 bytes");
        let now = Instant::now();
        let rate = self.per_minute / 60.0;
        let mut buckets = self.buckets.lock().expect("rate limit lock");
        if now.duration_since(buckets.swept) > Duration::from_secs(60) {
            // A bucket untouched for a minute is full again: forget it.
            buckets
                .map
                .retain(|_, (_, at)| now.duration_since(*at) < Duration::from_secs(60));
            buckets.swept = now;
        }
        let (tokens, at) = buckets.map.entry(id).or_insert((self.per_minute, now));
        *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * rate).min(self.per_minute);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - *tokens) / rate))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyper::header::HeaderValue;

    #[test]
    fn only_cookies_we_signed_are_taken() {
        let key = [7u8; 32];
        let config = Config::new("/unused", "0123456789abcdef");
        let voter = crate::store::new_voter_id();
        let set = set_cookie(&config, &key, &voter);
        let pair = set.split(';').next().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_str(&format!("other=1; {pair}")).unwrap(),
        );
        assert_eq!(voter_from_cookie(&headers, &key), Some(voter.clone()));
        assert_eq!(voter_from_cookie(&headers, &[8u8; 32]), None);
        let forged = format!("{COOKIE_NAME}={}.{}", "a".repeat(32), "0".repeat(32));
        headers.insert(COOKIE, HeaderValue::from_str(&forged).unwrap());
        assert_eq!(voter_from_cookie(&headers, &key), None);
    }

    #[test]
    fn forwarded_address_only_from_a_trusted_proxy() {
        let mut config = Config::new("/unused", "0123456789abcdef");
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("10.0.0.9, 203.0.113.5"),
        );
        let peer: SocketAddr = "127.0.0.1:5000".parse().unwrap();
        assert_eq!(reader_address(&config, peer, &headers), peer.ip());
        config.trusted_proxies = vec![peer.ip()];
        assert_eq!(
            reader_address(&config, peer, &headers),
            "203.0.113.5".parse::<IpAddr>().unwrap()
        );
    }

    #[test]
    fn the_bucket_empties_and_says_how_long_to_wait() {
        let limit = RateLimit::new(3);
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        for _ in 0..3 {
            limit.take(a).unwrap();
        }
        let wait = limit.take(a).unwrap_err();
        assert!(wait > Duration::from_secs(15) && wait <= Duration::from_secs(20));
        limit.take("192.0.2.2".parse().unwrap()).unwrap();
    }
}
