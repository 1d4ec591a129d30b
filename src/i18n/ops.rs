//! The words of the operations layer: why an operation refused or failed, purposes,
//! the audit trail's answers and the store's plain troubles, in Swedish and English.

use crate::catalogue;
use crate::store::SqlTrouble;

catalogue! {
    /// SQLite troubles as one plain sentence; `{}` is the file.
    pub enum Store {
        Full => (
            "Disken är full: {} kunde inte skrivas. Frigör utrymme och försök igen.",
            "The disk is full: {} could not be written. Free some space and try again.",
        ),
        Busy => (
            "{} är låst av en annan process som skriver (till exempel en import). Försök igen när den är klar.",
            "{} is locked by another process that is writing (an import, for example). Try again when it has finished.",
        ),
        Waiting => (
            "{} är låst av en annan process som skriver (till exempel en import); väntar upp till {} s på att den blir klar …",
            "{} is locked by another process that is writing (an import, for example); waiting up to {} s for it to finish …",
        ),
        NoHome => (
            "Hittar ingen plats för databasen (ingen hemkatalog); ange --db SÖKVÄG eller LOGGVAKT_DB.",
            "Cannot find a place for the database (no home directory); give --db PATH or LOGGVAKT_DB.",
        ),
        ReadOnly => (
            "{} är skrivskyddad för dig, så loggvakt kan inte skriva i den.",
            "{} is read-only for you, so loggvakt cannot write to it.",
        ),
        Io => (
            "{} kunde inte läsas eller skrivas (in/ut-fel); kontrollera disken.",
            "{} could not be read or written (input/output error); check the disk.",
        ),
        CannotOpen => (
            "{} kunde inte öppnas; kontrollera att katalogen finns och att du får skriva där.",
            "{} could not be opened; check that its directory exists and that you may write there.",
        ),
        Corrupt => (
            "{} är skadad eller ingen loggvakt-databas.",
            "{} is damaged or not a loggvakt database.",
        ),
    }
}

impl Store {
    pub fn of(t: SqlTrouble) -> Store {
        match t {
            SqlTrouble::Full => Store::Full,
            SqlTrouble::Busy => Store::Busy,
            SqlTrouble::ReadOnly => Store::ReadOnly,
            SqlTrouble::Io => Store::Io,
            SqlTrouble::CannotOpen => Store::CannotOpen,
            SqlTrouble::Corrupt => Store::Corrupt,
        }
    }
}

