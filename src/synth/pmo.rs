//! A synthetic PMO "Logg elevåtkomst" month (October 2026, "Exempelskolan F–9") with planted
//! anomalies of every rule family, written as the .xlsx export and a `;` CSV variant.
//!
//! Personnummer are `YYYYMMDD-Tnnn`: a real birth date followed by a `T` and three digits. A
//! letter in that place never occurs in a real personnummer, so they cannot be anyone's.

use super::exports::{fixed_properties, xlsx_err};
use super::rng::Rng;
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io;
use std::path::Path;

pub const SCHOOL: &str = "Exempelskolan F–9";
pub const OTHER_UNITS: [&str; 2] = ["Bergsskolan 7–9", "Åsgårdsskolan F–6"];
pub const PROTECTED_NAME: &str = "Skyddad identitet";
pub const PMO_HEADER: [&str; 12] = [
    "Datum och tid",
    "Användare",
    "Användar-ID",
    "Yrkesroll",
    "Användarens enhet",
    "Personnummer",
    "Elev",
    "Elevens skola",
    "Klass",
    "Journaltyp",
    "Dokument/Vy",
    "Händelse",
];

/// A PMO user.
#[derive(Debug, Clone)]
pub struct PmoUser {
    pub name: String,
    pub id: String,
    pub role: &'static str,
    pub unit: &'static str,
}

/// A student of the school.
#[derive(Debug, Clone)]
pub struct PmoStudent {
    pub id: String,
    pub name: String,
    pub class: String,
}

/// One row of the export; `planted` names the rule family it was planted for.
#[derive(Debug, Clone)]
pub struct PmoRow {
    pub at: NaiveDateTime,
    pub user: usize,
    pub student: usize,
    pub record_type: &'static str,
    pub document: &'static str,
    pub action: &'static str,
    pub planted: Option<&'static str>,
}

/// The month: users, students and rows in time order.
#[derive(Debug, Clone)]
pub struct PmoMonth {
    pub users: Vec<PmoUser>,
    pub students: Vec<PmoStudent>,
    pub rows: Vec<PmoRow>,
}

const FIRST: [&str; 30] = [
    "Anna", "Karin", "Omar", "Maria", "Erik", "Johan", "Elin", "Fatima", "Ali", "Sofia", "Emma",
    "Lars", "Mats", "Nils", "Åsa", "Björn", "Ingrid", "Jonas", "Linnea", "Oskar", "Hanna",
    "Mikael", "Ylva", "Gustav", "Amira", "Leila", "Tove", "Per", "Lena", "Sara",
];
/// Staff surnames; disjoint from the students' so that only planted rows share one.
const USER_LAST: [&str; 30] = [
    "Lind",
    "Haddad",
    "Holm",
    "Sjöberg",
    "Nyqvist",
    "Björk",
    "Dahl",
    "Falk",
    "Forsberg",
    "Hedlund",
    "Isaksson",
    "Jansson",
    "Kraft",
    "Lundgren",
    "Malm",
    "Norén",
    "Olofsson",
    "Palm",
    "Rask",
    "Sandberg",
    "Törnqvist",
    "Wikström",
    "Ström",
    "Öhman",
    "Blom",
    "Carlsson",
    "Engström",
    "Grahn",
    "Vik",
    "Borg",
];
const STUDENT_FIRST: [&str; 34] = [
    "Liam", "Ella", "Noah", "Alice", "Hugo", "Maja", "William", "Vera", "Elias", "Alma", "Lucas",
    "Wilma", "Oliver", "Saga", "Adam", "Ebba", "Leo", "Olivia", "Nils", "Astrid", "Yusuf", "Selma",
    "Malik", "Freja", "Isak", "Stella", "Viktor", "Agnes", "Melvin", "Ines", "Ibrahim", "Juni",
    "Sam", "Märta",
];
const STUDENT_LAST: [&str; 36] = [
    "Andersson",
    "Berglund",
    "Nyström",
    "Eriksson",
    "Larsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Karlsson",
    "Nilsson",
    "Olsson",
    "Hansson",
    "Johansson",
    "Axelsson",
    "Bengtsson",
    "Lindberg",
    "Jakobsson",
    "Magnusson",
    "Mohammed",
    "Hassan",
    "Yilmaz",
    "Nguyen",
    "Kovač",
    "Söderberg",
    "Åberg",
    "Hellström",
    "Mattsson",
    "Lundqvist",
    "Sundberg",
    "Fredriksson",
    "Björklund",
    "Wallin",
    "Öberg",
    "Sandström",
];

