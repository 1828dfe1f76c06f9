//! Terms of Service and Privacy Policy. They disclose AI and voice processing, the optional
//! third-party providers an operator may configure, and how long data is kept.

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
            <p>"Sparring is a practice tool for technical and behavioral interviews. Feedback, scores and evaluations are produced by software, including AI models, to help you practise. They are not hiring decisions and may be wrong."</p>
            <h2>"Your account"</h2>
            <p>"Keep your password to yourself. You are responsible for what happens under your account. You may delete your account and data at any time."</p>
            <h2>"AI interviewer and voice"</h2>
            <p>"During a practice session your code, chat messages and, if you turn on voice, your speech are processed to run the interviewer and to evaluate the session. By default this happens entirely on the Sparring server; if the operator has configured a hosted AI or voice provider, that content is sent to the provider for processing, as described in the Privacy Policy."</p>
            <h2>"Code you run"</h2>
            <p>"Code you submit runs in an isolated sandbox. Don't submit code designed to attack the service or other users; we may suspend accounts that do."</p>
            <h2>"Credits"</h2>
            <p>"Each mock interview uses one credit. Credits have no cash value. Where payments are enabled, purchases are processed by the payment provider named at checkout."</p>
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
                <li>"Practice: your code and every edit, runs and test results, chat with the interviewer, evaluations and, if you record them, audio or video answers and their transcripts."</li>
                <li>"Operations: sign-in sessions and security logs (IP address, time, request id) used to prevent abuse."</li>
            </ul>
            <h2>"AI and voice processing"</h2>
            <p>"The interviewer, the code observer and the evaluator analyse your code, messages and transcripts. With the built-in engine this happens on the Sparring server and nothing leaves it. If the operator configures a hosted model provider (for example OpenAI, Anthropic or Google Gemini, or a self-hosted OpenAI-compatible model), the relevant session content is sent to that provider to generate replies and evaluations. Voice, when enabled, sends your audio to the configured speech provider for transcription and synthesis."</p>
            <h2>"Third-party providers"</h2>
            <p>"Depending on how this deployment is configured, these may receive data: an AI model provider (session content), a speech provider (audio), an email provider (your address and the mail we send), object storage (recordings), and a payment provider (purchases; card details never reach Sparring). With the default configuration none of them is used."</p>
            <h2>"Retention"</h2>
            <p>"Account data is kept while your account exists. Practice sessions, recordings and transcripts are kept until you delete them or your account; deleting your account deletes them. Expired sign-in sessions are removed automatically. Security logs are kept for up to 30 days. Providers may keep data under their own policies, which the operator must disclose."</p>
            <h2>"Your rights"</h2>
            <p>"You can view and edit your profile, export your data and delete your account. Recordings are never shared except through a link you create."</p>
        </article>
    }
}
