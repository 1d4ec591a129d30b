//! The PMO review pane: a period's rows ranked by anomaly score with their
//! reasons, one key per verdict applied at once to the row under the cursor
//! (or the marked rows) and on to the next row without one, escalation, and a
//! sign-off that shows the summary first. A signed-off period is read-only.

use super::{Ctx, EventState, Out};
use crate::domain::pmo::{Masked, Verdict};
use crate::i18n::tui::TuiText as T;
use crate::i18n::{Lang, Msg, fill};
use crate::rules::ranking::Ranked;
use crate::store::pmo::{Escalation, Period};
use crate::tui::action::Action;
use crate::tui::overlay::form::{Form, SignoffSummary};
use crate::tui::overlay::{Confirm, Overlay, Prompt, PromptKind, RecordView, Then};
use crate::tui::widget::columns::Width;
use crate::tui::widget::scroll::Scroll;
use crate::tui::widget::table::{self, TableRow};
use crate::tui::widget::{fmt_time, pane_block, safe, thousands};
use crate::tui::words;
use crate::tui::worker::Request as Ask;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Text};
use ratatui::widgets::{Paragraph, Wrap};
use std::collections::{BTreeSet, VecDeque};

/// A write sent to the worker, so its answer can be told in the user's words
/// and undone on screen if the store refused it.
#[derive(Debug, Clone)]
pub enum Write {
    Verdicts {
        period: String,
        ids: Vec<i64>,
        verdict: Verdict,
        bulk: bool,
    },
    Comment {
        period: String,
        id: i64,
    },
    SignOff {
        period: String,
    },
}

#[derive(Debug, Clone, Default)]
pub struct PmoPane {
    /// Oldest first, as `review periods` lists them.
    pub periods: Vec<Period>,
    pub loaded: bool,
    /// Index into `periods`; the newest when they arrive.
    pub period: usize,
    /// The chosen period's rows, highest score first.
    pub rows: Vec<Ranked>,
    /// Which period `rows` belong to.
    pub rows_of: Option<i64>,
    pub scroll: Scroll,
    /// The row whose whole personnummer the detail pane shows (an audited reveal).
    pub revealed: Option<i64>,
    /// Rows marked for one verdict, by id.
    pub marked: BTreeSet<i64>,
    /// Where a range mark (`V`) began, as an index into `rows`.
    pub anchor: Option<usize>,
    /// The chosen period's escalations.
    pub escalations: Vec<Escalation>,
    pub escalations_of: Option<i64>,
    /// Writes sent and not yet answered, oldest first.
    pub writes: VecDeque<Write>,
}

impl PmoPane {
    /// New periods; the choice stays on the same period when it is still there.
    pub fn set_periods(&mut self, periods: Vec<Period>, out: &mut Out) {
        let keep = self.period_id();
        self.periods = periods;
        self.loaded = true;
        self.period = keep
            .and_then(|id| self.periods.iter().position(|p| p.id == id))
            .unwrap_or(self.periods.len().saturating_sub(1));
        if self.period_id().is_some() && self.rows_of != self.period_id() {
            self.ask_rows(out);
        }
    }

    pub fn current(&self) -> Option<&Period> {
        self.periods.get(self.period)
    }

    pub fn period_id(&self) -> Option<i64> {
        self.current().map(|p| p.id)
    }

    pub fn signed(&self) -> bool {
        self.current().is_some_and(|p| p.signed_off_at.is_some())
    }

    /// The rows of the chosen period; the worker audits a period when first shown.
    fn ask_rows(&self, out: &mut Out) {
        if let Some(period_id) = self.period_id() {
            out.request(Ask::PmoRows { period_id });
            out.request(Ask::PmoEscalations { period_id });
        }
    }

    /// Steps to the previous or next period; true when it changed.
    fn step_period(&mut self, delta: isize, out: &mut Out) {
        if self.periods.is_empty() {
            return;
        }
        let before = self.period;
        let max = self.periods.len() as isize - 1;
        self.period = (self.period as isize + delta).clamp(0, max) as usize;
        if before != self.period {
            self.rows.clear();
            self.rows_of = None;
            self.marked.clear();
            self.anchor = None;
            self.escalations.clear();
            self.escalations_of = None;
            self.scroll.select(0, 0);
            self.ask_rows(out);
        }
    }

