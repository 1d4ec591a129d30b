use super::*;
use chrono::NaiveDateTime;

const SCHOOL: &str = "Exempelskolan F–9";

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
}

/// A plain row: a school nurse reading her own student's EMI-journal on a Tuesday morning.
fn row(time: &str) -> PmoRecord {
    PmoRecord {
        time: at(time),
        user: "Karin Lind".into(),
        user_id: "kali01".into(),
        role: "Skolsköterska".into(),
        user_unit: SCHOOL.into(),
        student_id: "20150312-T123".into(),
        student: "Liam Andersson".into(),
        student_unit: SCHOOL.into(),
        class: "4B".into(),
        record_type: "EMI-journal".into(),
        document: "Hälsobesök".into(),
        action: PmoAction::Read,
        action_text: "Läsa".into(),
        row: 7,
    }
}

fn ctx() -> Context {
    Context {
        unit: SCHOOL.into(),
        label: "2026-10".into(),
        earlier_deviators: HashSet::new(),
        // Single-rule tests must not pick up the sample.
        thresholds: Thresholds {
            sample_share: 0.0,
            ..Thresholds::default()
        },
    }
}

/// The ids that fired on a single row, evaluated alone.
fn ids(r: PmoRecord) -> Vec<&'static str> {
    evaluate(&[r], &ctx())
        .remove(0)
        .ids()
        .into_iter()
        .filter(|id| *id != RANDOM_SAMPLE.id)
        .collect()
}

#[test]
fn an_ordinary_row_carries_no_flag() {
    assert!(ids(row("2026-10-13 09:30:00")).is_empty());
}

#[test]
fn after_hours_fires_in_the_evening_not_at_five_to_six() {
    assert_eq!(ids(row("2026-10-13 19:42:10")), ["after_hours"]);
    assert_eq!(ids(row("2026-10-13 06:30:00")), ["after_hours"]);
    assert!(ids(row("2026-10-13 17:59:59")).is_empty());
    assert!(ids(row("2026-10-13 07:00:00")).is_empty());
}

#[test]
fn night_fires_after_ten_not_before() {
    assert_eq!(ids(row("2026-10-13 23:15:03")), ["night"]);
    assert_eq!(ids(row("2026-10-14 05:59:00")), ["night"]);
    assert_eq!(ids(row("2026-10-13 21:59:59")), ["after_hours"]);
}

#[test]
fn weekends_and_holidays_fire_fridays_do_not() {
    assert_eq!(ids(row("2026-10-11 14:10:27")), ["weekend_holiday"]);
    let easter_monday = evaluate(&[row("2026-04-06 10:00:00")], &ctx());
    assert_eq!(easter_monday[0].ids(), ["weekend_holiday"]);
    assert!(easter_monday[0].hits[0].detail.contains("Annandag påsk"));
    assert_eq!(ids(row("2026-05-14 10:00:00")), ["weekend_holiday"]);
    assert_eq!(ids(row("2026-06-19 10:00:00")), ["weekend_holiday"]);
    assert!(ids(row("2026-10-30 10:00:00")).is_empty());
    assert!(ids(row("2026-04-07 10:00:00")).is_empty());
}

#[test]
fn same_surname_fires_on_a_shared_part_not_on_a_similar_name() {
    let mut r = row("2026-10-13 09:30:00");
    r.user = "Sara Berg".into();
    r.student = "Liam Berg".into();
    assert_eq!(ids(r.clone()), ["same_surname"]);
    r.user = "Lindqvist-Berg, Maria".into();
    assert_eq!(ids(r.clone()), ["same_surname"]);
    r.user = "Sara Berglund".into();
    assert!(ids(r).is_empty());
}

#[test]
fn protected_identity_fires_on_the_marking_only() {
    let mut r = row("2026-10-13 09:30:00");
    r.student = "Skyddad identitet".into();
    assert_eq!(ids(r.clone()), ["protected_identity"]);
    r.student = "Skydd Andersson".into();
    assert!(ids(r).is_empty());
}

#[test]
fn unit_mismatch_fires_on_another_school_not_on_a_longer_name() {
    let mut r = row("2026-10-13 09:30:00");
    r.user_unit = "Bergsskolan 7–9".into();
    assert_eq!(ids(r.clone()), ["unit_mismatch"]);
    r.user_unit = "Exempelskolan F–9 (Grundskoleförvaltningen)".into();
    assert!(ids(r).is_empty());
}

