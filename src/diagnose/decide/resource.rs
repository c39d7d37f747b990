//! Find the resource: a bot or workflow id the service did not find (4200), or found unpublished (4015).
//! Those are about the resource, not the credential: not published to the API, an id rounded by a double on
//! its way, a resource in a workspace or account the credential cannot reach, and — for a personal token
//! that never got past authentication — the other region, since the service looks a bot up before it
//! checks the token.
//!
//! Grounds: doc coze_error_codes (4015 bot 未发布到API), doc publish_bot (connector 1024), one-api#1462,
//! dify-on-wechat#24, the cozepy workflows/runs docstring (an unpublished workflow answers 4200),
//! xiaozhi-esp32-server#352 (an id rounded to 7481617032355070000), coze-java#92 and third-party debug notes
//! (4200 before the token check), coze-py#318, coze-js#179 (an id of another workspace).

use super::{cited, other_region_proof, url_target};
use crate::auth::AuthMode;
use crate::coze::catalogue::Level;
use crate::coze::messages::{self as fragment, contains_any, says_resource_missing};
use crate::coze::{ids, wire};
use crate::diagnose::credential::{AuthState, CredentialView, Row};
use crate::diagnose::hypothesis::Hypothesis;
use crate::diagnose::verdict::{
    Cause, Cited, Detail, Grounds, Proof, RegionSign, ResourceKind, Verdict,
};
use crate::outcome::Outcome;
use crate::probe::ProbeKind;
use crate::runner::ProbeResult;

impl ResourceKind {
    /// The parameter that names it on the wire.
    pub fn key(self) -> &'static str {
        match self {
            ResourceKind::Bot => "bot_id",
            ResourceKind::Workflow => "workflow_id",
        }
    }
}

/// The bot or workflow a probe addressed: from its query, body or path.
pub fn resource_of(probe: &ProbeResult) -> Option<(ResourceKind, String)> {
    let kind = match probe.probe.operation().level {
        Level::Bot => ResourceKind::Bot,
        Level::Workflow => ResourceKind::Workflow,
        _ if probe.probe == ProbeKind::Chat => ResourceKind::Bot,
        _ => return None,
    };
    let request = probe.request.as_ref()?;
    let key = kind.key();
    let from_query = request
        .query
        .iter()
        .find(|(name, _)| name == key)
        .map(|(_, value)| value.clone());
    let from_body = || {
        request
            .body
            .as_ref()
            .and_then(|body| body.get(key))
            .and_then(|value| match value {
                serde_json::Value::String(text) => Some(text.clone()),
                serde_json::Value::Number(number) => Some(number.to_string()),
                _ => None,
            })
    };
    let from_path = || {
        request
            .path
            .split('/')
            .find(|segment| segment.len() > 3 && ids::is_numeric_id(segment))
            .map(str::to_string)
    };
    let id = from_query.or_else(from_body).or_else(from_path)?;
    Some((kind, id))
}

/// The credential's successful lists of the resource kind `probe` addressed (its bound workspaces' bots or
/// workflows).
pub fn lists_of<'a>(view: &CredentialView<'a>, probe: &ProbeResult) -> Vec<Row<'a>> {
    let list = match resource_of(probe).map(|(kind, _)| kind) {
        Some(ResourceKind::Bot) => ProbeKind::ListBots,
        Some(ResourceKind::Workflow) => ProbeKind::ListWorkflows,
        None => return Vec::new(),
    };
    view.home_probes()
        .filter(|(_, listed)| {
            listed.probe == list && listed.outcome == Outcome::Ok && listed.listed.is_some()
        })
        .collect()
}

/// Whether every workspace the credential is bound to (its `list_workspaces` answer) had its list of the
/// kind `probe` addressed read to the end: then an id in none of them is proved to be elsewhere.
pub fn searched_everywhere(view: &CredentialView<'_>, probe: &ProbeResult) -> bool {
    let list = match resource_of(probe).map(|(kind, _)| kind) {
        Some(ResourceKind::Bot) => ProbeKind::ListBots,
        Some(ResourceKind::Workflow) => ProbeKind::ListWorkflows,
        None => return false,
    };
    let Some(seen) = view
        .home_probes()
        .find_map(|(_, listed)| listed.workspaces_seen.clone())
    else {
        return false;
    };
    !seen.is_empty()
        && seen.iter().all(|space| {
            view.home_probes().any(|(_, listed)| {
                listed.probe == list
                    && listed.listed_complete
                    && listed.workspace.as_deref() == Some(space.as_str())
            })
        })
}

