//! The words of the exports: the request extract and the PMO review record, in PDF, XLSX
//! and CSV alike. Texts with `{}` are filled with [`super::fill`].

use super::Lang;

crate::catalogue! {
    /// Every word an export prints.
    pub enum Rep {
        // The request extract.
        ExtractTitle => ("Passageuttag {}", "Passage extract {}"),
        Reference => ("Ärende", "Reference"),
        Requester => ("Begärd av", "Requested by"),
        Unit => ("Enhet", "Unit"),
        Reason => ("Skäl", "Reason"),
        Registered => ("Registrerad", "Registered"),
        RegisteredBy => ("{} av {}", "{} by {}"),
        ScopePersons => ("Personer", "Persons"),
        ScopeReaders => ("Läsare", "Readers"),
        AllReaders => ("alla läsare", "all readers"),
        NoReaderMatches => (
            "„{}“: ingen lagrad läsare matchar",
            "“{}”: no stored reader matches",
        ),
        NoPersonMatches => (
            "„{}“: ingen lagrad person matchar",
            "“{}”: no stored person matches",
        ),
        Windows => ("Tidsfönster", "Time windows"),
        Decision => ("Beslut", "Decision"),
        NotDecided => ("inget beslut ännu", "not decided yet"),
        DecisionLine => ("{} – {} av {}: {}", "{} – {} by {}: {}"),
        TakenFurther => ("Vidare till", "Taken further"),
        EscalationLine => ("{} {} ({} av {})", "{} {} ({} by {})"),
        ExportedBy => ("Exporterad av", "Exported by"),
        ExportedAt => ("Exporttid", "Export time"),
        Rows => ("Rader", "Rows"),
        AuditHead => ("Granskningsloggens huvud", "Audit trail head"),
        RequestText => ("Begäran", "The request"),
        NoRequestText => ("(ingen text registrerad)", "(no text registered)"),
        Attachments => ("Bilagor (begäransunderlag)", "Attachments (request basis)"),
        NoAttachments => ("inga bilagor", "no attachments"),
        AttachmentLine => (
            "{}. {} – {} byte – SHA-256 {}",
            "{}. {} – {} bytes – SHA-256 {}",
        ),
        PassagesHeading => ("Passager", "Passages"),
        NoPassages => (
            "Inga passager inom begärans personer, läsare och tidsfönster.",
            "No passages within the request's persons, readers and time windows.",
        ),
        UsualHours => ("Vanliga tider", "Usual hours"),
        UsualLine => ("{}: {} ({} dagar)", "{}: {} ({} days)"),
        UsualLineOutside => (
            "{}: {} ({} dagar utanför tidsfönstren)",
            "{}: {} ({} days outside the time windows)",
        ),
        UsualUnknown => ("{}: okänt (för få passager)", "{}: unknown (too few passages)"),
        Findings => ("Kom & Gå mot passager", "Kom & Gå against passages"),
        NoFindings => ("Inga avvikelser.", "No deviations."),
        Caveats => ("Förbehåll", "Caveats"),
        NoCaveats => ("Inga.", "None."),
        ExtractFooter => (
            "{} · exporterad {} av {} · granskningsloggens huvud {}",
            "{} · exported {} by {} · audit trail head {}",
        ),
        PageOf => ("Sida {} av {}", "Page {} of {}"),
        SheetExtract => ("Uttag", "Extract"),
        SheetRequest => ("Begäran", "Request"),
        ColNo => ("Nr", "No."),
        ColTime => ("Tid", "Time"),
        ColSystem => ("System", "System"),
        ColReader => ("Läsare", "Reader"),
        ColPerson => ("Person", "Person"),
        ColEvent => ("Händelse", "Event"),
        ColEventText => ("Händelsetext", "Event text"),
        ColDirection => ("Riktning", "Direction"),
        ColSource => ("Källa (fil:rad)", "Source (file:row)"),
        ColDeviations => ("Avvikelser", "Deviations"),
        ColClock => ("Klocka", "Clock"),
        ClockFirstPass => (
            "upprepad timme, första gången (+02:00, sommartid)",
            "repeated hour, first pass (+02:00, summer time)",
        ),
        ClockSecondPass => (
            "upprepad timme, andra gången (+01:00, vintertid)",
            "repeated hour, second pass (+01:00, winter time)",
        ),
        ClockUncertain => (
            "upprepad timme, okänt vilken gång (taget som +02:00)",
            "repeated hour, pass unknown (taken as +02:00)",
        ),
        ClockSkipped => (
            "tiden finns inte (sommartid började); taget som +01:00",
            "no such time (summer time began); taken as +01:00",
        ),
        DirIn => ("in", "in"),
        DirOut => ("ut", "out"),
        ReasonTheft => ("misstänkt stöld", "suspected theft"),
        ReasonTimefraud => (
            "misstänkt fusk med tidrapportering (Kom & Gå)",
            "suspected cheating on time reporting (Kom & Gå)",
        ),
        ReasonBreach => ("misstänkt dataintrång", "suspected data breach"),
        ReasonOther => ("annat misstänkt brott", "other suspected crime"),
        OutcomeWritten => ("utlämnat skriftligt", "released in writing"),
        OutcomeOral => ("besvarat muntligt", "answered orally"),
        OutcomeNone => ("inget utlämnat", "nothing released"),
        ToMedcontrol => ("avvikelse i MedControl PRO", "deviation in MedControl PRO"),
        ToPolice => ("polisanmälan", "police report"),
        ToIntraservice => ("Intraservice", "Intraservice"),

        // The PMO review record.
        PmoTitle => (
            "Logg elevåtkomst – granskning {} – {}",
            "PMO access log (Logg elevåtkomst) – review {} – {}",
        ),
        PmoFooter => (
            "Logg elevåtkomst – {} – period {} – {}",
            "PMO access log – {} – period {} – {}",
        ),
        SheetReview => ("Granskning", "Review"),
        Period => ("Period", "Period"),
        Reviewer => ("Granskare", "Reviewer"),
        ReviewDate => ("Granskningsdatum", "Review date"),
        NotSignedOff => ("ej avslutad (inte signerad)", "not finished (not signed off)"),
        Consulted => ("Konsulterade", "Consulted"),
        RowsLine => (
            "{} i kronologisk ordning; {} flaggade av regler, {} i stickprov",
            "{} in chronological order; {} flagged by rules, {} in the random sample",
        ),
        Verdicts => ("Bedömningar", "Verdicts"),
        VerdictsLine => (
            "OK {}, avvikelse {}, utreds {}, utan bedömning {}",
            "OK {}, deviation {}, investigate {}, not judged {}",
        ),
        Escalations => ("Eskaleringar", "Escalations"),
        NoEscalations => ("inga", "none"),
        PmoEscalationLine => (
            "rad {} till {} (ref. {}) av {} {}",
            "row {} to {} (ref. {}) by {} {}",
        ),
        Summary => ("Sammanfattning", "Summary"),
        SeeAfterTable => ("se efter tabellen", "see after the table"),
        Purged => ("Gallras", "Purged"),
        PurgedLine => (
            "efter {} (periodens slut + {} år)",
            "after {} (end of period + {} years)",
        ),
        SourceFile => ("Källfil (SHA-256)", "Source file (SHA-256)"),
        Exported => ("Exporterad", "Exported"),
        ExportedLine => ("{} av {}", "{} by {}"),
        SameEveryRow => ("{} (alla rader)", "{} (every row)"),
        OtherUnitInBrackets => (
            "{}; en annan enhet står inom parentes efter namnet",
            "{}; another unit is given in brackets after the name",
        ),
        ColId => ("ID", "ID"),
        ColUser => ("Användare", "User"),
        ColRole => ("Yrkesroll", "Role"),
        ColUserUnitAll => ("Användarens enhet", "User's unit"),
        ColStudentId => ("Personnummer", "Personal identity no."),
        ColStudent => ("Elev", "Student"),
        ColStudentUnitAll => ("Elevens skola", "Student's school"),
        ColClass => ("Klass", "Class"),
        ColRecordType => ("Journaltyp", "Record type"),
        ColDocument => ("Dokument/Vy", "Document/view"),
        ColAction => ("Händelse", "Action"),
        ColFlags => ("Flaggor", "Flags"),
        ColComment => ("Kommentar", "Comment"),
        Legend => ("Flaggor: reglerna som slog till", "Flags: the rules that fired"),
        NoFlags => ("Ingen regel slog till under perioden.", "No rule fired in the period."),
        MoreFacts => ("Fler uppgifter om granskningen", "More about the review"),
        Attest => ("Granskningen intygas", "Review attested"),
        Signature => ("Underskrift", "Signature"),
        NamePrinted => ("Namnförtydligande", "Name in print"),
        Date => ("Datum", "Date"),
        VerdictOk => ("OK", "OK"),
        VerdictDeviation => ("Avvikelse", "Deviation"),
        VerdictInvestigate => ("Utreds", "Investigate"),
        ToIntraservicePmo => ("Intraservice", "Intraservice"),
        ToVerksamhetschef => ("verksamhetschef (HSL)", "head of operations (HSL)"),
        ToImy => ("IMY (personuppgiftsincident)", "IMY (personal data breach)"),
        ToUnknown => ("okänd mottagare", "unknown recipient"),
        ActRead => ("Läsa", "Read"),
        ActWrite => ("Skriva", "Write"),
        ActSign => ("Signera", "Sign"),
        ActPrint => ("Utskrift", "Print"),
        ActDelete => ("Radera", "Delete"),
        ActEmergency => ("Nödöppning", "Emergency access"),

        // Short names of the PMO rules for the Flags column; the legend gives each in full.
        RuleProtectedIdentity => ("skyddad identitet", "protected identity"),
        RuleSameSurname => ("samma efternamn", "same surname"),
        RuleEmergencyAccess => ("nödöppning", "emergency access"),
        RuleDelete => ("radering", "deletion"),
        RulePrint => ("utskrift", "printed"),
        RuleRoleMismatch => ("roll–journaltyp", "role vs record type"),
        RuleUnitMismatch => ("annan enhet", "other unit"),
        RuleNight => ("nattetid", "night"),
        RuleWeekendHoliday => ("helg/helgdag", "weekend/holiday"),
        RuleAfterHours => ("utanför skoltid", "after hours"),
        RuleVolumeOutlier => ("många elever", "many students"),
        RuleStudentOutlier => ("många användare", "many users"),
        RuleReadWithoutWrite => ("läst utan att dokumentera", "read, not documented"),
        RuleRepeatUser => ("tidigare avvikelse", "earlier deviation"),
        RuleListBurst => ("listvy", "list view"),
        RuleRandomSample => ("stickprov", "random sample"),
    }
}