#[test]
fn print_delete_and_emergency_fire_writing_does_not() {
    let mut r = row("2026-10-13 09:30:00");
    for (action, id) in [
        (PmoAction::Print, "print"),
        (PmoAction::Delete, "delete"),
        (PmoAction::Emergency, "emergency_access"),
    ] {
        r.action = action;
        assert_eq!(ids(r.clone()), [id]);
    }
    r.action = PmoAction::Write;
    assert!(ids(r).is_empty());
}

#[test]
fn role_mismatch_fires_outside_the_roles_journals() {
    let mut r = row("2026-10-13 09:30:00");
    r.role = "Kurator".into();
    r.record_type = "Psykologjournal".into();
    assert_eq!(ids(r.clone()), ["role_mismatch"]);
    r.record_type = "Kuratorsjournal".into();
    assert!(ids(r.clone()).is_empty());
    r.record_type = "Elevakt".into();
    assert!(ids(r.clone()).is_empty());
    r.role = "Specialpedagog".into();
    r.record_type = "EMI-journal".into();
    assert_eq!(ids(r), ["role_mismatch"]);
}

#[test]
fn repeat_user_fires_for_an_earlier_deviator_only() {
    let mut c = ctx();
    c.earlier_deviators.insert("kali01".into());
    let f = evaluate(&[row("2026-10-13 09:30:00")], &c);
    assert_eq!(f[0].ids(), ["repeat_user"]);
    c.earlier_deviators = ["omha02".to_owned()].into();
    assert!(
        evaluate(&[row("2026-10-13 09:30:00")], &c)[0]
            .hits
            .is_empty()
    );
}

/// A user's ordinary month: `per_day` students on each weekday of October.
fn month_of(user: &str, per_day: usize) -> Vec<PmoRecord> {
    let mut rows = Vec::new();
    for day in (1..=30).filter(|d| ![3, 4, 10, 11, 17, 18, 24, 25].contains(d)) {
        for s in 0..per_day {
            let mut r = row(&format!("2026-10-{day:02} {:02}:10:00", 8 + s));
            r.user_id = user.into();
            r.student_id = format!("2015{:04}-T{s:03}", day);
            r.action = PmoAction::Write;
            rows.push(r);
        }
    }
    rows
}

#[test]
fn volume_outlier_fires_far_above_the_baseline_not_just_above() {
    let mut rows = month_of("kali01", 3);
    let base = rows.len();
    for k in 0..32 {
        let mut r = row(&format!("2026-10-14 13:{:02}:{:02}", k, k));
        r.student_id = format!("2014{k:04}-T{k:03}");
        rows.push(r);
    }
    let f = evaluate(&rows, &ctx());
    assert!(f[base..].iter().all(|f| f.has(&VOLUME_OUTLIER)));
    // The user's other days stay unflagged (the outlier day's usual rows are part of it).
    assert!(
        (0..base)
            .filter(|&i| rows[i].time.day() != 14)
            .all(|i| !f[i].has(&VOLUME_OUTLIER))
    );
    // Fourteen students on a day is busy, but under the floor.
    let mut rows = month_of("kali01", 3);
    for k in 0..11 {
        let mut r = row(&format!("2026-10-14 13:{:02}:{:02}", k * 3, k));
        r.student_id = format!("2014{k:04}-T{k:03}");
        rows.push(r);
    }
    assert!(
        evaluate(&rows, &ctx())
            .iter()
            .all(|f| !f.has(&VOLUME_OUTLIER))
    );
}

#[test]
fn student_outlier_fires_for_many_users_not_for_a_few() {
    let mut rows = Vec::new();
    // Forty students each seen by two users.
    for s in 0..40 {
        for u in 0..2 {
            let mut r = row(&format!("2026-10-{:02} {:02}:{s:02}:00", 5 + s % 20, 8 + u));
            r.student_id = format!("20150101-T{s:03}");
            r.user_id = format!("u{u}");
            r.action = PmoAction::Write;
            rows.push(r);
        }
    }
    let popular = |n: usize| -> Vec<PmoRecord> {
        (0..n)
            .map(|u| {
                let mut r = row(&format!("2026-10-19 {:02}:00:00", 8 + u % 8));
                r.student_id = "20150312-T999".into();
                r.user_id = format!("v{u}");
                r.action = PmoAction::Write;
                r
            })
            .collect()
    };
    let mut many = rows.clone();
    many.extend(popular(14));
    let f = evaluate(&many, &ctx());
    assert!(f[80..].iter().all(|f| f.has(&STUDENT_OUTLIER)));
    assert!(f[..80].iter().all(|f| !f.has(&STUDENT_OUTLIER)));
    let mut few = rows;
    few.extend(popular(8));
    assert!(
        evaluate(&few, &ctx())
            .iter()
            .all(|f| !f.has(&STUDENT_OUTLIER))
    );
}