/// (role, how many, episodes per working day, own record types)
const ROLES: [(&str, usize, f64, &[&str]); 11] = [
    ("Skolsköterska", 8, 2.0, &["EMI-journal"]),
    ("Skolläkare", 2, 0.8, &["EMI-journal"]),
    ("Skolpsykolog", 3, 1.2, &["Psykologjournal"]),
    ("Kurator", 6, 1.5, &["Kuratorsjournal"]),
    ("Specialpedagog", 12, 0.9, &["Specialpedagogisk akt"]),
    ("Speciallärare", 12, 0.4, &["Specialpedagogisk akt"]),
    ("Logoped", 2, 0.5, &["Specialpedagogisk akt"]),
    ("Rektor", 2, 0.4, &["Rektorsakt"]),
    ("Biträdande rektor", 3, 0.4, &["Rektorsakt"]),
    ("Studie- och yrkesvägledare", 2, 0.3, &["Elevakt"]),
    ("Administratör", 4, 0.2, &["Elevakt"]),
];

fn documents(record_type: &str) -> &'static [&'static str] {
    match record_type {
        "EMI-journal" => &[
            "Hälsobesök",
            "Vaccinationer",
            "Tillväxtkurva",
            "Hälsosamtal",
            "Besök",
        ],
        "Psykologjournal" => &["Utredning", "Samtal", "Testresultat"],
        "Kuratorsjournal" => &["Samtal", "Anteckning", "Kontakt vårdnadshavare"],
        "Specialpedagogisk akt" => &["Pedagogisk kartläggning", "Åtgärdsprogram", "Anteckning"],
        "Rektorsakt" => &["Utredning kränkande behandling", "Anmälan", "Beslut"],
        _ => &["EHT-anteckning", "Elevhälsoplan", "Journalöversikt"],
    }
}

// Fixed positions of planted users and students (indexes into `users` / `students`).
const U_SARA_BERG: usize = 56;
const U_JONAS_AKESSON: usize = 57;
const U_PER_EK: usize = 58;
const U_YLVA_NOREN: usize = 59;
const S_LIAM_BERG: usize = 0;
const S_ELLA_AKESSON: usize = 1;
const S_PROTECTED: usize = 2;
const S_POPULAR: usize = 3;
const S_READ_ONLY: usize = 4;
/// Students kept out of ordinary work so that their planted rows stand alone.
const RESERVED: usize = 5;

fn d(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 10, day).expect("a day of October 2026")
}

fn at(day: u32, h: u32, m: u32, s: u32) -> NaiveDateTime {
    d(day).and_hms_opt(h, m, s).expect("a valid time")
}

fn make_users(rng: &mut Rng) -> Vec<PmoUser> {
    let mut users = Vec::new();
    let mut used = HashSet::new();
    for (role, n, _, _) in ROLES {
        for _ in 0..n {
            let (first, last) = loop {
                let f = FIRST[rng.below(FIRST.len() as u64) as usize];
                let l = USER_LAST[rng.below(USER_LAST.len() as u64) as usize];
                if used.insert((f, l)) {
                    break (f, l);
                }
            };
            users.push(PmoUser {
                name: format!("{first} {last}"),
                id: user_id(first, last, users.len()),
                role,
                unit: SCHOOL,
            });
        }
    }
    debug_assert_eq!(users.len(), U_SARA_BERG);
    let planted = [
        ("Sara", "Berg", "Specialpedagog", SCHOOL),
        ("Jonas", "Åkesson", "Speciallärare", SCHOOL),
        ("Per", "Ek", "Skolpsykolog", OTHER_UNITS[0]),
        ("Ylva", "Norén", "Skolsköterska", OTHER_UNITS[1]),
    ];
    for (first, last, role, unit) in planted {
        users.push(PmoUser {
            name: format!("{first} {last}"),
            id: user_id(first, last, users.len()),
            role,
            unit,
        });
    }
    users
}

