//! Log ids in the service's format: 34 characters, a `YYYYMMDDhhmmss` UTC timestamp then 20 uppercase hex
//! digits (e.g. `2024122509064484DEDF525AF13E290496`), sent as `x-tt-logid` and mirrored in `detail.logid`.

use rand::Rng;

/// A fresh log id for a response.
pub fn new_logid() -> String {
    let stamp = chrono::Utc::now().format("%Y%m%d%H%M%S");
    let mut rng = rand::rng();
    let high: u16 = rng.random::<u16>();
    let low: u64 = rng.random();
    format!("{stamp}{high:04X}{low:016X}")
}

/// A fresh log id as a self-hosted Coze Studio sends it in `X-Log-Id`: a random (version 4) UUID.
pub fn new_studio_logid() -> String {
    let mut bytes: [u8; 16] = rand::rng().random();
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// True when `text` has the shape of a log id.
pub fn is_logid(text: &str) -> bool {
    text.len() == 34
        && text[..14].bytes().all(|b| b.is_ascii_digit())
        && text[14..]
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logids_have_the_real_shape() {
        for _ in 0..100 {
            let logid = new_logid();
            assert!(is_logid(&logid), "{logid}");
        }
        assert!(is_logid("2024122509064484DEDF525AF13E290496"));
        assert!(!is_logid("2024122509064484dedf525af13e290496"));
        assert!(crate::coze::studio::is_uuid(&new_studio_logid()));
    }
}
