//! `loggvakt request …`: register a written request, keep its scope and basis,
//! list its events with deviation aids, decide it and export the extract.

use super::Ctx;
use super::output::{Format, Table, json_text, terminal_width};
use crate::domain::TimeSpec;
use crate::domain::request::{
    EscalationTarget, Outcome, Reason, Request, RequestId, Scope, Window,
};
use crate::i18n::Msg;
use crate::i18n::ops::RequestText;
use crate::ops::request as ops;
use crate::ops::search::{self, Via};
use crate::report::request::{event_cells, event_headers, extract_notes};
use crate::rules::request::Extract;
use crate::store::requests::{NewRequest, ScopeChange};
use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum RequestCommand {
    /// Register a request; prints its new reference (R-YYYY-NNNN) alone on stdout
    New(NewArgs),
    /// Change a request's scope or details (only until it is decided)
    Edit(EditArgs),
    /// List requests, newest first
    List(ListArgs),
    /// Show one request: details, scope, attachments, decision
    Show(ShowArgs),
    /// Write one stored attachment (the request basis) back to a file
    Attachment(AttachmentArgs),
    /// Record the answer given and where the case was taken further
    Decide(DecideArgs),
    /// The passages inside the request's scope, with deviation aids and caveats
    Events(EventsArgs),
    /// Export the extract to FILE.csv, FILE.xlsx or FILE.pdf (a new private file)
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    pub id: RequestId,
    /// The file to write; its extension (.csv, .xlsx, .pdf) chooses the format
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct EventsArgs {
    pub id: RequestId,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Who asked (the unit manager)
    #[arg(long)]
    pub requester: String,
    /// The requester's unit
    #[arg(long)]
    pub unit: String,
    /// Why the request is made
    #[arg(long, value_enum)]
    pub reason: Reason,
    /// The request in the requester's words, or a summary of it
    #[arg(long)]
    pub text: String,
    /// A reader (code or door name) the request covers (repeatable; none = all readers)
    #[arg(long)]
    pub reader: Vec<String>,
    /// A person the request concerns: name or employee id (repeatable, at least one)
    #[arg(long, required = true)]
    pub person: Vec<String>,
    /// Start of a time window (repeatable, each paired with a --to in order)
    #[arg(long, required = true, allow_hyphen_values = true)]
    pub from: Vec<String>,
    /// End of a time window, inclusive; a date alone means the whole day
    #[arg(long, required = true, allow_hyphen_values = true)]
    pub to: Vec<String>,
    /// A file to keep with the request, e.g. the written request (repeatable)
    #[arg(long)]
    pub attach: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The request's reference, e.g. R-2026-0007
    pub id: RequestId,
    #[arg(long)]
    pub requester: Option<String>,
    #[arg(long)]
    pub unit: Option<String>,
    #[arg(long, value_enum)]
    pub reason: Option<Reason>,
    #[arg(long)]
    pub text: Option<String>,
    /// Add a reader to the scope (repeatable)
    #[arg(long)]
    pub add_reader: Vec<String>,
    /// Remove a reader from the scope, written as it is listed (repeatable)
    #[arg(long)]
    pub remove_reader: Vec<String>,
    /// Add a person to the scope (repeatable)
    #[arg(long)]
    pub add_person: Vec<String>,
    /// Remove a person from the scope, written as it is listed (repeatable)
    #[arg(long)]
    pub remove_person: Vec<String>,
    /// Add a time window FROM..TO, e.g. "2026-10-29..2026-10-31" (repeatable)
    #[arg(long, value_name = "FROM..TO", allow_hyphen_values = true)]
    pub window: Vec<String>,
    /// Remove a time window FROM..TO (repeatable)
    #[arg(long, value_name = "FROM..TO", allow_hyphen_values = true)]
    pub remove_window: Vec<String>,
    /// Keep another file with the request (repeatable)
    #[arg(long)]
    pub attach: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    pub id: RequestId,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct AttachmentArgs {
    pub id: RequestId,
    /// The attachment's number, as `request show` lists it
    pub n: u32,
    /// Where to write it (a new file, created readable by you alone)
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct DecideArgs {
    pub id: RequestId,
    /// How the request was answered
    #[arg(long, value_enum)]
    pub outcome: Outcome,
    /// The grounds; for an oral answer, what was said
    #[arg(long)]
    pub note: String,
    /// The deviation's case number in MedControl PRO
    #[arg(long, value_name = "REF")]
    pub medcontrol: Option<String>,
    /// The police report's reference
    #[arg(long, value_name = "REF")]
    pub police: Option<String>,
    /// The Intraservice case reference
    #[arg(long, value_name = "REF")]
    pub intraservice: Option<String>,
}

pub fn run(ctx: &Ctx, cmd: RequestCommand) -> Result<()> {
    match cmd {
        RequestCommand::New(a) => new(ctx, a),
        RequestCommand::Edit(a) => edit(ctx, a),
        RequestCommand::List(a) => list(ctx, a),
        RequestCommand::Show(a) => show(ctx, a),
        RequestCommand::Attachment(a) => attachment(ctx, a),
        RequestCommand::Decide(a) => decide(ctx, a),
        RequestCommand::Events(a) => events(ctx, a),
        RequestCommand::Export(a) => export(ctx, a),
    }
}

fn now() -> chrono::NaiveDateTime {
    chrono::Local::now().naive_local()
}

fn window(from: &str, to: &str) -> Result<Window> {
    let w = Window {
        from: search::time("--from", from, TimeSpec::From, now())?,
        to: search::time("--to", to, TimeSpec::To, now())?,
    };
    crate::ops::window(Some(w.from), Some(w.to))?;
    Ok(w)
}

/// Reads `FROM..TO`.
fn window_spec(spec: &str) -> Result<Window> {
    let (from, to) = spec.split_once("..").with_context(|| {
        format!(
            "\"{}\" is not a window; write FROM..TO, e.g. \"2026-10-01..2026-10-28 23:59\"",
            Ctx::safe(spec)
        )
    })?;
    window(from, to)
}

/// Reads a file to attach, with its name as given.
fn read_attachment(path: &PathBuf) -> Result<(String, Vec<u8>)> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("{}: cannot read", Ctx::safe(&path.display().to_string())))?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok((name, bytes))
}

fn new(ctx: &Ctx, a: NewArgs) -> Result<()> {
    anyhow::ensure!(
        a.from.len() == a.to.len(),
        "{} --from but {} --to; give each time window as a --from and a --to",
        a.from.len(),
        a.to.len()
    );
    let windows = a
        .from
        .iter()
        .zip(&a.to)
        .map(|(f, t)| window(f, t))
        .collect::<Result<Vec<_>>>()?;
    let files = a
        .attach
        .iter()
        .map(read_attachment)
        .collect::<Result<Vec<_>>>()?;
    let new = NewRequest {
        requester: a.requester.trim().to_owned(),
        unit: a.unit.trim().to_owned(),
        reason: a.reason,
        text: a.text,
        scope: Scope {
            persons: a.person,
            readers: a.reader,
            windows,
        },
    };
    let year = chrono::Datelike::year(&now());
    let mut store = ctx.open()?;
    let reference = ops::new(&mut store, &ctx.actor, &new, year, &files)?;
    println!("{reference}");
    Ok(())
}

fn edit(ctx: &Ctx, a: EditArgs) -> Result<()> {
    let mut changes = Vec::new();
    changes.extend(a.add_reader.iter().cloned().map(ScopeChange::AddReader));
    changes.extend(
        a.remove_reader
            .iter()
            .cloned()
            .map(ScopeChange::RemoveReader),
    );
    changes.extend(a.add_person.iter().cloned().map(ScopeChange::AddPerson));
    changes.extend(
        a.remove_person
            .iter()
            .cloned()
            .map(ScopeChange::RemovePerson),
    );
    for w in &a.window {
        changes.push(ScopeChange::AddWindow(window_spec(w)?));
    }
    for w in &a.remove_window {
        changes.push(ScopeChange::RemoveWindow(window_spec(w)?));
    }
    let attach = a
        .attach
        .iter()
        .map(read_attachment)
        .collect::<Result<Vec<_>>>()?;
    let edit = ops::Edit {
        requester: a.requester,
        unit: a.unit,
        reason: a.reason,
        text: a.text,
        changes,
        attach,
    };
    let mut store = ctx.open()?;
    ops::edit(&mut store, &ctx.actor, a.id, &edit)?;
    Ok(())
}

fn status(ctx: &Ctx, r: &Request) -> String {
    match &r.decision {
        Some(d) => format!(
            "{} ({})",
            ctx.t(Msg::Decided),
            crate::i18n::outcome(d.outcome, ctx.lang)
        ),
        None => ctx.t(Msg::Open).to_owned(),
    }
}

fn windows_text(scope: &Scope) -> String {
    scope
        .windows
        .iter()
        .map(Window::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

fn readers_text(ctx: &Ctx, scope: &Scope) -> String {
    if scope.readers.is_empty() {
        format!("({})", ctx.t(Msg::AllReaders))
    } else {
        scope.readers.join(", ")
    }
}

fn list(ctx: &Ctx, a: ListArgs) -> Result<()> {
    let store = ctx.open()?;
    let all = ops::list(&store, &ctx.actor)?;
    let mut out = std::io::stdout().lock();
    match a.format {
        Format::Json => writeln!(out, "{}", json_text(&all, true)?)?,
        Format::Csv => {
            let mut w = super::output::csv_writer(&mut out);
            super::output::csv_row(&mut w, &list_headers(ctx).map(str::to_owned))?;
            for r in &all {
                super::output::csv_row(&mut w, &list_cells(ctx, r))?;
            }
            w.flush()?;
        }
        Format::Table => {
            let mut t = Table::new(list_headers(ctx));
            for r in &all {
                t.push(list_cells(ctx, r));
            }
            t.print(&mut out, terminal_width())?;
        }
    }
    Ok(())
}

fn list_headers(ctx: &Ctx) -> [&'static str; 7] {
    [
        ctx.t(Msg::Reference),
        ctx.t(Msg::Status),
        ctx.t(Msg::Requester),
        ctx.t(Msg::Unit),
        ctx.t(Msg::Reason),
        ctx.t(Msg::Persons),
        ctx.t(Msg::Windows),
    ]
}

fn list_cells(ctx: &Ctx, r: &Request) -> Vec<String> {
    vec![
        r.reference.to_string(),
        status(ctx, r),
        r.requester.clone(),
        r.unit.clone(),
        crate::i18n::reason(r.reason, ctx.lang).to_owned(),
        r.scope.persons.join(", "),
        windows_text(&r.scope),
    ]
}

fn show(ctx: &Ctx, a: ShowArgs) -> Result<()> {
    use crate::i18n::ops::Trail;
    let store = ctx.open()?;
    let (r, searches) = ops::show(&store, &ctx.actor, a.id)?;
    let mut out = std::io::stdout().lock();
    match a.format {
        Format::Json => {
            let mut v = serde_json::to_value(&r)?;
            v["searches"] = serde_json::to_value(&searches)?;
            writeln!(out, "{}", json_text(&v, true)?)?;
        }
        Format::Table | Format::Csv => {
            let mut t = Table::new(["", ""]);
            t.push(vec![ctx.t(Msg::Reference).into(), r.reference.to_string()]);
            t.push(vec![ctx.t(Msg::Status).into(), status(ctx, &r)]);
            t.push(vec![ctx.t(Msg::Requester).into(), r.requester.clone()]);
            t.push(vec![ctx.t(Msg::Unit).into(), r.unit.clone()]);
            t.push(vec![
                ctx.t(Msg::Reason).into(),
                crate::i18n::reason(r.reason, ctx.lang).into(),
            ]);
            t.push(vec![ctx.t(Msg::Persons).into(), r.scope.persons.join(", ")]);
            t.push(vec![
                ctx.t(Msg::Readers).into(),
                readers_text(ctx, &r.scope),
            ]);
            t.push(vec![ctx.t(Msg::Windows).into(), windows_text(&r.scope)]);
            t.push(vec![
                ctx.t(Msg::Created).into(),
                format!("{} {}", r.created_at, r.created_by),
            ]);
            for at in &r.attachments {
                t.push(vec![
                    format!("{} {}", ctx.t(Msg::Attachments), at.n),
                    format!("{} ({} bytes, SHA-256 {})", at.name, at.size, at.sha256),
                ]);
            }
            if let Some(d) = &r.decision {
                t.push(vec![
                    ctx.t(Msg::Decided).into(),
                    format!(
                        "{} {} {}: {}",
                        d.at,
                        d.by,
                        crate::i18n::outcome(d.outcome, ctx.lang),
                        d.note
                    ),
                ]);
            }
            for e in &r.escalations {
                t.push(vec![
                    e.target.as_str().into(),
                    format!("{} ({} {})", e.reference, e.at, e.by),
                ]);
            }
            // The label once, on the first of the searches made under the request.
            for (i, e) in searches.iter().enumerate() {
                t.push(vec![
                    if i == 0 {
                        Trail::SearchesUnder.text(ctx.lang).into()
                    } else {
                        String::new()
                    },
                    format!(
                        "#{} {} {} {}",
                        e.seq,
                        e.at,
                        e.os_user,
                        crate::i18n::audit_action(&e.action, ctx.lang)
                    ),
                ]);
            }
            t.print(&mut out, terminal_width())?;
            writeln!(out)?;
            // The letter keeps its lines; each is shown with its hazards made visible.
            for l in r.text.lines() {
                writeln!(out, "{}", Ctx::safe(l))?;
            }
        }
    }
    Ok(())
}

fn attachment(ctx: &Ctx, a: AttachmentArgs) -> Result<()> {
    let store = ctx.open()?;
    let (info, written) = ops::attachment(&store, &ctx.actor, a.id, a.n, &a.out)?;
    eprintln!(
        "{}",
        crate::i18n::fill(
            RequestText::AttachmentOut.text(ctx.lang),
            &[
                &Ctx::safe(&a.out.display().to_string()),
                &Ctx::safe(&info.name),
                &info.size,
                &written.sha256
            ]
        )
    );
    Ok(())
}

fn decide(ctx: &Ctx, a: DecideArgs) -> Result<()> {
    let escalations: Vec<(EscalationTarget, String)> = [
        (EscalationTarget::Medcontrol, &a.medcontrol),
        (EscalationTarget::Police, &a.police),
        (EscalationTarget::Intraservice, &a.intraservice),
    ]
    .into_iter()
    .filter_map(|(t, r)| r.clone().map(|r| (t, r)))
    .collect();
    let mut store = ctx.open()?;
    ops::decide(
        &mut store,
        &ctx.actor,
        a.id,
        a.outcome,
        &a.note,
        &escalations,
    )?;
    Ok(())
}

/// The extract as JSON: rows with their deviations, findings, caveats, usual hours.
pub fn extract_json(lang: crate::i18n::Lang, x: &Extract) -> serde_json::Value {
    serde_json::json!({
        "reference": x.request.reference,
        "persons": x.persons.iter().map(|p| serde_json::json!({
            "query": p.query,
            "matched": p.label(),
            "usual_hours": p.usual.map(|u| serde_json::json!({
                "from": u.from, "to": u.to, "label": u.label(), "days": u.days,
                "outside_windows": u.outside_windows,
            })),
        })).collect::<Vec<_>>(),
        "rows": x.rows.iter().map(|r| {
            let mut v = search::json_of(&r.row);
            v["deviations"] = r.deviations.iter().map(|d| serde_json::json!({
                "flag": d.flag, "detail": d.detail, "text": d.text(lang),
            })).collect();
            v
        }).collect::<Vec<_>>(),
        "findings": x.findings.iter().map(|f| serde_json::json!({
            "kind": f.kind, "person": f.person, "date": f.date.to_string(),
            "detail": f.detail, "text": f.text(lang),
        })).collect::<Vec<_>>(),
        "caveats": x.caveats.iter().map(|c| serde_json::json!({
            "kind": c.kind, "subject": c.subject, "detail": c.detail, "text": c.text(lang),
        })).collect::<Vec<_>>(),
    })
}

fn events(ctx: &Ctx, a: EventsArgs) -> Result<()> {
    let store = ctx.open()?;
    let x = ops::events(&store, &ctx.actor, a.id, Via::Cli)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match a.format {
        Format::Json => writeln!(out, "{}", json_text(&extract_json(ctx.lang, &x), true)?)?,
        Format::Csv => {
            let mut w = super::output::csv_writer(&mut out);
            super::output::csv_row(&mut w, &event_headers(ctx.lang))?;
            for r in &x.rows {
                super::output::csv_row(&mut w, &event_cells(ctx.lang, r))?;
            }
            w.flush()?;
        }
        Format::Table => {
            let mut t = Table::new(event_headers(ctx.lang));
            for r in &x.rows {
                t.push(event_cells(ctx.lang, r));
            }
            if t.rows.is_empty() {
                writeln!(out, "{}", ctx.t(Msg::NoPassages))?;
            } else {
                t.print(&mut out, terminal_width())?;
            }
            for (title, lines) in extract_notes(ctx.lang, &x) {
                writeln!(out, "\n{title}:")?;
                for l in lines {
                    writeln!(out, "  {}", Ctx::safe(&l))?;
                }
            }
        }
    }
    out.flush()?;
    Ok(())
}

fn export(ctx: &Ctx, a: ExportArgs) -> Result<()> {
    let store = ctx.open()?;
    let (done, rows) = ops::export(&store, &ctx.actor, ctx.lang, a.id, &a.out)?;
    eprintln!(
        "{}",
        crate::i18n::fill(
            RequestText::Exported.text(ctx.lang),
            &[
                &Ctx::safe(&a.out.display().to_string()),
                &rows,
                &done.sha256
            ]
        )
    );
    Ok(())
}