fn says_not_published(probe: &ProbeResult) -> bool {
    probe.answer.code == Some(wire::code::NOT_PUBLISHED)
        || probe
            .answer
            .message
            .as_deref()
            .is_some_and(|message| contains_any(message, fragment::NOT_PUBLISHED))
}

/// The rounded-looking ids in a probe's answer and request.
fn rounded_ids(probe: &ProbeResult) -> Vec<String> {
    let mut texts: Vec<String> = Vec::new();
    texts.extend(probe.answer.message.clone());
    if let Some(request) = &probe.request {
        texts.push(request.path.clone());
        texts.extend(request.query.iter().map(|(_, value)| value.clone()));
        texts.extend(request.body.as_ref().map(|body| body.to_string()));
    }
    let mut found: Vec<String> = Vec::new();
    for text in &texts {
        for id in ids::rounded_in(text) {
            if !found.iter().any(|known| known == id) {
                found.push(id.to_string());
            }
        }
    }
    found
}

/// The listed id whose nearest double prints as `rounded`.
fn real_id_of<'a>(view: &CredentialView<'a>, rounded: &str) -> Option<(String, Row<'a>)> {
    view.home_probes().find_map(|row| {
        row.1
            .listed
            .as_ref()?
            .iter()
            .find(|item| ids::rounds_to(&item.id, rounded))
            .map(|item| (item.id.clone(), row))
    })
}

/// Every user's operation the service did not find, or found unpublished.
pub fn decide(view: &CredentialView<'_>, verdict: &mut Verdict) {
    let missing: Vec<Row<'_>> = view
        .relevant_probes()
        .filter(|(_, probe)| {
            probe.probe != ProbeKind::Token
                && (probe.outcome == Outcome::NotFound || says_not_published(probe))
        })
        .collect();
    for row in missing {
        not_found(view, row, verdict);
    }
    listed_unpublished(view, verdict);
}

/// The bot or workflow the user came to chat with or run, listed by the credential as unpublished while
/// that chat or run did not succeed (held back for consent, say): not published, proved by the list.
fn listed_unpublished(view: &CredentialView<'_>, verdict: &mut Verdict) {
    if verdict
        .causes
        .iter()
        .any(|cause| cause.hypothesis() == Hypothesis::NotPublished)
    {
        return;
    }
    let unanswered = view.relevant_probes().filter(|(_, probe)| {
        matches!(probe.probe, ProbeKind::Chat | ProbeKind::RunWorkflow)
            && probe.outcome != Outcome::Ok
    });
    for (_, probe) in unanswered {
        let Some((kind, id)) = resource_of(probe) else {
            continue;
        };
        let listing = lists_of(view, probe).into_iter().find(|(_, listed)| {
            listed.listed.as_ref().is_some_and(|items| {
                items
                    .iter()
                    .any(|item| item.id == id && item.published == Some(false))
            })
        });
        if let Some(listing) = listing {
            verdict.causes.push(Cause::new(
                Detail::NotPublished {
                    kind,
                    id: Some(id),
                    on_studio: view.scenario.target.studio.is_some(),
                    listed: true,
                },
                true,
                vec![cited(listing)],
            ));
            return;
        }
    }
}

