//! Ghost's Admin API keys and the short-lived tokens made from them: `id:secret` (the secret in
//! hex) signs an HS256 JWT with `kid` = id, audience `/admin/`, good for five minutes.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// An Admin API key: the key's id and its secret's bytes. Never printed (no `Debug`).
pub(crate) struct AdminKey {
    id: String,
    secret: Vec<u8>,
}

/// How long a token is good for: Ghost accepts at most five minutes.
const LIFETIME_SECS: i64 = 300;

impl AdminKey {
    /// Reads `id:secret` as Ghost shows it under Settings → Integrations; says what is wrong
    /// without repeating the key.
    pub fn parse(text: &str) -> Result<AdminKey, String> {
        let text = text.trim();
        let Some((id, secret)) = text.split_once(':') else {
            return Err(
                "the Admin API key must be the \"Admin API key\" of a custom integration \
                 in Ghost (Settings → Integrations), written id:secret; this one has no colon"
                    .into(),
            );
        };
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(
                "the Admin API key's id (before the colon) must be letters and digits".into(),
            );
        }
        let secret = hex(secret).ok_or(
            "the Admin API key's secret (after the colon) must be hexadecimal digits, as Ghost \
             shows it",
        )?;
        if secret.len() < 16 {
            return Err("the Admin API key's secret is too short to be one Ghost made".into());
        }
        Ok(AdminKey {
            id: id.to_string(),
            secret,
        })
    }

    /// A token for the Admin API, issued at `now` (seconds since the epoch).
    pub fn token(&self, now: i64) -> String {
        let header = serde_json::json!({ "alg": "HS256", "typ": "JWT", "kid": self.id });
        let claims =
            serde_json::json!({ "iat": now, "exp": now + LIFETIME_SECS, "aud": "/admin/" });
        let signed = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let signature = hmac_sha256(&self.secret, signed.as_bytes());
        format!("{signed}.{}", URL_SAFE_NO_PAD.encode(signature))
    }
}

fn hex(text: &str) -> Option<Vec<u8>> {
    hex::decode(text).ok().filter(|bytes| !bytes.is_empty())
}

/// HMAC-SHA256 (RFC 2104), the JWT's HS256 signature.
fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    // Any key length is accepted by HMAC, so this cannot fail.
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to_hex(bytes: &[u8]) -> String {
        hex::encode(bytes)
    }

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test cases 1 and 6 (a key longer than the block).
        assert_eq!(
            to_hex(&hmac_sha256(&[0x0b; 20], b"Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
        assert_eq!(
            to_hex(&hmac_sha256(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn a_token_carries_the_key_id_and_is_signed_with_the_hex_secret() {
        let key = AdminKey::parse("6489abc:00112233445566778899aabbccddeeff").unwrap();
        let token = key.token(1_700_000_000);
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts.len(), 3);
        let header: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).unwrap()).unwrap();
        assert_eq!(header["kid"], "6489abc");
        assert_eq!(header["alg"], "HS256");
        let claims: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
        assert_eq!(claims["aud"], "/admin/");
        assert_eq!(claims["exp"].as_i64(), Some(1_700_000_300));
        let secret = hex("00112233445566778899aabbccddeeff").unwrap();
        let expected = hmac_sha256(&secret, format!("{}.{}", parts[0], parts[1]).as_bytes());
        assert_eq!(URL_SAFE_NO_PAD.decode(parts[2]).unwrap(), expected);
    }

    #[test]
    fn a_malformed_key_is_named_without_being_repeated() {
        for bad in [
            "",
            "nocolon",
            "id:xyz",
            "id:abc",
            ":00112233445566778899aabbccddeeff",
            "id:0011",
        ] {
            let err = AdminKey::parse(bad).err().expect(bad);
            assert!(err.contains("Admin API key"), "{err}");
            assert!(bad.len() < 4 || !err.contains(bad), "{err}");
        }
    }
}
