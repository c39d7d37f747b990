//! What `cozescope explain` reads: its arguments joined with spaces, or stdin. A long text is read at its
//! ends (its first and last [`SCAN_LIMIT`] bytes, where an error in a log is), stdin as a stream so that
//! its real end is read whatever its size, up to [`MAX_STDIN_BYTES`]; the answer says when only part of
//! the input was read. Stdin may be UTF-8 or UTF-16 with a byte-order mark; a binary file is refused.

use std::ffi::OsString;
use std::io::{IsTerminal, Read};

use crate::coze::pasted::SCAN_LIMIT;

/// The most read from stdin: past it, the rest is not read (and the answer says so).
pub const MAX_STDIN_BYTES: u64 = 256 << 20;

/// What `explain` reads of its input.
#[derive(Debug)]
pub struct Input {
    pub text: String,
    /// Set when only part of the input was read.
    pub partial: Option<Partial>,
}

/// How much of an input was read, when not all of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Partial {
    /// A long text: its first and last [`SCAN_LIMIT`] bytes of `total` were read.
    Ends { total: u64 },
    /// Stdin went on past [`MAX_STDIN_BYTES`]: its ends up to there were read, the rest not at all.
    Cut { read: u64 },
}

impl Partial {
    /// The note shown with the answer.
    pub fn note(self) -> String {
        let window = SCAN_LIMIT / 1024;
        match self {
            Partial::Ends { total } => format!(
                "note: only part of the input was read: it is {}, and explain reads its first and last {window} KiB (where a log's error is); to have other lines read, paste the lines around the error",
                size(total)
            ),
            Partial::Cut { read } => format!(
                "note: only part of the input was read: stdin was read up to {} and the rest was not read; explain read the first {window} KiB and the {window} KiB before that point; to have the end read, paste the lines around the error",
                size(read)
            ),
        }
    }
}

