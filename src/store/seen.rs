//! Who a set of passages shows: the people named on them, and the holders of the
//! cards on nameless ones, for the audit trail's record of whom a search concerned.

use super::Result;
use rusqlite::Connection;
use std::collections::BTreeSet;

/// Adds to `out` the people the passages with these ids show.
pub fn persons_of(conn: &Connection, passage_ids: &[i64], out: &mut BTreeSet<i64>) -> Result<()> {
    if passage_ids.is_empty() {
        return Ok(());
    }
    let ids = std::rc::Rc::new(
        passage_ids
            .iter()
            .map(|&i| rusqlite::types::Value::Integer(i))
            .collect::<Vec<_>>(),
    );
    let mut st = conn.prepare_cached(
        "SELECT person_id FROM passage WHERE id IN rarray(?1) AND person_id IS NOT NULL
         UNION
         SELECT ch.person_id FROM passage p JOIN card_holder ch ON ch.card_id = p.card_id
         WHERE p.id IN rarray(?1) AND p.person_id IS NULL",
    )?;
    let rows = st.query_map([ids], |r| r.get::<_, i64>(0))?;
    for id in rows {
        out.insert(id?);
    }
    Ok(())
}
