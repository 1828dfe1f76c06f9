//! Loading and checking problems in the on-disk format (docs/problem-format.md, version 1).
//! Every problem found wrong is reported with all of its errors, each naming the file and
//! what is wrong, so an author can fix them in one pass.

use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::domain::Language;
use crate::problems::server::types::{camel_case, ValueType};

/// The format version this code reads.
pub const FORMAT_VERSION: u32 = 1;

/// Whether `code` is one of the categories (the list is shared with the pages:
/// [`crate::problems::CATEGORY_OPTIONS`]).
pub fn is_category(code: &str) -> bool {
    crate::problems::CATEGORY_OPTIONS.iter().any(|(c, _)| *c == code)
}

pub use crate::domain::{CompareMode, Difficulty};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParam {
    name: String,
    #[serde(rename = "type")]
    ty: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFunction {
    name: String,
    returns: String,
    params: Vec<RawParam>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCompare {
    mode: CompareMode,
    tolerance: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    format: u32,
    slug: String,
    title: String,
    difficulty: Difficulty,
    categories: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    constraints: Vec<String>,
    hints: Vec<String>,
    optimal_time: String,
    optimal_space: String,
    time_multiplier: Option<f64>,
    languages: Vec<String>,
    function: RawFunction,
    compare: RawCompare,
}

/// One parameter of the candidate's function.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    pub ty: ValueType,
}

/// The candidate's function.
#[derive(Debug, Clone, PartialEq)]
pub struct Signature {
    /// snake_case (Python); see [`Signature::name_in`].
    pub name: String,
    pub returns: ValueType,
    pub params: Vec<Param>,
}

impl Signature {
    /// The function's name in a language's convention.
    pub fn name_in(&self, lang: Language) -> String {
        match lang {
            Language::Python => self.name.clone(),
            Language::Javascript | Language::Java => camel_case(&self.name),
        }
    }
}

/// What one test case checks.
#[derive(Debug, Clone, PartialEq)]
pub enum CaseKind {
    /// Call the function with `args` and compare with `expected`.
    Io { args: Vec<Value>, expected: Value },
    /// Run the named function of the problem's test code.
    Code { test: String },
}

/// One test case.
#[derive(Debug, Clone, PartialEq)]
pub struct TestCase {
    pub name: Option<String>,
    pub kind: CaseKind,
}

/// The files of one language.
#[derive(Debug, Clone, PartialEq)]
pub struct LanguageFiles {
    pub starter: String,
    pub solution: String,
    /// Test code, for test-code problems.
    pub tests: Option<String>,
}

/// A loaded, checked problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub slug: String,
    pub title: String,
    pub difficulty: Difficulty,
    pub categories: Vec<String>,
    pub tags: Vec<String>,
    pub constraints: Vec<String>,
    pub hints: Vec<String>,
    pub optimal_time: String,
    pub optimal_space: String,
    pub time_multiplier: f64,
    pub signature: Signature,
    pub compare: CompareMode,
    pub tolerance: f64,
    pub statement: String,
    pub visible: Vec<TestCase>,
    pub hidden: Vec<TestCase>,
    pub languages: BTreeMap<&'static str, LanguageFiles>,
}

/// A problem that could not be loaded, with everything wrong with it.
#[derive(Debug, Clone, PartialEq)]
pub struct FormatErrors {
    pub dir: PathBuf,
    pub errors: Vec<String>,
}

impl fmt::Display for FormatErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}:", self.dir.display())?;
        for e in &self.errors {
            writeln!(f, "  - {e}")?;
        }
        Ok(())
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

