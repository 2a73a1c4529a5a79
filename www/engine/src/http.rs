//! HTTP routes: the JSON API, the WebSocket endpoints (`/ws`, the SignalR
//! hub at `/hub`) and the built demo; Socket.IO is a layer (see `socketio`).

use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::{Json, Router};
use tower_http::services::{ServeDir, ServeFile};

pub use crate::api_error::ApiError;
use crate::catalog::Catalog;
use crate::hub::Hub;
use crate::project_views::ProjectItem;
use crate::projects::Projects;
use crate::state::Status;
use crate::target::{parse_project_id, PROJECT_TYPE};
use crate::views::{
    EntityMetrics, EventReply, ExposesView, FeedView, MetricsView, TruthView, VersionsView, World,
};
use crate::vocab::{EntityKey, EntityType};
use crate::{body, mutation_http as mutate, signalr, signalr_negotiate, ws};

/// Everything the handlers share. `Arc<Hub>` is extracted directly thanks to
/// `FromRef`, so the WebSocket handler does not see the static-file setup.
#[derive(Clone)]
pub struct AppState {
    pub hub: Arc<Hub>,
    pub static_dir: Arc<PathBuf>,
    pub signalr: Arc<signalr::Settings>,
}

impl axum::extract::FromRef<AppState> for Arc<Hub> {
    fn from_ref(state: &AppState) -> Self {
        state.hub.clone()
    }
}

impl axum::extract::FromRef<AppState> for Arc<signalr::Settings> {
    fn from_ref(state: &AppState) -> Self {
        state.signalr.clone()
    }
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/api/feed", get(feed))
        .route("/api/truth", get(truth))
        .route("/api/versions", get(versions))
        .route("/api/metrics/{entity_type}/{entity_id}", get(metrics))
        .route("/api/control", get(status).post(control))
        .route("/api/events", post(event))
        .route("/api/exposes", get(exposes))
        .route("/api/expose/vote", post(mutate::vote))
        .route("/api/expose/view", post(mutate::view))
        .route("/api/expose/share", post(mutate::share))
        .route("/api/expose/comment", post(mutate::comment))
        .route("/api/mutations", post(mutate::generic))
        .route("/api/{*rest}", any(api_not_found))
        .route("/ws", get(ws::upgrade))
        .route("/hub", get(signalr::upgrade))
        .route("/hub/negotiate", post(signalr_negotiate::negotiate))
        .fallback(demo)
        .with_state(state)
}

/// A JSON response from bytes serialised under the hub lock (one consistent
/// snapshot, keys in vocabulary order).
fn json_bytes(encoded: serde_json::Result<Vec<u8>>) -> Response {
    match encoded {
        Ok(bytes) => ([(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(e) => {
            eprintln!("livemetrics-engine: cannot encode response: {e}");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Serialises a view of everything under the hub lock, so values and
/// versions are one consistent snapshot.
fn world_json(
    hub: &Hub,
    encode: impl FnOnce(World<'_>) -> serde_json::Result<Vec<u8>>,
) -> Response {
    json_bytes(hub.read(|catalog, projects| encode(World { catalog, projects })))
}

async fn feed(State(hub): State<Arc<Hub>>) -> Response {
    world_json(&hub, |w| serde_json::to_vec(&FeedView(w)))
}

async fn exposes(State(hub): State<Arc<Hub>>) -> Response {
    world_json(&hub, |w| serde_json::to_vec(&ExposesView(w.catalog)))
}

async fn truth(State(hub): State<Arc<Hub>>) -> Response {
    world_json(&hub, |w| serde_json::to_vec(&TruthView(w)))
}

async fn versions(State(hub): State<Arc<Hub>>) -> Response {
    world_json(&hub, |w| serde_json::to_vec(&VersionsView(w)))
}

async fn metrics(
    State(hub): State<Arc<Hub>>,
    Path((entity_type, entity_id)): Path<(String, String)>,
) -> Response {
    let key = EntityType::parse(&entity_type)
        .zip(entity_id.parse::<u32>().ok())
        .map(|(ty, id)| EntityKey::new(ty, id));
    let project = (entity_type == PROJECT_TYPE)
        .then(|| parse_project_id(&entity_id))
        .flatten();
    let encode = |c: &Catalog, p: &Projects| match project {
        Some(number) => Some(serde_json::to_vec(&ProjectItem::metrics(p.get(number)?))),
        None => Some(serde_json::to_vec(&EntityMetrics::of(c.get(key?)?))),
    };
    match hub.read(encode) {
        Some(encoded) => json_bytes(encoded),
        None => ApiError::not_found(format!("no entity {entity_type}:{entity_id}")).into_response(),
    }
}

async fn status(State(hub): State<Arc<Hub>>) -> Json<Status> {
    Json(hub.status())
}

async fn control(State(hub): State<Arc<Hub>>, bytes: Bytes) -> Result<Json<Status>, ApiError> {
    let change = body::control(&bytes)?;
    Ok(Json(hub.control(&change)))
}

async fn event(State(hub): State<Arc<Hub>>, bytes: Bytes) -> Result<Response, ApiError> {
    let event = body::event(&bytes)?;
    let encoded = hub
        .post_event(event.key, &event.updates, |entity| {
            serde_json::to_vec(&EventReply {
                ok: true,
                metrics: MetricsView(entity),
            })
        })
        .await?;
    Ok(json_bytes(encoded))
}

async fn api_not_found(request: Request) -> ApiError {
    ApiError::not_found(format!(
        "no route {} {}",
        request.method(),
        request.uri().path()
    ))
}

/// Serves the built demo with SPA fallback to `index.html`. The directory is
/// checked per request so `make demo` works without restarting the engine.
async fn demo(State(state): State<AppState>, request: Request) -> Response {
    let index = state.static_dir.join("index.html");
    if !index.is_file() {
        let text = format!(
            "The livemetrics demo is not built (no {}).\nRun `make demo`, then reload.\n",
            index.display()
        );
        return (StatusCode::SERVICE_UNAVAILABLE, text).into_response();
    }
    let mut files = ServeDir::new(state.static_dir.as_path()).fallback(ServeFile::new(index));
    match files.try_call(request).await {
        Ok(response) => response.into_response(),
        Err(e) => {
            eprintln!("livemetrics-engine: static file error: {e}");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
