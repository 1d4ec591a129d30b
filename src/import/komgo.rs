//! Rows of a Kom & Gå stamps export (`Anst.nr;Namn;Datum;Typ;Tid;Källa;Ändrad`)
//! into [`StampRecord`]s, beside the passage parser and sharing its row handling.

use super::profile::Field;
use super::source::RawRow;
use super::values::Cell;
use super::{Expect, ImportError, Outcome, RowContext};
use crate::domain::PersonName;
use crate::domain::stamp::{StampKind, StampRecord};

/// Turns rows of a Kom & Gå export into stamps.
pub struct StampParser<'a> {
    pub ctx: RowContext<'a>,
}

impl<'a> StampParser<'a> {
    pub fn new(ctx: RowContext<'a>) -> Self {
        StampParser { ctx }
    }

    pub fn parse(&self, raw: &RawRow) -> Result<Outcome<StampRecord>, ImportError> {
        let time = match self.ctx.data_time(raw)? {
            Ok(t) => t,
            Err(skip) => return Ok(Outcome::Skip(skip)),
        };
        let kind = StampKind::parse(&self.ctx.text(raw, Field::Stamp))
            .ok_or_else(|| self.ctx.bad_value(raw, Field::Stamp, Expect::Stamp))?;
        let edited = match self.ctx.cell(raw, Field::Edited) {
            Cell::Empty => None,
            Cell::Text(s) if s.trim().is_empty() => None,
            _ => Some(
                self.ctx
                    .other_datetime(raw, Field::Edited, Expect::Edited)?,
            ),
        };
        let employee_id = self.ctx.text(raw, Field::EmployeeId);
        let person = PersonName::parse(&self.ctx.text(raw, Field::Person));
        if employee_id.is_empty() && person.is_none() {
            return Err(self.ctx.bad_value(
                raw,
                if self.ctx.has(Field::EmployeeId) {
                    Field::EmployeeId
                } else {
                    Field::Person
                },
                Expect::EmployeeOrName,
            ));
        }
        Ok(Outcome::Record(StampRecord {
            employee_id,
            person,
            date: time.date(),
            time,
            kind,
            source: self.ctx.text(raw, Field::StampSource),
            edited,
            row: raw.row,
        }))
    }
}
