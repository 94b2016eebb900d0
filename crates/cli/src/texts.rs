//! `wiretrace texts`: the catalogues a page build ships apart, as one JSON file.

use std::path::Path;

use wiretrace_core::i18n::Lang;
use wiretrace_diagram::texts::SHIPPED_APART;

use crate::output;
use crate::CliError;

/// `[["<catalogue name>", [["<key>", "<template>"], ...]], ...]`, keys sorted: the same
/// bytes for the same version. Lists, not objects: the page reads them with the
/// deserializer it already has for parameter lists (2 KB less wasm than maps).
pub fn json(lang: Lang) -> String {
    let all: Vec<(&str, &[(&str, &str)])> = SHIPPED_APART
        .iter()
        .map(|cat| (cat.name, cat.table(lang)))
        .collect();
    let mut out = serde_json::to_string(&all).expect("a map of strings is JSON");
    out.push('\n');
    out
}

pub fn texts(lang: Lang, out: Option<&Path>) -> Result<(), CliError> {
    output::write_bytes(json(lang).as_bytes(), out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn every_catalogue_shipped_apart_is_in_the_file_whole() {
        let v: BTreeMap<String, BTreeMap<String, String>> =
            serde_json::from_str::<Vec<(String, Vec<(String, String)>)>>(&json(Lang::Zh))
                .unwrap()
                .into_iter()
                .map(|(name, table)| (name, table.into_iter().collect()))
                .collect();
        assert_eq!(v.len(), SHIPPED_APART.len());
        for cat in SHIPPED_APART {
            let table = &v[cat.name];
            assert_eq!(table.len(), cat.en.len(), "{}", cat.name);
            for (k, zh) in cat.table(Lang::Zh) {
                assert_eq!(table[*k], *zh);
            }
        }
        assert!(v["wiretrace-core messages"]["timer.persist"].contains("持续定时器"));
    }
}
