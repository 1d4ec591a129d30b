//! The monthly PMO log review: periods and ranked rows (audited before shown, a reveal
//! of personnummer named as such), verdicts, comments, escalations, sign-off, export.

use super::export::{self, Written};
use super::{OpError, Result, line, paragraphs, record, refused_plain};
use crate::audit::Actor;
use crate::domain::pmo::{EscalationTarget, Verdict};
use crate::i18n::Lang;
use crate::i18n::ops::Refusal;
use crate::report::Kind;
use crate::report::pmo::Record;
use crate::rules::pmo::Thresholds;
use crate::rules::ranking::{Ranked, evaluated, rank};
use crate::store::pmo::{self as db, Period, refuse_signed, sha256_hex};
use crate::store::{Store, audit};
use std::path::Path;

/// The review periods, oldest first; audited before shown.
pub fn periods(store: &Store, actor: &Actor) -> Result<Vec<Period>> {
    let tx = store.read()?;
    let all = db::periods(&tx)?;
    record(
        store,
        actor,
        "review_periods",
        "",
        &serde_json::json!({ "rows": all.len() }),
    )?;
    Ok(all)
}

/// Which period: a label (`YYYY-MM`), or the newest.
pub fn find_period(store: &Store, label: Option<&str>) -> Result<Period> {
    db::find_period(store.conn(), label).map_err(refused_plain)
}

/// A period's rows ranked, highest score first, optionally only the flagged;
/// audited (as a reveal when whole personnummer are to be shown) before shown.
pub fn rows(
    store: &Store,
    actor: &Actor,
    period: &Period,
    flagged_only: bool,
    reveal: bool,
    via: super::search::Via,
) -> Result<Vec<Ranked>> {
    let tx = store.read()?;
    let mut rows = evaluated(&tx, period, &Thresholds::default())?;
    rank(&mut rows);
    if flagged_only {
        rows.retain(|r| !r.flags.hits.is_empty());
    }
    record(
        store,
        actor,
        if reveal {
            "review_reveal"
        } else {
            "review_list"
        },
        &period.label,
        &serde_json::json!({
            "period": period.label,
            "unit": period.unit,
            "rows": rows.len(),
            "flagged_only": flagged_only,
            "revealed": reveal,
            "via": via.as_str(),
        }),
    )?;
    Ok(rows)
}

/// The ids of a period's rows that no rule flagged, not drawn for the random sample
/// and without a verdict: those `--all-unflagged` marks (the sample is looked at one
/// by one).
pub fn unflagged(store: &Store, period: &Period) -> Result<Vec<i64>> {
    let tx = store.read()?;
    let rows = evaluated(&tx, period, &Thresholds::default())?;
    Ok(rows
        .iter()
        .filter(|r| r.flags.hits.is_empty() && r.access.verdict.is_none())
        .map(|r| r.access.id)
        .collect())
}

fn open_period_of(store: &Store, id: i64) -> Result<Period> {
    let Some(pid) = db::period_of(store.conn(), id)? else {
        return Err(refused_plain(crate::store::StoreError::Invalid(format!(
            "no PMO row with id {id}; see `loggvakt review list`"
        ))));
    };
    let period = db::period_by_id(store.conn(), pid)?;
    refuse_signed(&period).map_err(refused_plain)?;
    Ok(period)
}

/// Sets verdicts (and a comment) on rows of open periods. The comment's text stays
/// out of the append-only trail (it may name people, and a purge must leave no trace
/// of it); its hash shows what was written. Returns the period's label.
pub fn mark(
    store: &mut Store,
    actor: &Actor,
    ids: &[i64],
    verdict: Verdict,
    comment: Option<&str>,
    bulk: bool,
) -> Result<String> {
    if let Some(c) = comment {
        paragraphs("--comment", c)?;
    }
    let mut label = String::new();
    for &id in ids {
        label = open_period_of(store, id)?.label;
    }
    let comment = comment.map(crate::text::clean);
    store
        .write_with(|tx| {
            db::mark(tx, ids, verdict, comment.as_deref(), &actor.user)?;
            audit::append(
                tx,
                actor,
                "review_mark",
                &label,
                &serde_json::json!({
                    "ids": ids,
                    "verdict": verdict.as_str(),
                    "all_unflagged": bulk,
                    "comment_sha256": comment.as_deref().map(sha256_hex),
                }),
            )
        })
        .map_err(refused_plain)?;
    Ok(label)
}

/// Sets a row's comment, keeping its verdict; audited like a verdict.
pub fn comment(store: &mut Store, actor: &Actor, id: i64, text: &str) -> Result<()> {
    paragraphs("comment", text)?;
    let period = open_period_of(store, id)?;
    let text = crate::text::clean(text);
    store
        .write_with(|tx| {
            if !db::comment(tx, id, &text, &actor.user)? {
                return Err(crate::store::StoreError::Invalid(
                    "give the row a verdict before a comment".to_owned(),
                ));
            }
            audit::append(
                tx,
                actor,
                "review_comment",
                &period.label,
                &serde_json::json!({ "id": id, "comment_sha256": sha256_hex(&text) }),
            )
        })
        .map_err(refused_plain)
}

