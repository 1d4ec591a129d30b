//! `loggvakt review …`: the monthly PMO log review — list ranked rows with reasons, mark
//! verdicts and comments, escalate, sign off, export the record. Everything is audited.

use super::Ctx;
use super::output::{Format, Table, csv_row, csv_writer, json_text, terminal_width};
use crate::domain::pmo::{EscalationTarget, Masked, Verdict};
use crate::i18n::fill;
use crate::i18n::ops::ReviewText as R;
use crate::ops::review as ops;
use crate::ops::search::Via;
use crate::rules::ranking::Ranked;
use anyhow::Result;
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
    let store = ctx.open()?;
    let period = ops::find_period(&store, a.period.as_deref())?;
    let rows = ops::rows(&store, &ctx.actor, &period, a.flagged, a.reveal, Via::Cli)?;
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
            writeln!(out, "{}", json_text(&items, true)?)?;
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
                "{}",
                fill(
                    R::Summary.text(ctx.lang),
                    &[
                        &Ctx::safe(&period.unit),
                        &period.label,
                        &period.from,
                        &rows.len(),
                        &flagged,
                        &open
                    ]
                )
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
        (Some(v), true) => R::verdict(v).text(ctx.lang).to_owned(),
        (Some(v), false) => format!("{}: {}", R::verdict(v).text(ctx.lang), r.access.comment),
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
        let period = ops::find_period(&store, a.period.as_deref())?;
        ops::unflagged(&store, &period)?
    } else {
        a.ids.clone()
    };
    ops::mark(
        &mut store,
        &ctx.actor,
        &ids,
        a.verdict,
        a.comment.as_deref(),
        a.all_unflagged,
    )?;
    println!(
        "{}",
        fill(
            R::Marked.text(ctx.lang),
            &[&ids.len(), &R::verdict(a.verdict).text(ctx.lang)]
        )
    );
    Ok(())
}

fn escalate(ctx: &Ctx, a: EscalateArgs) -> Result<()> {
    let mut store = ctx.open()?;
    let (id, reference) = ops::escalate(
        &mut store,
        &ctx.actor,
        a.id,
        a.to,
        &a.reference,
        a.note.as_deref(),
    )?;
    println!(
        "{}",
        fill(
            R::Escalated.text(ctx.lang),
            &[
                &a.id,
                &a.to.as_str(),
                &Ctx::safe(&reference),
                &ctx.actor.user,
                &id
            ]
        )
    );
    Ok(())
}

fn signoff(ctx: &Ctx, a: SignoffArgs) -> Result<()> {
    let mut store = ctx.open()?;
    let period = ops::find_period(&store, Some(&a.period))?;
    let at = ops::signoff(
        &mut store,
        &ctx.actor,
        &period,
        &a.consulted,
        a.summary.as_deref(),
    )?;
    println!(
        "{}",
        fill(
            R::SignedOffBy.text(ctx.lang),
            &[
                &period.label,
                &Ctx::safe(&period.unit),
                &ctx.actor.user,
                &at
            ]
        )
    );
    Ok(())
}

fn periods(ctx: &Ctx, format: Format) -> Result<()> {
    let store = ctx.open()?;
    let all = ops::periods(&store, &ctx.actor)?;
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
            writeln!(out, "{}", json_text(&items, true)?)?;
        }
        _ => {
            let mut t = Table::new(
                [
                    R::Period,
                    R::Unit,
                    R::From,
                    R::To,
                    R::Rows,
                    R::Reviewed,
                    R::SignedOff,
                ]
                .map(|h| h.text(ctx.lang)),
            );
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
    let store = ctx.open()?;
    let period = ops::find_period(&store, Some(&a.period))?;
    let years = ctx.config.retention.pmo_years;
    let (done, rows) = ops::export(&store, &ctx.actor, ctx.lang, &period, &a.out, years)?;
    println!(
        "{}",
        fill(
            R::Exported.text(ctx.lang),
            &[
                &Ctx::safe(&a.out.display().to_string()),
                &rows,
                &done.sha256
            ]
        )
    );
    Ok(())
}
