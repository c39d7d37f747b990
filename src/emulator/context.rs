//! What one realm's handlers see: the world, the realm, the shared running state and the faults.

use std::sync::Arc;

use crate::coze::region::Region;

use super::faults::Faults;
use super::state::State as SandboxState;
use super::world::World;

/// What one realm's handlers see.
#[derive(Debug)]
pub struct Ctx {
    pub world: World,
    pub realm: Region,
    pub state: Arc<SandboxState>,
    pub faults: Option<Arc<Faults>>,
}

/// The handlers' state.
pub type SharedCtx = Arc<Ctx>;
