//! The sandbox's running state, shared by both realms' listeners: access tokens it issued, assertion ids
//! (`jti`) already used, bots (seeded from the world, then created, updated, published and unpublished),
//! chats (with how many retrieves they still answer `in_progress`), and the conversations chats happened
//! in, each visible only to the [`Party`] that made it. It lives as long as the [`super::Sandbox`].

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Mutex, MutexGuard};

use rand::Rng;
use rand::distr::Alphanumeric;
use serde_json::Value;

use crate::coze::region::Region;

use super::world::World;

/// Upper bound on remembered assertion ids and tokens before expired ones are purged.
const PURGE_THRESHOLD: usize = 200_000;

/// An access token the token endpoint issued.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    pub realm: Region,
    pub app_id: String,
    /// The account it acts for (the app's owner).
    pub user_id: String,
    /// The assertion's `session_name`, if it had one.
    pub session: Option<String>,
    pub permissions: BTreeSet<String>,
    pub workspaces: BTreeSet<String>,
    /// `scope.attribute_constraint.connector_bot_chat_attribute.bot_id_list`, when given.
    pub bot_ids: Option<BTreeSet<String>>,
    pub expires_at: i64,
}

/// A bot's configurable fields, as a JSON object echoed back by retrieve.
#[derive(Debug, Clone, PartialEq)]
pub struct BotConfig {
    pub name: String,
    pub description: String,
    /// Other fields as sent (`prompt_info`, `onboarding_info`, `model_info_config`, `knowledge`, …).
    pub fields: serde_json::Map<String, Value>,
    pub updated_at: i64,
}

/// A bot in the sandbox.
#[derive(Debug, Clone, PartialEq)]
pub struct Bot {
    pub id: String,
    pub realm: Region,
    pub workspace: String,
    pub owner_user_id: String,
    pub created_at: i64,
    pub draft: BotConfig,
    /// The online version, once published.
    pub published: Option<(String, BotConfig)>,
    /// Connector ids the bot is published to.
    pub connectors: BTreeSet<String>,
    pub published_at: Option<i64>,
    /// How many retrieves a non-streaming chat with it answers before it is `completed` (0: at once).
    pub chat_polls: u32,
}

/// Who a conversation or chat belongs to: an account, in one JWT `session_name` (`None` is the account's
/// own session, shared by its PATs, SATs and JWT tokens without a name). Nobody else sees it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Party {
    pub user_id: String,
    pub session: Option<String>,
}

/// A chat started with `/v3/chat`.
#[derive(Debug, Clone, PartialEq)]
pub struct Chat {
    pub id: String,
    pub conversation_id: String,
    pub bot_id: String,
    pub realm: Region,
    pub party: Party,
    pub created_at: i64,
    pub question: String,
    pub answer: String,
    /// While the chat is in progress, the retrieves that still answer `in_progress` before it completes;
    /// `None` once it is completed.
    pub pending_retrieves: Option<u32>,
    pub completed_at: Option<i64>,
}

impl Chat {
    /// `in_progress` or `completed`.
    pub fn status(&self) -> &'static str {
        if self.pending_retrieves.is_some() {
            "in_progress"
        } else {
            "completed"
        }
    }
}

/// A conversation, created by the first chat in it (or named by a chat and then remembered).
#[derive(Debug, Clone, PartialEq)]
pub struct Conversation {
    pub id: String,
    pub realm: Region,
    pub bot_id: String,
    /// Whose it is: the creator's account (`creator_id`) and session.
    pub party: Party,
    /// The first question asked in it (at most 100 characters).
    pub name: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub last_section_id: String,
}

#[derive(Default)]
struct Inner {
    tokens: HashMap<String, IssuedToken>,
    used_jtis: HashMap<String, i64>,
    bots: BTreeMap<String, Bot>,
    chats: HashMap<String, Chat>,
    conversations: HashMap<String, Conversation>,
}

/// The mutable state behind both listeners.
#[derive(Default)]
pub struct State {
    inner: Mutex<Inner>,
    /// When the sandbox started: the creation time of everything the world declares.
    pub started_at: i64,
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("State").finish_non_exhaustive()
    }
}

