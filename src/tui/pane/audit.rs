//! The audit trail pane: the tool's own entries, newest first, each action in
//! words and its particulars as readable lines rather than JSON.

use super::{Ctx, EventState, Out};
use crate::audit::Entry;
use crate::i18n::tui::TuiText as T;
use crate::i18n::{Lang, Msg};
use crate::text::fold;
use crate::tui::action::Action;
use crate::tui::overlay::{Overlay, Prompt, PromptKind, RecordView};
use crate::tui::widget::columns::Width;
use crate::tui::widget::scroll::Scroll;
use crate::tui::widget::table::{self, TableRow};
use crate::tui::widget::{pane_block, safe};
use crate::tui::words;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

#[derive(Debug, Clone, Default)]
pub struct AuditPane {
    pub entries: Vec<Entry>,
    pub loaded: bool,
    pub scroll: Scroll,
    /// The folded search text for `/`, `n`, `N`.
    pub search: String,
    /// The next list opens on the newest entry (the tab was just chosen).
    pub to_newest: bool,
    /// Showing only the entries that concerned one person (`w`), until Esc.
    pub who: Option<WhoView>,
}

/// The entries of `audit who`: whom they concern and how each did.
#[derive(Debug, Clone, Default)]
pub struct WhoView {
    /// Everyone the question matched (`Lindqvist, Åsa (100234)`).
    pub persons: Vec<String>,
    /// Per entry number: `named` (in the filter) and/or `results`.
    pub how: std::collections::BTreeMap<i64, Vec<String>>,
}

/// Entries loaded into the pane; older ones are for `loggvakt audit list`.
pub const AUDIT_LIMIT: usize = 1000;

fn who(e: &Entry) -> String {
    let mut who = safe(&e.os_user);
    if !e.sudo_user.is_empty() {
        who = format!("{who} (sudo: {})", safe(&e.sudo_user));
    }
    who
}

fn when(e: &Entry) -> String {
    e.at.get(..19).unwrap_or(&e.at).replace('T', " ")
}

