//! TLS to the team's server: the system's root certificates (rustls), and a certificate
//! this computer does not trust named as such, with who issued it, instead of a bare
//! "error performing TLS handshake" that sends people to debug their network.

use std::sync::{Arc, Mutex};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, SignatureScheme};

use super::TeamError;

/// The issuer of the last certificate refused on one connection attempt.
pub(super) type SeenIssuer = Arc<Mutex<Option<String>>>;

/// The connector for one attempt, and where it notes the issuer of a refused certificate.
pub(super) fn connector(
) -> Result<(tokio_postgres_rustls::MakeRustlsConnect, SeenIssuer), TeamError> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls_native_certs::load_native_certs().certs {
        let _ = roots.add(cert);
    }
    let roots = Arc::new(roots);
    let seen = SeenIssuer::default();
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| TeamError::Tls(e.to_string()))?;
    let config = match WebPkiServerVerifier::builder_with_provider(roots.clone(), provider).build()
    {
        Ok(inner) => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(Noting {
                inner,
                seen: seen.clone(),
            }))
            .with_no_client_auth(),
        // No root certificates at all: every certificate is refused, as rustls does.
        Err(_) => builder.with_root_certificates(roots).with_no_client_auth(),
    };
    Ok((tokio_postgres_rustls::MakeRustlsConnect::new(config), seen))
}

/// The system's verifier, noting the issuer of a certificate it refuses. It decides
/// nothing itself.
#[derive(Debug)]
struct Noting {
    inner: Arc<WebPkiServerVerifier>,
    seen: SeenIssuer,
}

impl ServerCertVerifier for Noting {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let verdict = self.inner.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        );
        if verdict.is_err() {
            *self.seen.lock().unwrap_or_else(|e| e.into_inner()) = issuer_of(end_entity);
        }
        verdict
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// The issuer's name of a DER certificate ("CN=Team CA,O=Example"), when it parses.
fn issuer_of(cert: &CertificateDer<'_>) -> Option<String> {
    use x509_cert::der::Decode;
    let cert = x509_cert::Certificate::from_der(cert.as_ref()).ok()?;
    let name = cert.tbs_certificate.issuer.to_string();
    (!name.is_empty()).then_some(name)
}

/// The certificate problem behind a failed connection, when that is what it was.
pub(super) fn certificate_error(
    server: &str,
    error: &tokio_postgres::Error,
    seen: &SeenIssuer,
) -> Option<TeamError> {
    let problem = certificate_problem(error)?;
    let issuer = seen.lock().unwrap_or_else(|e| e.into_inner()).take();
    Some(TeamError::UntrustedCertificate {
        server: server.to_string(),
        problem: describe(&problem),
        issuer,
    })
}

/// The rustls certificate error somewhere in `error`'s chain (tokio-rustls wraps it in an
/// `io::Error`, whose `source` skips it, so each I/O error is opened too).
fn certificate_problem(error: &(dyn std::error::Error + 'static)) -> Option<CertificateError> {
    let mut next = Some(error);
    while let Some(e) = next {
        let inner = e
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .map(|i| i as &(dyn std::error::Error + 'static));
        for candidate in [Some(e), inner].into_iter().flatten() {
            if let Some(rustls::Error::InvalidCertificate(c)) =
                candidate.downcast_ref::<rustls::Error>()
            {
                return Some(c.clone());
            }
        }
        next = e.source();
    }
    None
}

fn describe(problem: &CertificateError) -> String {
    use CertificateError as C;
    match problem {
        C::UnknownIssuer => "it was issued by an authority this computer does not know".into(),
        C::NotValidForName | C::NotValidForNameContext { .. } => {
            "it was made for another host name than the one in the address".into()
        }
        C::Expired | C::ExpiredContext { .. } => "it has expired".into(),
        C::NotValidYet | C::NotValidYetContext { .. } => "it is not valid yet".into(),
        C::Revoked => "it was revoked".into(),
        other => format!("it was refused ({other:?})"),
    }
}
