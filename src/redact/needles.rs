//! The registered secrets' forms, searched in time linear in the text whatever their number: a run of
//! hundreds of scenarios registers thousands (every token it is issued, in every encoding), and every
//! report and log line is searched for all of them.
//!
//! New forms wait in a short list searched one by one; when it fills, it is merged into Aho-Corasick
//! automata kept like a binary counter (level `i` holds `PENDING·2^i` forms), so adding `n` forms costs
//! `O(n log n)` in all and a search `O(text × (PENDING + log n))`. An automaton holds only the last
//! [`TAIL`] bytes of each form (a JWT's signature, a token's random end), and a match is checked against
//! the whole form, so memory stays that of the forms themselves. Every occurrence is found, overlapping
//! ones included, so a secret overlapping another is masked whole.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind};

/// Forms searched one by one before they are merged into an automaton.
const PENDING: usize = 32;
/// Bytes of each form's end an automaton looks for.
const TAIL: usize = 16;

/// A set of strings to find.
#[derive(Debug, Default, Clone)]
pub struct Needles {
    forms: Vec<String>,
    /// Form ids by hash, to add each form once.
    by_hash: HashMap<u64, Vec<usize>>,
    pending: Vec<usize>,
    levels: Vec<Option<Level>>,
}

/// An automaton over the tails of some forms; pattern `p` is the tail of form `ids[p]`.
#[derive(Debug, Clone)]
struct Level {
    ids: Vec<usize>,
    automaton: AhoCorasick,
}

fn tail(form: &str) -> &[u8] {
    let bytes = form.as_bytes();
    &bytes[bytes.len().saturating_sub(TAIL)..]
}

fn hash_of(form: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    form.hash(&mut hasher);
    hasher.finish()
}

impl Needles {
    /// Adds `form` (once; an empty form is ignored).
    pub fn insert(&mut self, form: String) {
        if form.is_empty() {
            return;
        }
        let same_hash = self.by_hash.entry(hash_of(&form)).or_default();
        if same_hash.iter().any(|id| self.forms[*id] == form) {
            return;
        }
        let id = self.forms.len();
        same_hash.push(id);
        self.forms.push(form);
        self.pending.push(id);
        if self.pending.len() >= PENDING {
            self.merge_pending();
        }
    }

    /// Moves the pending forms into the levels, as a binary counter carries.
    fn merge_pending(&mut self) {
        let mut carry = std::mem::take(&mut self.pending);
        for level in 0.. {
            if level == self.levels.len() {
                self.levels.push(None);
            }
            match self.levels[level].take() {
                Some(full) => carry.extend(full.ids),
                None => {
                    let built = AhoCorasick::builder()
                        // A contiguous NFA builds in a fraction of a DFA's time and searches nearly as fast.
                        .kind(Some(AhoCorasickKind::ContiguousNFA))
                        .build(carry.iter().map(|id| tail(&self.forms[*id])));
                    match built {
                        Ok(automaton) => {
                            self.levels[level] = Some(Level {
                                ids: carry,
                                automaton,
                            });
                        }
                        // Too large for an automaton: search these one by one.
                        Err(_) => self.pending = carry,
                    }
                    return;
                }
            }
        }
    }

    /// The byte ranges of `text` covered by any form, merged where they overlap, in order.
    pub fn find(&self, text: &str) -> Vec<Range<usize>> {
        let bytes = text.as_bytes();
        let mut found: Vec<Range<usize>> = Vec::new();
        for level in self.levels.iter().flatten() {
            for matched in level.automaton.find_overlapping_iter(bytes) {
                let form = self.forms[level.ids[matched.pattern().as_usize()]].as_bytes();
                let end = matched.end();
                if let Some(start) = end.checked_sub(form.len())
                    && &bytes[start..end] == form
                {
                    found.push(start..end);
                }
            }
        }
        for id in &self.pending {
            let form = self.forms[*id].as_str();
            found.extend(
                text.match_indices(form)
                    .map(|(start, form)| start..start + form.len()),
            );
        }
        found.sort_by_key(|range| (range.start, std::cmp::Reverse(range.end)));
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(found.len());
        for range in found {
            match merged.last_mut() {
                Some(last) if range.start < last.end => last.end = last.end.max(range.end),
                _ => merged.push(range),
            }
        }
        merged
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_form_across_levels_and_merges_overlaps() {
        let mut needles = Needles::default();
        for index in 0..1000 {
            needles.insert(format!("secret{index:04}-shared-tail-0123456789"));
        }
        needles.insert("abcdef12".into());
        needles.insert("ef123456".into());
        needles.insert("abcdef12".into());
        let text = "a secret0007-shared-tail-0123456789 b secret0999-shared-tail-0123456789 c abcdef123456 d -shared-tail-0123456789";
        let found: Vec<&str> = needles.find(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            found,
            [
                "secret0007-shared-tail-0123456789",
                "secret0999-shared-tail-0123456789",
                "abcdef123456"
            ]
        );
        assert!(needles.levels.iter().flatten().count() >= 2);
        assert_eq!(needles.forms.len(), 1002);
    }
}
