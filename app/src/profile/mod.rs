//! The owner's profile: display name, experience level, target companies, language; and the
//! links they have shared their interviews with.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use crate::auth::types::{Profile, ProfileInput};
use crate::domain::error::AppError;
use crate::domain::{ExperienceLevel, Language};
use crate::replay::widgets::ShareLinkList;
use crate::ui::layout::{use_toasts, FieldMessage, FormError, FormErrors, TextField};

/// Loads the signed-in user's profile.
#[server(endpoint = "get_profile")]
pub async fn get_profile() -> Result<Profile, AppError> {
    use crate::auth::server::accounts;
    use crate::platform::context as cx;
    cx::respond(async { accounts::load_profile(&cx::state()?, &cx::require_user().await?).await }.await)
}

/// Saves the signed-in user's profile. Only the owner's row can be written.
#[server(endpoint = "update_profile")]
pub async fn update_profile(
    display_name: String,
    experience_level: String,
    target_companies: String,
    preferred_language: String,
) -> Result<Profile, AppError> {
    use crate::auth::server::accounts;
    use crate::platform::context as cx;
    cx::respond(
        async {
            let uid = cx::require_user().await?;
            accounts::update_profile(
                &cx::state()?,
                &uid,
                &display_name,
                &experience_level,
                &target_companies,
                &preferred_language,
            )
            .await
        }
        .await,
    )
}

/// The profile page.
#[component]
pub fn ProfilePage() -> impl IntoView {
    let save = ServerAction::<UpdateProfile>::new();
    let profile = Resource::new(move || save.version().get(), |_| get_profile());
    let toasts = use_toasts();
    let errors = FormErrors::for_action(save);
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            toasts.push("Profile saved.");
        }
    });
    view! {
        <Title text="Profile" />
        <section class="narrow">
            <h1>"Your profile"</h1>
            <Transition fallback=|| view! { <div class="skeleton block"></div><div class="skeleton block"></div> }>
                {move || profile.get().map(|p| match p {
                    Ok(p) => {
                        let level = p.experience_level;
                        let lang = p.preferred_language;
                        let check = errors.check_before_sending(|v| {
                            ProfileInput::parse(&v.get("display_name"), &v.get("experience_level"), &v.get("target_companies"), &v.get("preferred_language")).map(|_| ())
                        });
                        view! {
                            <p class="muted">{if p.credits_unlimited {
                                format!("Signed in as {} · unlimited practice", p.email)
                            } else {
                                format!("Signed in as {} · {} credits", p.email, p.credits)
                            }}</p>
                            <ActionForm action=save node_ref=errors.node_ref() attr:class="form" attr:novalidate="true">
                                <FormError errors />
                                <TextField errors id="profile-name" name="display_name" label="Display name" autocomplete="name" maxlength=60 value=p.display_name.clone() />
                                <div class="field">
                                    <label for="profile-level">"Experience level"</label>
                                    <select id="profile-level" name="experience_level"
                                        aria-invalid=errors.invalid("experience_level")
                                        aria-describedby=errors.described_by("profile-level", "experience_level", false)>
                                        {ExperienceLevel::ALL.into_iter().map(|l| view! {
                                            <option value=l.code() selected=l == level>{l.label()}</option>
                                        }).collect_view()}
                                    </select>
                                    <FieldMessage errors id="profile-level" name="experience_level" />
                                </div>
                                <TextField errors id="profile-companies" name="target_companies" label="Target companies" required=false
                                    hint="Separate names with commas; up to 10." value=p.target_companies.joined() />
                                <div class="field">
                                    <label for="profile-language">"Preferred language"</label>
                                    <select id="profile-language" name="preferred_language"
                                        aria-invalid=errors.invalid("preferred_language")
                                        aria-describedby=errors.described_by("profile-language", "preferred_language", false)>
                                        {Language::ALL.into_iter().map(|l| view! {
                                            <option value=l.code() selected=l == lang>{l.label()}</option>
                                        }).collect_view()}
                                    </select>
                                    <FieldMessage errors id="profile-language" name="preferred_language" />
                                </div>
                                <button type="submit" class="btn primary" disabled=move || save.pending().get() on:click=check>"Save profile"</button>
                            </ActionForm>
                            <ShareLinkList session="" />
                        }.into_any()
                    }
                    Err(AppError::Unauthorized) => view! { <Redirect path="/signin?next=/profile" /> }.into_any(),
                    Err(e) => view! { <p role="alert" class="error">{e.to_string()}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}
