//! Written requests for passage data: register, change the scope, decide, and the
//! audited looks at them (list, show, events), the extract's export and the basis's
//! attachments written back out.

use super::export::{self, Written};
use super::{OpError, Result, line, paragraphs, record, refused_plain};
use crate::audit::{Actor, Entry};
use crate::domain::request::{
    AttachmentInfo, Decision, EscalationTarget, Outcome, Reason, Request, RequestId, Scope,
};
use crate::i18n::Lang;
use crate::i18n::ops::Refusal;
use crate::report::{self, Kind};
use crate::rules::request::Extract;
use crate::store::requests::{self, NewRequest, ScopeChange};
use crate::store::{Store, audit};
use std::collections::BTreeSet;
use std::path::Path;

fn check_new(new: &NewRequest, files: &[(String, Vec<u8>)]) -> Result<()> {
    line("--requester", &new.requester)?;
    line("--unit", &new.unit)?;
    paragraphs("--text", &new.text)?;
    for p in &new.scope.persons {
        line("--person", p)?;
    }
    for r in &new.scope.readers {
        line("--reader", r)?;
    }
    for w in &new.scope.windows {
        super::window(Some(w.from), Some(w.to))?;
    }
    for (name, _) in files {
        line("--attach", name)?;
    }
    if new.requester.trim().is_empty() || new.unit.trim().is_empty() {
        return Err(OpError::Usage(super::Said {
            what: Refusal::ReasonEmpty,
            args: Vec::new(),
            plain: Some("--requester and --unit must not be empty".into()),
        }));
    }
    Ok(())
}

/// Registers a request numbered in `year`, with its attachments (the letter).
pub fn new(
    store: &mut Store,
    actor: &Actor,
    new: &NewRequest,
    year: i32,
    files: &[(String, Vec<u8>)],
) -> Result<RequestId> {
    check_new(new, files)?;
    store
        .write_with(|tx| {
            let reference = requests::create(tx, actor, new, year)?;
            let id = requests::row_id(tx, reference)?;
            let mut attached = Vec::new();
            for (name, bytes) in files {
                attached.push(requests::add_attachment(tx, actor, id, name, bytes)?);
            }
            audit::append(
                tx,
                actor,
                "request_new",
                &reference.to_string(),
                &serde_json::json!({
                    "requester": new.requester,
                    "unit": new.unit,
                    "reason": new.reason,
                    "scope": new.scope,
                    "attachments": attached,
                }),
            )?;
            Ok(reference)
        })
        .map_err(refused_plain)
}

/// What `request edit` changes; empty fields change nothing.
#[derive(Debug, Clone, Default)]
pub struct Edit {
    pub requester: Option<String>,
    pub unit: Option<String>,
    pub reason: Option<Reason>,
    pub text: Option<String>,
    pub changes: Vec<ScopeChange>,
    pub attach: Vec<(String, Vec<u8>)>,
}

/// Changes an open request: details, scope and attachments, in one transaction;
/// refuses a decided request and a scope left without a person or window.
pub fn edit(store: &mut Store, actor: &Actor, r: RequestId, e: &Edit) -> Result<Scope> {
    for (field, v) in [("--requester", &e.requester), ("--unit", &e.unit)] {
        if let Some(v) = v {
            line(field, v)?;
        }
    }
    if let Some(t) = &e.text {
        paragraphs("--text", t)?;
    }
    for c in &e.changes {
        match c {
            ScopeChange::AddPerson(v)
            | ScopeChange::RemovePerson(v)
            | ScopeChange::AddReader(v)
            | ScopeChange::RemoveReader(v) => line("--person/--reader", v)?,
            ScopeChange::AddWindow(w) | ScopeChange::RemoveWindow(w) => {
                super::window(Some(w.from), Some(w.to))?
            }
        }
    }
    for (name, _) in &e.attach {
        line("--attach", name)?;
    }
    refuse_decided(store, r)?;
    store
        .write_with(|tx| {
            let id = requests::ensure_open(tx, r)?;
            requests::update_fields(
                tx,
                id,
                e.requester.as_deref().map(str::trim),
                e.unit.as_deref().map(str::trim),
                e.reason,
                e.text.as_deref(),
            )?;
            let mut changed = serde_json::Map::new();
            for c in &e.changes {
                let (key, value) = apply(tx, id, c)?;
                if let Some(list) = changed
                    .entry(key)
                    .or_insert_with(|| serde_json::json!([]))
                    .as_array_mut()
                {
                    list.push(value);
                }
            }
            let mut attached = Vec::new();
            for (name, bytes) in &e.attach {
                attached.push(requests::add_attachment(tx, actor, id, name, bytes)?);
            }
            let after = requests::get(tx, r)?;
            if after.scope.persons.is_empty() || after.scope.windows.is_empty() {
                return Err(crate::store::StoreError::Invalid(
                    "a request needs at least one person and one time window; add one before removing the last"
                        .into(),
                ));
            }
            let mut details = serde_json::json!({
                "requester": e.requester,
                "unit": e.unit,
                "reason": e.reason,
                "text_changed": e.text.is_some(),
                "attachments": attached,
                "scope": after.scope,
            });
            for (k, v) in changed {
                details[k] = v;
            }
            audit::append(tx, actor, "request_edit", &r.to_string(), &details)?;
            Ok(after.scope)
        })
        .map_err(refused_plain)
}

