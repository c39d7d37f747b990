//! Credentials and how each becomes a bearer token: `pat` (the token as given) or `jwt` (an RS256 assertion
//! exchanged at the OAuth token endpoint). Secrets stay in `secrecy` types until the moment they are sent.

pub mod credential;
pub mod jwt;
pub mod key;
pub mod kid;

pub use credential::{AuthMode, Credential, JwtCredential, PatCredential};
pub use jwt::{Assertion, sign_assertion};
pub use key::{KeyCache, KeyError, SigningKey};
