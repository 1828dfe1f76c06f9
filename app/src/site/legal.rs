//! Terms of Service and Privacy Policy. They disclose AI processing (and that there is no voice
//! processing yet), the optional third-party providers an operator may configure, and how long
//! data is kept.

use leptos::prelude::*;
use leptos_meta::Title;

/// The Terms of Service page.
#[component]
pub fn Terms() -> impl IntoView {
    view! {
        <Title text="Terms of Service" />
        <article class="prose">
            <h1>"Terms of Service"</h1>
            <p class="muted">"Version 2026-11-01"</p>
            <h2>"What Sparring is"</h2>
            <p>"Sparring is a practice tool for technical (coding) interviews. Feedback, scores and evaluations are produced by software, including AI models, to help you practise. They are not hiring decisions and may be wrong."</p>
            <h2>"Your account"</h2>
            <p>"Keep your password to yourself. You are responsible for what happens under your account. Sparring has no self-service account deletion yet: to have your account and data deleted, contact the operator of this deployment."</p>
            <h2>"AI interviewer"</h2>
            <p>"During a practice session your code, edits, runs and chat messages are processed to run the interviewer and the code observer and to evaluate the session. The interviewer works by text chat only: Sparring has no voice feature yet and records no audio or video. By default this happens entirely on the Sparring server; if the operator has configured a hosted AI provider, that content is sent to the provider for processing, as described in the Privacy Policy."</p>
            <h2>"Code you run"</h2>
            <p>"Code you submit runs in an isolated sandbox. Don't submit code designed to attack the service or other users; the operator may close accounts that do."</p>
            <h2>"Credits"</h2>
            <p>"Each mock interview uses one credit, spent when it starts. Credits have no cash value. Sparring takes no payments: new accounts receive a starting balance set by the operator of this deployment."</p>
            <h2>"Open source"</h2>
            <p>"Sparring's source code is published under an open-source licence; these terms cover this deployment of it."</p>
        </article>
    }
}

/// The Privacy Policy page.
#[component]
pub fn Privacy() -> impl IntoView {
    view! {
        <Title text="Privacy Policy" />
        <article class="prose">
            <h1>"Privacy Policy"</h1>
            <p class="muted">"Version 2026-11-01"</p>
            <h2>"What we store"</h2>
            <ul>
                <li>"Account: email, display name, a salted argon2id hash of your password (never the password), profile choices, and when you accepted these terms."</li>
                <li>"Practice: your code and every edit, your runs and test results (in interviews and on problem pages), chat with the interviewer, evaluations, and a record of each call to a hosted AI model (model and tokens)."</li>
                <li>"Operations: sign-in sessions, password-reset tokens, the mail we send you (kept in an outbox), and server logs (time, request path, request id). Your IP address is used only in memory, to limit sign-in attempts; it is not stored."</li>
            </ul>
            <h2>"AI processing"</h2>
            <p>"The interviewer, the code observer and the evaluator analyse your code, runs and chat messages. With the built-in engine (the default) this happens on the Sparring server and nothing leaves it. If the operator configures a hosted model provider (OpenAI, Anthropic or Google Gemini, or any OpenAI-compatible server, including a self-hosted model), the relevant session content is sent to that provider to generate replies and evaluations. Sparring has no voice feature yet: it records and processes no audio or video."</p>
            <h2>"Third-party providers"</h2>
            <p>"Depending on how this deployment is configured, these may receive data: an AI model provider (session content), an SMTP email provider (your address and the mail we send), and a Piston code-execution server (the code you run). With the default configuration none of them is used and nothing leaves the Sparring server. Sparring takes no payments and keeps no recordings."</p>
            <h2>"Retention"</h2>
            <p>"Your account, practice sessions and evaluations are stored on the server of the operator of this deployment and kept until the operator deletes them; Sparring has no self-service deletion yet. Expired sign-in sessions are removed automatically. How long server logs are kept is up to the operator. Providers may keep data under their own policies, which the operator must disclose."</p>
            <h2>"Your rights"</h2>
            <p>"You can view and edit your profile. To have your data exported or deleted, contact the operator of this deployment. Other users cannot see your sessions."</p>
        </article>
    }
}
