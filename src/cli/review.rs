//! `loggvakt review …`: the monthly PMO log review — list ranked rows with reasons, mark
//! verdicts and comments, escalate, sign off, export the record. Everything is audited.

use super::Ctx;
use super::output::{Format, Table, csv_row, csv_writer, terminal_width};
use crate::domain::pmo::{EscalationTarget, Masked, Verdict};
use crate::rules::pmo::Thresholds;
use crate::rules::ranking::{Ranked, evaluated, rank};
use crate::store::pmo as db;
use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum ReviewCommand {
    /// List a period's rows, highest anomaly score first, with the reasons
    List(ListArgs),
    /// Set the verdict (and comment) of rows
    Mark(MarkArgs),
    /// Record that a row was taken further: Intraservice, the verksamhetschef or IMY
    Escalate(EscalateArgs),
    /// Sign the period off; refused while any row lacks a verdict
    Signoff(SignoffArgs),
    /// Write the review record: PDF (A4 landscape), XLSX or CSV, chosen by extension
    Export(ExportArgs),
    /// List the review periods, oldest first
    Periods {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// The period, YYYY-MM (default: the newest)
    #[arg(long, value_name = "YYYY-MM")]
    pub period: Option<String>,
    /// Only rows a rule flagged (the random sample included)
    #[arg(long)]
    pub flagged: bool,
    /// Show whole personnummer (recorded in the audit trail)
    #[arg(long)]
    pub reveal: bool,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct MarkArgs {
    /// Row ids as `review list` shows them
    #[arg(value_name = "ID", required_unless_present = "all_unflagged")]
    pub ids: Vec<i64>,
    #[arg(long, value_enum)]
    pub verdict: Verdict,
    #[arg(long)]
    pub comment: Option<String>,
    /// With --all-unflagged: the period
    #[arg(long, value_name = "YYYY-MM", requires = "all_unflagged")]
    pub period: Option<String>,
    /// Every row of the period that no rule flagged, not drawn for the random sample, and
    /// without a verdict yet
    #[arg(long, conflicts_with = "ids", requires = "period")]
    pub all_unflagged: bool,
}

#[derive(Debug, Args)]
pub struct EscalateArgs {
    pub id: i64,
    #[arg(long, value_enum)]
    pub to: EscalationTarget,
    /// The receiver's case or incident reference
    #[arg(long = "ref", value_name = "TEXT")]
    pub reference: String,
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct SignoffArgs {
    #[arg(long, value_name = "YYYY-MM")]
    pub period: String,
    /// Who took part in the review (the student health team)
    #[arg(long, value_name = "TEXT")]
    pub consulted: String,
    #[arg(long, value_name = "TEXT")]
    pub summary: Option<String>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_name = "YYYY-MM")]
    pub period: String,
    /// FILE.pdf, FILE.xlsx or FILE.csv
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

pub fn run(ctx: &Ctx, cmd: ReviewCommand) -> Result<()> {
    match cmd {
        ReviewCommand::List(a) => list(ctx, a),
        ReviewCommand::Mark(a) => mark(ctx, a),
        ReviewCommand::Escalate(a) => escalate(ctx, a),
        ReviewCommand::Signoff(a) => signoff(ctx, a),
        ReviewCommand::Export(a) => export(ctx, a),
        ReviewCommand::Periods { format } => periods(ctx, format),
    }
}

fn list(ctx: &Ctx, a: ListArgs) -> Result<()> {
    let mut store = ctx.open()?;
    let period = db::find_period(store.conn(), a.period.as_deref())?;
    let mut rows = evaluated(store.conn(), &period, &Thresholds::default())?;
    rank(&mut rows);
    if a.flagged {
        rows.retain(|r| !r.flags.hits.is_empty());
    }
    store.write_with(|tx| {
        crate::store::audit::append(
            tx,
            &ctx.actor,
            if a.reveal {
                "review_reveal"
            } else {
                "review_list"
            },
            &period.label,
            &serde_json::json!({
                "period": period.label,
                "unit": period.unit,
                "rows": rows.len(),
                "flagged_only": a.flagged,
                "revealed": a.reveal,
            }),
        )?;
        Ok(())
    })?;
    let id_of = |r: &Ranked| -> String {
        let id = &r.access.record.student_id;
        if a.reveal {
            id.clone()
        } else {
            Masked(id).to_string()
        }
    };
    let mut out = std::io::stdout().lock();
    match a.format {
        Format::Json => {
            let items: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| {
                    let rec = &r.access.record;
                    serde_json::json!({
                        "id": r.access.id,
                        "time": rec.time.format("%Y-%m-%dT%H:%M:%S").to_string(),
                        "user": rec.user,
                        "user_id": rec.user_id,
                        "role": rec.role,
                        "user_unit": rec.user_unit,
                        "student": rec.student,
                        "student_id": id_of(r),
                        "student_unit": rec.student_unit,
                        "class": rec.class,
                        "record_type": rec.record_type,
                        "document": rec.document,
                        "action": rec.action.label(),
                        "flags": r.flags.ids(),
                        "reasons": r.flags.reasons(ctx.lang),
                        "score": r.score(),
                        "verdict": r.access.verdict.map(Verdict::as_str),
                        "comment": r.access.comment,
                    })
                })
                .collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&items)?)?;
        }
        Format::Csv => {
            let mut w = csv_writer(&mut out);
            csv_row(&mut w, &headers(ctx.lang).map(str::to_owned))?;
            for r in &rows {
                csv_row(&mut w, &cells(ctx, r, id_of(r)))?;
            }
            w.flush()?;
        }
        Format::Table => {
            let mut t = Table::new(headers(ctx.lang));
            for r in &rows {
                t.push(cells(ctx, r, id_of(r)));
            }
            t.print(&mut out, terminal_width())?;
            let flagged = rows.iter().filter(|r| r.flags.flagged()).count();
            let open = rows.iter().filter(|r| r.access.verdict.is_none()).count();
            writeln!(
                out,
                "{} {} {}: {} rows, {flagged} flagged, {open} without verdict",
                period.unit,
                period.label,
                period.from,
                rows.len()
            )?;
        }
    }
    Ok(())
}

