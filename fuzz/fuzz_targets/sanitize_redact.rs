#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    cozescope_fuzz::checks::sanitize_redact(data);
});
