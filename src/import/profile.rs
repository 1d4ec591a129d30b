//! Profiles describe a system's export as data: which headers mean which field,
//! and which event wording means which kind. Built-ins ship inside the binary;
//! users add their own as TOML files in the config directory.

use crate::domain::EventKind;
use crate::text::{fold, fold_key};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The kind of rows a profile describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RecordKind {
    Passage,
    Komgo,
    Pmo,
}

/// A canonical field an export column can be mapped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Timestamp,
    Date,
    Time,
    Reader,
    Door,
    Site,
    Person,
    FirstName,
    LastName,
    Card,
    CardSystem,
    CardVersion,
    CardStatus,
    EmployeeId,
    Event,
    EventCode,
    EventDetail,
    Direction,
    Department,
    Stamp,
    StampSource,
    Edited,
    User,
    UserId,
    Role,
    UserUnit,
    StudentId,
    Student,
    StudentUnit,
    Class,
    RecordType,
    Document,
    Action,
}

impl Field {
    pub fn parse(name: &str) -> Option<Field> {
        let value = toml::Value::String(name.trim().to_ascii_lowercase().replace('-', "_"));
        Field::deserialize(value).ok()
    }

    pub fn name(self) -> String {
        let s = format!("{self:?}");
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        }
        out
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct EventRule {
    pub kind: EventKind,
    pub contains: Vec<String>,
}

/// One system's export layout.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub name: String,
    pub kind: RecordKind,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub fields: BTreeMap<Field, Vec<String>>,
    #[serde(default)]
    pub event_codes: BTreeMap<String, EventKind>,
    #[serde(default)]
    pub events: Vec<EventRule>,
    /// Where a user profile was read from; empty for built-ins.
    #[serde(skip)]
    pub origin: Option<PathBuf>,
}

const BUILTIN: [(&str, &str); 5] = [
    ("salto", include_str!("../../profiles/salto.toml")),
    ("unison", include_str!("../../profiles/unison.toml")),
    ("ssm", include_str!("../../profiles/ssm.toml")),
    ("komgo", include_str!("../../profiles/komgo.toml")),
    ("pmo", include_str!("../../profiles/pmo.toml")),
];
const COMMON: &str = include_str!("../../profiles/common.toml");

/// The set of profiles known to this run: built-ins first, then the user's own.
#[derive(Debug, Clone)]
pub struct Profiles {
    pub all: Vec<Profile>,
    common: Vec<EventRule>,
}

impl Profiles {
    /// Built-in profiles only.
    pub fn builtin() -> Profiles {
        let all = BUILTIN
            .iter()
            .map(|(name, text)| {
                toml::from_str(text)
                    .unwrap_or_else(|e| panic!("built-in profile {name} is invalid: {e}"))
            })
            .collect();
        let common: Profile = toml::from_str(COMMON).expect("built-in common profile is valid");
        Profiles {
            all,
            common: common.events,
        }
    }

    /// Built-ins plus every `*.toml` in `dir` (a user profile with a built-in's name replaces it).
    pub fn load(dir: Option<&Path>) -> Result<Profiles, String> {
        let mut profiles = Profiles::builtin();
        let Some(dir) = dir else { return Ok(profiles) };
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Ok(profiles);
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        paths.sort();
        for path in paths {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let mut profile: Profile = toml::from_str(&text)
                .map_err(|e| format!("{}: not a valid profile: {e}", path.display()))?;
            profile.origin = Some(path);
            match profiles.all.iter_mut().find(|p| p.name == profile.name) {
                Some(existing) => *existing = profile,
                None => profiles.all.push(profile),
            }
        }
        Ok(profiles)
    }

    pub fn get(&self, name: &str) -> Option<&Profile> {
        self.all.iter().find(|p| p.name.eq_ignore_ascii_case(name))
    }

    pub fn names(&self) -> Vec<&str> {
        self.all.iter().map(|p| p.name.as_str()).collect()
    }

    /// The generic passage profile used for a layout mapped entirely by hand.
    pub fn custom() -> Profile {
        Profile {
            name: "custom".into(),
            kind: RecordKind::Passage,
            title: "layout mapped with --map".into(),
            fields: BTreeMap::new(),
            event_codes: BTreeMap::new(),
            events: Vec::new(),
            origin: None,
        }
    }

    /// An event classifier for `profile`: its codes and rules, then the common wording.
    pub fn classifier(&self, profile: &Profile) -> EventClassifier {
        let mut rules: Vec<(EventKind, Vec<String>)> = profile
            .events
            .iter()
            .chain(self.common.iter())
            .map(|r| (r.kind, r.contains.iter().map(|c| fold(c)).collect()))
            .collect();
        rules.retain(|(_, c)| !c.is_empty());
        EventClassifier {
            codes: profile.event_codes.clone(),
            rules,
        }
    }
}

/// Maps an export's event text (and code, when it has one) to an [`EventKind`].
#[derive(Debug, Clone)]
pub struct EventClassifier {
    codes: BTreeMap<String, EventKind>,
    rules: Vec<(EventKind, Vec<String>)>,
}

impl EventClassifier {
    pub fn classify(&self, code: &str, text: &str) -> EventKind {
        if let Some(kind) = self.codes.get(code.trim()) {
            return *kind;
        }
        let folded = fold(text);
        if folded.is_empty() {
            return EventKind::Other;
        }
        self.rules
            .iter()
            .find(|(_, needles)| needles.iter().any(|n| folded.contains(n.as_str())))
            .map_or(EventKind::Other, |(k, _)| *k)
    }
}

/// Columns of one header row assigned to fields.
#[derive(Debug, Clone)]
pub struct HeaderMatch {
    /// (field, column index, header text as written)
    pub columns: Vec<(Field, usize, String)>,
}

