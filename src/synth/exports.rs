//! Renders the month's events as each system's own export file.
//! Each writer returns the number of data rows it wrote so the README and tests can trust it.

use super::clock::{self, Instant};
use super::hospital::{
    Denial, Event, HOSPITAL, Kind, Month, OPERATOR, Person, System, UNKNOWN_CARD, UNKNOWN_UID, Who,
};
use super::rng::Rng;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};
use std::fs;
use std::io;
use std::path::Path;

const BOM: &str = "\u{FEFF}";

pub(crate) fn xlsx_err(e: XlsxError) -> io::Error {
    match e {
        XlsxError::IoError(e) => e,
        other => io::Error::other(other),
    }
}

/// Delimited text built in memory; the sample files are small.
struct Text {
    buf: String,
    delim: char,
    quote_all: bool,
    eol: &'static str,
}

impl Text {
    fn new(delim: char, quote_all: bool, eol: &'static str, bom: bool) -> Text {
        let mut buf = String::new();
        if bom {
            buf.push_str(BOM);
        }
        Text {
            buf,
            delim,
            quote_all,
            eol,
        }
    }

    fn row<S: AsRef<str>>(&mut self, fields: &[S]) {
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                self.buf.push(self.delim);
            }
            let f = f.as_ref();
            let needs = self.quote_all || f.contains([self.delim, '"', '\r', '\n']);
            if needs {
                self.buf.push('"');
                self.buf.push_str(&f.replace('"', "\"\""));
                self.buf.push('"');
            } else {
                self.buf.push_str(f);
            }
        }
        self.buf.push_str(self.eol);
    }

    fn line(&mut self, s: &str) {
        self.buf.push_str(s);
        self.buf.push_str(self.eol);
    }
}

fn person(m: &Month, who: Who) -> Option<&Person> {
    match who {
        Who::Staff(i) => m.staff.get(i),
        _ => None,
    }
}

fn stamp(t: Instant, fmt: &str) -> String {
    clock::wall(t).format(fmt).to_string()
}

// ---------------------------------------------------------------- Salto

fn salto_op(kind: Kind) -> (u16, &'static str) {
    match kind {
        Kind::Granted => (17, "Door opened: key"),
        Kind::ExitButton => (16, "Door opened: inside handle"),
        Kind::RemoteOpen => (28, "Door opened: online command"),
        Kind::Denied(Denial::UnknownCard) => (81, "Opening not allowed: key no activated"),
        Kind::Denied(Denial::NotAllowedHere) => {
            (84, "Opening not allowed: key not allowed in this door")
        }
        Kind::Denied(Denial::OutOfTime) => (85, "Opening not allowed: out of time"),
        Kind::Denied(Denial::WrongPin) => (93, "Opening not allowed: invalid PIN"),
        Kind::Forced => (60, "Alarm: intrusion (online)"),
        Kind::ForcedEnd => (64, "End of intrusion"),
        Kind::HeldOpen => (62, "Door left opened (DLO)"),
        Kind::HeldOpenEnd => (63, "End of DLO"),
        Kind::Tamper => (61, "Alarm: tamper (online)"),
        Kind::TamperEnd => (67, "End of tamper"),
        Kind::CommLost => (47, "Communication with the reader lost"),
        Kind::CommBack => (48, "Communication with the reader reestablished"),
        Kind::ClockDst => (114, "Time modified (daylight saving time)"),
    }
}

struct SaltoRow<'a> {
    id: u64,
    e: &'a Event,
}

/// Salto event ids grow in the order the server received the rows, gaps and all.
fn salto_rows(m: &Month, seed: u64) -> Vec<SaltoRow<'_>> {
    let mut rng = Rng::new(seed ^ 0x5A17_0000);
    let mut id = 1_183_000;
    m.events_of(System::Salto)
        .into_iter()
        .map(|e| {
            id += rng.range(1, 4) as u64;
            SaltoRow { id, e }
        })
        .collect()
}

fn salto_subject(m: &Month, e: &Event) -> (String, &'static str, &'static str, String) {
    match e.who {
        Who::Staff(_) => {
            let p = person(m, e.who);
            (
                p.map(Person::full_name).unwrap_or_default(),
                "User",
                p.map(|p| p.dept.name()).unwrap_or(""),
                p.map(|p| p.salto_uid.clone()).unwrap_or_default(),
            )
        }
        Who::Operator => (OPERATOR.to_string(), "Operator", "", String::new()),
        Who::UnknownCard => (String::new(), "", "", UNKNOWN_UID.to_string()),
        Who::Nobody => (String::new(), "", "", String::new()),
    }
}

