//! A static text in both languages: the unit of shared knowledge (facts, explain entries).

use crate::diagnose::Localized;
use crate::report::Lang;

/// A fixed text in English and Chinese.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    pub en: &'static str,
    pub zh: &'static str,
}

impl Text {
    pub const fn new(en: &'static str, zh: &'static str) -> Text {
        Text { en, zh }
    }

    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Zh => self.zh,
        }
    }

    /// As an owned [`Localized`], for findings.
    pub fn localized(self) -> Localized {
        Localized::new(self.en, self.zh)
    }
}
