//! Swedish and English user-facing words. The language comes from `--lang`, else
//! from the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`): `sv_*` gives Swedish.
//!
//! Each area keeps its words in a catalogue declared with [`catalogue!`], so every
//! text exists in both languages by construction and a test can list them all.

pub mod doctor;
pub mod import;
pub mod ops;
pub mod report;
pub mod tui;
pub mod when;

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    Sv,
    #[default]
    En,
}

impl Lang {
    /// The language the user's locale asks for.
    pub fn from_env() -> Lang {
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var) {
                if v.is_empty() {
                    continue;
                }
                return if v.to_ascii_lowercase().starts_with("sv") {
                    Lang::Sv
                } else {
                    Lang::En
                };
            }
        }
        Lang::En
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        })
    }
}

/// Declares a catalogue: an enum of texts, each with its Swedish and English
/// wording, a `text(lang)` lookup and `ALL`, every entry (for tests that check the
/// two languages apart). A text with parameters holds `{}` placeholders for [`fill`].
#[macro_export]
macro_rules! catalogue {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($variant:ident => ($sv:expr, $en:expr $(,)?)),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        $vis enum $name {
            $($variant),*
        }

        impl $name {
            /// Every text of the catalogue.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The text in Swedish and in English.
            pub fn both(self) -> (&'static str, &'static str) {
                match self {
                    $($name::$variant => ($sv, $en)),*
                }
            }

            pub fn text(self, lang: $crate::i18n::Lang) -> &'static str {
                let (sv, en) = self.both();
                match lang {
                    $crate::i18n::Lang::Sv => sv,
                    $crate::i18n::Lang::En => en,
                }
            }
        }
    };
}