fn not_found(view: &CredentialView<'_>, row: Row<'_>, verdict: &mut Verdict) {
    let (_, probe) = row;
    let here = cited(row);
    let resource = resource_of(probe);
    let kind = resource
        .as_ref()
        .map_or(ResourceKind::Bot, |(kind, _)| *kind);
    let id = resource.as_ref().map(|(_, id)| id.clone());
    if says_not_published(probe) {
        verdict
            .causes
            .push(not_published(view, kind, id, true, here));
        return;
    }
    let rounded = rounded_ids(probe);
    if !rounded.is_empty() {
        let real = rounded.iter().find_map(|id| real_id_of(view, id));
        let cause = Cause::new(
            Detail::IdRounded {
                ids: rounded,
                real: real.as_ref().map(|(id, _)| id.clone()),
            },
            real.is_some(),
            vec![here],
        );
        verdict.causes.push(match real {
            Some((_, listing)) => cause.proved_by(cited(listing)),
            None => cause.unproved(Proof::ResourceLists),
        });
        return;
    }
    verdict.rule_out(Hypothesis::IdRounded, Grounds::IdIntact);
    let never_authenticated = view.mode == AuthMode::Pat
        && !matches!(view.auth_state(view.home), AuthState::Authenticated(_))
        && probe
            .answer
            .message
            .as_deref()
            .is_some_and(says_resource_missing);
    if never_authenticated && region_decides(view, row, verdict) {
        return;
    }
    if let Some(id) = &id {
        // Listed unpublished in a workspace the credential reads: it exists, and the run sees only what is
        // published.
        let listed = lists_of(view, probe).into_iter().find_map(|listing| {
            listing
                .1
                .listed
                .as_ref()?
                .iter()
                .find(|item| &item.id == id)
                .map(|item| (listing, item.published))
        });
        match listed {
            Some((listing, Some(false))) => {
                verdict.causes.push(
                    not_published(view, kind, Some(id.clone()), true, here)
                        .proved_by(cited(listing)),
                );
                return;
            }
            Some((listing, _)) => {
                verdict.rule_out(
                    Hypothesis::ResourceElsewhere,
                    Grounds::ResourceFound(cited(listing)),
                );
            }
            None => {}
        }
        let retrieved = view.home_probes().find(|(_, other)| {
            other.outcome == Outcome::Ok
                && matches!(
                    other.probe,
                    ProbeKind::RetrieveWorkflow | ProbeKind::RetrieveBot
                )
                && resource_of(other).is_some_and(|(_, other_id)| &other_id == id)
        });
        if let Some(found) = retrieved {
            verdict.rule_out(
                Hypothesis::ResourceElsewhere,
                Grounds::ResourceFound(cited(found)),
            );
            // Retrievable (as a draft) yet not found where only the published version counts: not
            // published.
            verdict.causes.push(
                not_published(view, kind, Some(id.clone()), true, here).proved_by(cited(found)),
            );
            return;
        }
        if listed.is_none() {
            let lists = lists_of(view, probe);
            let everywhere = searched_everywhere(view, probe);
            let mut cause = Cause::new(
                Detail::ResourceElsewhere {
                    operation: crate::diagnose::verdict::Operation {
                        probe: probe.probe,
                        permission: probe.probe.permission().map(str::to_string),
                        place: crate::diagnose::verdict::Place::Resource {
                            key: kind.key().to_string(),
                            id: id.clone(),
                        },
                    },
                    kind,
                    id: id.clone(),
                    searched: lists
                        .iter()
                        .filter_map(|(_, listing)| listing.workspace.clone())
                        .collect(),
                },
                everywhere,
                vec![here],
            );
            if !everywhere {
                cause = cause.unproved(Proof::ResourceLists);
            }
            for listing in lists {
                cause.push_evidence(cited(listing));
            }
            verdict.causes.push(cause);
            return;
        }
    }
    verdict
        .causes
        .push(not_published(view, kind, id, false, here).unproved(Proof::Console));
}

/// A personal token that found nothing and never authenticated: the other region decides (its `whoami`
/// accepting the token, or a read finding the same resource). Returns whether it named the region.
/// `not_published` for the resource of the row `here`, in the target's terms.
fn not_published(
    view: &CredentialView<'_>,
    kind: ResourceKind,
    id: Option<String>,
    proved: bool,
    here: Cited,
) -> Cause {
    Cause::new(
        Detail::NotPublished {
            kind,
            id,
            on_studio: view.scenario.target.studio.is_some(),
            listed: false,
        },
        proved,
        vec![here],
    )
}

fn region_decides(view: &CredentialView<'_>, row: Row<'_>, verdict: &mut Verdict) -> bool {
    // A self-hosted Studio has no other region to hold the resource.
    if view.scenario.target.studio.is_some() {
        return false;
    }
    let wanted = resource_of(row.1).map(|(_, id)| id);
    let there: Vec<Row<'_>> = view
        .other_region_rows()
        .flat_map(|case| case.probes.iter().map(move |probe| (case, probe)))
        .filter(|(_, probe)| probe.was_sent())
        .collect();
    let found = there.iter().find(|(_, probe)| {
        matches!(probe.outcome, Outcome::Ok | Outcome::DeniedPermission)
            && (probe.probe == ProbeKind::Whoami || resource_of(probe).map(|(_, id)| id) == wanted)
    });
    let detail = Detail::WrongRegion {
        here: view.home,
        url_target: url_target(view),
        sign: RegionSign::FoundNothing,
        denied_there: None,
    };
    match (found, there.first()) {
        (Some(found), _) => {
            let mut cause = Cause::new(detail, true, vec![cited(row)]);
            for accepted in there
                .iter()
                .filter(|(_, probe)| probe.outcome == Outcome::Ok)
            {
                cause.push_evidence(cited(*accepted));
            }
            cause.push_evidence(cited(*found));
            verdict.causes.push(cause);
            true
        }
        (None, Some(refused)) => {
            verdict.rule_out(
                Hypothesis::WrongRegion,
                Grounds::OtherRegionRefused(cited(*refused)),
            );
            false
        }
        (None, None) => {
            verdict.causes.push(
                Cause::new(detail, false, vec![cited(row)]).unproved(other_region_proof(view)),
            );
            true
        }
    }
}
