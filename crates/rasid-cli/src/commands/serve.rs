//! `rasid serve`: the flags into a `rasid_serve::Config`, then the server until Ctrl-C.

use std::time::Duration;

use crate::args::ServeArgs;

pub fn run(a: ServeArgs) -> anyhow::Result<i32> {
    let cfg = rasid_serve::Config {
        addr: a.addr,
        token: a.token,
        no_auth: a.no_auth,
        cors: a.cors,
        readers: a.readers as usize,
        timeout: Duration::from_secs(a.timeout),
        max_body: a.max_body,
        ..rasid_serve::Config::new(match (a.store, a.db) {
            (Some(dir), _) => rasid_serve::Source::Dir(dir),
            (None, Some(url)) => rasid_serve::Source::Db(url),
            (None, None) => anyhow::bail!("give --store STORE or --db URL"),
        })
    };
    let open = a.open;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(rasid_serve::serve(cfg.clone(), move |addr| {
        let url = format!("http://{addr}/search");
        eprintln!(
            "rasid: serving {} at {url} (API: http://{addr}/api/v1/openapi.json); Ctrl-C stops",
            cfg.store.shown()
        );
        if open {
            // The desktop's browser; where there is none, the address above is enough.
            if let Err(e) = std::process::Command::new("xdg-open").arg(&url).spawn() {
                eprintln!("rasid: note: could not open a browser ({e}): open {url}");
            }
        }
    }))?;
    Ok(0)
}