fn salto_direction(kind: Kind) -> &'static str {
    match kind {
        Kind::Granted | Kind::Denied(_) => "Entry",
        Kind::ExitButton => "Exit",
        _ => "",
    }
}

pub fn salto_audit_trail(m: &Month, seed: u64, path: &Path) -> io::Result<usize> {
    let mut t = Text::new(';', false, "\r\n", true);
    t.row(&[
        "Event date/time",
        "Access point",
        "Direction",
        "Operation",
        "Operation ID",
        "Cardholder/Operator",
        "Cardholder type",
        "Department",
        "Card ID",
        "Event ID",
    ]);
    let rows = salto_rows(m, seed);
    for r in &rows {
        let (op, text) = salto_op(r.e.kind);
        let (name, ty, dept, card) = salto_subject(m, r.e);
        t.row(&[
            stamp(r.e.at, "%Y-%m-%d %H:%M:%S"),
            r.e.door.name().to_string(),
            salto_direction(r.e.kind).to_string(),
            text.to_string(),
            op.to_string(),
            name,
            ty.to_string(),
            dept.to_string(),
            card,
            r.id.to_string(),
        ]);
    }
    fs::write(path, t.buf)?;
    Ok(rows.len())
}

/// The API-style dump: about 200 rows around the DST night, where the UTC column is what
/// tells the two 02:xx hours apart.
pub fn salto_api_dump(m: &Month, seed: u64, path: &Path) -> io::Result<usize> {
    let mut t = Text::new(',', false, "\n", false);
    t.row(&[
        "EventID",
        "EventDateTime",
        "EventDateTimeUTC",
        "OperationID",
        "OperationDescription",
        "IsExit",
        "UserType",
        "UserName",
        "UserGPF3",
        "DoorName",
        "DoorGPF1",
    ]);
    let from = clock::at(24, 6, 0, 0);
    let rows: Vec<_> = salto_rows(m, seed)
        .into_iter()
        .filter(|r| r.e.listed_at >= from)
        .take(200)
        .collect();
    for r in &rows {
        let (op, text) = salto_op(r.e.kind);
        let (name, ty, dept, _) = salto_subject(m, r.e);
        t.row(&[
            r.id.to_string(),
            stamp(r.e.at, "%Y-%m-%dT%H:%M:%S"),
            clock::utc(r.e.at).format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            op.to_string(),
            text.to_string(),
            if r.e.exit { "1" } else { "0" }.to_string(),
            ty.to_string(),
            name,
            dept.to_string(),
            r.e.door.name().to_string(),
            r.e.door.area().to_string(),
        ]);
    }
    fs::write(path, t.buf)?;
    Ok(rows.len())
}

// ---------------------------------------------------------------- Unison

fn unison_event(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Granted => ("Access Granted", "Valid card"),
        Kind::Denied(Denial::UnknownCard) => ("Access Denied", "Unknown card"),
        Kind::Denied(Denial::NotAllowedHere) => ("Access Denied", "No access at this door"),
        Kind::Denied(Denial::OutOfTime) => ("Access Denied", "Outside schedule"),
        Kind::Denied(Denial::WrongPin) => ("Access Denied", "Invalid PIN"),
        Kind::Forced => ("Door Forced", ""),
        Kind::HeldOpen => ("Door Held Open", ""),
        Kind::ExitButton => ("Request To Exit", ""),
        Kind::Tamper => ("Tamper", "Reader tamper"),
        Kind::TamperEnd => ("Tamper", "Tamper restored"),
        Kind::RemoteOpen => ("Door Open", "Remote unlock"),
        Kind::ForcedEnd | Kind::HeldOpenEnd => ("Door Closed", ""),
        Kind::CommLost | Kind::CommBack | Kind::ClockDst => ("Tamper", "Controller offline"),
    }
}

