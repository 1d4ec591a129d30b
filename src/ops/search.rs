//! Searching passages and counting them per reader and day: one filter, one matching
//! rule and one audit record for both faces, written before the first row is shown.

use super::{OpError, Purpose, Result, purpose_json, record};
use crate::audit::{Actor, Entry};
use crate::config::Policy;
use crate::domain::{TimeSpec, parse_time, parse_typed, parse_window};
use crate::i18n::ops::Refusal;
use crate::store::Store;
use crate::store::catalog::{self, DayCount};
use crate::store::passages::{self, Cursor, Page, PassageFilter, PassageRow, Resolved};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Connection;
use std::collections::BTreeSet;

/// A passage filter as a face holds it: texts to match, or reader ids already chosen.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub filter: PassageFilter,
    /// `None`: the readers `filter.readers` matches (all when it is empty).
    pub reader_ids: Option<Vec<i64>>,
}

impl Query {
    pub fn of(filter: PassageFilter) -> Query {
        Query {
            filter,
            reader_ids: None,
        }
    }

    /// Whether the filter singles out people: a person or a card.
    pub fn names_someone(&self) -> bool {
        !self.filter.persons.is_empty() || !self.filter.cards.is_empty()
    }
}

/// Which face asked, as the audit trail records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Cli,
    Screen,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Cli => "cli",
            Via::Screen => "screen",
        }
    }
}

/// A `--from`/`--to` value: a time, a date (the whole day for `to`), or `today`,
/// `yesterday`, `-24h`, `-7d` counted from `now`.
pub fn time(
    flag: &'static str,
    value: &str,
    end: TimeSpec,
    now: NaiveDateTime,
) -> Result<NaiveDateTime> {
    parse_time(value, now, end).map_err(|error| OpError::Time { flag, error })
}

/// Both ends of a window, each optional, read as the screen's filter reads them:
/// an end written as a time alone follows the start (`--from "14/10 22.00" --to
/// 06.00` is one night), and from ≤ to.
pub fn window(
    from: Option<&str>,
    to: Option<&str>,
    now: NaiveDateTime,
) -> Result<(Option<NaiveDateTime>, Option<NaiveDateTime>)> {
    // Each end alone first, so a refusal names the flag it was given to.
    for (flag, text) in [("--from", from), ("--to", to)] {
        if let Some(t) = text {
            parse_typed(t, now).map_err(|error| OpError::Time { flag, error })?;
        }
    }
    let w = parse_window(from, to, now).map_err(|error| OpError::Time {
        flag: "--from/--to",
        error,
    })?;
    Ok((w.from, w.to))
}

/// Refuses a search that needs a purpose and has none; checks a named request.
pub fn check_purpose(
    conn: &Connection,
    q: &Query,
    purpose: Option<&Purpose>,
    policy: Policy,
) -> Result<()> {
    match purpose {
        Some(p) => p.check(conn),
        None if policy.purpose_for_every_search => {
            Err(OpError::usage(Refusal::PurposeNeededAlways, &[]))
        }
        None if q.names_someone() => Err(OpError::usage(Refusal::PurposeNeeded, &[])),
        None => Ok(()),
    }
}

fn resolve(conn: &Connection, q: &Query) -> Result<Resolved> {
    for text in q
        .filter
        .persons
        .iter()
        .chain(&q.filter.cards)
        .chain(&q.filter.readers)
    {
        super::line("--person/--card/--reader", text)?;
    }
    super::window(q.filter.from, q.filter.to)?;
    let mut resolved = passages::resolve(conn, &q.filter)?;
    if let Some(ids) = &q.reader_ids {
        resolved.readers = Some(ids.clone());
    }
    Ok(resolved)
}

/// The people a filter names: matched persons and the holders of named cards.
fn named_persons(r: &Resolved) -> Vec<i64> {
    let mut out = BTreeSet::new();
    if let Some((people, cards)) = &r.persons {
        out.extend(people.iter().copied());
        out.extend(cards.holders.iter().copied());
    }
    if let Some(cards) = &r.cards {
        out.extend(cards.holders.iter().copied());
    }
    out.into_iter().collect()
}