catalogue! {
    /// Why an operation refused or could not finish; `{}` are filled in order.
    pub enum Refusal {
        PurposeNeeded => (
            "En sökning på person eller kort behöver ett ändamål: ange --case R-ÅÅÅÅ-NNNN (en begäran) eller --reason \"vad som hänt\".",
            "A search for a person or card needs a purpose: give --case R-YYYY-NNNN (a request) or --reason \"what happened\".",
        ),
        PurposeNeededAlways => (
            "Konfigurationen kräver ett ändamål för varje sökning: ange --case R-ÅÅÅÅ-NNNN eller --reason \"vad som hänt\".",
            "The configuration asks for a purpose on every search: give --case R-YYYY-NNNN or --reason \"what happened\".",
        ),
        NoSuchCase => (
            "Begäran {} finns inte; se `loggvakt request list`.",
            "There is no request {}; see `loggvakt request list`.",
        ),
        ReasonEmpty => (
            "Ändamålet är tomt; skriv kort vad som hänt, till exempel \"Larm Avd 42 natten 14/10\".",
            "The purpose is empty; say briefly what happened, for example \"Alarm ward 42 the night of 14/10\".",
        ),
        ReasonTooLong => (
            "Ändamålet får vara högst 200 tecken.",
            "The purpose may be at most 200 characters.",
        ),
        BothPurposes => (
            "Ange antingen --case eller --reason, inte båda.",
            "Give either --case or --reason, not both.",
        ),
        ControlText => (
            "{} innehåller styrtecken eller riktningstecken (som ESC eller U+202E); skriv texten utan dem.",
            "{} holds control or direction characters (such as ESC or U+202E); write the text without them.",
        ),
        WindowReversed => (
            "Från-tiden {} ligger efter till-tiden {}; byt plats på dem.",
            "The from time {} is after the to time {}; swap them.",
        ),
        NotRecorded => (
            "Inget visades: åtgärden kunde inte skrivas i granskningsloggen ({}).",
            "Nothing was shown: the action could not be written to the audit trail ({}).",
        ),
        ExportExists => (
            "{} finns redan; välj ett annat namn eller ta bort filen först.",
            "{} already exists; choose another name or remove it first.",
        ),
        ExportFailed => (
            "{} kunde inte skrivas: {}. Ingen fil lämnades kvar.",
            "{} could not be written: {}. No file was left behind.",
        ),
        ExportExtension => (
            "{}: filnamnet måste sluta på .csv, .xlsx eller .pdf för att välja format.",
            "{}: the file name must end in .csv, .xlsx or .pdf to choose the format.",
        ),
        NotErased => (
            "Gallringen är gjord, men filen kunde inte skrivas om helt ({} byte kvar i WAL-filen, {} fria sidor), troligen för att en annan process har databasen öppen; avsluta andra loggvakt-sessioner och kör `loggvakt purge --compact`.",
            "The purge is done, but the file could not be rewritten completely ({} bytes left in the WAL, {} free pages), most likely because another process has the database open; close other loggvakt sessions and run `loggvakt purge --compact`.",
        ),
        NoPerson => (
            "Ingen person matchar \"{}\" (namn i valfri ordning, anställningsnummer eller kortnummer).",
            "No person matches \"{}\" (name in either order, employee id or card number).",
        ),
        NoPmoRow => (
            "Det finns ingen PMO-rad med id {}; se `loggvakt review list`.",
            "no PMO row with id {}; see `loggvakt review list`",
        ),
        CommentNeedsVerdict => (
            "Ge raden en bedömning innan du kommenterar den.",
            "give the row a verdict before a comment",
        ),
        SignoffOpenRows => (
            "Perioden {} kan inte signeras: {} av {} rad(er) saknar bedömning; bedöm dem med `loggvakt review mark`.",
            "period {} cannot be signed off: {} of {} row(s) have no verdict yet; mark them with `loggvakt review mark`",
        ),
        PeriodSigned => (
            "Perioden {} signerades {} av {}; granskningen kan inte längre ändras.",
            "period {} was signed off on {} by {}; its review can no longer change",
        ),
        RequestDecided => (
            "{} beslutades {}; ett beslutat ärende kan inte ändras.",
            "{} was decided on {}; a decided request cannot be changed",
        ),
        YearsAtLeastOne => ("--years måste vara minst 1.", "--years must be at least 1"),
        PurgeUnconfirmed => (
            "Gallrar inte utan bekräftelse: kör kommandot i en terminal eller lägg till --yes.",
            "not purging without confirmation: run it in a terminal, or add --yes",
        ),
    }
}

catalogue! {
    /// What `purge` says.
    pub enum Purge {
        Retention => (
            "Gallringstid: Kom & Gå-stämplingar {} år, PMO-perioder {} år, avgjorda begäranden {} år.",
            "Retention: Kom & Gå stamps {} years, PMO periods {} years, decided requests {} years.",
        ),
        PassageRetention => ("Passager sparas: {}.", "Passages are kept: {}."),
        SystemMonths => ("{} {} månader (före {} gallras)", "{} {} months (before {} they go)"),
        NoPassages => ("Passager: inga lagrade.", "Passages: none stored."),
        Nothing => (
            "Inget att gallra: inget har passerat sin gallringstid.",
            "Nothing to purge: nothing is past its retention.",
        ),
        Heading => ("Förbi gallringstiden, per slag och månad:", "Past retention, by kind and month:"),
        KindPassages => ("passager, {}", "passages, {}"),
        KindStamps => ("Kom & Gå-stämplingar", "Kom & Gå stamps"),
        KindPmo => ("PMO-rader (granskningsperioder)", "PMO rows (review periods)"),
        KindRequests => ("avgjorda begäranden med bilagor", "decided requests with attachments"),
        Held => (
            "Sparas trots gallringstiden, inom en kvarvarande begärans tidsfönster: {} passage(r).",
            "Kept past retention, inside a time window of a request that stays: {} passage(s).",
        ),
        Period => (
            "PMO {} {} ({} – {}): {} rad(er), {} granskade",
            "PMO {} {} ({} – {}): {} row(s), {} reviewed",
        ),
        SignedOff => (", signerad", ", signed off"),
        NotSignedOff => (", INTE signerad", ", NOT signed off"),
        DryRun => ("Provkörning: inget togs bort.", "Dry run: nothing removed."),
        Confirm => ("Ta bort detta för gott? [j/N] ", "Remove these for good? [y/N] "),
        Declined => ("Inget togs bort.", "Nothing removed."),
        Removed => (
            "Borttaget: {} Kom & Gå-stämpling(ar), {} PMO-period(er) med {} rad(er), deras granskningar och eskaleringar, {} avgjorda begäranden med {} bilaga(or), {} passage(r){}.",
            "Removed {} Kom & Gå stamp(s), {} PMO period(s) with {} row(s), their reviews and escalations, {} decided request(s) with {} attachment(s), {} passage(s){}.",
        ),
        Erased => (
            "Filen är omskriven utan spår av det borttagna: {} byte, inga fria sidor, tom WAL-fil.",
            "The file is rewritten without a trace of what went: {} bytes, no free page, an empty WAL.",
        ),
    }
}

