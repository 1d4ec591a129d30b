//! `loggvakt demo`: the sample data in a fresh temporary database.

use super::Ctx;
use anyhow::Result;

pub fn run(_ctx: &Ctx) -> Result<()> {
    anyhow::bail!("the demo needs the sample data, which this build does not carry yet")
}
