//! The words of typed times: why a time someone wrote was refused.

crate::catalogue! {
    /// The words of typed-time errors.
    pub enum WhenText {
        NotATime => (
            "\"{}\" är ingen tid; skriv t.ex. 2026-10-14 22:00, 14/10 22.00, 14 okt, igår 22, 22.00, -24h eller -7d",
            "\"{}\" is not a time; write e.g. 2026-10-14 22:00, 14/10 22.00, 14 Oct, yesterday 22, 22.00, -24h or -7d",
        ),
        NoSuchDate => (
            "\"{}\" är inget datum som finns",
            "\"{}\" is not a date that exists",
        ),
        BareNumber => (
            "\"{}\" är bara ett tal; skriv en tid som {}:00 eller kl {}, eller ett datum som 2026-10-14",
            "\"{}\" is only a number; write a time like {}:00 or kl {}, or a date like 2026-10-14",
        ),
        TooFarBack => (
            "\"{}\" når för långt tillbaka; ange ett datum i stället",
            "\"{}\" reaches too far back; give a date instead",
        ),
        Reversed => (
            "början {} är efter slutet {}; byt plats på dem",
            "the start {} is after the end {}; swap them",
        ),
    }
}
