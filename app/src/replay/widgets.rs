//! Pieces of the sharing UI other pages show too: the list of share links with their state,
//! views and a Revoke button (the share page shows one interview's, the profile all of them).

use leptos::prelude::*;

use crate::domain::format::utc_date;
use crate::replay::types::{LinkState, Scope, ShareLink};
use crate::replay::{share_links, RevokeShareLink};
use crate::ui::routes::summary_path;

/// What a link shares besides the replay and the evaluation, in words.
pub fn scope_label(scope: Scope) -> String {
    let chat = if scope.chat { "Chat" } else { "No chat" };
    let who = if scope.identity { "name and email shown" } else { "name hidden" };
    format!("{chat}, {who}")
}

/// The caller's share links, newest first: of the interview `session`, or of all their
/// interviews when it is empty (then each row names its problem and links to its summary).
/// `reload` (changed by whoever creates a link) loads the list again.
#[component]
pub fn ShareLinkList(#[prop(into)] session: String, #[prop(optional)] reload: Option<RwSignal<u32>>) -> impl IntoView {
    let all = session.is_empty();
    let revoke = ServerAction::<RevokeShareLink>::new();
    let links = Resource::new(
        move || (session.clone(), reload.map(|r| r.get()), revoke.version().get()),
        |(session, _, _)| share_links(session),
    );
    // The link whose Revoke was pressed once: its row asks to confirm.
    let confirming = RwSignal::new(None::<String>);
    let heading_id = if all { "all-links-heading" } else { "links-heading" };
    view! {
        <section class="share-links" aria-labelledby=heading_id>
            <h2 id=heading_id>{if all { "Share links" } else { "Links to this interview" }}</h2>
            {move || revoke.value().get().and_then(|r| r.err()).map(|e| view! { <p role="alert" class="error">{e.to_string()}</p> })}
            <Transition fallback=|| view! { <div class="skeleton block"></div> }>
                {move || links.get().map(|r| match r {
                    Err(e) => view! { <p role="alert" class="error">{e.to_string()}</p> }.into_any(),
                    Ok(list) if list.is_empty() => view! {
                        <p class="muted">{if all { "You have not shared any interview yet." } else { "No links to this interview yet." }}</p>
                    }.into_any(),
                    Ok(list) => view! {
                        <div class="table-scroll" tabindex="0" role="region" aria-label=if all { "Your share links" } else { "Share links to this interview" }>
                            <table class="links-table">
                                <caption class="sr-only">{if all { "Your share links" } else { "Share links to this interview" }}</caption>
                                <thead><tr>
                                    {all.then(|| view! { <th scope="col">"Interview"</th> })}
                                    <th scope="col">"Created"</th>
                                    <th scope="col">"Expires"</th>
                                    <th scope="col">"Shares"</th>
                                    <th scope="col">"Views"</th>
                                    <th scope="col">"Last viewed"</th>
                                    <th scope="col">"State"</th>
                                    <th scope="col"><span class="sr-only">"Actions"</span></th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|l| view! { <LinkRow link=l all revoke confirming /> }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn LinkRow(
    link: ShareLink,
    all: bool,
    revoke: ServerAction<RevokeShareLink>,
    confirming: RwSignal<Option<String>>,
) -> impl IntoView {
    let created = utc_date(link.created_at);
    let expires = link.expires_at.map(utc_date).unwrap_or_else(|| "Never".into());
    let last = link.last_viewed_at.map(utc_date).unwrap_or_else(|| "Not yet".into());
    let state = link.state;
    let badge = match state {
        LinkState::Active => "badge link-active",
        LinkState::Expired => "badge link-expired",
        LinkState::Revoked => "badge link-revoked",
    };
    let id = link.id.clone();
    let what = format!(
        "the link created {created}{}",
        if all { format!(" to {}", link.problem_title) } else { String::new() }
    );
    let asking = {
        let id = id.clone();
        move || confirming.with(|c| c.as_deref() == Some(id.as_str()))
    };
    let action = (state == LinkState::Active).then(|| {
        let (ask_id, yes_id) = (id.clone(), id.clone());
        let what_ask = what.clone();
        let what_yes = what.clone();
        let asking = asking.clone();
        view! {
            <Show
                when=asking
                fallback=move || {
                    let ask_id = ask_id.clone();
                    view! {
                        <button type="button" class="btn small" aria-label=format!("Revoke {what_ask}")
                            on:click=move |_| confirming.set(Some(ask_id.clone()))>"Revoke"</button>
                    }
                }
            >
                {
                    let yes_id = yes_id.clone();
                    let what_yes = what_yes.clone();
                    // The Revoke button is gone: keyboard focus moves to the safe answer.
                    let cancel = NodeRef::<leptos::html::Button>::new();
                    Effect::new(move |_| {
                        if let Some(button) = cancel.get() {
                            let _ = button.focus();
                        }
                    });
                    view! {
                        <span class="confirm" role="group" aria-label=format!("Confirm revoking {what_yes}")>
                            <span>"Revoke it for good?"</span>
                            <button type="button" class="btn small danger" disabled=move || revoke.pending().get()
                                on:click=move |_| {
                                    revoke.dispatch(RevokeShareLink { id: yes_id.clone() });
                                    confirming.set(None);
                                }>"Yes, revoke"</button>
                            " "
                            <button type="button" class="btn small" node_ref=cancel on:click=move |_| confirming.set(None)>"Cancel"</button>
                        </span>
                    }
                }
            </Show>
        }
    });
    view! {
        <tr>
            {all.then(|| view! { <td><a href=summary_path(&link.session_id)>{link.problem_title.clone()}</a></td> })}
            <td>{created}</td>
            <td>{expires}</td>
            <td>{scope_label(link.scope)}</td>
            <td>{link.views}</td>
            <td>{last}</td>
            <td><span class=badge>{state.label()}</span></td>
            <td>{action}</td>
        </tr>
    }
}
