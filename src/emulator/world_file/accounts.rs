//! The accounts of a world file: `[[user]]` (several per realm, each an account), who owns what (`owner` of
//! workspaces, apps, SATs and bots; `user` of PATs and SATs), workspace `members` with their roles, and
//! the lifetime of console tokens (`expires_at`). Every account a key names is a declared `[[user]]` of
//! the same realm; left out, it is the realm's first user.

use std::collections::BTreeSet;

use serde::Deserialize;
use toml::Spanned;

use crate::coze::region::Region;
use crate::source_error::SourceError;

use super::super::world::{
    ConsoleToken, ConsoleTokenKind, Member, Role, User, Workspace, default_user,
};
use super::Builder;

/// `[[user]]`: an account of a realm.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawUser {
    realm: Region,
    user_id: Spanned<String>,
    user_name: String,
    #[serde(default)]
    nick_name: Option<String>,
}

/// One entry of a workspace's `members`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMember {
    user: Spanned<String>,
    role: Spanned<String>,
}

/// `[[pat]]` and `[[sat]]`: a token made in the console.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawToken {
    token: Spanned<String>,
    #[serde(default)]
    realm: Region,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    permissions: Vec<Spanned<String>>,
    #[serde(default)]
    workspaces: Vec<Spanned<String>>,
    #[serde(default)]
    user: Option<Spanned<String>>,
    /// `[[sat]]` only: the same as `user` (a SAT is its owner's service identity).
    #[serde(default)]
    owner: Option<Spanned<String>>,
    #[serde(default)]
    expires_at: Option<Spanned<toml::Value>>,
}

/// The accounts a world declares, for resolving the keys that name one.
pub(super) struct Accounts {
    pub users: Vec<User>,
}

impl Accounts {
    /// The id of the realm's first user (the built-in one when the realm declares none).
    pub fn first(&self, realm: Region) -> String {
        self.users
            .iter()
            .find(|user| user.realm == realm)
            .map(|user| user.user_id.clone())
            .unwrap_or_else(|| default_user(realm).user_id)
    }

    fn knows(&self, realm: Region, user_id: &str) -> bool {
        if self.users.iter().any(|user| user.realm == realm) {
            self.users
                .iter()
                .any(|user| user.realm == realm && user.user_id == user_id)
        } else {
            default_user(realm).user_id == user_id
        }
    }
}

