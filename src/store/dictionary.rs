//! The lookup tables passages point into (readers, people, cards, event types),
//! held in memory while a file is imported.
//!
//! An import resolves each row's texts to ids on its reader thread, so the thread
//! that writes only stores integers. Ids of new entries are handed out here: the
//! import holds the write lock from the moment the tables are loaded, so no other
//! process can take an id in between. Each new entry travels to the writer with
//! the first row that needs it, as a [`NewEntry`] it stores before that row.

use super::Result;
use crate::domain::PersonName;
use crate::import::PassageView;
use crate::text::{TextMap, same};
use rusqlite::Connection;
use std::collections::{HashMap, HashSet};

type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// A lookup-table change the writer makes before the row that brought it.
#[derive(Debug, Clone, PartialEq)]
pub enum NewEntry {
    Reader {
        id: i64,
        code: String,
        name: String,
        site: String,
    },
    Person {
        id: i64,
        name: String,
        key: String,
        employee_id: String,
        department: String,
    },
    /// A person first seen without an employee id, now seen with one.
    EmployeeId {
        person: i64,
        employee_id: String,
    },
    Card {
        id: i64,
        number: String,
        person: Option<i64>,
    },
    /// The card's latest holder.
    CardOwner {
        card: i64,
        person: i64,
    },
    /// The card was seen with this person (kept for every pair).
    CardHolder {
        card: i64,
        person: i64,
    },
    Event {
        id: i64,
        text: String,
        kind: i64,
    },
}

/// The ids one passage resolved to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ids {
    pub reader: i64,
    pub person: Option<i64>,
    pub card: Option<i64>,
    pub event: i64,
}

/// One system's readers, cards and event types, and every person.
pub struct Dictionary {
    /// Keyed by `code \u{1f} name`, built in `key` without allocating per row.
    readers: TextMap<i64>,
    key: String,
    people: Map<String, Vec<(i64, String)>>,
    /// A person's text as rows give it → (the employee id last seen with it, the
    /// person): one lookup per row instead of parsing and folding the name.
    by_text: TextMap<(String, i64)>,
    /// Number → (card, latest holder, whether that pair is noted in `holders`).
    cards: TextMap<(i64, Option<i64>, bool)>,
    events: TextMap<i64>,
    last_event: Option<(String, i64)>,
    holders: HashSet<(i64, i64), foldhash::fast::RandomState>,
    next_reader: i64,
    next_person: i64,
    next_card: i64,
    next_event: i64,
}

/// The next id for `table`: past every stored one and every one a purge removed
/// (`id_given`), since the audit trail may name it.
fn next_id(conn: &Connection, table: &str) -> Result<i64> {
    Ok(conn.query_row(
        &format!(
            "SELECT max(coalesce((SELECT max(id) FROM {table}), 0),
                        coalesce((SELECT last FROM id_given WHERE name = ?1), 0)) + 1"
        ),
        [table],
        |r| r.get(0),
    )?)
}

