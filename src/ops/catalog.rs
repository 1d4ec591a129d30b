//! What is known: the reader and person lists (audited before they are shown), the
//! import profiles, and the one rule by which a text picks readers.

use super::{Purpose, Result, purpose_json, record};
use crate::audit::{Actor, Entry};
use crate::config::Policy;
use crate::import::profile::Profiles;
use crate::store::Store;
use crate::store::catalog::{self, PersonSummary, ReaderSummary};
use crate::text::fold;

/// The one rule by which a text picks readers, in both faces: any part of the
/// reader's code or door name, folded (case and diacritics ignored). The site does
/// not count: a site covers many doors, and a search stays as narrow as asked.
pub fn reader_matches(r: &ReaderSummary, folded_query: &str) -> bool {
    folded_query.is_empty()
        || fold(&r.code).contains(folded_query)
        || fold(&r.name).contains(folded_query)
}

/// Every reader with its passages and first/last seen; audited before it is shown.
pub fn readers(store: &Store, actor: &Actor) -> Result<(Vec<ReaderSummary>, Entry)> {
    let tx = store.read()?;
    let list = catalog::readers(&tx)?;
    let entry = record(
        store,
        actor,
        "list_readers",
        "",
        &serde_json::json!({ "rows": list.len() }),
    )?;
    Ok((list, entry))
}

/// The reader list for a screen's filter: readers are places, not people, so the
/// list is not audited by itself; what a search shows of it is.
pub fn reader_choices(store: &Store) -> Result<Vec<ReaderSummary>> {
    let tx = store.read()?;
    Ok(catalog::readers(&tx)?)
}

/// Every known person with cards and first/last seen; audited (with everyone listed)
/// before it is shown, under the purpose when one is given or the policy asks.
pub fn persons(
    store: &Store,
    actor: &Actor,
    purpose: Option<&Purpose>,
    policy: Policy,
) -> Result<(Vec<PersonSummary>, Entry)> {
    let tx = store.read()?;
    match purpose {
        Some(p) => p.check(&tx)?,
        None if policy.purpose_for_every_search => {
            return Err(super::OpError::usage(
                crate::i18n::ops::Refusal::PurposeNeededAlways,
                &[],
            ));
        }
        None => {}
    }
    let list = catalog::persons(&tx)?;
    let ids: Vec<i64> = list.iter().map(|p| p.id).collect();
    let entry = record(
        store,
        actor,
        "list_persons",
        "",
        &serde_json::json!({
            "rows": list.len(),
            "purpose": purpose_json(purpose),
            "person_ids": { "named": [], "results": ids },
        }),
    )?;
    Ok((list, entry))
}

/// The import profiles: built-in and the user's own.
pub fn profiles() -> std::result::Result<Profiles, String> {
    Profiles::load(crate::config::profile_dir().as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_is_matched_by_code_or_door_name_never_by_site() {
        let r = ReaderSummary {
            id: 1,
            system: "ssm".into(),
            code: "L0142".into(),
            name: "Läkemedelsrum Avd 42".into(),
            site: "Östra sjukhuset".into(),
            passages: 0,
            first: None,
            last: None,
        };
        assert!(reader_matches(&r, &fold("lakemedel")));
        assert!(reader_matches(&r, &fold("l0142")));
        assert!(!reader_matches(&r, &fold("Östra")));
    }
}
