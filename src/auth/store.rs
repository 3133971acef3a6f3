//! Where secrets are written: the OS keyring, the Linux kernel keyring, or a private file.
//!
//! The OS keyring (Keychain, Credential Manager, Secret Service) is the default. A headless Linux
//! machine has no Secret Service, yet Etsy's refresh token rotates on every refresh and must be
//! written back at once, so such a machine chooses a store it can write, explicitly
//! (`auth.store` in config or `SELLKIT_KEYSTORE`): `kernel` (the user's kernel keyring, lost at
//! reboot) or `file` (a credentials file readable by the user only, outside the config file).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::error::{Error, Result};

/// The keyring service name every sellkit entry is filed under.
pub const SERVICE: &str = "sellkit";

/// Which store holds the secrets.
#[derive(Debug, Clone)]
pub enum KeyStore {
    /// The platform keyring through the keyring crate.
    Os,
    /// The Linux kernel keyring (keyutils): no D-Bus needed, lost at reboot.
    Kernel,
    /// A TOML file with mode 0600.
    File(PathBuf),
    /// In memory, for tests.
    Memory(Arc<Mutex<BTreeMap<String, String>>>),
}

/// The names `auth.store` and `SELLKIT_KEYSTORE` accept.
pub use crate::settings::STORE_NAMES;

impl KeyStore {
    /// `name` is one of [`STORE_NAMES`]; `file` is the credentials file for `file`.
    pub fn named(name: &str, file: PathBuf) -> Result<KeyStore> {
        match name {
            "os" => Ok(KeyStore::Os),
            "kernel" => Ok(KeyStore::Kernel),
            "file" => Ok(KeyStore::File(file)),
            other => Err(Error::config(format!(
                "unknown credential store {other:?}: use os, kernel or file (auth.store or SELLKIT_KEYSTORE)"
            ))),
        }
    }

    pub fn memory() -> KeyStore {
        KeyStore::Memory(Arc::default())
    }

    /// A short description for `auth status`.
    pub fn describe(&self) -> String {
        match self {
            KeyStore::Os => "os keyring".into(),
            KeyStore::Kernel => "kernel keyring (lost at reboot)".into(),
            KeyStore::File(p) => format!("file {}", p.display()),
            KeyStore::Memory(_) => "memory".into(),
        }
    }

    /// The name used in JSON output.
    pub fn name(&self) -> &'static str {
        match self {
            KeyStore::Os => "os",
            KeyStore::Kernel => "kernel",
            KeyStore::File(_) => "file",
            KeyStore::Memory(_) => "memory",
        }
    }

    pub fn get(&self, account: &str) -> Result<Option<String>> {
        match self {
            KeyStore::Os | KeyStore::Kernel => match self.entry(account)?.get_password() {
                Ok(v) => Ok(Some(v)),
                Err(keyring_core::Error::NoEntry) => Ok(None),
                Err(e) => Err(self.unreachable(e)),
            },
            KeyStore::File(path) => Ok(read_file(path)?.remove(account)),
            KeyStore::Memory(m) => Ok(m.lock().expect("memory store").get(account).cloned()),
        }
    }

    pub fn set(&self, account: &str, value: &str) -> Result<()> {
        match self {
            KeyStore::Os | KeyStore::Kernel => self
                .entry(account)?
                .set_password(value)
                .map_err(|e| self.unreachable(e)),
            KeyStore::File(path) => {
                let mut all = read_file(path)?;
                all.insert(account.to_string(), value.to_string());
                write_file(path, &all)
            }
            KeyStore::Memory(m) => {
                m.lock()
                    .expect("memory store")
                    .insert(account.into(), value.into());
                Ok(())
            }
        }
    }

    /// Removes an entry; `false` when there was none.
    pub fn delete(&self, account: &str) -> Result<bool> {
        match self {
            KeyStore::Os | KeyStore::Kernel => match self.entry(account)?.delete_credential() {
                Ok(()) => Ok(true),
                Err(keyring_core::Error::NoEntry) => Ok(false),
                Err(e) => Err(self.unreachable(e)),
            },
            KeyStore::File(path) => {
                let mut all = read_file(path)?;
                let had = all.remove(account).is_some();
                if had {
                    write_file(path, &all)?;
                }
                Ok(had)
            }
            KeyStore::Memory(m) => Ok(m.lock().expect("memory store").remove(account).is_some()),
        }
    }

    fn entry(&self, account: &str) -> Result<keyring_core::Entry> {
        let made = match self {
            KeyStore::Os => keyring::Entry::new(SERVICE, account).map(|e| e.inner),
            KeyStore::Kernel => kernel_entry(account),
            _ => unreachable!("entry() is only for keyring stores"),
        };
        made.map_err(|e| self.unreachable(e))
    }

    fn unreachable(&self, e: keyring_core::Error) -> Error {
        let hint = match self {
            KeyStore::Os => {
                "; on a machine without a desktop keyring choose another store: \
                 `sellkit config set auth.store file` (or kernel), or set SELLKIT_KEYSTORE"
            }
            _ => "",
        };
        Error::config(format!("the {} cannot be used: {e}{hint}", self.describe()))
    }
}

