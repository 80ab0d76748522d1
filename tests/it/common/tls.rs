//! Certificates made by the tests (rcgen) and a rustls client that trusts
//! only what a test says, to see exactly which certificate a server sends.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::Arc;

use rcgen::{BasicConstraints, Certificate, CertificateParams, DnType, IsCa, KeyPair};
use rustls::pki_types::{CertificateDer, ServerName};

pub struct TestCa {
    cert: Certificate,
    key: KeyPair,
}

pub struct Leaf {
    pub cert_pem: String,
    pub key_pem: String,
    pub der: Vec<u8>,
}

impl TestCa {
    pub fn new(name: &str) -> Self {
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("params");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        let key = KeyPair::generate().expect("key");
        let cert = params.self_signed(&key).expect("CA");
        TestCa { cert, key }
    }

    pub fn pem(&self) -> String {
        self.cert.pem()
    }

    pub fn der(&self) -> CertificateDer<'static> {
        self.cert.der().clone()
    }

    pub fn leaf(&self, names: &[&str]) -> Leaf {
        let names: Vec<String> = names.iter().map(|s| (*s).to_owned()).collect();
        let params = CertificateParams::new(names).expect("params");
        let key = KeyPair::generate().expect("key");
        let cert = params.signed_by(&key, &self.cert, &self.key).expect("leaf");
        Leaf {
            cert_pem: cert.pem(),
            key_pem: key.serialize_pem(),
            der: cert.der().to_vec(),
        }
    }
}

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

pub fn client_config(roots: &[CertificateDer<'static>]) -> rustls::ClientConfig {
    let mut store = rustls::RootCertStore::empty();
    for r in roots {
        store.add(r.clone()).expect("root");
    }
    let mut config = rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_root_certificates(store)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    config
}

/// An HTTP client that trusts only `roots` and sends `name` to `addr`.
pub fn https_client(
    roots: &[CertificateDer<'static>],
    name: &str,
    addr: SocketAddr,
) -> reqwest::Client {
    super::crypto_provider();
    reqwest::Client::builder()
        .tls_backend_preconfigured(client_config(roots))
        .resolve(name, addr)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// Connects with SNI `name` and returns the server's leaf certificate and
/// the negotiated ALPN protocol, or the handshake error.
pub async fn handshake(
    addr: SocketAddr,
    name: &str,
    roots: &[CertificateDer<'static>],
) -> Result<(Vec<u8>, Option<Vec<u8>>), std::io::Error> {
    let connector = tokio_rustls::TlsConnector::from(Arc::new(client_config(roots)));
    let tcp = tokio::net::TcpStream::connect(addr).await?;
    let name = ServerName::try_from(name.to_owned()).expect("name");
    let tls = connector.connect(name, tcp).await?;
    let (_, conn) = tls.get_ref();
    let leaf = conn
        .peer_certificates()
        .and_then(|c| c.first())
        .map(|c| c.to_vec())
        .unwrap_or_default();
    Ok((leaf, conn.alpn_protocol().map(<[u8]>::to_vec)))
}
