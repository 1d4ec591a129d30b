//! Large passage files for benchmarks: 100,000 rows a day in time order from 2026-01-01.
//! Rows are produced one at a time so a 10M-row CSV needs no more memory than a 1k-row one.

use super::exports::{fixed_properties, xlsx_err};
use super::rng::Rng;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};
use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

pub const HEADER: &str = "Datum;Tid;Dörr;Kortinnehavare;Kortnummer;Händelse";
const ROWS_PER_DAY: u64 = 100_000;
const READERS: usize = 2_000;
const HOLDERS: usize = 8_000;
const HOME_READERS: usize = 12;
/// Excel's row limit less the header row.
const XLSX_MAX_ROWS: u64 = 1_048_575;

/// Relative traffic per hour of the day: quiet nights, peaks at the shift changes.
const PROFILE: [f64; 24] = [
    1.0, 0.8, 0.6, 0.6, 0.7, 1.5, 4.0, 9.0, 8.0, 6.0, 5.5, 5.5, 6.0, 6.0, 7.0, 8.0, 6.0, 5.0, 4.0,
    3.5, 3.0, 3.0, 2.0, 1.5,
];

const FIRST: [&str; 100] = [
    "Åsa",
    "Per",
    "Märta",
    "Jörgen",
    "Karin",
    "Lena",
    "Björn",
    "Ingrid",
    "Göran",
    "Sofia",
    "Elin",
    "Oskar",
    "Maria",
    "Anders",
    "Eva",
    "Lars",
    "Helena",
    "Mikael",
    "Annika",
    "Johan",
    "Kerstin",
    "Fredrik",
    "Camilla",
    "Henrik",
    "Linnéa",
    "Nils",
    "Petra",
    "Tobias",
    "Sara",
    "Emma",
    "Rolf",
    "Ulf",
    "Kjell",
    "Åke",
    "Leila",
    "Birgitta",
    "Jenny",
    "Monica",
    "Agneta",
    "Gunnel",
    "Sören",
    "Görel",
    "Maj-Britt",
    "Håkan",
    "Stina",
    "Mattias",
    "Ylva",
    "Örjan",
    "Ebba",
    "Måns",
    "Anna",
    "Erik",
    "Kristina",
    "Karl",
    "Margareta",
    "Lennart",
    "Elisabeth",
    "Magnus",
    "Malin",
    "Jonas",
    "Ulla",
    "Stefan",
    "Cecilia",
    "Patrik",
    "Susanne",
    "Daniel",
    "Hanna",
    "Peter",
    "Ida",
    "Thomas",
    "Therese",
    "Bengt",
    "Louise",
    "Gunnar",
    "Frida",
    "Jan",
    "Matilda",
    "Olof",
    "Klara",
    "Sven",
    "Alva",
    "Gösta",
    "Signe",
    "Bo",
    "Saga",
    "Tord",
    "Vera",
    "Lasse",
    "Astrid",
    "Ingemar",
    "Wilma",
    "Rune",
    "Tyra",
    "Kent",
    "Agnes",
    "Hjalmar",
    "Siv",
    "Torbjörn",
    "Märit",
    "Ragnar",
];
const LAST: [&str; 100] = [
    "Lindqvist",
    "Öberg",
    "Sjöström",
    "Ärlebäck",
    "Nyström",
    "Åberg",
    "Ekström",
    "Håkansson",
    "Sjöberg",
    "Strömberg",
    "Törnqvist",
    "Fältskog",
    "Bäckström",
    "Löfgren",
    "Näslund",
    "Åkesson",
    "Ödman",
    "Sköld",
    "Wåhlin",
    "Hällström",
    "Ågren",
    "Lönnqvist",
    "Björklund",
    "Sävström",
    "Dahlgren",
    "Öhman",
    "Granström",
    "Engström",
    "Källström",
    "Grönlund",
    "Bergström",
    "Hägglund",
    "Åström",
    "Wennström",
    "Hosseini",
    "Sundström",
    "Östlund",
    "Blomqvist",
    "Hörnfeldt",
    "Fröjd",
    "Johansson",
    "Andersson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Jansson",
    "Hansson",
    "Bengtsson",
    "Jönsson",
    "Lindberg",
    "Jakobsson",
    "Magnusson",
    "Lindström",
    "Olofsson",
    "Lindgren",
    "Axelsson",
    "Berg",
    "Lundberg",
    "Lundgren",
    "Mattsson",
    "Berglund",
    "Fredriksson",
    "Sandberg",
    "Henriksson",
    "Forsberg",
    "Sjögren",
    "Danielsson",
    "Lundin",
    "Holm",
    "Nordström",
    "Söderberg",
    "Björk",
    "Nyberg",
    "Holmberg",
    "Isaksson",
    "Nordin",
    "Åkerlund",
    "Lundqvist",
    "Mårtensson",
    "Söderström",
    "Hedlund",
    "Sandström",
    "Malmberg",
    "Hedström",
    "Dahlberg",
    "Sundqvist",
    "Ångström",
    "Ålund",
    "Nordqvist",
    "Björkman",
    "Wallin",
    "Östberg",
    "Löfstedt",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Event {
    Granted,
    Denied,
    UnknownCard,
    HeldOpen,
    Forced,
}

impl Event {
    fn label(self) -> &'static str {
        match self {
            Event::Granted => "Passage beviljad",
            Event::Denied => "Passage nekad",
            Event::UnknownCard => "Okänt kort",
            Event::HeldOpen => "Dörr öppen för länge",
            Event::Forced => "Dörr forcerad",
        }
    }
}

