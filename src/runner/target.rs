//! Where requests go: the embedded sandbox (one base URL per region), a public region, or any base URL.

use std::collections::BTreeMap;

use crate::coze::region::Region;

/// A resolved target.
#[derive(Debug, Clone)]
pub struct Target {
    /// Whether this is the embedded sandbox.
    pub sandbox: bool,
    routes: Route,
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
        }
    }

    /// The real service of one region.
    pub fn region(region: Region) -> Target {
        Target {
            sandbox: false,
            routes: Route::Fixed {
                base_url: region.base_url().to_string(),
                region: Some(region),
            },
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
            } => Some((fixed.other().base_url().to_string(), fixed.other())),
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
