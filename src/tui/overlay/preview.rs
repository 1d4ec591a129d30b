//! The import preview: what importing each chosen file would store, the facts
//! `import --dry-run` prints, with the profile, hand mappings and date order to choose first.

use super::Reply;
use crate::i18n::import::Text as I;
use crate::i18n::tui::TuiText as T;
use crate::i18n::{Lang, Msg, fill};
use crate::import::Choice;
use crate::import::profile::Field;
use crate::import::values::DateOrder;
use crate::ops::import::preview::{Preview, Sample};
use crate::tui::action::Action;
use crate::tui::pane::Ctx;
use crate::tui::widget::columns::{Width, cut, fit_column, widths};
use crate::tui::widget::{fmt_time, pane_block, safe, thousands, width, wrapped_rows};
use crate::tui::worker::{PreviewAnswer, Request};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use std::cell::Cell;
use std::path::PathBuf;

/// The date orders `d` steps through; `None` lets the file's own dates decide.
const DATE_ORDERS: [Option<DateOrder>; 4] = [
    None,
    Some(DateOrder::Dmy),
    Some(DateOrder::Mdy),
    Some(DateOrder::Ymd),
];

/// What the preview of the current file says.
#[derive(Debug, Clone)]
pub enum State {
    /// Asked of the worker; the answer is on its way.
    Reading,
    Ready(Box<Preview>),
    /// Why an import would refuse the file as it is, in the user's language.
    Refused(String),
}

