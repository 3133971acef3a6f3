//! Settings: flags > environment > config file > defaults, each value keeping its origin.
//!
//! Resolution is pure: it takes the parsed flags, the environment struct and the file's text.
//! Reading settings creates nothing on disk.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::env::EnvVars;
use crate::error::{Error, Result};

/// Where a setting's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Flag,
    Env,
    File,
    Default,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Origin::Flag => "flag",
            Origin::Env => "env",
            Origin::File => "file",
            Origin::Default => "default",
        })
    }
}

/// The type of a config key's value, used to validate `config set` and the file.
#[derive(Debug, Clone, Copy)]
pub enum KeyType {
    Text,
    Path,
    Integer { min: i64, max: i64 },
    OneOf(&'static [&'static str]),
}

/// A key the config file may hold.
#[derive(Debug)]
pub struct KeySpec {
    pub key: &'static str,
    pub kind: KeyType,
    pub default: Option<&'static str>,
    pub env: Option<&'static str>,
    pub help: &'static str,
}

/// Every key sellkit knows. `config get` lists them; `config set` refuses others.
pub const KEYS: &[KeySpec] = &[
    KeySpec {
        key: "db",
        kind: KeyType::Path,
        default: None,
        env: Some(crate::env::SELLKIT_DB),
        help: "database file (default: the platform data directory)",
    },
    KeySpec {
        key: "format",
        kind: KeyType::OneOf(&["table", "json", "ndjson", "csv"]),
        default: Some("table"),
        env: None,
        help: "default output format",
    },
    KeySpec {
        key: "color",
        kind: KeyType::OneOf(&["auto", "always", "never"]),
        default: Some("auto"),
        env: None,
        help: "colour in tables and messages",
    },
    KeySpec {
        key: "report.period",
        kind: KeyType::OneOf(&["day", "week", "month"]),
        default: Some("month"),
        env: None,
        help: "default period of `report sales`",
    },
    KeySpec {
        key: "demo.seed",
        kind: KeyType::Integer {
            min: 0,
            max: i64::MAX,
        },
        default: Some("42"),
        env: None,
        help: "seed of the demo shop",
    },
    KeySpec {
        key: "demo.skus",
        kind: KeyType::Integer {
            min: 1,
            max: 1_000_000,
        },
        default: Some("48"),
        env: None,
        help: "number of SKUs in the demo shop",
    },
    KeySpec {
        key: "demo.days",
        kind: KeyType::Integer { min: 28, max: 3660 },
        default: Some("730"),
        env: None,
        help: "days of order history in the demo shop",
    },
    KeySpec {
        key: "import.currency",
        kind: KeyType::Text,
        default: Some("USD"),
        env: None,
        help: "currency of imported files that do not state one (Shopify products, Amazon listings)",
    },
    KeySpec {
        key: "import.shop",
        kind: KeyType::Text,
        default: Some("default"),
        env: None,
        help: "store name for imported files that do not say which store they come from",
    },
];

pub fn key_spec(key: &str) -> Option<&'static KeySpec> {
    KEYS.iter().find(|k| k.key == key)
}

/// A resolved value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Value {
    pub key: String,
    pub value: Option<String>,
    pub origin: Origin,
}

/// The config file, parsed.
#[derive(Debug, Clone, Default)]
pub struct ConfigFile {
    pub path: PathBuf,
    pub table: toml::Table,
    pub exists: bool,
}