fn user_id(first: &str, last: &str, n: usize) -> String {
    let f: String = crate::text::fold(first).chars().take(2).collect();
    let l: String = crate::text::fold(last).chars().take(2).collect();
    format!("{f}{l}{:02}", n + 1)
}

fn make_students(rng: &mut Rng) -> Vec<PmoStudent> {
    let mut students = Vec::new();
    let planted = ["Liam Berg", "Ella Åkesson", PROTECTED_NAME];
    for i in 0..450usize {
        let grade = (i / 45) as i32; // 0 = förskoleklass
        let class = match grade {
            0 => format!("F{}", if i % 2 == 0 { 'A' } else { 'B' }),
            g => format!("{g}{}", if i % 2 == 0 { 'A' } else { 'B' }),
        };
        let year = 2020 - grade;
        let born = NaiveDate::from_yo_opt(year, 1 + rng.below(365) as u32).expect("day of year");
        let name = match planted.get(i) {
            Some(n) => (*n).to_owned(),
            None => format!(
                "{} {}",
                STUDENT_FIRST[rng.below(STUDENT_FIRST.len() as u64) as usize],
                STUDENT_LAST[rng.below(STUDENT_LAST.len() as u64) as usize]
            ),
        };
        students.push(PmoStudent {
            id: format!("{}-T{i:03}", born.format("%Y%m%d")),
            name,
            class,
        });
    }
    students
}

/// Weekdays of October 2026 (no public holiday falls on one).
fn working_days() -> Vec<u32> {
    (1..=31)
        .filter(|&day| d(day).weekday().number_from_monday() <= 5)
        .collect()
}

impl PmoMonth {
    pub fn generate(seed: u64) -> PmoMonth {
        let mut rng = Rng::new(seed ^ 0x504D_4F00);
        let users = make_users(&mut rng);
        let students = make_students(&mut rng);
        let mut rows = Vec::new();
        ordinary(&mut rng, &users, &students, &mut rows);
        planted(&mut rng, &users, &students, &mut rows);
        rows.sort_by(|a, b| {
            (a.at, a.user, a.student, a.action).cmp(&(b.at, b.user, b.student, b.action))
        });
        PmoMonth {
            users,
            students,
            rows,
        }
    }

    fn fields(&self, r: &PmoRow) -> [String; 11] {
        let u = &self.users[r.user];
        let s = &self.students[r.student];
        [
            u.name.clone(),
            u.id.clone(),
            u.role.to_owned(),
            u.unit.to_owned(),
            s.id.clone(),
            s.name.clone(),
            SCHOOL.to_owned(),
            s.class.clone(),
            r.record_type.to_owned(),
            r.document.to_owned(),
            r.action.to_owned(),
        ]
    }
}