/// Puts `args` into the `{}` placeholders of a catalogue text, in order.
pub fn fill(template: &str, args: &[&dyn fmt::Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16 * args.len());
    let mut args = args.iter();
    let mut rest = template;
    while let Some(at) = rest.find("{}") {
        out.push_str(&rest[..at]);
        if let Some(a) = args.next() {
            out.push_str(&a.to_string());
        }
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    out
}

catalogue! {
    /// Every text the program shows a person, in both languages.
    pub enum Msg {
        Time => ("Tid", "Time"),
        System => ("System", "System"),
        Reader => ("Läsare", "Reader"),
        Person => ("Person", "Person"),
        Card => ("Kort", "Card"),
        EmployeeId => ("Anst.nr", "Employee id"),
        Event => ("Händelse", "Event"),
        EventText => ("Händelsetext", "Event text"),
        Direction => ("Riktning", "Direction"),
        Source => ("Källa", "Source"),
        Name => ("Namn", "Name"),
        Code => ("Kod", "Code"),
        Site => ("Plats", "Site"),
        Passages => ("Passager", "Passages"),
        FirstSeen => ("Först", "First seen"),
        LastSeen => ("Senast", "Last seen"),
        Department => ("Avdelning", "Department"),
        Cards => ("Kort", "Cards"),
        Systems => ("System", "Systems"),
        NoPassages => ("Inga passager matchar.", "No passages match."),
        Day => ("Dag", "Day"),
        Exits => ("Utpassager", "Exits"),
        RowsRead => ("rader lästa", "rows read"),
        Imported => ("importerade", "imported"),
        Duplicates => ("redan fanns", "duplicates"),
        Rejected => ("avvisade", "rejected"),
        Covers => ("täcker", "covers"),
        AlreadyImported => (
            "filen är redan importerad",
            "this file was already imported",
        ),
        ImportFailed => (
            "Importen misslyckades, inget från filen sparades",
            "Import failed, nothing from the file was kept",
        ),
        RemovedSource => ("källfilen är borttagen", "source file removed"),
        Period => ("granskningsperiod", "review period"),
        Monitored => (
            "All användning av loggvakt loggas i verktygets egen granskningslogg.",
            "Every use of loggvakt is recorded in its own audit trail.",
        ),
        MonitoredShort => (
            "All användning loggas i granskningsloggen.",
            "Every use is recorded in the audit trail.",
        ),
        ClockRepeated => (
            "timmen upprepas vid omställning till vintertid",
            "hour repeated when clocks went back",
        ),
        ClockSkipped => (
            "tiden finns inte (sommartid): låsets klocka fel?",
            "time does not exist (summer time): lock clock wrong?",
        ),
        Seq => ("Nr", "Seq"),
        User => ("Användare", "User"),
        Action => ("Åtgärd", "Action"),
        Subject => ("Avser", "Subject"),
        Details => ("Detaljer", "Details"),
        Reference => ("Ärende", "Reference"),
        Requester => ("Begärd av", "Requested by"),
        Unit => ("Enhet", "Unit"),
        Reason => ("Skäl", "Reason"),
        Persons => ("Personer", "Persons"),
        Readers => ("Läsare", "Readers"),
        Windows => ("Tidsfönster", "Time windows"),
        Status => ("Status", "Status"),
        Open => ("öppen", "open"),
        Decided => ("beslutad", "decided"),
        Decision => ("Beslut", "Decision"),
        Attachments => ("Bilagor", "Attachments"),
        Deviations => ("Avvikelser", "Deviations"),
        Findings => ("Kom & Gå mot passager", "Kom & Gå against passages"),
        Caveats => ("Förbehåll", "Caveats"),
        UsualHours => ("Vanliga tider", "Usual hours"),
        DevOutsideUsual => (
            "utanför personens vanliga tider",
            "outside the person's usual hours",
        ),
        DevDenied => (
            "nekad: kortet eller koden godtogs inte",
            "denied: the card or code was not accepted",
        ),
        DevNight => (
            "nattetid (22–06) vid en läsare i begäran",
            "at night (22–06) at a reader in the request",
        ),
        DevWeekend => (
            "under helgen vid en läsare i begäran",
            "on a weekend at a reader in the request",
        ),
        DevAfterOut => (
            "efter personens UT-stämpling i Kom & Gå samma dag",
            "after the person's Kom & Gå UT stamp that day",
        ),
        DevInNoPassage => (
            "stämplade IN i Kom & Gå men passerade ingen läsare den dagen",
            "clocked IN in Kom & Gå but passed no reader that day",
        ),
        DevLateFirst => (
            "första passagen mer än 60 minuter efter IN-stämplingen",
            "first passage more than 60 minutes after the IN stamp",
        ),
        CavCoverage => (
            "exporten täcker färre dagar än tidsfönstret; passager kan saknas",
            "the export covers fewer days than the time window; passages may be missing",
        ),
        CavEntryOnly => (
            "läsaren loggar bara inpassage (ingen utpassage har setts); att någon gått ut syns inte",
            "the reader logs entry only (no exit ever seen); leaving is not visible",
        ),
        CavNoMatch => (
            "ingen i databasen matchar personen; kontrollera namnet eller anställningsnumret",
            "no one in the database matches this person; check the name or employee id",
        ),
        CavUsualUnknown => (
            "för få passager för att veta personens vanliga tider",
            "too few passages to know the person's usual hours",
        ),
        CavStampsEdited => (
            "stämplingen är ändrad i efterhand (manuell)",
            "the stamp was edited afterwards (manual)",
        ),
        DevCardOnly => (
            "personens kort, men inget namn i loggen",
            "the person's card, but no name in the log",
        ),
        DevMissingStamp => (
            "en stämpling saknas i Kom & Gå den dagen",
            "a Kom & Gå stamp is missing that day",
        ),
        NoFindings => ("Inga avvikelser.", "No deviations."),
        Exporter => ("Exporterad av", "Exported by"),
        ExportedAt => ("Exporttid", "Export time"),
        Rows => ("Rader", "Rows"),
        AuditHead => ("Granskningsloggens huvud", "Audit trail head"),
        Page => ("Sida", "Page"),
        AllReaders => ("alla läsare", "all readers"),
        ExtractTitle => ("Passageuttag", "Passage extract"),
        Created => ("Registrerad", "Registered"),
        Escalations => ("Vidare till", "Taken further"),
    }
}

/// Every catalogue's texts as (Swedish, English): a test holds them against
/// screens and command output to find English left in a Swedish one. A new
/// catalogue is listed here.
pub fn every_text() -> Vec<(&'static str, &'static str)> {
    let mut all: Vec<(&'static str, &'static str)> = Msg::ALL.iter().map(|m| m.both()).collect();
    all.extend(ops::Store::ALL.iter().map(|m| m.both()));
    all.extend(ops::Refusal::ALL.iter().map(|m| m.both()));
    all.extend(ops::Trail::ALL.iter().map(|m| m.both()));
    all.extend(ops::PurposeUi::ALL.iter().map(|m| m.both()));
    all.extend(ops::ReviewText::ALL.iter().map(|m| m.both()));
    all.extend(ops::Purge::ALL.iter().map(|m| m.both()));
    all.extend(ops::CatalogText::ALL.iter().map(|m| m.both()));
    all.extend(ops::RequestText::ALL.iter().map(|m| m.both()));
    all.extend(ops::IoText::ALL.iter().map(|m| m.both()));
    all.extend(report::Rep::ALL.iter().map(|m| m.both()));
    all.extend(when::WhenText::ALL.iter().map(|m| m.both()));
    all.extend(tui::TuiText::ALL.iter().map(|m| m.both()));
    all.extend(doctor::DoctorMsg::ALL.iter().map(|m| m.both()));
    all.extend(import::Text::ALL.iter().map(|m| m.both()));
    all
}

/// An audit action in words: `query` is "sökning" / "search"; an action this
/// version does not know reads as its id with spaces.
pub fn audit_action(id: &str, lang: Lang) -> String {
    let t = match id {
        "import" => tui::TuiText::ActImport,
        "query" => tui::TuiText::ActQuery,
        "counts" => tui::TuiText::ActCounts,
        "readers" => tui::TuiText::ActReaders,
        "persons" => tui::TuiText::ActPersons,
        "export" => tui::TuiText::ActExport,
        "attachment_out" => tui::TuiText::ActAttachmentOut,
        "purge" => tui::TuiText::ActPurge,
        "doctor repair" => tui::TuiText::ActDoctorRepair,
        "request_new" => tui::TuiText::ActRequestNew,
        "request_edit" => tui::TuiText::ActRequestEdit,
        "request_decide" => tui::TuiText::ActRequestDecide,
        "request_events" => tui::TuiText::ActRequestEvents,
        "request_show" => tui::TuiText::ActRequestShow,
        "review_list" => tui::TuiText::ActReviewList,
        "review_reveal" => tui::TuiText::ActReviewReveal,
        "review_mark" => tui::TuiText::ActReviewMark,
        "review_comment" => tui::TuiText::ActReviewComment,
        "review_escalate" => tui::TuiText::ActReviewEscalate,
        "review_signoff" => tui::TuiText::ActReviewSignoff,
        "review_export" => tui::TuiText::ActReviewExport,
        "review_periods" => tui::TuiText::ActReviewPeriods,
        "request_list" => tui::TuiText::ActRequestList,
        "request_check" => tui::TuiText::ActRequestCheck,
        "list_readers" => tui::TuiText::ActReaders,
        "list_persons" => tui::TuiText::ActPersons,
        "audit_who" => tui::TuiText::ActAuditWho,
        other => return crate::text::for_terminal(&other.replace('_', " ")).into_owned(),
    };
    t.text(lang).to_owned()
}

/// Swedish and English names of the event kinds.
pub fn event_kind(kind: crate::domain::EventKind, lang: Lang) -> &'static str {
    use crate::domain::EventKind::*;
    let (sv, en) = match kind {
        Granted => ("beviljad", "granted"),
        Denied => ("nekad", "denied"),
        Forced => ("uppbruten", "forced"),
        HeldOpen => ("öppen för länge", "held open"),
        ExitRequest => ("utpassage", "exit request"),
        Alarm => ("larm", "alarm"),
        Other => ("övrigt", "other"),
    };
    if lang == Lang::Sv { sv } else { en }
}

