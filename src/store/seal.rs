//! The per-install secret that seals approvals and the audit chain (HMAC-SHA-256).
//!
//! The secret is 32 random bytes, made on first use and kept in the credential store that
//! `sellkit auth` uses (account `install.approval_key`; on a machine without an OS keyring, the
//! file store, mode 0600). It never reaches the database, the config, a log or any output.
//!
//! What it protects against: anyone who can edit the database file (a SQL editor, a script, a
//! restored or copied file) but cannot read the secret. Such a person cannot make an approval
//! that `post` accepts, cannot move an approval to another draft or payload, and cannot delete,
//! change or reorder audit entries without `sellkit db check` naming the first broken entry.
//! What it cannot protect against: someone who can read the secret (the same OS account, or root)
//! and fakes a terminal session; and removing the newest audit entries together with the rows
//! they describe, which leaves a shorter chain that is still intact.

use std::fmt::Write as _;

use hmac::{KeyInit, Mac};
use rand::RngCore;

use crate::auth::KeyStore;
use crate::error::{Error, Result};

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// The credential-store account of the install secret.
pub const ACCOUNT: &str = "install.approval_key";

/// The install secret.
#[derive(Clone)]
pub struct Seal {
    key: [u8; 32],
}

impl std::fmt::Debug for Seal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Seal(<secret>)")
    }
}

fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

fn unhex(text: &str) -> Option<[u8; 32]> {
    let text = text.trim();
    if text.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, chunk) in text.as_bytes().chunks(2).enumerate() {
        let s = std::str::from_utf8(chunk).ok()?;
        out[i] = u8::from_str_radix(s, 16).ok()?;
    }
    Some(out)
}

impl Seal {
    /// A fresh random secret that is kept nowhere (in-memory stores and unit tests).
    pub fn ephemeral() -> Seal {
        let mut key = [0u8; 32];
        rand::rng().fill_bytes(&mut key);
        Seal { key }
    }

    /// The install secret from `store`, made and saved there on first use. When `store` is the
    /// OS keyring and it cannot be used (a headless machine), `fallback` (the file store) is
    /// used instead, so approvals still work there.
    pub fn load_or_create(store: &KeyStore, fallback: Option<&KeyStore>) -> Result<Seal> {
        match Seal::load_or_create_in(store) {
            Ok(s) => Ok(s),
            Err(e) => match (store, fallback) {
                (KeyStore::Os, Some(f)) => {
                    tracing::debug!(
                        "install secret: the OS keyring is not usable ({e}); using {}",
                        f.describe()
                    );
                    Seal::load_or_create_in(f)
                }
                _ => Err(e),
            },
        }
    }

    fn load_or_create_in(store: &KeyStore) -> Result<Seal> {
        if let Some(text) = store.get(ACCOUNT)? {
            return unhex(&text).map(|key| Seal { key }).ok_or_else(|| {
                Error::safety(format!(
                    "the install secret in {} is damaged; approvals cannot be checked (restore it, or remove it to start a new chain)",
                    store.describe()
                ))
            });
        }
        let seal = Seal::ephemeral();
        store.set(ACCOUNT, &hex(&seal.key))?;
        // Read back: a store that silently drops writes must not leave us signing with a key
        // that nothing can verify later.
        match store.get(ACCOUNT)? {
            Some(back) if unhex(&back) == Some(seal.key) => Ok(seal),
            _ => Err(Error::config(format!(
                "could not keep the install secret in {}",
                store.describe()
            ))),
        }
    }

    /// Hex HMAC-SHA-256 over the parts, each length-prefixed so that no two lists of parts
    /// give the same input.
    pub fn mac(&self, parts: &[&str]) -> String {
        let mut m = <HmacSha256 as KeyInit>::new_from_slice(&self.key).expect("any key length");
        for p in parts {
            m.update(&(p.len() as u64).to_be_bytes());
            m.update(p.as_bytes());
        }
        hex(&m.finalize().into_bytes())
    }

    /// Whether `mac` is the MAC of `parts` (compared in constant time).
    pub fn verify(&self, parts: &[&str], mac: &str) -> bool {
        let Some(expected) = unhex(mac) else {
            return false;
        };
        let mut m = <HmacSha256 as KeyInit>::new_from_slice(&self.key).expect("any key length");
        for p in parts {
            m.update(&(p.len() as u64).to_be_bytes());
            m.update(p.as_bytes());
        }
        m.verify_slice(&expected).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macs_bind_every_part_and_their_boundaries() {
        let s = Seal::ephemeral();
        let m = s.mac(&["a", "bc"]);
        assert!(s.verify(&["a", "bc"], &m));
        assert!(!s.verify(&["ab", "c"], &m));
        assert!(!s.verify(&["a", "bd"], &m));
        assert!(!Seal::ephemeral().verify(&["a", "bc"], &m));
        assert!(!s.verify(&["a", "bc"], "zz"));
    }

    #[test]
    fn the_secret_is_made_once_and_kept() {
        let store = KeyStore::memory();
        let a = Seal::load_or_create(&store, None).unwrap();
        let b = Seal::load_or_create(&store, None).unwrap();
        assert_eq!(a.mac(&["x"]), b.mac(&["x"]));
        store.set(ACCOUNT, "nonsense").unwrap();
        assert!(Seal::load_or_create(&store, None).is_err());
        assert!(!format!("{a:?}").contains(&hex(&a.key)));
    }
}
