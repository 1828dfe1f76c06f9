//! Problems, their versions, and users' code runs.

use sqlx::any::AnyRow;
use sqlx::Row;

use crate::platform::store::{now_ms, Result, Store, StoreError};

/// The searchable metadata of a problem version, kept on the `problems` row.
pub struct ProblemMeta<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub difficulty: &'a str,
    pub difficulty_rank: i64,
    pub categories_json: &'a str,
    pub tags_json: &'a str,
    pub languages_json: &'a str,
}

/// A problem's identity and current version.
#[derive(Debug, Clone)]
pub struct ProblemRef {
    pub id: String,
    pub slug: String,
    pub version: i64,
    pub content_hash: String,
}

/// One row of the problem list.
#[derive(Debug, Clone)]
pub struct ProblemSummaryRow {
    pub slug: String,
    pub title: String,
    pub difficulty: String,
    pub categories_json: String,
    pub tags_json: String,
    pub languages_json: String,
    pub solved: bool,
    pub attempted: bool,
}

/// A run or submission to record.
pub struct NewRun<'a> {
    pub user_id: &'a str,
    pub problem_id: &'a str,
    pub problem_version: i64,
    pub language: &'a str,
    pub kind: &'a str,
    pub source: &'a str,
    pub verdict: &'a str,
    pub passed: i64,
    pub total: i64,
    pub wall_ms: i64,
    /// The interview session the run belongs to, if any.
    pub session_id: Option<&'a str>,
}

/// What a list of problems is narrowed to: a difficulty code, a category code, and search
/// words (see [`crate::problems::server::search`]) that must each appear in the title or tags.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProblemFilter<'a> {
    pub difficulty: Option<&'a str>,
    pub category: Option<&'a str>,
    pub words: &'a [String],
}

impl ProblemFilter<'_> {
    /// The `WHERE` clause over `problems p`, binding the difficulty as `$1`, the category
    /// pattern as `$2` and one pattern per word from `$3`; and the next free placeholder.
    fn clause(&self) -> (String, usize) {
        let mut clause = String::from("($1 IS NULL OR p.difficulty = $1) AND ($2 IS NULL OR p.categories LIKE $2)");
        for i in 0..self.words.len() {
            clause.push_str(&format!(" AND LOWER(p.title || ' ' || p.tags) LIKE ${}", i + 3));
        }
        (clause, self.words.len() + 3)
    }

    /// One `LIKE` pattern per word. Words hold no wildcard (the search parser keeps letters,
    /// digits and `-+#'` only); anything else is removed here as well.
    fn patterns(&self) -> Vec<String> {
        self.words
            .iter()
            .map(|w| {
                let w: String = w.chars().filter(|c| !matches!(c, '%' | '_' | '\\' | '"')).collect();
                format!("%{}%", w.to_lowercase())
            })
            .collect()
    }
}

/// `LIKE` pattern matching one value inside a JSON array of strings.
fn json_member(value: &str) -> String {
    let escaped: String = value.chars().filter(|c| !matches!(c, '%' | '_' | '"' | '\\')).collect();
    format!("%\"{escaped}\"%")
}

impl ProblemRef {
    fn from_row(r: &AnyRow) -> Result<Self> {
        Ok(Self { id: r.try_get(0)?, slug: r.try_get(1)?, version: r.try_get(2)?, content_hash: r.try_get(3)? })
    }
}

impl Store {
    /// The current version of a problem, by slug.
    pub async fn problem_ref(&self, slug: &str) -> Result<Option<ProblemRef>> {
        let row = sqlx::query(
            "SELECT p.id, p.slug, p.current_version, v.content_hash FROM problems p \
             JOIN problem_versions v ON v.problem_id = p.id AND v.version = p.current_version WHERE p.slug = $1",
        )
        .bind(slug)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(ProblemRef::from_row).transpose()
    }