fn is_snake(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn file_names(lang: Language) -> (&'static str, &'static str, &'static str) {
    match lang {
        Language::Python => ("python/starter.py", "python/solution.py", "python/tests.py"),
        Language::Javascript => ("javascript/starter.js", "javascript/solution.js", "javascript/tests.js"),
        Language::Java => ("java/Starter.java", "java/Solution.java", "java/Tests.java"),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    name: Option<String>,
    args: Option<Vec<Value>>,
    expected: Option<Value>,
    test: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTests {
    visible: Vec<RawCase>,
    hidden: Vec<RawCase>,
}

fn check_case(raw: RawCase, where_: &str, sig: &Signature, errors: &mut Vec<String>) -> Option<TestCase> {
    let kind = match (raw.args, raw.expected, raw.test) {
        (Some(args), Some(expected), None) => {
            if args.len() != sig.params.len() {
                errors.push(format!(
                    "tests.json {where_}: {} args given, the function takes {}",
                    args.len(),
                    sig.params.len()
                ));
                return None;
            }
            for (arg, p) in args.iter().zip(&sig.params) {
                if let Err(e) = p.ty.check(arg) {
                    errors.push(format!("tests.json {where_}: argument `{}` ({}): {e}", p.name, p.ty));
                }
            }
            if let Err(e) = sig.returns.check(&expected) {
                errors.push(format!("tests.json {where_}: expected ({}): {e}", sig.returns));
            }
            CaseKind::Io { args, expected }
        }
        (None, None, Some(test)) if is_snake(&test) => CaseKind::Code { test },
        (None, None, Some(test)) => {
            errors.push(format!("tests.json {where_}: test name {test:?} must be snake_case"));
            return None;
        }
        _ => {
            errors.push(format!("tests.json {where_}: a case has either `args` and `expected`, or `test`"));
            return None;
        }
    };
    Some(TestCase { name: raw.name, kind })
}

/// The files of one problem: path relative to its directory (`python/starter.py`) → text.
/// This is what the database stores per version, so export writes back exactly what came in.
pub type ProblemFiles = BTreeMap<String, String>;

/// Every file name the format knows, in a stable order.
pub fn known_files() -> Vec<&'static str> {
    let mut names = vec!["problem.toml", "statement.md", "tests.json"];
    for lang in Language::ALL {
        let (a, b, c) = file_names(lang);
        names.extend([a, b, c]);
    }
    names
}

/// Reads the format's files from a problem directory (absent ones are left out).
pub fn read_problem_files(dir: &Path) -> std::io::Result<ProblemFiles> {
    let mut files = ProblemFiles::new();
    for name in known_files() {
        match std::fs::read_to_string(dir.join(name)) {
            Ok(text) => {
                files.insert(name.to_string(), text);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(std::io::Error::new(e.kind(), format!("{name}: {e}"))),
        }
    }
    Ok(files)
}

/// Loads and checks one problem directory.
pub fn load_problem(dir: &Path) -> Result<Problem, FormatErrors> {
    let fail = |errors: Vec<String>| FormatErrors { dir: dir.to_path_buf(), errors };
    let files = read_problem_files(dir).map_err(|e| fail(vec![e.to_string()]))?;
    let dir_name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    parse_problem(&files, Some(dir_name)).map_err(fail)
}

/// Checks a problem given as files. With `dir_name`, the slug must equal it.
pub fn parse_problem(files: &ProblemFiles, dir_name: Option<&str>) -> Result<Problem, Vec<String>> {
    let mut errors = Vec::new();
    let read = |name: &str| files.get(name).cloned().ok_or_else(|| "the file is missing".to_string());

    let meta: RawMeta = match read("problem.toml") {
        Ok(text) => match toml::from_str(&text) {
            Ok(m) => m,
            Err(e) => return Err(vec![format!("problem.toml: {}", e.message())]),
        },
        Err(e) => return Err(vec![format!("problem.toml: {e}")]),
    };
    if meta.format != FORMAT_VERSION {
        errors.push(format!("problem.toml: format {} is not supported (expected {FORMAT_VERSION})", meta.format));
    }
    if !is_slug(&meta.slug) {
        errors.push(format!("problem.toml: slug {:?} must be lowercase letters, digits and single hyphens", meta.slug));
    } else if let Some(dir_name) = dir_name.filter(|d| *d != meta.slug) {
        errors.push(format!("problem.toml: slug {:?} differs from the directory name {dir_name:?}", meta.slug));
    }
    if meta.title.trim().is_empty() {
        errors.push("problem.toml: title is empty".into());
    }
    if meta.categories.is_empty() {
        errors.push("problem.toml: at least one category is needed".into());
    }
    for c in &meta.categories {
        if !is_category(c) {
            errors.push(format!("problem.toml: unknown category {c:?}"));
        }
    }
    if meta.hints.is_empty() {
        errors.push("problem.toml: at least one hint is needed".into());
    }
    let time_multiplier = meta.time_multiplier.unwrap_or(1.0);
    if !(0.1..=10.0).contains(&time_multiplier) {
        errors.push("problem.toml: time_multiplier must be between 0.1 and 10".into());
    }
    let tolerance = meta.compare.tolerance.unwrap_or(1e-6);
    if meta.compare.mode == CompareMode::Float && !(tolerance > 0.0 && tolerance < 1.0) {
        errors.push("problem.toml: compare.tolerance must be between 0 and 1".into());
    }

    // Signature.
    if !is_snake(&meta.function.name) {
        errors.push(format!("problem.toml: function name {:?} must be snake_case", meta.function.name));
    }
    let returns = ValueType::parse(&meta.function.returns).unwrap_or_else(|| {
        errors.push(format!("problem.toml: unknown return type {:?}", meta.function.returns));
        ValueType::Int
    });
    let mut params = Vec::new();
    for p in &meta.function.params {
        if !is_snake(&p.name) {
            errors.push(format!("problem.toml: parameter name {:?} must be snake_case", p.name));
        }
        match ValueType::parse(&p.ty) {
            Some(ty) => params.push(Param { name: p.name.clone(), ty }),
            None => errors.push(format!("problem.toml: parameter {:?} has unknown type {:?}", p.name, p.ty)),
        }
    }
    let signature = Signature { name: meta.function.name.clone(), returns, params };

    // Statement.
    let statement = read("statement.md").unwrap_or_else(|e| {
        errors.push(format!("statement.md: {e}"));
        String::new()
    });
    if statement.trim().is_empty() {
        errors.push("statement.md: the statement is empty".into());
    }
    if statement.to_ascii_lowercase().contains("<script") {
        errors.push("statement.md: raw HTML is not allowed".into());
    }

    // Tests.
    let (mut visible, mut hidden) = (Vec::new(), Vec::new());
    match read("tests.json").and_then(|t| serde_json::from_str::<RawTests>(&t).map_err(|e| format!("not valid: {e}"))) {
        Ok(raw) => {
            for (i, c) in raw.visible.into_iter().enumerate() {
                visible.extend(check_case(c, &format!("visible[{i}]"), &signature, &mut errors));
            }
            for (i, c) in raw.hidden.into_iter().enumerate() {
                hidden.extend(check_case(c, &format!("hidden[{i}]"), &signature, &mut errors));
            }
            if visible.len() < 2 {
                errors.push("tests.json: at least 2 visible cases are needed".into());
            }
            if hidden.len() < 5 {
                errors.push("tests.json: at least 5 hidden cases are needed".into());
            }
        }
        Err(e) => errors.push(format!("tests.json: {e}")),
    }
    let has_code_tests = visible.iter().chain(&hidden).any(|c| matches!(c.kind, CaseKind::Code { .. }));

    // Languages and their files.
    let mut languages = BTreeMap::new();
    if meta.languages.is_empty() {
        errors.push("problem.toml: at least one language is needed".into());
    }
    for code in &meta.languages {
        let Ok(lang) = Language::parse(code) else {
            errors.push(format!("problem.toml: unknown language {code:?}"));
            continue;
        };
        let (starter, solution, tests) = file_names(lang);
        let mut get = |name: &str| match read(name) {
            Ok(text) if !text.trim().is_empty() => Some(text),
            Ok(_) => {
                errors.push(format!("{name}: the file is empty"));
                None
            }
            Err(e) => {
                errors.push(format!("{name}: {e}"));
                None
            }
        };
        let starter = get(starter);
        let solution = get(solution);
        let tests = if has_code_tests { get(tests) } else { None };
        if let (Some(starter), Some(solution)) = (starter, solution) {
            let fname = signature.name_in(lang);
            for (file, text) in [("starter", &starter), ("solution", &solution)] {
                if !text.contains(&fname) {
                    errors.push(format!("{}: the {file} does not define `{fname}`", lang.code()));
                }
            }
            languages.insert(lang.code(), LanguageFiles { starter, solution, tests });
        }
    }

    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Problem {
        slug: meta.slug,
        title: meta.title,
        difficulty: meta.difficulty,
        categories: meta.categories,
        tags: meta.tags,
        constraints: meta.constraints,
        hints: meta.hints,
        optimal_time: meta.optimal_time,
        optimal_space: meta.optimal_space,
        time_multiplier,
        signature,
        compare: meta.compare.mode,
        tolerance,
        statement,
        visible,
        hidden,
        languages,
    })
}

/// The problem directories at `dir`: itself if it is one, else its subdirectories, sorted.
pub fn problem_dirs(dir: &Path) -> Vec<PathBuf> {
    if dir.join("problem.toml").is_file() {
        return vec![dir.to_path_buf()];
    }
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.join("problem.toml").is_file()).collect())
        .unwrap_or_default();
    dirs.sort();
    dirs
}