catalogue! {
    /// What the audit commands say.
    pub enum Trail {
        Intact => (
            "granskningsloggen är hel: {} poster, huvud {}",
            "audit trail intact: {} entries, head {}",
        ),
        HeadMatches => (
            "stämmer med huvudet i {} (post {}, {})",
            "agrees with the head noted in {} (entry {}, {})",
        ),
        NoHeadFile => (
            "inget huvud finns antecknat utanför loggen ({}); en avkortning i slutet kan inte upptäckas",
            "no head is noted outside the trail ({}); a truncated tail cannot be detected",
        ),
        Broken => ("granskningsloggen är bruten: {}", "audit trail broken: {}"),
        NothingFound => (
            "Ingen post i granskningsloggen rör {}.",
            "No entry of the audit trail concerns {}.",
        ),
        Named => ("sökt på", "named"),
        InResults => ("i resultatet", "in results"),
        Purpose => ("Ändamål", "Purpose"),
        How => ("Hur", "How"),
        SearchesUnder => ("Sökningar under begäran", "Searches under this request"),
    }
}

catalogue! {
    /// The terminal UI's purpose prompt and status.
    pub enum PurposeUi {
        Title => ("Ändamål med sökningen", "Purpose of the search"),
        Explain => (
            "Varje sökning loggas med sitt ändamål. Välj en öppen begäran eller skriv vad som hänt.",
            "Every search is logged with its purpose. Choose an open request or say what happened.",
        ),
        Reason => ("Begäran eller händelse", "Request or incident"),
        Requests => ("Öppna begäranden", "Open requests"),
        Keys => (
            "↑↓ välj begäran · skriv en händelse · Enter bekräfta · Esc avbryt",
            "↑↓ choose a request · type an incident · Enter confirm · Esc cancel",
        ),
        None => ("–", "–"),
        Label => ("Ändamål", "Purpose"),
        Change => ("ändamål", "purpose"),
    }
}

catalogue! {
    /// What the review commands print.
    pub enum ReviewText {
        Period => ("Period", "Period"),
        Unit => ("Enhet", "Unit"),
        From => ("Från", "From"),
        To => ("Till", "To"),
        Rows => ("Rader", "Rows"),
        Reviewed => ("Granskade", "Reviewed"),
        SignedOff => ("Signerad", "Signed off"),
        Summary => (
            "{} {} {}: {} rader, {} flaggade, {} utan bedömning",
            "{} {} {}: {} rows, {} flagged, {} without verdict",
        ),
        Marked => ("{} rad(er) fick bedömningen {}", "{} row(s) marked {}"),
        Escalated => (
            "rad {} togs vidare till {} ({}) av {}; vidarebefordran {}",
            "row {} escalated to {} ({}) by {}; escalation {}",
        ),
        SignedOffBy => ("perioden {} ({}) signerades av {} {}", "period {} ({}) signed off by {} at {}"),
        Exported => ("{}  {} rader  sha256 {}", "{}  {} rows  sha256 {}"),
        Ok => ("OK", "ok"),
        Deviation => ("avvikelse", "deviation"),
        Investigate => ("utreds", "investigate"),
    }
}

