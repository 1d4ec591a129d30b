//! The panes: each owns its state, takes the actions routed to it (saying
//! whether it used them) and draws itself. Panes never call each other; what
//! they need from the app or the core they ask for through `Out`.

pub mod audit;
pub mod filter;
pub mod passage_table;
pub mod passages;
pub mod pmo;
pub mod requests;

use super::app::Effect;
use super::overlay::Overlay;
use super::theme::Theme;
use crate::i18n::Lang;
use chrono::NaiveDateTime;

/// Whether a pane used an action (gitui's `EventState`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventState {
    Consumed,
    NotConsumed,
}

/// How a message in the message line reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Notice,
    Info,
    Error,
}

/// What every pane may read while it handles an action or draws.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    pub lang: Lang,
    /// "Now" for `today` and `-24h`; the loop refreshes it, tests fix it.
    pub now: NaiveDateTime,
    pub theme: &'a Theme,
    /// Whether the body is wide enough for the full layout.
    pub full: bool,
}

/// What a pane asks the app to do after an action: work for the workers, an
/// overlay to open, something to say.
#[derive(Debug, Default)]
pub struct Out {
    pub fx: Vec<Effect>,
    pub open: Option<Overlay>,
    pub say: Option<(Tone, String)>,
}

impl Out {
    pub fn request(&mut self, r: super::worker::Request) {
        self.fx.push(Effect::Request(r));
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.say = Some((Tone::Info, text.into()));
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.say = Some((Tone::Error, text.into()));
    }
}

/// An empty tab: what it will hold and how to fill it.
pub fn draw_empty(
    frame: &mut ratatui::Frame,
    area: ratatui::layout::Rect,
    ctx: &Ctx,
    text: ratatui::text::Text<'static>,
) {
    use ratatui::widgets::{Paragraph, Wrap};
    let block = super::widget::pane_block(ctx.theme, String::new(), false);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let h = (text.lines.len() as u16).min(inner.height);
    let y = inner.y + inner.height.saturating_sub(h) / 3;
    let pad = ratatui::layout::Rect::new(
        inner.x + 2,
        y,
        inner.width.saturating_sub(4),
        inner.height.saturating_sub(y - inner.y),
    );
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), pad);
}