/// Swedish and English words for why a request was made.
pub fn reason(r: crate::domain::request::Reason, lang: Lang) -> &'static str {
    use crate::domain::request::Reason::*;
    let sv = match r {
        Theft => "stöld",
        Timefraud => "fusk med tidrapportering",
        Breach => "dataintrång",
        Other => "annat brott",
    };
    if lang == Lang::Sv { sv } else { r.as_str() }
}

/// Swedish and English words for how a request was answered.
pub fn outcome(o: crate::domain::request::Outcome, lang: Lang) -> &'static str {
    use crate::domain::request::Outcome::*;
    let sv = match o {
        Written => "skriftligt",
        Oral => "muntligt",
        None => "inget lämnat ut",
    };
    if lang == Lang::Sv { sv } else { o.as_str() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_puts_arguments_into_placeholders_in_order() {
        assert_eq!(
            fill("{} rader i {}", &[&3, &"2026-10"]),
            "3 rader i 2026-10"
        );
        assert_eq!(fill("inga", &[&1]), "inga");
        assert_eq!(fill("{} och {}", &[&1]), "1 och ");
    }

    #[test]
    fn every_message_has_both_languages() {
        for m in Msg::ALL {
            let (sv, en) = m.both();
            assert!(!sv.is_empty() && !en.is_empty(), "{m:?}");
        }
    }
}
