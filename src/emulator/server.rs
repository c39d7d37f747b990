//! The running sandbox: one listener per realm (cn, com) over one shared state (connections bounded and
//! timed out by `connections`), the route table, and the layer every response passes through (log id
//! header, fault injection).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::coze::catalogue::{Operation, entry};
use crate::coze::region::Region;
use crate::coze::request::Method;
use crate::coze::wire::{self, LOGID_HEADER};

pub use super::connections::ConnectionLimits;
use super::context::{Ctx, SharedCtx};
use super::endpoint::ServeOperations;
use super::error::EmulatorError;
use super::faults::{FaultSettings, Faults, Injection};
use super::logid::{new_logid, new_studio_logid};
use super::reply::{self, BizError, Logid, OAuthError};
use super::state::State as SandboxState;
use super::world::{Flavour, World};
use super::{
    account, bots, chat, conversations, datasets, jwt, projects, request, token, voices, workflows,
};

/// Where the sandbox listens, and its faults.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// The `cn` realm's listener (port 0 picks a free port).
    pub cn: SocketAddr,
    /// The `com` realm's listener, if served.
    pub com: Option<SocketAddr>,
    /// Faults to inject; `None` uses the world file's `[faults]` (if any).
    pub faults: Option<FaultSettings>,
    /// Open connections at most, and how long a quiet one stays open.
    pub limits: ConnectionLimits,
}

impl Default for SandboxConfig {
    /// Both realms on 127.0.0.1 with random ports, faults as the world declares them.
    fn default() -> SandboxConfig {
        let loopback = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0);
        SandboxConfig {
            cn: loopback,
            com: Some(loopback),
            faults: None,
            limits: ConnectionLimits::default(),
        }
    }
}

/// A running sandbox (in-process). Dropping it without [`Sandbox::shutdown`] leaves the listeners running
/// until the runtime ends.
#[derive(Debug)]
pub struct Sandbox {
    listeners: Vec<(Region, SocketAddr)>,
    stop: watch::Sender<bool>,
    tasks: JoinSet<std::io::Result<()>>,
    world: World,
    flavour: Flavour,
}

impl Sandbox {
    /// Binds the listeners and returns once they accept connections.
    pub async fn start(world: World, config: SandboxConfig) -> Result<Sandbox, EmulatorError> {
        super::crypto::ensure_provider();
        let faults = match config.faults.as_ref().or(world.faults()) {
            Some(settings) => {
                settings.validate().map_err(EmulatorError::Config)?;
                (!settings.is_off()).then(|| Arc::new(Faults::new(settings.clone())))
            }
            None => None,
        };
        let state = Arc::new(SandboxState::new(&world));
        let (stop, stopped) = watch::channel(false);
        // A Studio (the world's `flavour`) serves `cn` alone.
        let flavour = world.flavour();
        let mut realms = vec![(Region::Cn, config.cn)];
        // A Studio has no realms: one base URL.
        if let Some(com) = config.com.filter(|_| flavour == Flavour::Coze) {
            realms.push((Region::Com, com));
        }
        // Bind everything first, so a failure leaves nothing running.
        let mut bound = Vec::new();
        for (realm, addr) in realms {
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .map_err(|source| EmulatorError::Bind { addr, source })?;
            let local = listener
                .local_addr()
                .map_err(|source| EmulatorError::Bind { addr, source })?;
            bound.push((realm, local, listener));
        }
        let mut listeners = Vec::new();
        let mut tasks = JoinSet::new();
        for (realm, local, listener) in bound {
            let ctx = Arc::new(Ctx {
                world: world.clone(),
                realm,
                state: state.clone(),
                faults: faults.clone(),
                flavour,
            });
            let app = router(ctx);
            tasks.spawn(super::connections::serve(
                listener,
                app,
                config.limits,
                stopped.clone(),
            ));
            listeners.push((realm, local));
        }
        Ok(Sandbox {
            listeners,
            stop,
            tasks,
            world,
            flavour,
        })
    }

    /// The base URL of a realm's listener: the address it listens on, e.g. `http://127.0.0.1:41234` or
    /// `http://0.0.0.0:8090` (see [`Sandbox::local_url`] for the one this machine reaches it at).
    pub fn base_url(&self, region: Region) -> Option<String> {
        self.addr(region).map(|addr| format!("http://{addr}"))
    }

    /// For a listener on every interface (`0.0.0.0`, `::`), the loopback URL this machine reaches it at.
    pub fn local_url(&self, region: Region) -> Option<String> {
        let addr = self
            .addr(region)
            .filter(|addr| addr.ip().is_unspecified())?;
        let ip = match addr.ip() {
            IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(_) => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
        };
        Some(format!("http://{}", SocketAddr::new(ip, addr.port())))
    }

    /// The bound address of a realm's listener.
    pub fn addr(&self, region: Region) -> Option<SocketAddr> {
        self.listeners
            .iter()
            .find(|(realm, _)| *realm == region)
            .map(|(_, addr)| *addr)
    }

    /// The world being served.
    pub fn world(&self) -> &World {
        &self.world
    }

    /// What it answers as.
    pub fn flavour(&self) -> Flavour {
        self.flavour
    }

    /// Stops accepting, lets in-flight requests finish (at most a few seconds), and returns.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        let drain = async { while self.tasks.join_next().await.is_some() {} };
        if tokio::time::timeout(Duration::from_secs(5), drain)
            .await
            .is_err()
        {
            self.tasks.abort_all();
        }
    }

    /// Waits until a listener stops on its own (an I/O error); used by the standalone server.
    pub async fn wait_any(&mut self) -> Result<(), EmulatorError> {
        match self.tasks.join_next().await {
            None | Some(Ok(Ok(()))) => Ok(()),
            Some(Ok(Err(error))) => Err(EmulatorError::Serve(error)),
            Some(Err(join)) => Err(EmulatorError::Serve(std::io::Error::other(
                join.to_string(),
            ))),
        }
    }
}