/// What a list opened over the preview chooses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickWhat {
    Profile,
    Column,
    /// The field the named column holds.
    Field(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick {
    pub what: PickWhat,
    pub cursor: usize,
}

/// The preview of the files chosen at the prompt, one at a time.
#[derive(Debug, Clone)]
pub struct ImportPreview {
    pub files: Vec<PathBuf>,
    /// The file shown, an index into `files`.
    pub at: usize,
    /// The profile, hand mappings and date order the file is read with.
    pub choice: Choice,
    /// Numbers the asks, so an answer to an older choice is dropped.
    pub seq: u64,
    pub state: State,
    pub profiles: Vec<String>,
    pub columns: Vec<String>,
    pub pick: Option<Pick>,
    pub scroll: usize,
    /// How far the text can scroll, learnt when it was last drawn.
    max_scroll: Cell<usize>,
    /// What became of the files before this one.
    pub imported: Vec<String>,
    pub failed: Vec<String>,
    pub skipped: usize,
}

impl ImportPreview {
    pub fn new(files: Vec<PathBuf>) -> ImportPreview {
        ImportPreview {
            files,
            at: 0,
            choice: Choice::default(),
            seq: 0,
            state: State::Reading,
            profiles: Vec::new(),
            columns: Vec::new(),
            pick: None,
            scroll: 0,
            max_scroll: Cell::new(usize::MAX),
            imported: Vec::new(),
            failed: Vec::new(),
            skipped: 0,
        }
    }

    pub fn file(&self) -> Option<&PathBuf> {
        self.files.get(self.at)
    }

    /// Files after the one shown.
    pub fn left(&self) -> usize {
        self.files.len().saturating_sub(self.at + 1)
    }

    /// Asks the worker for the preview of the file shown with the choices made.
    pub fn ask(&mut self) -> Option<Request> {
        let path = self.file()?.clone();
        self.seq += 1;
        self.state = State::Reading;
        self.pick = None;
        Some(Request::Preview {
            seq: self.seq,
            path,
            choice: self.choice.clone(),
        })
    }

    /// Takes the worker's answer unless a newer ask overtook it.
    pub fn receive(&mut self, answer: PreviewAnswer) {
        if answer.seq != self.seq || Some(&answer.path) != self.file() {
            return;
        }
        self.profiles = answer.profiles;
        self.columns = answer.columns;
        self.state = match answer.result {
            Ok(p) => State::Ready(Box::new(p)),
            Err(e) => State::Refused(e),
        };
        self.scroll = 0;
    }

    /// Moves on to the next file with fresh choices; false when none is left.
    pub fn next_file(&mut self) -> bool {
        self.at += 1;
        self.choice = Choice::default();
        self.columns.clear();
        self.scroll = 0;
        self.pick = None;
        self.at < self.files.len()
    }

    pub fn is_ready(&self) -> bool {
        matches!(self.state, State::Ready(_)) && self.pick.is_none()
    }

    /// Whether an action does something now; the status bar shows only these.
    pub fn offers(&self, action: Action) -> bool {
        match action {
            Action::Enter if self.pick.is_none() => self.is_ready(),
            Action::MapColumn => !self.columns.is_empty(),
            Action::PickProfile => !self.profiles.is_empty(),
            _ => true,
        }
    }

    /// The choices of the list open, as shown; the first of a profile list is
    /// "automatic", the first of a field list "not imported".
    fn items(&self, what: &PickWhat, lang: Lang) -> Vec<String> {
        match what {
            PickWhat::Profile => std::iter::once(T::ChoiceAuto.text(lang).to_owned())
                .chain(self.profiles.iter().cloned())
                .collect(),
            PickWhat::Column => self.columns.clone(),
            PickWhat::Field(_) => std::iter::once(T::ChoiceNotImported.text(lang).to_owned())
                .chain(Field::PASSAGE.iter().map(|f| f.name()))
                .collect(),
        }
    }

    /// Where a list opens: on what is chosen now.
    fn current(&self, what: &PickWhat) -> usize {
        match what {
            PickWhat::Profile => self
                .choice
                .system
                .as_ref()
                .and_then(|s| self.profiles.iter().position(|p| p == s))
                .map_or(0, |i| i + 1),
            PickWhat::Column => 0,
            PickWhat::Field(column) => self
                .choice
                .maps
                .iter()
                .find(|(_, h)| h == column)
                .and_then(|(f, _)| Field::PASSAGE.iter().position(|p| p == f))
                .map_or(0, |i| i + 1),
        }
    }

    fn open(&mut self, what: PickWhat) -> Reply {
        let cursor = self.current(&what);
        self.pick = Some(Pick { what, cursor });
        Reply::Stay
    }

    /// Takes an action. Choices that change how the file is read ask for a
    /// new preview; nothing is imported but by Enter on a preview that reads.
    pub fn on(&mut self, action: Action, lang: Lang) -> Reply {
        if let Some(pick) = self.pick.clone() {
            return self.on_pick(pick, action, lang);
        }
        match action {
            Action::Enter if self.is_ready() => Reply::ImportFile,
            Action::Skip => Reply::SkipFile,
            Action::Back => Reply::EndImports,
            Action::PickProfile if !self.profiles.is_empty() => self.open(PickWhat::Profile),
            Action::MapColumn if !self.columns.is_empty() => self.open(PickWhat::Column),
            Action::DateOrder => {
                let now = DATE_ORDERS
                    .iter()
                    .position(|o| *o == self.choice.date_order)
                    .unwrap_or(0);
                self.choice.date_order = DATE_ORDERS[(now + 1) % DATE_ORDERS.len()];
                Reply::Recompute
            }
            Action::Up => {
                self.scroll = self.scroll.saturating_sub(1);
                Reply::Stay
            }
            Action::Down => {
                self.scroll = (self.scroll + 1).min(self.max_scroll.get());
                Reply::Stay
            }
            Action::PageUp => {
                self.scroll = self.scroll.saturating_sub(10);
                Reply::Stay
            }
            Action::PageDown => {
                self.scroll = (self.scroll + 10).min(self.max_scroll.get());
                Reply::Stay
            }
            _ => Reply::Stay,
        }
    }

    fn on_pick(&mut self, mut pick: Pick, action: Action, lang: Lang) -> Reply {
        let n = self.items(&pick.what, lang).len();
        match action {
            Action::Back => {
                self.pick = None;
                return Reply::Stay;
            }
            Action::Up => pick.cursor = (pick.cursor + n.max(1) - 1) % n.max(1),
            Action::Down => pick.cursor = (pick.cursor + 1) % n.max(1),
            Action::PageUp => pick.cursor = pick.cursor.saturating_sub(10),
            Action::PageDown => pick.cursor = (pick.cursor + 10).min(n.saturating_sub(1)),
            Action::Enter => return self.chosen(pick),
            _ => {}
        }
        self.pick = Some(pick);
        Reply::Stay
    }

    /// The list's choice taken: a profile or a field reads the file anew; a
    /// column opens the list of fields it can hold.
    fn chosen(&mut self, pick: Pick) -> Reply {
        self.pick = None;
        match pick.what {
            PickWhat::Profile => {
                self.choice.system = pick
                    .cursor
                    .checked_sub(1)
                    .and_then(|i| self.profiles.get(i).cloned());
                Reply::Recompute
            }
            PickWhat::Column => match self.columns.get(pick.cursor).cloned() {
                Some(column) => self.open(PickWhat::Field(column)),
                None => Reply::Stay,
            },
            PickWhat::Field(column) => {
                // As `--map FIELD=HEADER`: one column per field, one field per column.
                self.choice.maps.retain(|(_, h)| *h != column);
                if let Some(field) = pick
                    .cursor
                    .checked_sub(1)
                    .and_then(|i| Field::PASSAGE.get(i))
                {
                    self.choice.maps.retain(|(f, _)| f != field);
                    self.choice.maps.push((*field, column));
                }
                Reply::Recompute
            }
        }
    }

    /// The choices in force, one line.
    fn choice_line(&self, lang: Lang) -> String {
        let auto = T::ChoiceAuto.text(lang);
        let mut parts = vec![
            format!(
                "{}: {}",
                I::PreviewProfile.text(lang),
                self.choice.system.as_deref().unwrap_or(auto)
            ),
            format!(
                "{}: {}",
                T::ChoiceDateOrder.text(lang),
                self.choice.date_order.map_or(auto, DateOrder::as_str)
            ),
        ];
        if !self.choice.maps.is_empty() {
            let maps: Vec<String> = self
                .choice
                .maps
                .iter()
                .map(|(f, h)| format!("{h}→{}", f.name()))
                .collect();
            parts.push(format!("{}: {}", T::ChoiceMaps.text(lang), maps.join(", ")));
        }
        safe(&parts.join(" · "))
    }

    /// Every line the preview shows, for a text `w` cells wide.
    pub fn lines(
        &self,
        lang: Lang,
        theme: &crate::tui::theme::Theme,
        w: usize,
    ) -> Vec<Line<'static>> {
        let mut lines = vec![
            Line::styled(T::PreviewNothingYet.text(lang).to_owned(), theme.muted),
            Line::from(vec![
                Span::styled(format!("{}: ", T::ChoiceYours.text(lang)), theme.muted),
                Span::raw(self.choice_line(lang)),
            ]),
            Line::from(""),
        ];
        match &self.state {
            State::Reading => lines.push(Line::from(T::PreviewReading.text(lang))),
            State::Refused(why) => {
                lines.push(Line::styled(T::PreviewRefused.text(lang), theme.error));
                lines.push(Line::from(safe(why)));
                lines.push(Line::from(""));
                lines.push(Line::from(T::PreviewRefusedChoose.text(lang)));
            }
            State::Ready(p) => facts(&mut lines, p, lang, theme, w),
        }
        lines
    }

    pub fn draw(&self, frame: &mut Frame, body: Rect, ctx: &Ctx) {
        let lang = ctx.lang;
        let r = body;
        let name = self
            .file()
            .and_then(|f| f.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let head = fill(
            T::PreviewTitle.text(lang),
            &[&(self.at + 1), &self.files.len()],
        );
        // The file's name gives way in its middle, so its start and its end show.
        let room = (r.width as usize).saturating_sub(width(&head) + 6);
        let title = format!("{head}{}", cut(&safe(&name), room, &[]));
        let block = pane_block(ctx.theme, title, true);
        let inner = block.inner(r);
        let text_w = inner.width.saturating_sub(1) as usize;
        let lines = self.lines(lang, ctx.theme, text_w);
        let rows: usize = lines
            .iter()
            .map(|l| wrapped_rows(&l.to_string(), text_w.max(1)))
            .sum();
        let max = rows.saturating_sub(inner.height as usize);
        self.max_scroll.set(max);
        let scroll = self.scroll.min(max);
        let block = if max > 0 {
            block.title_bottom(Line::from(format!(" ↑↓ {}/{} ", scroll + 1, max + 1)))
        } else {
            block
        };
        frame.render_widget(Clear, r);
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((scroll as u16, 0))
                .block(block),
            r,
        );
        if let Some(pick) = &self.pick {
            self.draw_pick(frame, r, pick, ctx);
        }
    }

    /// The list a choice is made from, over the preview.
    fn draw_pick(&self, frame: &mut Frame, area: Rect, pick: &Pick, ctx: &Ctx) {
        let lang = ctx.lang;
        let items = self.items(&pick.what, lang);
        let title = match &pick.what {
            PickWhat::Profile => T::PickProfile.text(lang).to_owned(),
            PickWhat::Column => T::PickColumn.text(lang).to_owned(),
            PickWhat::Field(c) => fill(T::PickField.text(lang), &[&safe(c)]),
        };
        let w = area.width.saturating_sub(8).min(60);
        let h = (items.len() as u16 + 2).min(area.height.saturating_sub(2));
        let r = crate::tui::widget::centered(area, w, h);
        let shown = h.saturating_sub(2) as usize;
        let first = (pick.cursor + 1).saturating_sub(shown);
        let text_w = w.saturating_sub(4) as usize;
        let safe_items: Vec<String> = items.iter().map(|i| safe(i)).collect();
        let cells = fit_column(&safe_items, text_w);
        let lines: Vec<Line> = cells
            .into_iter()
            .enumerate()
            .skip(first)
            .take(shown)
            .map(|(i, text)| {
                let chosen = i == pick.cursor;
                Line::styled(
                    format!("{} {text}", if chosen { "▶" } else { " " }),
                    if chosen {
                        ctx.theme.selected
                    } else {
                        Style::new()
                    },
                )
            })
            .collect();
        frame.render_widget(Clear, r);
        frame.render_widget(
            Paragraph::new(lines).block(pane_block(ctx.theme, safe(&title), true)),
            r,
        );
    }
}