impl HeaderMatch {
    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns
            .iter()
            .find(|(f, _, _)| *f == field)
            .map(|(_, c, _)| *c)
    }

    pub fn has(&self, field: Field) -> bool {
        self.column(field).is_some()
    }

    pub fn header(&self, col: usize) -> &str {
        self.columns
            .iter()
            .find(|(_, c, _)| *c == col)
            .map_or("", |(_, _, h)| h.as_str())
    }

    /// Whether the match has what rows of `kind` cannot do without.
    pub fn missing(&self, kind: RecordKind) -> Vec<&'static str> {
        let when = self.has(Field::Timestamp) || self.has(Field::Date);
        let mut missing = Vec::new();
        match kind {
            RecordKind::Passage => {
                if !when {
                    missing.push("timestamp (or date and time)");
                }
                if !self.has(Field::Reader) && !self.has(Field::Door) {
                    missing.push("reader or door");
                }
            }
            RecordKind::Komgo => {
                if !when {
                    missing.push("date");
                }
                if !self.has(Field::EmployeeId) && !self.has(Field::Person) {
                    missing.push("employee_id or person");
                }
                if !self.has(Field::Stamp) {
                    missing.push("stamp");
                }
            }
            RecordKind::Pmo => {
                if !when {
                    missing.push("timestamp (or date and time)");
                }
                if !self.has(Field::User) && !self.has(Field::UserId) {
                    missing.push("user");
                }
                if !self.has(Field::Student) && !self.has(Field::StudentId) {
                    missing.push("student or student_id");
                }
                if !self.has(Field::Action) {
                    missing.push("action");
                }
            }
        }
        missing
    }
}

/// Matches a row of header cells against a profile plus hand mappings (`--map`).
/// Each field takes the first column whose folded text equals one of its names.
pub fn match_header(profile: &Profile, maps: &[(Field, String)], cells: &[String]) -> HeaderMatch {
    let keys: Vec<String> = cells.iter().map(|c| fold_key(c)).collect();
    let mut columns: Vec<(Field, usize, String)> = Vec::new();
    let mut taken = vec![false; cells.len()];
    for (field, header) in maps {
        let want = fold_key(header);
        if let Some(col) = keys.iter().position(|k| !k.is_empty() && *k == want) {
            columns.retain(|(f, _, _)| f != field);
            columns.push((*field, col, cells[col].clone()));
            taken[col] = true;
        }
    }
    for (field, names) in &profile.fields {
        if columns.iter().any(|(f, _, _)| f == field) {
            continue;
        }
        let wanted: Vec<String> = names.iter().map(|n| fold_key(n)).collect();
        if let Some(col) = keys
            .iter()
            .enumerate()
            .position(|(i, k)| !taken[i] && !k.is_empty() && wanted.contains(k))
        {
            taken[col] = true;
            columns.push((*field, col, cells[col].clone()));
        }
    }
    columns.sort_by_key(|(_, c, _)| *c);
    HeaderMatch { columns }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(s: &str, sep: char) -> Vec<String> {
        s.split(sep).map(str::to_owned).collect()
    }

    #[test]
    fn builtins_load_and_name_themselves() {
        let p = Profiles::builtin();
        assert_eq!(p.names(), ["salto", "unison", "ssm", "komgo", "pmo"]);
    }

    #[test]
    fn field_names_round_trip() {
        assert_eq!(Field::parse("employee_id"), Some(Field::EmployeeId));
        assert_eq!(Field::EmployeeId.name(), "employee_id");
        assert_eq!(Field::parse("nonsense"), None);
    }

    #[test]
    fn ssm_header_matches_case_and_diacritic_insensitively() {
        let p = Profiles::builtin();
        let ssm = p.get("ssm").unwrap();
        let m = match_header(
            ssm,
            &[],
            &cells(
                "DATUM;tid;Lasare;Dörr;Händelse;Kortnummer;Namn;Anst. nr;Avdelning",
                ';',
            ),
        );
        assert!(m.missing(RecordKind::Passage).is_empty());
        assert_eq!(m.column(Field::EmployeeId), Some(7));
        assert_eq!(m.columns.len(), 9);
    }

    #[test]
    fn hand_mapping_wins_over_profile() {
        let m = match_header(
            &Profiles::custom(),
            &[
                (Field::Timestamp, "När".into()),
                (Field::Door, "Var".into()),
            ],
            &cells("Vem,När,Var", ','),
        );
        assert_eq!(m.column(Field::Timestamp), Some(1));
        assert_eq!(m.column(Field::Door), Some(2));
    }

    #[test]
    fn salto_codes_beat_text_and_text_rules_keep_order() {
        let p = Profiles::builtin();
        let c = p.classifier(p.get("salto").unwrap());
        assert_eq!(
            c.classify("16", "Door opened: inside handle"),
            EventKind::ExitRequest
        );
        assert_eq!(
            c.classify("", "Door opened: inside handle"),
            EventKind::ExitRequest
        );
        assert_eq!(
            c.classify("", "Opening not allowed: key expired"),
            EventKind::Denied
        );
        assert_eq!(c.classify("", "Door opened: key"), EventKind::Granted);
        let ssm = p.classifier(p.get("ssm").unwrap());
        assert_eq!(ssm.classify("", "Nekad - fel tid"), EventKind::Denied);
        assert_eq!(
            ssm.classify("", "Utpassage (knapp)"),
            EventKind::ExitRequest
        );
        assert_eq!(
            ssm.classify("", "Dörr öppen för länge"),
            EventKind::HeldOpen
        );
        assert_eq!(ssm.classify("", "Godkänd passage"), EventKind::Granted);
    }
}
