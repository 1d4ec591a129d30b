//! Where loggvakt keeps its files and what the user's `config.toml` asks for:
//! the data and config directories, retention per kind, the purpose policy.

use directories::ProjectDirs;
use std::collections::BTreeMap;
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

/// How long each kind of record is kept before `purge` removes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retention {
    /// PMO review periods, from the period's last day (the schools' routine: 10 years).
    pub pmo_years: u32,
    /// Kom & Gå stamps, from the stamp's day.
    pub stamp_years: u32,
    /// Decided requests with their attachments, from the decision.
    pub request_years: u32,
    /// Passages, per system, from the passage's day.
    pub passages: PassageRetention,
}

impl Default for Retention {
    fn default() -> Self {
        Retention {
            pmo_years: DEFAULT_PMO_YEARS,
            stamp_years: DEFAULT_STAMP_YEARS,
            request_years: DEFAULT_REQUEST_YEARS,
            passages: PassageRetention::default(),
        }
    }
}

/// Months a passage system's passages are kept: `[retention.passage_months]`.
/// Systems are named as their import profiles name them (`salto`, `unison`, `ssm`,
/// a user's own `vaka`); a system the file does not name gets `default`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassageRetention {
    pub default_months: u32,
    /// Lower-case system name → months.
    pub systems: BTreeMap<String, u32>,
}

impl Default for PassageRetention {
    fn default() -> Self {
        PassageRetention {
            default_months: DEFAULT_PASSAGE_MONTHS,
            systems: BTreeMap::new(),
        }
    }
}

impl PassageRetention {
    /// The months kept for `system`.
    pub fn months(&self, system: &str) -> u32 {
        self.systems
            .get(&system.to_lowercase())
            .copied()
            .unwrap_or(self.default_months)
    }
}

/// Gallring of the reviewed PMO logs after 10 years (Göteborg's routine).
pub const DEFAULT_PMO_YEARS: u32 = 10;
/// Time-reporting records are kept two years for follow-up of the salary period.
pub const DEFAULT_STAMP_YEARS: u32 = 2;
/// A decided request is the basis of a possible legal follow-up: 5 years.
pub const DEFAULT_REQUEST_YEARS: u32 = 5;
/// Door passages: six months, long enough for a suspicion to surface and a written
/// request to arrive, after which a request's own windows keep what it needs
/// (README, "What is kept, and for how long").
pub const DEFAULT_PASSAGE_MONTHS: u32 = 6;
/// The longest a passage retention may be: ten years, in months.
pub const MAX_PASSAGE_MONTHS: u32 = 120;

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
        key: String,
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
        let bad = |key: String, expected: &'static str| ConfigError::Value {
            path: shown.to_owned(),
            key,
            expected,
        };
        let retention_table = value.get("retention");
        let years = |key: &'static str, default: u32| -> Result<u32, ConfigError> {
            match retention_table.and_then(|r| r.get(key)) {
                None => Ok(default),
                Some(v) => v
                    .as_integer()
                    .filter(|n| (1..=100).contains(n))
                    .map(|n| n as u32)
                    .ok_or_else(|| {
                        bad(
                            format!("[retention] {key}"),
                            "must be a whole number of years from 1 to 100",
                        )
                    }),
            }
        };
        let passages = passage_retention(retention_table, &bad)?;
        let retention = Retention {
            pmo_years: years("pmo_years", DEFAULT_PMO_YEARS)?,
            stamp_years: years("stamp_years", DEFAULT_STAMP_YEARS)?,
            request_years: years("request_years", DEFAULT_REQUEST_YEARS)?,
            passages,
        };
        let every = match value
            .get("policy")
            .and_then(|p| p.get("purpose_for_every_search"))
        {
            None => false,
            Some(v) => v.as_bool().ok_or_else(|| {
                bad(
                    "[policy] purpose_for_every_search".into(),
                    "must be true or false",
                )
            })?,
        };
        let export_dir = match value.get("export").and_then(|e| e.get("folder")) {
            None => None,
            Some(v) => Some(PathBuf::from(v.as_str().ok_or_else(|| {
                bad("[export] folder".into(), "must be a path in quotes")
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

/// `[retention.passage_months]`: `default` and one key per system, each a whole
/// number of months. The older `[retention] passage_years` still sets the default
/// when the table does not.
fn passage_retention(
    retention: Option<&toml::Value>,
    bad: &dyn Fn(String, &'static str) -> ConfigError,
) -> Result<PassageRetention, ConfigError> {
    let months = |key: String, v: &toml::Value| -> Result<u32, ConfigError> {
        v.as_integer()
            .filter(|n| (1..=i64::from(MAX_PASSAGE_MONTHS)).contains(n))
            .map(|n| n as u32)
            .ok_or_else(|| bad(key, "must be a whole number of months from 1 to 120"))
    };
    let mut out = PassageRetention::default();
    if let Some(v) = retention.and_then(|r| r.get("passage_years")) {
        out.default_months = v
            .as_integer()
            .filter(|n| (1..=10).contains(n))
            .map(|n| n as u32 * 12)
            .ok_or_else(|| {
                bad(
                    "[retention] passage_years".into(),
                    "must be a whole number of years from 1 to 10 (or use [retention.passage_months])",
                )
            })?;
    }
    let Some(table) = retention.and_then(|r| r.get("passage_months")) else {
        return Ok(out);
    };
    let table = table.as_table().ok_or_else(|| {
        bad(
            "[retention] passage_months".into(),
            "must be a table: [retention.passage_months] with default = 6, ssm = 12 …",
        )
    })?;
    for (system, v) in table {
        let key = format!("[retention.passage_months] {system}");
        let n = months(key, v)?;
        if system == "default" {
            out.default_months = n;
        } else {
            out.systems.insert(system.to_lowercase(), n);
        }
    }
    Ok(out)
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

    #[test]
    fn passages_are_kept_per_system_with_a_default_for_the_rest() {
        let c = Config::parse("", "c.toml").unwrap();
        assert_eq!(c.retention.passages.months("ssm"), DEFAULT_PASSAGE_MONTHS);
        let c = Config::parse(
            "[retention]\nstamp_years = 3\n[retention.passage_months]\ndefault = 3\nSSM = 12\nvaka = 1\n",
            "c.toml",
        )
        .unwrap();
        let p = &c.retention.passages;
        assert_eq!(
            (p.months("ssm"), p.months("vaka"), p.months("salto")),
            (12, 1, 3)
        );
        assert_eq!(c.retention.stamp_years, 3);
        // The older key sets the default; the table wins where it says more.
        let c = Config::parse("[retention]\npassage_years = 1\n", "c.toml").unwrap();
        assert_eq!(c.retention.passages.months("unison"), 12);
        let e = Config::parse("[retention.passage_months]\nsalto = 0\n", "c.toml")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("[retention.passage_months] salto") && e.contains("months"),
            "{e}"
        );
        let e = Config::parse("[retention]\npassage_months = 6\n", "c.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("must be a table"), "{e}");
    }
}