    /// Stores a problem version: a new problem at version 1, or `version` of an existing one,
    /// which becomes its current version. One transaction.
    pub async fn put_problem_version(
        &self,
        existing: Option<&ProblemRef>,
        meta: ProblemMeta<'_>,
        content_hash: &str,
        files_json: &str,
    ) -> Result<i64> {
        let now = now_ms();
        let mut tx = self.pool.begin().await?;
        let (id, version) = match existing {
            Some(p) => {
                let version = p.version + 1;
                let done = sqlx::query(
                    "UPDATE problems SET title = $1, difficulty = $2, difficulty_rank = $3, categories = $4, \
                     tags = $5, languages = $6, current_version = $7, updated_at = $8 \
                     WHERE id = $9 AND current_version = $10",
                )
                .bind(meta.title)
                .bind(meta.difficulty)
                .bind(meta.difficulty_rank)
                .bind(meta.categories_json)
                .bind(meta.tags_json)
                .bind(meta.languages_json)
                .bind(version)
                .bind(now)
                .bind(&p.id)
                .bind(p.version)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() != 1 {
                    // Someone else imported a version meanwhile.
                    return Err(StoreError::Duplicate);
                }
                (p.id.clone(), version)
            }
            None => {
                let id = uuid::Uuid::new_v4().to_string();
                sqlx::query(
                    "INSERT INTO problems (id, slug, title, difficulty, difficulty_rank, categories, tags, languages, \
                     current_version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9)",
                )
                .bind(&id)
                .bind(meta.slug)
                .bind(meta.title)
                .bind(meta.difficulty)
                .bind(meta.difficulty_rank)
                .bind(meta.categories_json)
                .bind(meta.tags_json)
                .bind(meta.languages_json)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                (id, 1)
            }
        };
        sqlx::query(
            "INSERT INTO problem_versions (problem_id, version, content_hash, files, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&id)
        .bind(version)
        .bind(content_hash)
        .bind(files_json)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(version)
    }

    /// The stored files (JSON) of a problem version; the current one when `version` is `None`.
    pub async fn problem_files(&self, slug: &str, version: Option<i64>) -> Result<Option<(ProblemRef, String)>> {
        let row = sqlx::query(
            "SELECT p.id, p.slug, v.version, v.content_hash, v.files FROM problems p \
             JOIN problem_versions v ON v.problem_id = p.id \
             WHERE p.slug = $1 AND v.version = COALESCE($2, p.current_version)",
        )
        .bind(slug)
        .bind(version)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(r) => Ok(Some((ProblemRef::from_row(&r)?, r.try_get(4)?))),
            None => Ok(None),
        }
    }

    /// Every problem's slug, ordered.
    pub async fn problem_slugs(&self) -> Result<Vec<String>> {
        let rows = sqlx::query("SELECT slug FROM problems ORDER BY slug").fetch_all(&self.pool).await?;
        rows.iter().map(|r| r.try_get(0).map_err(StoreError::from)).collect()
    }

    /// One page of problems matching the filters, easiest first, with the total count and
    /// the user's progress on each.
    pub async fn list_problems(
        &self,
        user_id: Option<&str>,
        difficulty: Option<&str>,
        category: Option<&str>,
        offset: i64,
        limit: i64,
    ) -> Result<(Vec<ProblemSummaryRow>, i64)> {
        let filter = ProblemFilter { difficulty, category, words: &[] };
        self.search_problems(user_id, &filter, offset, limit).await
    }