fn headers(lang: crate::i18n::Lang) -> [&'static str; 11] {
    if lang == crate::i18n::Lang::Sv {
        [
            "ID",
            "Tid",
            "Användare",
            "Roll",
            "Elev",
            "Personnummer",
            "Journal",
            "Händelse",
            "Poäng",
            "Skäl",
            "Bedömning",
        ]
    } else {
        [
            "ID",
            "Time",
            "User",
            "Role",
            "Student",
            "Personnummer",
            "Record",
            "Action",
            "Score",
            "Reasons",
            "Verdict",
        ]
    }
}

fn cells(ctx: &Ctx, r: &Ranked, student_id: String) -> Vec<String> {
    let rec = &r.access.record;
    let verdict = match (r.access.verdict, r.access.comment.is_empty()) {
        (Some(v), true) => v.as_str().to_owned(),
        (Some(v), false) => format!("{}: {}", v.as_str(), r.access.comment),
        (None, _) => String::new(),
    };
    vec![
        r.access.id.to_string(),
        rec.time.format("%Y-%m-%d %H:%M:%S").to_string(),
        rec.user.clone(),
        rec.role.clone(),
        rec.student.clone(),
        student_id,
        rec.record_type.clone(),
        rec.action.label().to_owned(),
        format!("{:.2}", r.score()),
        r.flags.reasons(ctx.lang).join("; "),
        verdict,
    ]
}

fn mark(ctx: &Ctx, a: MarkArgs) -> Result<()> {
    let mut store = ctx.open()?;
    let ids = if a.all_unflagged {
        let period = db::find_period(store.conn(), a.period.as_deref())?;
        let rows = evaluated(store.conn(), &period, &Thresholds::default())?;
        // Rows drawn for the random sample are looked at one by one, not in bulk.
        rows.iter()
            .filter(|r| r.flags.hits.is_empty() && r.access.verdict.is_none())
            .map(|r| r.access.id)
            .collect()
    } else {
        a.ids.clone()
    };
    db::record_verdicts(
        &mut store,
        &ctx.actor,
        &ids,
        a.verdict,
        a.comment.as_deref(),
        a.all_unflagged,
    )?;
    println!("{} row(s) marked {}", ids.len(), a.verdict.as_str());
    Ok(())
}

