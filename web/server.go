// Package web is AI Sandbox's HTTP and websocket transport: it serves the
// embedded page and its translations, turns websocket messages into calls of
// a sandbox.Session, and turns the session's events into messages, with
// plots rendered on the server (package web/plots).
//
// docs/protocol.md documents the messages.
package web

import (
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"sync"

	"github.com/aisandbox/aisandbox/activities"
	"github.com/aisandbox/aisandbox/sandbox"
)

// staticFiles is the page: HTML, script and style, with no external URLs.
//
//go:embed static
var staticFiles embed.FS

// Options configure a Server. The zero value is ready to use.
type Options struct {
	// Logger receives connection problems and internal errors; nil =
	// slog.Default().
	Logger *slog.Logger
	// JoinBase is the address students open, as the teacher's screen and
	// its QR code show it: "http://192.168.1.23:8080". Empty = the host
	// the teacher's browser used, which may be localhost.
	JoinBase string
	// TeacherPassword, when set, must be given to open a class
	// (open_class's password), for a server on a shared network.
	TeacherPassword string
	// Activities are the activities the page offers (web/activities.go):
	// the built-in ones and a teacher's own, validated by the caller; ids
	// must differ. nil = none.
	Activities []*activities.Activity
}

// Server serves the page at /, its translations at /i18n/LANG.json, the
// websocket at /ws, the QR codes of classes' join addresses at /qr.svg, and
// each activity alone at /embed/ID and as a worksheet at /worksheet/ID.
// It is an http.Handler.
type Server struct {
	engine *sandbox.Engine
	tr     *Translations
	log    *slog.Logger
	mux    *http.ServeMux
	// joinBase and teacherPassword are Options.JoinBase and
	// Options.TeacherPassword (web/class.go).
	joinBase, teacherPassword string
	// acts are Options.Activities and the answers kept with connections
	// (web/activities.go).
	acts *activityIndex

	mu      sync.Mutex
	clients map[*client]struct{}
	closing bool
}

// New returns a server for the engine's sessions.
func New(engine *sandbox.Engine, opt Options) (*Server, error) {
	tr, err := LoadTranslations()
	if err != nil {
		return nil, err
	}
	static, err := fs.Sub(staticFiles, "static")
	if err != nil {
		return nil, fmt.Errorf("web: embedded page: %w", err)
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	acts, err := newActivityIndex(opt.Activities)
	if err != nil {
		return nil, err
	}
	s := &Server{
		engine:  engine,
		tr:      tr,
		log:     opt.Logger,
		mux:     http.NewServeMux(),
		clients: make(map[*client]struct{}),

		joinBase: opt.JoinBase, teacherPassword: opt.TeacherPassword,
		acts: acts,
	}
	s.mux.Handle("GET /", noCache(http.FileServerFS(static)))
	s.mux.Handle("GET /i18n/{file}", noCache(http.HandlerFunc(tr.serveFile)))
	s.mux.HandleFunc("GET /ws", s.serveWS)
	s.mux.HandleFunc("GET /qr.svg", s.serveQR)
	s.mux.HandleFunc("GET /embed/{activity}", s.serveEmbed)
	s.mux.HandleFunc("GET /worksheet/{activity}", s.serveWorksheet)
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "no-referrer")
	// The page loads nothing from elsewhere; the policy makes sure of it.
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'")
	s.mux.ServeHTTP(w, r)
}

// CloseConnections closes every websocket connection and refuses new ones,
// for a clean shutdown: http.Server.Shutdown does not close them.
func (s *Server) CloseConnections() {
	s.mu.Lock()
	s.closing = true
	cs := make([]*client, 0, len(s.clients))
	for c := range s.clients {
		cs = append(cs, c)
	}
	s.mu.Unlock()
	for _, c := range cs {
		c.closeNow()
	}
}

func (s *Server) track(c *client) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	s.clients[c] = struct{}{}
	return true
}

func (s *Server) untrack(c *client) {
	s.mu.Lock()
	delete(s.clients, c)
	s.mu.Unlock()
	s.acts.forget(c)
}

// noCache makes browsers check for a newer page each time: a teacher's
// laptop may serve a newer binary next lesson.
func noCache(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		h.ServeHTTP(w, r)
	})
}
