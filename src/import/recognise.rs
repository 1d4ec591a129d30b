//! Choosing the profile for a file: each profile is scored by the headers it
//! knows and by the values under them, and a weak or close call is refused.
//!
//! A header counts fully when only that profile knows it (`Kort-ID`, `Event Type`)
//! and less when others know it too (`Dörr`, `Datum`). The values then say what
//! the headers cannot: event texts in the system's own wording, its event codes,
//! its card numbers, times that read as times. A Salto export from the Swedish
//! client and a Unison one share half their headers; their wording tells them apart.

use super::profile::{self, By, Field, HeaderMatch, Profile, Profiles, RecordKind};
use super::source::RawRow;
use super::values::{Cell, DateOrder, parse_datetime_in};
use crate::text::fold_key;
use std::collections::{BTreeMap, BTreeSet};

/// How many rows below a header are read for evidence.
pub const EVIDENCE_ROWS: usize = 200;
/// Below this score the best match is too weak to trust.
pub const WEAK: f64 = 3.0;
/// A runner-up within this much of the best is too close to tell apart.
pub const CLOSE: f64 = 1.0;

/// A share of values that fit: `hit` of `of`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Share {
    pub hit: usize,
    pub of: usize,
}

impl Share {
    fn count(&mut self, fits: bool) {
        self.of += 1;
        self.hit += usize::from(fits);
    }

    pub fn fraction(self) -> f64 {
        if self.of == 0 {
            0.0
        } else {
            self.hit as f64 / self.of as f64
        }
    }
}

/// What the values under a candidate header say about it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Evidence {
    /// Times that read as dates and times.
    pub times: Share,
    /// Distinct event texts the profile's own wording knows.
    pub events: Share,
    /// Event codes the profile knows.
    pub codes: Share,
    /// Card numbers in the system's format.
    pub cards: Share,
}

/// One profile's best reading of a file.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub profile: Profile,
    /// Index of the header row among the rows read.
    pub index: usize,
    /// The header row's number in the file.
    pub row: u64,
    pub header: HeaderMatch,
    pub header_score: f64,
    pub evidence: Evidence,
    pub score: f64,
}

impl Candidate {
    pub fn name(&self) -> &str {
        &self.profile.name
    }

