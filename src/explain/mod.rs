//! `cozescope explain`: what a Coze error means, its likely causes, the fixes and the sources. The knowledge
//! base is keyed by numeric business code, OAuth `error_code` and message fragment. The facts it states are
//! the same ones the diagnosis rules state ([`facts`]).

pub mod facts;
pub mod text;

pub use text::Text;