fn apply(
    tx: &rusqlite::Transaction<'_>,
    id: i64,
    c: &ScopeChange,
) -> crate::store::Result<(String, serde_json::Value)> {
    Ok(match c {
        ScopeChange::AddPerson(p) => {
            requests::add_value(tx, id, "person", p)?;
            ("add_person".into(), serde_json::json!(p.trim()))
        }
        ScopeChange::RemovePerson(p) => {
            requests::remove_value(tx, id, "person", p)?;
            ("remove_person".into(), serde_json::json!(p.trim()))
        }
        ScopeChange::AddReader(x) => {
            requests::add_value(tx, id, "reader", x)?;
            ("add_reader".into(), serde_json::json!(x.trim()))
        }
        ScopeChange::RemoveReader(x) => {
            requests::remove_value(tx, id, "reader", x)?;
            ("remove_reader".into(), serde_json::json!(x.trim()))
        }
        ScopeChange::AddWindow(w) => {
            requests::add_window(tx, id, *w)?;
            ("add_window".into(), serde_json::json!(w))
        }
        ScopeChange::RemoveWindow(w) => {
            requests::remove_window(tx, id, *w)?;
            ("remove_window".into(), serde_json::json!(w))
        }
    })
}

/// Decides an open request; the note must say what was decided (for an oral
/// answer: what was said). After this the scope is frozen.
pub fn decide(
    store: &mut Store,
    actor: &Actor,
    r: RequestId,
    outcome: Outcome,
    note: &str,
    escalations: &[(EscalationTarget, String)],
) -> Result<Decision> {
    let note = note.trim();
    paragraphs("--note", note)?;
    if note.is_empty() {
        return Err(OpError::Usage(super::Said {
            what: Refusal::ReasonEmpty,
            args: Vec::new(),
            plain: Some(
                "--note must say what was decided (for an oral answer: what was said)".into(),
            ),
        }));
    }
    let mut refs = Vec::new();
    for (target, reference) in escalations {
        let t = reference.trim();
        line(&format!("--{}", target.as_str()), t)?;
        if t.is_empty() || t.chars().count() > 64 {
            return Err(OpError::Usage(super::Said {
                what: Refusal::ReasonEmpty,
                args: Vec::new(),
                plain: Some(format!(
                    "--{} must be a reference of 1–64 printable characters",
                    target.as_str()
                )),
            }));
        }
        refs.push((*target, t.to_owned()));
    }
    refuse_decided(store, r)?;
    store
        .write_with(|tx| {
            let id = requests::ensure_open(tx, r)?;
            let decision = requests::decide(tx, actor, id, outcome, note, &refs)?;
            audit::append(
                tx,
                actor,
                "request_decide",
                &r.to_string(),
                &serde_json::json!({
                    "decision": decision,
                    "escalations": refs
                        .iter()
                        .map(|(t, r)| serde_json::json!({"target": t, "reference": r}))
                        .collect::<Vec<_>>(),
                }),
            )?;
            Ok(decision)
        })
        .map_err(refused_plain)
}

/// The people a request's scope names, as person ids of the store.
fn scope_persons(conn: &rusqlite::Connection, scope: &Scope) -> Result<Vec<i64>> {
    let mut ids = BTreeSet::new();
    for p in &scope.persons {
        for sp in requests::resolve_person(conn, p)? {
            ids.insert(sp.id);
        }
    }
    Ok(ids.into_iter().collect())
}

fn get(conn: &rusqlite::Connection, r: RequestId) -> Result<Request> {
    requests::get(conn, r).map_err(|e| match e {
        // The one refusal of a look-up by reference: there is no such request.
        crate::store::StoreError::Invalid(_) => OpError::refused(Refusal::NoSuchCase, &[&r]),
        other => OpError::Store(other),
    })
}

/// Refuses a change to a decided request in the user's words; the transaction
/// checks again, so a decision made in between is refused all the same.
fn refuse_decided(store: &Store, r: RequestId) -> Result<()> {
    let tx = store.read()?;
    if let Some(d) = &get(&tx, r)?.decision {
        return Err(OpError::refused(Refusal::RequestDecided, &[&r, &d.at]));
    }
    Ok(())
}