    /// `--map FIELD="HEADER"` for each column this candidate mapped, as a person
    /// would type them to import the file with this reading.
    pub fn map_args(&self) -> String {
        self.header
            .columns
            .iter()
            .map(|m| {
                format!(
                    "--map {}=\"{}\"",
                    m.field.name(),
                    crate::text::clean(&m.header)
                )
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A profile that found no header it could use, and what it lacked.
#[derive(Debug, Clone)]
pub struct Closest {
    pub profile: String,
    pub matched: usize,
    pub missing: Vec<&'static str>,
}

/// Why no profile was chosen.
#[derive(Debug, Clone)]
pub enum Refusal {
    /// The best match is too weak.
    Weak(Box<Candidate>),
    /// Two systems read the file about equally well.
    Close(Box<Candidate>, Box<Candidate>),
}

/// Which of each folded header name's profiles know it: a name only one knows
/// says more than one they share.
fn owners(profiles: &[Profile]) -> BTreeMap<String, BTreeSet<String>> {
    let mut owners: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for p in profiles {
        for name in p.fields.values().flatten().chain(&p.known) {
            owners
                .entry(fold_key(name))
                .or_default()
                .insert(p.name.clone());
        }
    }
    owners
}

fn header_score(m: &HeaderMatch, owners: &BTreeMap<String, BTreeSet<String>>) -> f64 {
    let weight = |col: usize| {
        let shared = owners
            .get(&fold_key(m.header(col)))
            .is_some_and(|o| o.len() > 1);
        if shared { 0.6 } else { 1.0 }
    };
    let mapped: f64 = m
        .columns
        .iter()
        .filter(|c| c.by == By::Profile)
        .map(|c| weight(c.col))
        .sum();
    mapped + m.known.iter().map(|&c| weight(c)).sum::<f64>()
}

fn text_of(raw: &RawRow, col: Option<usize>) -> String {
    col.and_then(|c| raw.cells.get(c))
        .map(Cell::to_text)
        .map(|t| t.trim().to_owned())
        .unwrap_or_default()
}

/// A column whose values are this system's event codes, whatever its header:
/// an unmapped or known column, or the one taken for the event text (a SHIP
/// `Operation` holds codes). Nine in ten values must be known codes.
fn code_column(
    m: &HeaderMatch,
    classifier: &profile::EventClassifier,
    rows: &[&RawRow],
) -> Option<usize> {
    let mut cols: Vec<usize> = m.unmapped().iter().map(|(c, _)| *c).collect();
    cols.extend(&m.known);
    cols.extend(m.column(Field::Event));
    cols.sort_unstable();
    cols.into_iter().find(|&c| {
        let mut share = Share::default();
        for raw in rows {
            let value = text_of(raw, Some(c));
            if !value.is_empty() {
                share.count(
                    value.bytes().all(|b| b.is_ascii_digit()) && classifier.knows_code(&value),
                );
            }
        }
        share.of > 0 && share.hit * 10 >= share.of * 9
    })
}

/// What the rows under `m` say about `profile`.
fn evidence(
    profile: &Profile,
    m: &HeaderMatch,
    classifier: &profile::EventClassifier,
    rows: &[&RawRow],
) -> Evidence {
    let mut e = Evidence::default();
    // A column taken only by its general name says nothing of the system: its
    // values count as evidence only where the profile (or the person) chose it.
    // Event texts are the exception: whatever their column is called, their
    // wording is the system's own, and a profile that knows it has a claim.
    let own = |field: Field| {
        m.columns
            .iter()
            .find(|c| c.field == field && c.by != By::Lexicon)
            .map(|c| c.col)
    };
    let any = |field: Field| m.column(field);
    let time_col = m.column(Field::Timestamp).or(m.column(Field::Date));
    let mut texts = BTreeSet::new();
    for raw in rows {
        if let Some(cell) = time_col
            .and_then(|c| raw.cells.get(c))
            .filter(|c| !c.is_empty())
        {
            let reads = [DateOrder::Dmy, DateOrder::Mdy]
                .iter()
                .any(|o| parse_datetime_in(cell, *o).is_some());
            e.times.count(reads);
        }
        let event = text_of(raw, any(Field::Event));
        let detail = text_of(raw, any(Field::EventDetail));
        let text = match (event.is_empty(), detail.is_empty()) {
            (false, false) => format!("{event}: {detail}"),
            (false, true) => event,
            (true, _) => detail,
        };
        if !text.is_empty() && texts.len() < 64 {
            texts.insert(text);
        }
        let code = text_of(raw, own(Field::EventCode));
        if !code.is_empty() {
            e.codes.count(classifier.knows_code(&code));
        }
        if let Some(format) = profile.card {
            let card = text_of(raw, own(Field::Card));
            if !card.is_empty() {
                e.cards.count(format.fits(&card));
            }
        }
    }
    for text in &texts {
        e.events.count(classifier.knows_text(text));
    }
    e
}

fn score(header_score: f64, e: &Evidence) -> f64 {
    let mut s = header_score
        + 3.0 * e.events.fraction()
        + 3.0 * e.codes.fraction()
        + 1.0 * e.cards.fraction();
    if e.times.of > 0 && e.times.fraction() < 0.5 {
        // The column is named like a time but does not hold times.
        s -= 3.0;
    }
    s
}

/// Reads `rows` with every profile in `candidates` and returns each profile's
/// best reading, best first, or why none will do.
pub fn candidates(
    profiles: &Profiles,
    candidates: &[Profile],
    maps: &[(Field, String)],
    rows: &[RawRow],
    search_rows: usize,
) -> Result<Vec<Candidate>, Option<Closest>> {
    let owners = owners(&profiles.all);
    let mut best: Vec<Candidate> = Vec::new();
    let mut closest: Option<Closest> = None;
    let classifiers: Vec<_> = candidates.iter().map(|p| profiles.classifier(p)).collect();
    for (ri, raw) in rows.iter().enumerate().take(search_rows) {
        let texts: Vec<String> = raw.cells.iter().map(Cell::to_text).collect();
        if texts.iter().filter(|t| !t.trim().is_empty()).count() < 2 {
            continue;
        }
        let below: Vec<&RawRow> = rows[ri + 1..]
            .iter()
            .filter(|r| !r.cells.iter().all(Cell::is_empty))
            .take(EVIDENCE_ROWS)
            .collect();
        for (p, classifier) in candidates.iter().zip(&classifiers) {
            let mut m = profile::match_header(p, maps, &texts);
            if p.kind == RecordKind::Passage {
                profile::fill_from_lexicon(&mut m, &profiles.lexicon_keys);
            }
            if classifier.has_codes()
                && !m.has(Field::EventCode)
                && let Some(col) = code_column(&m, classifier, &below)
            {
                m.assign(Field::EventCode, col, By::Values);
            }
            let missing = m.missing(p.kind);
            if !missing.is_empty() {
                let matched = m.columns.len();
                if closest.as_ref().is_none_or(|c| matched > c.matched) {
                    closest = Some(Closest {
                        profile: p.name.clone(),
                        matched,
                        missing,
                    });
                }
                continue;
            }
            let header_score = header_score(&m, &owners);
            let evidence = evidence(p, &m, classifier, &below);
            let candidate = Candidate {
                profile: p.clone(),
                index: ri,
                row: raw.row,
                score: score(header_score, &evidence),
                header: m,
                header_score,
                evidence,
            };
            match best.iter_mut().find(|c| c.profile.name == p.name) {
                Some(known) if known.score >= candidate.score => {}
                Some(known) => *known = candidate,
                None => best.push(candidate),
            }
        }
    }
    if best.is_empty() {
        return Err(closest);
    }
    best.sort_by(|a, b| b.score.total_cmp(&a.score));
    Ok(best)
}

/// Picks the reading to import by, or refuses: when the best is weak, or a
/// runner-up of another profile comes within [`CLOSE`] of it.
pub fn choose(mut readings: Vec<Candidate>) -> Result<(Candidate, Vec<Candidate>), Refusal> {
    let best = readings.remove(0);
    if let Some(next) = readings.first()
        && next.score >= best.score - CLOSE
    {
        return Err(Refusal::Close(Box::new(best), Box::new(next.clone())));
    }
    if best.score < WEAK {
        return Err(Refusal::Weak(Box::new(best)));
    }
    Ok((best, readings))
}
