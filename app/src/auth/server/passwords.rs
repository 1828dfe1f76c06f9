//! Password hashing with argon2id (OWASP parameters: 19 MiB, 2 passes). Hashing runs on the
//! blocking pool so it never stalls the async workers.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// Hashes a password into a PHC string.
pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
    })
    .await?
}

/// Checks a password against a stored PHC hash. With no stored hash (unknown account) it
/// still spends the same time on a dummy hash, so timing does not reveal which emails exist.
pub async fn verify(password: String, stored: Option<String>) -> anyhow::Result<bool> {
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let phc = stored.unwrap_or_else(|| DUMMY_HASH.to_string());
        let parsed = PasswordHash::new(&phc).map_err(|e| anyhow::anyhow!("stored hash unreadable: {e}"))?;
        let ok = Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok();
        Ok(ok && known)
    })
    .await?
}

/// argon2id hash of a random string nobody knows; only used to equalise timing.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c3BhcnJpbmdkdW1teXNhbHQ$J0wJ8B1m4xCc2g2rWk1lHnq9bFZp0fQhGZl1oK3yQ6E";

#[cfg(test)]
mod tests {
    use crate::auth::server::passwords::*;

    #[tokio::test]
    async fn a_hash_verifies_only_its_own_password() {
        let h = hash("correct horse battery".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse battery".into(), Some(h.clone())).await.unwrap());
        assert!(!verify("wrong horse battery".into(), Some(h)).await.unwrap());
    }

    #[tokio::test]
    async fn unknown_accounts_never_verify() {
        assert!(!verify("anything at all".into(), None).await.unwrap());
    }
}