impl Dictionary {
    /// Loads what is stored. Call it inside the import's write transaction.
    pub fn load(conn: &Connection, system: &str) -> Result<Dictionary> {
        let mut d = Dictionary {
            readers: TextMap::default(),
            key: String::new(),
            people: Map::default(),
            by_text: TextMap::default(),
            cards: TextMap::default(),
            events: TextMap::default(),
            last_event: None,
            holders: HashSet::default(),
            next_reader: next_id(conn, "reader")?,
            next_person: next_id(conn, "person")?,
            next_card: next_id(conn, "card")?,
            next_event: next_id(conn, "event_type")?,
        };
        let mut st = conn.prepare("SELECT id, code, name FROM reader WHERE system = ?1")?;
        let mut rows = st.query([system])?;
        while let Some(r) = rows.next()? {
            let (code, name): (String, String) = (r.get(1)?, r.get(2)?);
            d.readers.insert(&format!("{code}\u{1f}{name}"), r.get(0)?);
        }
        let mut st = conn.prepare("SELECT id, name_key, employee_id FROM person")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            d.people
                .entry(r.get(1)?)
                .or_default()
                .push((r.get(0)?, r.get(2)?));
        }
        let mut st = conn.prepare("SELECT id, number, person_id FROM card WHERE system = ?1")?;
        let mut rows = st.query([system])?;
        while let Some(r) = rows.next()? {
            let number: String = r.get(1)?;
            d.cards.insert(&number, (r.get(0)?, r.get(2)?, false));
        }
        let mut st = conn.prepare("SELECT id, text FROM event_type WHERE system = ?1")?;
        let mut rows = st.query([system])?;
        while let Some(r) = rows.next()? {
            let text: String = r.get(1)?;
            d.events.insert(&text, r.get(0)?);
        }
        Ok(d)
    }

    /// The ids the next new person and card would get.
    #[cfg(test)]
    pub(crate) fn next_ids(&self) -> (i64, i64) {
        (self.next_person, self.next_card)
    }

    /// The ids of a passage's reader, person, card and event type, adding to
    /// `new` whatever the writer must store first. `name_of` reads a person's
    /// text as a name, for texts not seen before.
    pub fn resolve(
        &mut self,
        rec: &PassageView<'_>,
        name_of: impl Fn(&str) -> Option<PersonName>,
        new: &mut Vec<NewEntry>,
    ) -> Ids {
        let reader = self.reader(rec, new);
        let person = rec.person_text.as_deref().and_then(|text| {
            let emp = rec.employee_id.as_ref();
            if let Some((e, id)) = self.by_text.get(text)
                && same(e, emp)
            {
                return Some(*id);
            }
            let id = self.person(&name_of(text)?, rec, new);
            self.by_text.insert(text, (emp.to_owned(), id));
            Some(id)
        });
        let card = self.card(rec, person, new);
        let event = self.event(rec, new);
        Ids {
            reader,
            person,
            card,
            event,
        }
    }

    fn reader(&mut self, rec: &PassageView<'_>, new: &mut Vec<NewEntry>) -> i64 {
        self.key.clear();
        self.key.push_str(&rec.reader_code);
        self.key.push('\u{1f}');
        self.key.push_str(&rec.door);
        if let Some(id) = self.readers.get(&self.key) {
            return *id;
        }
        let id = self.next_reader;
        self.next_reader += 1;
        self.readers.insert(&self.key, id);
        new.push(NewEntry::Reader {
            id,
            code: rec.reader_code.clone().into_owned(),
            name: rec.door.clone().into_owned(),
            site: rec.site.clone().into_owned(),
        });
        id
    }

    /// An employee id tells homonyms apart; a row without one joins the person
    /// of that name (the first, if several).
    fn person(&mut self, name: &PersonName, rec: &PassageView<'_>, new: &mut Vec<NewEntry>) -> i64 {
        let emp = rec.employee_id.as_ref();
        if let Some(known) = self.people.get_mut(name.key()) {
            if let Some((id, _)) = known.iter().find(|(_, e)| e == emp) {
                return *id;
            }
            if emp.is_empty() {
                if let Some((id, _)) = known.first() {
                    return *id;
                }
            } else if let Some(entry) = known.iter_mut().find(|(_, e)| e.is_empty()) {
                // The same name seen earlier without an employee id: now we know it.
                entry.1 = emp.to_owned();
                new.push(NewEntry::EmployeeId {
                    person: entry.0,
                    employee_id: emp.to_owned(),
                });
                return entry.0;
            }
        }
        let id = self.next_person;
        self.next_person += 1;
        self.people
            .entry(name.key().to_owned())
            .or_default()
            .push((id, emp.to_owned()));
        new.push(NewEntry::Person {
            id,
            name: name.display().to_owned(),
            key: name.key().to_owned(),
            employee_id: emp.to_owned(),
            department: rec.department.clone().into_owned(),
        });
        id
    }

    fn card(
        &mut self,
        rec: &PassageView<'_>,
        person: Option<i64>,
        new: &mut Vec<NewEntry>,
    ) -> Option<i64> {
        if rec.card.is_empty() {
            return None;
        }
        let (id, noted) = match self.cards.get_mut(&rec.card) {
            Some((id, owner, noted)) => {
                if let Some(p) = person.filter(|p| *owner != Some(*p)) {
                    *owner = Some(p);
                    *noted = false;
                    new.push(NewEntry::CardOwner {
                        card: *id,
                        person: p,
                    });
                }
                let was = *noted;
                *noted |= person.is_some();
                (*id, was)
            }
            None => {
                let id = self.next_card;
                self.next_card += 1;
                self.cards.insert(&rec.card, (id, person, person.is_some()));
                new.push(NewEntry::Card {
                    id,
                    number: rec.card.clone().into_owned(),
                    person,
                });
                (id, false)
            }
        };
        // Most rows carry the card's latest holder, already noted.
        if !noted
            && let Some(p) = person
            && self.holders.insert((id, p))
        {
            new.push(NewEntry::CardHolder {
                card: id,
                person: p,
            });
        }
        Some(id)
    }

    fn event(&mut self, rec: &PassageView<'_>, new: &mut Vec<NewEntry>) -> i64 {
        if let Some((text, id)) = &self.last_event
            && same(text, &rec.event_text)
        {
            return *id;
        }
        if let Some(id) = self.events.get(&rec.event_text) {
            self.last_event = Some((rec.event_text.clone().into_owned(), *id));
            return *id;
        }
        let id = self.next_event;
        self.next_event += 1;
        self.events.insert(&rec.event_text, id);
        new.push(NewEntry::Event {
            id,
            text: rec.event_text.clone().into_owned(),
            kind: rec.kind.code(),
        });
        id
    }
}

