//! The PMO review pane: the review periods, and for the chosen one its rows ranked by
//! anomaly score with the reasons, a verdict and a comment each.

use crate::domain::pmo::Verdict;
use crate::rules::ranking::Ranked;
use crate::store::pmo::Period;

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
    pub selected: usize,
    pub offset: usize,
    /// The row whose whole personnummer the detail pane shows (an audited reveal).
    pub revealed: Option<i64>,
}

impl PmoPane {
    /// New periods; the choice stays on the same period when it is still there.
    pub fn set_periods(&mut self, periods: Vec<Period>) {
        let keep = self.period_id();
        self.periods = periods;
        self.loaded = true;
        self.period = keep
            .and_then(|id| self.periods.iter().position(|p| p.id == id))
            .unwrap_or(self.periods.len().saturating_sub(1));
    }

    pub fn current(&self) -> Option<&Period> {
        self.periods.get(self.period)
    }

    pub fn period_id(&self) -> Option<i64> {
        self.current().map(|p| p.id)
    }

    /// Steps to the previous or next period; true when it changed.
    pub fn step_period(&mut self, delta: isize) -> bool {
        if self.periods.is_empty() {
            return false;
        }
        let before = self.period;
        let max = self.periods.len() as isize - 1;
        self.period = (self.period as isize + delta).clamp(0, max) as usize;
        if before != self.period {
            self.rows.clear();
            self.rows_of = None;
            self.selected = 0;
            self.offset = 0;
            true
        } else {
            false
        }
    }

    /// Rows for a period; dropped when the choice has moved on. The cursor stays on the
    /// same row when it is still there.
    pub fn set_rows(&mut self, period_id: i64, rows: Vec<Ranked>, viewport: usize) {
        if Some(period_id) != self.period_id() {
            return;
        }
        let keep = self.selected_row().map(|r| r.access.id);
        self.rows = rows;
        self.rows_of = Some(period_id);
        self.selected = keep
            .and_then(|id| self.rows.iter().position(|r| r.access.id == id))
            .unwrap_or(0);
        self.keep_visible(viewport);
    }

    pub fn selected_row(&self) -> Option<&Ranked> {
        self.rows.get(self.selected)
    }

    pub fn move_by(&mut self, delta: isize, viewport: usize) {
        if self.rows.is_empty() {
            return;
        }
        let max = self.rows.len() as isize - 1;
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

    /// The verdict `v` sets next on the selected row: none → ok → deviation → investigate → ok.
    pub fn next_verdict(&self) -> Option<Verdict> {
        let row = self.selected_row()?;
        Some(match row.access.verdict {
            None | Some(Verdict::Investigate) => Verdict::Ok,
            Some(Verdict::Ok) => Verdict::Deviation,
            Some(Verdict::Deviation) => Verdict::Investigate,
        })
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
}
