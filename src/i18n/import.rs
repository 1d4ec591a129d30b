//! The import's words: recognition, refusals, the summary and the dry-run
//! preview, in Swedish and English. Texts with `{}` are filled with [`super::fill`].

crate::catalogue! {
    /// Every text the import shows a person.
    pub enum Text {
        FilesNotImported => (
            "{} av {} fil(er) importerades inte; inget från dem sparades",
            "{} of {} file(s) not imported; nothing from those was kept",
        ),
        FormatText => ("text, {}, avgränsare {}", "text, {}, delimiter {}"),
        DelimiterTab => ("tabb", "tab"),
        DelimiterOther => ("annan", "other"),
        FilesNotReadable => (
            "{} av {} fil(er) kan inte läsas som de är; en import skulle inte spara något från dem",
            "{} of {} file(s) could not be read as they are; an import would keep nothing from those",
        ),
        UnknownSystem => (
            "okänt system \"{}\"; kända: auto, {}",
            "unknown system \"{}\"; known: auto, {}",
        ),
        Cancelled => (
            "{}: importen avbröts; inget från den sparades",
            "{}: import cancelled; nothing from it was kept",
        ),
        InputControl => (
            "texten innehåller styrtecknet {} vid tecken {}; skriv den utan det",
            "the text holds the control character {} at character {}; type it without it",
        ),
        InputBidi => (
            "texten innehåller riktningstecknet {} vid tecken {}, som kan visa texten i en annan ordning än den skrevs; skriv den utan det",
            "the text holds the bidirectional control {} at character {}, which can make it display in another order than it is written; type it without it",
        ),
        KindDirectory => ("en katalog", "a directory"),
        KindFifo => ("en namngiven rörledning (FIFO)", "a named pipe (FIFO)"),
        KindSocket => ("en socket", "a socket"),
        KindDevice => ("en enhet", "a device"),
        KindOther => ("något annat än en fil", "something other than a file"),
        NotAFile => (
            "{}: är {}, inte en vanlig fil; bara vanliga filer läses: spara exporten som en fil och importera den",
            "{}: is {}, not a regular file; only regular files are read: save the export as a file and import that",
        ),
        SourceChanged => (
            "{}: importerad, men filen har ändrats eller bytts ut sedan den lästes, så den togs inte bort; ta bort den själv om den ska bort",
            "{}: imported, but the file changed or was replaced after it was read, so it was not removed; remove it yourself if it should go",
        ),
        Workbook => (
            "{}: inte en läsbar {}-arbetsbok ({}); filen kan vara avkortad eller skadad: exportera den igen",
            "{}: not a readable {} workbook ({}); the file may be truncated or damaged: export it again",
        ),
        Value => (
            "{}:{}:{}: väntade {} i kolumnen \"{}\", fann \"{}\"",
            "{}:{}:{}: expected {} in column \"{}\", found \"{}\"",
        ),
        ShortRow => (
            "{}:{}: raden har {} fält men rubrikraden {}; en rad som saknar fält läses inte till hälften, så inget från filen sparades (--skip-bad importerar de andra raderna)",
            "{}:{}: the row has {} fields but the header {}; a row missing fields is not half-read, so nothing from the file was kept (--skip-bad imports the other rows)",
        ),
        CutRow => (
            "{}:{}: filen slutar mitt i raden ({} av {} fält), så den är avkortad; inget från filen sparades: exportera den igen",
            "{}:{}: the file ends in the middle of this row ({} of {} fields), so it is truncated; nothing from the file was kept: export it again",
        ),
        ShortRowReject => (
            "{}:{}: raden har {} fält men rubrikraden {}",
            "{}:{}: the row has {} fields but the header {}",
        ),
        CutRowReject => (
            "{}:{}: filen slutar mitt i raden ({} av {} fält): den är avkortad",
            "{}:{}: the file ends in the middle of this row ({} of {} fields): it is truncated",
        ),
        WideRowReject => (
            "{}:{}: raden har {} fält men rubrikraden bara {} (förskjutna kolumner?)",
            "{}:{}: the row has {} fields but the header only {} (shifted columns?)",
        ),
        WideRow => (
            "{}:{}: raden har {} fält men rubrikraden bara {}; ett citattecken eller en avgränsare i ett värde har troligen förskjutit kolumnerna, så inget från filen sparades (--skip-bad importerar de andra raderna)",
            "{}:{}: the row has {} fields but the header only {}; a quote or a delimiter inside a value has probably shifted the columns, so nothing from the file was kept (--skip-bad imports the other rows)",
        ),
        UnclosedQuote => (
            "{}:{}: ett citattecken som öppnas på raden stängs aldrig, så resten av filen skulle läsas som ett enda värde; filen är avkortad eller skadad och inget från den sparades: exportera den igen",
            "{}:{}: a quote opened on this row is never closed, so the rest of the file would be read as one value; the file is truncated or damaged and nothing from it was kept: export it again",
        ),
        NoHeader => (
            "{}: hittade ingen rubrikrad som någon profil känner igen bland de första {} raderna.{} Ange kolumnerna med --map FÄLT=RUBRIK (t.ex. --map timestamp=\"När\" --map door=\"Var\"), eller välj en profil med --system",
            "{}: found no header row that a profile recognises in the first {} rows.{} Name the columns with --map FIELD=HEADER (e.g. --map timestamp=\"When\" --map door=\"Where\"), or choose a profile with --system",
        ),
        Closest => (
            " Närmast var {}, som kände igen {} kolumner men saknar {}.",
            " The closest was {}, which matched {} column(s) but lacks {}.",
        ),
        Weak => (
            "{}: kolumnerna liknar bara svagt en export från {} ({}); om det är en, kör igen med --system {}; annars ange kolumnerna med --map, t.ex. {}",
            "{}: the columns look only a little like an export from {} ({}); if it is one, run again with --system {}; otherwise name the columns with --map, e.g. {}",
        ),
        Close => (
            "{}: kan inte avgöra vilket system som skrev exporten: {} ({}) och {} ({}) passar nästan lika bra; kör igen med --system {} eller --system {}, eller ange kolumnerna med --map, t.ex. {}",
            "{}: cannot tell which system wrote this export: {} ({}) and {} ({}) fit almost equally well; run again with --system {} or --system {}, or name the columns with --map, e.g. {}",
        ),
        CandidateColumns => ("{} kolumner: {}", "{} columns: {}"),
        CandidateEvents => (
            "; {} av {} händelsetexter i dess ordalydelse",
            "; {} of {} event texts in its wording",
        ),
        CandidateCodes => ("; {} av {} händelsekoder kända", "; {} of {} event codes known"),
        CandidateCards => ("; {} av {} kortnummer i dess form", "; {} of {} card numbers in its form"),
        ByName => ("efter namnet", "by its name"),
        ByValues => ("efter värdena", "by its values"),
        AmbiguousDates => (
            "{}:{}: datumen kan läsas med dagen eller med månaden först (\"{}\"), och inget datum i filen avgör vilket; kör igen med --date-order dmy (dagen först) eller --date-order mdy (månaden först)",
            "{}:{}: the dates read either day first or month first (\"{}\") and no date in the file settles which; run again with --date-order dmy (day first) or --date-order mdy (month first)",
        ),
        ConflictingDates => (
            "{}: datumen motsäger varandra: rad {} (\"{}\") har dagen först, rad {} (\"{}\") månaden först; kontrollera exporten, eller välj ordning med --date-order dmy eller --date-order mdy",
            "{}: the dates contradict each other: row {} (\"{}\") is day first, row {} (\"{}\") month first; check the export, or choose the order with --date-order dmy or --date-order mdy",
        ),
        DayFirst => ("med dagen först", "day first"),
        MonthFirst => ("med månaden först", "month first"),
        YearFirst => ("med året först", "year first"),
        HintOrderShownBy => (", som rad {} (\"{}\") visar", ", as row {} (\"{}\") shows"),
        HintOrderGiven => (" enligt --date-order", " as --date-order says"),
        HintOtherOrder => (
            "; filens datum läses {}{}, men det här går bara att läsa {}: om filen skriver datum så, kör igen med --date-order {}",
            "; the file's dates are read {}{}, but this one only reads {}: if the file writes its dates so, run again with --date-order {}",
        ),
        HintAmbiguous => (
            "; datumet kan läsas åt båda hållen: kör igen med --date-order dmy (dagen först) eller --date-order mdy (månaden först)",
            "; the date reads either way: run again with --date-order dmy (day first) or --date-order mdy (month first)",
        ),
        HintColumn => (
            "; om \"{}\" inte är den kolumnen, ange rätt kolumn med --map {}=\"RUBRIK\", eller välj systemet med --system",
            "; if \"{}\" is not that column, name the right one with --map {}=\"HEADER\", or choose the system with --system",
        ),
        ExpectDateTime => (
            "ett datum och en tid som 2026-10-14 07:52:13",
            "a date and time like 2026-10-14 07:52:13",
        ),
        ExpectDate => ("ett datum som 2026-10-14", "a date like 2026-10-14"),
        ExpectTime => (
            "en tid som 07:52, 07:52:13, 07.52 eller 7:52 AM",
            "a time like 07:52, 07:52:13, 07.52 or 7:52 AM",
        ),
        ExpectStamp => (
            "en stämplingstyp IN, LUNCH UT, LUNCH IN eller UT",
            "a stamp type IN, LUNCH UT, LUNCH IN or UT",
        ),
        ExpectEdited => (
            "en ändringstid som 2026-10-12 08:14, eller inget",
            "an edit time like 2026-10-12 08:14, or nothing",
        ),
        ExpectEmployeeOrName => ("ett anställningsnummer eller ett namn", "an employee number or a name"),
        ExpectAction => ("en åtgärd som Läsa", "an action such as Läsa"),
        ExpectUser => ("användarens namn eller id", "the user's name or id"),
        ExpectStudent => ("elevens personnummer eller namn", "the student's personnummer or name"),
        DatesGiven => ("enligt --date-order", "as --date-order says"),
        DatesDayAbove12 => ("rad {} har \"{}\": dagen först", "row {} has \"{}\": day first"),
        DatesMonthAbove12 => ("rad {} har \"{}\": månaden först", "row {} has \"{}\": month first"),
        DatesDotted => (
            "datum med punkt skrivs med dagen först",
            "dotted dates are written day first",
        ),
        DatesNotNeeded => (
            "alla datum börjar med året, skriver ut månaden eller är datumceller",
            "every date starts with its year, names its month or is a date cell",
        ),
        Recognised => (
            "känd som {} ({}): {} kolumner på rad {} stämde: {}",
            "recognised as {} ({}): {} columns on row {} matched: {}",
        ),
        Asked => (
            "profilen {} enligt valet; rubrikrad {} ({})",
            "profile {} as asked; header on row {} ({})",
        ),
        NextBest => ("; näst bäst {} ({})", "; next best {} ({})"),
        Score => ("poäng {} mot {}", "score {} against {}"),
        Unmapped => ("inte importerade kolumner", "columns not imported"),
        NoneUnmapped => ("alla kolumner importeras", "every column is imported"),
        KnownNotKept => ("känd, sparas inte", "known, not kept"),
        Dates => ("datum", "dates"),
        RemovedThroughLink => (
            "källfilen är borttagen: {} (länken {} pekade på den och är också borttagen)",
            "source file removed: {} (the link {} named it and is removed too)",
        ),
        OtherLinks => (
            "filen har {} andra hårda länkar, som fortfarande innehåller uppgifterna",
            "the file has {} other hard links, which still hold its data",
        ),
        DryRun => (
            "provläsning: inget sparades och databasen är orörd",
            "dry run: nothing was stored and the database is untouched",
        ),
        PreviewProfile => ("profil", "profile"),
        PreviewWhy => ("varför", "why"),
        PreviewCandidates => ("prövade profiler", "profiles considered"),
        PreviewFormat => ("filformat", "format"),
        PreviewHeader => ("rubrikrad", "header row"),
        PreviewMapping => ("kolumner", "columns"),
        PreviewRows => ("rader", "rows"),
        PreviewPeriod => ("tidsperiod", "period"),
        PreviewKinds => ("händelsetyper", "event kinds"),
        PreviewFirst => ("de första raderna som de skulle sparas", "the first rows as they would be stored"),
        PreviewLayoutRows => ("rubrik-, tom- eller summarad(er)", "title, blank, header or footer row(s)"),
        PreviewRejected => ("avvisade (--skip-bad)", "rejected (--skip-bad)"),
        NotViable => ("saknar {}", "lacks {}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_has_both_languages_and_the_same_parameters() {
        for t in Text::ALL {
            let (sv, en) = t.both();
            assert!(!sv.is_empty() && !en.is_empty(), "{t:?}");
            assert_ne!(sv, en, "{t:?} is not translated");
            assert_eq!(sv.matches("{}").count(), en.matches("{}").count(), "{t:?}");
        }
    }
}