/// Loads every problem directory at `root` (sorted by slug), with the errors of the
/// directories that failed.
pub fn load_bank(root: &Path) -> (Vec<Problem>, Vec<FormatErrors>) {
    let (mut ok, mut bad) = (Vec::new(), Vec::new());
    for d in problem_dirs(root) {
        match load_problem(&d) {
            Ok(p) => ok.push(p),
            Err(e) => bad.push(e),
        }
    }
    (ok, bad)
}

#[cfg(test)]
mod tests {
    use crate::problems::server::format::*;

    fn write(dir: &Path, name: &str, text: &str) {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    const TOML: &str = r#"
format = 1
slug = "add-two"
title = "Add Two"
difficulty = "easy"
categories = ["math"]
hints = ["Use +."]
optimal_time = "O(1)"
optimal_space = "O(1)"
languages = ["python"]
[function]
name = "add_two"
returns = "int"
params = [{ name = "a", type = "int" }, { name = "b", type = "int" }]
[compare]
mode = "exact"
"#;

    fn sample(root: &Path, tests: &str) -> PathBuf {
        let dir = root.join("add-two");
        write(&dir, "problem.toml", TOML);
        write(&dir, "statement.md", "Add `a` and `b`.");
        write(&dir, "tests.json", tests);
        write(&dir, "python/starter.py", "def add_two(a, b):\n    pass\n");
        write(&dir, "python/solution.py", "def add_two(a, b):\n    return a + b\n");
        dir
    }

    fn cases(n: usize) -> String {
        (0..n).map(|i| format!(r#"{{"args": [{i}, 1], "expected": {}}}"#, i + 1)).collect::<Vec<_>>().join(",")
    }

    #[test]
    fn a_well_formed_problem_loads() {
        let root = tempfile_dir("ok");
        let dir = sample(&root, &format!(r#"{{"visible": [{}], "hidden": [{}]}}"#, cases(2), cases(5)));
        let p = load_problem(&dir).unwrap();
        assert_eq!(p.slug, "add-two");
        assert_eq!(p.visible.len(), 2);
        assert_eq!(p.hidden.len(), 5);
        assert_eq!(p.signature.name_in(Language::Java), "addTwo");
    }

    #[test]
    fn every_problem_with_a_problem_is_reported_precisely() {
        let root = tempfile_dir("bad");
        let dir = sample(
            &root,
            r#"{"visible": [{"args": [1], "expected": 2}], "hidden": [{"args": [1, "x"], "expected": 2}]}"#,
        );
        let err = load_problem(&dir).unwrap_err();
        let all = err.errors.join("\n");
        assert!(all.contains("visible[0]: 1 args given, the function takes 2"), "{all}");
        assert!(all.contains("hidden[0]: argument `b` (int): \"x\" is not an integer"), "{all}");
        assert!(all.contains("at least 2 visible"), "{all}");
        assert!(all.contains("at least 5 hidden"), "{all}");
    }

    fn tempfile_dir(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("sparring-fmt-{tag}-{}-{}", std::process::id(), rand_suffix()));
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    fn rand_suffix() -> u64 {
        use rand::Rng;
        rand::thread_rng().gen()
    }

    #[test]
    fn the_test_code_fixture_loads_with_its_tests_in_every_language() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../server/tests/fixtures/problems/rotate-array");
        let p = load_problem(&dir).unwrap();
        assert!(matches!(p.visible[0].kind, CaseKind::Code { .. }));
        assert_eq!(p.languages.len(), 3);
        assert!(p.languages.values().all(|f| f.tests.is_some()));
    }

    #[test]
    fn the_bundled_bank_follows_the_format() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../problems");
        let (ok, bad) = load_bank(&root);
        let report: String = bad.iter().map(ToString::to_string).collect();
        assert!(bad.is_empty(), "problems that break the format:\n{report}");
        let _ = ok;
    }
}