impl ConfigFile {
    /// Reads the file if it exists; a missing file is an empty config. Validates known keys.
    pub fn load(path: &Path) -> Result<ConfigFile> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(ConfigFile {
                    path: path.to_path_buf(),
                    table: toml::Table::new(),
                    exists: false,
                });
            }
            Err(e) => return Err(Error::io(path, e)),
        };
        ConfigFile::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<ConfigFile> {
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            Error::config(format!(
                "{}: {}",
                path.display(),
                e.to_string().trim().replace('\n', " ")
            ))
        })?;
        let file = ConfigFile {
            path: path.to_path_buf(),
            table,
            exists: true,
        };
        for spec in KEYS {
            if let Some(v) = file.raw(spec.key) {
                validate(spec, &v).map_err(|m| {
                    Error::config(format!("{}: key {}: {m}", path.display(), spec.key))
                })?;
            }
        }
        Ok(file)
    }

    /// The value at a dotted key, as text.
    pub fn raw(&self, key: &str) -> Option<String> {
        let mut parts = key.split('.').peekable();
        let mut table = &self.table;
        while let Some(part) = parts.next() {
            let item = table.get(part)?;
            if parts.peek().is_none() {
                return Some(match item {
                    toml::Value::String(s) => s.clone(),
                    other => other.to_string(),
                });
            }
            table = item.as_table()?;
        }
        None
    }

    /// Sets a dotted key (validated) and returns the new file text.
    pub fn set(&mut self, key: &str, value: &str) -> Result<String> {
        let spec = key_spec(key).ok_or_else(|| unknown_key(key))?;
        validate(spec, value).map_err(|m| Error::usage(format!("{key}: {m}")))?;
        let toml_value = match spec.kind {
            KeyType::Integer { .. } => {
                toml::Value::Integer(value.trim().parse().unwrap_or_default())
            }
            _ => toml::Value::String(value.to_string()),
        };
        let mut parts: Vec<&str> = key.split('.').collect();
        let last = parts.pop().unwrap_or(key);
        let mut table = &mut self.table;
        for part in parts {
            let entry = table
                .entry(part.to_string())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            table = match entry {
                toml::Value::Table(t) => t,
                _ => {
                    return Err(Error::config(format!(
                        "{}: {part} is not a table",
                        self.path.display()
                    )));
                }
            };
        }
        table.insert(last.to_string(), toml_value);
        Ok(toml::to_string(&self.table).map_err(anyhow::Error::from)?)
    }
}

pub fn unknown_key(key: &str) -> Error {
    let known: Vec<&str> = KEYS.iter().map(|k| k.key).collect();
    Error::usage(format!(
        "unknown config key {key:?}; known keys: {}",
        known.join(", ")
    ))
}

fn validate(spec: &KeySpec, value: &str) -> std::result::Result<(), String> {
    match spec.kind {
        KeyType::Text | KeyType::Path => {
            if value.is_empty() {
                return Err("must not be empty".into());
            }
        }
        KeyType::Integer { min, max } => {
            let n: i64 = value
                .trim()
                .parse()
                .map_err(|_| format!("{value:?} is not a whole number"))?;
            if n < min || n > max {
                return Err(format!("{n} is outside {min}..={max}"));
            }
        }
        KeyType::OneOf(choices) => {
            if !choices.contains(&value) {
                return Err(format!("{value:?} is not one of {}", choices.join(", ")));
            }
        }
    }
    Ok(())
}

/// Platform paths, overridable for tests.
#[derive(Debug, Clone)]
pub struct Dirs {
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
}

impl Dirs {
    /// The platform's standard directories (XDG on Linux). Reading them creates nothing.
    pub fn platform() -> Result<Dirs> {
        let dirs = directories::ProjectDirs::from("", "", "sellkit").ok_or_else(|| {
            Error::config("cannot find a home directory: pass --db and --config, or set HOME")
        })?;
        Ok(Dirs {
            config_dir: dirs.config_dir().to_path_buf(),
            data_dir: dirs.data_dir().to_path_buf(),
        })
    }
}

/// Flags that take part in settings resolution.
#[derive(Debug, Clone, Default)]
pub struct FlagValues {
    pub db: Option<PathBuf>,
    pub config: Option<PathBuf>,
}

/// Resolved settings.
#[derive(Debug, Clone)]
pub struct Settings {
    pub config_path: (PathBuf, Origin),
    pub db_path: (PathBuf, Origin),
    pub file: ConfigFile,
}

impl Settings {
    /// flags > env > file > defaults. Loads the config file (a missing one is empty).
    pub fn resolve(flags: &FlagValues, env: &EnvVars, dirs: &Dirs) -> Result<Settings> {
        let config_path = match (&flags.config, &env.config) {
            (Some(p), _) => (p.clone(), Origin::Flag),
            (None, Some(p)) => (p.clone(), Origin::Env),
            (None, None) => (dirs.config_dir.join("config.toml"), Origin::Default),
        };
        let file = ConfigFile::load(&config_path.0)?;
        Ok(Settings::from_parts(flags, env, dirs, config_path, file))
    }

    /// The pure part of [`Settings::resolve`], given the parsed file.
    pub fn from_parts(
        flags: &FlagValues,
        env: &EnvVars,
        dirs: &Dirs,
        config_path: (PathBuf, Origin),
        file: ConfigFile,
    ) -> Settings {
        let db_path = match (&flags.db, &env.db, file.raw("db")) {
            (Some(p), _, _) => (p.clone(), Origin::Flag),
            (None, Some(p), _) => (p.clone(), Origin::Env),
            (None, None, Some(p)) => (PathBuf::from(p), Origin::File),
            (None, None, None) => (dirs.data_dir.join("sellkit.db"), Origin::Default),
        };
        Settings {
            config_path,
            db_path,
            file,
        }
    }

