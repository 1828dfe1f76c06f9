//! tower-sessions store over our database. The signed-in user's id is copied into its own
//! column so a password reset can end every session of that user.

use async_trait::async_trait;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

use crate::platform::store::Store;

/// The session key holding the signed-in user's id.
pub const USER_ID_KEY: &str = "uid";

/// Sessions kept in the `auth_sessions` table.
#[derive(Clone, Debug)]
pub struct DbSessionStore {
    store: Store,
}

impl DbSessionStore {
    /// Wraps the store.
    pub fn new(store: Store) -> Self {
        Self { store }
    }
}

/// The session layer keeps only a string: it carries the whole cause chain, so that the log
/// line of whoever reports the failure says why.
fn backend(e: crate::platform::store::StoreError) -> session_store::Error {
    session_store::Error::Backend(format!("{:#}", anyhow::Error::from(e)))
}

fn encode(record: &Record) -> session_store::Result<(String, Option<String>, String, i64)> {
    let data = serde_json::to_string(&record.data).map_err(|e| session_store::Error::Encode(e.to_string()))?;
    let user = record.data.get(USER_ID_KEY).and_then(|v| v.as_str()).map(str::to_string);
    let expires = (record.expiry_date.unix_timestamp_nanos() / 1_000_000) as i64;
    Ok((record.id.to_string(), user, data, expires))
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        loop {
            let (id, user, data, expires) = encode(record)?;
            if self.store.insert_session(&id, user.as_deref(), &data, expires).await.map_err(backend)? {
                return Ok(());
            }
            // 128-bit ids practically never collide, but if one does, draw another.
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let (id, user, data, expires) = encode(record)?;
        self.store.upsert_session(&id, user.as_deref(), &data, expires).await.map_err(backend)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let Some(row) = self.store.load_session(&id.to_string()).await.map_err(backend)? else {
            return Ok(None);
        };
        let data = serde_json::from_str(&row.data).map_err(|e| session_store::Error::Decode(e.to_string()))?;
        let expiry_date = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(row.expires_at) * 1_000_000)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record { id: *id, data, expiry_date }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.store.delete_session(&id.to_string()).await.map_err(backend)
    }
}
