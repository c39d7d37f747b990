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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::{FileSource, parse};
    use crate::coze::region::Region;
    use crate::emulator::World;
    use crate::emulator::world::{ConsoleTokenKind, Role};

    const USERS: &str = "[[user]]\nrealm = \"cn\"\nuser_id = \"1\"\nuser_name = \"first\"\n\
                         [[user]]\nrealm = \"cn\"\nuser_id = \"2\"\nuser_name = \"second\"\n\
                         [[workspace]]\nid = \"10\"\nname = \"w\"\n";

    fn parse_text(text: &str) -> Result<World, String> {
        parse(
            Path::new("world.toml"),
            text,
            &FileSource::Embedded(crate::emulator::DEMO_FILES),
        )
        .map_err(|error| error.to_string())
    }

    fn error_of(extra: &str) -> String {
        parse_text(&format!("{USERS}{extra}")).unwrap_err()
    }

    #[test]
    fn owners_members_users_and_expiry_are_read() {
        let world = parse_text(&format!(
            "{USERS}owner = \"2\"\nmembers = [{{ user = \"1\", role = \"admin\" }}]\n\
             [[pat]]\ntoken = \"pat_a\"\nuser = \"2\"\nexpires_at = 2026-01-31T08:00:00+08:00\n\
             [[sat]]\ntoken = \"sat_b\"\nowner = \"2\"\nexpires_at = \"2026-01-31T00:00:00Z\"\n\
             [[pat]]\ntoken = \"pat_c\"\n\
             [[bot]]\nid = \"20\"\nworkspace = \"10\"\nname = \"b\"\nchat_polls = 0\n"
        ))
        .unwrap();
        let workspace = world.workspace(Region::Cn, "10").unwrap();
        assert_eq!(workspace.owner, "2");
        assert_eq!(world.role_of(workspace, "2"), Some(Role::Owner));
        assert_eq!(world.role_of(workspace, "1"), Some(Role::Admin));
        let token = |value: &str| world.console_token(Region::Cn, value).unwrap();
        assert_eq!(
            (token("pat_a").user.as_str(), token("pat_a").expires_at),
            ("2", Some(1_769_817_600))
        );
        assert_eq!(token("sat_b").kind, ConsoleTokenKind::Service);
        assert_eq!(
            (token("sat_b").user.as_str(), token("sat_b").expires_at),
            ("2", Some(1_769_817_600))
        );
        assert_eq!(
            (token("pat_c").user.as_str(), token("pat_c").expires_at),
            ("1", None)
        );
        // A bot belongs to its workspace's owner unless it names another.
        assert_eq!(
            (
                world.data.bots[0].owner.as_str(),
                world.data.bots[0].chat_polls
            ),
            ("2", 0)
        );
    }

    #[test]
    fn a_workspace_without_owner_keeps_role_type_for_the_first_user() {
        let world = parse_text(&format!("{USERS}role_type = \"member\"\n")).unwrap();
        let workspace = world.workspace(Region::Cn, "10").unwrap();
        assert_eq!(world.role_of(workspace, "1"), Some(Role::Member));
        assert_eq!(world.role_of(workspace, "2"), None);
    }

    #[test]
    fn account_keys_are_checked_with_a_position() {
        for (extra, located, says) in [
            (
                "owner = \"9\"\n",
                "world.toml:12:9:",
                "`owner` names `9`, which is no [[user]] of realm `cn`",
            ),
            (
                "members = [{ user = \"2\", role = \"owner\" }]\n",
                "world.toml:12:",
                "expected one of `admin`, `member`",
            ),
            (
                "owner = \"2\"\nmembers = [{ user = \"2\", role = \"admin\" }]\n",
                "world.toml:13:",
                "`2` owns the workspace",
            ),
            (
                "members = [{ user = \"2\", role = \"admin\" }, { user = \"2\", role = \"member\" }]\n",
                "world.toml:12:",
                "listed twice",
            ),
            (
                "[[sat]]\ntoken = \"pat_x\"\n",
                "world.toml:13:9:",
                "starts with `sat_`",
            ),
            (
                "[[pat]]\ntoken = \"pat_x\"\nowner = \"1\"\n",
                "world.toml:14:9:",
                "`owner` is a [[sat]] key",
            ),
            (
                "[[sat]]\ntoken = \"sat_x\"\nuser = \"1\"\nowner = \"1\"\n",
                "world.toml:15:9:",
                "give one",
            ),
            (
                "[[pat]]\ntoken = \"pat_x\"\nexpires_at = 2026-01-31T00:00:00\n",
                "world.toml:14:14:",
                "needs a date, a time and a time zone",
            ),
            (
                "[[pat]]\ntoken = \"pat_x\"\nexpires_at = \"tomorrow\"\n",
                "world.toml:14:14:",
                "not an RFC 3339 date-time",
            ),
            (
                "[[pat]]\ntoken = \"pat_x\"\nexpires_at = 5\n",
                "world.toml:14:14:",
                "is a date-time",
            ),
            (
                "[[pat]]\ntoken = \"pat_x\"\n[[sat]]\ntoken = \"pat_x\"\n",
                "world.toml:15:",
                "sat_",
            ),
            (
                "[[pat]]\ntoken = \"sat_x\"\n[[sat]]\ntoken = \"sat_x\"\n",
                "world.toml:15:9:",
                "duplicate token",
            ),
            (
                "[[app]]\nid = \"5\"\nkind = \"normal\"\nowner = \"3\"\n",
                "world.toml:15:9:",
                "`owner` names `3`",
            ),
            (
                "[[bot]]\nid = \"20\"\nworkspace = \"10\"\nname = \"b\"\nchat_polls = -1\n",
                "world.toml:16:14:",
                "`chat_polls` is a number of retrieves from 0 to 100",
            ),
            (
                "[[user]]\nrealm = \"cn\"\nuser_id = \"2\"\nuser_name = \"again\"\n",
                "world.toml:14:11:",
                "duplicate user `2` in realm `cn`",
            ),
        ] {
            let shown = error_of(extra);
            assert!(shown.starts_with(located), "{extra}: {shown}");
            assert!(shown.contains(says), "{extra}: {shown}");
        }
    }

    #[test]
    fn a_realm_without_users_knows_only_its_built_in_account() {
        let text = "[[workspace]]\nid = \"10\"\nrealm = \"com\"\nname = \"w\"\nowner = \"7400000000000000001\"\n";
        assert!(parse_text(text).is_ok());
        let text = "[[pat]]\ntoken = \"pat_x\"\nuser = \"1\"\n";
        assert!(
            parse_text(text)
                .unwrap_err()
                .contains("no [[user]] of realm `cn`")
        );
    }
}
