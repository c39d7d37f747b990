//! Selection of jsonwebtoken's process-wide crypto provider (aws-lc-rs), tolerant of another part of the
//! process having installed it first.

use std::sync::Once;

/// Installs the aws-lc-rs provider once; a provider installed by someone else is fine too.
pub fn ensure_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _already_installed = jsonwebtoken::crypto::aws_lc::DEFAULT_PROVIDER.install_default();
    });
}
