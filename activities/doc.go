// Package activities holds AI Sandbox's guided lessons: the Go schema of
// an activity, the embedded built-in activities (builtin/*.json), the
// loader of a teacher's own, and their validation.
//
// An activity is data, not code: a JSON file that names its subject,
// grades, length, objectives and the competencies it builds (UNESCO's AI
// competency framework for students), and then its steps. Each step shows
// one panel of the page, presets, locks or hides that panel's settings,
// and may ask a question (a checkpoint) with its answer key and an
// explanation. Every human text is written in Kazakh, Russian and English
// as {"kk": …, "ru": …, "en": …}. docs/activities.md describes the format
// field by field for teachers.
//
// Reading and checking are separate. Parse reads a file strictly (no
// unknown fields, no wrong types) and remembers where every value is
// written; Validate then checks the content (required fields, ids, every
// language, the markup, the answer keys) and, through a small Catalog
// interface that the caller adapts from the sandbox, that the datasets,
// models and settings a step names exist. Every Problem carries the JSON
// path of the value at fault and its line and column, so that
// "aisandbox activities check" can point a teacher at the exact place.
//
// The package imports nothing of the sandbox, the models or the web
// server: they depend on it, not the other way round.
package activities