/// A random alphanumeric string.
pub fn random_alphanumeric(len: usize) -> String {
    rand::rng()
        .sample_iter(Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
}

/// A random numeric id of 19 digits starting with `prefix` (ids look like `7481617032355070000`).
pub fn random_numeric_id(prefix: &str) -> String {
    let mut rng = rand::rng();
    let mut id = prefix.to_string();
    while id.len() < 19 {
        id.push(char::from(b'0' + rng.random_range(0..10u8)));
    }
    id
}

impl State {
    /// The state at start: the world's bots.
    pub fn new(world: &World) -> State {
        let mut inner = Inner::default();
        let now = chrono::Utc::now().timestamp();
        for seed in &world.data.bots {
            let config = BotConfig {
                name: seed.name.clone(),
                description: seed.description.clone(),
                fields: serde_json::Map::new(),
                updated_at: now,
            };
            let published =
                (!seed.connectors.is_empty()).then(|| (now.to_string(), config.clone()));
            inner.bots.insert(
                seed.id.clone(),
                Bot {
                    id: seed.id.clone(),
                    realm: seed.realm,
                    workspace: seed.workspace.clone(),
                    owner_user_id: seed.owner.clone(),
                    created_at: now,
                    draft: config,
                    published_at: published.as_ref().map(|_| now),
                    published,
                    connectors: seed.connectors.iter().cloned().collect(),
                    chat_polls: seed.chat_polls,
                },
            );
        }
        State {
            inner: Mutex::new(inner),
            started_at: now,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        match self.inner.lock() {
            Ok(inner) => inner,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Records an assertion id; false when it was already used (a replay).
    pub fn use_jti(&self, realm: Region, iss: &str, jti: &str, expires_at: i64, now: i64) -> bool {
        let key = format!("{}\u{0}{iss}\u{0}{jti}", realm.as_str());
        let mut inner = self.lock();
        if inner.used_jtis.len() >= PURGE_THRESHOLD {
            inner.used_jtis.retain(|_, expiry| *expiry >= now);
        }
        if inner.used_jtis.contains_key(&key) {
            return false;
        }
        // Remember it at least as long as the assertion could still be accepted.
        inner.used_jtis.insert(key, expires_at.max(now) + 120);
        true
    }

    /// Stores a newly issued token and returns its value (`czs_` + 64 alphanumerics).
    pub fn issue(&self, token: IssuedToken, now: i64) -> String {
        let value = format!("czs_{}", random_alphanumeric(64));
        let mut inner = self.lock();
        if inner.tokens.len() >= PURGE_THRESHOLD {
            inner.tokens.retain(|_, issued| issued.expires_at > now);
        }
        inner.tokens.insert(value.clone(), token);
        value
    }

    /// An issued token that is still valid.
    pub fn issued(&self, value: &str, now: i64) -> Option<IssuedToken> {
        let inner = self.lock();
        inner
            .tokens
            .get(value)
            .filter(|issued| issued.expires_at > now)
            .cloned()
    }

    /// A bot of the realm.
    pub fn bot(&self, realm: Region, id: &str) -> Option<Bot> {
        self.lock()
            .bots
            .get(id)
            .filter(|bot| bot.realm == realm)
            .cloned()
    }

    /// The bots of a workspace, oldest first.
    pub fn bots_in(&self, realm: Region, workspace: &str) -> Vec<Bot> {
        let mut bots: Vec<Bot> = self
            .lock()
            .bots
            .values()
            .filter(|bot| bot.realm == realm && bot.workspace == workspace)
            .cloned()
            .collect();
        bots.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
        bots
    }

    /// Adds a new bot with a fresh id.
    pub fn create_bot(&self, mut bot: Bot) -> String {
        let mut inner = self.lock();
        let mut id = random_numeric_id("75");
        while inner.bots.contains_key(&id) {
            id = random_numeric_id("75");
        }
        bot.id = id.clone();
        inner.bots.insert(id.clone(), bot);
        id
    }

    /// Applies `change` to a bot of the realm; `None` when there is no such bot.
    pub fn update_bot<T>(
        &self,
        realm: Region,
        id: &str,
        change: impl FnOnce(&mut Bot) -> T,
    ) -> Option<T> {
        let mut inner = self.lock();
        let bot = inner.bots.get_mut(id).filter(|bot| bot.realm == realm)?;
        Some(change(bot))
    }

    /// Records a chat.
    pub fn add_chat(&self, chat: Chat) {
        let mut inner = self.lock();
        if inner.chats.len() >= PURGE_THRESHOLD {
            inner.chats.clear();
        }
        inner.chats.insert(chat.id.clone(), chat);
    }

    /// Records that a chat happened in `conversation` (a new one is remembered as given, a known one of
    /// the same bot and party becomes more recent).
    pub fn touch_conversation(&self, conversation: Conversation) {
        let mut inner = self.lock();
        if inner.conversations.len() >= PURGE_THRESHOLD {
            inner.conversations.clear();
        }
        inner
            .conversations
            .entry(conversation.id.clone())
            .and_modify(|known| {
                if known.realm == conversation.realm
                    && known.bot_id == conversation.bot_id
                    && known.party == conversation.party
                {
                    known.updated_at = conversation.updated_at;
                }
            })
            .or_insert(conversation);
    }

    /// A conversation of the realm, whoever it belongs to.
    pub fn conversation(&self, realm: Region, id: &str) -> Option<Conversation> {
        self.lock()
            .conversations
            .get(id)
            .filter(|conversation| conversation.realm == realm)
            .cloned()
    }

    /// The conversations `party` had with a bot in the realm, newest first.
    pub fn conversations_of(
        &self,
        realm: Region,
        bot_id: &str,
        party: &Party,
    ) -> Vec<Conversation> {
        let mut conversations: Vec<Conversation> = self
            .lock()
            .conversations
            .values()
            .filter(|conversation| {
                conversation.realm == realm
                    && conversation.bot_id == bot_id
                    && conversation.party == *party
            })
            .cloned()
            .collect();
        conversations.sort_by(|a, b| {
            b.created_at
                .cmp(&a.created_at)
                .then_with(|| b.id.cmp(&a.id))
        });
        conversations
    }

    /// A chat of `party` in the realm, as it stands.
    pub fn chat(&self, realm: Region, id: &str, party: &Party) -> Option<Chat> {
        self.lock()
            .chats
            .get(id)
            .filter(|chat| chat.realm == realm && chat.party == *party)
            .cloned()
    }

    /// A chat of `party` in the realm, one retrieve later: a chat in progress answers `in_progress` until
    /// its pending retrieves are used up, then completes at `now`.
    pub fn retrieve_chat(&self, realm: Region, id: &str, party: &Party, now: i64) -> Option<Chat> {
        let mut inner = self.lock();
        let chat = inner
            .chats
            .get_mut(id)
            .filter(|chat| chat.realm == realm && chat.party == *party)?;
        chat.pending_retrieves = match chat.pending_retrieves {
            Some(0) | None => {
                chat.completed_at.get_or_insert(now);
                None
            }
            Some(pending) => Some(pending - 1),
        };
        Some(chat.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_jti_is_accepted_once_per_app() {
        let state = State::default();
        assert!(state.use_jti(Region::Cn, "1", "a", 100, 0));
        assert!(!state.use_jti(Region::Cn, "1", "a", 100, 0));
        assert!(state.use_jti(Region::Cn, "2", "a", 100, 0));
        assert!(state.use_jti(Region::Com, "1", "a", 100, 0));
    }

    #[test]
    fn issued_tokens_expire() {
        let state = State::default();
        let token = state.issue(
            IssuedToken {
                realm: Region::Cn,
                app_id: "1".into(),
                permissions: BTreeSet::new(),
                workspaces: BTreeSet::new(),
                user_id: "1".into(),
                session: None,
                bot_ids: None,
                expires_at: 100,
            },
            0,
        );
        assert!(token.starts_with("czs_") && token.len() == 68);
        assert!(state.issued(&token, 99).is_some());
        assert!(state.issued(&token, 100).is_none());
    }

    #[test]
    fn numeric_ids_have_19_digits() {
        let id = random_numeric_id("75");
        assert_eq!(id.len(), 19);
        assert!(id.starts_with("75") && id.bytes().all(|b| b.is_ascii_digit()));
    }
}
