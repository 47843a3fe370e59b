package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/aisandbox/aisandbox/sandbox"
	"github.com/aisandbox/aisandbox/sqlstore"
	"github.com/aisandbox/aisandbox/web"
)

// shutdownWait is how long a stopping server waits for runs to end and
// connections to close before it exits anyway.
const shutdownWait = 10 * time.Second

// passwordEnv is the environment variable that gives the teacher password
// when --teacher-password does not: unlike a flag, it does not show in
// the list of the computer's processes.
const passwordEnv = "AISANDBOX_TEACHER_PASSWORD"

// maxClassSize is the largest --max-students: the engine refuses to open
// a class for more (sandbox's maxClassSize, 500).
const maxClassSize = 500

// serveConfig is what the serve command's flags chose.
type serveConfig struct {
	addr    string
	dataDir string
	// teacherPassword protects opening a class; "" = anyone on the
	// network may open one.
	teacherPassword string
	// activitiesDir is a folder of the teacher's own activity files,
	// served next to the built-in ones; "" = only the built-in ones.
	activitiesDir string
	// engine holds the limits chosen: MaxStudents, MaxEpochs, MaxRows,
	// MaxParams and MaxWall (zero = the engine's default).
	engine sandbox.Config
}

// parseServeFlags reads the serve command's flags; lookupEnv reads the
// environment (os.LookupEnv, or a test's map).
func parseServeFlags(args []string, lookupEnv func(string) (string, bool), stderr io.Writer) (serveConfig, error) {
	var cfg serveConfig
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.addr, "addr", ":8080", "`HOST:PORT` to listen on; \":8080\" is every network of this computer")
	fs.StringVar(&cfg.dataDir, "data", "aisandbox-data", "`DIR`ectory for the server's files: the classes (aisandbox.db) and the log (server.log)")
	fs.StringVar(&cfg.teacherPassword, "teacher-password", "",
		"`PASSWORD` a teacher must give to open a class, for a server on a shared network (or set "+passwordEnv+", which other users of this computer cannot see)")
	fs.StringVar(&cfg.activitiesDir, "activities", "", "also offer the activities in the files of `DIR` (check them first with \"aisandbox activities check DIR\")")
	fs.IntVar(&cfg.engine.MaxStudents, "max-students", 40, "how many students a class takes unless its teacher chooses (1 to 500)")
	fs.IntVar(&cfg.engine.MaxEpochs, "max-epochs", 0, "the most epochs one training run may ask for (0 = 2000, the most the page offers)")
	fs.IntVar(&cfg.engine.MaxRows, "max-rows", 0, "the most examples, training and test together, one run may use (0 = 10000)")
	fs.IntVar(&cfg.engine.MaxParams, "max-params", 0, "the most numbers one run's model may learn (0 = 1000000)")
	fs.DurationVar(&cfg.engine.MaxWall, "max-wall", 0, "the longest one run may train, e.g. 2m (0 = 5m); its wait in the queue does not count")
	if err := fs.Parse(args); err != nil {
		return serveConfig{}, err
	}
	if fs.NArg() > 0 {
		return serveConfig{}, fmt.Errorf("serve: unexpected argument %q", fs.Arg(0))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if !set["teacher-password"] {
		if p, ok := lookupEnv(passwordEnv); ok {
			cfg.teacherPassword = p
		}
	}
	if set["teacher-password"] && cfg.teacherPassword == "" {
		return serveConfig{}, errors.New("serve: --teacher-password is empty; leave the flag out to let anyone open a class")
	}
	if strings.TrimSpace(cfg.dataDir) == "" {
		return serveConfig{}, errors.New("serve: --data is empty")
	}
	if n := cfg.engine.MaxStudents; n < 1 || n > maxClassSize {
		return serveConfig{}, fmt.Errorf("serve: --max-students %d: choose 1 to %d", n, maxClassSize)
	}
	for _, l := range []struct {
		name string
		v    int64
	}{
		{"max-epochs", int64(cfg.engine.MaxEpochs)},
		{"max-rows", int64(cfg.engine.MaxRows)},
		{"max-params", int64(cfg.engine.MaxParams)},
		{"max-wall", int64(cfg.engine.MaxWall)},
	} {
		if l.v < 0 {
			return serveConfig{}, fmt.Errorf("serve: --%s is negative; 0 keeps the default", l.name)
		}
	}
	return cfg, nil
}

// openEngine opens the store in the data directory, makes an engine on
// it with the chosen limits and restores the classes kept there. The
// caller shuts the engine down, then closes the store.
func openEngine(ctx context.Context, cfg serveConfig, logger *slog.Logger) (*sandbox.Engine, *sqlstore.Store, error) {
	store, err := sqlstore.Open(ctx, cfg.dataDir)
	if err != nil {
		return nil, nil, fmt.Errorf("serve: %w", err)
	}
	ec := cfg.engine
	ec.Logger = logger
	ec.Store = store
	engine := sandbox.New(ec)
	if err := engine.Restore(ctx); err != nil {
		sctx, cancel := context.WithTimeout(context.Background(), shutdownWait)
		defer cancel()
		return nil, nil, errors.Join(fmt.Errorf("serve: %w", err), engine.Shutdown(sctx), store.Close())
	}
	return engine, store, nil
}