/// Rows a CLI search keeps from its counting pass to print without reading them
/// again (a few MB at most); a larger result is read a second time to print.
const KEPT_ROWS: usize = 10_000;

/// How many passages a search shows (up to `limit`, 0 = all) and the people among
/// them, read in the caller's snapshot. `limit` bounds the rows looked through.
fn result_persons(
    conn: &Connection,
    q: &Query,
    resolved: &Resolved,
    limit: usize,
) -> Result<(usize, Vec<i64>)> {
    let mut persons = People::default();
    let n = passages::for_each_id(conn, &q.filter, resolved, limit, |id| persons.add(conn, id));
    let n = persons.settle(conn, n)?;
    Ok((n, persons.done.into_iter().collect()))
}

/// As [`result_persons`], also keeping the rows when there are at most `keep`.
fn counted(
    conn: &Connection,
    q: &Query,
    resolved: &Resolved,
    limit: usize,
    keep: usize,
) -> Result<(usize, Vec<i64>, Option<Vec<PassageRow>>)> {
    let mut persons = People::default();
    let mut kept = Some(Vec::new());
    let n = passages::for_each(conn, &q.filter, resolved, limit, |row| {
        persons.add(conn, row.id)?;
        if let Some(rows) = &mut kept {
            if rows.len() < keep {
                rows.push(row);
            } else {
                kept = None;
            }
        }
        Ok(())
    });
    let n = persons.settle(conn, n)?;
    Ok((n, persons.done.into_iter().collect(), kept))
}

/// The people of a search's passages, looked up 4,096 passages at a time.
#[derive(Default)]
struct People {
    done: BTreeSet<i64>,
    batch: Vec<i64>,
    failed: Option<crate::store::StoreError>,
}

impl People {
    fn add(&mut self, conn: &Connection, id: i64) -> std::io::Result<()> {
        self.batch.push(id);
        if self.batch.len() == 4096 {
            if let Err(e) = crate::store::seen::persons_of(conn, &self.batch, &mut self.done) {
                self.failed = Some(e);
                return Err(std::io::Error::other("persons"));
            }
            self.batch.clear();
        }
        Ok(())
    }

    /// The passages' count once the last batch is looked up.
    fn settle(&mut self, conn: &Connection, n: crate::store::Result<usize>) -> Result<usize> {
        if let Some(e) = self.failed.take() {
            return Err(e.into());
        }
        let n = n?;
        crate::store::seen::persons_of(conn, &self.batch, &mut self.done)?;
        Ok(n)
    }
}

/// The audit record of a search, the same whichever face asked.
#[allow(clippy::too_many_arguments)]
fn details(
    q: &Query,
    resolved: &Resolved,
    purpose: Option<&Purpose>,
    limit: usize,
    rows: usize,
    complete: bool,
    results: &[i64],
    via: Via,
) -> serde_json::Value {
    serde_json::json!({
        "readers": q.filter.readers,
        "reader_ids": resolved.readers,
        "persons": q.filter.persons,
        "cards": q.filter.cards,
        "from": q.filter.from.map(|t| t.to_string()),
        "to": q.filter.to.map(|t| t.to_string()),
        "events": q.filter.kinds,
        "systems": q.filter.systems,
        "limit": limit,
        "rows": rows,
        "results_complete": complete,
        "purpose": purpose_json(purpose),
        "person_ids": { "named": named_persons(resolved), "results": results },
        "via": via.as_str(),
    })
}

/// A search whose audit entry is written; its rows stream from the snapshot the
/// entry's count and persons were read in.
pub struct Search<'s> {
    tx: rusqlite::Transaction<'s>,
    query: Query,
    resolved: Resolved,
    limit: usize,
    /// The rows, when the counting pass could keep them all.
    kept: Option<Vec<PassageRow>>,
    /// Rows the search shows.
    pub rows: usize,
    /// The people among them.
    pub persons: Vec<i64>,
    pub entry: Entry,
}