impl Builder<'_> {
    pub(super) fn users(&self, raw: Vec<RawUser>) -> Result<Accounts, SourceError> {
        let mut users: Vec<User> = Vec::new();
        for user in raw {
            let id = user.user_id.get_ref();
            if id.trim().is_empty() || id.chars().any(char::is_whitespace) {
                return Err(self.error(
                    user.user_id.span(),
                    "a user_id must be non-empty without spaces",
                ));
            }
            if users
                .iter()
                .any(|known| known.realm == user.realm && known.user_id == *id)
            {
                return Err(self.error(
                    user.user_id.span(),
                    format!("duplicate user `{id}` in realm `{}`", user.realm),
                ));
            }
            users.push(User {
                realm: user.realm,
                nick_name: user.nick_name.unwrap_or_else(|| user.user_name.clone()),
                user_id: user.user_id.into_inner(),
                user_name: user.user_name,
            });
        }
        Ok(Accounts { users })
    }

    /// The account `named` (a `key` of an entry in `realm`), else the realm's first user.
    pub(super) fn account(
        &self,
        accounts: &Accounts,
        realm: Region,
        named: Option<Spanned<String>>,
        key: &str,
    ) -> Result<String, SourceError> {
        let Some(named) = named else {
            return Ok(accounts.first(realm));
        };
        if !accounts.knows(realm, named.get_ref()) {
            return Err(self
                .error(
                    named.span(),
                    format!(
                        "`{key}` names `{}`, which is no [[user]] of realm `{realm}`",
                        named.get_ref()
                    ),
                )
                .with_help(format!(
                    "declare it with [[user]] realm = \"{realm}\" user_id = \"{}\" user_name = \"…\"",
                    named.get_ref()
                )));
        }
        Ok(named.into_inner())
    }

    /// A workspace's owner and members: every account declared in its realm once, the owner not among
    /// the members, each member `admin` or `member`.
    pub(super) fn members(
        &self,
        accounts: &Accounts,
        realm: Region,
        owner: &str,
        raw: Vec<Spanned<RawMember>>,
    ) -> Result<Vec<Member>, SourceError> {
        let mut members: Vec<Member> = Vec::new();
        for entry in raw {
            let span = entry.span();
            let entry = entry.into_inner();
            let role = match entry.role.get_ref().as_str() {
                "admin" => Role::Admin,
                "member" => Role::Member,
                _ => {
                    return Err(self
                        .error(entry.role.span(), "expected one of `admin`, `member`")
                        .with_help("the workspace's owner is its `owner` key, not a member"));
                }
            };
            let user = self.account(accounts, realm, Some(entry.user), "members")?;
            if user == owner {
                return Err(self.error(
                    span,
                    format!(
                        "`{user}` owns the workspace; list only the other accounts in `members`"
                    ),
                ));
            }
            if members.iter().any(|member| member.user == user) {
                return Err(self.error(span, format!("`{user}` is listed twice in `members`")));
            }
            members.push(Member { user, role });
        }
        Ok(members)
    }

    /// The `[[pat]]` (`kind` personal) or `[[sat]]` (service) entries; `seen` holds the tokens declared
    /// so far, which may not repeat.
    pub(super) fn tokens(
        &self,
        raw: Vec<RawToken>,
        kind: ConsoleTokenKind,
        workspaces: &[Workspace],
        accounts: &Accounts,
        seen: &mut BTreeSet<String>,
    ) -> Result<Vec<ConsoleToken>, SourceError> {
        let mut tokens = Vec::new();
        for entry in raw {
            let token = entry.token.get_ref().clone();
            if token.is_empty() || token.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err(self.error(
                    entry.token.span(),
                    "a token must be non-empty without spaces",
                ));
            }
            if kind == ConsoleTokenKind::Service && !token.starts_with("sat_") {
                return Err(self
                    .error(
                        entry.token.span(),
                        "a service access token starts with `sat_`",
                    )
                    .with_help("a `pat_…` token is a [[pat]]"));
            }
            if !seen.insert(token.clone()) {
                return Err(self.error(entry.token.span(), "duplicate token"));
            }
            let realm = entry.realm;
            let named = match (kind, entry.user, entry.owner) {
                (ConsoleTokenKind::Personal, _, Some(owner)) => {
                    return Err(self
                        .error(owner.span(), "`owner` is a [[sat]] key")
                        .with_help("the account of a PAT is its `user`"));
                }
                (_, Some(_), Some(owner)) => {
                    return Err(self.error(
                        owner.span(),
                        "`user` and `owner` both name the SAT's account: give one",
                    ));
                }
                (_, user, owner) => user.or(owner),
            };
            let user = self.account(accounts, realm, named, "user")?;
            let expires_at = entry
                .expires_at
                .map(|value| self.expiry(value))
                .transpose()?;
            tokens.push(ConsoleToken {
                kind,
                name: entry.name.unwrap_or_else(|| match kind {
                    ConsoleTokenKind::Personal => "pat".to_string(),
                    ConsoleTokenKind::Service => "sat".to_string(),
                }),
                token,
                realm,
                permissions: self.permissions(entry.permissions)?,
                workspaces: self.bound_workspaces(entry.workspaces, realm, workspaces)?,
                user,
                expires_at,
            });
        }
        Ok(tokens)
    }

    /// `expires_at`: a TOML offset date-time or an RFC 3339 string, as Unix seconds. A time without a
    /// zone is refused rather than guessed.
    fn expiry(&self, value: Spanned<toml::Value>) -> Result<i64, SourceError> {
        let span = value.span();
        let text = match value.into_inner() {
            toml::Value::Datetime(datetime) => {
                if datetime.date.is_none() || datetime.time.is_none() || datetime.offset.is_none() {
                    return Err(self
                        .error(span, "`expires_at` needs a date, a time and a time zone")
                        .with_help(
                            "write it as 2026-01-31T00:00:00Z (or with an offset, +08:00)",
                        ));
                }
                datetime.to_string()
            }
            toml::Value::String(text) => text,
            _ => {
                return Err(self.error(span, "`expires_at` is a date-time").with_help(
                    "write it as 2026-01-31T00:00:00Z or \"2026-01-31T08:00:00+08:00\"",
                ));
            }
        };
        chrono::DateTime::parse_from_rfc3339(&text)
            .map(|at| at.timestamp())
            .map_err(|error| {
                self.error(
                    span,
                    format!("`expires_at` is not an RFC 3339 date-time: {error}"),
                )
                .with_help("write it as 2026-01-31T00:00:00Z (or with an offset, +08:00)")
            })
    }
}
