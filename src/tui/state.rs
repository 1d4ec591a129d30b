//! Where the screen keeps its own few things beside the database: the tab it
//! was last on, and the folder exports go to.

use super::action::Tab;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

const STATE_FILE: &str = "tui-state.toml";

/// The data directory: the one holding the database (the default database lives
/// in `$XDG_DATA_HOME/loggvakt/`).
fn data_dir(db: &Path) -> PathBuf {
    match db.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// The folder exports are written to unless the user names an absolute path:
/// the config file's `[export] folder` (`~/` is the home directory, a relative
/// folder is taken under the data directory), else `exports/` in the data
/// directory. Either is made private when first used. This is the one place the
/// screen reads it.
pub fn exports_dir(db: &Path, config: &crate::config::Config) -> PathBuf {
    match &config.export_dir {
        Some(dir) => match (dir.strip_prefix("~"), std::env::var_os("HOME")) {
            (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
            _ if dir.is_absolute() => dir.clone(),
            _ => data_dir(db).join(dir),
        },
        None => data_dir(db).join("exports"),
    }
}

/// The tab the screen was last closed on, if it was remembered.
pub fn last_tab(db: &Path) -> Option<Tab> {
    let text = std::fs::read_to_string(data_dir(db).join(STATE_FILE)).ok()?;
    let table: toml::Table = text.parse().ok()?;
    Tab::from_id(table.get("last_tab")?.as_str()?)
}

/// Remembers the tab for the next start. Failing to is not worth an error.
pub fn remember(db: &Path, tab: Tab) {
    let path = data_dir(db).join(STATE_FILE);
    let tmp = path.with_extension("tmp");
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&tmp)?;
        writeln!(f, "last_tab = \"{}\"", tab.id())?;
        f.sync_all()?;
        std::fs::rename(&tmp, &path)
    };
    if write().is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_tab_is_remembered_beside_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("loggvakt.db");
        assert_eq!(last_tab(&db), None);
        remember(&db, Tab::Pmo);
        assert_eq!(last_tab(&db), Some(Tab::Pmo));
        remember(&db, Tab::Requests);
        assert_eq!(last_tab(&db), Some(Tab::Requests));
        std::fs::write(dir.path().join(STATE_FILE), "last_tab = 3").unwrap();
        assert_eq!(last_tab(&db), None, "a damaged file is ignored");
    }

    #[test]
    fn exports_go_where_the_config_says_else_beside_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("loggvakt.db");
        let mut config = crate::config::Config::default();
        assert_eq!(exports_dir(&db, &config), dir.path().join("exports"));
        config.export_dir = Some(PathBuf::from("/srv/ut"));
        assert_eq!(exports_dir(&db, &config), PathBuf::from("/srv/ut"));
        config.export_dir = Some(PathBuf::from("utdrag"));
        assert_eq!(exports_dir(&db, &config), dir.path().join("utdrag"));
    }
}
