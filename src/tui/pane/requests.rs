//! The requests pane: requests newest first, and for the one under the cursor
//! the passages inside its scope with their deviations.

use crate::domain::request::{Request, RequestId};
use crate::rules::request::Extract;

#[derive(Debug, Clone, Default)]
pub struct RequestsPane {
    pub list: Vec<Request>,
    pub loaded: bool,
    pub selected: usize,
    pub offset: usize,
    /// The extract of the selected request, once the worker has built it.
    pub events: Option<Extract>,
    /// First event row shown.
    pub events_offset: usize,
    /// The request to select when the list next arrives (one just saved).
    pub want: Option<RequestId>,
}

impl RequestsPane {
    /// New contents; the cursor stays on the same request when it is still there.
    pub fn set(&mut self, list: Vec<Request>) {
        let keep = self.want.take().or(self.selected_ref());
        self.list = list;
        self.loaded = true;
        self.selected = keep
            .and_then(|r| self.list.iter().position(|x| x.reference == r))
            .unwrap_or(0);
        if self.events.as_ref().map(|x| x.request.reference) != self.selected_ref() {
            self.events = None;
        }
    }

    pub fn selected_ref(&self) -> Option<RequestId> {
        self.list.get(self.selected).map(|r| r.reference)
    }

    /// Moves the cursor; true when it now rests on another request.
    pub fn move_by(&mut self, delta: isize, viewport: usize) -> bool {
        if self.list.is_empty() {
            return false;
        }
        let before = self.selected;
        let max = self.list.len() as isize - 1;
        self.selected = (self.selected as isize + delta).clamp(0, max) as usize;
        self.keep_visible(viewport);
        if before != self.selected {
            self.events = None;
            self.events_offset = 0;
            true
        } else {
            false
        }
    }

    pub fn keep_visible(&mut self, viewport: usize) {
        let viewport = viewport.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + viewport {
            self.offset = self.selected + 1 - viewport;
        }
    }

    /// Takes an extract unless the cursor has moved on since it was asked for.
    pub fn receive(&mut self, extract: Extract) {
        if Some(extract.request.reference) == self.selected_ref() {
            self.events = Some(extract);
            self.events_offset = 0;
        }
    }

    /// Scrolls the events list.
    pub fn scroll_events(&mut self, delta: isize, viewport: usize) {
        let n = self.events.as_ref().map_or(0, |x| x.rows.len());
        let max = n.saturating_sub(viewport.max(1)) as isize;
        self.events_offset = (self.events_offset as isize + delta).clamp(0, max.max(0)) as usize;
    }
}
