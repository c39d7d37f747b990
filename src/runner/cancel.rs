//! Cooperative cancellation of a run (Ctrl-C, SIGTERM): no new probe starts, in-flight probes get a short
//! grace period to finish.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

/// How long an in-flight request may still take once the run is cancelled.
pub const GRACE: Duration = Duration::from_secs(3);

/// A shared cancellation flag.
#[derive(Debug, Clone)]
pub struct Cancel {
    sender: Arc<watch::Sender<bool>>,
}

impl Default for Cancel {
    fn default() -> Self {
        Cancel {
            sender: Arc::new(watch::channel(false).0),
        }
    }
}

impl Cancel {
    pub fn cancel(&self) {
        self.sender.send_replace(true);
    }

    pub fn is_cancelled(&self) -> bool {
        *self.sender.borrow()
    }

    /// Resolves once the run is cancelled.
    pub async fn cancelled(&self) {
        let mut receiver = self.sender.subscribe();
        let _ = receiver.wait_for(|cancelled| *cancelled).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn cancelled_resolves_after_cancel_even_if_cancel_came_first() {
        let cancel = Cancel::default();
        assert!(!cancel.is_cancelled());
        cancel.cancel();
        tokio::time::timeout(Duration::from_secs(1), cancel.cancelled())
            .await
            .unwrap();
        assert!(cancel.is_cancelled());
    }
}