fn unison_swedish(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Granted => ("Passage beviljad", "Giltigt kort"),
        Kind::Denied(Denial::UnknownCard) => ("Passage nekad", "Okänt kort"),
        Kind::Denied(Denial::NotAllowedHere) => ("Passage nekad", "Ingen behörighet"),
        Kind::Denied(Denial::OutOfTime) => ("Passage nekad", "Utanför schema"),
        Kind::Denied(Denial::WrongPin) => ("Passage nekad", "Felaktig kod"),
        Kind::Forced => ("Dörr forcerad", ""),
        Kind::HeldOpen => ("Dörr uppställd", ""),
        Kind::ExitButton => ("Utpassage", "Öppningsknapp"),
        Kind::Tamper => ("Sabotage", "Läsare manipulerad"),
        Kind::TamperEnd => ("Sabotage", "Sabotage återställt"),
        Kind::RemoteOpen => ("Dörr öppnad", "Fjärröppning"),
        Kind::ForcedEnd | Kind::HeldOpenEnd => ("Dörr stängd", ""),
        Kind::CommLost | Kind::CommBack | Kind::ClockDst => ("Sabotage", "Centralenhet ur drift"),
    }
}

const UNISON_HEADER: [&str; 13] = [
    "Date/Time",
    "Event Type",
    "Event Description",
    "Site",
    "Area",
    "Door",
    "Reader",
    "Cardholder",
    "User ID",
    "Card Number",
    "System Number",
    "Card Version",
    "Card Status",
];

/// The twelve columns after Date/Time.
fn unison_fields(m: &Month, e: &Event) -> [String; 12] {
    let (ty, desc) = unison_event(e.kind);
    let (name, user, card, system, version, status) = match e.who {
        Who::Staff(_) => match person(m, e.who) {
            Some(p) => (
                p.full_name(),
                p.emp_id.to_string(),
                p.card.to_string(),
                "12".to_string(),
                p.card_version.to_string(),
                "Active",
            ),
            None => Default::default(),
        },
        Who::UnknownCard => (
            String::new(),
            String::new(),
            UNKNOWN_CARD.to_string(),
            "12".to_string(),
            String::new(),
            "",
        ),
        Who::Nobody | Who::Operator => Default::default(),
    };
    [
        ty.to_string(),
        desc.to_string(),
        HOSPITAL.to_string(),
        e.door.area().to_string(),
        e.door.name().to_string(),
        e.door.reader().to_string(),
        name,
        user,
        card,
        system,
        version,
        status.to_string(),
    ]
}

pub fn unison_csv(m: &Month, path: &Path) -> io::Result<usize> {
    let mut t = Text::new(',', true, "\r\n", true);
    t.row(&UNISON_HEADER);
    let events = m.events_of(System::Unison);
    for e in &events {
        let mut row = vec![stamp(e.at, "%Y-%m-%d %H:%M:%S")];
        row.extend(unison_fields(m, e));
        t.row(&row);
    }
    fs::write(path, t.buf)?;
    Ok(events.len())
}

/// A fixed creation time keeps the workbook byte-identical from run to run.
pub(crate) fn fixed_properties(title: &str) -> Result<DocProperties, XlsxError> {
    let created = ExcelDateTime::from_ymd(2026, 11, 2)?.and_hms(10, 15, 0)?;
    Ok(DocProperties::new()
        .set_title(title)
        .set_author("loggvakt-synth")
        .set_creation_datetime(&created))
}

pub fn unison_xlsx(m: &Month, path: &Path) -> io::Result<usize> {
    write_unison_xlsx(m, path).map_err(xlsx_err)
}

fn write_unison_xlsx(m: &Month, path: &Path) -> Result<usize, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(&fixed_properties("Event Report")?);
    let bold = Format::new().set_bold();
    let when = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let ws = wb.add_worksheet();
    ws.set_name("Events")?;
    ws.write_string_with_format(
        0,
        0,
        format!("Event Report – {HOSPITAL} – 2026-10-01 to 2026-10-31"),
        &bold,
    )?;
    for (c, h) in UNISON_HEADER.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &bold)?;
    }
    let events = m.events_of(System::Unison);
    for (i, e) in events.iter().enumerate() {
        let row = 3 + i as u32;
        ws.write_datetime_with_format(row, 0, excel_datetime(e.at)?, &when)?;
        for (c, v) in unison_fields(m, e).iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(row, 1 + c as u16, v)?;
            }
        }
    }
    ws.set_column_width(0, 20)?;
    for (c, w) in [16, 20, 20, 14, 26, 11, 20, 9, 12, 8, 8, 8]
        .iter()
        .enumerate()
    {
        ws.set_column_width(1 + c as u16, *w)?;
    }
    wb.save(path)?;
    Ok(events.len())
}