#[cfg(target_os = "linux")]
fn kernel_entry(account: &str) -> keyring_core::Result<keyring_core::Entry> {
    use std::sync::OnceLock;
    static STORE: OnceLock<Arc<keyring_core::CredentialStore>> = OnceLock::new();
    let store = match STORE.get() {
        Some(s) => s.clone(),
        None => {
            let s: Arc<keyring_core::CredentialStore> = linux_keyutils_keyring_store::Store::new()?;
            STORE.get_or_init(|| s).clone()
        }
    };
    keyring_core::Entry::new_in_store(&store, SERVICE, account)
}

#[cfg(not(target_os = "linux"))]
fn kernel_entry(_account: &str) -> keyring_core::Result<keyring_core::Entry> {
    Err(keyring_core::Error::NotSupportedByStore(
        "the kernel keyring exists on Linux only".into(),
    ))
}

fn read_file(path: &Path) -> Result<BTreeMap<String, String>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(e) => return Err(Error::io(path, e)),
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map_err(|e| Error::io(path, e))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            return Err(Error::config(format!(
                "{}: credentials file is readable by others (mode {:o}); run `chmod 600 {}`",
                path.display(),
                mode & 0o777,
                path.display()
            )));
        }
    }
    toml::from_str(&text).map_err(|e| {
        Error::config(format!(
            "{}: not a sellkit credentials file: {}",
            path.display(),
            e.message()
        ))
    })
}

fn write_file(path: &Path, all: &BTreeMap<String, String>) -> Result<()> {
    let mut text = String::from(
        "# sellkit credentials: secrets, readable by this user only. Written by `sellkit auth`.\n",
    );
    text.push_str(
        &toml::to_string(all)
            .map_err(|e| Error::Other(anyhow::anyhow!("credentials file: {e}")))?,
    );
    crate::fsutil::write_atomic(path, text.as_bytes(), true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_store_round_trip_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/credentials.toml");
        let s = KeyStore::File(path.clone());
        assert_eq!(s.get("etsy.api_key").unwrap(), None);
        s.set("etsy.api_key", "k1").unwrap();
        s.set("etsy.refresh_token", "r\"1\n").unwrap();
        assert_eq!(
            s.get("etsy.refresh_token").unwrap().as_deref(),
            Some("r\"1\n")
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(s.delete("etsy.api_key").unwrap());
        assert!(!s.delete("etsy.api_key").unwrap());
        assert_eq!(s.get("etsy.api_key").unwrap(), None);
    }

    #[cfg(unix)]
    #[test]
    fn file_store_refuses_a_readable_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("credentials.toml");
        std::fs::write(&path, "\"etsy.api_key\" = \"k\"\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = KeyStore::File(path).get("etsy.api_key").unwrap_err();
        assert!(err.to_string().contains("chmod 600"), "{err}");
    }

    #[test]
    fn unknown_store_name_is_a_config_error() {
        let err = KeyStore::named("vault", PathBuf::new()).unwrap_err();
        assert_eq!(err.kind(), crate::error::ErrorKind::Config);
    }
}
