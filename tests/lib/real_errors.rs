//! Real error texts users pasted (tests/fixtures/real-errors-sample.json): each one is read, classified
//! with the outcome word its thread supports, and explained under the heading a user needs.

use cozescope::coze::classify::{Said, judge};
use cozescope::coze::pasted::extract;

use crate::common::sample::entries;

#[test]
fn every_sample_text_is_read_and_classified() {
    let mut wrong = Vec::new();
    let entries = entries();
    for (index, entry) in entries.iter().enumerate() {
        let extracted = extract(&entry.text);
        let outcome = judge(Said::from(&extracted));
        if extracted.found() != entry.is_coze_error() || outcome.as_str() != entry.category {
            wrong.push(format!(
                "#{index} found={} outcome={outcome} want {}: {:?}",
                extracted.found(),
                entry.category,
                entry.text
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{}/{} wrong:\n{}",
        wrong.len(),
        entries.len(),
        wrong.join("\n")
    );
}
