//! Where loggvakt keeps its files and what the user's `config.toml` asks for:
//! the data and config directories, retention per kind, the purpose policy.

use directories::ProjectDirs;
use std::path::{Path, PathBuf};

/// The data and configuration directories of the user (XDG on Linux:
/// `$XDG_DATA_HOME/loggvakt`, `$XDG_CONFIG_HOME/loggvakt`, else under `$HOME`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dirs {
    pub data: PathBuf,
    pub config: PathBuf,
}

impl Dirs {
    /// `None` when neither the XDG variables nor a home directory are known.
    pub fn of_user() -> Option<Dirs> {
        let p = ProjectDirs::from("", "", "loggvakt")?;
        Some(Dirs {
            data: p.data_dir().to_owned(),
            config: p.config_dir().to_owned(),
        })
    }

    /// The default database: `DATA/loggvakt.db`.
    pub fn database(&self) -> PathBuf {
        self.data.join("loggvakt.db")
    }

    /// The user's own import profiles: `CONFIG/profiles`.
    pub fn profiles(&self) -> PathBuf {
        self.config.join("profiles")
    }

    /// The configuration file: `CONFIG/config.toml`.
    pub fn config_file(&self) -> PathBuf {
        self.config.join("config.toml")
    }
}

/// The default database path, if the user has a home.
pub fn default_database() -> Option<PathBuf> {
    Dirs::of_user().map(|d| d.database())
}

/// The user's profile directory, if the user has a home.
pub fn profile_dir() -> Option<PathBuf> {
    Dirs::of_user().map(|d| d.profiles())
}

/// Years each kind of record is kept before `purge` removes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// PMO review periods, from the period's last day (the schools' routine: 10 years).
    pub pmo_years: u32,
    /// Kom & Gå stamps, from the stamp's day.
    pub stamp_years: u32,
    /// Decided requests with their attachments, from the decision.
    pub request_years: u32,
    /// Passages, from the passage's day (not purged by this version yet).
    pub passage_years: u32,
}

impl Default for Retention {
    fn default() -> Self {
        Retention {
            pmo_years: DEFAULT_PMO_YEARS,
            stamp_years: DEFAULT_STAMP_YEARS,
            request_years: DEFAULT_REQUEST_YEARS,
            passage_years: DEFAULT_PASSAGE_YEARS,
        }
    }
}

/// Gallring of the reviewed PMO logs after 10 years (Göteborg's routine).
pub const DEFAULT_PMO_YEARS: u32 = 10;
/// Time-reporting records are kept two years for follow-up of the salary period.
pub const DEFAULT_STAMP_YEARS: u32 = 2;
/// A decided request is the basis of a possible legal follow-up: 5 years.
pub const DEFAULT_REQUEST_YEARS: u32 = 5;
/// Door passages: one year.
pub const DEFAULT_PASSAGE_YEARS: u32 = 1;

/// Whether a purpose is asked for searches that name no person or card too.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Policy {
    pub purpose_for_every_search: bool,
}

/// What the config file says, with defaults for what it does not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    pub retention: Retention,
    pub policy: Policy,
    /// Where exports go when a bare file name is given (the TUI's export prompt).
    pub export_dir: Option<PathBuf>,
    /// The file it was read from, for messages.
    pub origin: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read the config file: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: not valid TOML: {message}")]
    Syntax { path: String, message: String },
    #[error("{path}: {key} {expected}")]
    Value {
        path: String,
        key: &'static str,
        expected: &'static str,
    },
}

impl Config {
    /// The user's config file, or the defaults when there is none.
    pub fn load() -> Result<Config, ConfigError> {
        match Dirs::of_user().map(|d| d.config_file()) {
            Some(path) if path.exists() => Config::from_file(&path),
            _ => Ok(Config::default()),
        }
    }

    pub fn from_file(path: &Path) -> Result<Config, ConfigError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: shown.clone(),
            source,
        })?;
        let mut c = Config::parse(&text, &shown)?;
        c.origin = Some(path.to_owned());
        Ok(c)
    }

    /// Reads the TOML text; `shown` names the file in errors.
    pub fn parse(text: &str, shown: &str) -> Result<Config, ConfigError> {
        let value: toml::Value = toml::from_str(text).map_err(|e| ConfigError::Syntax {
            path: shown.to_owned(),
            message: e.message().to_owned(),
        })?;
        let years = |key: &'static str, default: u32| -> Result<u32, ConfigError> {
            match value.get("retention").and_then(|r| r.get(key)) {
                None => Ok(default),
                Some(v) => v
                    .as_integer()
                    .filter(|n| (1..=100).contains(n))
                    .map(|n| n as u32)
                    .ok_or(ConfigError::Value {
                        path: shown.to_owned(),
                        key: match key {
                            "pmo_years" => "[retention] pmo_years",
                            "stamp_years" => "[retention] stamp_years",
                            "request_years" => "[retention] request_years",
                            _ => "[retention] passage_years",
                        },
                        expected: "must be a whole number of years from 1 to 100",
                    }),
            }
        };
        let retention = Retention {
            pmo_years: years("pmo_years", DEFAULT_PMO_YEARS)?,
            stamp_years: years("stamp_years", DEFAULT_STAMP_YEARS)?,
            request_years: years("request_years", DEFAULT_REQUEST_YEARS)?,
            passage_years: years("passage_years", DEFAULT_PASSAGE_YEARS)?,
        };
        let every = match value
            .get("policy")
            .and_then(|p| p.get("purpose_for_every_search"))
        {
            None => false,
            Some(v) => v.as_bool().ok_or(ConfigError::Value {
                path: shown.to_owned(),
                key: "[policy] purpose_for_every_search",
                expected: "must be true or false",
            })?,
        };
        let export_dir = match value.get("export").and_then(|e| e.get("folder")) {
            None => None,
            Some(v) => Some(PathBuf::from(v.as_str().ok_or(ConfigError::Value {
                path: shown.to_owned(),
                key: "[export] folder",
                expected: "must be a path in quotes",
            })?)),
        };
        Ok(Config {
            retention,
            policy: Policy {
                purpose_for_every_search: every,
            },
            export_dir,
            origin: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_fill_what_the_file_leaves_out() {
        let c = Config::parse("[retention]\npmo_years = 12\n", "c.toml").unwrap();
        assert_eq!(c.retention.pmo_years, 12);
        assert_eq!(c.retention.stamp_years, DEFAULT_STAMP_YEARS);
        assert!(!c.policy.purpose_for_every_search);
        let c = Config::parse(
            "[policy]\npurpose_for_every_search = true\n[export]\nfolder = \"/srv/ut\"\n",
            "c.toml",
        )
        .unwrap();
        assert!(c.policy.purpose_for_every_search);
        assert_eq!(c.export_dir.as_deref(), Some(Path::new("/srv/ut")));
    }

    #[test]
    fn a_bad_value_names_the_key_and_what_it_must_be() {
        let e = Config::parse("[retention]\nstamp_years = 0\n", "c.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("[retention] stamp_years"), "{e}");
        assert!(e.contains("1 to 100"), "{e}");
    }
}
