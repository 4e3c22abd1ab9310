//! Fetching feeds and pages over HTTP politely: robots.txt honoured (RFC 9309, via
//! `texting_robots`), one request at a time per host with a minimum gap (or the site's
//! Crawl-delay when longer), conditional GET (ETag, Last-Modified), retries with
//! exponential backoff on timeouts, connection errors, 429 and 5xx, a time limit per
//! request and a size limit per body (a page that never ends is cut off, not waited for).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use ureq::http::StatusCode;

/// How politely and how patiently to fetch.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    pub user_agent: String,
    /// Least time between two requests to one host.
    pub per_host: Duration,
    /// Longest time one request may take, body included.
    pub timeout: Duration,
    /// Largest body read.
    pub max_bytes: u64,
    /// Attempts after the first for a failure that may pass.
    pub retries: u32,
    /// Wait before the first retry; doubled for each next one.
    pub backoff: Duration,
    /// Hosts that may be on a private network or this machine: those the user named (the
    /// feeds' hosts). Any other URL (an item's link, a redirect) that resolves to a
    /// loopback, private or link-local address is refused, so that a feed cannot make the
    /// watcher read the local network into the store.
    pub trusted_hosts: Vec<String>,
    /// Allow every address (for feeds and pages served on a local network).
    pub allow_private: bool,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            user_agent: format!(
                "rasid/{} (news monitor; robots.txt honoured)",
                env!("CARGO_PKG_VERSION")
            ),
            per_host: Duration::from_secs(1),
            timeout: Duration::from_secs(30),
            max_bytes: 8 << 20,
            retries: 3,
            backoff: Duration::from_secs(2),
            trusted_hosts: Vec::new(),
            allow_private: false,
        }
    }
}

/// What a conditional request sends: the validators of the last answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Validators {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

/// A successful answer.
#[derive(Debug, Clone)]
pub enum Fetched {
    Body {
        bytes: Vec<u8>,
        /// The charset of the Content-Type header.
        charset: Option<String>,
        /// The address after redirects.
        url: String,
        validators: Validators,
    },
    /// 304: unchanged since the validators sent.
    NotModified,
}

/// Why a fetch failed, in words, and whether trying again later may help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchError {
    pub url: String,
    pub message: String,
    /// False for what will not pass by waiting (404, robots.txt, a body over the limit).
    pub transient: bool,
    /// The host itself could not be reached (name, connection): its other URLs are not
    /// tried for a while.
    pub host_down: bool,
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.url, self.message)
    }
}

/// A host's robots.txt as read, and when.
enum Robots {
    All,
    /// It answered 5xx: RFC 9309 2.3.1.4, assume complete disallow.
    Nothing,
    /// It could not be reached (timeout, refused): asked again after a short while, and
    /// what it guards is a failure that may pass.
    Unreachable,
    Rules(Box<texting_robots::Robot>),
}

/// The product token robots.txt groups are matched against: the User-Agent up to its
/// first `/` or space (`rasid/0.1 (…)` → `rasid`).
fn product_token(agent: &str) -> &str {
    agent
        .split(['/', ' '])
        .next()
        .filter(|t| !t.is_empty())
        .unwrap_or(agent)
}

/// The HTTP side of `rasid watch`.
pub struct Fetcher {
    agent: ureq::Agent,
    opts: FetchOptions,
    robots: HashMap<String, (Robots, Instant)>,
    last: HashMap<String, Instant>,
    /// Hosts that failed after every retry, and when.
    down: HashMap<String, Instant>,
    /// How many requests were sent (robots.txt included), for reports and tests.
    pub requests: u64,
}

/// robots.txt is read again after this long.
const ROBOTS_TTL: Duration = Duration::from_secs(24 * 3600);
/// An unreachable robots.txt, or a host that failed after every retry, is asked again
/// after this long (meanwhile its URLs fail at once, as failures that may pass).
const DOWN_TTL: Duration = Duration::from_secs(300);
/// The longest wait between two retries.
const MAX_BACKOFF: Duration = Duration::from_secs(300);
/// The part of a robots.txt read (RFC 9309 2.5 asks for at least 500 KiB).
const ROBOTS_MAX: u64 = 512 << 10;

const MAX_REDIRECTS: usize = 5;

