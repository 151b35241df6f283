//! The service's settings: defaults, a TOML file, then `VERDICT_VOTES_*` environment variables.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

/// Everything the service needs to run. Build it with [`Config::new`] (tests) or
/// [`Config::load`] (the binary: file, then environment).
#[derive(Clone, Debug)]
pub struct Config {
    /// Where to listen (`127.0.0.1:8788` by default; port 0 picks a free one).
    pub addr: SocketAddr,
    /// The SQLite database file (created with its folder's permissions if absent).
    pub database: PathBuf,
    /// PostgreSQL instead of SQLite (`postgres://user:password@host/db`, or `host=/run/…`):
    /// several services behind a load balancer share it. No TLS to the database: keep it on
    /// the same machine or a private network.
    pub postgres_url: Option<String>,
    /// The bearer token of the desk's requests (`GET /votes`, `PUT /pages`). Never logged.
    pub token: String,
    /// Whether the voter cookie is `Secure` (sent over HTTPS only). On by default; off only
    /// for a service reached over plain HTTP (tests, a local trial).
    pub cookie_secure: bool,
    /// The voter cookie's `SameSite`: `Lax` when the service shares the pages' site (e.g.
    /// votes.example.com for example.com, or a path behind the same proxy), `None` when it
    /// does not (then the cookie must be `Secure`, and browsers that block third-party
    /// cookies on cross-site form posts fall back to the address hash).
    pub cookie_same_site: SameSite,
    /// Votes one address may send per minute (a token bucket of this size refilled over a
    /// minute). Over it: `429` with `Retry-After`, nothing stored.
    pub rate_limit_per_minute: u32,
    /// How many different readers (cookies) of one address may vote on one page per day: an
    /// office behind one address has a few readers; a script minting cookies has hundreds.
    pub max_voters_per_address: u32,
    /// Peers whose `X-Forwarded-For` is believed (the reverse proxy in front). The reader's
    /// address is then the last address that header names.
    pub trusted_proxies: Vec<IpAddr>,
    /// How long a stop (SIGTERM) lets requests in flight finish before it closes them.
    pub shutdown_grace: Duration,
}

/// The voter cookie's `SameSite` attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SameSite {
    Lax,
    Strict,
    None,
}

impl SameSite {
    pub fn as_str(self) -> &'static str {
        match self {
            SameSite::Lax => "Lax",
            SameSite::Strict => "Strict",
            SameSite::None => "None",
        }
    }
}

/// A setting that cannot be used, naming where it came from.
#[derive(Debug, thiserror::Error)]
#[error("{field}: {message}")]
pub struct ConfigError {
    pub field: String,
    pub message: String,
}

fn bad(field: &str, message: impl Into<String>) -> ConfigError {
    ConfigError {
        field: field.to_string(),
        message: message.into(),
    }
}

/// The file's shape: every key optional, unknown keys refused (a typo must not be ignored).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    addr: Option<String>,
    database: Option<PathBuf>,
    postgres_url: Option<String>,
    token: Option<String>,
    token_file: Option<PathBuf>,
    cookie_secure: Option<bool>,
    cookie_same_site: Option<SameSite>,
    rate_limit_per_minute: Option<u32>,
    max_voters_per_address: Option<u32>,
    trusted_proxies: Option<Vec<String>>,
    shutdown_grace_secs: Option<u64>,
}

