//! Credits by hand: an admin grants credits to an account (or takes some back as a
//! correction) from `/admin/credits`, with a reason, and sees the latest grants. The
//! command line (`server credits grant`) goes through the same server code.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use crate::credits::types::{check_grant, GrantLine, GrantOutcome, GRANT_MAX, REASON_MAX};
use crate::domain::error::AppError;
use crate::domain::format::utc_date;
use crate::ui::layout::{FieldMessage, FormError, FormErrors, TextField};

#[cfg(feature = "ssr")]
pub mod server;
pub mod types;

/// Grants `amount` credits (negative: takes them back) to the account with `email`, for
/// `reason`. Admins only (403 for anyone else); every bad field is a 422 naming it.
#[server(endpoint = "grant_credits")]
pub async fn grant_credits(email: String, amount: String, reason: String) -> Result<GrantOutcome, AppError> {
    use crate::platform::context as cx;
    cx::respond(
        async { server::grant_as_admin(&cx::state()?, &cx::require_user().await?, &email, &amount, &reason).await }
            .await,
    )
}

/// The latest 50 grants, newest first. Admins only.
#[server(endpoint = "credit_grants")]
pub async fn credit_grants() -> Result<Vec<GrantLine>, AppError> {
    use crate::platform::context as cx;
    cx::respond(async { server::latest_grants(&cx::state()?, &cx::require_user().await?).await }.await)
}

fn grant_rows(lines: Vec<GrantLine>) -> impl IntoView {
    lines
        .into_iter()
        .map(|g| {
            view! {
                <tr>
                    <td>{utc_date(g.created_at)}</td>
                    <td>{g.granted_by}</td>
                    <td>{g.email}</td>
                    <td>{if g.amount > 0 { format!("+{}", g.amount) } else { g.amount.to_string() }}</td>
                    <td>{g.reason}</td>
                </tr>
            }
        })
        .collect_view()
}

/// `/admin/credits`.
#[component]
pub fn AdminCreditsPage() -> impl IntoView {
    let grant = ServerAction::<GrantCredits>::new();
    let grants = Resource::new(move || grant.version().get(), |_| credit_grants());
    let errors = FormErrors::for_action(grant);
    view! {
        <Title text="Credits" />
        <h1>"Grant credits"</h1>
        <Suspense fallback=|| view! { <div class="skeleton block"></div> }>
            {move || grants.get().map(|r| match r {
                Ok(lines) => {
                    let check = errors.check_before_sending(|v| check_grant(&v.get("email"), &v.get("amount"), &v.get("reason")).map(|_| ()));
                    view! {
                    <section class="narrow">
                        <p class="lead">"Each mock interview uses one credit. Give an account more, or take some back with a negative amount to correct a mistake."</p>
                        <ActionForm action=grant node_ref=errors.node_ref() attr:class="form" attr:novalidate="true">
                            <FormError errors />
                            <TextField errors id="grant-email" name="email" label="Account email" kind="email" />
                            <div class="field">
                                <label for="grant-amount">"Credits"</label>
                                <input id="grant-amount" name="amount" type="number" step="1"
                                    min=(-GRANT_MAX).to_string() max=GRANT_MAX.to_string() required
                                    aria-invalid=errors.invalid("amount")
                                    aria-describedby=errors.described_by("grant-amount", "amount", true)
                                    autofocus=move || errors.is_first_invalid("amount") />
                                <p id="grant-amount-hint" class="hint">{format!("A whole number from -{GRANT_MAX} to {GRANT_MAX}; negative takes credits back.")}</p>
                                <FieldMessage errors id="grant-amount" name="amount" />
                            </div>
                            <TextField errors id="grant-reason" name="reason" label="Reason" maxlength={REASON_MAX as u32} />
                            <button type="submit" class="btn primary" disabled=move || grant.pending().get() on:click=check>"Grant credits"</button>
                        </ActionForm>
                        {move || grant.value().get().and_then(|r| r.ok()).map(|o| view! {
                            <p role="status">{format!("{} {} credit{} {} {}; their balance is now {}.",
                                if o.amount > 0 { "Granted" } else { "Took back" }, o.amount.abs(),
                                if o.amount.abs() == 1 { "" } else { "s" },
                                if o.amount > 0 { "to" } else { "from" }, o.email, o.balance)}</p>
                        })}
                    </section>
                    <div class="table-scroll" tabindex="0" role="region" aria-label="Latest grants">
                    <table class="usage">
                        <caption>"Latest grants"</caption>
                        <thead><tr>
                            <th scope="col">"When (UTC)"</th><th scope="col">"By"</th><th scope="col">"To"</th>
                            <th scope="col">"Credits"</th><th scope="col">"Reason"</th>
                        </tr></thead>
                        <tbody>{grant_rows(lines)}</tbody>
                    </table>
                    </div>
                }.into_any()
                }
                Err(AppError::Unauthorized) => view! { <Redirect path="/signin?next=/admin/credits" /> }.into_any(),
                Err(AppError::Forbidden) => view! { <p role="alert" class="error">"Only administrators can grant credits."</p> }.into_any(),
                Err(e) => view! { <p role="alert" class="error">{e.to_string()}</p> }.into_any(),
            })}
        </Suspense>
    }
}