/// Records that a row was taken further; returns the escalation's id.
pub fn escalate(
    store: &mut Store,
    actor: &Actor,
    id: i64,
    to: EscalationTarget,
    reference: &str,
    note: Option<&str>,
) -> Result<(i64, String)> {
    line("--ref", reference)?;
    if let Some(n) = note {
        paragraphs("--note", n)?;
    }
    let Some(pid) = db::period_of(store.conn(), id)? else {
        return Err(refused_plain(crate::store::StoreError::Invalid(format!(
            "no PMO row with id {id}; see `loggvakt review list`"
        ))));
    };
    let period = db::period_by_id(store.conn(), pid)?;
    let reference = crate::text::clean(reference);
    let note = note.map(crate::text::clean).unwrap_or_default();
    let eid = store
        .write_with(|tx| {
            let eid = db::escalate(tx, id, to.as_str(), &reference, &note, &actor.user)?;
            audit::append(
                tx,
                actor,
                "review_escalate",
                &period.label,
                &serde_json::json!({
                    "row": id,
                    "to": to.as_str(),
                    "reference": reference,
                    "note_sha256": (!note.is_empty()).then(|| sha256_hex(&note)),
                }),
            )?;
            Ok(eid)
        })
        .map_err(refused_plain)?;
    Ok((eid, reference))
}

/// Signs a period off; refused while any row lacks a verdict. Returns when.
pub fn signoff(
    store: &mut Store,
    actor: &Actor,
    period: &Period,
    consulted: &str,
    summary: Option<&str>,
) -> Result<String> {
    line("--consulted", consulted)?;
    if let Some(s) = summary {
        paragraphs("--summary", s)?;
    }
    refuse_signed(period).map_err(refused_plain)?;
    let open = period.rows - period.reviewed;
    if open > 0 {
        return Err(refused_plain(crate::store::StoreError::Invalid(format!(
            "period {} cannot be signed off: {open} of {} row(s) have no verdict yet; \
             mark them with `loggvakt review mark`",
            period.label, period.rows
        ))));
    }
    let consulted = crate::text::clean(consulted);
    let summary = summary.map(crate::text::clean);
    store
        .write_with(|tx| {
            let at = db::sign_off(tx, period.id, &actor.user, &consulted, summary.as_deref())?;
            audit::append(
                tx,
                actor,
                "review_signoff",
                &period.label,
                &serde_json::json!({
                    "period": period.label,
                    "unit": period.unit,
                    "rows": period.rows,
                    "consulted": consulted,
                }),
            )?;
            Ok(at)
        })
        .map_err(refused_plain)
}

/// Writes a period's review record (format by extension) as a new private file,
/// recorded with its SHA-256 before it appears under its name.
pub fn export(
    store: &Store,
    actor: &Actor,
    lang: Lang,
    period: &Period,
    out: &Path,
    retention_years: u32,
) -> Result<(Written, usize)> {
    let kind =
        Kind::of(out).ok_or_else(|| OpError::usage(Refusal::ExportExtension, &[&out.display()]))?;
    export::refuse_existing(out)?;
    let tx = store.read()?;
    let mut rec = Record::load(&tx, period, &Thresholds::default(), retention_years)?;
    drop(tx);
    rec.audit_head = audit::head(store.trail())?;
    rec.exported_by = actor.label();
    rec.exported_at = chrono::Local::now().fixed_offset();
    let bytes = rec
        .render(kind, lang)
        .map_err(|e| OpError::refused(Refusal::ExportFailed, &[&out.display(), &e]))?;
    let rows = rec.rows.len();
    let written = export::atomic(out, &bytes, |sha256| {
        record(
            store,
            actor,
            "review_export",
            &period.label,
            &serde_json::json!({
                "period": period.label,
                "unit": period.unit,
                "file": out.display().to_string(),
                "format": kind.name(),
                "rows": rows,
                "sha256": sha256,
                "audit_head_in_file": rec.audit_head,
            }),
        )
    })?;
    Ok((written, rows))
}

/// Records the reveal of one row's whole personnummer before the screen shows it.
pub fn reveal(store: &Store, actor: &Actor, period: &Period, id: i64) -> Result<()> {
    record(
        store,
        actor,
        "review_reveal",
        &period.label,
        &serde_json::json!({
            "period": period.label,
            "unit": period.unit,
            "ids": [id],
            "via": "screen",
        }),
    )?;
    Ok(())
}

/// A screen's review: a period's rows are audited when first shown, not each time
/// they are fetched again after a verdict on them.
#[derive(Debug, Default)]
pub struct Reviewer {
    shown: Option<i64>,
}

impl Reviewer {
    pub fn rows(&mut self, store: &Store, actor: &Actor, period_id: i64) -> Result<Vec<Ranked>> {
        let period = db::period_by_id(store.conn(), period_id)?;
        if self.shown == Some(period_id) {
            let tx = store.read()?;
            let mut rows = evaluated(&tx, &period, &Thresholds::default())?;
            rank(&mut rows);
            return Ok(rows);
        }
        let rows = rows(
            store,
            actor,
            &period,
            false,
            false,
            super::search::Via::Screen,
        )?;
        self.shown = Some(period_id);
        Ok(rows)
    }

    pub fn period(&self, store: &Store, period_id: i64) -> Result<Period> {
        Ok(db::period_by_id(store.conn(), period_id)?)
    }
}
