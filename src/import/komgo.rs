//! Rows of a Kom & Gå stamps export (`Anst.nr;Namn;Datum;Typ;Tid;Källa;Ändrad`)
//! into [`StampRecord`]s, beside the passage parser and sharing its row handling.

use super::profile::Field;
use super::source::RawRow;
use super::values::{self, Cell};
use super::{ImportError, Outcome, RowContext, Skip};
use crate::domain::PersonName;
use crate::domain::stamp::{StampKind, StampRecord};

pub const EXPECT_STAMP: &str = "a stamp type IN, LUNCH UT, LUNCH IN or UT";
const EXPECT_EDITED: &str = "an edit time like 2026-10-12 08:14, or nothing";

/// Turns rows of a Kom & Gå export into stamps.
pub struct StampParser<'a> {
    pub ctx: RowContext<'a>,
}

impl<'a> StampParser<'a> {
    pub fn new(ctx: RowContext<'a>) -> Self {
        StampParser { ctx }
    }

    pub fn parse(&self, raw: &RawRow) -> Result<Outcome<StampRecord>, ImportError> {
        if let Some(skip) = self.ctx.layout_row(raw) {
            return Ok(Outcome::Skip(skip));
        }
        let time = match self.ctx.when(raw) {
            Ok(t) => t,
            Err(_) if self.ctx.is_repeated_header(raw) => {
                return Ok(Outcome::Skip(Skip::RepeatedHeader));
            }
            Err(_) if self.ctx.is_footer(raw) => return Ok(Outcome::Skip(Skip::Footer)),
            Err(e) => return Err(e),
        };
        let kind = StampKind::parse(&self.ctx.text(raw, Field::Stamp))
            .ok_or_else(|| self.ctx.bad_value(raw, Field::Stamp, EXPECT_STAMP))?;
        let edited = match self.ctx.cell(raw, Field::Edited) {
            Cell::Empty => None,
            Cell::Text(s) if s.trim().is_empty() => None,
            cell => Some(
                values::parse_datetime(cell)
                    .ok_or_else(|| self.ctx.bad_value(raw, Field::Edited, EXPECT_EDITED))?,
            ),
        };
        let employee_id = self.ctx.text(raw, Field::EmployeeId);
        let person = PersonName::parse(&self.ctx.text(raw, Field::Person));
        if employee_id.is_empty() && person.is_none() {
            return Err(self.ctx.bad_value(
                raw,
                if self.ctx.header.has(Field::EmployeeId) {
                    Field::EmployeeId
                } else {
                    Field::Person
                },
                "an employee number or a name",
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
