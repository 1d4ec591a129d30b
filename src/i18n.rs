//! Swedish and English user-facing words. The language comes from `--lang`, else
//! from the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`): `sv_*` gives Swedish.

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

/// Every text the program shows a person, in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    Time,
    System,
    Reader,
    Person,
    Card,
    EmployeeId,
    Event,
    EventText,
    Direction,
    Source,
    Name,
    Code,
    Site,
    Passages,
    FirstSeen,
    LastSeen,
    Department,
    Cards,
    Systems,
    NoPassages,
    RowsRead,
    Imported,
    Duplicates,
    Rejected,
    Covers,
    AlreadyImported,
    RemovedSource,
    Period,
    Monitored,
    MonitoredShort,
    ClockRepeated,
    ClockSkipped,
    Seq,
    User,
    Action,
    Subject,
    Details,
}

impl Msg {
    pub fn text(self, lang: Lang) -> &'static str {
        use Msg::*;
        let (sv, en) = match self {
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
            RowsRead => ("rader lästa", "rows read"),
            Imported => ("importerade", "imported"),
            Duplicates => ("redan fanns", "duplicates"),
            Rejected => ("avvisade", "rejected"),
            Covers => ("täcker", "covers"),
            AlreadyImported => (
                "filen är redan importerad",
                "this file was already imported",
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
        };
        match lang {
            Lang::Sv => sv,
            Lang::En => en,
        }
    }
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