/// The facts of a preview, as `import --dry-run` prints them.
fn facts(
    lines: &mut Vec<Line<'static>>,
    p: &Preview,
    lang: Lang,
    theme: &crate::tui::theme::Theme,
    w: usize,
) {
    let r = &p.recognition;
    let fact = |lines: &mut Vec<Line<'static>>, key: &str, value: String| {
        lines.push(Line::from(vec![
            Span::styled(format!("{key}: "), theme.title),
            Span::raw(safe(&value)),
        ]));
    };
    fact(
        lines,
        I::PreviewProfile.text(lang),
        format!("{} ({})", r.profile, r.title),
    );
    fact(lines, I::PreviewWhy.text(lang), r.describe(lang));
    if !r.considered.is_empty() {
        let others: Vec<String> = r
            .considered
            .iter()
            .map(|c| format!("{} {:.1}", c.profile, c.score))
            .collect();
        fact(
            lines,
            I::PreviewCandidates.text(lang),
            format!("{} {:.1}, {}", r.profile, r.points, others.join(", ")),
        );
    }
    fact(lines, I::PreviewFormat.text(lang), p.format.text(lang));
    fact(lines, I::PreviewHeader.text(lang), p.header_row.to_string());
    let mapped: Vec<String> = r
        .mapped
        .iter()
        .map(|m| crate::import::error::mapping(&m.header, m.field, m.by, lang))
        .collect();
    fact(lines, I::PreviewMapping.text(lang), mapped.join(", "));
    let left = r.not_imported(lang);
    if left.is_empty() {
        lines.push(Line::from(I::NoneUnmapped.text(lang)));
    } else {
        fact(lines, I::Unmapped.text(lang), left.join(", "));
    }
    fact(lines, I::Dates.text(lang), p.dates.describe(lang));
    fact(
        lines,
        I::PreviewRows.text(lang),
        format!(
            "{} ({} {})",
            thousands(p.rows),
            thousands(p.layout_rows),
            I::PreviewLayoutRows.text(lang)
        ),
    );
    if let (Some(first), Some(last)) = (p.first, p.last) {
        fact(
            lines,
            I::PreviewPeriod.text(lang),
            format!("{} – {}", fmt_time(first), fmt_time(last)),
        );
    }
    if let Some(period) = &p.period {
        fact(lines, Msg::Period.text(lang), period.clone());
    }
    let kinds: Vec<String> = p
        .kinds
        .iter()
        .map(|(k, n)| format!("{} {}", k.name(lang), thousands(*n)))
        .collect();
    fact(lines, I::PreviewKinds.text(lang), kinds.join(", "));
    if !p.rejected.is_empty() {
        fact(
            lines,
            I::PreviewRejected.text(lang),
            thousands(p.rejected.len() as u64),
        );
    }
    lines.push(Line::from(""));
    lines.push(Line::styled(
        format!("{}:", I::PreviewFirst.text(lang)),
        theme.title,
    ));
    let (head, rows, narrow) = sample_table(&p.sample, lang);
    // A narrow window leaves out what least tells the rows apart.
    let keep: Vec<usize> = (0..head.len())
        .filter(|i| w >= WIDE || !narrow.contains(i))
        .collect();
    let head: Vec<String> = keep.iter().map(|&i| head[i].clone()).collect();
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| keep.iter().map(|&i| r[i].clone()).collect())
        .collect();
    let cols: Vec<(String, Width)> = head
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let widest = rows
                .iter()
                .map(|r| width(&r[i]))
                .chain([width(h)])
                .max()
                .unwrap_or(1) as u16;
            let width = if i < 2 {
                Width::Fixed(widest)
            } else if narrow.contains(&keep[i]) {
                Width::Spare { min: 8, max: 16 }
            } else {
                Width::Fit { min: 4, max: 40 }
            };
            (h.clone(), width)
        })
        .collect();
    let ws = widths(&cols, &rows, w as u16, 1);
    let mut columns: Vec<Vec<String>> = vec![Vec::new(); head.len()];
    for (i, col) in columns.iter_mut().enumerate() {
        let cells: Vec<String> = std::iter::once(head[i].clone())
            .chain(rows.iter().map(|r| r[i].clone()))
            .collect();
        *col = fit_column(&cells, ws[i] as usize);
    }
    for line in 0..=rows.len() {
        let text = columns
            .iter()
            .zip(&ws)
            .map(|(c, w)| format!("{:<w$}", c[line], w = *w as usize))
            .collect::<Vec<_>>()
            .join(" ");
        let text = crate::text::truncate(text.trim_end(), w).into_owned();
        lines.push(if line == 0 {
            Line::styled(text, theme.muted)
        } else {
            Line::from(text)
        });
    }
}