/// Recomputes every person's `name_key` with the key function imports use
/// ([`PersonName::key_of`]), and merges people whose keys then coincide with the
/// same employee id into the lowest id: their passages, cards and card holders
/// move to it. Run by the migration; safe to run again after the key changes.
/// Returns how many people were merged away.
pub fn rekey_persons(conn: &Connection) -> Result<u64> {
    let mut st = conn.prepare("SELECT id, name, name_key, employee_id FROM person ORDER BY id")?;
    let people: Vec<(i64, String, String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut first: HashMap<(String, String), i64> = HashMap::new();
    let mut merged = 0;
    let mut rekeyed = Vec::new();
    for (id, name, old_key, employee_id) in people {
        let key = PersonName::key_of(&name);
        match first.entry((key.clone(), employee_id)) {
            std::collections::hash_map::Entry::Occupied(keep) => {
                merge_person(conn, id, *keep.get())?;
                merged += 1;
            }
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(id);
                if key != old_key {
                    rekeyed.push((id, key));
                }
            }
        }
    }
    // After the merges, so that no two people hold one key for a moment.
    let mut st = conn.prepare("UPDATE person SET name_key = ?2 WHERE id = ?1")?;
    for (id, key) in rekeyed {
        st.execute(rusqlite::params![id, key])?;
    }
    Ok(merged)
}

/// Moves everything of person `from` to person `to`, then removes `from`.
fn merge_person(conn: &Connection, from: i64, to: i64) -> Result<()> {
    conn.execute(
        "UPDATE passage SET person_id = ?2
         WHERE id IN (SELECT id FROM passage_by_person WHERE person_id = ?1)",
        [from, to],
    )?;
    conn.execute(
        "UPDATE card SET person_id = ?2 WHERE person_id = ?1",
        [from, to],
    )?;
    conn.execute(
        "INSERT OR IGNORE INTO card_holder (card_id, person_id)
         SELECT card_id, ?2 FROM card_holder WHERE person_id = ?1",
        [from, to],
    )?;
    conn.execute("DELETE FROM card_holder WHERE person_id = ?1", [from])?;
    conn.execute("DELETE FROM person WHERE id = ?1", [from])?;
    Ok(())
}
