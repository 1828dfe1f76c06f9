//! The share page of an ended interview (`/sessions/:id/share`, its owner's only): create a
//! link (expiry, with or without the chat, with or without the owner's name and email), see
//! its address once, and manage the interview's links.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use crate::domain::error::AppError;
use crate::replay::types::{CreatedLink, Expiry};
use crate::replay::widgets::ShareLinkList;
use crate::replay::CreateShareLink;
use crate::ui::layout::NotFound;
use crate::ui::routes::{room_path, share_path, summary_path};

/// What the share page needs to know about the interview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shareable {
    pub id: String,
    pub title: String,
    /// Only an ended interview can be shared.
    pub ended: bool,
}

/// The caller's interview `session` as the share page shows it: `NotFound` for one that does
/// not exist or is someone else's.
#[server(endpoint = "share_target")]
pub async fn share_target(session: String) -> Result<Shareable, AppError> {
    use crate::platform::context as cx;
    cx::respond(
        async {
            let state = cx::state()?;
            let user = cx::require_user().await?;
            let session = crate::record::server::current(&state, &user, session.trim()).await?;
            let problem = crate::problems::server::practice::detail_at(
                &state,
                &session.problem_slug,
                Some(session.problem_version),
            )
            .await?;
            Ok(Shareable { ended: !session.status.is_open(), id: session.id, title: problem.title })
        }
        .await,
    )
}

/// The origin of the page (`https://host`), to make a link's path a full address.
fn page_origin() -> String {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        String::new()
    }
}

/// The share page.
#[component]
pub fn SharePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let target = Resource::new(id, share_target);
    view! {
        <Title text="Share this interview" />
        <Transition fallback=|| view! { <div class="skeleton title"></div><div class="skeleton block"></div> }>
            {move || target.get().map(|r| match r {
                Ok(t) if t.ended => view! { <ShareView target=t /> }.into_any(),
                Ok(t) => view! {
                    <section class="narrow">
                        <h1>"Share this interview"</h1>
                        <p role="status">"This interview is still in progress: you can share it once it has ended."</p>
                        <p><a class="btn primary" href=room_path(&t.id) rel="external">"Back to the interview"</a></p>
                    </section>
                }.into_any(),
                Err(AppError::Unauthorized) => view! { <Redirect path=format!("/signin?next={}", share_path(&id())) /> }.into_any(),
                Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                Err(e) => view! {
                    <section class="narrow">
                        <h1>"Share this interview"</h1>
                        <p role="alert" class="error">{e.to_string()}</p>
                    </section>
                }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn ShareView(target: Shareable) -> impl IntoView {
    let create = ServerAction::<CreateShareLink>::new();
    let expiry = RwSignal::new(Expiry::default());
    let chat = RwSignal::new(true);
    let identity = RwSignal::new(false);
    let reload = RwSignal::new(0u32);
    let copied = RwSignal::new(None::<bool>);
    Effect::new(move |_| {
        if let Some(Ok(_)) = create.value().get() {
            copied.set(None);
            reload.update(|n| *n += 1);
        }
    });
    let session = target.id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.dispatch(CreateShareLink {
            session: session.clone(),
            expiry: expiry.get_untracked().code().to_string(),
            chat: chat.get_untracked(),
            identity: identity.get_untracked(),
        });
    };
    let created = move || {
        create.value().get().map(|r| match r {
            Ok(CreatedLink { path, .. }) => {
                let url = format!("{}{path}", page_origin());
                let copy_url = url.clone();
                let copy = move |_| {
                    #[cfg(feature = "hydrate")]
                    {
                        let ok = crate::ui::layout::copy_to_clipboard(&copy_url);
                        if !ok {
                            if let Some(el) = web_sys::window()
                                .and_then(|w| w.document())
                                .and_then(|d| d.get_element_by_id("share-url"))
                            {
                                let select = web_sys::js_sys::Reflect::get(&el, &"select".into())
                                    .ok()
                                    .and_then(|f| wasm_bindgen::JsCast::dyn_into::<web_sys::js_sys::Function>(f).ok());
                                if let Some(f) = select {
                                    let _ = f.call0(&el);
                                }
                            }
                        }
                        copied.set(Some(ok));
                    }
                    #[cfg(not(feature = "hydrate"))]
                    {
                        let _ = &copy_url;
                    }
                };
                view! {
                    <div class="created-link">
                        <div class="field">
                            <label for="share-url">"Your new link"</label>
                            <div class="copy-row">
                                <input id="share-url" type="text" readonly value=url aria-describedby="share-url-warning"
                                    on:focus=move |ev| {
                                        #[cfg(feature = "hydrate")]
                                        {
                                            let el = event_target::<web_sys::EventTarget>(&ev);
                                            if let Ok(f) = web_sys::js_sys::Reflect::get(&el, &"select".into()) {
                                                if let Ok(f) = wasm_bindgen::JsCast::dyn_into::<web_sys::js_sys::Function>(f) {
                                                    let _ = f.call0(&el);
                                                }
                                            }
                                        }
                                        #[cfg(not(feature = "hydrate"))]
                                        let _ = ev;
                                    } />
                                <button type="button" class="btn" on:click=copy>"Copy link"</button>
                            </div>
                            <p id="share-url-warning" class="warning">"Copy it now: this address will not be shown again. Anyone who has it can watch the interview until it expires or you revoke it."</p>
                            <p role="status" class="muted small">{move || match copied.get() {
                                Some(true) => "Copied to the clipboard.",
                                Some(false) => "The browser did not allow copying: the address is selected, copy it with your keyboard.",
                                None => "",
                            }}</p>
                        </div>
                    </div>
                }
                .into_any()
            }
            Err(e) => view! { <p role="alert" class="error">{e.to_string()}</p> }.into_any(),
        })
    };
    view! {
        <section class="narrow share">
            <h1>"Share this interview"</h1>
            <p class="lead">{target.title.clone()}</p>
            <p><A href=summary_path(&target.id)>"Back to the summary"</A></p>
            <div class="share-scope">
                <p><strong>"Always shared: "</strong>"the replay of your code, your runs and submissions, the integrity signals and the evaluation."</p>
                <p><strong>"Never shared: "</strong>"the hidden tests, reference solutions, and your email unless you choose to show it."</p>
            </div>
            <form class="form share-form" on:submit=submit aria-labelledby="create-link-heading">
                <h2 id="create-link-heading">"Create a link"</h2>
                <div class="field">
                    <label for="share-expiry">"Link expires after"</label>
                    <select id="share-expiry" name="expiry" on:change=move |ev| {
                        if let Some(e) = Expiry::parse(&event_target_value(&ev)) {
                            expiry.set(e);
                        }
                    }>
                        {Expiry::ALL.into_iter().map(|e| view! {
                            <option value=e.code() selected=move || expiry.get() == e>{e.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field checkbox">
                    <input id="share-chat" type="checkbox" name="chat" checked=true prop:checked=move || chat.get()
                        on:change=move |ev| chat.set(event_target_checked(&ev)) />
                    <label for="share-chat">"Include the chat"</label>
                </div>
                <div class="field checkbox">
                    <input id="share-identity" type="checkbox" name="identity" prop:checked=move || identity.get()
                        on:change=move |ev| identity.set(event_target_checked(&ev)) />
                    <label for="share-identity">"Show my name and email"</label>
                </div>
                <p><button type="submit" class="btn primary" disabled=move || create.pending().get()>"Create link"</button></p>
            </form>
            {created}
            <ShareLinkList session=target.id.clone() reload />
        </section>
    }
}