    /// Rows for a period; dropped when the choice has moved on. The cursor stays on
    /// the same row when it is still there.
    pub fn set_rows(&mut self, period_id: i64, rows: Vec<Ranked>) {
        if Some(period_id) != self.period_id() {
            return;
        }
        let keep = self.selected_row().map(|r| r.access.id);
        self.rows = rows;
        self.rows_of = Some(period_id);
        let at = keep
            .and_then(|id| self.rows.iter().position(|r| r.access.id == id))
            .unwrap_or(0);
        self.scroll.select(at, self.rows.len());
        self.marked
            .retain(|id| self.rows.iter().any(|r| r.access.id == *id));
    }

    pub fn set_escalations(&mut self, period_id: i64, list: Vec<Escalation>) {
        if Some(period_id) == self.period_id() {
            self.escalations = list;
            self.escalations_of = Some(period_id);
        }
    }

    pub fn selected_row(&self) -> Option<&Ranked> {
        self.rows.get(self.scroll.selected)
    }

    /// Rows no rule flagged, not drawn for the sample, and without a verdict.
    pub fn unflagged_open(&self) -> Vec<i64> {
        self.rows
            .iter()
            .filter(|r| r.flags.hits.is_empty() && r.access.verdict.is_none())
            .map(|r| r.access.id)
            .collect()
    }

