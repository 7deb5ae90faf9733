//! The key pair a self-registering runner sends its public half of (`POST
//! /api/internal/runners` `public_key`) and keeps the private half of (`runner.key`): RSA
//! 2048, the private key as PKCS#1 PEM, the public key as PKIX PEM.

use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::pkcs8::{EncodePublicKey, LineEnding};

use crate::token::PrivateKey;

/// A fresh key pair; the private half never prints itself.
pub struct KeyPair {
    pub private_key: PrivateKey,
    pub public_key: String,
}

/// Generates an RSA key pair from the operating system's randomness.
pub fn generate_key_pair() -> Result<KeyPair, String> {
    let mut rng = rsa::rand_core::OsRng;
    let private = rsa::RsaPrivateKey::new(&mut rng, 2048).map_err(|e| e.to_string())?;
    let private_pem = private
        .to_pkcs1_pem(LineEnding::LF)
        .map_err(|e| e.to_string())?;
    let public_pem = private
        .to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .map_err(|e| e.to_string())?;
    Ok(KeyPair {
        private_key: PrivateKey::new(private_pem.as_str()),
        public_key: public_pem,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_pair_is_pem_and_its_private_half_is_redacted() {
        let pair = generate_key_pair().unwrap();
        assert!(
            pair.private_key
                .expose()
                .starts_with("-----BEGIN RSA PRIVATE KEY-----")
        );
        assert!(pair.public_key.starts_with("-----BEGIN PUBLIC KEY-----"));
        assert!(!format!("{:?} {}", pair.private_key, pair.private_key).contains("BEGIN"));
    }
}
