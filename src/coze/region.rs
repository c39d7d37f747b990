//! Coze regions (`cn` = coze.cn, `com` = coze.com) and their public API hosts.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A Coze region. Accounts, apps, keys and tokens of one region are unknown to the other.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Region {
    /// coze.cn (扣子), mainland China.
    #[default]
    Cn,
    /// coze.com, outside mainland China.
    Com,
}

impl Region {
    /// Both regions, `cn` first.
    pub const ALL: [Region; 2] = [Region::Cn, Region::Com];

    /// The word used in scenarios and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Region::Cn => "cn",
            Region::Com => "com",
        }
    }

    /// The public OpenAPI host, which is also the JWT `aud` the real service expects.
    pub fn api_host(self) -> &'static str {
        match self {
            Region::Cn => "api.coze.cn",
            Region::Com => "api.coze.com",
        }
    }

    /// The public OpenAPI base URL.
    pub fn base_url(self) -> &'static str {
        match self {
            Region::Cn => "https://api.coze.cn",
            Region::Com => "https://api.coze.com",
        }
    }

    /// The web host named in the service's own messages (e.g. the 4101 template).
    pub fn web_host(self) -> &'static str {
        match self {
            Region::Cn => "coze.cn",
            Region::Com => "coze.com",
        }
    }

    /// The other region: where a credential goes when the region is suspected to be wrong.
    pub fn other(self) -> Region {
        match self {
            Region::Cn => Region::Com,
            Region::Com => Region::Cn,
        }
    }

    /// The region whose public host a URL names, if any.
    pub fn of_host(host: &str) -> Option<Region> {
        Region::ALL
            .into_iter()
            .find(|region| host.eq_ignore_ascii_case(region.api_host()))
    }

    /// The region whose public host a base URL addresses (`https://api.coze.cn/` → cn), if any.
    pub fn of_base_url(base_url: &str) -> Option<Region> {
        let url = reqwest::Url::parse(base_url).ok()?;
        Region::of_host(url.host_str()?)
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text was neither `cn` nor `com`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown region `{0}` (expected `cn` or `com`)")]
pub struct UnknownRegion(pub String);

impl FromStr for Region {
    type Err = UnknownRegion;

    fn from_str(word: &str) -> Result<Self, Self::Err> {
        Region::ALL
            .into_iter()
            .find(|region| region.as_str().eq_ignore_ascii_case(word))
            .ok_or_else(|| UnknownRegion(word.to_string()))
    }
}
