//! The screen stdout is, worked out once per command: its width (`--width`, else `COLUMNS`, else the
//! terminal's, else 100 when stdout is not a terminal), colour (only on a terminal, never with `NO_COLOR`
//! or `TERM=dumb`; `CLICOLOR_FORCE` forces it), ASCII glyphs (`--ascii` or `TERM=dumb`), and wide
//! ambiguous characters (a zh report language or locale). Everything a command prints on stdout is fitted
//! to it here.

use std::io::IsTerminal;
use std::sync::OnceLock;

use crate::i18n::Lang;
use crate::layout::{DEFAULT_COLUMNS, MIN_COLUMNS, Screen};
use crate::redact;

/// The global flags that shape the screen.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScreenFlags {
    pub width: Option<u16>,
    pub ascii: bool,
}

/// The widths `--width` takes.
pub const WIDTHS: std::ops::RangeInclusive<u16> = 20..=1000;

/// A `--width` value: a number of columns in [`WIDTHS`]; the error says which.
pub fn parse_width(value: &str) -> Result<u16, String> {
    value
        .parse::<u16>()
        .ok()
        .filter(|width| WIDTHS.contains(width))
        .ok_or_else(|| format!("{}..={}", WIDTHS.start(), WIDTHS.end()))
}

static FLAGS: OnceLock<ScreenFlags> = OnceLock::new();

/// Records the global flags (once, before the command runs).
pub fn set_flags(flags: ScreenFlags) {
    let _ = FLAGS.set(flags);
}

/// The screen for a command whose text is in `lang`.
pub fn screen(lang: Lang) -> Screen {
    let flags = FLAGS.get().copied().unwrap_or_default();
    let variable = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
    let terminal = std::io::stdout().is_terminal();
    let dumb = variable("TERM").is_some_and(|term| term == "dumb");
    let columns = flags
        .width
        .map(usize::from)
        .or_else(|| variable("COLUMNS").and_then(|columns| columns.trim().parse::<usize>().ok()))
        .or_else(|| {
            terminal
                .then(|| terminal_size::terminal_size_of(std::io::stdout()))
                .flatten()
                .map(|(terminal_size::Width(width), _)| usize::from(width))
        })
        .unwrap_or(DEFAULT_COLUMNS)
        .max(MIN_COLUMNS);
    let forced = variable("CLICOLOR_FORCE").is_some_and(|value| value != "0");
    let colour = variable("NO_COLOR").is_none() && (forced || (terminal && !dumb));
    let cjk_locale = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|name| variable(name))
        .is_some_and(|locale| {
            let locale = locale.to_ascii_lowercase();
            ["zh", "ja", "ko"]
                .iter()
                .any(|prefix| locale.starts_with(prefix))
        });
    Screen {
        columns,
        ambiguous_wide: lang == Lang::Zh || cjk_locale,
        colour,
        ascii: flags.ascii || dumb,
    }
}

/// Whether a width was asked for: stdout is a terminal, or `COLUMNS` or `--width` is set. A command whose
/// answer is a document (`diff`'s markdown) prints it as it is otherwise.
pub fn width_asked() -> bool {
    FLAGS.get().is_some_and(|flags| flags.width.is_some())
        || std::env::var_os("COLUMNS").is_some_and(|columns| !columns.is_empty())
        || std::io::stdout().is_terminal()
}

/// Prints `text` on stdout, redacted, every line fitted to `screen`; sanitised too unless the screen has
/// colour, whose sequences the layout put in.
pub fn print(screen: &Screen, text: &str) {
    let fitted = screen.fit(&redact::redact(text));
    if screen.colour {
        super::output::print_coloured(&fitted);
    } else {
        super::print_redacted(&fitted);
    }
}