fn size(bytes: u64) -> String {
    const MIB: u64 = 1 << 20;
    if bytes >= MIB {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

/// The text to explain: the arguments joined with spaces (bytes that are not UTF-8 become `�`), or stdin
/// for `-` or for no argument when stdin is not a terminal.
pub fn read(query: &[OsString]) -> Result<Input, String> {
    let from_stdin = match query {
        [] => !std::io::stdin().is_terminal(),
        [only] => only == "-",
        _ => false,
    };
    if from_stdin {
        return read_stream(std::io::stdin().lock(), MAX_STDIN_BYTES)
            .map_err(|error| format!("cannot read stdin: {error}"));
    }
    if query.is_empty() {
        return Err("give a CODE|TEXT to explain, or `-` to read it from stdin".into());
    }
    let text = query
        .iter()
        .map(|part| part.to_string_lossy())
        .collect::<Vec<_>>()
        .join(" ");
    let total = text.len() as u64;
    let partial = (text.len() > 2 * SCAN_LIMIT).then_some(Partial::Ends { total });
    Ok(Input { text, partial })
}

/// Reads `reader` to its end (at most `limit` bytes), keeping only its first and last [`SCAN_LIMIT`]
/// bytes, so that memory stays bounded whatever the size.
fn read_stream(mut reader: impl Read, limit: u64) -> std::io::Result<Input> {
    let mut head: Vec<u8> = Vec::with_capacity(SCAN_LIMIT);
    let mut tail: Vec<u8> = Vec::new();
    let mut total: u64 = 0;
    let mut chunk = vec![0u8; 64 * 1024];
    let mut cut = false;
    loop {
        let room = usize::try_from(limit.saturating_sub(total))
            .unwrap_or(usize::MAX)
            .min(chunk.len());
        if room == 0 {
            // One more byte tells a stream that ends exactly at the limit from one that goes on.
            cut = reader.read(&mut chunk[..1])? > 0;
            break;
        }
        let read = match reader.read(&mut chunk[..room]) {
            Ok(0) => break,
            Ok(read) => read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        total += read as u64;
        let mut bytes = &chunk[..read];
        let to_head = (SCAN_LIMIT - head.len()).min(bytes.len());
        head.extend_from_slice(&bytes[..to_head]);
        bytes = &bytes[to_head..];
        tail.extend_from_slice(bytes);
        // Past the head, only the last SCAN_LIMIT bytes matter (trimmed in batches, so linear).
        if tail.len() > 2 * SCAN_LIMIT {
            tail.drain(..tail.len() - SCAN_LIMIT);
        }
    }
    let encoding = Encoding::of(&head);
    if total <= 2 * SCAN_LIMIT as u64 {
        head.extend_from_slice(&tail);
        return Ok(Input {
            text: decode(&head),
            partial: None,
        });
    }
    if tail.len() > SCAN_LIMIT {
        tail.drain(..tail.len() - SCAN_LIMIT);
    }
    let tail_starts_at = total - tail.len() as u64;
    let text = format!(
        "{}\n{}",
        decode(&head),
        encoding.decode_from_middle(&tail, tail_starts_at)
    );
    let partial = if cut {
        Partial::Cut { read: total }
    } else {
        Partial::Ends { total }
    };
    Ok(Input {
        text,
        partial: Some(partial),
    })
}

/// How stdin's bytes are text, from its byte-order mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
}

impl Encoding {
    fn of(head: &[u8]) -> Encoding {
        match head {
            [0xFF, 0xFE, ..] => Encoding::Utf16Le,
            [0xFE, 0xFF, ..] => Encoding::Utf16Be,
            _ => Encoding::Utf8,
        }
    }

    /// Bytes that start at `offset` of the stream, possibly inside a character.
    fn decode_from_middle(self, bytes: &[u8], offset: u64) -> String {
        match self {
            Encoding::Utf8 => {
                let start = bytes
                    .iter()
                    .position(|byte| byte & 0xC0 != 0x80)
                    .unwrap_or(bytes.len());
                String::from_utf8_lossy(&bytes[start..]).into_owned()
            }
            Encoding::Utf16Le | Encoding::Utf16Be => {
                let start = usize::from(offset % 2 == 1).min(bytes.len());
                utf16(&bytes[start..], self == Encoding::Utf16Le)
            }
        }
    }
}

fn utf16(bytes: &[u8], little_endian: bool) -> String {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|pair| {
            let pair = [pair[0], pair[1]];
            if little_endian {
                u16::from_le_bytes(pair)
            } else {
                u16::from_be_bytes(pair)
            }
        })
        .collect();
    String::from_utf16_lossy(&units)
}

/// Stdin as text: UTF-8, or UTF-16 when it starts with a byte-order mark (what a Windows shell's `>`
/// writes); bytes that are not text become `�`.
fn decode(bytes: &[u8]) -> String {
    match bytes {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, true),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, false),
        [0xEF, 0xBB, 0xBF, rest @ ..] => String::from_utf8_lossy(rest).into_owned(),
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// The share (in %) of `text` that is not text — bytes that were not UTF-8, control characters other than
/// line breaks, tabs and terminal colours — when it is so large that the input is a binary file.
pub fn binary_share(text: &str) -> Option<usize> {
    // A log pasted with a few stray bytes or colour codes is still text; a binary file is mostly not.
    const BINARY_PERCENT: usize = 30;
    let mut total = 0usize;
    let mut binary = 0usize;
    for c in text.chars() {
        total += 1;
        if c == char::REPLACEMENT_CHARACTER
            || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{1b}'))
        {
            binary += 1;
        }
    }
    let share = binary * 100 / total.max(1);
    (total >= 16 && share >= BINARY_PERCENT).then_some(share)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_with_a_byte_order_mark_is_read_as_text() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("code: 4101 权限".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&le), "code: 4101 权限");
        let mut be = vec![0xFE, 0xFF];
        be.extend("code: 4101".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be), "code: 4101");
        assert_eq!(decode(b"\xEF\xBB\xBFcode: 4101"), "code: 4101");
    }

    #[test]
    fn a_binary_file_is_not_text_but_a_log_with_stray_bytes_is() {
        let random: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        assert!(binary_share(&decode(&random)).is_some());
        let log = "2025-11-25 \u{1b}[31mERROR\u{1b}[0m code: 4101 \u{fffd}\u{fffd} msg: denied\n"
            .repeat(20);
        assert_eq!(binary_share(&log), None);
        assert_eq!(binary_share("\u{fffd}\u{fffd}"), None, "too short to judge");
    }

    #[test]
    fn a_short_stream_is_read_whole() {
        let input = read_stream("code: 4101".as_bytes(), MAX_STDIN_BYTES).expect("read");
        assert_eq!(input.text, "code: 4101");
        assert_eq!(input.partial, None);
    }

    #[test]
    fn a_long_stream_is_read_at_both_ends_and_says_so() {
        let mut log = "heartbeat ok 权限\n".repeat(100_000);
        log.push_str("code: 4028, msg: quota");
        let total = log.len() as u64;
        let input = read_stream(log.as_bytes(), MAX_STDIN_BYTES).expect("read");
        assert!(input.text.ends_with("code: 4028, msg: quota"));
        assert!(input.text.starts_with("heartbeat ok 权限\n"));
        assert!(input.text.len() <= 2 * SCAN_LIMIT + 1);
        assert_eq!(input.partial, Some(Partial::Ends { total }));
        assert!(input.partial.expect("partial").note().contains("MiB"));
    }

    #[test]
    fn a_stream_past_the_limit_is_cut_and_says_so() {
        let log = "x".repeat(600_000);
        let input = read_stream(log.as_bytes(), 300_000).expect("read");
        assert_eq!(input.partial, Some(Partial::Cut { read: 300_000 }));
        let exact = read_stream("y".repeat(300_000).as_bytes(), 300_000).expect("read");
        assert_eq!(exact.partial, Some(Partial::Ends { total: 300_000 }));
    }

    #[test]
    fn a_long_utf16_stream_keeps_its_units_aligned_at_the_tail() {
        let mut bytes = vec![0xFF, 0xFE];
        let mut log = "é heartbeat\n".repeat(20_000);
        log.push_str("code: 4101 权限");
        bytes.extend(log.encode_utf16().flat_map(u16::to_le_bytes));
        bytes.push(b'!');
        let input = read_stream(&bytes[..bytes.len() - 1], MAX_STDIN_BYTES).expect("read");
        assert!(
            input.text.ends_with("code: 4101 权限"),
            "{:?}",
            &input.text[input.text.len() - 40..]
        );
        assert!(input.partial.is_some());
    }
}