struct Holder {
    first: u8,
    last: u8,
    card: u32,
    home: [u16; HOME_READERS],
}

struct Row {
    day: u32,
    h: u8,
    m: u8,
    s: u8,
    reader: u16,
    holder: Option<u32>,
    card: Option<u32>,
    event: Event,
}

/// The generator: fixed tables plus the position inside the current day and hour.
struct Bulk {
    rng: Rng,
    readers: Vec<String>,
    zipf_cdf: Vec<f64>,
    by_rank: Vec<u16>,
    holders: Vec<Holder>,
    day: u32,
    hours: Vec<(u8, u64)>,
    hour_idx: usize,
    in_hour: u64,
}

fn reader_names(rng: &mut Rng) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut names = Vec::with_capacity(READERS);
    while names.len() < READERS {
        let avd = rng.range(10, 99);
        let hus = rng.range(1, 40);
        let n = rng.range(1, 6);
        let name = match rng.below(16) {
            0 | 1 => format!("Läkemedelsrum {n} Avd {avd}"),
            2 | 3 => format!("Förråd {n} Avd {avd}"),
            4 => format!("Personalrum Avd {avd}"),
            5 => format!("Korridor {} Avd {avd}", ["A", "B"][n as usize % 2]),
            6 => format!("Expedition Avd {avd}"),
            7 => format!("Sköljrum {n} Avd {avd}"),
            8 => format!("Huvudentré Hus {hus}"),
            9 => format!("Personalingång {n} Hus {hus}"),
            10 => format!("Omklädningsrum {n} Hus {hus}"),
            11 => format!(
                "Trapphus {} Hus {hus}",
                ["A", "B", "C", "D", "E", "F"][n as usize - 1]
            ),
            12 => format!("Hiss {n} Plan {} Hus {hus}", rng.range(0, 9)),
            13 => format!("Kulvert Hus {hus}–Hus {}", rng.range(1, 40)),
            14 => format!("Garage P{} Plan {}", rng.range(1, 5), rng.range(1, 4)),
            _ => format!("Röntgen {n} Hus {hus}"),
        };
        if seen.insert(name.clone()) {
            names.push(name);
        }
    }
    names
}

