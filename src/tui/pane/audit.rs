//! The audit trail pane: the tool's own entries, newest first.

use crate::audit::Entry;
use crate::text::fold;

#[derive(Debug, Clone, Default)]
pub struct AuditPane {
    pub entries: Vec<Entry>,
    pub loaded: bool,
    pub selected: usize,
    pub offset: usize,
}

/// Entries loaded into the pane; older ones are for `loggvakt audit list`.
pub const AUDIT_LIMIT: usize = 1000;

impl AuditPane {
    pub fn set(&mut self, entries: Vec<Entry>) {
        // Keep the cursor on the same entry when new ones arrive on top.
        let keep = self.entries.get(self.selected).map(|e| e.seq);
        self.entries = entries;
        self.loaded = true;
        self.selected = keep
            .and_then(|seq| self.entries.iter().position(|e| e.seq == seq))
            .unwrap_or(0);
    }

    pub fn move_by(&mut self, delta: isize, viewport: usize) {
        if self.entries.is_empty() {
            return;
        }
        let max = self.entries.len() as isize - 1;
        self.selected = (self.selected as isize + delta).clamp(0, max) as usize;
        self.keep_visible(viewport);
    }

    pub fn keep_visible(&mut self, viewport: usize) {
        let viewport = viewport.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + viewport {
            self.offset = self.selected + 1 - viewport;
        }
    }

    pub fn matches(e: &Entry, folded: &str) -> bool {
        !folded.is_empty()
            && [&e.at, &e.os_user, &e.action, &e.subject, &e.details]
                .iter()
                .any(|f| fold(f).contains(folded))
    }

    /// Moves to the next (or previous) matching entry; false when none.
    pub fn find(&mut self, folded: &str, forward: bool, viewport: usize) -> bool {
        let n = self.entries.len();
        for step in 1..=n {
            let i = if forward {
                (self.selected + step) % n
            } else {
                (self.selected + n * 2 - step) % n
            };
            if Self::matches(&self.entries[i], folded) {
                self.selected = i;
                self.keep_visible(viewport);
                return true;
            }
        }
        false
    }
}