fn excel_datetime(t: Instant) -> Result<ExcelDateTime, XlsxError> {
    use chrono::{Datelike, Timelike};
    let w = clock::wall(t);
    ExcelDateTime::from_ymd(w.year() as u16, w.month() as u8, w.day() as u8)?.and_hms(
        w.hour() as u16,
        w.minute() as u8,
        w.second(),
    )
}

/// Salto's operation texts as the Swedish client writes them.
fn salto_op_swedish(kind: Kind) -> &'static str {
    match kind {
        Kind::Granted => "Dörr öppnad: nyckel",
        Kind::ExitButton => "Dörr öppnad: inre handtag",
        Kind::RemoteOpen => "Dörr öppnad: onlinekommando",
        Kind::Denied(Denial::UnknownCard) => "Öppning ej tillåten: nyckeln är inte aktiverad",
        Kind::Denied(Denial::NotAllowedHere) => {
            "Öppning ej tillåten: nyckeln har inte behörighet till dörren"
        }
        Kind::Denied(Denial::OutOfTime) => "Öppning ej tillåten: utanför tidsschema",
        Kind::Denied(Denial::WrongPin) => "Öppning ej tillåten: ogiltig PIN-kod",
        Kind::Forced => "Larm: intrång (online)",
        Kind::ForcedEnd => "Slut på intrång",
        Kind::HeldOpen => "Dörr lämnad öppen (DLO)",
        Kind::HeldOpenEnd => "Slut på DLO",
        Kind::Tamper => "Larm: sabotage (online)",
        Kind::TamperEnd => "Slut på sabotage",
        Kind::CommLost => "Kommunikation med läsaren förlorad",
        Kind::CommBack => "Kommunikation med läsaren återupprättad",
        Kind::ClockDst => "Tiden ändrad (sommartid)",
    }
}

/// The audit trail from the Swedish client: Swedish headers, no operation code
/// column, Swedish operation texts; the rows of 14–18 October (a held-open door,
/// the shared minute at the medicine room, the forced store room).
pub fn salto_swedish_ui(m: &Month, seed: u64, path: &Path) -> io::Result<usize> {
    let mut t = Text::new(';', false, "\r\n", true);
    t.row(&[
        "Datum/tid",
        "Dörr",
        "Riktning",
        "Händelse",
        "Användare",
        "Användartyp",
        "Kort-ID",
        "Händelse-ID",
    ]);
    let from = clock::at(14, 0, 0, 0);
    let rows: Vec<_> = salto_rows(m, seed)
        .into_iter()
        .filter(|r| r.e.listed_at >= from)
        .take(400)
        .collect();
    for r in &rows {
        let (name, ty, _, card) = salto_subject(m, r.e);
        let ty = match ty {
            "User" => "Användare",
            "Operator" => "Operatör",
            other => other,
        };
        let direction = match salto_direction(r.e.kind) {
            "Entry" => "In",
            "Exit" => "Ut",
            other => other,
        };
        t.row(&[
            stamp(r.e.at, "%Y-%m-%d %H:%M:%S"),
            r.e.door.name().to_string(),
            direction.to_string(),
            salto_op_swedish(r.e.kind).to_string(),
            name,
            ty.to_string(),
            card,
            r.id.to_string(),
        ]);
    }
    fs::write(path, t.buf)?;
    Ok(rows.len())
}

/// An automatic purge's text file with SHIP field names: tab-separated,
/// ISO-8859-1, CRLF, the operation as its number only, the subject as
/// `SubjectType` (0 user, 1 door, 2 operator) and `SubjectID` (the name).
/// The rows from 24 October, across the DST night.
pub fn salto_purge_ship(m: &Month, seed: u64, path: &Path) -> io::Result<usize> {
    let mut t = Text::new('\t', false, "\r\n", false);
    t.row(&[
        "EventID",
        "EventDateTime",
        "Operation",
        "IsExit",
        "DoorID",
        "SubjectType",
        "SubjectID",
    ]);
    let from = clock::at(24, 6, 0, 0);
    let rows: Vec<_> = salto_rows(m, seed)
        .into_iter()
        .filter(|r| r.e.listed_at >= from)
        .take(300)
        .collect();
    for r in &rows {
        let (op, _) = salto_op(r.e.kind);
        let (subject_type, subject) = match r.e.who {
            Who::Staff(_) => (
                "0",
                person(m, r.e.who)
                    .map(Person::full_name)
                    .unwrap_or_default(),
            ),
            Who::Operator => ("2", OPERATOR.to_string()),
            Who::UnknownCard => ("0", String::new()),
            Who::Nobody => ("1", r.e.door.name().to_string()),
        };
        t.row(&[
            r.id.to_string(),
            stamp(r.e.at, "%Y-%m-%dT%H:%M:%S"),
            op.to_string(),
            if r.e.exit { "1" } else { "0" }.to_string(),
            r.e.door.name().to_string(),
            subject_type.to_string(),
            subject,
        ]);
    }
    let latin1: Vec<u8> = t
        .buf
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect();
    fs::write(path, latin1)?;
    Ok(rows.len())
}