/// Everyday work: episodes of reading a student's record, often writing and signing a note.
fn ordinary(rng: &mut Rng, users: &[PmoUser], students: &[PmoStudent], rows: &mut Vec<PmoRow>) {
    let days = working_days();
    // Each user has a caseload; nurses split the school by grade.
    let mut caseloads: Vec<Vec<usize>> = Vec::new();
    let mut nurse_no = 0;
    for u in users.iter().take(U_SARA_BERG) {
        let load: Vec<usize> = if u.role == "Skolsköterska" {
            nurse_no += 1;
            (RESERVED..students.len())
                .filter(|s| s % 8 == nurse_no - 1)
                .collect()
        } else {
            let mut set = BTreeSet::new();
            while set.len() < 40 {
                set.insert(RESERVED + rng.below((students.len() - RESERVED) as u64) as usize);
            }
            set.into_iter().collect()
        };
        caseloads.push(load);
    }
    let mut read_only_days: HashMap<(usize, usize), u32> = HashMap::new();
    for &day in &days {
        for (ui, u) in users.iter().enumerate().take(U_SARA_BERG) {
            // The volume outlier's day is planted whole.
            if ui == VOLUME_USER && day == VOLUME_DAY {
                continue;
            }
            let rate = ROLES.iter().find(|r| r.0 == u.role).map_or(0.5, |r| r.2);
            let mut episodes = rate.floor() as u32;
            if rng.chance(rate.fract()) {
                episodes += 1;
            }
            for _ in 0..episodes {
                let load = &caseloads[ui];
                let student = load[rng.below(load.len() as u64) as usize];
                let own = ROLES
                    .iter()
                    .find(|r| r.0 == u.role)
                    .map_or(&["Elevakt"][..], |r| r.3);
                let record_type = if rng.chance(0.8) {
                    own[rng.below(own.len() as u64) as usize]
                } else {
                    "Elevakt"
                };
                let docs = documents(record_type);
                let document = docs[rng.below(docs.len() as u64) as usize];
                let start = d(day).and_hms_opt(7, 40, 0).expect("time")
                    + Duration::seconds(rng.range(0, 8 * 3600 + 35 * 60));
                let mut write = rng.chance(0.7);
                let ro = read_only_days.entry((ui, student)).or_insert(0);
                if !write && *ro >= 1 {
                    // Reading the same record on a second day without a note is fine once;
                    // the generator keeps ordinary work below the read-without-write rule.
                    write = true;
                }
                if !write {
                    *ro += 1;
                }
                let mut t = start;
                let mut push = |t: NaiveDateTime, document, action| {
                    rows.push(PmoRow {
                        at: t,
                        user: ui,
                        student,
                        record_type,
                        document,
                        action,
                        planted: None,
                    })
                };
                push(t, "Journalöversikt", "Läsa");
                t += Duration::seconds(rng.range(5, 60));
                push(t, document, "Läsa");
                if write {
                    t += Duration::seconds(rng.range(120, 900));
                    push(t, document, "Skriva");
                    t += Duration::seconds(rng.range(30, 300));
                    push(t, document, "Signera");
                }
            }
        }
    }
}

const VOLUME_USER: usize = 20; // a Specialpedagog
const VOLUME_DAY: u32 = 14;
const BURST_USER: usize = 45; // the first Rektor