    /// A key's value and origin (flags and env apply to `db` only).
    pub fn get(&self, key: &str) -> Result<Value> {
        let spec = key_spec(key).ok_or_else(|| unknown_key(key))?;
        if key == "db" {
            return Ok(Value {
                key: key.into(),
                value: Some(self.db_path.0.display().to_string()),
                origin: self.db_path.1,
            });
        }
        Ok(match self.file.raw(key) {
            Some(v) => Value {
                key: key.into(),
                value: Some(v),
                origin: Origin::File,
            },
            None => Value {
                key: key.into(),
                value: spec.default.map(String::from),
                origin: Origin::Default,
            },
        })
    }

    /// A whole-number key, after validation.
    pub fn get_i64(&self, key: &str) -> Result<i64> {
        let v = self.get(key)?;
        let text = v
            .value
            .ok_or_else(|| Error::config(format!("{key} is not set")))?;
        text.trim()
            .parse()
            .map_err(|_| Error::config(format!("{key}: {text:?} is not a whole number")))
    }

    pub fn get_text(&self, key: &str) -> Result<Option<String>> {
        Ok(self.get(key)?.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dirs() -> Dirs {
        Dirs {
            config_dir: "/cfg".into(),
            data_dir: "/data".into(),
        }
    }

    #[test]
    fn precedence_flag_env_file_default() {
        let file = ConfigFile::parse(
            Path::new("c.toml"),
            "db = \"/file.db\"\n[report]\nperiod = \"week\"\n",
        )
        .unwrap();
        let env = EnvVars {
            db: Some("/env.db".into()),
            ..Default::default()
        };
        let flags = FlagValues {
            db: Some("/flag.db".into()),
            config: None,
        };
        let resolve = |flags: &FlagValues, env: &EnvVars| {
            Settings::from_parts(
                flags,
                env,
                &dirs(),
                ("c.toml".into(), Origin::Flag),
                file.clone(),
            )
        };
        assert_eq!(
            resolve(&flags, &env).get("db").unwrap().value.as_deref(),
            Some("/flag.db")
        );
        assert_eq!(
            resolve(&flags, &env).get("db").unwrap().origin,
            Origin::Flag
        );
        assert_eq!(
            resolve(&FlagValues::default(), &env)
                .get("db")
                .unwrap()
                .origin,
            Origin::Env
        );
        let s = resolve(&FlagValues::default(), &EnvVars::default());
        assert_eq!(s.get("db").unwrap().value.as_deref(), Some("/file.db"));
        assert_eq!(s.get("db").unwrap().origin, Origin::File);
        assert_eq!(s.get("report.period").unwrap().origin, Origin::File);
        assert_eq!(
            s.get("format").unwrap(),
            Value {
                key: "format".into(),
                value: Some("table".into()),
                origin: Origin::Default
            }
        );
        let none = Settings::from_parts(
            &FlagValues::default(),
            &EnvVars::default(),
            &dirs(),
            ("c.toml".into(), Origin::Default),
            ConfigFile::default(),
        );
        assert_eq!(none.get("db").unwrap().origin, Origin::Default);
    }

    #[test]
    fn missing_file_is_empty_and_defaults_apply() {
        let s = Settings::resolve(&FlagValues::default(), &EnvVars::default(), &dirs()).unwrap();
        assert_eq!(
            s.db_path,
            (PathBuf::from("/data/sellkit.db"), Origin::Default)
        );
        assert_eq!(
            s.config_path,
            (PathBuf::from("/cfg/config.toml"), Origin::Default)
        );
        assert_eq!(s.get_i64("demo.seed").unwrap(), 42);
    }

    #[test]
    fn bad_values_are_refused() {
        assert!(ConfigFile::parse(Path::new("c.toml"), "format = \"xml\"").is_err());
        assert!(ConfigFile::parse(Path::new("c.toml"), "[demo]\nskus = 0").is_err());
        assert!(ConfigFile::parse(Path::new("c.toml"), "not toml ===").is_err());
        let mut f = ConfigFile::default();
        assert!(f.set("nope", "1").is_err());
        assert!(f.set("demo.skus", "many").is_err());
        let text = f.set("demo.skus", "100").unwrap();
        assert!(
            text.contains("[demo]") && text.contains("skus = 100"),
            "{text}"
        );
    }
}
