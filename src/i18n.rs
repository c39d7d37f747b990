//! The two languages of every human-facing text: [`Lang`] (chosen by `--lang` or the locale) and
//! [`Bilingual`], a text held in both, for findings, explanations and shared facts. Outcome words, probe
//! names, codes and logids are never translated: they must stay searchable.

use std::borrow::Cow;

/// Output language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// `zh` when the locale names Chinese (`zh_CN.UTF-8`, …), else `en`.
    pub fn from_locale(value: Option<&str>) -> Lang {
        match value {
            Some(locale) if locale.to_ascii_lowercase().starts_with("zh") => Lang::Zh,
            _ => Lang::En,
        }
    }

    /// The flag's language, else the one `LC_ALL` or `LANG` names.
    pub fn resolve(flag: Option<Lang>) -> Lang {
        flag.unwrap_or_else(|| {
            let locale = std::env::var("LC_ALL")
                .ok()
                .filter(|value| !value.is_empty())
                .or_else(|| std::env::var("LANG").ok());
            Lang::from_locale(locale.as_deref())
        })
    }

    /// The language's code (`en`, `zh`), as JSON reports carry it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }
}

/// A text in English and Chinese; fixed texts borrow, texts built at run time own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bilingual {
    pub en: Cow<'static, str>,
    pub zh: Cow<'static, str>,
}

impl Bilingual {
    /// A fixed text, usable in `static` tables.
    pub const fn fixed(en: &'static str, zh: &'static str) -> Bilingual {
        Bilingual {
            en: Cow::Borrowed(en),
            zh: Cow::Borrowed(zh),
        }
    }

    /// A text built at run time.
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Bilingual {
        Bilingual {
            en: Cow::Owned(en.into()),
            zh: Cow::Owned(zh.into()),
        }
    }

    /// Appends the sentences of `more`: after a space in English, directly in Chinese.
    pub fn append(&mut self, more: &Bilingual) {
        let en = self.en.to_mut();
        en.push(' ');
        en.push_str(&more.en);
        self.zh.to_mut().push_str(&more.zh);
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_locales_give_zh() {
        assert_eq!(Lang::from_locale(Some("zh_CN.UTF-8")), Lang::Zh);
        assert_eq!(Lang::from_locale(Some("en_US.UTF-8")), Lang::En);
        assert_eq!(Lang::from_locale(Some("C")), Lang::En);
        assert_eq!(Lang::from_locale(None), Lang::En);
    }

    #[test]
    fn appended_sentences_are_spaced_in_english_only() {
        let mut text = Bilingual::fixed("One.", "一。");
        text.append(&Bilingual::fixed("Two.", "二。"));
        assert_eq!(
            (text.en.as_ref(), text.zh.as_ref()),
            ("One. Two.", "一。二。")
        );
    }
}