/// Whether an address is on the public internet.
fn is_public(ip: &std::net::IpAddr) -> bool {
    match ip {
        std::net::IpAddr::V4(v) => {
            let o = v.octets();
            !(v.is_private()
                || v.is_loopback()
                || v.is_link_local()
                || v.is_unspecified()
                || v.is_broadcast()
                || v.is_multicast()
                || (o[0] == 100 && (o[1] & 0xC0) == 64))
        }
        std::net::IpAddr::V6(v) => {
            if let Some(v4) = v.to_ipv4_mapped() {
                return is_public(&std::net::IpAddr::V4(v4));
            }
            let s = v.segments();
            !(v.is_loopback()
                || v.is_unspecified()
                || v.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00
                || (s[0] & 0xffc0) == 0xfe80)
        }
    }
}

/// A redirect's Location against the URL it answered.
fn resolve(base: &str, location: &str) -> String {
    if location.starts_with("http://") || location.starts_with("https://") {
        return location.to_string();
    }
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[scheme_end..].find('/').map_or(base.len(), |i| scheme_end + i);
    if let Some(rest) = location.strip_prefix("//") {
        return format!("{}{rest}", &base[..scheme_end]);
    }
    if location.starts_with('/') {
        return format!("{}{location}", &base[..host_end]);
    }
    let path = &base[host_end..];
    let path = path.split(['?', '#']).next().unwrap_or("");
    let dir = path.rfind('/').map_or("/", |i| &path[..=i]);
    format!("{}{dir}{location}", &base[..host_end])
}

/// The host of a URL, lowercased (`example.org`).
pub fn host(url: &str) -> Option<String> {
    let u: ureq::http::Uri = url.parse().ok()?;
    Some(u.host()?.to_ascii_lowercase())
}

/// Scheme, host and port: what robots.txt and the pacing are kept per.
fn host_of(url: &str) -> Option<String> {
    let u: ureq::http::Uri = url.parse().ok()?;
    let host = u.host()?.to_ascii_lowercase();
    Some(match u.port_u16() {
        Some(p) => format!("{}://{host}:{p}", u.scheme_str().unwrap_or("http")),
        None => format!("{}://{host}", u.scheme_str().unwrap_or("http")),
    })
}

