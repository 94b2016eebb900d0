//! Embed mode (`#...&embed=1`): the options a course page gives in the link, read from the
//! embed keys the link module keeps apart when the page opens (and opens again for a hash
//! that asks for others). A bad or unknown embed key never breaks the run: it is ignored and
//! named in the `ready` event (`ignored`).

use wiretrace_core::scenario;

use crate::link::Link;
use crate::state::default_scenario;

/// Colours asked for (`theme=`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Follow the reader's system (`prefers-color-scheme`).
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    /// Reads `auto`, `light` or `dark`.
    pub fn from_tag(tag: &str) -> Option<Theme> {
        match tag {
            "auto" => Some(Theme::Auto),
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    /// The name used in links, messages and `<html data-theme>`.
    pub fn tag(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// The parts of the page an embed shows (`panels=diagram,log,explain,states,params`, plus
/// `header` for the scenario picker and options).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Panels {
    pub header: bool,
    pub diagram: bool,
    pub log: bool,
    pub explain: bool,
    pub states: bool,
    pub params: bool,
}

impl Default for Panels {
    /// The figure alone.
    fn default() -> Panels {
        Panels {
            header: false,
            diagram: true,
            log: false,
            explain: false,
            states: false,
            params: false,
        }
    }
}

/// The names `panels=` takes, in the order the Share dialog offers them.
pub const PANEL_NAMES: [&str; 6] = ["diagram", "log", "explain", "states", "params", "header"];

impl Panels {
    /// Reads `panels=`: the panels it names, each name it does not know told to `unknown`;
    /// `None` when it names none it knows (the default stays).
    fn read(v: &str, mut unknown: impl FnMut(&str)) -> Option<Panels> {
        let none = Panels {
            diagram: false,
            ..Panels::default()
        };
        let mut p = none;
        for name in v.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            if !p.set(name) {
                unknown(name);
            }
        }
        (p != none).then_some(p)
    }

    fn set(&mut self, name: &str) -> bool {
        let flag = match name {
            "header" => &mut self.header,
            "diagram" => &mut self.diagram,
            "log" => &mut self.log,
            "explain" => &mut self.explain,
            "states" => &mut self.states,
            "params" => &mut self.params,
            _ => return false,
        };
        *flag = true;
        true
    }

    /// Whether a panel name is shown.
    pub fn has(&self, name: &str) -> bool {
        match name {
            "header" => self.header,
            "diagram" => self.diagram,
            "log" => self.log,
            "explain" => self.explain,
            "states" => self.states,
            "params" => self.params,
            _ => false,
        }
    }
}

/// What the host page asked of the embed.
#[derive(Clone, Debug, PartialEq)]
pub struct EmbedOptions {
    /// `embed=1`: the embed layout and the postMessage API.
    pub on: bool,
    /// `end=N`: playing stops at step N.
    pub end: Option<usize>,
    /// `loop=1`: at the end (or `end`), start again.
    pub looping: bool,
    /// `controls=0` hides the player bar.
    pub controls: bool,
    /// `keyboard=0`: no shortcuts.
    pub keyboard: bool,
    pub theme: Theme,
    /// `transparent=1`: no page background.
    pub transparent: bool,
    pub panels: Panels,
    /// `lock=1`: parameters shown, read-only.
    pub lock: bool,
    /// `links=0`: no "Open in wiretrace" link.
    pub links: bool,
    /// `autoheight=1`: sized by the content, posting its height to the host.
    pub autoheight: bool,
    /// `maxheight=PX`: the embed is never taller (the figure scrolls inside).
    pub maxheight: Option<u32>,
    /// `origin=`: the only origin whose messages are obeyed, and where events go.
    pub origin: Option<String>,
    /// `player_id=`: echoed in every event, for hosts with several embeds.
    pub player_id: Option<String>,
    /// Keys ignored, as `key=value`: unknown, or a value out of range.
    pub ignored: Vec<String>,
}

impl Default for EmbedOptions {
    fn default() -> EmbedOptions {
        EmbedOptions {
            on: false,
            end: None,
            looping: false,
            controls: true,
            keyboard: true,
            theme: Theme::Auto,
            transparent: false,
            panels: Panels::default(),
            lock: false,
            links: true,
            autoheight: false,
            maxheight: None,
            origin: None,
            player_id: None,
            ignored: Vec::new(),
        }
    }
}

fn flag(v: &str) -> Option<bool> {
    match v {
        "1" | "true" => Some(true),
        "0" | "false" => Some(false),
        _ => None,
    }
}

/// An origin as `location.origin` writes it: `scheme://host[:port]`, nothing after.
fn is_origin(v: &str) -> bool {
    let Some((scheme, rest)) = v.split_once("://") else {
        return false;
    };
    matches!(scheme, "http" | "https")
        && !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
}

impl EmbedOptions {
    /// Reads the embed keys of a link. In embed mode, keys that are no parameter of the
    /// scenario are taken out of `link.params` (and listed as ignored) so that they cannot
    /// break the run.
    pub fn take(link: &mut Link) -> EmbedOptions {
        let mut o = EmbedOptions::default();
        let mut ignored = Vec::new();
        for (k, v) in &link.embed {
            let ok = match k.as_str() {
                "embed" => flag(v).map(|b| o.on = b).is_some(),
                "end" => v.parse::<usize>().map(|n| o.end = Some(n)).is_ok(),
                "loop" => flag(v).map(|b| o.looping = b).is_some(),
                "controls" => flag(v).map(|b| o.controls = b).is_some(),
                "keyboard" => flag(v).map(|b| o.keyboard = b).is_some(),
                "theme" => Theme::from_tag(v).map(|t| o.theme = t).is_some(),
                "transparent" => flag(v).map(|b| o.transparent = b).is_some(),
                "panels" => {
                    if let Some(p) = Panels::read(v, |name| ignored.push(format!("panels={name}")))
                    {
                        o.panels = p;
                    }
                    true
                }
                "lock" => flag(v).map(|b| o.lock = b).is_some(),
                "links" => flag(v).map(|b| o.links = b).is_some(),
                "autoheight" => flag(v).map(|b| o.autoheight = b).is_some(),
                "maxheight" => v
                    .parse::<u32>()
                    .ok()
                    .filter(|&h| h >= 120)
                    .map(|h| o.maxheight = Some(h))
                    .is_some(),
                "origin" => is_origin(v).then(|| o.origin = Some(v.clone())).is_some(),
                "player_id" => (!v.is_empty() && v.len() <= 64)
                    .then(|| o.player_id = Some(v.clone()))
                    .is_some(),
                _ => false,
            };
            if !ok {
                ignored.push(format!("{k}={v}"));
            }
        }
        if o.lock {
            o.panels.params = true;
        }
        if o.on {
            let id = link
                .scenario
                .clone()
                .or_else(|| default_scenario().map(|s| s.id.to_owned()));
            if let Some(info) = id.as_deref().and_then(scenario::find) {
                let known = |k: &str| k == "seed" || info.params.iter().any(|p| p.key == k);
                link.params.retain(|(k, v)| {
                    let keep = known(k);
                    if !keep {
                        ignored.push(if v.is_empty() {
                            k.clone()
                        } else {
                            format!("{k}={v}")
                        });
                    }
                    keep
                });
            }
        }
        o.ignored = ignored;
        o
    }

    /// Whether a link asks for an embed (`embed=1`, the last `embed` key winning).
    pub fn asked(link: &Link) -> bool {
        link.embed
            .iter()
            .filter(|(k, _)| k == "embed")
            .fold(false, |on, (_, v)| flag(v).unwrap_or(on))
    }

    /// Whether the page shows a link's figure, as [`EmbedOptions::take`] reads its embed
    /// keys: an embed's `panels=` may leave it out. The figure worker's question (the rest
    /// of `take` is the player's). It keeps the link's keys that are no parameter, which an
    /// embed drops: the run refuses them, and the worker answers that it draws none.
    pub fn figure_shown(link: &Link) -> bool {
        let panels = link
            .embed
            .iter()
            .filter(|(k, _)| k == "panels")
            .fold(Panels::default(), |p, (_, v)| {
                Panels::read(v, |_| {}).unwrap_or(p)
            });
        !Self::asked(link) || panels.diagram
    }

    /// Whether two links ask for the same embed: every key read alike (the keys ignored
    /// may differ, they change nothing).
    pub fn same_view(&self, other: &EmbedOptions) -> bool {
        let bare = |o: &EmbedOptions| EmbedOptions {
            ignored: Vec::new(),
            ..o.clone()
        };
        bare(self) == bare(other)
    }
}

/// What the Share dialog's options say.
#[derive(Clone, Debug, PartialEq)]
pub struct ShareChoice {
    /// Start at the step on screen (else at the start).
    pub at_step: bool,
    pub autoplay: bool,
    /// `None`: the reader's own language.
    pub lang: Option<String>,
    pub panels: Panels,
    pub lock: bool,
}

/// The three texts the Share dialog offers.
#[derive(Clone, Debug, PartialEq)]
pub struct ShareTexts {
    /// The full page at this moment.
    pub page: String,
    /// An `<iframe>` of the embed, with a `title`.
    pub iframe: String,
    /// The `<wiretrace-player>` web component and its script.
    pub component: String,
    /// For a run with parameters: the figure file the component names as its poster.
    pub poster: Option<String>,
}

/// Escapes text for an HTML attribute value in double quotes (or element text).
pub fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Writes the Share dialog's texts. `page` is the page's address without its hash (the
/// folder or its `index.html`); `title` names the run (the iframe's accessible name).
/// `figure` is the file name the page's SVG export gives the figure: a run with parameters
/// has no figure pre-rendered at build time, so the component's poster is that file, saved
/// beside the host page ([`ShareTexts::poster`]).
pub fn share_texts(
    link: &Link,
    choice: &ShareChoice,
    page: &str,
    title: &str,
    figure: &str,
) -> ShareTexts {
    let mut base = link.clone();
    base.embed.clear();
    base.play = None;
    if !choice.at_step {
        base.step = None;
    }
    if choice.lang.is_some() {
        base.lang = choice.lang.clone();
    }
    let page_link = base.format();
    let folder = match page.rfind('/') {
        Some(i) => &page[..=i],
        None => page,
    };
    let mut embed = base.clone();
    let mut keys = vec![("embed".to_owned(), "1".to_owned())];
    if choice.autoplay {
        embed.play = Some("1".to_owned());
    }
    if choice.panels != Panels::default() {
        let names: Vec<&str> = PANEL_NAMES
            .iter()
            .copied()
            .filter(|n| choice.panels.has(n))
            .collect();
        keys.push(("panels".to_owned(), names.join(",")));
    }
    if choice.lock {
        keys.push(("lock".to_owned(), "1".to_owned()));
    }
    embed.embed = keys;
    let embed_link = embed.format();
    let iframe = format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"640\" height=\"360\" \
         loading=\"lazy\" style=\"border:0;max-width:100%\"></iframe>",
        html_escape(&format!("{folder}index.html{embed_link}")),
        html_escape(title),
    );
    // The component adds embed=1 itself; its link is the run and the view only.
    let mut run = base.clone();
    run.lang = None;
    let run_link = run.format();
    let mut attrs = format!(
        "src=\"{}\" link=\"{}\" title=\"{}\"",
        html_escape(folder),
        html_escape(run_link.trim_start_matches('#')),
        html_escape(title)
    );
    let poster = (!run.params.is_empty()).then(|| figure.to_owned());
    if let Some(file) = &poster {
        attrs.push_str(&format!(" poster=\"{}\"", html_escape(file)));
    }
    if let Some(lang) = &choice.lang {
        attrs.push_str(&format!(" lang=\"{}\"", html_escape(lang)));
    }
    if choice.autoplay {
        attrs.push_str(" autoplay");
    }
    if choice.panels != Panels::default() {
        if let Some((_, names)) = embed.embed.iter().find(|(k, _)| k == "panels") {
            attrs.push_str(&format!(" panels=\"{}\"", html_escape(names)));
        }
    }
    if choice.lock {
        attrs.push_str(" lock");
    }
    let full = format!("{folder}index.html{page_link}");
    let component = format!(
        "<script src=\"{}wiretrace-player.js\" defer></script>\n\
         <wiretrace-player {attrs}>\n  <a href=\"{}\">{}</a>\n</wiretrace-player>",
        html_escape(folder),
        html_escape(&full),
        html_escape(title),
    );
    ShareTexts {
        page: format!("{page}{page_link}"),
        iframe,
        component,
        poster,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(hash: &str) -> (EmbedOptions, Link) {
        let mut link = Link::parse(hash);
        (EmbedOptions::take(&mut link), link)
    }

    #[test]
    fn the_full_page_has_no_embed() {
        let (o, link) = read("#s=browse&latency_ms=30");
        assert!(!o.on);
        assert_eq!(o, EmbedOptions::default());
        assert_eq!(link.params.len(), 1);
    }

    #[test]
    fn reads_every_key() {
        let (o, link) = read(
            "#s=browse&embed=1&end=5&loop=1&controls=0&keyboard=0&theme=dark&transparent=1\
             &panels=diagram,log,states&links=0&autoheight=1&maxheight=500\
             &origin=https://lms.example:8443&player_id=fig-2&autoplay=1",
        );
        assert!(o.on && o.looping && !o.controls && !o.keyboard && o.transparent);
        assert_eq!(o.end, Some(5));
        assert_eq!(o.theme, Theme::Dark);
        assert!(o.panels.diagram && o.panels.log && o.panels.states && !o.panels.explain);
        assert!(!o.links && o.autoheight);
        assert_eq!(o.maxheight, Some(500));
        assert_eq!(o.origin.as_deref(), Some("https://lms.example:8443"));
        assert_eq!(o.player_id.as_deref(), Some("fig-2"));
        assert_eq!(link.play.as_deref(), Some("1"));
        assert!(o.ignored.is_empty(), "{:?}", o.ignored);
    }

    #[test]
    fn bad_and_unknown_keys_are_listed_and_leave_the_run_alone() {
        let (o, link) = read(
            "#s=browse&embed=1&latency_ms=30&colour=red&theme=purple&panels=diagram,chat\
             &origin=javascript:alert(1)&maxheight=-3",
        );
        assert!(o.on);
        assert_eq!(o.theme, Theme::Auto);
        assert_eq!(o.origin, None);
        assert!(o.panels.diagram);
        assert_eq!(link.params, vec![("latency_ms".into(), "30".into())]);
        for want in [
            "colour=red",
            "theme=purple",
            "panels=chat",
            "origin=javascript:alert(1)",
            "maxheight=-3",
        ] {
            assert!(
                o.ignored.iter().any(|i| i == want),
                "{want} in {:?}",
                o.ignored
            );
        }
    }

    #[test]
    fn share_texts_carry_the_choices() {
        let link = Link::parse("#s=handshake&latency_ms=30&t=3&speed=2");
        let mut choice = ShareChoice {
            at_step: true,
            autoplay: false,
            lang: None,
            panels: Panels::default(),
            lock: false,
        };
        let page = "https://uni.example/net/wiretrace/index.html";
        let texts = share_texts(
            &link,
            &choice,
            page,
            "Handshake & more",
            "wiretrace-handshake.svg",
        );
        assert_eq!(
            texts.page,
            "https://uni.example/net/wiretrace/index.html#s=handshake&latency_ms=30&t=3&speed=2"
        );
        assert!(texts.iframe.contains(
            "src=\"https://uni.example/net/wiretrace/index.html#s=handshake&amp;latency_ms=30\
             &amp;t=3&amp;speed=2&amp;embed=1\""
        ));
        assert!(texts.iframe.contains("title=\"Handshake &amp; more\""));
        assert!(texts
            .component
            .contains("<script src=\"https://uni.example/net/wiretrace/wiretrace-player.js\""));
        assert!(texts
            .component
            .contains("link=\"s=handshake&amp;latency_ms=30&amp;t=3&amp;speed=2\""));
        // A run with parameters was not pre-rendered: its poster is the exported figure.
        assert!(texts
            .component
            .contains("title=\"Handshake &amp; more\" poster=\"wiretrace-handshake.svg\""));
        assert_eq!(texts.poster.as_deref(), Some("wiretrace-handshake.svg"));
        // A scenario's default run was: the component finds its figure itself.
        let plain = share_texts(
            &Link::parse("#s=handshake&t=3"),
            &choice,
            page,
            "x",
            "f.svg",
        );
        assert!(!plain.component.contains("poster=") && plain.poster.is_none());

        choice.at_step = false;
        choice.autoplay = true;
        choice.lang = Some("zh".into());
        choice.panels.log = true;
        choice.lock = true;
        let texts = share_texts(&link, &choice, page, "x", "f.svg");
        assert!(!texts.page.contains("t=3") && texts.page.contains("lang=zh"));
        assert!(texts
            .iframe
            .contains("play=1&amp;embed=1&amp;panels=diagram,log&amp;lock=1"));
        assert!(texts
            .component
            .contains(" lang=\"zh\" autoplay panels=\"diagram,log\" lock>"));
        // What the iframe asks for reads back as the same embed.
        let src = texts
            .iframe
            .split('"')
            .nth(1)
            .unwrap()
            .replace("&amp;", "&");
        let mut back = Link::parse(src.split_once('#').unwrap().1);
        let o = EmbedOptions::take(&mut back);
        assert!(o.on && o.lock && o.panels.log && o.ignored.is_empty());
    }

    #[test]
    fn a_hash_asks_for_another_view_when_an_embed_key_changes() {
        let (first, _) = read("#s=browse&embed=1&player_id=a&colour=red");
        for (hash, same) in [
            ("#s=browse&embed=1&player_id=a&t=4&latency_ms=30", true),
            ("#s=browse&embed=1&player_id=a&colour=blue&theme=pink", true),
            ("#s=handshake&embed=1&player_id=a", true),
            ("#s=browse&player_id=a", false),
            ("#s=browse&embed=0&player_id=a", false),
            ("#s=browse&embed=1", false),
            ("#s=browse&embed=1&player_id=a&panels=diagram,log", false),
            ("#s=browse&embed=1&player_id=a&loop=1", false),
        ] {
            assert_eq!(read(hash).0.same_view(&first), same, "{hash}");
        }
        let (full, _) = read("#s=browse&t=3");
        assert!(read("#s=handshake&lang=zh").0.same_view(&full));
        assert!(!read("#s=handshake&embed=1").0.same_view(&full));
        assert!(!read("#s=handshake&theme=dark").0.same_view(&full));
    }

    #[test]
    fn lock_shows_the_parameters() {
        let (o, _) = read("#s=browse&embed=1&lock=1");
        assert!(o.lock && o.panels.params && o.panels.diagram);
    }

    #[test]
    fn figure_shown_says_what_take_says() {
        // The figure worker's check, against the player's reading of the same links.
        for hash in [
            "#s=browse",
            "#s=browse&panels=log",
            "#s=browse&embed=1",
            "#s=browse&embed=1&panels=log,states",
            "#s=browse&embed=1&panels=diagram,log",
            "#s=browse&embed=1&panels=chat",
            "#s=browse&embed=1&panels=log&panels=chat",
            "#s=browse&embed=1&panels=chat&panels=log",
            "#s=browse&embed=yes&panels=log",
            "#s=browse&embed=1&embed=0&panels=log",
            "#s=browse&embed=0&embed=1&panels=log+",
            "#s=browse&embed=true&lock=1&panels=params",
        ] {
            let (o, link) = read(hash);
            let shown = !o.on || o.panels.diagram;
            assert_eq!(
                EmbedOptions::figure_shown(&Link::parse(hash)),
                shown,
                "{hash}"
            );
            assert_eq!(
                EmbedOptions::figure_shown(&link),
                shown,
                "{hash} after take"
            );
        }
    }
}