impl Config {
    /// Listen on `127.0.0.1:0`, keep votes in `database`, accept `token`; cookies not
    /// `Secure` (tests speak plain HTTP), every other setting at its default.
    pub fn new(database: impl Into<PathBuf>, token: impl Into<String>) -> Self {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            database: database.into(),
            postgres_url: None,
            token: token.into(),
            cookie_secure: false,
            cookie_same_site: SameSite::Lax,
            rate_limit_per_minute: 20,
            max_voters_per_address: 8,
            trusted_proxies: Vec::new(),
            shutdown_grace: Duration::from_secs(10),
        }
    }

    /// Defaults, then the TOML file `file` (if given), then the environment (`env` lists
    /// `VERDICT_VOTES_*` variables: `ADDR`, `DATABASE`, `POSTGRES_URL`, `TOKEN`, `TOKEN_FILE`,
    /// `COOKIE_SECURE`, `COOKIE_SAME_SITE`, `RATE_LIMIT_PER_MINUTE`,
    /// `MAX_VOTERS_PER_ADDRESS`, `TRUSTED_PROXIES` (comma separated), `SHUTDOWN_GRACE_SECS`).
    pub fn load(
        file: Option<&Path>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let mut f = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| bad("config", format!("cannot read {}: {e}", path.display())))?;
                toml::from_str::<FileConfig>(&text)
                    .map_err(|e| bad("config", format!("{}: {e}", path.display())))?
            }
            None => FileConfig::default(),
        };
        let var = |name: &str| env(&format!("VERDICT_VOTES_{name}")).filter(|v| !v.is_empty());
        if let Some(v) = var("ADDR") {
            f.addr = Some(v);
        }
        if let Some(v) = var("DATABASE") {
            f.database = Some(v.into());
        }
        if let Some(v) = var("POSTGRES_URL") {
            f.postgres_url = Some(v);
        }
        if let Some(v) = var("TOKEN") {
            f.token = Some(v);
        }
        if let Some(v) = var("TOKEN_FILE") {
            f.token_file = Some(v.into());
        }
        if let Some(v) = var("COOKIE_SECURE") {
            f.cookie_secure = Some(parse_bool("VERDICT_VOTES_COOKIE_SECURE", &v)?);
        }
        if let Some(v) = var("COOKIE_SAME_SITE") {
            f.cookie_same_site = Some(match v.to_ascii_lowercase().as_str() {
                "lax" => SameSite::Lax,
                "strict" => SameSite::Strict,
                "none" => SameSite::None,
                _ => {
                    return Err(bad(
                        "VERDICT_VOTES_COOKIE_SAME_SITE",
                        "must be lax, strict or none",
                    ))
                }
            });
        }
        if let Some(v) = var("RATE_LIMIT_PER_MINUTE") {
            f.rate_limit_per_minute = Some(parse_num("VERDICT_VOTES_RATE_LIMIT_PER_MINUTE", &v)?);
        }
        if let Some(v) = var("MAX_VOTERS_PER_ADDRESS") {
            f.max_voters_per_address = Some(parse_num("VERDICT_VOTES_MAX_VOTERS_PER_ADDRESS", &v)?);
        }
        if let Some(v) = var("TRUSTED_PROXIES") {
            f.trusted_proxies = Some(v.split(',').map(|s| s.trim().to_string()).collect());
        }
        if let Some(v) = var("SHUTDOWN_GRACE_SECS") {
            f.shutdown_grace_secs = Some(parse_num("VERDICT_VOTES_SHUTDOWN_GRACE_SECS", &v)?);
        }
        Config::from_file(f)
    }

    fn from_file(f: FileConfig) -> Result<Config, ConfigError> {
        let token = match (f.token, f.token_file) {
            (Some(_), Some(_)) => {
                return Err(bad("token", "give either token or token_file, not both"))
            }
            (Some(t), None) => t,
            (None, Some(path)) => std::fs::read_to_string(&path)
                .map_err(|e| bad("token_file", format!("cannot read {}: {e}", path.display())))?
                .trim()
                .to_string(),
            (None, None) => {
                return Err(bad(
                    "token",
                    "no token: set token_file in the config file or VERDICT_VOTES_TOKEN",
                ))
            }
        };
        if token.len() < 16 {
            return Err(bad("token", "must have at least 16 characters"));
        }
        let database = match (f.database, &f.postgres_url) {
            (Some(_), Some(_)) => {
                return Err(bad(
                    "postgres_url",
                    "give either database (SQLite) or postgres_url, not both",
                ))
            }
            (Some(file), None) => file,
            (None, Some(_)) => PathBuf::new(),
            (None, None) => {
                return Err(bad(
                    "database",
                    "no database: set database (a SQLite file) or postgres_url in the config file, or VERDICT_VOTES_DATABASE / VERDICT_VOTES_POSTGRES_URL",
                ))
            }
        };
        let mut config = Config::new(database, token);
        config.postgres_url = f.postgres_url;
        config.addr = match f.addr {
            Some(a) => a
                .parse()
                .map_err(|_| bad("addr", format!("{a:?} is not an address:port")))?,
            None => SocketAddr::from(([127, 0, 0, 1], 8788)),
        };
        config.cookie_secure = f.cookie_secure.unwrap_or(true);
        config.cookie_same_site = f.cookie_same_site.unwrap_or(SameSite::Lax);
        if config.cookie_same_site == SameSite::None && !config.cookie_secure {
            return Err(bad(
                "cookie_same_site",
                "none needs cookie_secure = true (browsers drop such cookies otherwise)",
            ));
        }
        if let Some(n) = f.rate_limit_per_minute {
            if n == 0 {
                return Err(bad("rate_limit_per_minute", "must be at least 1"));
            }
            config.rate_limit_per_minute = n;
        }
        if let Some(n) = f.max_voters_per_address {
            if n == 0 {
                return Err(bad("max_voters_per_address", "must be at least 1"));
            }
            config.max_voters_per_address = n;
        }
        for p in f.trusted_proxies.unwrap_or_default() {
            config.trusted_proxies.push(
                p.parse()
                    .map_err(|_| bad("trusted_proxies", format!("{p:?} is not an IP address")))?,
            );
        }
        if let Some(s) = f.shutdown_grace_secs {
            config.shutdown_grace = Duration::from_secs(s);
        }
        Ok(config)
    }
}

