//! The built demo: files, `.wasm` MIME type, SPA fallback, and the 503 page
//! when the demo has not been built.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::PathBuf;

use common::*;

fn temp_dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("livemetrics-engine-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_the_demo_with_spa_fallback() {
    let dir = temp_dir("dist");
    std::fs::write(dir.join("index.html"), "<!doctype html><p>demo</p>").unwrap();
    std::fs::write(dir.join("assets/core_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dir.join("assets/app.js"), "console.log(1)").unwrap();
    let static_dir = dir.clone();
    let server = start(move |c| c.static_dir = static_dir).await;
    let addr = server.addr;

    let index = http(addr, "GET", "/", None).await;
    assert_eq!(index.status, 200);
    assert!(index.body.contains("demo"));
    assert!(index
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));

    let wasm = http(addr, "GET", "/assets/core_bg.wasm", None).await;
    assert_eq!(wasm.status, 200);
    assert_eq!(
        wasm.header("content-type").as_deref(),
        Some("application/wasm")
    );

    let js = http(addr, "GET", "/assets/app.js", None).await;
    assert!(js.header("content-type").unwrap().contains("javascript"));

    let deep = http(addr, "GET", "/feed/Image/5", None).await;
    assert_eq!(deep.status, 200);
    assert!(
        deep.body.contains("demo"),
        "SPA routes fall back to index.html"
    );

    // API routes are never swallowed by the fallback.
    assert_eq!(http(addr, "GET", "/api/unknown", None).await.status, 404);
    assert_eq!(http(addr, "GET", "/healthz", None).await.body, "ok");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_demo_is_a_503_page() {
    let server = start(|c| c.static_dir = "/nonexistent/livemetrics-dist".into()).await;
    for path in ["/", "/some/route"] {
        let reply = http(server.addr, "GET", path, None).await;
        assert_eq!(reply.status, 503, "{path}");
        assert!(
            reply.body.contains("not built") && reply.body.contains("make demo"),
            "{}",
            reply.body
        );
    }
    assert_eq!(http(server.addr, "GET", "/healthz", None).await.status, 200);
}