/// Searches passages (`limit` rows at most, 0 = all): validates, checks the purpose,
/// counts in a read transaction, audits, and returns the search ready to stream.
pub fn query<'s>(
    store: &'s Store,
    actor: &Actor,
    purpose: Option<&Purpose>,
    policy: Policy,
    q: Query,
    limit: usize,
) -> Result<Search<'s>> {
    let tx = store.read()?;
    check_purpose(&tx, &q, purpose, policy)?;
    let resolved = resolve(&tx, &q)?;
    let (rows, persons, kept) = counted(&tx, &q, &resolved, limit, KEPT_ROWS)?;
    let d = details(
        &q,
        &resolved,
        purpose,
        limit,
        rows,
        true,
        &persons,
        Via::Cli,
    );
    let entry = record(store, actor, "query", "", &d)?;
    Ok(Search {
        tx,
        query: q,
        resolved,
        limit,
        kept,
        rows,
        persons,
        entry,
    })
}

impl Search<'_> {
    /// Streams the rows, in time order, from the audited snapshot.
    pub fn each(self, mut each: impl FnMut(PassageRow) -> std::io::Result<()>) -> Result<usize> {
        if let Some(rows) = self.kept {
            let n = rows.len();
            for row in rows {
                each(row).map_err(passages::output_error)?;
            }
            return Ok(n);
        }
        let n = passages::for_each(
            &self.tx,
            &self.query.filter,
            &self.resolved,
            self.limit,
            each,
        )?;
        Ok(n)
    }
}

/// The JSON object of a passage (DESIGN.md §5), the one shape every face prints.
pub fn json_of(row: &PassageRow) -> serde_json::Value {
    serde_json::json!({
        "time": row.time.format("%Y-%m-%dT%H:%M:%S").to_string(),
        "system": row.system,
        "reader": if row.reader_name.is_empty() { &row.reader_code } else { &row.reader_name },
        "reader_code": row.reader_code,
        "person": row.person,
        "card": row.card,
        "employee_id": row.employee_id,
        "event": row.kind.as_str(),
        "event_text": row.event_text,
        "direction": row.direction.as_str(),
        "clock": row.clock.json(),
        "source": format!("{}:{}", row.source_file, row.source_row),
    })
}

/// Rows a screen search looks through for the people its results hold before the
/// entry is written; beyond them the entry says the list is not complete.
pub const SCREEN_SCAN: usize = 50_000;

/// A screen's view of passages: a page is shown only once the filter it belongs to
/// (with the purpose) has its audit entry, written once per distinct filter.
#[derive(Debug, Default)]
pub struct Viewer {
    purpose: Option<Purpose>,
    policy: Policy,
    audited: Option<String>,
}

impl Viewer {
    pub fn new(policy: Policy) -> Viewer {
        Viewer {
            purpose: None,
            policy,
            audited: None,
        }
    }

    pub fn purpose(&self) -> Option<&Purpose> {
        self.purpose.as_ref()
    }

    /// Sets the purpose of the searches that follow (checked against the store).
    pub fn set_purpose(&mut self, store: &Store, p: Option<Purpose>) -> Result<()> {
        if let Some(p) = &p {
            p.check(store.conn())?;
        }
        self.purpose = p;
        self.audited = None;
        Ok(())
    }

    fn key(&self, q: &Query) -> String {
        format!("{q:?}|{:?}", self.purpose)
    }

    /// Writes the entry for `q` unless it was the last one written.
    fn ensure_recorded(
        &mut self,
        store: &Store,
        conn: &Connection,
        actor: &Actor,
        q: &Query,
    ) -> Result<Resolved> {
        check_purpose(conn, q, self.purpose.as_ref(), self.policy)?;
        let resolved = resolve(conn, q)?;
        let key = self.key(q);
        if self.audited.as_deref() != Some(key.as_str()) {
            let (seen, persons) = result_persons(conn, q, &resolved, SCREEN_SCAN)?;
            let complete = seen < SCREEN_SCAN;
            let rows = if complete {
                seen as u64
            } else {
                passages::count(conn, &q.filter, &resolved)?
            };
            let d = details(
                q,
                &resolved,
                self.purpose.as_ref(),
                0,
                rows as usize,
                complete,
                &persons,
                Via::Screen,
            );
            record(store, actor, "query", "", &d)?;
            self.audited = Some(key);
        }
        Ok(resolved)
    }

