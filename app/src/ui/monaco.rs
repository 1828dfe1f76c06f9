//! The Monaco editor, in two layers: raw `extern` bindings to the parts of its API the room
//! uses ([`sys`]), and [`CodeEditor`], an owned editor that disposes the JavaScript editor and
//! its listeners when dropped.
//!
//! Monaco is served from `/vs` (the pinned npm package that setup copies into `public/vs`)
//! and loaded through its AMD loader only when a room opens; [`load`] loads it once per page,
//! however many editors ask.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use web_sys::js_sys::{Array, Function, Object, Promise, Reflect};

use crate::domain::Language;

/// Where the Monaco files are served.
pub const BASE: &str = "/vs";

/// Raw bindings: Monaco's global `monaco` namespace and the AMD loader's `require`.
pub mod sys {
    use wasm_bindgen::prelude::*;
    use web_sys::js_sys::{Array, Function, Object};

    #[wasm_bindgen]
    extern "C" {
        /// The AMD loader's `require(deps, onLoad, onError)`.
        #[wasm_bindgen(js_name = require)]
        pub fn amd_require(deps: &Array, on_load: &Function, on_error: &Function);
        /// The AMD loader's `require.config(options)`.
        #[wasm_bindgen(js_namespace = require, js_name = config)]
        pub fn amd_config(options: &Object);

        /// `monaco.editor.IStandaloneCodeEditor`.
        pub type StandaloneEditor;
        /// `monaco.editor.ITextModel`.
        pub type TextModel;
        /// `monaco.IDisposable`.
        pub type Disposable;

        #[wasm_bindgen(js_namespace = ["monaco", "editor"], js_name = create)]
        pub fn create(host: &web_sys::HtmlElement, options: &Object) -> StandaloneEditor;
        #[wasm_bindgen(js_namespace = ["monaco", "editor"], js_name = setTheme)]
        pub fn set_theme(theme: &str);
        #[wasm_bindgen(js_namespace = ["monaco", "editor"], js_name = setModelLanguage)]
        pub fn set_model_language(model: &TextModel, language: &str);

        #[wasm_bindgen(method, js_name = getValue)]
        pub fn get_value(this: &StandaloneEditor) -> String;
        #[wasm_bindgen(method, js_name = setValue)]
        pub fn set_value(this: &StandaloneEditor, value: &str);
        #[wasm_bindgen(method, js_name = getModel)]
        pub fn get_model(this: &StandaloneEditor) -> Option<TextModel>;
        #[wasm_bindgen(method, js_name = onDidChangeModelContent)]
        pub fn on_did_change_model_content(this: &StandaloneEditor, listener: &Function) -> Disposable;
        #[wasm_bindgen(method, js_name = onDidPaste)]
        pub fn on_did_paste(this: &StandaloneEditor, listener: &Function) -> Disposable;
        #[wasm_bindgen(method, js_name = addCommand)]
        pub fn add_command(this: &StandaloneEditor, keybinding: u32, handler: &Function) -> JsValue;
        #[wasm_bindgen(method, js_name = updateOptions)]
        pub fn update_options(this: &StandaloneEditor, options: &Object);
        #[wasm_bindgen(method)]
        pub fn layout(this: &StandaloneEditor);
        #[wasm_bindgen(method)]
        pub fn focus(this: &StandaloneEditor);
        #[wasm_bindgen(method)]
        pub fn dispose(this: &StandaloneEditor);

        #[wasm_bindgen(method, js_name = dispose)]
        pub fn dispose_listener(this: &Disposable);
    }
}

/// Monaco's language id for a language.
pub fn language_id(language: Language) -> &'static str {
    match language {
        Language::Python => "python",
        Language::Javascript => "javascript",
        Language::Java => "java",
    }
}

/// The editor's colour theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Dark,
    Light,
}

impl Theme {
    pub fn monaco_name(self) -> &'static str {
        match self {
            Self::Dark => "vs-dark",
            Self::Light => "vs",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Dark => "dark",
            Self::Light => "light",
        }
    }

    pub fn parse(raw: &str) -> Self {
        if raw == "light" {
            Self::Light
        } else {
            Self::Dark
        }
    }
}

