//! The import's words: recognition, refusals, the summary and the dry-run
//! preview, in Swedish and English. Texts with `{}` are filled with [`super::fill`].

crate::catalogue! {
    /// Every text the import shows a person.
    pub enum Text {
        InputControl => (
            "texten innehåller styrtecknet {} vid tecken {}; skriv den utan det",
            "the text holds the control character {} at character {}; type it without it",
        ),
        InputBidi => (
            "texten innehåller riktningstecknet {} vid tecken {}, som kan visa texten i en annan ordning än den skrevs; skriv den utan det",
            "the text holds the bidirectional control {} at character {}, which can make it display in another order than it is written; type it without it",
        ),
    }
}
