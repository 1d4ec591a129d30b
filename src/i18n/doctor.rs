//! The words of `loggvakt doctor`: what the store's checks found, in plain
//! words, and what to do about it.

crate::catalogue! {
    /// Every text `doctor` shows.
    pub enum DoctorMsg {
        IntegrityOk => (
            "Databasfilen är hel (SQLite:s integritetskontroll: ok).",
            "The database file is sound (SQLite's integrity check: ok).",
        ),
        IntegrityBad => (
            "SQLite hittar skador i databasfilen: {}",
            "SQLite finds damage in the database file: {}",
        ),
        IntegrityAdvice => (
            "Skador i filen kan inte lagas här: återställ den från en säkerhetskopia.",
            "Damage to the file cannot be repaired here: restore it from a backup.",
        ),
        Agrees => ("{} stämmer med passagerna.", "{} agree with the passages."),
        Disagrees => (
            "{} stämmer inte med passagerna: {} rader saknas, {} rader för mycket, {} rader har fel värden.",
            "{} disagree with the passages: {} rows missing, {} rows too many, {} rows with wrong values.",
        ),
        Rebuilt => (
            "{} byggdes om från passagerna.",
            "{} were rebuilt from the passages.",
        ),
        RepairAdvice => (
            "Kör loggvakt doctor --repair för att bygga om det som inte stämmer.",
            "Run loggvakt doctor --repair to rebuild what disagrees.",
        ),
        DailyCounts => (
            "Passagerna per läsare och dag (passage_day)",
            "The passages per reader and day (passage_day)",
        ),
        CardHolders => (
            "Kortens innehavare (card_holder)",
            "The cards' holders (card_holder)",
        ),
        ReaderKeys => (
            "Sökvägen till passager per läsare (passage_by_reader)",
            "The search keys of passages by reader (passage_by_reader)",
        ),
        PersonKeys => (
            "Sökvägen till passager per person (passage_by_person)",
            "The search keys of passages by person (passage_by_person)",
        ),
    }
}

impl DoctorMsg {
    /// The plain-words name of a derived table.
    pub fn of(table: crate::store::doctor::Derived) -> DoctorMsg {
        use crate::store::doctor::Derived;
        match table {
            Derived::DailyCounts => DoctorMsg::DailyCounts,
            Derived::CardHolders => DoctorMsg::CardHolders,
            Derived::ReaderKeys => DoctorMsg::ReaderKeys,
            Derived::PersonKeys => DoctorMsg::PersonKeys,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_has_both_languages_and_the_same_placeholders() {
        for m in DoctorMsg::ALL {
            let (sv, en) = m.both();
            assert!(!sv.is_empty() && !en.is_empty() && sv != en, "{m:?}");
            assert_eq!(sv.matches("{}").count(), en.matches("{}").count(), "{m:?}");
        }
    }
}
