//! Socket.IO is mounted at `/socket.io/` beside the other routes (the real
//! client is driven by `www/e2e/socketio-engine.test.mjs`): its Engine.IO
//! handshake answers, a socket counts as a hub connection, and `/api` and
//! `/ws` are untouched.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use serde_json::Value;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_engine_io_handshake_answers_and_other_routes_are_untouched() {
    let server = quiet_server().await;
    let addr = server.addr;
    let open = http(addr, "GET", "/socket.io/?EIO=4&transport=polling", None).await;
    assert_eq!(open.status, 200, "{}", open.body);
    let handshake: Value =
        serde_json::from_str(open.body.strip_prefix('0').expect("an OPEN packet")).unwrap();
    let sid = handshake["sid"].as_str().unwrap();
    assert!(handshake["upgrades"]
        .as_array()
        .unwrap()
        .iter()
        .any(|u| u == "websocket"));

    // Connect to the default namespace: the socket becomes a hub connection.
    let connect = http(
        addr,
        "POST",
        &format!("/socket.io/?EIO=4&transport=polling&sid={sid}"),
        Some("40"),
    )
    .await;
    assert_eq!(connect.status, 200, "{}", connect.body);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while get_json(addr, "/api/control").await["connections"] != 1 {
        assert!(
            std::time::Instant::now() < deadline,
            "the socket never registered"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }

    let bad = http(addr, "GET", "/socket.io/?EIO=9&transport=polling", None).await;
    assert_eq!(
        bad.status, 400,
        "an unknown protocol version is refused: {}",
        bad.body
    );
    assert_eq!(http(addr, "GET", "/api/nope", None).await.status, 404);
    let (mut ws, _) = ws_connect(addr).await;
    command(&mut ws, "subscribe", &["metrics:Image:1"]).await;
}