fn parse_bool(field: &str, v: &str) -> Result<bool, ConfigError> {
    match v.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(bad(field, format!("{v:?} is not true or false"))),
    }
}

fn parse_num<T: std::str::FromStr>(field: &str, v: &str) -> Result<T, ConfigError> {
    v.trim()
        .parse()
        .map_err(|_| bad(field, format!("{v:?} is not a whole number")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn file_then_environment() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("votes.toml");
        std::fs::write(
            &file,
            "addr = \"0.0.0.0:9000\"\ndatabase = \"/var/lib/v.sqlite3\"\ntoken = \"0123456789abcdef\"\ntrusted_proxies = [\"127.0.0.1\"]\n",
        )
        .unwrap();
        let c = Config::load(Some(&file), no_env).unwrap();
        assert_eq!(c.addr.port(), 9000);
        assert!(c.cookie_secure);
        assert_eq!(
            c.trusted_proxies,
            vec!["127.0.0.1".parse::<IpAddr>().unwrap()]
        );
        let c = Config::load(Some(&file), |k| {
            (k == "VERDICT_VOTES_ADDR").then(|| "127.0.0.1:9001".to_string())
        })
        .unwrap();
        assert_eq!(c.addr.port(), 9001);
    }

    #[test]
    fn bad_settings_name_their_field() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("votes.toml");
        std::fs::write(&file, "database = \"/x\"\ntoken = \"short\"\n").unwrap();
        assert_eq!(
            Config::load(Some(&file), no_env).unwrap_err().field,
            "token"
        );
        std::fs::write(
            &file,
            "database = \"/x\"\npostgres_url = \"postgres://h/db\"\ntoken = \"0123456789abcdef\"\n",
        )
        .unwrap();
        assert_eq!(
            Config::load(Some(&file), no_env).unwrap_err().field,
            "postgres_url"
        );
        std::fs::write(
            &file,
            "postgres_url = \"postgres://h/db\"\ntoken = \"0123456789abcdef\"\n",
        )
        .unwrap();
        let c = Config::load(Some(&file), no_env).unwrap();
        assert_eq!(c.postgres_url.as_deref(), Some("postgres://h/db"));
        std::fs::write(&file, "databse = \"/x\"\n").unwrap();
        let e = Config::load(Some(&file), no_env).unwrap_err();
        assert!(e.message.contains("databse"), "{e}");
        let e = Config::load(None, |k| match k {
            "VERDICT_VOTES_DATABASE" => Some("/x".into()),
            "VERDICT_VOTES_TOKEN" => Some("0123456789abcdef".into()),
            "VERDICT_VOTES_RATE_LIMIT_PER_MINUTE" => Some("lots".into()),
            _ => None,
        })
        .unwrap_err();
        assert_eq!(e.field, "VERDICT_VOTES_RATE_LIMIT_PER_MINUTE");
    }
}