/// How an entry concerned the person, in words.
fn how_text(how: &[String], lang: Lang) -> String {
    how.iter()
        .map(|h| match h.as_str() {
            "named" => T::HowNamed.text(lang),
            _ => T::HowInResults.text(lang),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl AuditPane {
    /// The whole trail, newest first; kept from the pane while it shows one person.
    pub fn set(&mut self, entries: Vec<Entry>) {
        if self.who.is_some() {
            return;
        }
        // Keep the cursor on the same entry when new ones arrive on top, unless
        // the tab was just opened: then what happened last comes first.
        let newest = std::mem::take(&mut self.to_newest);
        let keep = self.selected().map(|e| e.seq).filter(|_| !newest);
        self.entries = entries;
        self.loaded = true;
        let at = keep
            .and_then(|seq| self.entries.iter().position(|e| e.seq == seq))
            .unwrap_or(0);
        self.scroll.select(at, self.entries.len());
    }

    /// Shows the entries that concerned one person, newest first.
    pub fn show_who(&mut self, who: crate::ops::audit::Who) {
        let mut entries = Vec::with_capacity(who.entries.len());
        let mut how = std::collections::BTreeMap::new();
        for c in who.entries.into_iter().rev() {
            how.insert(c.entry.seq, c.how);
            entries.push(c.entry);
        }
        self.who = Some(WhoView {
            persons: who.persons,
            how,
        });
        self.entries = entries;
        self.loaded = true;
        self.scroll.select(0, self.entries.len());
    }

    /// Back to the whole trail; the caller asks for it again.
    pub fn whole_trail(&mut self) -> bool {
        self.who.take().is_some()
    }

    fn how_of(&self, e: &Entry) -> Option<&[String]> {
        self.who.as_ref()?.how.get(&e.seq).map(Vec::as_slice)
    }

    pub fn selected(&self) -> Option<&Entry> {
        self.entries.get(self.scroll.selected)
    }

    /// Whether an entry's text, as shown, contains the folded needle.
    pub fn matches(e: &Entry, folded: &str, lang: Lang) -> bool {
        !folded.is_empty()
            && [
                e.at.clone(),
                e.os_user.clone(),
                e.action.clone(),
                words::action_name(&e.action, lang),
                e.subject.clone(),
                words::details_line(&e.details, lang),
            ]
            .iter()
            .any(|f| fold(f).contains(folded))
    }

    /// Moves to the next (or previous) matching entry; false when none.
    pub fn find(&mut self, forward: bool, lang: Lang) -> bool {
        let n = self.entries.len();
        for step in 1..=n {
            let i = if forward {
                (self.scroll.selected + step) % n
            } else {
                (self.scroll.selected + n * 2 - step) % n
            };
            if Self::matches(&self.entries[i], &self.search, lang) {
                self.scroll.select(i, n);
                return true;
            }
        }
        false
    }

    pub fn record(&self, lang: Lang) -> Option<RecordView> {
        let e = self.selected()?;
        let m = |x: Msg| x.text(lang).to_owned();
        let mut fields = vec![
            (m(Msg::Seq), e.seq.to_string()),
            (m(Msg::Time), safe(&e.at.replacen('T', " ", 1))),
            (m(Msg::User), who(e)),
            (m(Msg::Action), words::action_name(&e.action, lang)),
        ];
        if !e.subject.is_empty() {
            fields.push((m(Msg::Subject), safe(&e.subject)));
        }
        if let Some(how) = self.how_of(e) {
            fields.push((T::DetHow.text(lang).to_owned(), how_text(how, lang)));
        }
        for (k, v) in words::details(&e.details, lang, true) {
            fields.push((k, safe(&v)));
        }
        fields.push(("SHA-256".into(), safe(&e.hash)));
        Some(RecordView::new(T::ScopeRecord.text(lang), fields))
    }

    pub fn on(&mut self, action: Action, ctx: &Ctx, out: &mut Out) -> EventState {
        let n = self.entries.len();
        if self.scroll.navigate(action, n).is_some() {
            return EventState::Consumed;
        }
        match action {
            Action::Enter => {
                if let Some(r) = self.record(ctx.lang) {
                    out.open = Some(Overlay::Record(r));
                }
            }
            Action::Search => out.open = Some(Overlay::Prompt(Prompt::new(PromptKind::Search))),
            Action::AuditWho => {
                out.open = Some(Overlay::Prompt(Prompt::new(PromptKind::AuditWho)));
            }
            Action::Back if self.who.is_some() => {
                self.whole_trail();
                self.to_newest = true;
                out.request(crate::tui::worker::Request::Audit { limit: AUDIT_LIMIT });
            }
            Action::SearchNext | Action::SearchPrev => {
                if self.search.is_empty() {
                    out.open = Some(Overlay::Prompt(Prompt::new(PromptKind::Search)));
                } else if !self.find(action == Action::SearchNext, ctx.lang) {
                    out.info(T::NoMatch.text(ctx.lang));
                }
            }
            _ => return EventState::NotConsumed,
        }
        EventState::Consumed
    }

    pub fn draw(&self, frame: &mut Frame, body: Rect, ctx: &Ctx, focused: bool) {
        let t = ctx.theme;
        let lang = ctx.lang;
        let detail_h = if body.height >= 30 { 8 } else { 6 };
        let [area, detail] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(detail_h)]).areas(body);
        let what = match &self.who {
            Some(w) => {
                crate::i18n::fill(T::AuditWhoTitle.text(lang), &[&safe(&w.persons.join(", "))])
            }
            None => T::AuditTitle.text(lang).to_owned(),
        };
        let title = format!(
            "{what} · {}",
            crate::i18n::tui::count(self.entries.len() as u64, T::EntryOne, T::EntryMany, lang)
        );
        let block = pane_block(t, title, focused);
        let height = block.inner(area).height.saturating_sub(1) as usize;
        let top = self.scroll.frame(height, self.entries.len());
        let fit = |min, max| Width::Fit { min, max };
        let cols = vec![
            (Msg::Seq.text(lang).to_owned(), fit(3, 6)),
            (Msg::Time.text(lang).to_owned(), Width::Fixed(19)),
            (Msg::User.text(lang).to_owned(), fit(4, 12)),
            (Msg::Action.text(lang).to_owned(), fit(6, 24)),
            (Msg::Details.text(lang).to_owned(), fit(10, 200)),
        ];
        let rows: Vec<TableRow> = self
            .entries
            .iter()
            .skip(top)
            .take(height)
            .map(|e| {
                let row = TableRow::new(vec![
                    e.seq.to_string(),
                    safe(&when(e)),
                    safe(&e.os_user),
                    words::action_name(&e.action, lang),
                    safe(&words::details_line(&e.details, lang)),
                ]);
                if Self::matches(e, &self.search, lang) {
                    row.style(t.matched)
                } else {
                    row
                }
            })
            .collect();
        let selected = (!rows.is_empty()).then(|| self.scroll.selected.saturating_sub(top));
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

        let block = pane_block(t, T::Detail.text(lang).to_owned(), false);
        let inner = block.inner(detail);
        frame.render_widget(block, detail);
        let Some(e) = self.selected() else {
            return;
        };
        let mut lines = vec![Line::from(vec![
            Span::styled(format!("#{}  ", e.seq), t.title),
            Span::raw(safe(&when(e))),
            Span::raw("  "),
            Span::styled(who(e), t.title),
            Span::raw("  "),
            Span::raw(words::action_name(&e.action, lang)),
            Span::raw(format!(" {}", safe(&e.subject))),
        ])];
        if let Some(how) = self.how_of(e) {
            lines.push(Line::from(vec![
                Span::styled(format!("{}: ", T::DetHow.text(lang)), t.muted),
                Span::raw(how_text(how, lang)),
            ]));
        }
        for (k, v) in words::details(&e.details, lang, false) {
            lines.push(Line::from(vec![
                Span::styled(format!("{k}: "), t.muted),
                Span::raw(safe(&v)),
            ]));
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
    }
}
