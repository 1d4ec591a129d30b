//! The passage filter pane: time window with presets, person, a reader
//! multi-select with type-to-search, event kinds and systems, as one list of rows.

use super::{Ctx, EventState};
use crate::domain::{EventKind, TimeError, parse_typed, parse_window};
use crate::i18n::tui::TuiText as T;
use crate::i18n::{Lang, event_kind};
use crate::store::catalog::ReaderSummary;
use crate::store::passages::PassageFilter;
use crate::text::fold;
use crate::tui::action::Action;
use crate::tui::widget::{columns, field, pane_block, safe, scroll::Scroll};
use crate::tui::worker::Query;
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::collections::BTreeSet;
use tui_input::Input;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    From,
    To,
    Person,
    ReaderSearch,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heading {
    When,
    Person,
    Readers,
    Events,
    Systems,
}

/// One line of the pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Heading(Heading),
    Input(Field),
    Presets,
    /// Index into `readers`.
    Reader(usize),
    Kind(EventKind),
    /// Index into `systems`.
    System(usize),
}

impl Row {
    pub fn selectable(self) -> bool {
        !matches!(self, Row::Heading(_))
    }

    /// The field `Tab` stops at: each text field, the presets, and the first
    /// row of each list.
    fn group(self) -> u8 {
        match self {
            Row::Heading(_) => u8::MAX,
            Row::Input(Field::From) => 0,
            Row::Input(Field::To) => 1,
            Row::Presets => 2,
            Row::Input(Field::Person) => 3,
            Row::Input(Field::ReaderSearch) => 4,
            Row::Reader(_) => 5,
            Row::Kind(_) => 6,
            Row::System(_) => 7,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    Today,
    Last24h,
    Last7d,
    PreviousMonth,
    All,
}

impl Preset {
    pub const ALL: [Preset; 5] = [
        Preset::Today,
        Preset::Last24h,
        Preset::Last7d,
        Preset::PreviousMonth,
        Preset::All,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Preset::Today => T::PresetToday,
            Preset::Last24h => T::Preset24h,
            Preset::Last7d => T::Preset7d,
            Preset::PreviousMonth => T::PresetLastMonth,
            Preset::All => T::PresetAll,
        }
        .text(lang)
    }

    /// The text the preset writes into From and To, so the user sees and can
    /// adjust what was chosen.
    pub fn texts(self, now: NaiveDateTime, lang: Lang) -> (String, String) {
        let today = T::WordToday.text(lang);
        match self {
            Preset::Today => (today.into(), today.into()),
            Preset::Last24h => ("-24h".into(), String::new()),
            Preset::Last7d => ("-7d".into(), String::new()),
            Preset::PreviousMonth => {
                let first_this =
                    NaiveDate::from_ymd_opt(now.year(), now.month(), 1).unwrap_or(now.date());
                let last_prev = first_this.pred_opt().unwrap_or(first_this);
                let first_prev = NaiveDate::from_ymd_opt(last_prev.year(), last_prev.month(), 1)
                    .unwrap_or(last_prev);
                (first_prev.to_string(), last_prev.to_string())
            }
            Preset::All => (String::new(), String::new()),
        }
    }
}

/// What an action did to the filter, for the tab to act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reply {
    NotConsumed,
    Consumed,
    /// The filter is different now: query again (when valid).
    Changed,
    /// Done with the filters: back to the passages.
    Leave,
}