/// The route table of one realm. Every operation the catalogue has is routed at the catalogue's path and
/// method, to the handler that checks the catalogue's permissions; the token endpoint's account and
/// enterprise variants have no catalogue entry.
pub fn router(ctx: SharedCtx) -> Router {
    if matches!(ctx.flavour, Flavour::Studio(_)) {
        return super::studio::router(ctx.clone())
            .layer(middleware::from_fn_with_state(ctx, every_response));
    }
    Router::new()
        .route(TOKEN.path, post(token::token))
        .route(wire::ACCOUNT_TOKEN_PATH, post(token::token))
        .route(wire::ENTERPRISE_TOKEN_PATH, post(token::token))
        .operation(account::WORKSPACES, account::workspaces)
        .operation(account::ME, account::me)
        .operation(bots::CREATE, bots::create)
        .operation(bots::UPDATE, bots::update)
        .operation(bots::PUBLISH, bots::publish)
        .operation(bots::LIST, bots::list)
        .operation(bots::RETRIEVE, bots::retrieve)
        .operation(bots::UNPUBLISH, bots::unpublish)
        .operation(bots::ONLINE_INFO, bots::online_info)
        .operation(bots::PUBLISHED_LIST, bots::published_list)
        .operation(chat::CREATE, chat::create)
        // Documented as GET; the SDKs POST both (cozepy's retrieve with no body).
        .operation(chat::RETRIEVE, chat::retrieve)
        .operation_also(chat::RETRIEVE, Method::Post, chat::retrieve)
        .operation(chat::MESSAGES, chat::messages)
        .operation_also(chat::MESSAGES, Method::Post, chat::messages)
        .operation(conversations::LIST, conversations::list)
        .operation(workflows::LIST, workflows::list)
        .operation(workflows::RETRIEVE, workflows::retrieve)
        .operation(workflows::RUN, workflows::run)
        .operation(datasets::LIST, datasets::list)
        .operation(voices::LIST, voices::list)
        .operation(projects::LIST, projects::list)
        .fallback(unknown)
        .method_not_allowed_fallback(unknown)
        .layer(middleware::from_fn_with_state(ctx.clone(), every_response))
        .with_state(ctx)
}

/// The token endpoint's catalogue entry.
const TOKEN: &Operation = entry("token");

async fn unknown(
    axum::Extension(logid): axum::Extension<Logid>,
    method: axum::http::Method,
    uri: axum::http::Uri,
) -> Response {
    reply::unknown_route(&logid, method.as_str(), uri.path())
}

fn is_token_path(path: &str) -> bool {
    path.starts_with("/api/permission/oauth2/")
}

/// Gives each request a log id (extension + `x-tt-logid` header; a Studio's `X-Log-Id` UUID and
/// `Server: hertz`) and applies faults.
async fn every_response(
    State(ctx): State<SharedCtx>,
    mut request: Request,
    next: Next,
) -> Response {
    let studio = matches!(ctx.flavour, Flavour::Studio(_));
    let logid = if studio {
        new_studio_logid()
    } else {
        new_logid()
    };
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    request.extensions_mut().insert(Logid(logid.clone()));
    let mut response = match &ctx.faults {
        Some(faults) if faults.applies_to(request.uri().path()) => {
            with_faults(faults, &logid, request, next).await
        }
        _ => next.run(request).await,
    };
    tracing::debug!(realm = %ctx.realm, %method, %path, status = response.status().as_u16(), %logid, "sandbox request");
    let header = if studio {
        crate::coze::studio::LOG_ID_HEADER
    } else {
        LOGID_HEADER
    };
    if let Ok(value) = HeaderValue::from_str(&logid) {
        response.headers_mut().insert(header, value);
    }
    if studio {
        response.headers_mut().insert(
            header::SERVER,
            HeaderValue::from_static(crate::coze::studio::SERVER),
        );
    }
    response
}

fn rate_key(request: &Request) -> Option<String> {
    let token = request::bearer(request.headers())?;
    if token.is_empty() {
        return None;
    }
    if let Some(issuer) = jwt::unverified_issuer(token) {
        return Some(format!("app:{issuer}"));
    }
    if token.len() > 256 {
        return Some(format!("long:{}:{}", &token[..64], token.len()));
    }
    Some(token.to_string())
}

async fn with_faults(faults: &Faults, logid: &str, request: Request, next: Next) -> Response {
    let now_second = u64::try_from(chrono::Utc::now().timestamp()).unwrap_or(0);
    let key = rate_key(&request);
    let decision = faults.decide(key.as_deref(), now_second);
    if !decision.delay.is_zero() {
        tokio::time::sleep(decision.delay).await;
    }
    let logid = Logid(logid.to_string());
    let token_path = is_token_path(request.uri().path());
    match decision.injection {
        Injection::None => next.run(request).await,
        Injection::RateLimited => {
            let mut response = reply::biz_error(&logid, &BizError::rate_limited());
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            response
        }
        Injection::ServerError if token_path => reply::oauth_error(&OAuthError::internal()),
        Injection::ServerError => reply::biz_error(&logid, &BizError::server_error()),
        Injection::Html => reply::html_gateway_error(),
        Injection::Truncated => {
            let response = next.run(request).await;
            let (mut parts, body) = response.into_parts();
            let bytes = axum::body::to_bytes(body, 16 << 20)
                .await
                .unwrap_or_default();
            let cut = bytes.slice(..bytes.len() / 2);
            parts.headers.remove(header::CONTENT_LENGTH);
            (parts, cut).into_response()
        }
    }
}
