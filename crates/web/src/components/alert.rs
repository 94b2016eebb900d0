//! A problem the user should see (a bad link, a failed run): `role="alert"`, dismissable.

use wiretrace_core::i18n::Lang;
use yew::prelude::*;

use crate::ui::{t, T};

#[derive(Properties, PartialEq)]
pub struct AlertProps {
    pub lang: Lang,
    pub message: AttrValue,
    pub on_dismiss: Callback<()>,
}

#[component]
pub fn AlertBanner(props: &AlertProps) -> Html {
    let onclick = props.on_dismiss.reform(|_: MouseEvent| ());
    html! {
        <div class="alert" role="alert">
            <span class="alert-icon" aria-hidden="true">{ "!" }</span>
            <p class="alert-text">{ props.message.clone() }</p>
            <button type="button" class="btn btn-ghost" {onclick}>{ t(props.lang, T::Dismiss) }</button>
        </div>
    }
}
