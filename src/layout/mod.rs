//! Terminal text layout: what a [`Screen`] is (its width, whether ambiguous characters are wide, colour,
//! ASCII only), display width ([`width`]), word wrapping with hanging indents ([`wrap`]), tables that fit
//! ([`table`]), the glyphs and colours a terminal gets. It knows nothing of Coze or of reports: the report
//! and the commands lay their text out with it.

pub mod markdown;
pub mod table;
pub mod width;
pub mod wrap;

pub use table::{Cell, Table};
pub use wrap::GLUE;

/// The width a screen has when nothing says otherwise (stdout is not a terminal and `COLUMNS` is unset).
pub const DEFAULT_COLUMNS: usize = 100;
/// The narrowest width laid out for; a narrower one is taken as this.
pub const MIN_COLUMNS: usize = 20;

/// Where text is shown and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen {
    /// Every line fits in this many columns.
    pub columns: usize,
    /// East Asian ambiguous characters are drawn two columns wide (a zh terminal).
    pub ambiguous_wide: bool,
    /// ANSI colours are allowed.
    pub colour: bool,
    /// ASCII glyphs and borders instead of emoji and box drawing.
    pub ascii: bool,
}

/// How a piece of text is coloured on a colour terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tone {
    #[default]
    Plain,
    /// Success.
    Good,
    /// A failure, a cause.
    Bad,
    /// Neither: skipped, throttled, not proved.
    Warn,
    /// Headers and headlines.
    Strong,
}

/// A glyph with an ASCII stand-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Ok,
    Fail,
    Skip,
    Warn,
    /// A case the runner added.
    FollowUp,
}

/// Unicode a plain-ASCII terminal gets in another form.
const ASCII_FORMS: &[(&str, &str)] = &[
    ("✅", "+"),
    ("❌", "x"),
    ("⏭️", "-"),
    ("⚠️", "!"),
    ("🔎", "?"),
    ("↪", "->"),
    ("→", "->"),
    ("—", "-"),
    ("–", "-"),
    ("…", "..."),
    ("·", "-"),
    ("“", "\""),
    ("”", "\""),
    ("‘", "'"),
    ("’", "'"),
    ("×", "x"),
];

impl Screen {
    /// A screen of `columns` with no colour, Unicode glyphs and narrow ambiguous characters.
    pub fn plain(columns: usize) -> Screen {
        Screen {
            columns: columns.max(MIN_COLUMNS),
            ambiguous_wide: false,
            colour: false,
            ascii: false,
        }
    }

    /// The display width of `text` on this screen.
    pub fn width(&self, text: &str) -> usize {
        width::width(text, self.ambiguous_wide)
    }

    /// One paragraph wrapped to the screen: `first` starts the first line, `rest` the others.
    pub fn wrap(&self, text: &str, first: &str, rest: &str) -> Vec<String> {
        wrap::wrap(text, self.columns, first, rest, self.ambiguous_wide)
    }

    /// A paragraph under a label, hanging after it: `Fix: Omit …` / `     permission …`. `indent` comes
    /// before the label on every line.
    pub fn labelled(&self, indent: &str, label: &str, text: &str) -> String {
        let first = format!("{indent}{label}");
        let hanging = " ".repeat(self.width(&first).min(self.columns / 3));
        let mut out = self.wrap(text, &first, &hanging).join("\n");
        out.push('\n');
        out
    }

    /// `text` with every line fitted to the screen (see [`wrap::fit_line`]), in ASCII forms on an ASCII
    /// screen. Lines that fit are kept as they are.
    pub fn fit(&self, text: &str) -> String {
        let text = if self.ascii {
            ascii_forms(text)
        } else {
            text.to_string()
        };
        let mut out = String::with_capacity(text.len());
        for line in text.split_inclusive('\n') {
            let (body, newline) = match line.strip_suffix('\n') {
                Some(body) => (body, "\n"),
                None => (line, ""),
            };
            if self.width(&without_colour(body)) <= self.columns {
                out.push_str(body);
            } else {
                out.push_str(&wrap::fit_line(body, self.columns, self.ambiguous_wide).join("\n"));
            }
            out.push_str(newline);
        }
        out
    }

    /// `text` in `tone`'s colour when the screen has colour.
    pub fn paint(&self, text: &str, tone: Tone) -> String {
        let code = match tone {
            _ if !self.colour || text.is_empty() => return text.to_string(),
            Tone::Plain => return text.to_string(),
            Tone::Good => "32",
            Tone::Bad => "31",
            Tone::Warn => "33",
            Tone::Strong => "1",
        };
        format!("\u{1b}[{code}m{text}\u{1b}[0m")
    }

    /// The glyph for `mark` on this screen.
    pub fn mark(&self, mark: Mark) -> &'static str {
        match (mark, self.ascii) {
            (Mark::Ok, false) => "✅",
            (Mark::Fail, false) => "❌",
            (Mark::Skip, false) => "⏭️",
            (Mark::Warn, false) => "⚠️",
            // Drawn one column wide by some CJK terminals, two by others: an arrow of ASCII there.
            (Mark::FollowUp, false) if !self.ambiguous_wide => "↪",
            (Mark::Ok, true) => "+",
            (Mark::Fail, true) => "x",
            (Mark::Skip, true) => "-",
            (Mark::Warn, true) => "!",
            (Mark::FollowUp, _) => "->",
        }
    }
}

/// `text` without the colour sequences [`Screen::paint`] adds (`ESC [ … m`): what the terminal shows.
pub fn without_colour(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('\u{1b}') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for code in chars.by_ref() {
                if code == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `text` with the glyphs and typographic punctuation [`ASCII_FORMS`] names replaced.
fn ascii_forms(text: &str) -> String {
    let mut text = text.to_string();
    for (unicode, ascii) in ASCII_FORMS {
        if text.contains(unicode) {
            text = text.replace(unicode, ascii);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitting_wraps_long_lines_only_and_ascii_screens_get_ascii() {
        let screen = Screen::plain(20);
        assert_eq!(screen.fit("short\n"), "short\n");
        let fitted = screen.fit("a verdict line that is far too long\nnext\n");
        assert!(
            fitted.lines().all(|line| screen.width(line) <= 20),
            "{fitted}"
        );
        assert!(fitted.ends_with("next\n"));
        let ascii = Screen {
            ascii: true,
            ..screen
        };
        assert_eq!(ascii.fit("✅ ok — “done”…"), "+ ok - \"done\"...");
    }

    #[test]
    fn colour_only_when_the_screen_has_it() {
        let screen = Screen::plain(80);
        assert_eq!(screen.paint("ok", Tone::Good), "ok");
        let colour = Screen {
            colour: true,
            ..screen
        };
        assert_eq!(colour.paint("ok", Tone::Good), "\u{1b}[32mok\u{1b}[0m");
        assert_eq!(colour.paint("ok", Tone::Plain), "ok");
        assert_eq!(without_colour(&colour.paint("ok", Tone::Bad)), "ok");
        let painted = format!("{}{}", colour.paint(&"x".repeat(18), Tone::Bad), "ab");
        assert_eq!(Screen::plain(20).fit(&painted), painted);
    }

    #[test]
    fn labelled_text_hangs_under_its_label() {
        let text = Screen::plain(30).labelled(
            "  ",
            "Fix: ",
            "Omit the scope key: the token then carries every permission.",
        );
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "  Fix: Omit the scope key: the");
        assert!(lines[1].starts_with("       token"), "{lines:?}");
    }
}
