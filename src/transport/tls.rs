//! TLS with a CA file (`--ca-file`): the system's roots plus the file's certificates, as reqwest's own
//! `tls_certs_merge` does, and one case more that gitlab-runner and curl accept: a self-signed
//! server certificate that is its own CA (what `openssl req -x509` makes by default) and is
//! byte-identical to a certificate in the file. rustls' webpki refuses such a certificate as a
//! server certificate (`CaUsedAsEndEntity`) even when it is a trusted root.
//!
//! The pinned case still checks the server name and every handshake signature against the
//! certificate's key, so only the holder of that certificate's private key gets through.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, OtherError, SignatureScheme};

/// A bundle of every public CA fits in well under a MiB.
const MAX_CA_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// The words the error carries when a CA certificate is served as the server's own; the
/// client's messages key on them (see `network_message`).
pub(crate) const CA_AS_SERVER_CERT: &str = "a CA certificate used as a server certificate";

/// The certificates of a CA file, read without blocking on a FIFO; the error is the message.
pub(crate) fn read_ca_file(path: &Path) -> Result<Vec<CertificateDer<'static>>, String> {
    let pem = crate::regular_file::read(path, MAX_CA_FILE_SIZE)
        .map_err(|error| format!("cannot read the CA file {}: {error}", path.display()))?;
    let certificates = CertificateDer::pem_slice_iter(&pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| {
            format!(
                "{} holds no usable PEM certificate: {error}",
                path.display()
            )
        })?;
    // A file with no PEM block parses as an empty bundle: trusting nothing more than the
    // system would hide the operator's mistake until the handshake fails.
    if certificates.is_empty() {
        return Err(format!(
            "{} holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
            path.display()
        ));
    }
    Ok(certificates)
}

/// The rustls configuration reqwest gets for a CA file (through
/// `tls_backend_preconfigured`): the verifier below, and the ALPN protocols reqwest would set.
pub(crate) fn client_config(ca_file: &Path) -> Result<rustls::ClientConfig, String> {
    let certificates = read_ca_file(ca_file)?;
    // The provider reqwest itself would pick: an installed default, else aws-lc-rs.
    let provider = CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::aws_lc_rs::default_provider()));
    let platform = rustls_platform_verifier::Verifier::new_with_extra_roots(
        certificates.clone(),
        provider.clone(),
    )
    .map_err(|error| {
        format!(
            "cannot use the certificates of {}: {error}",
            ca_file.display()
        )
    })?;
    let verifier = CaFileVerifier {
        platform,
        pinned: certificates,
        provider: provider.clone(),
        ca_file: ca_file.to_path_buf(),
    };
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|error| format!("cannot set up TLS: {error}"))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

#[derive(Debug)]
struct CaFileVerifier {
    platform: rustls_platform_verifier::Verifier,
    pinned: Vec<CertificateDer<'static>>,
    provider: Arc<CryptoProvider>,
    ca_file: PathBuf,
}

/// Why the server's certificate was refused although a CA file was given; it names the file,
/// so the message never tells the operator to pass the flag they passed. rustls shows it with
/// `Debug`, which therefore says the same as `Display`.
struct Refused {
    ca_file: PathBuf,
    ca_as_server: bool,
    cause: String,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.ca_as_server {
            write!(
                f,
                "the server's certificate is {CA_AS_SERVER_CERT} (as `openssl req -x509` makes by \
                 default), and no certificate in the CA file {} is \
                 byte-identical to it: put the server's own certificate in that file, or give \
                 the server a certificate issued by a CA",
                self.ca_file.display()
            )
        } else {
            write!(
                f,
                "the server's certificate is not trusted by the system's CAs nor by the CA file \
                 {}: {}; check that the file holds the CA that \
                 issued it",
                self.ca_file.display(),
                self.cause
            )
        }
    }
}

impl std::fmt::Debug for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Refused {}

/// The reason [`Refused`] gave, out of the wrapping rustls puts around it
/// (`invalid peer certificate: Other(OtherError(…))`).
pub(crate) fn refusal_reason(detail: &str) -> Option<&str> {
    let start = detail.find(REFUSAL_START)?;
    Some(detail.get(start..)?.trim_end_matches(')'))
}

const REFUSAL_START: &str = "the server's certificate is";

/// webpki's verdict on a CA certificate presented as the server's.
fn is_ca_as_server(error: &rustls::Error) -> bool {
    format!("{error:?}").contains("CaUsedAsEndEntity")
}

impl ServerCertVerifier for CaFileVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let error = match self.platform.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        ) {
            Ok(verified) => return Ok(verified),
            Err(error) => error,
        };
        if self
            .pinned
            .iter()
            .any(|pinned| pinned.as_ref() == end_entity.as_ref())
        {
            // The operator named this very certificate; it must still be for this host.
            let parsed = rustls::server::ParsedCertificate::try_from(end_entity)?;
            rustls::client::verify_server_name(&parsed, server_name)?;
            return Ok(ServerCertVerified::assertion());
        }
        Err(rustls::Error::InvalidCertificate(CertificateError::Other(
            OtherError(Arc::new(Refused {
                ca_file: self.ca_file.clone(),
                ca_as_server: is_ca_as_server(&error),
                cause: error.to_string(),
            })),
        )))
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}
