//! What one realm's handlers see: the world, the realm, the shared running state and the faults.

use std::sync::Arc;

use crate::coze::region::Region;

use super::faults::Faults;
use super::state::State as SandboxState;
use super::world::{Flavour, World};

/// What one realm's handlers see.
#[derive(Debug)]
pub struct Ctx {
    pub world: World,
    pub realm: Region,
    pub state: Arc<SandboxState>,
    pub faults: Option<Arc<Faults>>,
    /// What the sandbox answers as: the world's `flavour`, or the `--flavour` flag.
    pub flavour: Flavour,
}

/// The handlers' state.
pub type SharedCtx = Arc<Ctx>;