/// Rows planted for each rule family; `sample-data/README.md` lists every one.
fn planted(rng: &mut Rng, users: &[PmoUser], students: &[PmoStudent], rows: &mut Vec<PmoRow>) {
    let mut plant = |at, user, student, record_type, document, action, rule| {
        rows.push(PmoRow {
            at,
            user,
            student,
            record_type,
            document,
            action,
            planted: Some(rule),
        })
    };
    // Same surname, on a Saturday night.
    plant(
        at(17, 22, 47, 31),
        U_SARA_BERG,
        S_LIAM_BERG,
        "Elevakt",
        "Journalöversikt",
        "Läsa",
        "same_surname",
    );
    plant(
        at(8, 10, 12, 5),
        U_JONAS_AKESSON,
        S_ELLA_AKESSON,
        "Specialpedagogisk akt",
        "Åtgärdsprogram",
        "Läsa",
        "same_surname",
    );
    // Protected identity.
    plant(
        at(6, 9, 15, 40),
        30,
        S_PROTECTED,
        "Elevakt",
        "Journalöversikt",
        "Läsa",
        "protected_identity",
    );
    plant(
        at(22, 13, 2, 11),
        46,
        S_PROTECTED,
        "Elevakt",
        "EHT-anteckning",
        "Läsa",
        "protected_identity",
    );
    // Users from other units; Per Ek also prints.
    plant(
        at(20, 9, 5, 0),
        U_PER_EK,
        200,
        "Psykologjournal",
        "Utredning",
        "Utskrift",
        "unit_mismatch",
    );
    plant(
        at(27, 11, 31, 20),
        U_YLVA_NOREN,
        123,
        "EMI-journal",
        "Vaccinationer",
        "Läsa",
        "unit_mismatch",
    );
    // Print, delete, emergency opening.
    plant(
        at(13, 14, 20, 9),
        0,
        77,
        "EMI-journal",
        "Vaccinationer",
        "Utskrift",
        "print",
    );
    plant(
        at(15, 10, 44, 52),
        13,
        310,
        "Kuratorsjournal",
        "Anteckning",
        "Radera",
        "delete",
    );
    plant(
        at(23, 15, 3, 33),
        8,
        250,
        "EMI-journal",
        "Besök",
        "Nödöppning",
        "emergency_access",
    );
    // Role not matching the record type.
    plant(
        at(9, 13, 48, 2),
        14,
        180,
        "Psykologjournal",
        "Testresultat",
        "Läsa",
        "role_mismatch",
    );
    plant(
        at(28, 8, 51, 44),
        22,
        390,
        "EMI-journal",
        "Hälsobesök",
        "Läsa",
        "role_mismatch",
    );
    // Outside school hours, at night, on a weekend and on a public holiday.
    plant(
        at(7, 19, 42, 10),
        1,
        95,
        "EMI-journal",
        "Hälsosamtal",
        "Läsa",
        "after_hours",
    );
    plant(
        at(29, 23, 15, 3),
        15,
        140,
        "Kuratorsjournal",
        "Samtal",
        "Läsa",
        "night",
    );
    plant(
        at(11, 14, 10, 27),
        35,
        60,
        "Specialpedagogisk akt",
        "Anteckning",
        "Läsa",
        "weekend_holiday",
    );
    plant(
        at(31, 10, 5, 0),
        10,
        420,
        "Psykologjournal",
        "Samtal",
        "Läsa",
        "weekend_holiday",
    );
    // Volume outlier: one Specialpedagog opens 32 students' Elevakt in an afternoon.
    let mut t = at(VOLUME_DAY, 13, 2, 0);
    for k in 0..32usize {
        plant(
            t,
            VOLUME_USER,
            RESERVED + 7 + k * 13,
            "Elevakt",
            "Journalöversikt",
            "Läsa",
            "volume_outlier",
        );
        t += Duration::seconds(rng.range(40, 150));
    }
    // Student outlier: one student opened by 14 different users within two days.
    for (k, user) in [2usize, 5, 10, 16, 19, 24, 27, 33, 38, 41, 47, 50, 52, 54]
        .into_iter()
        .enumerate()
    {
        let day = if k < 7 { 19 } else { 20 };
        let when = at(
            day,
            8 + (k % 7) as u32,
            rng.range(0, 59) as u32,
            rng.range(0, 59) as u32,
        );
        plant(
            when,
            user,
            S_POPULAR,
            "Elevakt",
            "Journalöversikt",
            "Läsa",
            "student_outlier",
        );
    }
    // Reading one student's record on four days without ever writing.
    for day in [5u32, 12, 19, 26] {
        plant(
            at(day, 15, 30 + day % 20, 12),
            26,
            S_READ_ONLY,
            "Specialpedagogisk akt",
            "Pedagogisk kartläggning",
            "Läsa",
            "read_without_write",
        );
    }
    // A year-6 list: the Rektor's screen logs 38 students within two seconds.
    let class_6a: Vec<usize> = (0..students.len())
        .filter(|&i| i >= RESERVED && students[i].class.starts_with('6'))
        .take(38)
        .collect();
    debug_assert!(users[BURST_USER].role == "Rektor");
    for (k, s) in class_6a.into_iter().enumerate() {
        plant(
            at(21, 10, 0, 1 + (k / 20) as u32),
            BURST_USER,
            s,
            "Elevakt",
            "Klasslista",
            "Läsa",
            "list_burst",
        );
    }
}

fn excel_datetime(t: NaiveDateTime) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(t.year() as u16, t.month() as u8, t.day() as u8)?.and_hms(
        t.hour() as u16,
        t.minute() as u8,
        t.second(),
    )
}

const TITLE: [&str; 4] = [
    "Logg elevåtkomst",
    "Enhet: Exempelskolan F–9 (Grundskoleförvaltningen)",
    "Period: 2026-10-01 – 2026-10-31",
    "Utskriftsdatum: 2026-11-02 07:58   Användare: leho47",
];