    /// One page of matching passages in time order, audited first.
    pub fn page(
        &mut self,
        store: &Store,
        actor: &Actor,
        q: &Query,
        page: Page,
        limit: usize,
    ) -> Result<Vec<PassageRow>> {
        let tx = store.read()?;
        let resolved = self.ensure_recorded(store, &tx, actor, q)?;
        Ok(passages::page(&tx, &q.filter, &resolved, page, limit)?)
    }

    /// The next (or previous) passage after `from` whose text contains `needle`,
    /// within `budget` rows; with the rows looked through.
    #[allow(clippy::too_many_arguments)]
    pub fn find(
        &mut self,
        store: &Store,
        actor: &Actor,
        q: &Query,
        from: Option<Cursor>,
        forward: bool,
        needle: &str,
        budget: u64,
    ) -> Result<(Option<PassageRow>, u64)> {
        let tx = store.read()?;
        let resolved = self.ensure_recorded(store, &tx, actor, q)?;
        let needle = crate::text::fold(needle);
        let mut cursor = from;
        let mut scanned = 0;
        let chunk = 2000;
        loop {
            let page = if forward {
                Page::After(cursor)
            } else {
                Page::Before(cursor)
            };
            let mut rows = passages::page(&tx, &q.filter, &resolved, page, chunk)?;
            if !forward {
                rows.reverse();
            }
            let n = rows.len();
            scanned += n as u64;
            if let Some(hit) = rows.iter().find(|r| row_matches(r, &needle)) {
                return Ok((Some(hit.clone()), scanned));
            }
            match rows.last() {
                Some(last) if n == chunk && scanned < budget => {
                    cursor = Some(Cursor {
                        ts: passages::to_ts(last.time),
                        id: last.id,
                    })
                }
                _ => return Ok((None, scanned)),
            }
        }
    }
}

/// How many passages match; a number, not personal data, so not audited.
pub fn count(store: &Store, q: &Query) -> Result<u64> {
    let tx = store.read()?;
    let resolved = resolve(&tx, q)?;
    Ok(passages::count(&tx, &q.filter, &resolved)?)
}

/// Whether a passage's visible text contains the folded needle.
pub fn row_matches(row: &PassageRow, folded_needle: &str) -> bool {
    if folded_needle.is_empty() {
        return false;
    }
    [
        row.reader_label().as_str(),
        &row.person,
        &row.card,
        &row.employee_id,
        &row.event_text,
        &row.system,
        crate::domain::EventKind::as_str(row.kind),
    ]
    .iter()
    .any(|f| crate::text::fold(f).contains(folded_needle))
}

/// Passages per reader and day, audited like a search before they are shown.
pub struct Counts {
    pub days: Vec<DayCount>,
    pub entry: Entry,
}

/// Counts per reader per day from `from` to `to` (inclusive) for the readers
/// `readers` matches (all when empty).
pub fn counts(
    store: &Store,
    actor: &Actor,
    purpose: Option<&Purpose>,
    policy: Policy,
    readers: &[String],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Counts> {
    super::window(Some(from.into()), Some(to.into()))?;
    for r in readers {
        super::line("--reader", r)?;
    }
    let tx = store.read()?;
    if let Some(p) = purpose {
        p.check(&tx)?;
    } else if policy.purpose_for_every_search {
        return Err(OpError::usage(Refusal::PurposeNeededAlways, &[]));
    }
    let ids = if readers.is_empty() {
        None
    } else {
        Some(catalog::match_readers(&tx, readers)?)
    };
    let days = catalog::day_counts(&tx, ids.as_deref(), from, to)?;
    let entry = record(
        store,
        actor,
        "counts",
        "",
        &serde_json::json!({
            "readers": readers,
            "reader_ids": ids,
            "from": from.to_string(),
            "to": to.to_string(),
            "rows": days.len(),
            "passages": days.iter().map(|c| c.passages).sum::<u64>(),
            "purpose": purpose_json(purpose),
        }),
    )?;
    Ok(Counts { days, entry })
}
