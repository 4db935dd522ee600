//! Development hosts: owns the classification of a URL's host as an address that works only on
//! the developer's machine or network (loopback, the unspecified address, private IPv4 ranges,
//! `.local` names) or through a development tunnel ([`TUNNEL_SUFFIXES`]). JS007 (dev-url)
//! reports such hosts in script.js, INT011 (development-endpoint) in the manifest, and SEC002
//! (insecure-script-source) and INT004 (invalid-url) leave them to those two: every rule
//! classifies with this one function, so that the packs agree on what a development address is.
//!
//! It takes a host as the core's URL scanner gives it (lower-case, no port, no user info) and
//! must not parse URLs, resolve names or report anything. JS007's and INT011's documentation
//! list these hosts for users: a change here changes those texts too.

/// A dev address: what kind of host a URL points at, when it is not a public one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DevHost {
    Loopback,
    Unspecified,
    PrivateNetwork,
    LocalName,
    Tunnel,
}

impl DevHost {
    pub fn describe(self) -> &'static str {
        match self {
            DevHost::Loopback => "loopback: in a user's browser it is the user's own computer",
            DevHost::Unspecified => "the unspecified address, which no browser can reach",
            DevHost::PrivateNetwork => "a private network address, out of customers' reach",
            DevHost::LocalName => "a name on the developer's local network",
            DevHost::Tunnel => "a development tunnel, gone when its session ends",
        }
    }

    /// What the address is for a request the CRM's servers make (a webhook, an SMS endpoint,
    /// `crm_post`): there loopback and private addresses are the CRM's own side.
    pub fn describe_for_server(self) -> &'static str {
        match self {
            DevHost::Loopback => "loopback: for the CRM's server that is the server itself",
            DevHost::Unspecified => "the unspecified address, which no server can call",
            DevHost::PrivateNetwork => {
                "a private network address: the CRM's servers cannot reach the developer's network"
            }
            DevHost::LocalName => "a name on the developer's local network, unknown to the CRM",
            DevHost::Tunnel => "a development tunnel, gone when its session ends",
        }
    }
}

/// Tunnel services whose subdomains forward to a developer's machine.
const TUNNEL_SUFFIXES: [&str; 12] = [
    "ngrok.io",
    "ngrok.app",
    "ngrok.dev",
    "ngrok-free.app",
    "ngrok-free.dev",
    "zrok.io",
    "loca.lt",
    "localtunnel.me",
    "trycloudflare.com",
    "serveo.net",
    "localhost.run",
    "lhr.life",
];

/// Classifies `host` when it is a development address. `host` is lower-case, as in
/// [`UrlLiteral::host`](amolint_core::script::UrlLiteral::host).
pub fn dev_host(host: &str) -> Option<DevHost> {
    let host = host.trim_end_matches('.');
    if host == "localhost" || host.ends_with(".localhost") || host == "[::1]" {
        return Some(DevHost::Loopback);
    }
    if host == "0.0.0.0" || host == "[::]" {
        return Some(DevHost::Unspecified);
    }
    if let Some([a, b, _, _]) = ipv4(host) {
        return match (a, b) {
            (127, _) => Some(DevHost::Loopback),
            (10, _) | (192, 168) | (169, 254) => Some(DevHost::PrivateNetwork),
            (172, 16..=31) => Some(DevHost::PrivateNetwork),
            _ => None,
        };
    }
    if host.ends_with(".local") {
        return Some(DevHost::LocalName);
    }
    if TUNNEL_SUFFIXES
        .iter()
        .any(|s| host.strip_suffix(s).is_some_and(|rest| rest.ends_with('.')))
    {
        return Some(DevHost::Tunnel);
    }
    None
}

fn ipv4(host: &str) -> Option<[u8; 4]> {
    let mut out = [0u8; 4];
    let mut parts = host.split('.');
    for slot in &mut out {
        let part = parts.next()?;
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *slot = part.parse().ok()?;
    }
    parts.next().is_none().then_some(out)
}

#[cfg(test)]
mod tests {
    use super::dev_host;

    #[test]
    fn dev_hosts() {
        for host in [
            "localhost",
            "app.localhost",
            "127.0.0.1",
            "127.1.2.3",
            "0.0.0.0",
            "[::1]",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.10",
            "abc.ngrok-free.app",
            "abc.ngrok.io",
            "x.loca.lt",
            "my.trycloudflare.com",
            "a.serveo.net",
            "b.localhost.run",
            "mac.local",
        ] {
            assert!(dev_host(host).is_some(), "{host}");
        }
        for host in [
            "example.com",
            "172.32.0.1",
            "8.8.8.8",
            "ngrok.com",
            "loca.lt",
            "10.example.com",
            "localhost.example.com",
        ] {
            assert!(dev_host(host).is_none(), "{host}");
        }
    }
}
