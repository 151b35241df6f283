//! `verdict-votes`, the reader vote service: comparison pages' no-script vote forms post here,
//! the desk pulls the tallies (`GET /votes`, docs/publishing-api.md). See docs/votes.md.
//!
//! ```no_run
//! # async fn run() {
//! let config = verdict_votes::Config::new("/tmp/votes.sqlite3", "a-token-of-16-chars+");
//! let running = verdict_votes::start(config).await.unwrap();
//! println!("votes at {}", running.url());
//! running.stop().await; // drains requests in flight, commits, checkpoints
//! # }
//! ```

pub mod config;
pub mod form;
mod http;
mod reader;
mod store;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;

pub use config::{Config, ConfigError, SameSite};
pub use http::{PAGES_LIMIT, THANKS_FRAGMENT};
pub use reader::COOKIE_NAME;
pub use store::{Page, StoreError, Tally};

/// A running service.
pub struct Running {
    addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    accept: tokio::task::JoinHandle<()>,
    store: Arc<store::Store>,
}

impl Running {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Graceful stop: no new connections; requests in flight are answered (within the
    /// configured grace), every vote answered is committed, the WAL is checkpointed.
    pub async fn stop(self) {
        let _ = self.shutdown.send(true);
        let _ = self.accept.await;
        self.store.stop().await;
    }
}

/// Opens the database and listens. Votes are taken as soon as this returns.
pub async fn start(config: Config) -> Result<Running, StartError> {
    let store = match &config.postgres_url {
        Some(url) => store::Store::open_postgres(url, config.max_voters_per_address)
            .map_err(|e| StartError::Database("PostgreSQL".into(), e))?,
        None => store::Store::open(&config.database, config.max_voters_per_address)
            .map_err(|e| StartError::Database(config.database.display().to_string(), e))?,
    };
    let listener = TcpListener::bind(config.addr)
        .await
        .map_err(|e| StartError::Listen(config.addr, e))?;
    let addr = listener
        .local_addr()
        .map_err(|e| StartError::Listen(config.addr, e))?;
    let (shutdown, rx) = watch::channel(false);
    let grace = config.shutdown_grace;
    let shared = Arc::new(http::Shared {
        limit: reader::RateLimit::new(config.rate_limit_per_minute),
        config,
        store: store.clone(),
    });
    let accept = tokio::spawn(accept_loop(listener, shared, rx, grace));
    Ok(Running {
        addr,
        shutdown,
        accept,
        store,
    })
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("database {0}: {1}")]
    Database(String, StoreError),
    #[error("cannot listen on {0}: {1}")]
    Listen(SocketAddr, std::io::Error),
}

async fn accept_loop(
    listener: TcpListener,
    shared: Arc<http::Shared>,
    mut shutdown: watch::Receiver<bool>,
    grace: Duration,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = shutdown.changed() => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    let _ = stream.set_nodelay(true);
                    connections.spawn(serve(stream, peer, shared.clone(), shutdown.clone()));
                }
                Err(e) => {
                    tracing::warn!(error = %e, "accept failed");
                    // E.g. out of file descriptors: back off instead of spinning.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    let open = connections.len();
    let drained = tokio::time::timeout(grace, async {
        while connections.join_next().await.is_some() {}
    })
    .await
    .is_ok();
    if !drained {
        tracing::warn!(
            open,
            ?grace,
            "connections still open after the grace; closed"
        );
    }
    connections.shutdown().await;
}

async fn serve(
    stream: TcpStream,
    peer: SocketAddr,
    shared: Arc<http::Shared>,
    mut shutdown: watch::Receiver<bool>,
) {
    let service = service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
        let shared = shared.clone();
        async move {
            let started = Instant::now();
            let method = req.method().clone();
            let path = req.uri().path().to_owned();
            let answer = http::route(&shared, peer, req).await;
            // Never the reader's address, cookie or the desk's token.
            tracing::info!(
                %method,
                path = %path,
                status = answer.status().as_u16(),
                ms = format_args!("{:.2}", started.elapsed().as_secs_f64() * 1000.0),
                "request"
            );
            Ok::<_, std::convert::Infallible>(answer)
        }
    });
    let connection = http1::Builder::new()
        .keep_alive(true)
        .header_read_timeout(Duration::from_secs(10))
        .timer(hyper_util::rt::TokioTimer::new())
        .serve_connection(TokioIo::new(stream), service);
    let mut connection = std::pin::pin!(connection);
    tokio::select! {
        _ = connection.as_mut() => return,
        _ = shutdown.changed() => {}
    }
    // Finishes the request in flight, then closes instead of waiting for the next one.
    connection.as_mut().graceful_shutdown();
    let _ = connection.await;
}
