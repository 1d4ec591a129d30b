//! The passage filter pane: time window with presets, person, a reader
//! multi-select with type-to-search, event kinds and systems, as one list of rows.

use crate::domain::{EventKind, TimeSpec, parse_time_spec};
use crate::i18n::Lang;
use crate::store::catalog::ReaderSummary;
use crate::store::passages::PassageFilter;
use crate::text::fold;
use crate::tui::worker::Query;
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use std::collections::BTreeSet;
use tui_input::Input;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    From,
    To,
    Person,
    ReaderSearch,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heading {
    When,
    Person,
    Readers,
    Events,
    Systems,
}

/// One line of the pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Heading(Heading),
    Input(Field),
    Presets,
    /// Index into `readers`.
    Reader(usize),
    Kind(EventKind),
    /// Index into `systems`.
    System(usize),
}

impl Row {
    pub fn selectable(self) -> bool {
        !matches!(self, Row::Heading(_))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    Today,
    Last24h,
    Last7d,
    PreviousMonth,
    All,
}

impl Preset {
    pub const ALL: [Preset; 5] = [
        Preset::Today,
        Preset::Last24h,
        Preset::Last7d,
        Preset::PreviousMonth,
        Preset::All,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        let (sv, en) = match self {
            Preset::Today => ("Idag", "Today"),
            Preset::Last24h => ("24 h", "24 h"),
            Preset::Last7d => ("7 d", "7 d"),
            Preset::PreviousMonth => ("Förra mån", "Last month"),
            Preset::All => ("Allt", "All"),
        };
        if lang == Lang::Sv { sv } else { en }
    }