impl Fetcher {
    pub fn new(opts: FetchOptions) -> Fetcher {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(opts.timeout))
            .http_status_as_error(false)
            // Redirects are followed by hand, each hop checked like the first URL.
            .max_redirects(0)
            .user_agent(opts.user_agent.as_str())
            .build()
            .into();
        Fetcher {
            agent,
            opts,
            robots: HashMap::new(),
            last: HashMap::new(),
            down: HashMap::new(),
            requests: 0,
        }
    }

    /// Waits until the host may be asked again.
    fn pace(&mut self, host: &str, delay: Duration) {
        if let Some(t) = self.last.get(host) {
            let gap = self.opts.per_host.max(delay);
            let since = t.elapsed();
            if since < gap {
                std::thread::sleep(gap - since);
            }
        }
        self.last.insert(host.to_string(), Instant::now());
    }

    /// Whether robots.txt lets us fetch `url` (`None`: it could not be read, try later),
    /// and the host's Crawl-delay.
    fn allowed(&mut self, url: &str, host: &str) -> (Option<bool>, Duration) {
        let stale = self.robots.get(host).is_none_or(|(r, t)| {
            let ttl = if matches!(r, Robots::Unreachable) {
                DOWN_TTL
            } else {
                ROBOTS_TTL
            };
            t.elapsed() > ttl
        });
        if stale {
            let robots_url = format!("{host}/robots.txt");
            self.pace(host, Duration::ZERO);
            self.requests += 1;
            let r = match self.request(&robots_url, &Validators::default()) {
                Ok((mut resp, _)) => {
                    let status = resp.status();
                    if status.is_success() {
                        // A body over the limit is read up to it (RFC 9309 2.5); one that
                        // breaks off is as if the host could not be reached.
                        let mut body = Vec::new();
                        let read = std::io::Read::read_to_end(
                            &mut std::io::Read::take(resp.body_mut().as_reader(), ROBOTS_MAX),
                            &mut body,
                        );
                        match read {
                            Err(_) => Robots::Unreachable,
                            Ok(_) => match texting_robots::Robot::new(product_token(&self.opts.user_agent), &body) {
                                Ok(r) => Robots::Rules(Box::new(r)),
                                Err(_) => Robots::All,
                            },
                        }
                    } else if status.is_client_error() {
                        // RFC 9309 2.3.1.3: "unavailable" (4xx) means no restrictions.
                        Robots::All
                    } else {
                        Robots::Nothing
                    }
                }
                Err(_) => Robots::Unreachable,
            };
            self.robots.insert(host.to_string(), (r, Instant::now()));
        }
        match self.robots.get(host).map(|x| &x.0) {
            Some(Robots::Rules(r)) => (
                Some(r.allowed(url)),
                Duration::from_secs_f32(r.delay.unwrap_or(0.0).clamp(0.0, 60.0)),
            ),
            Some(Robots::Nothing) => (Some(false), Duration::ZERO),
            Some(Robots::Unreachable) => (None, Duration::ZERO),
            _ => (Some(true), Duration::ZERO),
        }
    }

    /// GET with the validators of the last answer; retried with backoff while the failure
    /// may pass.
    pub fn get(&mut self, url: &str, validators: &Validators) -> Result<Fetched, FetchError> {
        let fail = |message: String, transient: bool| FetchError {
            url: url.to_string(),
            message,
            transient,
            host_down: false,
        };
        let Some(host) = host_of(url).filter(|_| url.starts_with("http://") || url.starts_with("https://")) else {
            return Err(fail("not an http(s) URL".into(), false));
        };
        if let Some(t) = self.down.get(&host) {
            if t.elapsed() < DOWN_TTL {
                return Err(fail("its host failed a moment ago; tried again later".into(), true));
            }
        }
        self.check_address(url)?;
        let (ok, delay) = self.allowed(url, &host);
        match ok {
            None => {
                return Err(fail(
                    "its robots.txt cannot be read now; tried again later".into(),
                    true,
                ))
            }
            Some(false) => return Err(fail("robots.txt does not allow fetching it".into(), false)),
            Some(true) => {}
        }
        let mut wait = self.opts.backoff;
        let mut attempt = 0;
        loop {
            let r = self.once(url, &host, delay, validators);
            match r {
                Err(e) if e.transient && attempt < self.opts.retries => {
                    attempt += 1;
                    std::thread::sleep(wait);
                    wait = (wait * 2).min(MAX_BACKOFF);
                }
                Err(mut e) => {
                    if attempt > 0 {
                        e.message = format!("{} (after {} attempts)", e.message, attempt + 1);
                    }
                    // A host that could not be reached after every retry is not asked again
                    // for a while: one dead site must not hold up the others for each of
                    // its items.
                    if e.host_down {
                        self.down.insert(host.clone(), Instant::now());
                    }
                    return Err(e);
                }
                ok => return ok,
            }
        }
    }

    /// One GET, following up to five redirects by hand; every hop's address is checked.
    fn request(&self, url: &str, v: &Validators) -> Result<(ureq::http::Response<ureq::Body>, String), FetchError> {
        let mut current = url.to_string();
        for hop in 0..=MAX_REDIRECTS {
            self.check_address(&current)?;
            let mut req = self.agent.get(&current);
            // The validators are of the URL asked for, not of where it leads.
            if hop == 0 {
                if let Some(e) = &v.etag {
                    req = req.header("If-None-Match", e);
                }
                if let Some(m) = &v.last_modified {
                    req = req.header("If-Modified-Since", m);
                }
            }
            let resp = req.call().map_err(|e| FetchError {
                url: current.clone(),
                message: format!("{e}"),
                transient: true,
                host_down: matches!(
                    e,
                    ureq::Error::HostNotFound
                        | ureq::Error::ConnectionFailed
                        | ureq::Error::Timeout(ureq::Timeout::Connect | ureq::Timeout::Resolve)
                ) || matches!(&e, ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused),
            })?;
            let location = resp.headers().get("location").and_then(|l| l.to_str().ok());
            match location {
                Some(l) if resp.status().is_redirection() && resp.status() != StatusCode::NOT_MODIFIED => {
                    current = resolve(&current, l);
                }
                _ => return Ok((resp, current)),
            }
        }
        Err(FetchError {
            url: url.to_string(),
            message: format!("more than {MAX_REDIRECTS} redirects"),
            transient: false,
            host_down: false,
        })
    }

    /// Refuses a URL whose host resolves to this machine or a private network, unless the
    /// user named that host or allowed it.
    fn check_address(&self, url: &str) -> Result<(), FetchError> {
        if self.opts.allow_private {
            return Ok(());
        }
        let Ok(u) = url.parse::<ureq::http::Uri>() else {
            return Ok(());
        };
        let Some(h) = u.host() else { return Ok(()) };
        let h = h.trim_start_matches('[').trim_end_matches(']').to_ascii_lowercase();
        if self.opts.trusted_hosts.iter().any(|t| t.eq_ignore_ascii_case(&h)) {
            return Ok(());
        }
        let port = u
            .port_u16()
            .unwrap_or(if u.scheme_str() == Some("https") { 443 } else { 80 });
        let addrs: Vec<std::net::IpAddr> = match h.parse::<std::net::IpAddr>() {
            Ok(ip) => vec![ip],
            // Name resolution failing is the request's own error to report.
            Err(_) => std::net::ToSocketAddrs::to_socket_addrs(&(h.as_str(), port))
                .map(|a| a.map(|s| s.ip()).collect())
                .unwrap_or_default(),
        };
        if let Some(ip) = addrs.iter().find(|ip| !is_public(ip)) {
            return Err(FetchError {
                url: url.to_string(),
                message: format!("refused: {h} is {ip}, a loopback or private address (--allow-private allows it)"),
                transient: false,
                host_down: false,
            });
        }
        Ok(())
    }

    fn once(&mut self, url: &str, host: &str, delay: Duration, v: &Validators) -> Result<Fetched, FetchError> {
        let fail = |message: String, transient: bool| FetchError {
            url: url.to_string(),
            message,
            transient,
            host_down: false,
        };
        self.pace(host, delay);
        self.requests += 1;
        let (mut resp, final_url) = self.request(url, v)?;
        let status = resp.status();
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified);
        }
        if !status.is_success() {
            let transient = status.is_server_error()
                || status == StatusCode::TOO_MANY_REQUESTS
                || status == StatusCode::REQUEST_TIMEOUT;
            return Err(fail(format!("HTTP {status}"), transient));
        }
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|h| h.to_str().ok())
                .map(str::to_string)
        };
        let validators = Validators {
            etag: header("etag"),
            last_modified: header("last-modified"),
        };
        let charset = resp.body().charset().map(str::to_string);
        let bytes = match resp.body_mut().with_config().limit(self.opts.max_bytes).read_to_vec() {
            Ok(b) => b,
            Err(ureq::Error::BodyExceedsLimit(n)) => {
                return Err(fail(format!("the body is over the {n}-byte limit"), false));
            }
            Err(e) => return Err(fail(format!("reading the body: {e}"), true)),
        };
        Ok(Fetched::Body {
            bytes,
            charset,
            url: final_url,
            validators,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_resolve() {
        assert_eq!(resolve("http://a.test/x/y?q=1", "z"), "http://a.test/x/z");
        assert_eq!(resolve("http://a.test/x/y", "/z"), "http://a.test/z");
        assert_eq!(resolve("https://a.test/x", "//b.test/z"), "https://b.test/z");
        assert_eq!(resolve("http://a.test", "z"), "http://a.test/z");
        assert_eq!(resolve("http://a.test/x", "https://c.test/"), "https://c.test/");
    }

    #[test]
    fn private_addresses_are_not_public() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.0.1",
            "172.16.5.4",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(!is_public(&ip.parse().unwrap()), "{ip}");
        }
        for ip in ["8.8.8.8", "2001:4860:4860::8888", "185.1.2.3"] {
            assert!(is_public(&ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn robots_groups_match_the_product_token() {
        assert_eq!(product_token("rasid/0.1 (news monitor)"), "rasid");
        assert_eq!(product_token("MyBot"), "MyBot");
        let f = Fetcher::new(FetchOptions {
            allow_private: false,
            ..FetchOptions::default()
        });
        let e = f.check_address("http://127.0.0.1:9/x").unwrap_err();
        assert!(e.message.contains("loopback or private") && !e.transient, "{e}");
        let f = Fetcher::new(FetchOptions {
            trusted_hosts: vec!["127.0.0.1".into()],
            ..FetchOptions::default()
        });
        assert!(f.check_address("http://127.0.0.1:9/x").is_ok());
    }
}