impl ReviewText {
    /// A verdict as the review commands print it (JSON keeps the ids).
    pub fn verdict(v: crate::domain::pmo::Verdict) -> ReviewText {
        use crate::domain::pmo::Verdict;
        match v {
            Verdict::Ok => ReviewText::Ok,
            Verdict::Deviation => ReviewText::Deviation,
            Verdict::Investigate => ReviewText::Investigate,
        }
    }
}

catalogue! {
    /// What the request commands print.
    pub enum RequestText {
        Exported => ("{}: {} rader, SHA-256 {}", "{}: {} rows, SHA-256 {}"),
        AttachmentOut => ("{}: {} ({} byte, SHA-256 {})", "{}: {} ({} bytes, SHA-256 {})"),
    }
}

catalogue! {
    /// What the catalogue commands print.
    pub enum CatalogText {
        Profile => ("Profil", "Profile"),
        Kind => ("Slag", "Kind"),
        Description => ("Beskrivning", "Description"),
        Source => ("Källa", "Source"),
        BuiltIn => ("inbyggd", "built-in"),
        OwnProfiles => (
            "Egna profiler: {}/*.toml (se README, \"Profiles\")",
            "Your own profiles: {}/*.toml (see README, \"Profiles\")",
        ),
    }
}

catalogue! {
    /// The operating system's reasons for refusing a file, in words.
    pub enum IoText {
        NotFound => ("finns inte", "does not exist"),
        Permission => ("åtkomst nekad", "permission denied"),
        Exists => ("finns redan", "already exists"),
        ReadOnly => ("filsystemet är skrivskyddat", "the file system is read-only"),
        Full => ("disken är full", "the disk is full"),
        NotDir => ("är ingen mapp", "is not a folder"),
        IsDir => ("är en mapp", "is a folder"),
        BadName => ("ogiltigt filnamn", "invalid file name"),
        Other => ("systemfel", "system error"),
        Code => ("felkod", "error code"),
    }
}

/// The operating system's error in words, with its number for a search.
pub fn io_error(kind: std::io::ErrorKind, code: Option<i32>, lang: crate::i18n::Lang) -> String {
    use std::io::ErrorKind as K;
    let t = match kind {
        K::NotFound => IoText::NotFound,
        K::PermissionDenied => IoText::Permission,
        K::AlreadyExists => IoText::Exists,
        K::ReadOnlyFilesystem => IoText::ReadOnly,
        K::StorageFull | K::QuotaExceeded => IoText::Full,
        K::NotADirectory => IoText::NotDir,
        K::IsADirectory => IoText::IsDir,
        K::InvalidFilename => IoText::BadName,
        _ => IoText::Other,
    };
    match code {
        Some(c) => format!("{} ({} {c})", t.text(lang), IoText::Code.text(lang)),
        None => t.text(lang).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_has_both_languages_with_the_same_placeholders() {
        let check = |sv: &str, en: &str, name: &str| {
            assert!(!sv.is_empty() && !en.is_empty(), "{name}");
            assert_eq!(sv.matches("{}").count(), en.matches("{}").count(), "{name}");
        };
        for m in Store::ALL {
            let (sv, en) = m.both();
            check(sv, en, &format!("{m:?}"));
        }
        for m in Refusal::ALL {
            let (sv, en) = m.both();
            check(sv, en, &format!("{m:?}"));
        }
        for m in Purge::ALL {
            let (sv, en) = m.both();
            check(sv, en, &format!("{m:?}"));
        }
        for m in Trail::ALL {
            let (sv, en) = m.both();
            check(sv, en, &format!("{m:?}"));
        }
        for m in PurposeUi::ALL {
            let (sv, en) = m.both();
            check(sv, en, &format!("{m:?}"));
        }
        for m in ReviewText::ALL {
            let (sv, en) = m.both();
            check(sv, en, &format!("{m:?}"));
        }
        for m in RequestText::ALL {
            let (sv, en) = m.both();
            check(sv, en, &format!("{m:?}"));
        }
        for m in CatalogText::ALL {
            let (sv, en) = m.both();
            check(sv, en, &format!("{m:?}"));
        }
        for m in Purge::ALL {
            let (sv, en) = m.both();
            check(sv, en, &format!("{m:?}"));
        }
        for m in IoText::ALL {
            let (sv, en) = m.both();
            check(sv, en, &format!("{m:?}"));
        }
    }
}