    /// The text the preset writes into From and To, so the user sees and can
    /// adjust what was chosen.
    pub fn texts(self, now: NaiveDateTime, lang: Lang) -> (String, String) {
        let today = if lang == Lang::Sv { "idag" } else { "today" };
        match self {
            Preset::Today => (today.into(), today.into()),
            Preset::Last24h => ("-24h".into(), String::new()),
            Preset::Last7d => ("-7d".into(), String::new()),
            Preset::PreviousMonth => {
                let first_this =
                    NaiveDate::from_ymd_opt(now.year(), now.month(), 1).unwrap_or(now.date());
                let last_prev = first_this.pred_opt().unwrap_or(first_this);
                let first_prev = NaiveDate::from_ymd_opt(last_prev.year(), last_prev.month(), 1)
                    .unwrap_or(last_prev);
                (first_prev.to_string(), last_prev.to_string())
            }
            Preset::All => (String::new(), String::new()),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct FilterPane {
    pub from: Input,
    pub to: Input,
    pub person: Input,
    pub reader_search: Input,
    pub readers: Vec<ReaderSummary>,
    pub readers_loaded: bool,
    pub chosen_readers: BTreeSet<i64>,
    pub kinds: BTreeSet<EventKind>,
    pub systems: Vec<String>,
    pub chosen_systems: BTreeSet<String>,
    /// The preset under the cursor on the presets row.
    pub preset: usize,
    /// Index into `rows()`.
    pub cursor: usize,
    /// First row shown.
    pub offset: usize,
}

/// The filter as it can be sent, or why it cannot.
#[derive(Debug, Clone, Default)]
pub struct Built {
    pub query: Query,
    pub from_error: Option<String>,
    pub to_error: Option<String>,
}

impl FilterPane {
    pub fn set_readers(&mut self, readers: Vec<ReaderSummary>) {
        let mut systems: Vec<String> = readers.iter().map(|r| r.system.clone()).collect();
        systems.sort();
        systems.dedup();
        self.chosen_readers
            .retain(|id| readers.iter().any(|r| r.id == *id));
        self.chosen_systems.retain(|s| systems.contains(s));
        self.readers = readers;
        self.systems = systems;
        self.readers_loaded = true;
        self.clamp();
    }

    pub fn input(&self, f: Field) -> &Input {
        match f {
            Field::From => &self.from,
            Field::To => &self.to,
            Field::Person => &self.person,
            Field::ReaderSearch => &self.reader_search,
        }
    }

    pub fn input_mut(&mut self, f: Field) -> &mut Input {
        match f {
            Field::From => &mut self.from,
            Field::To => &mut self.to,
            Field::Person => &mut self.person,
            Field::ReaderSearch => &mut self.reader_search,
        }
    }

    /// Readers matching the search text, ticked ones first so a choice never
    /// scrolls out of sight.
    pub fn visible_readers(&self) -> Vec<usize> {
        let q = fold(self.reader_search.value());
        let mut v: Vec<usize> = (0..self.readers.len())
            // The one rule both faces pick readers by: code or door name, not site.
            .filter(|&i| crate::ops::catalog::reader_matches(&self.readers[i], &q))
            .collect();
        v.sort_by_key(|&i| !self.chosen_readers.contains(&self.readers[i].id));
        v
    }

    pub fn rows(&self) -> Vec<Row> {
        let mut rows = vec![
            Row::Heading(Heading::When),
            Row::Input(Field::From),
            Row::Input(Field::To),
            Row::Presets,
            Row::Heading(Heading::Person),
            Row::Input(Field::Person),
            Row::Heading(Heading::Readers),
            Row::Input(Field::ReaderSearch),
        ];
        rows.extend(self.visible_readers().into_iter().map(Row::Reader));
        rows.push(Row::Heading(Heading::Events));
        rows.extend(EventKind::ALL.iter().map(|&k| Row::Kind(k)));
        if self.systems.len() > 1 {
            rows.push(Row::Heading(Heading::Systems));
            rows.extend((0..self.systems.len()).map(Row::System));
        }
        rows
    }

    pub fn current(&self) -> Row {
        let rows = self.rows();
        rows.get(self.cursor)
            .copied()
            .unwrap_or(Row::Input(Field::From))
    }

    /// Keeps the cursor on a selectable row after the list changed.
    pub fn clamp(&mut self) {
        let rows = self.rows();
        if self.cursor >= rows.len() {
            self.cursor = rows.len().saturating_sub(1);
        }
        while self.cursor > 0 && !rows[self.cursor].selectable() {
            self.cursor -= 1;
        }
        if !rows[self.cursor].selectable() {
            self.cursor = rows.iter().position(|r| r.selectable()).unwrap_or(0);
        }
    }

    /// Moves the cursor over selectable rows; returns whether it moved.
    pub fn step(&mut self, delta: isize) -> bool {
        let rows = self.rows();
        let mut i = self.cursor as isize;
        let mut remaining = delta.unsigned_abs();
        let dir = delta.signum();
        let mut moved = false;
        while remaining > 0 {
            let mut j = i + dir;
            while j >= 0 && (j as usize) < rows.len() && !rows[j as usize].selectable() {
                j += dir;
            }
            if j < 0 || j as usize >= rows.len() {
                break;
            }
            i = j;
            moved = true;
            remaining -= 1;
        }
        self.cursor = i as usize;
        moved
    }

    /// Keeps the cursor row in a window of `height` rows, showing the heading
    /// above it when there is one.
    pub fn scroll_into_view(&mut self, height: usize) {
        let height = height.max(1);
        let want_top = self.cursor.saturating_sub(1);
        if want_top < self.offset {
            self.offset = want_top;
        } else if self.cursor >= self.offset + height {
            self.offset = self.cursor + 1 - height;
        }
    }

    pub fn toggle(&mut self, row: Row) -> bool {
        match row {
            Row::Reader(i) => {
                let Some(r) = self.readers.get(i) else {
                    return false;
                };
                if !self.chosen_readers.remove(&r.id) {
                    self.chosen_readers.insert(r.id);
                }
            }
            Row::Kind(k) => {
                if !self.kinds.remove(&k) {
                    self.kinds.insert(k);
                }
            }
            Row::System(i) => {
                let Some(s) = self.systems.get(i).cloned() else {
                    return false;
                };
                if !self.chosen_systems.remove(&s) {
                    self.chosen_systems.insert(s);
                }
            }
            _ => return false,
        }
        true
    }

    pub fn apply_preset(&mut self, p: Preset, now: NaiveDateTime, lang: Lang) {
        let (from, to) = p.texts(now, lang);
        self.from = Input::new(from);
        self.to = Input::new(to);
    }

    pub fn clear(&mut self) {
        let readers = std::mem::take(&mut self.readers);
        let systems = std::mem::take(&mut self.systems);
        let loaded = self.readers_loaded;
        *self = FilterPane {
            readers,
            systems,
            readers_loaded: loaded,
            ..FilterPane::default()
        };
    }

    /// Reader ids the passages are limited to: the ticked ones, else every
    /// reader the search text matches, else none (all readers).
    pub fn reader_ids(&self) -> Option<Vec<i64>> {
        if !self.chosen_readers.is_empty() {
            return Some(self.chosen_readers.iter().copied().collect());
        }
        if fold(self.reader_search.value()).is_empty() {
            return None;
        }
        Some(
            self.visible_readers()
                .into_iter()
                .map(|i| self.readers[i].id)
                .collect(),
        )
    }

    pub fn build(&self, now: NaiveDateTime) -> Built {
        let time = |input: &Input, end| {
            let t = input.value().trim();
            if t.is_empty() {
                Ok(None)
            } else {
                parse_time_spec(t, now, end).map(Some)
            }
        };
        let mut built = Built::default();
        let from = time(&self.from, TimeSpec::From).unwrap_or_else(|e| {
            built.from_error = Some(e);
            None
        });
        let to = time(&self.to, TimeSpec::To).unwrap_or_else(|e| {
            built.to_error = Some(e);
            None
        });
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            built.to_error = Some(format!("{t} < {f}"));
        }
        let person = self.person.value().trim();
        built.query = Query {
            filter: PassageFilter {
                persons: if person.is_empty() {
                    vec![]
                } else {
                    vec![person.to_owned()]
                },
                from,
                to,
                kinds: self.kinds.iter().copied().collect(),
                systems: self.chosen_systems.iter().cloned().collect(),
                ..PassageFilter::default()
            },
            reader_ids: self.reader_ids(),
        };
        built
    }

    /// How many filters are set, for the one-line summary.
    pub fn summary(&self, lang: Lang) -> Vec<String> {
        let sv = lang == Lang::Sv;
        let mut parts = Vec::new();
        let from = self.from.value().trim();
        let to = self.to.value().trim();
        if !from.is_empty() || !to.is_empty() {
            parts.push(format!(
                "{} {} – {}",
                if sv { "Tid" } else { "Time" },
                if from.is_empty() { "…" } else { from },
                if to.is_empty() { "…" } else { to }
            ));
        }
        if !self.person.value().trim().is_empty() {
            parts.push(format!("Person \"{}\"", self.person.value().trim()));
        }
        let chosen: Vec<&ReaderSummary> = self
            .readers
            .iter()
            .filter(|r| self.chosen_readers.contains(&r.id))
            .collect();
        if !chosen.is_empty() && chosen.len() <= 2 {
            parts.push(
                chosen
                    .iter()
                    .map(|r| {
                        if r.name.is_empty() {
                            r.code.clone()
                        } else {
                            r.name.clone()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        } else if !self.chosen_readers.is_empty() {
            parts.push(format!(
                "{} {}",
                self.chosen_readers.len(),
                if sv { "läsare" } else { "readers" }
            ));
        } else if !self.reader_search.value().trim().is_empty() {
            parts.push(format!(
                "{} \"{}\"",
                if sv { "Läsare" } else { "Readers" },
                self.reader_search.value().trim()
            ));
        }
        if !self.kinds.is_empty() {
            parts.push(
                self.kinds
                    .iter()
                    .map(|k| crate::i18n::event_kind(*k, lang))
                    .collect::<Vec<_>>()
                    .join("/"),
            );
        }
        if !self.chosen_systems.is_empty() {
            parts.push(
                self.chosen_systems
                    .iter()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("/"),
            );
        }
        parts
    }
}