// serve serves the class until ctx ends (Ctrl-C or SIGTERM): it restores
// the classes kept in --data before it listens, and closes the store only
// after every run has ended and saved its result.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseServeFlags(args, os.LookupEnv, stderr)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(cfg.dataDir, 0o700); err != nil {
		return fmt.Errorf("serve: data directory: %w", err)
	}
	logFile, err := os.OpenFile(filepath.Join(cfg.dataDir, "server.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("serve: log file: %w", err)
	}
	defer logFile.Close()
	logger := slog.New(slog.NewTextHandler(io.MultiWriter(stderr, logFile), nil))

	engine, store, err := openEngine(ctx, cfg, logger)
	if err != nil {
		return err
	}
	acts, err := serveActivities(cfg.activitiesDir, engine.Catalog(), stderr, logger)
	if err != nil {
		return closeEngine(engine, store, err)
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return closeEngine(engine, store, fmt.Errorf("serve: %w", err))
	}
	addrs := studentAddresses(ln.Addr().(*net.TCPAddr))
	srv, err := web.New(engine, web.Options{
		Logger:          logger,
		JoinBase:        joinBase(addrs),
		TeacherPassword: cfg.teacherPassword,
		Activities:      acts,
	})
	if err != nil {
		ln.Close()
		return closeEngine(engine, store, err)
	}
	httpSrv := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- httpSrv.Serve(ln) }()

	fmt.Fprintln(stdout, "AI Sandbox is running. Students open one of these addresses in a browser:")
	for _, a := range addrs {
		fmt.Fprintln(stdout, "  "+a)
	}
	fmt.Fprintln(stdout, "The teacher opens a class at:")
	fmt.Fprintln(stdout, "  "+addrs[0]+"teacher.html")
	if cfg.teacherPassword != "" {
		fmt.Fprintln(stdout, "Opening a class needs the teacher password.")
	}
	fmt.Fprintf(stdout, "Classes are kept in %s.\n", store.Path())
	fmt.Fprintln(stdout, "Press Ctrl-C to stop.")

	var serveErr error // why the listener failed; nil when ctx ended
	select {
	case err := <-errc:
		serveErr = fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
		fmt.Fprintln(stdout, "Stopping: ending training runs and closing connections...")
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownWait)
	defer cancel()
	// Runs end first, so that each student is told why and each run's
	// result is saved; then the connections close, then the listener, and
	// the store last.
	errs := []error{serveErr, engine.Shutdown(sctx)}
	srv.CloseConnections()
	if serveErr == nil {
		errs = append(errs, httpSrv.Shutdown(sctx))
		if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, err)
		}
	}
	errs = append(errs, store.Close())
	return errors.Join(errs...)
}

// closeEngine shuts down an engine that never served and closes its
// store, adding what fails to err.
func closeEngine(engine *sandbox.Engine, store *sqlstore.Store, err error) error {
	sctx, cancel := context.WithTimeout(context.Background(), shutdownWait)
	defer cancel()
	return errors.Join(err, engine.Shutdown(sctx), store.Close())
}

// studentAddresses lists the URLs students can open, each ending in "/":
// one for every IPv4 address of this computer when it listens on all of
// them, sorted, and then localhost. The first is the one a join code's QR
// code leads to.
func studentAddresses(a *net.TCPAddr) []string {
	port := a.Port
	if !a.IP.IsUnspecified() {
		return []string{fmt.Sprintf("http://%s/", net.JoinHostPort(a.IP.String(), fmt.Sprint(port)))}
	}
	var out []string
	if ifaddrs, err := net.InterfaceAddrs(); err == nil {
		for _, ia := range ifaddrs {
			ipn, ok := ia.(*net.IPNet)
			if !ok || ipn.IP.IsLoopback() || ipn.IP.To4() == nil {
				continue
			}
			out = append(out, fmt.Sprintf("http://%s:%d/", ipn.IP.To4(), port))
		}
	}
	sort.Strings(out)
	return append(out, fmt.Sprintf("http://localhost:%d/", port))
}

// joinBase is the address a class's join link and QR code lead to: the
// first of addrs on a network (not loopback), without its final "/"; ""
// when there is none, and the teacher's page then uses the host its own
// browser used.
func joinBase(addrs []string) string {
	for _, a := range addrs {
		u, err := url.Parse(a)
		if err != nil {
			continue
		}
		if ip := net.ParseIP(u.Hostname()); ip != nil && !ip.IsLoopback() && !ip.IsUnspecified() {
			return strings.TrimSuffix(a, "/")
		}
	}
	return ""
}
