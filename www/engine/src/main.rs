//! Entry point: parse the command line, bind, announce the address, serve.

use std::io::Write;
use std::process::ExitCode;

use livemetrics_engine::config::{self, Command, Config, USAGE};
use tokio::net::TcpListener;

fn main() -> ExitCode {
    // Lossy conversion: a non-UTF-8 argument becomes a clear error, not a panic.
    let args = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned());
    let config = match config::parse(args, |name| std::env::var(name).ok()) {
        Ok(Command::Run(config)) => config,
        Ok(Command::Help) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("livemetrics-engine: {e}\nRun `livemetrics-engine --help` for usage.");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("livemetrics-engine: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run(config))
}

async fn run(config: Config) -> ExitCode {
    let listener = match TcpListener::bind(&config.addr).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("livemetrics-engine: cannot listen on {}: {e}", config.addr);
            return ExitCode::FAILURE;
        }
    };
    let addr = match listener.local_addr() {
        Ok(addr) => addr,
        Err(e) => {
            eprintln!("livemetrics-engine: cannot read the bound address: {e}");
            return ExitCode::FAILURE;
        }
    };
    if !config.static_dir.join("index.html").is_file() {
        eprintln!(
            "livemetrics-engine: no demo in {} (run `make demo`); serving the API only",
            config.static_dir.display()
        );
    }
    // Tests and scripts parse the port from this exact line.
    println!("livemetrics engine listening on http://{addr}");
    let _ = std::io::stdout().flush();

    match livemetrics_engine::serve(config, listener).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("livemetrics-engine: server error: {e}");
            ExitCode::FAILURE
        }
    }
}