impl Reply {
    pub fn state(self) -> EventState {
        match self {
            Reply::NotConsumed => EventState::NotConsumed,
            _ => EventState::Consumed,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct FilterPane {
    pub from: Input,
    pub to: Input,
    pub person: Input,
    pub reader_search: Input,
    pub readers: Vec<ReaderSummary>,
    pub readers_loaded: bool,
    pub chosen_readers: BTreeSet<i64>,
    pub kinds: BTreeSet<EventKind>,
    pub systems: Vec<String>,
    pub chosen_systems: BTreeSet<String>,
    /// The preset under the cursor on the presets row.
    pub preset: usize,
    /// The cursor, an index into `rows()`.
    pub scroll: Scroll,
}

/// The filter as it can be sent, or why it cannot.
#[derive(Debug, Clone, Default)]
pub struct Built {
    pub query: Query,
    /// The typed window does not read as one, and which field is at fault.
    pub error: Option<(Field, TimeError)>,
}

impl FilterPane {
    pub fn set_readers(&mut self, readers: Vec<ReaderSummary>) {
        let keep = self.current();
        let keep_reader = match keep {
            Row::Reader(i) => self.readers.get(i).map(|r| r.id),
            _ => None,
        };
        let mut systems: Vec<String> = readers.iter().map(|r| r.system.clone()).collect();
        systems.sort();
        systems.dedup();
        self.chosen_readers
            .retain(|id| readers.iter().any(|r| r.id == *id));
        self.chosen_systems.retain(|s| systems.contains(s));
        self.readers = readers;
        self.systems = systems;
        self.readers_loaded = true;
        // The cursor stays on the reader (or row) it was on.
        let rows = self.rows();
        let at = match keep_reader {
            Some(id) => rows
                .iter()
                .position(|r| matches!(r, Row::Reader(i) if self.readers[*i].id == id)),
            None => rows.iter().position(|r| *r == keep),
        };
        if let Some(at) = at {
            self.scroll.select(at, rows.len());
        }
        self.clamp();
    }

    pub fn cursor(&self) -> usize {
        self.scroll.selected
    }

    /// Puts the cursor on a row (tests and the tab's focus moves use it).
    pub fn go_to(&mut self, row: Row) {
        let rows = self.rows();
        if let Some(i) = rows.iter().position(|r| *r == row) {
            self.scroll.select(i, rows.len());
        }
    }

    pub fn input(&self, f: Field) -> &Input {
        match f {
            Field::From => &self.from,
            Field::To => &self.to,
            Field::Person => &self.person,
            Field::ReaderSearch => &self.reader_search,
        }
    }

    pub fn input_mut(&mut self, f: Field) -> &mut Input {
        match f {
            Field::From => &mut self.from,
            Field::To => &mut self.to,
            Field::Person => &mut self.person,
            Field::ReaderSearch => &mut self.reader_search,
        }
    }

    /// Readers matching the search text, and the ticked ones, in the stored order:
    /// ticking never moves a row, so the next Space lands where the eye is.
    pub fn visible_readers(&self) -> Vec<usize> {
        let q = fold(self.reader_search.value());
        (0..self.readers.len())
            // The one rule both faces pick readers by: code or door name, not
            // site. A ticked reader stays in view whatever is typed.
            .filter(|&i| {
                let r = &self.readers[i];
                self.chosen_readers.contains(&r.id) || crate::ops::catalog::reader_matches(r, &q)
            })
            .collect()
    }

    pub fn rows(&self) -> Vec<Row> {
        let mut rows = vec![
            Row::Heading(Heading::When),
            Row::Input(Field::From),
            Row::Input(Field::To),
            Row::Presets,
            Row::Heading(Heading::Person),
            Row::Input(Field::Person),
            Row::Heading(Heading::Readers),
            Row::Input(Field::ReaderSearch),
        ];
        rows.extend(self.visible_readers().into_iter().map(Row::Reader));
        rows.push(Row::Heading(Heading::Events));
        rows.extend(EventKind::ALL.iter().map(|&k| Row::Kind(k)));
        if self.systems.len() > 1 {
            rows.push(Row::Heading(Heading::Systems));
            rows.extend((0..self.systems.len()).map(Row::System));
        }
        rows
    }

    pub fn current(&self) -> Row {
        self.rows()
            .get(self.scroll.selected)
            .copied()
            .unwrap_or(Row::Input(Field::From))
    }

    /// Keeps the cursor on a selectable row after the list changed.
    pub fn clamp(&mut self) {
        let rows = self.rows();
        let mut i = self.scroll.selected.min(rows.len().saturating_sub(1));
        while i > 0 && !rows[i].selectable() {
            i -= 1;
        }
        if !rows[i].selectable() {
            i = rows.iter().position(|r| r.selectable()).unwrap_or(0);
        }
        self.scroll.select(i, rows.len());
    }

    /// Moves the cursor over selectable rows; returns whether it moved.
    pub fn step(&mut self, delta: isize) -> bool {
        let rows = self.rows();
        let mut i = self.scroll.selected as isize;
        let mut remaining = delta.unsigned_abs();
        let dir = delta.signum();
        let mut moved = false;
        while remaining > 0 {
            let mut j = i + dir;
            while j >= 0 && (j as usize) < rows.len() && !rows[j as usize].selectable() {
                j += dir;
            }
            if j < 0 || j as usize >= rows.len() {
                break;
            }
            i = j;
            moved = true;
            remaining -= 1;
        }
        self.scroll.select(i as usize, rows.len());
        moved
    }

    /// Tab: the next field (or list) of the pane, round to the first.
    pub fn next_field(&mut self, forward: bool) {
        let rows = self.rows();
        let here = rows[self.scroll.selected.min(rows.len() - 1)].group();
        let mut starts: Vec<(u8, usize)> = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            let g = r.group();
            if g != u8::MAX && starts.last().is_none_or(|(last, _)| *last != g) {
                starts.push((g, i));
            }
        }
        let at = starts.iter().position(|(g, _)| *g == here).unwrap_or(0);
        let n = starts.len();
        let next = if forward {
            (at + 1) % n
        } else {
            (at + n - 1) % n
        };
        self.scroll.select(starts[next].1, rows.len());
    }

    pub fn toggle(&mut self, row: Row) -> bool {
        match row {
            Row::Reader(i) => {
                let Some(r) = self.readers.get(i) else {
                    return false;
                };
                if !self.chosen_readers.remove(&r.id) {
                    self.chosen_readers.insert(r.id);
                }
            }
            Row::Kind(k) => {
                if !self.kinds.remove(&k) {
                    self.kinds.insert(k);
                }
            }
            Row::System(i) => {
                let Some(s) = self.systems.get(i).cloned() else {
                    return false;
                };
                if !self.chosen_systems.remove(&s) {
                    self.chosen_systems.insert(s);
                }
            }
            _ => return false,
        }
        // An unticked reader the search does not match leaves the list.
        self.clamp();
        true
    }

    pub fn apply_preset(&mut self, p: Preset, now: NaiveDateTime, lang: Lang) {
        let (from, to) = p.texts(now, lang);
        self.from = Input::new(from);
        self.to = Input::new(to);
    }

    pub fn clear(&mut self) {
        let readers = std::mem::take(&mut self.readers);
        let systems = std::mem::take(&mut self.systems);
        let loaded = self.readers_loaded;
        *self = FilterPane {
            readers,
            systems,
            readers_loaded: loaded,
            ..FilterPane::default()
        };
    }

    /// Reader ids the passages are limited to: the ticked ones, else none. Text
    /// typed without a tick goes to the core as `query --reader` sends it (see
    /// [`Self::build`]), so the answer never depends on whether the reader list
    /// had loaded when the text was typed.
    pub fn reader_ids(&self) -> Option<Vec<i64>> {
        if self.chosen_readers.is_empty() {
            return None;
        }
        Some(self.chosen_readers.iter().copied().collect())
    }

    /// The reader search text the core matches, when no reader is ticked.
    fn reader_text(&self) -> Vec<String> {
        let text = self.reader_search.value().trim();
        if !self.chosen_readers.is_empty() || fold(text).is_empty() {
            return vec![];
        }
        vec![text.to_owned()]
    }

    /// The filter as a query, or which field keeps it from being one. The window
    /// is read as one: an end written as a time alone follows its start, so
    /// `22.00`–`06.00` is one night.
    pub fn build(&self, now: NaiveDateTime) -> Built {
        let from = self.from.value().trim();
        let to = self.to.value().trim();
        let mut built = Built::default();
        let window = match parse_window(Some(from), Some(to), now) {
            Ok(w) => w,
            Err(e) => {
                let at = if !from.is_empty() && parse_typed(from, now).is_err() {
                    Field::From
                } else {
                    Field::To
                };
                built.error = Some((at, e));
                Default::default()
            }
        };
        let person = self.person.value().trim();
        built.query = Query {
            filter: PassageFilter {
                persons: if person.is_empty() {
                    vec![]
                } else {
                    vec![person.to_owned()]
                },
                from: window.from,
                to: window.to,
                kinds: self.kinds.iter().copied().collect(),
                systems: self.chosen_systems.iter().cloned().collect(),
                readers: self.reader_text(),
                ..PassageFilter::default()
            },
            reader_ids: self.reader_ids(),
        };
        built
    }

    /// The filters that are set, for the one-line summary.
    pub fn summary(&self, lang: Lang) -> Vec<String> {
        let mut parts = Vec::new();
        let from = self.from.value().trim();
        let to = self.to.value().trim();
        if !from.is_empty() || !to.is_empty() {
            parts.push(format!(
                "{} {} – {}",
                T::SummaryTime.text(lang),
                if from.is_empty() { "…" } else { from },
                if to.is_empty() { "…" } else { to }
            ));
        }
        if !self.person.value().trim().is_empty() {
            parts.push(format!(
                "{} \"{}\"",
                T::SummaryPerson.text(lang),
                self.person.value().trim()
            ));
        }
        let chosen: Vec<&ReaderSummary> = self
            .readers
            .iter()
            .filter(|r| self.chosen_readers.contains(&r.id))
            .collect();
        match chosen.len() {
            0 if !self.reader_search.value().trim().is_empty() => parts.push(format!(
                "{} \"{}\"",
                T::SummaryReaders.text(lang),
                self.reader_search.value().trim()
            )),
            0 => {}
            1 | 2 => parts.push(format!(
                "{} {}",
                T::SummaryReaders.text(lang),
                chosen
                    .iter()
                    .map(|r| r.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            n => parts.push(format!("{n} {}", T::SummaryReadersTicked.text(lang))),
        }
        if !self.kinds.is_empty() {
            parts.push(
                self.kinds
                    .iter()
                    .map(|k| event_kind(*k, lang))
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        }
        if !self.chosen_systems.is_empty() {
            parts.push(
                self.chosen_systems
                    .iter()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        }
        parts
    }

    /// Takes an action routed to the pane.
    pub fn on(&mut self, action: Action, ctx: &Ctx) -> Reply {
        let row = self.current();
        let page = self.scroll.page();
        match action {
            Action::Up => {
                self.step(-1);
            }
            Action::Down => {
                self.step(1);
            }
            Action::PageUp => {
                self.step(-page);
            }
            Action::PageDown => {
                self.step(page);
            }
            Action::NextField => self.next_field(true),
            Action::PrevField => self.next_field(false),
            Action::Left | Action::Right if row == Row::Presets => {
                let n = Preset::ALL.len();
                self.preset = if action == Action::Left {
                    (self.preset + n - 1) % n
                } else {
                    (self.preset + 1) % n
                };
            }
            Action::Left | Action::Right => {}
            Action::Toggle => match row {
                Row::Presets => {
                    let p = Preset::ALL[self.preset % Preset::ALL.len()];
                    self.apply_preset(p, ctx.now, ctx.lang);
                    return Reply::Changed;
                }
                Row::Input(_) => {}
                other => {
                    if self.toggle(other) {
                        return Reply::Changed;
                    }
                }
            },
            Action::Enter => return Reply::Leave,
            Action::Type(_) | Action::Edit(_) => {
                let Row::Input(f) = row else {
                    return Reply::Consumed;
                };
                if field::edit(self.input_mut(f), action) == Some(true) {
                    if f == Field::ReaderSearch {
                        self.clamp();
                    }
                    return Reply::Changed;
                }
            }
            Action::ClearFilters => {
                self.clear();
                return Reply::Changed;
            }
            Action::Back => return Reply::Leave,
            _ => return Reply::NotConsumed,
        }
        Reply::Consumed
    }

    /// Draws the pane; `bad` is the field whose time does not read.
    pub fn draw(
        &self,
        frame: &mut Frame,
        area: Rect,
        ctx: &Ctx,
        focused: bool,
        bad: Option<Field>,
    ) {
        let t = ctx.theme;
        let lang = ctx.lang;
        let n_readers = self.chosen_readers.len();
        let title = if n_readers > 0 {
            format!(
                "{} · {n_readers} {}",
                T::ScopeFilters.text(lang),
                T::ReadersTicked.text(lang)
            )
        } else {
            T::ScopeFilters.text(lang).to_owned()
        };
        let block = pane_block(t, title, focused);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let rows = self.rows();
        let top = self.scroll.frame(inner.height as usize, rows.len());
        let width = inner.width as usize;
        let shown: Vec<(usize, Row)> = rows
            .iter()
            .copied()
            .enumerate()
            .skip(top)
            .take(inner.height as usize)
            .collect();
        // Reader names are cut against the other names in sight.
        let names: Vec<String> = shown
            .iter()
            .filter_map(|(_, r)| match r {
                Row::Reader(i) => Some(reader_name(&self.readers[*i])),
                _ => None,
            })
            .collect();
        let peers: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut lines = Vec::new();
        let mut cursor_pos = None;
        for (i, row) in shown {
            let is_cur = focused && i == self.scroll.selected;
            let sel = if is_cur { t.selected } else { Style::new() };
            let line = match row {
                Row::Heading(h) => Line::styled(heading_text(h, lang), t.title),
                Row::Input(f) => {
                    let input = self.input(f);
                    let label = field_label(f, lang);
                    let is_bad = bad == Some(f);
                    let mark = if is_bad { "!" } else { " " };
                    let room = width.saturating_sub(label.chars().count() + 2);
                    let (visible, cur) = field::visible(input, room);
                    if is_cur {
                        cursor_pos = Some((
                            inner.x + 1 + label.chars().count() as u16 + cur as u16,
                            inner.y + (i - top) as u16,
                        ));
                    }
                    let body = if input.value().is_empty() && !is_cur {
                        Span::styled(format!("{:<room$}", field_placeholder(f, lang)), t.muted)
                    } else {
                        Span::styled(
                            format!("{:<room$}", safe(&visible)),
                            if is_cur { t.selected } else { t.input },
                        )
                    };
                    let label_style = if is_bad { t.error } else { Style::new() };
                    Line::from(vec![
                        Span::styled(mark, label_style),
                        Span::styled(label, label_style),
                        body,
                    ])
                }
                Row::Presets => {
                    let mut spans = vec![Span::raw(" ")];
                    for (k, p) in Preset::ALL.iter().enumerate() {
                        let style = if is_cur && k == self.preset {
                            t.selected
                        } else if is_cur {
                            t.base
                        } else {
                            t.muted
                        };
                        spans.push(Span::styled(p.label(lang).to_string(), style));
                        spans.push(Span::raw(" "));
                    }
                    Line::from(spans)
                }
                Row::Reader(idx) => {
                    let r = &self.readers[idx];
                    let on = self.chosen_readers.contains(&r.id);
                    let count = format!(" {}", r.passages);
                    let room = width.saturating_sub(5 + count.chars().count());
                    let name = columns::cut(&reader_name(r), room, &peers);
                    Line::from(vec![
                        Span::styled(format!(" {}", checkbox(on)), sel),
                        Span::styled(format!("{name:<room$}"), sel),
                        Span::styled(count, if is_cur { sel } else { t.muted }),
                    ])
                }
                Row::Kind(k) => {
                    let on = self.kinds.contains(&k);
                    let style = if is_cur {
                        sel
                    } else if super::passage_table::flagged(k) {
                        t.flagged
                    } else {
                        Style::new()
                    };
                    Line::styled(
                        format!(
                            " {}{:<w$}",
                            checkbox(on),
                            event_kind(k, lang),
                            w = width.saturating_sub(5)
                        ),
                        style,
                    )
                }
                Row::System(idx) => {
                    let s = &self.systems[idx];
                    let on = self.chosen_systems.contains(s);
                    Line::styled(
                        format!(
                            " {}{:<w$}",
                            checkbox(on),
                            safe(s),
                            w = width.saturating_sub(5)
                        ),
                        sel,
                    )
                }
            };
            lines.push(line);
        }
        frame.render_widget(Paragraph::new(lines), inner);
        if let Some((x, y)) = cursor_pos {
            frame.set_cursor_position((x.min(inner.right().saturating_sub(1)), y));
        }
    }
}

fn reader_name(r: &ReaderSummary) -> String {
    safe(if r.name.is_empty() { &r.code } else { &r.name })
}

fn heading_text(h: Heading, lang: Lang) -> &'static str {
    match h {
        Heading::When => T::HeadingTime,
        Heading::Person => T::HeadingPerson,
        Heading::Readers => T::HeadingReaders,
        Heading::Events => T::HeadingEvents,
        Heading::Systems => T::HeadingSystems,
    }
    .text(lang)
}

fn field_label(f: Field, lang: Lang) -> &'static str {
    match f {
        Field::From => T::LabelFrom,
        Field::To => T::LabelTo,
        Field::Person | Field::ReaderSearch => T::LabelFind,
    }
    .text(lang)
}

fn field_placeholder(f: Field, lang: Lang) -> &'static str {
    // Parenthesised so that, without colour, a hint never reads as a value.
    match f {
        Field::From => T::HintFrom,
        Field::To => T::HintTo,
        Field::Person => T::HintPerson,
        Field::ReaderSearch => T::HintReaderSearch,
    }
    .text(lang)
}

fn checkbox(on: bool) -> &'static str {
    if on { "[x] " } else { "[ ] " }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::theme::Theme;

    fn now() -> NaiveDateTime {
        NaiveDateTime::parse_from_str("2026-11-02 09:00:00", "%Y-%m-%d %H:%M:%S").unwrap()
    }

    fn reader(id: i64, name: &str) -> ReaderSummary {
        ReaderSummary {
            id,
            system: "salto".into(),
            code: String::new(),
            name: name.into(),
            site: String::new(),
            passages: 1,
            first: None,
            last: None,
        }
    }

    fn pane() -> FilterPane {
        let mut p = FilterPane::default();
        p.set_readers(vec![
            reader(1, "Huvudentré"),
            reader(2, "Läkemedelsrum Avd 42"),
            reader(3, "Läkemedelsrum Avd 43"),
        ]);
        p
    }

    fn ctx(theme: &Theme) -> Ctx<'_> {
        Ctx {
            lang: Lang::Sv,
            now: now(),
            theme,
            full: true,
        }
    }

    fn typed(p: &mut FilterPane, text: &str, ctx: &Ctx) {
        for c in text.chars() {
            p.on(Action::Type(c), ctx);
        }
    }

    #[test]
    fn an_end_written_as_a_time_alone_follows_the_start() {
        let theme = Theme::mono();
        let ctx = ctx(&theme);
        let mut p = pane();
        p.go_to(Row::Input(Field::From));
        typed(&mut p, "2026-10-14 22.00", &ctx);
        p.on(Action::NextField, &ctx);
        assert_eq!(p.current(), Row::Input(Field::To));
        typed(&mut p, "06.00", &ctx);
        let built = p.build(now());
        assert!(built.error.is_none(), "{:?}", built.error);
        let f = &built.query.filter;
        assert_eq!(f.from.unwrap().to_string(), "2026-10-14 22:00:00");
        assert_eq!(f.to.unwrap().to_string(), "2026-10-15 06:00:00");
    }

    #[test]
    fn typed_reader_text_goes_to_the_core_whether_or_not_the_list_has_loaded() {
        let p = FilterPane {
            reader_search: Input::new("läkemedelsrum avd 42".into()),
            ..Default::default()
        };
        let before = p.build(now()).query;
        assert_eq!(before.filter.readers, ["läkemedelsrum avd 42"]);
        assert_eq!(before.reader_ids, None);
        // The list arriving later changes nothing about the question asked.
        let mut loaded = pane();
        loaded.reader_search = Input::new("läkemedelsrum avd 42".into());
        let after = loaded.build(now()).query;
        assert_eq!(after.filter.readers, before.filter.readers);
        assert_eq!(after.reader_ids, None);
        // A tick is the user's own choice of doors, and replaces the text.
        loaded.chosen_readers.insert(loaded.readers[0].id);
        let ticked = loaded.build(now()).query;
        assert!(ticked.filter.readers.is_empty());
        assert_eq!(ticked.reader_ids, Some(vec![loaded.readers[0].id]));
    }

    #[test]
    fn a_time_that_does_not_read_names_its_field() {
        let mut p = pane();
        p.from = Input::new("14 okt 22".into());
        p.to = Input::new("igår 25".into());
        let built = p.build(now());
        let (f, e) = built.error.unwrap();
        assert_eq!(f, Field::To);
        assert!(e.text(Lang::Sv).contains("är ingen tid"));
        p.from = Input::new("2026-10-0".into());
        assert_eq!(p.build(now()).error.unwrap().0, Field::From);
    }

    #[test]
    fn tab_walks_the_fields_and_comes_round() {
        let theme = Theme::mono();
        let ctx = ctx(&theme);
        let mut p = pane();
        p.go_to(Row::Input(Field::From));
        let mut seen = vec![p.current()];
        for _ in 0..7 {
            p.on(Action::NextField, &ctx);
            seen.push(p.current());
        }
        assert_eq!(
            seen,
            [
                Row::Input(Field::From),
                Row::Input(Field::To),
                Row::Presets,
                Row::Input(Field::Person),
                Row::Input(Field::ReaderSearch),
                Row::Reader(0),
                Row::Kind(EventKind::ALL[0]),
                Row::Input(Field::From),
            ]
        );
        p.on(Action::PrevField, &ctx);
        assert_eq!(p.current(), Row::Kind(EventKind::ALL[0]));
    }

    #[test]
    fn ticking_a_reader_leaves_the_cursor_where_it_was() {
        let theme = Theme::mono();
        let ctx = ctx(&theme);
        let mut p = pane();
        p.go_to(Row::Reader(2));
        assert_eq!(p.on(Action::Toggle, &ctx), Reply::Changed);
        assert_eq!(p.current(), Row::Reader(2));
        p.on(Action::Up, &ctx);
        p.on(Action::Toggle, &ctx);
        assert_eq!(p.current(), Row::Reader(1));
        assert_eq!(p.chosen_readers.len(), 2);
    }

    #[test]
    fn q_and_escape_leave_the_pane_and_never_type() {
        let theme = Theme::mono();
        let ctx = ctx(&theme);
        let mut p = pane();
        p.go_to(Row::Reader(0));
        assert_eq!(p.on(Action::Back, &ctx), Reply::Leave);
        p.go_to(Row::Input(Field::Person));
        assert_eq!(p.on(Action::Type('q'), &ctx), Reply::Changed);
        assert_eq!(p.person.value(), "q");
    }
}
