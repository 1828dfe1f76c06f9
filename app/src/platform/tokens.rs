//! Single-use secret tokens: the user gets the random value, the database keeps its SHA-256.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// A new random token (256 bits, hex).
pub fn generate() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The stored form of a token.
pub fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_unique_and_stored_only_as_digests() {
        let a = crate::platform::tokens::generate();
        let b = crate::platform::tokens::generate();
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_ne!(crate::platform::tokens::digest(&a), a);
        assert_eq!(crate::platform::tokens::digest(&a), crate::platform::tokens::digest(&a));
    }
}