    pub fn open_rows(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| r.access.verdict.is_none())
            .count()
    }

    /// Rows a verdict applies to: the marked ones and the range being marked,
    /// else the row under the cursor.
    fn targets(&self) -> Vec<i64> {
        let mut ids = self.marked.clone();
        if let Some(a) = self.anchor {
            let (lo, hi) = (a.min(self.scroll.selected), a.max(self.scroll.selected));
            ids.extend(
                self.rows[lo..=hi.min(self.rows.len().saturating_sub(1))]
                    .iter()
                    .map(|r| r.access.id),
            );
        }
        if ids.is_empty() {
            self.selected_row()
                .map(|r| r.access.id)
                .into_iter()
                .collect()
        } else {
            // In the order shown, so the audit lists them as the reviewer saw them.
            self.rows
                .iter()
                .map(|r| r.access.id)
                .filter(|id| ids.contains(id))
                .collect()
        }
    }

    /// Whether a row is marked, counting the range being marked.
    pub fn is_marked(&self, i: usize) -> bool {
        if let Some(a) = self.anchor {
            let (lo, hi) = (a.min(self.scroll.selected), a.max(self.scroll.selected));
            if (lo..=hi).contains(&i) {
                return true;
            }
        }
        self.rows
            .get(i)
            .is_some_and(|r| self.marked.contains(&r.access.id))
    }

    fn marked_count(&self) -> usize {
        (0..self.rows.len()).filter(|&i| self.is_marked(i)).count()
    }

    /// The next row without a verdict after `from` (or before it), round the end.
    fn open_after(&self, from: usize, forward: bool) -> Option<usize> {
        let n = self.rows.len();
        (1..=n)
            .map(|k| {
                if forward {
                    (from + k) % n
                } else {
                    (from + n * 2 - k) % n
                }
            })
            .find(|&i| self.rows[i].access.verdict.is_none())
    }

    fn go_open(&mut self, forward: bool, lang: Lang, out: &mut Out) {
        let n = self.rows.len();
        match self.open_after(self.scroll.selected, forward) {
            Some(i) => self.scroll.select(i, n),
            None => out.info(T::PmoAllReviewed.text(lang)),
        }
    }

    /// Whether an action applies now; the hints leave out what does not.
    pub fn offers(&self, action: Action) -> bool {
        let writable = !self.signed() && !self.rows.is_empty();
        match action {
            Action::Verdict(_)
            | Action::Comment
            | Action::BulkOk
            | Action::SignOff
            | Action::Escalate
            | Action::Mark
            | Action::MarkRange
            | Action::NextOpen
            | Action::PrevOpen => writable,
            Action::Back => self.anchor.is_some() || !self.marked.is_empty(),
            Action::Export | Action::Reveal | Action::Enter => !self.rows.is_empty(),
            _ => true,
        }
    }

    fn refuse_signed(&self, lang: Lang, out: &mut Out) -> bool {
        match self.current() {
            Some(p) if p.signed_off_at.is_some() => {
                out.error(fill(
                    T::PmoReadOnly.text(lang),
                    &[
                        &p.label,
                        &words::day(p.signed_off_at.as_deref().unwrap_or("")),
                        &p.signed_off_by.as_deref().unwrap_or("?"),
                    ],
                ));
                true
            }
            _ => false,
        }
    }

    /// Sets a verdict on rows at once, on screen and through the worker.
    fn set_verdict(&mut self, ids: Vec<i64>, verdict: Verdict, bulk: bool, out: &mut Out) {
        let Some(p) = self.current() else { return };
        let period = p.label.clone();
        for r in &mut self.rows {
            if ids.contains(&r.access.id) {
                r.access.verdict = Some(verdict);
            }
        }
        out.request(Ask::PmoMark {
            ids: ids.clone(),
            verdict,
            comment: None,
            bulk,
        });
        self.writes.push_back(Write::Verdicts {
            period,
            ids,
            verdict,
            bulk,
        });
    }

    /// The answer to `y` on the bulk question.
    pub fn confirmed_bulk(&mut self, ids: Vec<i64>, out: &mut Out) {
        self.set_verdict(ids, Verdict::Ok, true, out);
    }

    /// Enter in the comment prompt. A comment on a row without a verdict opens an inquiry.
    pub fn comment(&mut self, id: i64, text: String, out: &mut Out) {
        let Some(p) = self.current() else { return };
        let period = p.label.clone();
        let Some(row) = self.rows.iter_mut().find(|r| r.access.id == id) else {
            return;
        };
        row.access.comment = text.clone();
        if row.access.verdict.is_some() {
            out.request(Ask::PmoComment { id, text });
            self.writes.push_back(Write::Comment { period, id });
        } else {
            row.access.verdict = Some(Verdict::Investigate);
            out.request(Ask::PmoMark {
                ids: vec![id],
                verdict: Verdict::Investigate,
                comment: Some(text),
                bulk: false,
            });
            self.writes.push_back(Write::Verdicts {
                period,
                ids: vec![id],
                verdict: Verdict::Investigate,
                bulk: false,
            });
        }
    }

    /// The escalation form was saved: shown (and counted in a sign-off summary)
    /// at once; the store's list replaces it when it comes.
    pub fn escalating(
        &mut self,
        access_id: i64,
        target: crate::domain::pmo::EscalationTarget,
        reference: &str,
        at: String,
    ) {
        self.escalations.push(Escalation {
            id: 0,
            access_id,
            target: target.as_str().to_owned(),
            reference: reference.to_owned(),
            note: String::new(),
            by: String::new(),
            at,
        });
    }

    /// The sign-off form was saved: the period is read-only from now on, on
    /// screen at once; the store's answer follows.
    pub fn signing_off(&mut self, at: String, by: String) {
        if let Some(p) = self.periods.get_mut(self.period) {
            self.writes.push_back(Write::SignOff {
                period: p.label.clone(),
            });
            p.signed_off_at = Some(at);
            p.signed_off_by = Some(by);
        }
    }

    /// The worker's answer to the oldest write: said in the user's words, and on
    /// refusal the period is read again so the screen shows what is stored.
    pub fn done(&mut self, result: Result<String, String>, lang: Lang, out: &mut Out) {
        let write = self.writes.pop_front();
        match (result, write) {
            (
                Ok(_),
                Some(Write::Verdicts {
                    period,
                    ids,
                    verdict,
                    bulk,
                }),
            ) => {
                let v = words::verdict(verdict, lang);
                out.info(if bulk {
                    fill(
                        T::PmoBulkDone.text(lang),
                        &[&period, &thousands(ids.len() as u64)],
                    )
                } else if ids.len() == 1 {
                    fill(T::PmoMarkedOne.text(lang), &[&period, &ids[0], &v])
                } else {
                    fill(
                        T::PmoMarkedMany.text(lang),
                        &[&period, &thousands(ids.len() as u64), &v],
                    )
                });
            }
            (Ok(_), Some(Write::Comment { period, id })) => {
                out.info(fill(T::PmoCommented.text(lang), &[&period, &id]));
            }
            (Ok(_), Some(Write::SignOff { period })) => {
                out.info(fill(T::PmoSignedOff.text(lang), &[&period]));
            }
            (Ok(note), None) => out.info(note),
            (Err(e), _) => {
                out.error(fill(T::PmoNotSaved.text(lang), &[&e]));
                self.ask_rows(out);
            }
        }
        out.request(Ask::PmoPeriods);
    }

    pub fn escalated(&mut self, result: Result<(), String>, lang: Lang, out: &mut Out) {
        match result {
            Ok(()) => out.info(T::PmoEscalated.text(lang)),
            Err(e) => out.error(fill(T::PmoNotSaved.text(lang), &[&e])),
        }
        if let Some(period_id) = self.period_id() {
            out.request(Ask::PmoEscalations { period_id });
        }
    }

    /// Counts per verdict and the escalations, for the sign-off form.
    pub fn summary(&self) -> SignoffSummary {
        let count = |v| {
            self.rows
                .iter()
                .filter(|r| r.access.verdict == Some(v))
                .count()
        };
        SignoffSummary {
            rows: self.rows.len(),
            ok: count(Verdict::Ok),
            deviation: count(Verdict::Deviation),
            investigate: count(Verdict::Investigate),
            open: self.open_rows(),
            escalations: self
                .escalations
                .iter()
                .map(|e| (e.access_id, e.target.clone(), e.reference.clone()))
                .collect(),
        }
    }

    fn row_label(r: &Ranked) -> String {
        let rec = &r.access.record;
        format!(
            "#{} · {} · {} → {}",
            r.access.id,
            fmt_time(rec.time),
            safe(&rec.user),
            safe(&rec.student)
        )
    }

    fn record(&self, lang: Lang) -> Option<RecordView> {
        let r = self.selected_row()?;
        let rec = &r.access.record;
        let student_id = if self.revealed == Some(r.access.id) {
            safe(&rec.student_id)
        } else {
            Masked(&rec.student_id).to_string()
        };
        let mut fields = vec![
            ("#".to_owned(), r.access.id.to_string()),
            (T::Score.text(lang).to_owned(), format!("{:.2}", r.score())),
            (Msg::Time.text(lang).to_owned(), fmt_time(rec.time)),
            (Msg::User.text(lang).to_owned(), safe(&rec.user)),
            (T::Role.text(lang).to_owned(), safe(&rec.role)),
            (Msg::Unit.text(lang).to_owned(), safe(&rec.user_unit)),
            (T::Student.text(lang).to_owned(), safe(&rec.student)),
            (T::PersonalId.text(lang).to_owned(), student_id),
            (T::Class.text(lang).to_owned(), safe(&rec.class)),
            (T::RecordType.text(lang).to_owned(), safe(&rec.record_type)),
            (T::Document.text(lang).to_owned(), safe(&rec.document)),
            (T::PmoAction.text(lang).to_owned(), safe(rec.action.label())),
        ];
        for reason in r.flags.reasons(lang) {
            fields.push((T::Flags.text(lang).to_owned(), safe(&reason)));
        }
        fields.push((
            T::Verdict.text(lang).to_owned(),
            r.access
                .verdict
                .map(|v| words::verdict(v, lang))
                .unwrap_or_else(|| "–".into()),
        ));
        if !r.access.comment.is_empty() {
            fields.push((T::Comment.text(lang).to_owned(), safe(&r.access.comment)));
        }
        for e in self
            .escalations
            .iter()
            .filter(|e| e.access_id == r.access.id)
        {
            fields.push((
                T::Escalation.text(lang).to_owned(),
                format!(
                    "{} {}",
                    words::pmo_target(&e.target, lang),
                    safe(&e.reference)
                ),
            ));
        }
        Some(RecordView::new(T::ScopeRecord.text(lang), fields))
    }

    pub fn on(&mut self, action: Action, ctx: &Ctx, out: &mut Out) -> EventState {
        let lang = ctx.lang;
        let n = self.rows.len();
        if self.scroll.navigate(action, n).is_some() {
            return EventState::Consumed;
        }
        match action {
            Action::Left | Action::Right => {
                self.step_period(if action == Action::Left { -1 } else { 1 }, out)
            }
            Action::Enter => {
                if let Some(r) = self.record(lang) {
                    out.open = Some(Overlay::Record(r));
                }
            }
            Action::Reveal => {
                // Shown once the worker has recorded the reveal (Response::Revealed).
                if let (Some(row), Some(period_id)) = (self.selected_row(), self.period_id()) {
                    out.request(Ask::PmoReveal {
                        period_id,
                        id: row.access.id,
                    });
                }
            }
            Action::Export => {
                if let Some(p) = self.current() {
                    out.open = Some(Overlay::Prompt(Prompt::with(
                        PromptKind::ExportPeriod(p.id),
                        &format!("granskning-{}.pdf", p.label),
                    )));
                }
            }
            Action::Back if self.offers(Action::Back) => {
                self.marked.clear();
                self.anchor = None;
            }
            Action::Back => return EventState::NotConsumed,
            _ if self.rows.is_empty() => return EventState::NotConsumed,
            a if writes(a) && self.refuse_signed(lang, out) => {}
            Action::Verdict(v) => {
                let ids = self.targets();
                let last = ids
                    .iter()
                    .filter_map(|id| self.rows.iter().position(|r| r.access.id == *id))
                    .max()
                    .unwrap_or(self.scroll.selected);
                self.marked.clear();
                self.anchor = None;
                self.set_verdict(ids, v, false, out);
                match self.open_after(last, true) {
                    Some(i) => self.scroll.select(i, n),
                    None => out.info(T::PmoAllReviewed.text(lang)),
                }
                // Told when the worker answers; until then the row shows the verdict.
                return EventState::Consumed;
            }
            Action::NextOpen => self.go_open(true, lang, out),
            Action::PrevOpen => self.go_open(false, lang, out),
            Action::Mark => {
                if let Some(id) = self.selected_row().map(|r| r.access.id)
                    && !self.marked.remove(&id)
                {
                    self.marked.insert(id);
                }
                self.scroll.move_by(1, n);
            }
            Action::MarkRange => match self.anchor.take() {
                None => self.anchor = Some(self.scroll.selected),
                Some(a) => {
                    let (lo, hi) = (a.min(self.scroll.selected), a.max(self.scroll.selected));
                    for r in &self.rows[lo..=hi.min(n - 1)] {
                        self.marked.insert(r.access.id);
                    }
                }
            },
            Action::Comment => {
                if let Some(row) = self.selected_row() {
                    out.open = Some(Overlay::Prompt(Prompt::with(
                        PromptKind::PmoComment(row.access.id),
                        &row.access.comment,
                    )));
                }
            }
            Action::BulkOk => {
                let ids = self.unflagged_open();
                if ids.is_empty() {
                    out.info(T::PmoNoUnflagged.text(lang));
                } else {
                    let period = self.current().map(|p| p.label.clone()).unwrap_or_default();
                    out.open = Some(Overlay::Confirm(Confirm::new(
                        fill(
                            T::PmoBulkQuestion.text(lang),
                            &[&thousands(ids.len() as u64), &period],
                        ),
                        Then::BulkOk(ids),
                    )));
                }
            }
            Action::Escalate => {
                if let Some(row) = self.selected_row() {
                    out.open = Some(Overlay::Form(Box::new(Form::escalate(
                        row.access.id,
                        Self::row_label(row),
                    ))));
                }
            }
            Action::SignOff => {
                let open = self.open_rows();
                if open > 0 {
                    out.error(fill(
                        T::PmoOpenRows.text(lang),
                        &[&crate::i18n::tui::count(
                            open as u64,
                            T::RowOne,
                            T::RowMany,
                            lang,
                        )],
                    ));
                } else if let Some(p) = self.current() {
                    out.open = Some(Overlay::Form(Box::new(Form::sign_off(
                        p.id,
                        format!("{} {}", safe(&p.unit), p.label),
                        self.summary(),
                    ))));
                }
            }
            _ => return EventState::NotConsumed,
        }
        EventState::Consumed
    }

    pub fn draw(&self, frame: &mut Frame, body: Rect, ctx: &Ctx, focused: bool) {
        let t = ctx.theme;
        let lang = ctx.lang;
        let Some(period) = self.current() else {
            super::draw_empty(frame, body, ctx, empty_text(ctx));
            return;
        };
        // The detail grows to hold the row's reasons and escalations, up to a third.
        let need = self.selected_row().map_or(4, |r| {
            let escalated = self
                .escalations
                .iter()
                .filter(|e| e.access_id == r.access.id)
                .count();
            // Frame, a wrapped first line, the verdict.
            r.flags.hits.len().max(1) + escalated + 6
        }) as u16;
        let detail_h = need.clamp(6, (body.height / 3).max(6));
        let [area, detail] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(detail_h)]).areas(body);
        // Read-only first, so it shows however narrow the window.
        let mut title = match &period.signed_off_at {
            Some(at) => format!(
                "{} · ",
                fill(
                    T::PmoSignedTitle.text(lang),
                    &[
                        &words::day(at),
                        &period.signed_off_by.as_deref().unwrap_or("?")
                    ]
                )
            ),
            None => String::new(),
        };
        title.push_str(&format!("{} {}", safe(&period.unit), period.label));
        if ctx.full {
            title.push_str(&format!(" ({} – {})", period.from, period.to));
        }
        title.push_str(&format!(
            " · {} · {} {} · {}/{}",
            crate::i18n::tui::count(self.rows.len() as u64, T::RowOne, T::RowMany, lang),
            thousands(self.open_rows() as u64),
            T::WithoutVerdict.text(lang),
            self.period + 1,
            self.periods.len()
        ));
        let marked = self.marked_count();
        if marked > 0 {
            title = format!("{title} · {marked} {}", T::Marked.text(lang));
        }
        let full = ctx.full;
        let fit = |min, max| Width::Fit { min, max };
        let mut cols = vec![
            (" ".to_owned(), Width::Fixed(1)),
            (T::Score.text(lang).to_owned(), Width::Fixed(5)),
            (
                Msg::Time.text(lang).to_owned(),
                Width::Fixed(if full { 16 } else { 11 }),
            ),
            (Msg::User.text(lang).to_owned(), fit(6, 24)),
        ];
        if full {
            cols.push((T::Role.text(lang).to_owned(), fit(4, 20)));
        }
        cols.push((T::Student.text(lang).to_owned(), fit(6, 24)));
        if full {
            cols.push((T::PersonalIdShort.text(lang).to_owned(), Width::Fixed(13)));
        }
        cols.push((T::PmoAction.text(lang).to_owned(), fit(5, 12)));
        if full {
            cols.push((T::Flags.text(lang).to_owned(), fit(6, 60)));
        }
        cols.push((T::Verdict.text(lang).to_owned(), fit(6, 11)));
        let block = pane_block(t, title, focused);
        let height = block.inner(area).height.saturating_sub(1) as usize;
        let loading = self.rows_of != Some(period.id);
        let top = self.scroll.frame(height, self.rows.len());
        let rows: Vec<TableRow> = self
            .rows
            .iter()
            .enumerate()
            .skip(top)
            .take(height)
            .map(|(i, r)| {
                let rec = &r.access.record;
                let time = if full {
                    rec.time.format("%Y-%m-%d %H:%M").to_string()
                } else {
                    rec.time.format("%m-%d %H:%M").to_string()
                };
                let mut cells = vec![
                    if self.is_marked(i) { "•" } else { " " }.to_owned(),
                    format!("{:.2}", r.score()),
                    time,
                    safe(&rec.user),
                ];
                if full {
                    cells.push(safe(&rec.role));
                }
                cells.push(safe(&rec.student));
                if full {
                    cells.push(Masked(&rec.student_id).to_string());
                }
                cells.push(safe(rec.action.label()));
                if full {
                    cells.push(
                        r.flags
                            .ids()
                            .iter()
                            .map(|id| words::rule_name(id, lang))
                            .collect::<Vec<_>>()
                            .join(", "),
                    );
                }
                cells.push(
                    r.access
                        .verdict
                        .map(|v| words::verdict(v, lang))
                        .unwrap_or_default(),
                );
                let row = TableRow::new(cells);
                if r.flags.flagged() {
                    row.style(t.flagged)
                } else {
                    row
                }
            })
            .collect();
        let selected =
            (!loading && !rows.is_empty()).then(|| self.scroll.selected.saturating_sub(top));
        table::draw(
            frame,
            area,
            block,
            table::View {
                columns: &cols,
                rows,
                selected,
                focused,
            },
            t,
        );
        self.draw_detail(frame, detail, ctx, loading);
    }

    fn draw_detail(&self, frame: &mut Frame, d: Rect, ctx: &Ctx, loading: bool) {
        let t = ctx.theme;
        let lang = ctx.lang;
        let block = pane_block(t, T::Row.text(lang).to_owned(), false);
        let inner = block.inner(d);
        frame.render_widget(block, d);
        let Some(r) = self.selected_row().filter(|_| !loading) else {
            frame.render_widget(Paragraph::new(T::Loading.text(lang)).style(t.muted), inner);
            return;
        };
        let rec = &r.access.record;
        let student_id = if self.revealed == Some(r.access.id) {
            safe(&rec.student_id)
        } else {
            Masked(&rec.student_id).to_string()
        };
        let mut lines = vec![Line::from(format!(
            "#{} · {} · {} ({}, {}) → {} {student_id} {} · {} / {} / {}",
            r.access.id,
            fmt_time(rec.time),
            safe(&rec.user),
            safe(&rec.role),
            safe(&rec.user_unit),
            safe(&rec.student),
            safe(&rec.class),
            safe(&rec.record_type),
            safe(&rec.document),
            safe(rec.action.label()),
        ))];
        if r.flags.hits.is_empty() {
            lines.push(Line::styled(T::NoRuleFired.text(lang), t.muted));
        }
        for reason in r.flags.reasons(lang) {
            lines.push(Line::styled(format!("• {}", safe(&reason)), t.flagged));
        }
        let verdict = match r.access.verdict {
            Some(v) => format!(
                "{}: {}{}",
                T::Verdict.text(lang),
                words::verdict(v, lang),
                if r.access.comment.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", safe(&r.access.comment))
                }
            ),
            None if self.signed() => T::NoVerdict.text(lang).to_owned(),
            None => T::NoVerdictYet.text(lang).to_owned(),
        };
        lines.push(Line::from(verdict));
        for e in self
            .escalations
            .iter()
            .filter(|e| e.access_id == r.access.id)
        {
            lines.push(Line::from(format!(
                "{}: {} {}",
                T::Escalation.text(lang),
                words::pmo_target(&e.target, lang),
                safe(&e.reference)
            )));
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
    }
}

/// Actions that change a period's review.
fn writes(a: Action) -> bool {
    matches!(
        a,
        Action::Verdict(_)
            | Action::Mark
            | Action::MarkRange
            | Action::Comment
            | Action::BulkOk
            | Action::Escalate
            | Action::SignOff
    )
}

fn empty_text(ctx: &Ctx) -> Text<'static> {
    let lang = ctx.lang;
    Text::from(vec![
        Line::from(T::EmptyPmoTitle.text(lang)).style(ctx.theme.title),
        Line::from(""),
        Line::from(T::EmptyPmoBody.text(lang)),
        Line::from(""),
        Line::from(T::EmptyPmoHow.text(lang)),
        Line::from(format!("  {}", T::ImportCommand.text(lang))).style(ctx.theme.title),
    ])
}