impl Rep {
    pub fn fill(self, lang: Lang, args: &[&dyn std::fmt::Display]) -> String {
        super::fill(self.text(lang), args)
    }
}

/// The short name of a PMO rule by its id; `None` for an id this catalogue does not know.
pub fn rule_name(id: &str) -> Option<Rep> {
    Some(match id {
        "protected_identity" => Rep::RuleProtectedIdentity,
        "same_surname" => Rep::RuleSameSurname,
        "emergency_access" => Rep::RuleEmergencyAccess,
        "delete" => Rep::RuleDelete,
        "print" => Rep::RulePrint,
        "role_mismatch" => Rep::RuleRoleMismatch,
        "unit_mismatch" => Rep::RuleUnitMismatch,
        "night" => Rep::RuleNight,
        "weekend_holiday" => Rep::RuleWeekendHoliday,
        "after_hours" => Rep::RuleAfterHours,
        "volume_outlier" => Rep::RuleVolumeOutlier,
        "student_outlier" => Rep::RuleStudentOutlier,
        "read_without_write" => Rep::RuleReadWithoutWrite,
        "repeat_user" => Rep::RuleRepeatUser,
        "list_burst" => Rep::RuleListBurst,
        "random_sample" => Rep::RuleRandomSample,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_export_word_has_both_languages_with_the_same_placeholders() {
        for m in Rep::ALL {
            let (sv, en) = m.both();
            assert!(!sv.is_empty() && !en.is_empty(), "{m:?}");
            assert_eq!(sv.matches("{}").count(), en.matches("{}").count(), "{m:?}");
        }
    }

    #[test]
    fn every_pmo_rule_has_a_short_name() {
        for rule in crate::rules::pmo::ALL {
            assert!(rule_name(rule.id).is_some(), "{}", rule.id);
        }
    }
}