impl Bulk {
    fn new(seed: u64) -> Bulk {
        let mut rng = Rng::new(seed);
        let readers = reader_names(&mut rng);
        let mut acc = 0.0;
        let mut zipf_cdf: Vec<f64> = (0..READERS)
            .map(|r| {
                acc += 1.0 / ((r + 1) as f64).powf(0.9);
                acc
            })
            .collect();
        for c in &mut zipf_cdf {
            *c /= acc;
        }
        // Popularity rank is shuffled so the busiest readers are of every kind.
        let mut by_rank: Vec<u16> = (0..READERS as u16).collect();
        for i in (1..by_rank.len()).rev() {
            let j = rng.below(i as u64 + 1) as usize;
            by_rank.swap(i, j);
        }
        let mut bulk = Bulk {
            rng,
            readers,
            zipf_cdf,
            by_rank,
            holders: Vec::with_capacity(HOLDERS),
            day: 0,
            hours: Vec::new(),
            hour_idx: 0,
            in_hour: 0,
        };
        for j in 0..HOLDERS {
            // A fixed stride through all first×last pairs gives distinct names; about 1.5 % then
            // take the name of someone earlier, so about 3 % of all cardholders share a name.
            let pair = (j * 1_013 + 7) % (FIRST.len() * LAST.len());
            let (mut first, mut last) = ((pair / LAST.len()) as u8, (pair % LAST.len()) as u8);
            if j > 0 && bulk.rng.chance(0.015) {
                let other = &bulk.holders[bulk.rng.below(j as u64) as usize];
                (first, last) = (other.first, other.last);
            }
            let card = 10_000_000 + ((j as u64 * 7_919_113 + 12_345_678) % 90_000_000) as u32;
            let mut home = [0u16; HOME_READERS];
            for h in &mut home {
                *h = bulk.zipf_reader();
            }
            bulk.holders.push(Holder {
                first,
                last,
                card,
                home,
            });
        }
        bulk.start_day(0);
        bulk
    }

    fn zipf_reader(&mut self) -> u16 {
        let u = self.rng.unit();
        let rank = self.zipf_cdf.partition_point(|&c| c < u).min(READERS - 1);
        self.by_rank[rank]
    }

    /// Splits the day's rows over its wall-clock hours; DST days have 23 or 25 of them.
    fn start_day(&mut self, day: u32) {
        self.day = day;
        let date = date_of(day);
        let last_sunday = date.weekday() == Weekday::Sun && date.day() >= 25;
        let mut hours: Vec<u8> = (0..24).collect();
        if last_sunday && date.month() == 3 {
            hours.retain(|&h| h != 2);
        } else if last_sunday && date.month() == 10 {
            hours.insert(2, 2);
        }
        let total: f64 = hours.iter().map(|&h| PROFILE[h as usize]).sum();
        let mut acc = 0.0;
        let mut given = 0;
        self.hours = hours
            .iter()
            .map(|&h| {
                acc += PROFILE[h as usize];
                let upto = (ROWS_PER_DAY as f64 * acc / total).round() as u64;
                let n = upto - given;
                given = upto;
                (h, n)
            })
            .collect();
        self.hour_idx = 0;
        self.in_hour = 0;
    }

    fn next_row(&mut self) -> Row {
        while self.in_hour >= self.hours[self.hour_idx].1 {
            self.hour_idx += 1;
            self.in_hour = 0;
            if self.hour_idx == self.hours.len() {
                self.start_day(self.day + 1);
            }
        }
        let (h, n) = self.hours[self.hour_idx];
        // Evenly spread slots with jitter inside each: uniform-looking yet already sorted.
        let sec = ((self.in_hour as f64 + self.rng.unit()) * 3600.0 / n as f64) as u32;
        let sec = sec.min(3599);
        self.in_hour += 1;

        let u = self.rng.unit();
        let event = if u < 0.965 {
            Event::Granted
        } else if u < 0.985 {
            Event::Denied
        } else if u < 0.991 {
            Event::UnknownCard
        } else if u < 0.997 {
            Event::HeldOpen
        } else {
            Event::Forced
        };
        let (reader, holder, card) = match event {
            Event::Granted | Event::Denied => {
                let j = self.rng.below(HOLDERS as u64) as usize;
                let reader = if self.rng.chance(0.8) {
                    self.holders[j].home[self.rng.below(HOME_READERS as u64) as usize]
                } else {
                    self.zipf_reader()
                };
                (reader, Some(j as u32), Some(self.holders[j].card))
            }
            Event::UnknownCard => {
                let card = 10_000_000 + self.rng.below(90_000_000) as u32;
                (self.zipf_reader(), None, Some(card))
            }
            Event::HeldOpen | Event::Forced => (self.zipf_reader(), None, None),
        };
        Row {
            day: self.day,
            h,
            m: (sec / 60) as u8,
            s: (sec % 60) as u8,
            reader,
            holder,
            card,
            event,
        }
    }
}

