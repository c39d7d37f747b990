//! Display width: how many terminal columns a text takes. CJK ideographs and emoji take two; East Asian
//! ambiguous characters (`→ — … · “ ” │ ─`) take two where the terminal shows them wide (a zh terminal) and
//! one elsewhere. Whole strings are measured, so that an emoji presentation sequence (`⏭️`, `⚠️`) counts
//! as the terminal draws it.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Characters the East Asian width tables call neutral that CJK terminals still draw wide.
const WIDE_IN_CJK_TERMINALS: &[char] = &['↪'];

/// The display width of `text`; `ambiguous_wide` counts ambiguous characters as two columns.
pub fn width(text: &str, ambiguous_wide: bool) -> usize {
    if ambiguous_wide {
        let extra = text
            .chars()
            .filter(|c| WIDE_IN_CJK_TERMINALS.contains(c))
            .count();
        text.width_cjk() + extra
    } else {
        text.width()
    }
}

/// Whether `c` is drawn two columns wide whatever the terminal (ideographs, kana, hangul, full-width forms):
/// a line may break before or after it without a space, as CJK text does.
pub fn is_wide(c: char) -> bool {
    c.width().unwrap_or(0) >= 2 && !is_emoji_range(c)
}

/// Emoji are wide too, but a line never breaks next to one without a space.
fn is_emoji_range(c: char) -> bool {
    matches!(u32::from(c), 0x2600..=0x27BF | 0x1F000..=0x1FAFF | 0x2300..=0x23FF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ambiguous_characters_are_wide_only_in_cjk_terminals() {
        assert_eq!(width("→ — …", false), 5);
        assert_eq!(width("→ — …", true), 8);
        assert_eq!(width("↪ a", true), 4);
        assert_eq!(width("用例", false), 4);
        assert_eq!(width("✅ ok", false), 5);
        assert_eq!(width("⏭️ skipped", false), 10);
    }

    #[test]
    fn ideographs_break_anywhere_emoji_do_not() {
        assert!(is_wide('用'));
        assert!(is_wide('，'));
        assert!(!is_wide('✅'));
        assert!(!is_wide('a'));
    }
}