fn sha256_hex(s: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(s.as_bytes()))
}

fn escalate(ctx: &Ctx, a: EscalateArgs) -> Result<()> {
    let mut store = ctx.open()?;
    let Some(pid) = db::period_of(store.conn(), a.id)? else {
        bail!("no PMO row with id {}; see `loggvakt review list`", a.id);
    };
    let period = db::period_by_id(store.conn(), pid)?;
    let reference = crate::text::clean(&a.reference);
    let note = a
        .note
        .as_deref()
        .map(crate::text::clean)
        .unwrap_or_default();
    let id = store.write_with(|tx| {
        let id = db::escalate(tx, a.id, a.to.as_str(), &reference, &note, &ctx.actor.user)?;
        crate::store::audit::append(
            tx,
            &ctx.actor,
            "review_escalate",
            &period.label,
            &serde_json::json!({
                "row": a.id,
                "to": a.to.as_str(),
                "reference": reference,
                "note_sha256": (!note.is_empty()).then(|| sha256_hex(&note)),
            }),
        )?;
        Ok(id)
    })?;
    println!(
        "row {} escalated to {} ({reference}) by {}; escalation {id}",
        a.id,
        a.to.as_str(),
        ctx.actor.user
    );
    Ok(())
}

fn signoff(ctx: &Ctx, a: SignoffArgs) -> Result<()> {
    let mut store = ctx.open()?;
    let period = db::find_period(store.conn(), Some(&a.period))?;
    let at = db::record_signoff(
        &mut store,
        &ctx.actor,
        &period,
        &a.consulted,
        a.summary.as_deref(),
    )?;
    println!(
        "period {} ({}) signed off by {} at {at}",
        period.label, period.unit, ctx.actor.user
    );
    Ok(())
}

fn periods(ctx: &Ctx, format: Format) -> Result<()> {
    let store = ctx.open()?;
    let all = db::periods(store.conn())?;
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            let items: Vec<serde_json::Value> = all
                .iter()
                .map(|p| {
                    serde_json::json!({
                        "period": p.label,
                        "unit": p.unit,
                        "from": p.from.to_string(),
                        "to": p.to.to_string(),
                        "rows": p.rows,
                        "reviewed": p.reviewed,
                        "signed_off_at": p.signed_off_at,
                        "signed_off_by": p.signed_off_by,
                        "source_sha256": p.source_sha256,
                    })
                })
                .collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&items)?)?;
        }
        _ => {
            let mut t = Table::new([
                "Period",
                "Unit",
                "From",
                "To",
                "Rows",
                "Reviewed",
                "Signed off",
            ]);
            for p in &all {
                t.push(vec![
                    p.label.clone(),
                    p.unit.clone(),
                    p.from.to_string(),
                    p.to.to_string(),
                    p.rows.to_string(),
                    p.reviewed.to_string(),
                    p.signed_off_at.clone().unwrap_or_default(),
                ]);
            }
            if format == Format::Csv {
                let mut w = csv_writer(&mut out);
                csv_row(&mut w, &t.headers)?;
                for r in &t.rows {
                    csv_row(&mut w, r)?;
                }
                w.flush()?;
            } else {
                t.print(&mut out, terminal_width())?;
            }
        }
    }
    Ok(())
}

fn export(ctx: &Ctx, a: ExportArgs) -> Result<()> {
    let mut store = ctx.open()?;
    let period = db::find_period(store.conn(), Some(&a.period))?;
    let years = super::retention::pmo_years()?;
    let done =
        crate::report::pmo::export(&mut store, &ctx.actor, ctx.lang, &period, &a.out, years)?;
    println!(
        "{}  {} rows  sha256 {}",
        a.out.display(),
        done.rows,
        done.sha256
    );
    Ok(())
}
