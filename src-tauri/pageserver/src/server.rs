//! Connections, fault injection and request logging.

use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::api::{self, Reply, Shared};
use crate::{logging, FaultKind};

/// How long [`accept_loop`] lets open connections finish after a stop.
const GRACE: Duration = Duration::from_secs(1);

/// Returned by the service to make hyper close the connection without a response.
#[derive(Debug)]
struct Dropped;

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}

impl std::error::Error for Dropped {}

pub(crate) async fn accept_loop(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = shutdown.changed() => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    let _ = stream.set_nodelay(true);
                    connections.spawn(serve_connection(stream, peer, shared.clone(), shutdown.clone()));
                }
                Err(e) => {
                    if logging() {
                        eprintln!("accept failed: {e}");
                    }
                    // E.g. out of file descriptors: back off instead of spinning.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    let _ = tokio::time::timeout(GRACE, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    connections.shutdown().await;
}

async fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    shared: Arc<Shared>,
    mut shutdown: watch::Receiver<bool>,
) {
    let service = service_fn(move |req| handle(shared.clone(), peer, req));
    let connection = http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), service);
    let mut connection = std::pin::pin!(connection);
    tokio::select! {
        _ = connection.as_mut() => return,
        _ = shutdown.changed() => {}
    }
    connection.as_mut().graceful_shutdown();
    let _ = connection.await;
}

/// What happened to a request, for the log line.
enum Outcome {
    Answered(Reply),
    Dropped(&'static str),
}

async fn handle(
    shared: Arc<Shared>,
    peer: SocketAddr,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Dropped> {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let is_write = method == Method::PUT || method == Method::DELETE;
    let fault = {
        let mut state = shared.lock();
        let fault = state.pick_fault(is_write);
        if is_write || fault.is_some() {
            state
                .arrivals
                .push((method.to_string(), path.clone(), Instant::now()));
        }
        fault
    };

    let outcome = match fault {
        Some(FaultKind::ServerError) => Outcome::Answered(Reply::error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "injected fault: server error (nothing was processed)",
        )),
        Some(FaultKind::Reset) => Outcome::Dropped("reset"),
        Some(FaultKind::Hang { ms }) => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            Outcome::Dropped("hang")
        }
        Some(FaultKind::Slow { ms }) => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            Outcome::Answered(api::route(&shared, req).await)
        }
        Some(FaultKind::ServerErrorAfterWrite) => {
            let _processed = api::route(&shared, req).await;
            Outcome::Answered(Reply::error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "injected fault: response lost after processing",
            ))
        }
        Some(FaultKind::Throttle {
            status,
            secs,
            http_date,
        }) => Outcome::Answered(Reply::throttled(status, secs, http_date)),
        Some(FaultKind::HangAfterWrite { ms }) => {
            let _processed = api::route(&shared, req).await;
            tokio::time::sleep(Duration::from_millis(ms)).await;
            Outcome::Dropped("hang after processing")
        }
        Some(FaultKind::ResetAfterWrite) => {
            let _processed = api::route(&shared, req).await;
            Outcome::Dropped("reset after processing")
        }
        None => Outcome::Answered(api::route(&shared, req).await),
    };

    if logging() {
        let result = match &outcome {
            Outcome::Answered(reply) => format!(
                "{}{}",
                reply.status.as_u16(),
                if reply.replayed { " replayed" } else { "" }
            ),
            Outcome::Dropped(why) => format!("no response ({why})"),
        };
        let fault = fault.map(|f| format!(" fault={f}")).unwrap_or_default();
        eprintln!(
            "{} {peer} {method} {path} -> {result}{fault} {:.1}ms",
            chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    match outcome {
        Outcome::Answered(reply) => Ok(reply.into_response()),
        Outcome::Dropped(_) => Err(Dropped),
    }
}
