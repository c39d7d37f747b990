//! `cozescope run --dry-run`: the requests each case would send, with secrets redacted, and nothing sent.

use std::fmt::Write;

use crate::auth::Credential;
use crate::coze::request::{ProbeRequest, token_request};
use crate::runner::Target;
use crate::scenario::Plan;

/// The requests of every case, in order. `target` is `None` for the sandbox (its address is not known yet).
pub fn render(plan: &Plan, target: Option<&Target>) -> String {
    let mut out = String::new();
    for scenario in &plan.scenarios {
        let base = match target.and_then(|target| target.resolve(scenario.region)) {
            Some((base_url, _)) => base_url,
            None => format!("<sandbox {}>", scenario.region),
        };
        let _ = writeln!(out, "# {} ({base})", scenario.file.display());
        for case in &scenario.cases {
            let _ = writeln!(out, "\n## {}", case.name);
            if let Credential::Jwt(jwt) = case.credential.as_ref() {
                let body = case.token_request(jwt);
                let request = token_request(serde_json::to_value(&body).unwrap_or_default());
                let bearer = format!(
                    "<RS256 JWT: kid {}, iss {}, aud = host of the base URL, fresh jti>",
                    jwt.public_key_id, jwt.client_id
                );
                describe(&mut out, &base, &request, &bearer);
            }
            let bearer = match case.credential.as_ref() {
                Credential::Pat(_) => "[REDACTED PAT]",
                Credential::Jwt(_) => "<access token from the token response>",
            };
            for probe in &case.probes {
                describe(&mut out, &base, &probe.request(), bearer);
            }
        }
    }
    out
}

fn describe(out: &mut String, base: &str, request: &ProbeRequest, bearer: &str) {
    let query = request
        .query
        .iter()
        .map(|(key, value)| format!("{key}={value}"))
        .collect::<Vec<_>>()
        .join("&");
    let separator = if query.is_empty() { "" } else { "?" };
    let _ = writeln!(
        out,
        "{} {base}{}{separator}{query}",
        request.method.as_str(),
        request.path
    );
    let _ = writeln!(out, "Authorization: Bearer {bearer}");
    if let Some(body) = &request.body {
        let _ = writeln!(out, "Content-Type: application/json\n{body}");
    }
}