fn date_of(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default() + Duration::days(i64::from(day))
}

fn push2(out: &mut Vec<u8>, v: u8) {
    out.push(b'0' + v / 10);
    out.push(b'0' + v % 10);
}

/// Writes `rows` passages as `;`-separated UTF-8 (no BOM) with the benchmark header.
pub fn write_bulk_passages_csv(path: &Path, rows: u64, seed: u64) -> io::Result<()> {
    write_bulk_passages_csv_from(path, rows, seed, 0)
}

/// Like [`write_bulk_passages_csv`], starting `first_day` days after 2026-01-01: the
/// same readers and cardholders (the same `seed`) at a later time, as the next
/// month's export of the same hospital.
pub fn write_bulk_passages_csv_from(
    path: &Path,
    rows: u64,
    seed: u64,
    first_day: u32,
) -> io::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 20, File::create(path)?);
    out.write_all(HEADER.as_bytes())?;
    out.write_all(b"\n")?;
    let mut g = Bulk::new(seed);
    g.start_day(first_day);
    let mut line = Vec::with_capacity(160);
    let mut date = (u32::MAX, String::new());
    for _ in 0..rows {
        let r = g.next_row();
        if date.0 != r.day {
            date = (r.day, date_of(r.day).format("%Y-%m-%d").to_string());
        }
        line.clear();
        line.extend_from_slice(date.1.as_bytes());
        line.push(b';');
        push2(&mut line, r.h);
        line.push(b':');
        push2(&mut line, r.m);
        line.push(b':');
        push2(&mut line, r.s);
        line.push(b';');
        line.extend_from_slice(g.readers[r.reader as usize].as_bytes());
        line.push(b';');
        if let Some(j) = r.holder {
            let h = &g.holders[j as usize];
            line.extend_from_slice(FIRST[h.first as usize].as_bytes());
            line.push(b' ');
            line.extend_from_slice(LAST[h.last as usize].as_bytes());
        }
        line.push(b';');
        if let Some(c) = r.card {
            line.extend_from_slice(c.to_string().as_bytes());
        }
        line.push(b';');
        line.extend_from_slice(r.event.label().as_bytes());
        line.push(b'\n');
        out.write_all(&line)?;
    }
    out.flush()
}

/// The same rows as an .xlsx sheet with real date and time cells, written in constant memory.
/// At most 1,048,575 rows fit one sheet.
pub fn write_bulk_passages_xlsx(path: &Path, rows: u64, seed: u64) -> io::Result<()> {
    if rows > XLSX_MAX_ROWS {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("an .xlsx sheet holds at most {XLSX_MAX_ROWS} data rows, asked for {rows}"),
        ));
    }
    write_xlsx(path, rows, seed).map_err(xlsx_err)
}

fn write_xlsx(path: &Path, rows: u64, seed: u64) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(&fixed_properties("Passager")?);
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    let time_fmt = Format::new().set_num_format("hh:mm:ss");
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name("Passager")?;
    for (c, h) in HEADER.split(';').enumerate() {
        ws.write_string(0, c as u16, h)?;
    }
    for (c, w) in [11, 9, 28, 22, 11, 20].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let mut g = Bulk::new(seed);
    let mut date = (u32::MAX, ExcelDateTime::from_ymd(2026, 1, 1)?);
    for i in 0..rows {
        let r = g.next_row();
        let row = 1 + i as u32;
        if date.0 != r.day {
            let d = date_of(r.day);
            date = (
                r.day,
                ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?,
            );
        }
        ws.write_datetime_with_format(row, 0, &date.1, &date_fmt)?;
        let time = ExcelDateTime::from_hms(u16::from(r.h), r.m, r.s)?;
        ws.write_datetime_with_format(row, 1, &time, &time_fmt)?;
        ws.write_string(row, 2, &g.readers[r.reader as usize])?;
        if let Some(j) = r.holder {
            let h = &g.holders[j as usize];
            let name = format!("{} {}", FIRST[h.first as usize], LAST[h.last as usize]);
            ws.write_string(row, 3, name)?;
        }
        if let Some(c) = r.card {
            ws.write_string(row, 4, c.to_string())?;
        }
        ws.write_string(row, 5, r.event.label())?;
    }
    wb.save(path)?;
    Ok(())
}
