//! Share links: the URL hash `#s=browse&client.isn=1&latency_ms=30&t=3&lang=zh&num=rel`.
//! Parsing never fails; the reducer checks each value and names what was wrong.
//! Embed keys (`embed=1&controls=0&...`, see [`EMBED_KEYS`]) are kept apart, as written,
//! for `embed::EmbedOptions` to read: they never reach the scenario's parameters.

/// The keys of embed mode (issue 11), besides `play` (of which `autoplay` is an alias).
pub const EMBED_KEYS: [&str; 15] = [
    "embed",
    "end",
    "loop",
    "controls",
    "keyboard",
    "theme",
    "transparent",
    "panels",
    "lock",
    "links",
    "autoheight",
    "maxheight",
    "origin",
    "player_id",
    "autoplay",
];

/// What a link asks for, as text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Link {
    /// Scenario id (`s=`).
    pub scenario: Option<String>,
    /// Scenario parameters in link order.
    pub params: Vec<(String, String)>,
    /// Step (`t=`): how many segments have been played.
    pub step: Option<String>,
    /// Language (`lang=en|zh`).
    pub lang: Option<String>,
    /// Numbering (`num=abs|rel`).
    pub numbering: Option<String>,
    /// Playback speed (`speed=0.25..4`).
    pub speed: Option<String>,
    /// Start playing at once (`play=1`).
    pub play: Option<String>,
    /// Timer brackets shown (`timers=0|1`).
    pub timers: Option<String>,
    /// Embed keys in link order (later values win), `autoplay` written as `play`.
    pub embed: Vec<(String, String)>,
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Decodes `%xx` escapes and `+` (as a space); invalid escapes stay as written.
pub fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Escapes what would break a hash (`&`, `=`, `#`, `%`, spaces, non-ASCII).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~:[],/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl Link {
    /// Reads a hash (with or without the leading `#`).
    pub fn parse(hash: &str) -> Link {
        let mut link = Link::default();
        let body = hash.strip_prefix('#').unwrap_or(hash);
        for part in body.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            let (k, v) = (decode(k).trim().to_owned(), decode(v).trim().to_owned());
            if k.is_empty() {
                continue;
            }
            match k.as_str() {
                "s" => link.scenario = Some(v),
                "t" => link.step = Some(v),
                "lang" => link.lang = Some(v),
                "num" => link.numbering = Some(v),
                "speed" => link.speed = Some(v),
                "play" => link.play = Some(v),
                "timers" => link.timers = Some(v),
                // An alias, as YouTube and Vimeo spell it.
                "autoplay" => link.play = Some(v),
                _ if EMBED_KEYS.contains(&k.as_str()) => {
                    link.embed.retain(|(ek, _)| *ek != k);
                    link.embed.push((k, v));
                }
                _ => {
                    link.params.retain(|(pk, _)| *pk != k);
                    link.params.push((k, v));
                }
            }
        }
        link
    }

    /// Writes the hash (with the leading `#`), scenario first, then parameters, then view.
    pub fn format(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(s) = &self.scenario {
            parts.push(format!("s={}", encode(s)));
        }
        for (k, v) in &self.params {
            parts.push(format!("{}={}", encode(k), encode(v)));
        }
        let view = [
            ("t", &self.step),
            ("lang", &self.lang),
            ("num", &self.numbering),
            ("speed", &self.speed),
            ("timers", &self.timers),
            ("play", &self.play),
        ];
        for (k, v) in view {
            if let Some(v) = v {
                parts.push(format!("{k}={}", encode(v)));
            }
        }
        for (k, v) in &self.embed {
            parts.push(format!("{k}={}", encode(v)));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("#{}", parts.join("&"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_scenario_params_and_view() {
        let l = Link::parse("#s=browse&client.isn=1&latency_ms=30&t=3&lang=zh&num=rel");
        assert_eq!(l.scenario.as_deref(), Some("browse"));
        assert_eq!(
            l.params,
            vec![
                ("client.isn".to_owned(), "1".to_owned()),
                ("latency_ms".to_owned(), "30".to_owned())
            ]
        );
        assert_eq!(l.step.as_deref(), Some("3"));
        assert_eq!(l.lang.as_deref(), Some("zh"));
        assert_eq!(l.numbering.as_deref(), Some("rel"));
    }

    #[test]
    fn round_trips_through_format() {
        let l = Link::parse(
            "#s=browse&client.addr=10.0.0.1:80&server.addr=[::1]:8080&note=a%26b%20c&t=2",
        );
        assert_eq!(l.params[2].1, "a&b c");
        let again = Link::parse(&l.format());
        assert_eq!(again, l);
        assert!(l.format().contains("client.addr=10.0.0.1:80"));
    }

    #[test]
    fn later_values_win_and_junk_is_harmless() {
        let l = Link::parse("#&&=x&latency_ms=1&latency_ms=2&%zz=%&s");
        assert_eq!(l.params.len(), 2);
        assert_eq!(l.params[0], ("latency_ms".to_owned(), "2".to_owned()));
        assert_eq!(l.params[1], ("%zz".to_owned(), "%".to_owned()));
        assert_eq!(l.scenario.as_deref(), Some(""));
        assert_eq!(Link::parse("").format(), "");
        assert_eq!(decode("%e4%b8%ad"), "中");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%4"), "%4");
    }

    #[test]
    fn embed_keys_stay_apart_and_round_trip() {
        let l = Link::parse(
            "#s=browse&latency_ms=30&embed=1&autoplay=1&controls=0&panels=diagram,log\
             &origin=https%3A%2F%2Fcourse.example&player_id=a&maxheight=600&end=4",
        );
        assert_eq!(l.params, vec![("latency_ms".to_owned(), "30".to_owned())]);
        assert_eq!(l.play.as_deref(), Some("1"));
        assert_eq!(l.embed.len(), 7);
        assert!(l
            .embed
            .contains(&("origin".to_owned(), "https://course.example".to_owned())));
        let again = Link::parse(&l.format());
        assert_eq!(again, l);
        assert!(l.format().contains("panels=diagram,log"));
    }
}