/// Unison as a Swedish-language client exports it: other headers, order and date style.
pub fn unison_swedish_headers(m: &Month, path: &Path) -> io::Result<usize> {
    let mut t = Text::new(';', false, "\r\n", true);
    t.row(&[
        "Kortinnehavare",
        "Datum/tid",
        "Händelsetyp",
        "Beskrivning",
        "Dörr",
        "Läsare",
        "Anställningsnummer",
        "Kortnummer",
        "Anläggning",
    ]);
    let from = clock::at(12, 0, 0, 0);
    let events: Vec<_> = m
        .events_of(System::Unison)
        .into_iter()
        .filter(|e| e.at >= from)
        .take(200)
        .collect();
    for e in &events {
        let (ty, desc) = unison_swedish(e.kind);
        let f = unison_fields(m, e);
        t.row(&[
            f[6].as_str(),
            &stamp(e.at, "%d.%m.%Y %H:%M"),
            ty,
            desc,
            &f[4],
            &f[5],
            &f[7],
            &f[8],
            HOSPITAL,
        ]);
    }
    fs::write(path, t.buf)?;
    Ok(events.len())
}

// ---------------------------------------------------------------- SSM

fn ssm_event(kind: Kind) -> &'static str {
    match kind {
        Kind::Granted => "Godkänd passage",
        Kind::Denied(Denial::UnknownCard | Denial::NotAllowedHere) => "Nekad - ogiltigt kort",
        Kind::Denied(Denial::OutOfTime) => "Nekad - fel tid",
        Kind::Denied(Denial::WrongPin) => "Nekad - fel kod",
        Kind::Forced => "Dörr uppbruten",
        Kind::HeldOpen => "Dörr öppen för länge",
        Kind::ExitButton => "Utpassage (knapp)",
        // The old system knows no system or end-of-alarm rows; none are generated for it.
        _ => "Fjärröppning",
    }
}

pub const SSM_HEADER: &str = "Datum;Tid;Läsare;Dörr;Händelse;Kortnummer;Namn;Anst.nr;Avdelning";

/// Card numbers are ten digits with leading zeros, as printed on the SSM cards.
pub fn ssm_card(card: u32) -> String {
    format!("{card:010}")
}

pub fn ssm_passager(m: &Month, path: &Path) -> io::Result<usize> {
    let mut t = Text::new(';', false, "\r\n", false);
    t.line(&format!(
        "Passagerapport;{HOSPITAL};Period 2026-10-01 - 2026-10-31"
    ));
    t.line("Utskriven av: ssadm1;2026-11-02 10:15");
    t.line("");
    t.line(SSM_HEADER);
    let events = m.events_of(System::Ssm);
    // The report was printed in two runs and pasted together: a blank line and the header
    // reappear half-way.
    let page_break = events.len() / 2;
    for (i, e) in events.iter().enumerate() {
        if i == page_break && i > 0 {
            t.line("");
            t.line(SSM_HEADER);
        }
        let time = if e.door.logs_seconds() {
            "%H:%M:%S"
        } else {
            "%H:%M"
        };
        let (card, name, emp, dept) = match e.who {
            Who::Staff(_) => match person(m, e.who) {
                Some(p) => (
                    ssm_card(p.card),
                    p.reversed_name(),
                    p.emp_id.to_string(),
                    p.dept.name().to_string(),
                ),
                None => Default::default(),
            },
            Who::UnknownCard => (
                ssm_card(UNKNOWN_CARD),
                String::new(),
                String::new(),
                String::new(),
            ),
            Who::Nobody | Who::Operator => Default::default(),
        };
        t.row(&[
            stamp(e.at, "%Y-%m-%d"),
            stamp(e.at, time),
            e.door.reader().to_string(),
            e.door.name().to_string(),
            ssm_event(e.kind).to_string(),
            card,
            name,
            emp,
            dept,
        ]);
    }
    t.line(&format!("Antal poster: {}", events.len()));
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&t.buf);
    if unmappable {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "SSM text has characters outside Windows-1252",
        ));
    }
    fs::write(path, bytes)?;
    Ok(events.len())
}

