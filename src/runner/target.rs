//! Where requests go: the embedded sandbox (one base URL per region), the real service (each region at its
//! public host, or at a base URL that stands in for it: `--region-base`), one public region, or any base URL.

use std::collections::BTreeMap;

use crate::coze::region::Region;

/// A resolved target.
#[derive(Debug, Clone)]
pub struct Target {
    /// Whether this is the embedded sandbox.
    pub sandbox: bool,
    routes: Route,
    /// Base URLs standing in for a region's public host (a proxy, a standalone sandbox serving both
    /// realms): requests go there, signed with the `aud` of the real host.
    stand_ins: BTreeMap<Region, String>,
}

#[derive(Debug, Clone)]
enum Route {
    /// Each scenario goes to the base URL of its region.
    PerRegion(BTreeMap<Region, String>),
    /// Every scenario goes to one base URL; `region` overrides the scenarios' region when known.
    Fixed {
        base_url: String,
        region: Option<Region>,
    },
}

impl Target {
    /// The sandbox, serving each region at its own base URL.
    pub fn sandbox(base_urls: BTreeMap<Region, String>) -> Target {
        Target {
            sandbox: true,
            routes: Route::PerRegion(base_urls),
            stand_ins: BTreeMap::new(),
        }
    }

    /// The real service, each scenario in its own region (api.coze.cn first, the project's default).
    pub fn regions() -> Target {
        Target {
            sandbox: false,
            routes: Route::PerRegion(
                Region::ALL
                    .into_iter()
                    .map(|region| (region, region.base_url().to_string()))
                    .collect(),
            ),
            stand_ins: BTreeMap::new(),
        }
    }

    /// The same target with `bases` standing in for the public hosts of their regions. Refused for the
    /// sandbox and for a base URL of no known region.
    pub fn with_stand_ins(mut self, bases: &BTreeMap<Region, String>) -> Result<Target, String> {
        if bases.is_empty() {
            return Ok(self);
        }
        if self.sandbox {
            return Err("--region-base stands in for the real service's hosts: use it with --target cn, com, or no --target, not the sandbox".into());
        }
        match &mut self.routes {
            Route::Fixed { region: None, .. } => {
                return Err("--region-base needs a target with regions (cn, com, or none): a --target URL is one base of no known region".into());
            }
            Route::Fixed {
                base_url,
                region: Some(region),
            } => {
                if let Some(base) = bases.get(region) {
                    *base_url = base.clone();
                }
            }
            Route::PerRegion(urls) => {
                for (region, base) in bases {
                    urls.insert(*region, base.clone());
                }
            }
        }
        self.stand_ins = bases.clone();
        Ok(self)
    }

    /// The word that names this target on the command line or in a scenario's `target` key (`sandbox`,
    /// `cn`, `com` or the base URL); stand-in base URLs are named apart (`region_base`).
    pub fn word(&self) -> String {
        match &self.routes {
            _ if self.sandbox => "sandbox".to_string(),
            Route::Fixed {
                base_url,
                region: Some(region),
            } if self.stand_ins.contains_key(region) || *base_url == region.base_url() => {
                region.as_str().to_string()
            }
            Route::Fixed { base_url, .. } => base_url.clone(),
            Route::PerRegion(_) => Region::default().as_str().to_string(),
        }
    }

    /// Whether nothing tells the region: a base URL that is no public Coze host (a proxy, a gateway, a
    /// self-hosted Coze Studio).
    pub fn region_unknown(&self) -> bool {
        matches!(self.routes, Route::Fixed { region: None, .. })
    }

    /// The stand-in base URLs, by region.
    pub fn stand_ins(&self) -> &BTreeMap<Region, String> {
        &self.stand_ins
    }

    /// The JWT `aud` to sign for `region` when a base URL stands in for its host: the real host.
    pub fn audience(&self, region: Region) -> Option<&'static str> {
        self.stand_ins
            .contains_key(&region)
            .then(|| region.api_host())
    }

    /// The real service of one region.
    pub fn region(region: Region) -> Target {
        Target {
            sandbox: false,
            routes: Route::Fixed {
                base_url: region.base_url().to_string(),
                region: Some(region),
            },
            stand_ins: BTreeMap::new(),
        }
    }

    /// Any base URL (a proxy, a gateway, a standalone sandbox); a public Coze host implies its region.
    pub fn url(base_url: &str) -> Target {
        let region = Region::of_base_url(base_url);
        Target {
            sandbox: false,
            routes: Route::Fixed {
                base_url: base_url.trim_end_matches('/').to_string(),
                region,
            },
            stand_ins: BTreeMap::new(),
        }
    }

    /// Where the same requests would go in the other region, when the target knows it: the sandbox's other
    /// realm, or the other public host for a public Coze target. Unknown base URLs have no other region.
    pub fn other_region(&self, region: Region) -> Option<(String, Region)> {
        match &self.routes {
            Route::PerRegion(urls) => urls
                .get(&region.other())
                .map(|url| (url.clone(), region.other())),
            Route::Fixed {
                region: Some(fixed),
                ..
            } => {
                let other = fixed.other();
                let base = self
                    .stand_ins
                    .get(&other)
                    .cloned()
                    .unwrap_or_else(|| other.base_url().to_string());
                Some((base, other))
            }
            Route::Fixed { region: None, .. } => None,
        }
    }

    /// The base URL and effective region for a scenario declared in `region`.
    /// The region every request goes to whatever the scenario says: a base URL on a public Coze host.
    pub fn fixed_region(&self) -> Option<Region> {
        match &self.routes {
            Route::Fixed { region, .. } => *region,
            Route::PerRegion(_) => None,
        }
    }

    pub fn resolve(&self, region: Region) -> Option<(String, Region)> {
        match &self.routes {
            Route::PerRegion(urls) => urls.get(&region).map(|url| (url.clone(), region)),
            Route::Fixed {
                base_url,
                region: fixed,
            } => Some((base_url.clone(), fixed.unwrap_or(region))),
        }
    }
}
