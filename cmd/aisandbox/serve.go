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
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/aisandbox/aisandbox/sandbox"
	"github.com/aisandbox/aisandbox/web"
)

// shutdownWait is how long a stopping server waits for runs to end and
// connections to close before it exits anyway.
const shutdownWait = 10 * time.Second

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", ":8080", "`HOST:PORT` to listen on; \":8080\" is every network of this computer")
	dataDir := fs.String("data", "aisandbox-data", "`DIR`ectory for the server's files (its log, server.log)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("serve: unexpected argument %q", fs.Arg(0))
	}

	if err := os.MkdirAll(*dataDir, 0o700); err != nil {
		return fmt.Errorf("serve: data directory: %w", err)
	}
	logFile, err := os.OpenFile(filepath.Join(*dataDir, "server.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("serve: log file: %w", err)
	}
	defer logFile.Close()
	logger := slog.New(slog.NewTextHandler(io.MultiWriter(stderr, logFile), nil))

	engine := sandbox.New(sandbox.Config{Logger: logger})
	srv, err := web.New(engine, web.Options{Logger: logger})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	httpSrv := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- httpSrv.Serve(ln) }()

	fmt.Fprintln(stdout, "AI Sandbox is running. Students open one of these addresses in a browser:")
	for _, a := range studentAddresses(ln.Addr().(*net.TCPAddr)) {
		fmt.Fprintln(stdout, "  "+a)
	}
	fmt.Fprintln(stdout, "Press Ctrl-C to stop.")

	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	fmt.Fprintln(stdout, "Stopping: ending training runs and closing connections...")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownWait)
	defer cancel()
	var errs []error
	// Runs end first, so that each student is told why; then the
	// connections close, then the listener.
	errs = append(errs, engine.Shutdown(sctx))
	srv.CloseConnections()
	errs = append(errs, httpSrv.Shutdown(sctx))
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// studentAddresses lists the URLs students can open: one for every IPv4
// address of this computer when it listens on all of them, and localhost.
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
