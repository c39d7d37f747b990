//! What cozescope knows about the Coze OpenAPI beyond the wire: the facts that findings and `explain`
//! state in the same words.

pub mod facts;