/// The export as PMO's "spara till Excel" gives it: title rows, a blank row, the header.
pub fn pmo_xlsx(m: &PmoMonth, path: &Path) -> io::Result<usize> {
    write_xlsx(m, path).map_err(xlsx_err)
}

fn write_xlsx(m: &PmoMonth, path: &Path) -> Result<usize, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(&fixed_properties("Logg elevåtkomst")?);
    let bold = Format::new().set_bold();
    let when = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let ws = wb.add_worksheet();
    ws.set_name("Logg elevåtkomst")?;
    for (r, line) in TITLE.iter().enumerate() {
        ws.write_string(r as u32, 0, *line)?;
    }
    for (c, h) in PMO_HEADER.iter().enumerate() {
        ws.write_string_with_format(5, c as u16, *h, &bold)?;
    }
    for (i, r) in m.rows.iter().enumerate() {
        let row = 6 + i as u32;
        ws.write_datetime_with_format(row, 0, excel_datetime(r.at)?, &when)?;
        for (c, v) in m.fields(r).iter().enumerate() {
            ws.write_string(row, 1 + c as u16, v)?;
        }
    }
    for (c, w) in [20, 18, 11, 16, 22, 15, 18, 18, 6, 20, 24, 10]
        .iter()
        .enumerate()
    {
        ws.set_column_width(c as u16, *w)?;
    }
    wb.save(path)?;
    Ok(m.rows.len())
}

/// The same rows as `;`-separated UTF-8 text with a BOM and CRLF (Swedish Excel's CSV), with the
/// title lines; `tools/make_xls.py` turns it into the legacy .xls variant.
pub fn pmo_csv(m: &PmoMonth, path: &Path) -> io::Result<usize> {
    let mut out = String::from("\u{FEFF}");
    for line in TITLE {
        out.push_str(line);
        out.push_str("\r\n");
    }
    out.push_str("\r\n");
    out.push_str(&PMO_HEADER.join(";"));
    out.push_str("\r\n");
    for r in &m.rows {
        out.push_str(&r.at.format("%Y-%m-%d %H:%M:%S").to_string());
        for f in m.fields(r) {
            out.push(';');
            out.push_str(&f);
        }
        out.push_str("\r\n");
    }
    out.push_str(&format!("Antal rader: {}\r\n", m.rows.len()));
    std::fs::write(path, out)?;
    Ok(m.rows.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_has_the_promised_size_and_every_rule_family() {
        let m = PmoMonth::generate(super::super::SAMPLE_SEED);
        assert_eq!(m.users.len(), 60);
        assert_eq!(m.students.len(), 450);
        assert!((1000..=5000).contains(&m.rows.len()), "{}", m.rows.len());
        let families: BTreeSet<&str> = m.rows.iter().filter_map(|r| r.planted).collect();
        for f in [
            "same_surname",
            "protected_identity",
            "unit_mismatch",
            "print",
            "delete",
            "emergency_access",
            "role_mismatch",
            "after_hours",
            "night",
            "weekend_holiday",
            "volume_outlier",
            "student_outlier",
            "read_without_write",
            "list_burst",
        ] {
            assert!(families.contains(f), "{f} not planted");
        }
        assert!(m.rows.windows(2).all(|w| w[0].at <= w[1].at));
    }

    #[test]
    fn ordinary_rows_stay_in_school_hours_on_weekdays() {
        let m = PmoMonth::generate(super::super::SAMPLE_SEED);
        for r in m.rows.iter().filter(|r| r.planted.is_none()) {
            assert!(r.at.weekday().number_from_monday() <= 5);
            assert!((7..17).contains(&r.at.hour()), "{}", r.at);
            assert_eq!(m.users[r.user].unit, SCHOOL);
        }
    }

    #[test]
    fn personnummer_are_never_real() {
        let m = PmoMonth::generate(super::super::SAMPLE_SEED);
        for s in &m.students {
            assert_eq!(s.id.len(), 13);
            assert_eq!(&s.id[8..10], "-T", "{}", s.id);
        }
    }
}