#[test]
fn read_without_write_needs_three_days_and_no_note() {
    let days = |n: usize| -> Vec<PmoRecord> {
        (0..n)
            .map(|k| row(&format!("2026-10-{:02} 15:30:00", 5 + 7 * k)))
            .collect()
    };
    let f = evaluate(&days(3), &ctx());
    assert!(f.iter().all(|f| f.has(&READ_WITHOUT_WRITE)));
    assert!(
        evaluate(&days(2), &ctx())
            .iter()
            .all(|f| !f.has(&READ_WITHOUT_WRITE))
    );
    let mut wrote = days(4);
    let mut note = row("2026-10-06 10:00:00");
    note.action = PmoAction::Sign;
    wrote.push(note);
    assert!(
        evaluate(&wrote, &ctx())
            .iter()
            .all(|f| !f.has(&READ_WITHOUT_WRITE))
    );
}

#[test]
fn list_burst_fires_within_seconds_not_over_minutes() {
    let burst = |step: i64| -> Vec<PmoRecord> {
        (0..12)
            .map(|k| {
                let mut r = row("2026-10-21 10:00:01");
                r.time += chrono::Duration::seconds(k * step / 4);
                r.student_id = format!("20140101-T{k:03}");
                r.document = "Klasslista".into();
                r
            })
            .collect()
    };
    let f = evaluate(&burst(1), &ctx());
    assert!(f.iter().all(|f| f.ids() == ["list_burst"]), "{f:?}");
    assert!(f[0].score() < 0.5);
    assert!(
        evaluate(&burst(40), &ctx())
            .iter()
            .all(|f| !f.has(&LIST_BURST))
    );
}

#[test]
fn random_sample_is_reproducible_and_only_among_unflagged_rows() {
    let mut rows = month_of("kali01", 4);
    rows.push(row("2026-10-13 23:00:00"));
    let mut c = ctx();
    c.thresholds.sample_share = 0.02;
    let a = evaluate(&rows, &c);
    let b = evaluate(&rows, &c);
    assert_eq!(a, b);
    let drawn: Vec<usize> = (0..rows.len())
        .filter(|&i| a[i].has(&RANDOM_SAMPLE))
        .collect();
    let unflagged = a.iter().filter(|f| !f.flagged()).count();
    assert_eq!(drawn.len(), (unflagged as f64 * 0.02).ceil() as usize);
    assert!(drawn.iter().all(|&i| a[i].hits.len() == 1));
    // Another period draws other rows.
    c.label = "2026-11".into();
    let other = evaluate(&rows, &c);
    let drawn_other: Vec<usize> = (0..rows.len())
        .filter(|&i| other[i].has(&RANDOM_SAMPLE))
        .collect();
    assert_ne!(drawn, drawn_other);
}

#[test]
fn score_is_the_sum_of_the_weights() {
    let mut r = row("2026-10-17 22:47:31");
    r.user = "Sara Berg".into();
    r.student = "Liam Berg".into();
    let f = evaluate(&[r], &ctx()).remove(0);
    assert_eq!(f.ids(), ["same_surname", "night", "weekend_holiday"]);
    assert!((f.score() - (3.0 + 2.0 + 1.5)).abs() < 1e-9);
    assert_eq!(f.reasons(crate::i18n::Lang::Sv).len(), 3);
}

#[test]
fn reasons_read_in_the_chosen_language() {
    let f = evaluate(&[row("2026-10-11 14:10:27")], &ctx()).remove(0);
    assert_eq!(
        f.reasons(crate::i18n::Lang::En),
        ["Weekend or public holiday (Sunday)"]
    );
    assert_eq!(
        f.reasons(crate::i18n::Lang::Sv),
        ["Helg eller helgdag (söndag)"]
    );
}