    /// One page of problems matching `filter` (search words included), easiest first, with
    /// the total count and the user's progress on each.
    pub async fn search_problems(
        &self,
        user_id: Option<&str>,
        filter: &ProblemFilter<'_>,
        offset: i64,
        limit: i64,
    ) -> Result<(Vec<ProblemSummaryRow>, i64)> {
        let category = filter.category.map(json_member);
        let patterns = filter.patterns();
        let (clause, next) = filter.clause();
        let count_sql = format!("SELECT COUNT(*) FROM problems p WHERE {clause}");
        let mut count = sqlx::query_scalar::<_, i64>(&count_sql).bind(filter.difficulty).bind(category.as_deref());
        for p in &patterns {
            count = count.bind(p.as_str());
        }
        let total: i64 = count.fetch_one(&self.pool).await?;
        let sql = format!(
            "SELECT p.slug, p.title, p.difficulty, p.categories, p.tags, p.languages, \
             CAST(COALESCE(MAX(CASE WHEN r.kind = 'submit' AND r.verdict = 'accepted' THEN 1 ELSE 0 END), 0) AS BIGINT), \
             CAST(COUNT(r.id) AS BIGINT) \
             FROM problems p LEFT JOIN code_runs r ON r.problem_id = p.id AND r.user_id = ${next} \
             WHERE {clause} GROUP BY p.id, p.slug, p.title, p.difficulty, p.difficulty_rank, p.categories, p.tags, \
             p.languages ORDER BY p.difficulty_rank, p.title LIMIT ${} OFFSET ${}",
            next + 1,
            next + 2
        );
        let mut query = sqlx::query(&sql).bind(filter.difficulty).bind(category.as_deref());
        for p in &patterns {
            query = query.bind(p.as_str());
        }
        let rows = query.bind(user_id).bind(limit).bind(offset).fetch_all(&self.pool).await?;
        let items = rows
            .iter()
            .map(|r| {
                Ok(ProblemSummaryRow {
                    slug: r.try_get(0)?,
                    title: r.try_get(1)?,
                    difficulty: r.try_get(2)?,
                    categories_json: r.try_get(3)?,
                    tags_json: r.try_get(4)?,
                    languages_json: r.try_get(5)?,
                    solved: r.try_get::<i64, _>(6)? > 0,
                    attempted: r.try_get::<i64, _>(7)? > 0,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((items, total))
    }

    /// The categories (JSON arrays) of every problem matching `filter`, one entry a problem.
    pub async fn problem_categories(&self, filter: &ProblemFilter<'_>) -> Result<Vec<String>> {
        let category = filter.category.map(json_member);
        let patterns = filter.patterns();
        let (clause, _) = filter.clause();
        let sql = format!("SELECT p.categories FROM problems p WHERE {clause}");
        let mut query = sqlx::query_scalar::<_, String>(&sql).bind(filter.difficulty).bind(category.as_deref());
        for p in &patterns {
            query = query.bind(p.as_str());
        }
        Ok(query.fetch_all(&self.pool).await?)
    }

    /// Slugs matching the filters that `user_id` has neither run nor had an interview on since
    /// `since_ms`.
    pub async fn fresh_problem_slugs(
        &self,
        user_id: Option<&str>,
        filter: &ProblemFilter<'_>,
        since_ms: i64,
    ) -> Result<Vec<String>> {
        let category = filter.category.map(json_member);
        let patterns = filter.patterns();
        let (clause, n) = filter.clause();
        let sql = format!(
            "SELECT p.slug FROM problems p WHERE {clause} \
             AND NOT EXISTS (SELECT 1 FROM code_runs r WHERE r.problem_id = p.id AND r.user_id = ${n} AND r.created_at >= ${m}) \
             AND NOT EXISTS (SELECT 1 FROM interview_sessions s \
                             WHERE s.problem_id = p.id AND s.user_id = ${n} AND s.created_at >= ${m}) \
             ORDER BY p.slug",
            m = n + 1
        );
        let mut query = sqlx::query_scalar::<_, String>(&sql).bind(filter.difficulty).bind(category.as_deref());
        for p in &patterns {
            query = query.bind(p.as_str());
        }
        Ok(query.bind(user_id).bind(since_ms).fetch_all(&self.pool).await?)
    }

    /// Records a run or submission.
    pub async fn record_run(&self, run: NewRun<'_>) -> Result<String> {
        let id = uuid::Uuid::new_v4().to_string();
        sqlx::query(
            "INSERT INTO code_runs (id, user_id, problem_id, problem_version, language, kind, source, verdict, passed, \
             total, wall_ms, created_at, session_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(&id)
        .bind(run.user_id)
        .bind(run.problem_id)
        .bind(run.problem_version)
        .bind(run.language)
        .bind(run.kind)
        .bind(run.source)
        .bind(run.verdict)
        .bind(run.passed)
        .bind(run.total)
        .bind(run.wall_ms)
        .bind(now_ms())
        .bind(run.session_id)
        .execute(&self.pool)
        .await?;
        Ok(id)
    }
}