/// Every request, newest first; audited before it is shown (it names people).
pub fn list(store: &Store, actor: &Actor) -> Result<Vec<Request>> {
    let tx = store.read()?;
    let all = requests::list(&tx)?;
    let mut named = BTreeSet::new();
    for r in &all {
        named.extend(scope_persons(&tx, &r.scope)?);
    }
    record(
        store,
        actor,
        "request_list",
        "",
        &serde_json::json!({
            "rows": all.len(),
            "person_ids": { "named": named, "results": [] },
        }),
    )?;
    Ok(all)
}

/// One request with the searches made under its reference; audited before shown.
pub fn show(store: &Store, actor: &Actor, r: RequestId) -> Result<(Request, Vec<Entry>)> {
    let tx = store.read()?;
    let request = get(&tx, r)?;
    let named = scope_persons(&tx, &request.scope)?;
    let searches = audit::under_case(store.trail(), &r.to_string())?;
    record(
        store,
        actor,
        "request_show",
        &r.to_string(),
        &serde_json::json!({
            "purpose": { "case": r.to_string() },
            "person_ids": { "named": named, "results": [] },
        }),
    )?;
    Ok((request, searches))
}

fn extract_persons(x: &Extract) -> Vec<i64> {
    let ids: BTreeSet<i64> = x
        .persons
        .iter()
        .flat_map(|p| p.people.iter().map(|sp| sp.id))
        .collect();
    ids.into_iter().collect()
}

/// The passages inside a request's scope with deviation aids; audited before shown.
pub fn events(
    store: &Store,
    actor: &Actor,
    r: RequestId,
    via: super::search::Via,
) -> Result<Extract> {
    let tx = store.read()?;
    let request = get(&tx, r)?;
    let x = crate::rules::request::extract(&tx, &request)?;
    let named = extract_persons(&x);
    record(
        store,
        actor,
        "request_events",
        &r.to_string(),
        &serde_json::json!({
            "rows": x.rows.len(),
            "findings": x.findings.len(),
            "caveats": x.caveats.len(),
            "purpose": { "case": r.to_string() },
            "person_ids": { "named": named, "results": named },
            "via": via.as_str(),
        }),
    )?;
    Ok(x)
}

/// Exports a request's extract to `out` (format by extension) as a new private
/// file, recorded with its SHA-256 before it appears under its name.
pub fn export(
    store: &Store,
    actor: &Actor,
    lang: Lang,
    r: RequestId,
    out: &Path,
) -> Result<(Written, usize)> {
    let kind =
        Kind::of(out).ok_or_else(|| OpError::usage(Refusal::ExportExtension, &[&out.display()]))?;
    export::refuse_existing(out)?;
    let tx = store.read()?;
    let request = get(&tx, r)?;
    let x = crate::rules::request::extract(&tx, &request)?;
    let readers = report::request::scoped_readers(&tx, &request.scope.readers)?;
    drop(tx);
    let head = audit::head(store.trail())?;
    let input = report::request::RequestExtract {
        extract: x,
        readers,
        exported_by: actor.label(),
        exported_at: chrono::Local::now().fixed_offset(),
        audit_head: head.clone(),
    };
    let bytes = report::request::render(&input, kind, lang)
        .map_err(|e| OpError::refused(Refusal::ExportFailed, &[&out.display(), &e]))?;
    let x = &input.extract;
    let named = extract_persons(x);
    let rows = x.rows.len();
    let written = export::atomic(out, &bytes, |sha256| {
        record(
            store,
            actor,
            "export",
            &r.to_string(),
            &serde_json::json!({
                "file": out.display().to_string(),
                "format": kind.name(),
                "sha256": sha256,
                "bytes": bytes.len(),
                "rows": rows,
                "persons": request.scope.persons,
                "audit_head_in_file": head,
                "purpose": { "case": r.to_string() },
                "person_ids": { "named": named, "results": named },
            }),
        )
    })?;
    Ok((written, rows))
}

/// Writes attachment `n` of a request back out to a new private file, recorded
/// before the file appears.
pub fn attachment(
    store: &Store,
    actor: &Actor,
    r: RequestId,
    n: u32,
    out: &Path,
) -> Result<(AttachmentInfo, Written)> {
    export::refuse_existing(out)?;
    let tx = store.read()?;
    let id = requests::row_id(&tx, r).map_err(refused_plain)?;
    let (info, bytes) = requests::attachment(&tx, id, n).map_err(refused_plain)?;
    drop(tx);
    let written = export::atomic(out, &bytes, |sha256| {
        record(
            store,
            actor,
            "attachment_out",
            &r.to_string(),
            &serde_json::json!({
                "n": info.n,
                "name": info.name,
                "sha256": sha256,
                "out": out.display().to_string(),
                "purpose": { "case": r.to_string() },
            }),
        )
    })?;
    Ok((info, written))
}