// ---------------------------------------------------------------- Kom & Gå

pub fn komgo_stamps(m: &Month, path: &Path) -> io::Result<usize> {
    let mut t = Text::new(';', false, "\r\n", true);
    t.row(&["Anst.nr", "Namn", "Datum", "Typ", "Tid", "Källa", "Ändrad"]);
    for s in &m.stamps {
        let Some(p) = m.staff.get(s.person) else {
            continue;
        };
        t.row(&[
            p.emp_id.to_string(),
            p.full_name(),
            stamp(s.at, "%Y-%m-%d"),
            s.kind.label().to_string(),
            stamp(s.at, "%H:%M"),
            if s.edited.is_some() {
                "Manuell"
            } else {
                "Stämpling"
            }
            .to_string(),
            s.edited.unwrap_or("").to_string(),
        ]);
    }
    fs::write(path, t.buf)?;
    Ok(m.stamps.len())
}

// ---------------------------------------------------------------- request basis

pub const REQUEST: &str = "\
BEGÄRAN OM UTDRAG UR PASSAGESYSTEM
(Fiktivt exempel – alla namn, nummer och händelser är påhittade testdata.)

Till:      Säkerhetsenheten, Sjukhuset i Älvstad
Från:      Karin Nyström, avdelningschef, Avd 42 Medicin
Datum:     2026-10-29
Ärende:    Misstänkt stöld ur Läkemedelsrum Avd 42
Avvikelse: MedControl PRO MC-2026-004711
Diarienr:  ÄLV 2026/0417

Bakgrund
Vid inventeringen av Läkemedelsrum Avd 42 den 28 oktober 2026 saknades
narkotikaklassade läkemedel (oxikodon och diazepam) som inte kan förklaras
av förbrukningsjournalen. Svinnet har uppstått under oktober. Avvikelsen är
registrerad i MedControl PRO (MC-2026-004711).

Begäran
Jag begär uppgift om vilka kortläsare sjuksköterskan Åsa Lindqvist
(anst.nr 100234), Avd 42 Medicin, har passerat under perioden
2026-10-01 00:00 – 2026-10-28 23:59, med datum och klockslag. Särskilt
viktigt är Läkemedelsrum Avd 42 samt personalingångarna, och passager
utanför hennes ordinarie arbetstid (dagtid måndag–fredag).

Uppgifterna behövs för att utreda misstanken och som underlag för en
eventuell polisanmälan. Jag begär inte uppgifter om andra medarbetare.
Om inget avvikande framkommer räcker ett muntligt besked.

Älvstad den 29 oktober 2026

Karin Nyström
Avdelningschef, Avd 42 Medicin
Tfn 010-000 00 00 (fiktivt)
";

pub fn request_basis(path: &Path) -> io::Result<usize> {
    fs::write(path, REQUEST)?;
    Ok(0)
}

/// Unison's English client set to an Australian locale: day first, a 12-hour
/// clock (`03/10/2026 2:05:09 PM`), newest row first; 8–15 October, where
/// 8–12 October read either way and 13–15 October settle it.
pub fn unison_au_report(m: &Month, path: &Path) -> io::Result<usize> {
    let mut t = Text::new(',', true, "\r\n", true);
    t.row(&UNISON_HEADER);
    let (from, to) = (clock::at(8, 0, 0, 0), clock::at(16, 0, 0, 0));
    let mut events: Vec<_> = m
        .events_of(System::Unison)
        .into_iter()
        .filter(|e| e.at >= from && e.at < to)
        .collect();
    events.reverse();
    for e in &events {
        let mut row = vec![stamp(e.at, "%d/%m/%Y %-I:%M:%S %p")];
        row.extend(unison_fields(m, e));
        t.row(&row);
    }
    fs::write(path, t.buf)?;
    Ok(events.len())
}
