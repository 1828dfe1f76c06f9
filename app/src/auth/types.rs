//! What the browser knows of accounts: the signed-in user and a profile.

use serde::{Deserialize, Serialize};

use crate::domain::{ExperienceLevel, Language, TargetCompanies};

/// The signed-in user, as the browser sees them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: String,
    pub email: String,
    pub display_name: String,
    /// Admins see the AI usage page.
    #[serde(default)]
    pub is_admin: bool,
}

/// A user's profile and balance, as the owner sees them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub email: String,
    pub display_name: String,
    pub experience_level: ExperienceLevel,
    pub target_companies: TargetCompanies,
    pub preferred_language: Language,
    pub credits: i64,
    /// Practice on this server needs no credits (`credits_mode = "unlimited"`).
    #[serde(default)]
    pub credits_unlimited: bool,
    pub terms_version: String,
    pub member_since_ms: i64,
}