thread_local! {
    /// The one load of Monaco on this page, shared by everyone who waits for it.
    static LOADING: RefCell<Option<Promise>> = const { RefCell::new(None) };
}

fn set(target: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

fn global(path: &[&str]) -> JsValue {
    let mut at: JsValue = web_sys::js_sys::global().into();
    for key in path {
        at = Reflect::get(&at, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
        if at.is_undefined() {
            break;
        }
    }
    at
}

/// Loads Monaco (the AMD loader, then `vs/editor/editor.main`) once per page.
pub async fn load() -> Result<(), String> {
    if global(&["monaco", "editor"]).is_object() {
        return Ok(());
    }
    let promise = LOADING.with(|cell| cell.borrow_mut().get_or_insert_with(start_loading).clone());
    let result = wasm_bindgen_futures::JsFuture::from(promise).await;
    result.map(|_| ()).map_err(|e| {
        // A later room may try again (the network may be back).
        LOADING.with(|cell| cell.borrow_mut().take());
        e.as_string().unwrap_or_else(|| "the editor could not be loaded".into())
    })
}

fn start_loading() -> Promise {
    Promise::new(&mut |resolve: Function, reject: Function| {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("no document"));
            return;
        };
        let after_loader = {
            let (resolve, reject) = (resolve.clone(), reject.clone());
            Closure::once_into_js(move || {
                let config = Object::new();
                let paths = Object::new();
                set(&paths, "vs", &JsValue::from_str(BASE));
                set(&config, "paths", &paths);
                sys::amd_config(&config);
                let deps = Array::of1(&JsValue::from_str("vs/editor/editor.main"));
                let failed = {
                    let reject = reject.clone();
                    Closure::once_into_js(move |_: JsValue| {
                        let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("the editor could not be loaded"));
                    })
                };
                sys::amd_require(&deps, &resolve, failed.unchecked_ref());
            })
        };
        let loader_failed = {
            let reject = reject.clone();
            Closure::once_into_js(move || {
                let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("the editor could not be loaded"));
            })
        };
        if global(&["require", "config"]).is_function() {
            let _ = after_loader.unchecked_ref::<Function>().call0(&JsValue::NULL);
            return;
        }
        match document.create_element("script") {
            Ok(script) => {
                let _ = script.set_attribute("src", &format!("{BASE}/loader.js"));
                let _ = script.add_event_listener_with_callback("load", after_loader.unchecked_ref());
                let _ = script.add_event_listener_with_callback("error", loader_failed.unchecked_ref());
                if let Some(head) = document.head() {
                    let _ = head.append_child(&script);
                }
            }
            Err(_) => {
                let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("the editor could not be loaded"));
            }
        }
    })
}

/// What the editor is created with.
pub struct EditorOptions<'a> {
    pub value: &'a str,
    pub language: Language,
    pub theme: Theme,
    /// The editor's accessible name.
    pub label: &'a str,
}

/// A Monaco editor owned by Rust: the JavaScript editor, its listeners and their closures are
/// disposed when this is dropped.
#[must_use = "the editor is disposed when this value is dropped"]
pub struct CodeEditor {
    raw: sys::StandaloneEditor,
    listeners: Vec<sys::Disposable>,
    closures: Vec<Closure<dyn FnMut(JsValue)>>,
}

impl CodeEditor {
    /// Creates an editor in `host` (Monaco must be [`load`]ed).
    pub fn new(host: &web_sys::HtmlElement, options: &EditorOptions<'_>) -> Self {
        let o = Object::new();
        set(&o, "value", &JsValue::from_str(options.value));
        set(&o, "language", &JsValue::from_str(language_id(options.language)));
        set(&o, "theme", &JsValue::from_str(options.theme.monaco_name()));
        set(&o, "ariaLabel", &JsValue::from_str(options.label));
        set(&o, "automaticLayout", &JsValue::TRUE);
        set(&o, "fontSize", &JsValue::from_f64(14.0));
        set(&o, "tabSize", &JsValue::from_f64(4.0));
        set(&o, "scrollBeyondLastLine", &JsValue::FALSE);
        set(&o, "fixedOverflowWidgets", &JsValue::TRUE);
        let minimap = Object::new();
        set(&minimap, "enabled", &JsValue::FALSE);
        set(&o, "minimap", &minimap);
        Self { raw: sys::create(host, &o), listeners: Vec::new(), closures: Vec::new() }
    }

