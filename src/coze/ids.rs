//! Resource ids on the wire, and how they get damaged on the way. Coze ids (bots, workflows, workspaces)
//! are 19-digit integers, above 2^53, the largest integer a double holds exactly. Parsed as a number
//! anywhere (a JSON number read by JavaScript, a YAML or spreadsheet cell, a float in any language), an id
//! loses its last digits, and printed back it ends in zeros: `7481617032355069967` becomes
//! `7481617032355070000`, and the service answers 4200 `… does not exist` for an id nobody has
//! (xiaozhi-esp32-server#352). The fix is to quote ids as strings everywhere.

/// 2^53: above it, a double cannot hold every integer.
pub const MAX_SAFE_INTEGER: u64 = 1 << 53;

/// The most digits an id may have (today's are 19; the margin leaves room to grow).
pub const MAX_ID_DIGITS: usize = 32;

/// Whether `id` has the form of a Coze id: digits only, 1 to [`MAX_ID_DIGITS`] of them. Scenarios, the
/// doctor's variables and flags, and the sandbox's requests and world files all check ids with this.
pub fn is_numeric_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= MAX_ID_DIGITS && id.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `id` is exactly how a double prints an integer above 2^53: the shortest digits that round-trip,
/// padded with zeros. Such an id was almost certainly rounded on its way here (a real id with these
/// trailing zeros is possible, but about one in a hundred or rarer).
pub fn looks_rounded(id: &str) -> bool {
    if !(17..=20).contains(&id.len())
        || !id.bytes().all(|b| b.is_ascii_digit())
        || !id.ends_with('0')
    {
        return false;
    }
    let Ok(value) = id.parse::<u64>() else {
        return false;
    };
    if value <= MAX_SAFE_INTEGER {
        return false;
    }
    // Rounding to the nearest double is what a parser does; `Display` prints the shortest round-trip digits
    // without an exponent, as JavaScript and Go print such a number.
    #[allow(clippy::cast_precision_loss)]
    let double = value as f64;
    format!("{double}") == id
}

/// Whether the real id `id`, parsed as a double and printed back, gives `rounded`: `rounded` is `id` after
/// a trip through a number.
pub fn rounds_to(id: &str, rounded: &str) -> bool {
    if id == rounded || !is_numeric_id(id) {
        return false;
    }
    let Ok(value) = id.parse::<u64>() else {
        return false;
    };
    #[allow(clippy::cast_precision_loss)]
    let double = value as f64;
    format!("{double}") == rounded
}

/// The ids in `text` that look rounded ([`looks_rounded`]), in order, without repeats. Only whole runs of
/// digits count, so a logid (digits followed by hex) or a longer number is never taken apart.
pub fn rounded_in(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut found: Vec<&str> = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        if !bytes[index].is_ascii_digit() {
            index += 1;
            continue;
        }
        let start = index;
        while index < bytes.len() && bytes[index].is_ascii_digit() {
            index += 1;
        }
        let glued = |at: Option<&u8>| at.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
        let before = start.checked_sub(1).and_then(|at| bytes.get(at));
        if glued(before) || glued(bytes.get(index)) {
            continue;
        }
        // Digits are ASCII, so both ends are char boundaries.
        if let Some(run) = text.get(start..index)
            && looks_rounded(run)
            && !found.contains(&run)
        {
            found.push(run);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_printed_from_a_double_is_rounded() {
        // xiaozhi-esp32-server#352: the real id was 7481617032355069967.
        assert!(looks_rounded("7481617032355070000"));
        assert!(!looks_rounded("7481617032355069967"));
        // Real ids, and ids that end in a zero but are not how a double prints.
        assert!(!looks_rounded("7351411557182226472"));
        assert!(!looks_rounded("7351411557182226470"));
        // At or below 2^53 every integer survives; short numbers are not ids.
        assert!(!looks_rounded("9007199254740990"));
        assert!(!looks_rounded("1000"));
        assert!(!looks_rounded("0"));
        assert!(!looks_rounded("74816170323550700000000"));
        assert!(!looks_rounded("7481617032355070000x"));
    }

    #[test]
    fn rounded_ids_are_found_in_text_but_not_inside_other_tokens() {
        let message = "Requested resource bot_id=7481617032355070000 does not exist. Ensure you are the correct resource identifier.";
        assert_eq!(rounded_in(message), vec!["7481617032355070000"]);
        assert!(
            rounded_in("logid=7481617032355070000ABCDEF, id 7481617032355070000123").is_empty()
        );
        assert_eq!(
            rounded_in("{\"bot_id\":7481617032355070000,\"again\":7481617032355070000}"),
            vec!["7481617032355070000"]
        );
        assert!(
            rounded_in("bot_id=7481617032355069967 中文 2025031512262808CFD12772447A20A3A5")
                .is_empty()
        );
    }

    #[test]
    fn a_real_id_rounds_to_its_double() {
        assert!(rounds_to("7481617032355069967", "7481617032355070000"));
        assert!(!rounds_to("7481617032355070000", "7481617032355070000"));
        assert!(!rounds_to("7481617032355169967", "7481617032355070000"));
    }
}
