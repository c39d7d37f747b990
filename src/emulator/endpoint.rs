//! Serving one catalogue operation: the route (the catalogue's path and method, bound to a handler), and
//! the plumbing every business request goes through before its handler runs: the body read within its
//! limit, the caller authenticated (4100), a JSON object body and a valid query string (4000), the
//! `{placeholders}` of the path. Handlers are plain functions from the caller and the [`Input`] to a
//! [`Reply`]; their answer, or their error, goes out in the envelope.

use std::collections::HashMap;

use axum::Extension;
use axum::Router;
use axum::body::Body;
use axum::extract::rejection::RawPathParamsRejection;
use axum::extract::{RawPathParams, State};
use axum::http::{HeaderMap, Uri};
use axum::routing::{MethodFilter, MethodRouter, on};
use serde_json::{Map, Value};

use crate::coze::catalogue::Operation;
use crate::coze::request::Method;

use super::access::{Principal, authenticate};
use super::context::{Ctx, SharedCtx};
use super::reply::{BizError, Logid, Reply, envelope};
use super::request::{self, BodyError};

/// The current Unix time in seconds.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// What a business request carries once its caller is known.
#[derive(Debug)]
pub struct Input {
    /// The query parameters, and the path's `{placeholders}` (which win over a query parameter of the
    /// same name: `/v1/bots/{bot_id}` names its bot in the path).
    pub params: HashMap<String, String>,
    /// The JSON object body of a POST (empty for a GET, and for the SDKs' POSTs without a body).
    pub body: Map<String, Value>,
}

/// A business handler: the caller and what they sent, to a reply or a business error.
pub type Handler = fn(&Ctx, &Principal, &Input) -> Result<Reply, BizError>;

/// Routes the operations of the catalogue to their handlers.
pub trait ServeOperations {
    /// `operation` at its catalogue path and method.
    fn operation(self, operation: &'static Operation, handle: Handler) -> Self;

    /// `operation` at its catalogue path under another method too, for SDKs that send it differently.
    fn operation_also(self, operation: &'static Operation, method: Method, handle: Handler)
    -> Self;
}

impl ServeOperations for Router<SharedCtx> {
    fn operation(self, operation: &'static Operation, handle: Handler) -> Self {
        self.route(operation.path, serve(operation.method, handle))
    }

    fn operation_also(
        self,
        operation: &'static Operation,
        method: Method,
        handle: Handler,
    ) -> Self {
        self.route(operation.path, serve(method, handle))
    }
}

/// `handle` under `method`, with the request read and the reply enveloped.
fn serve(method: Method, handle: Handler) -> MethodRouter<SharedCtx> {
    let filter = match method {
        Method::Get => MethodFilter::GET,
        Method::Post => MethodFilter::POST,
    };
    on(
        filter,
        move |State(ctx): State<SharedCtx>,
              Extension(logid): Extension<Logid>,
              path: Result<RawPathParams, RawPathParamsRejection>,
              headers: HeaderMap,
              uri: Uri,
              body: Body| async move {
            let result = match read(&ctx, method, path, &headers, &uri, body).await {
                Ok((principal, input)) => handle(&ctx, &principal, &input),
                Err(error) => Err(error),
            };
            envelope(&logid, result)
        },
    )
}

/// The caller and the input of a request, in the service's order: body size, authentication, then the
/// body's format and the query's.
async fn read(
    ctx: &Ctx,
    method: Method,
    path: Result<RawPathParams, RawPathParamsRejection>,
    headers: &HeaderMap,
    uri: &Uri,
    body: Body,
) -> Result<(Principal, Input), BizError> {
    let bytes = match method {
        Method::Post => Some(
            request::read_body(headers, body)
                .await
                .map_err(|BodyError::TooLarge| BizError::too_large(request::MAX_BODY_BYTES))?,
        ),
        // A GET's body, if a client sends one, is not read.
        Method::Get => None,
    };
    let principal = authenticate(ctx, headers, now())?;
    let body = match bytes {
        Some(bytes) => {
            // An empty body is `{}` whatever its content type: @coze/api 1.3.9 POSTs the chat retrieve
            // with no body as `application/x-www-form-urlencoded`, and its createAndPoll works on the
            // service.
            let empty = bytes.iter().all(u8::is_ascii_whitespace);
            if !empty && !request::is_json_content_type(headers) {
                return Err(BizError::bad_request(
                    "invalid content type: expected application/json",
                ));
            }
            request::json_object(&bytes).ok_or_else(|| {
                BizError::bad_request("invalid request body: expected a JSON object")
            })?
        }
        None => Map::new(),
    };
    let mut params =
        request::query(uri).ok_or_else(|| BizError::bad_request("invalid query string"))?;
    let path = path.map_err(|_| BizError::bad_request("invalid path"))?;
    for (name, value) in &path {
        params.insert(name.to_string(), value.to_string());
    }
    Ok((principal, Input { params, body }))
}
