//! Shared helpers: an in-process server on port 0, a tiny HTTP/1.1 client and
//! a WebSocket client, so tests need no heavy HTTP client crate.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use livemetrics_engine::Config;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio_tungstenite::tungstenite::Message;

pub struct Server {
    pub addr: SocketAddr,
    stop: oneshot::Sender<()>,
}

impl Server {
    /// Triggers graceful shutdown (dropping the server does the same).
    pub fn stop(self) {
        let _ = self.stop.send(());
    }
}

/// Starts the engine in-process; it stops when the `Server` is dropped.
pub async fn start(tweak: impl FnOnce(&mut Config)) -> Server {
    let mut config = Config {
        addr: "127.0.0.1:0".into(),
        static_dir: "/nonexistent/livemetrics-test".into(),
        ..Config::default()
    };
    tweak(&mut config);
    let listener = TcpListener::bind(&config.addr).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(async move {
        let shutdown = async {
            let _ = stopped.await;
        };
        livemetrics_engine::serve_with_shutdown(config, listener, shutdown)
            .await
            .unwrap();
    });
    Server { addr, stop }
}

pub struct Reply {
    pub status: u16,
    pub headers: String,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.lines().find_map(|line| {
            let (k, v) = line.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
        })
    }
}

pub async fn http(addr: SocketAddr, method: &str, path: &str, body: Option<&str>) -> Reply {
    request(addr, method, path, &[], body, Duration::from_secs(10))
        .await
        .expect("HTTP response timed out")
}

/// One HTTP/1.1 request with extra headers; `None` if no complete response
/// arrives within `wait` (the connection is then dropped, like a client
/// timing out).
pub async fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
    wait: Duration,
) -> Option<Reply> {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let body = body.unwrap_or("");
    let extra: String = headers
        .iter()
        .map(|(k, v)| format!("{k}: {v}\r\n"))
        .collect();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\n{extra}Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    tokio::time::timeout(wait, stream.read_to_end(&mut raw))
        .await
        .ok()?
        .unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").expect("no header end");
    let (status_line, headers) = head.split_once("\r\n").unwrap_or((head, ""));
    let status = status_line.split(' ').nth(1).unwrap().parse().unwrap();
    let mut reply = Reply {
        status,
        headers: headers.to_owned(),
        body: body.to_owned(),
    };
    if reply.header("transfer-encoding").as_deref() == Some("chunked") {
        reply.body = dechunk(&reply.body);
    }
    Some(reply)
}

/// A mutation request carrying `Idempotency-Key: key`.
pub async fn mutate(addr: SocketAddr, path: &str, key: &str, body: Value) -> Reply {
    let headers = [("Idempotency-Key", key)];
    let body = body.to_string();
    request(
        addr,
        "POST",
        path,
        &headers,
        Some(&body),
        Duration::from_secs(10),
    )
    .await
    .expect("mutation response timed out")
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap();
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        s = &rest[n + 2..];
    }
    out
}

pub async fn get_json(addr: SocketAddr, path: &str) -> Value {
    let reply = http(addr, "GET", path, None).await;
    assert_eq!(reply.status, 200, "GET {path}: {}", reply.body);
    reply.json()
}

pub async fn post_json(addr: SocketAddr, path: &str, body: Value) -> Reply {
    http(addr, "POST", path, Some(&body.to_string())).await
}

pub async fn control(addr: SocketAddr, body: Value) -> Value {
    let reply = post_json(addr, "/api/control", body).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

/// `Image:5` or `Project:project-3` from `{ entityType, entityId }`.
pub fn entity_key(data: &Value) -> String {
    let id = match &data["entityId"] {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    format!("{}:{id}", data["entityType"].as_str().unwrap())
}

/// A heartbeat: `metric:update` with a `version` and no `seq`.
pub fn is_heartbeat(msg: &Value) -> bool {
    msg["type"] == "metric:update" && msg["data"].get("version").is_some()
}

/// `{"Image:5": {"likeCount": 3, ...}}` from a feed.
pub fn feed_truth(feed: &Value) -> BTreeMap<String, BTreeMap<String, f64>> {
    let mut out = BTreeMap::new();
    for item in feed["items"].as_array().unwrap() {
        out.insert(entity_key(item), metrics_map(&item["metrics"]));
    }
    out
}

pub fn metrics_map(metrics: &Value) -> BTreeMap<String, f64> {
    metrics
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_f64().unwrap()))
        .collect()
}

/// Maps a wire label to its metric name (reaction aliases).
pub fn canonical(label: &str) -> &str {
    match label {
        "Like" => "likeCount",
        "Heart" => "heartCount",
        "Laugh" => "laughCount",
        "Cry" => "cryCount",
        other => other,
    }
}

pub type Ws = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<TcpStream>>;

pub async fn ws_connect(addr: SocketAddr) -> (Ws, u64) {
    let (mut ws, _) = tokio_tungstenite::connect_async(format!("ws://{addr}/ws"))
        .await
        .unwrap();
    let welcome = next_frame(&mut ws).await;
    assert_eq!(welcome[0]["type"], "welcome", "{welcome}");
    let id = welcome[0]["data"]["connectionId"].as_u64().unwrap();
    (ws, id)
}

/// Next server frame (always a JSON array), or panics after 5 s.
pub async fn next_frame(ws: &mut Ws) -> Value {
    try_next_frame(ws, Duration::from_secs(5))
        .await
        .expect("no frame within 5 s")
}

/// Next server frame, or `None` if nothing arrives within `wait`.
pub async fn try_next_frame(ws: &mut Ws, wait: Duration) -> Option<Value> {
    loop {
        let msg = tokio::time::timeout(wait, ws.next()).await.ok()??;
        match msg.unwrap() {
            Message::Text(t) => {
                let v: Value = serde_json::from_str(t.as_str()).unwrap();
                assert!(v.is_array(), "frames are arrays: {v}");
                return Some(v);
            }
            Message::Close(_) => return None,
            _ => continue,
        }
    }
}

pub async fn send(ws: &mut Ws, value: Value) {
    ws.send(Message::Text(value.to_string().into()))
        .await
        .unwrap();
}

/// Sends a (un)subscribe and returns the acked topic set, skipping any
/// `metric:update` or `projectStatsUpdate` messages that arrive first (they
/// are returned too).
pub async fn command(ws: &mut Ws, kind: &str, topics: &[&str]) -> (Vec<String>, Vec<Value>) {
    send(ws, json!({ "type": kind, "topics": topics })).await;
    let mut updates = Vec::new();
    loop {
        for msg in next_frame(ws).await.as_array().unwrap() {
            match msg["type"].as_str().unwrap() {
                "subscribed" => {
                    let set = msg["data"]["topics"].as_array().unwrap();
                    return (
                        set.iter().map(|t| t.as_str().unwrap().to_owned()).collect(),
                        updates,
                    );
                }
                "metric:update" | "projectStatsUpdate" => updates.push(msg.clone()),
                other => panic!("unexpected {other}: {msg}"),
            }
        }
    }
}

/// An engine that emits nothing on its own: no deltas, no heartbeats.
pub async fn quiet_server() -> Server {
    start(|c| {
        c.rate = 0.0;
        c.heartbeat_ms = 0;
    })
    .await
}

/// `/api/metrics/{ty}/{id}` as `(version, metrics)`.
pub async fn read_metrics(addr: SocketAddr, ty: &str, id: u32) -> (u64, Value) {
    let read = get_json(addr, &format!("/api/metrics/{ty}/{id}")).await;
    (read["version"].as_u64().unwrap(), read["metrics"].clone())
}