/// From this many cells on, the sample shows every column.
const WIDE: usize = 100;

/// The first rows as they would be stored: headings, cells made safe, and the
/// columns a narrow window leaves out. The row and the time come first.
fn sample_table(sample: &Sample, lang: Lang) -> (Vec<String>, Vec<Vec<String>>, Vec<usize>) {
    let m = |x: Msg| x.text(lang).to_owned();
    let time = |t: chrono::NaiveDateTime| fmt_time(t);
    let dash = |s: &str| {
        if s.is_empty() {
            "–".to_owned()
        } else {
            safe(s)
        }
    };
    match sample {
        Sample::Passages(rows) => (
            vec![
                T::SampleRow.text(lang).to_owned(),
                m(Msg::Time),
                m(Msg::Reader),
                m(Msg::Person),
                m(Msg::EmployeeId),
                m(Msg::Card),
                m(Msg::Event),
                m(Msg::EventText),
                m(Msg::Direction),
            ],
            rows.iter()
                .map(|r| {
                    let reader = [r.reader_code.as_str(), r.door.as_str()]
                        .iter()
                        .filter(|s| !s.is_empty())
                        .copied()
                        .collect::<Vec<_>>()
                        .join(" ");
                    vec![
                        r.row.to_string(),
                        time(r.time),
                        dash(&reader),
                        dash(r.person.as_ref().map_or("", |n| n.display())),
                        dash(&r.employee_id),
                        dash(&r.card),
                        crate::i18n::event_kind(r.kind, lang).to_owned(),
                        dash(&r.event_text),
                        dash(r.direction.as_str()),
                    ]
                })
                .collect(),
            vec![4, 5, 8],
        ),
        Sample::Stamps(rows) => (
            vec![
                T::SampleRow.text(lang).to_owned(),
                m(Msg::Time),
                m(Msg::EmployeeId),
                m(Msg::Person),
                m(Msg::Event),
                m(Msg::Source),
            ],
            rows.iter()
                .map(|r| {
                    vec![
                        r.row.to_string(),
                        time(r.time),
                        dash(&r.employee_id),
                        dash(r.person.as_ref().map_or("", |n| n.display())),
                        r.kind.as_str().to_owned(),
                        dash(&r.source),
                    ]
                })
                .collect(),
            vec![],
        ),
        Sample::Pmo(rows) => (
            vec![
                T::SampleRow.text(lang).to_owned(),
                m(Msg::Time),
                m(Msg::User),
                T::SampleStudent.text(lang).to_owned(),
                T::SampleRecord.text(lang).to_owned(),
                m(Msg::Event),
            ],
            rows.iter()
                .map(|r| {
                    vec![
                        r.row.to_string(),
                        time(r.time),
                        dash(&format!("{} {}", r.user, r.role)),
                        dash(&format!(
                            "{} {}",
                            crate::domain::pmo::Masked(&r.student_id),
                            r.student
                        )),
                        dash(&format!("{} {}", r.record_type, r.document)),
                        safe(r.action.label()),
                    ]
                })
                .collect(),
            vec![],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(p: &ImportPreview, result: Result<Preview, String>) -> PreviewAnswer {
        PreviewAnswer {
            seq: p.seq,
            path: p.file().cloned().unwrap_or_default(),
            result,
            profiles: vec!["salto".into(), "ssm".into()],
            columns: vec!["När".into(), "Var".into()],
        }
    }

    fn refused() -> ImportPreview {
        let mut p = ImportPreview::new(vec![PathBuf::from("/x/a.csv"), PathBuf::from("b.csv")]);
        let _ = p.ask();
        let a = answer(&p, Err("a.csv: found no header row".into()));
        p.receive(a);
        p
    }

    /// A preview worked out by the core from a file written here.
    fn ready() -> ImportPreview {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("ssm.csv");
        std::fs::write(
            &file,
            "Datum;Tid;Läsare;Dörr;Händelse;Kortnummer;Namn;Anst.nr;Avdelning\n\
             2026-10-14;07:52:13;L-042;Läkemedelsrum Avd 42;Passage godkänd;0003401128;Lindqvist, Åsa;10234;Avd 42\n",
        )
        .unwrap();
        let profiles = crate::ops::catalog::profiles().unwrap();
        let preview = crate::ops::import::preview::preview(
            &file,
            &crate::ops::import::Options::default(),
            &profiles,
        )
        .unwrap();
        let mut p = ImportPreview::new(vec![file]);
        let _ = p.ask();
        let a = answer(&p, Ok(preview));
        p.receive(a);
        p
    }

    #[test]
    fn enter_imports_only_a_preview_that_reads() {
        let mut p = ImportPreview::new(vec![PathBuf::from("a.csv")]);
        let _ = p.ask();
        assert_eq!(p.on(Action::Enter, Lang::En), Reply::Stay);
        assert!(!p.offers(Action::Enter));
        let mut p = refused();
        assert_eq!(p.on(Action::Enter, Lang::En), Reply::Stay);
        assert!(!p.offers(Action::Enter));
        let mut p = ready();
        assert!(p.offers(Action::Enter));
        assert_eq!(p.on(Action::Enter, Lang::En), Reply::ImportFile);
    }

    #[test]
    fn a_late_answer_to_an_older_choice_is_dropped() {
        let mut p = ImportPreview::new(vec![PathBuf::from("a.csv")]);
        let _ = p.ask();
        let old = answer(&p, Err("old".into()));
        let _ = p.ask();
        p.receive(old);
        assert!(matches!(p.state, State::Reading));
        let new = answer(&p, Err("new".into()));
        p.receive(new);
        assert!(matches!(&p.state, State::Refused(e) if e == "new"));
    }

    #[test]
    fn a_profile_is_picked_from_a_list_that_opens_on_the_one_in_force() {
        let mut p = refused();
        assert_eq!(p.on(Action::PickProfile, Lang::En), Reply::Stay);
        assert_eq!(
            p.pick,
            Some(Pick {
                what: PickWhat::Profile,
                cursor: 0
            })
        );
        // Keys other than the list's do nothing while it is open.
        assert_eq!(p.on(Action::Skip, Lang::En), Reply::Stay);
        p.on(Action::Down, Lang::En);
        assert_eq!(p.on(Action::Enter, Lang::En), Reply::Recompute);
        assert_eq!(p.choice.system.as_deref(), Some("salto"));
        assert!(p.pick.is_none());
        p.on(Action::PickProfile, Lang::En);
        assert_eq!(p.pick.as_ref().map(|k| k.cursor), Some(1));
        // Round the end to "automatic".
        p.on(Action::Down, Lang::En);
        p.on(Action::Down, Lang::En);
        assert_eq!(p.on(Action::Enter, Lang::En), Reply::Recompute);
        assert_eq!(p.choice.system, None);
    }

    #[test]
    fn a_column_is_mapped_as_the_cli_map_does_it() {
        let mut p = refused();
        let maps = |p: &ImportPreview| -> Vec<(String, String)> {
            p.choice
                .maps
                .iter()
                .map(|(f, h)| (f.name(), h.clone()))
                .collect()
        };
        let pos = |f: Field| Field::PASSAGE.iter().position(|x| *x == f).unwrap() + 1;
        // När → timestamp.
        p.on(Action::MapColumn, Lang::En);
        assert_eq!(p.on(Action::Enter, Lang::En), Reply::Stay);
        assert_eq!(
            p.pick.as_ref().map(|k| &k.what),
            Some(&PickWhat::Field("När".into()))
        );
        for _ in 0..pos(Field::Timestamp) {
            p.on(Action::Down, Lang::En);
        }
        assert_eq!(p.on(Action::Enter, Lang::En), Reply::Recompute);
        assert_eq!(maps(&p), [("timestamp".to_owned(), "När".to_owned())]);
        // Var → timestamp: one column per field, as a repeated --map would say.
        p.on(Action::MapColumn, Lang::En);
        p.on(Action::Down, Lang::En);
        p.on(Action::Enter, Lang::En);
        for _ in 0..pos(Field::Timestamp) {
            p.on(Action::Down, Lang::En);
        }
        p.on(Action::Enter, Lang::En);
        assert_eq!(maps(&p), [("timestamp".to_owned(), "Var".to_owned())]);
        // The field list opens on the column's field; "not imported" takes the map away.
        p.on(Action::MapColumn, Lang::En);
        p.on(Action::Down, Lang::En);
        p.on(Action::Enter, Lang::En);
        assert_eq!(
            p.pick.as_ref().map(|k| k.cursor),
            Some(pos(Field::Timestamp))
        );
        for _ in 0..pos(Field::Timestamp) {
            p.on(Action::Up, Lang::En);
        }
        assert_eq!(p.on(Action::Enter, Lang::En), Reply::Recompute);
        assert!(maps(&p).is_empty());
        // Esc in a list goes back to the preview, choosing nothing.
        p.on(Action::MapColumn, Lang::En);
        assert_eq!(p.on(Action::Back, Lang::En), Reply::Stay);
        assert!(p.pick.is_none() && maps(&p).is_empty());
    }

    #[test]
    fn d_steps_through_the_date_orders() {
        let mut p = refused();
        let mut seen = Vec::new();
        for _ in 0..4 {
            assert_eq!(p.on(Action::DateOrder, Lang::En), Reply::Recompute);
            seen.push(p.choice.date_order);
        }
        assert_eq!(
            seen,
            [
                Some(DateOrder::Dmy),
                Some(DateOrder::Mdy),
                Some(DateOrder::Ymd),
                None
            ]
        );
    }

    #[test]
    fn s_skips_esc_ends_and_the_next_file_starts_afresh() {
        let mut p = refused();
        assert_eq!(p.on(Action::Skip, Lang::En), Reply::SkipFile);
        assert_eq!(p.on(Action::Back, Lang::En), Reply::EndImports);
        p.on(Action::DateOrder, Lang::En);
        assert_eq!(p.left(), 1);
        assert!(p.next_file());
        assert_eq!(p.file(), Some(&PathBuf::from("b.csv")));
        assert_eq!(p.choice.date_order, None);
        assert!(p.columns.is_empty());
        assert!(!p.next_file());
    }

    #[test]
    fn the_facts_are_the_dry_runs_in_the_users_language() {
        let p = ready();
        let theme = crate::tui::theme::Theme::mono();
        for (lang, want) in [
            (
                Lang::Sv,
                ["profil: ssm", "rubrikrad: 1", "händelsetyper: beviljad 1"],
            ),
            (
                Lang::En,
                ["profile: ssm", "header row: 1", "event kinds: granted 1"],
            ),
        ] {
            let text: Vec<String> = p
                .lines(lang, &theme, 120)
                .iter()
                .map(|l| l.to_string())
                .collect();
            for w in want {
                assert!(text.iter().any(|l| l.contains(w)), "{w}: {text:#?}");
            }
            assert!(
                text.iter().any(|l| l.contains("2026-10-14 07:52:13")),
                "{text:#?}"
            );
        }
    }
}