    pub fn value(&self) -> String {
        self.raw.get_value()
    }

    /// Replaces the whole text (the change listeners see it).
    pub fn set_value(&self, value: &str) {
        self.raw.set_value(value);
    }

    pub fn set_language(&self, language: Language) {
        if let Some(model) = self.raw.get_model() {
            sys::set_model_language(&model, language_id(language));
        }
    }

    pub fn set_label(&self, label: &str) {
        let o = Object::new();
        set(&o, "ariaLabel", &JsValue::from_str(label));
        self.raw.update_options(&o);
    }

    pub fn focus(&self) {
        self.raw.focus();
    }

    /// Makes the editor read-only (a replay shows code, never takes it).
    pub fn set_read_only(&self, read_only: bool) {
        let o = Object::new();
        set(&o, "readOnly", &JsValue::from_bool(read_only));
        set(&o, "domReadOnly", &JsValue::from_bool(read_only));
        self.raw.update_options(&o);
    }

    pub fn layout(&self) {
        self.raw.layout();
    }

    /// Another handle to the same JavaScript editor, for listeners.
    fn handle(&self) -> sys::StandaloneEditor {
        JsValue::clone(self.raw.as_ref()).unchecked_into()
    }

    /// Calls `f` with the whole text after every change to it.
    pub fn on_change(&mut self, f: impl FnMut(String) + 'static) {
        let mut f = f;
        let raw = self.handle();
        let closure = Closure::<dyn FnMut(JsValue)>::new(move |_| f(raw.get_value()));
        let listener = self.raw.on_did_change_model_content(closure.as_ref().unchecked_ref());
        self.listeners.push(listener);
        self.closures.push(closure);
    }

    /// Calls `f` with the number of characters pasted.
    pub fn on_paste(&mut self, f: impl FnMut(u32) + 'static) {
        let mut f = f;
        let raw = self.handle();
        let closure = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            let chars = Reflect::get(&event, &JsValue::from_str("range"))
                .ok()
                .and_then(|range| {
                    let model = raw.get_model()?;
                    let text = Reflect::get(&model, &JsValue::from_str("getValueInRange"))
                        .ok()?
                        .dyn_into::<Function>()
                        .ok()?
                        .call1(&model, &range)
                        .ok()?;
                    text.as_string()
                })
                .map(|t| t.chars().count() as u32)
                .unwrap_or(0);
            f(chars)
        });
        let listener = self.raw.on_did_paste(closure.as_ref().unchecked_ref());
        self.listeners.push(listener);
        self.closures.push(closure);
    }

    /// Binds Ctrl/Cmd + `key` (a Monaco `KeyCode` name such as "KeyS" or "Enter") to `f`,
    /// ahead of Monaco's own binding for it.
    pub fn on_ctrl_key(&mut self, key: &str, f: impl FnMut() + 'static) {
        let ctrl_cmd = global(&["monaco", "KeyMod", "CtrlCmd"]).as_f64().unwrap_or(2048.0) as u32;
        let Some(code) = global(&["monaco", "KeyCode", key]).as_f64() else { return };
        let mut f = f;
        let closure = Closure::<dyn FnMut(JsValue)>::new(move |_| f());
        self.raw.add_command(ctrl_cmd | code as u32, closure.as_ref().unchecked_ref());
        self.closures.push(closure);
    }
}

/// Sets the theme of every editor on the page.
pub fn set_theme(theme: Theme) {
    sys::set_theme(theme.monaco_name());
}

impl Drop for CodeEditor {
    fn drop(&mut self) {
        for listener in self.listeners.drain(..) {
            listener.dispose_listener();
        }
        self.raw.dispose();
    }
}
