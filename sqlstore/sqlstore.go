// Package sqlstore keeps AI Sandbox's classes in an SQLite database file,
// DIR/aisandbox.db, through modernc.org/sqlite (pure Go: the binary needs no
// C library). It implements sandbox.Store.
//
// # Durability
//
// A call that returns nil has been acknowledged, and an acknowledged change
// survives the server being killed (SIGKILL), the operating system crashing
// and the laptop losing power, provided the disk does what fsync asks. That
// is how it is kept:
//
//   - Each Put and DeleteClass is one SQLite transaction, committed before
//     the call returns.
//   - The database is in WAL mode: a commit appends to aisandbox.db-wal, and
//     readers keep reading the last committed state while a write goes on.
//   - synchronous=FULL: every commit fsyncs the WAL before it returns. (With
//     synchronous=NORMAL a WAL commit survives a killed process but may be
//     lost with the power; the benchmark in bench_test.go measures what FULL
//     costs.) SQLite fsyncs the directory when it creates the WAL, and Open
//     does when it creates the database file.
//   - After a crash the next Open replays the WAL: committed transactions are
//     kept, a transaction cut off mid-way is not (it was not acknowledged).
//
// # Concurrency
//
// All writes go through a single connection, so writers queue in the
// process instead of meeting SQLite's busy lock; reads use a pool of their
// own connections and run alongside the writes (WAL allows that). Another
// process opening the same file waits up to busyTimeout for a lock.
//
// # Schema
//
// The schema is created and upgraded by numbered migrations (migrate.go),
// each applied in its own transaction and recorded in the table
// schema_version. A database whose version is newer than this program knows
// is refused rather than guessed at. Foreign keys with ON DELETE CASCADE tie
// students to their class and answers and runs to their student, so deleting
// a class deletes everything in it. Times are stored as integer nanoseconds
// since 1970 in UTC, NULL for a zero time.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/aisandbox/aisandbox/sandbox"
)

// FileName is the name of the database file inside the data directory.
const FileName = "aisandbox.db"

// busyTimeout is how long a statement waits for a lock another process (or
// a checkpoint) holds before it fails: long enough for any single write of
// ours, short enough that a stuck lock shows as an error, not a hang.
const busyTimeout = 5 * time.Second

// Store is a sandbox.Store in an SQLite database. It is safe for concurrent
// use. Open it with Open; Close it when done.
type Store struct {
	path   string
	w      *sql.DB // one connection: every write
	r      *sql.DB // the read pool; the same as w when reads share the writer
	closed atomic.Bool
}

var _ sandbox.Store = (*Store)(nil)

// Open opens the database in dir, creating dir (mode 0700) and the file
// (mode 0600) when they do not exist, and brings its schema up to date. It
// fails when the database's schema is newer than this program knows.
func Open(ctx context.Context, dir string) (*Store, error) {
	// Readers: one a core, at least 2, so the dashboard's reads never wait
	// for each other on this 2-core class laptop.
	return open(ctx, dir, options{readers: max(2, runtime.GOMAXPROCS(0)), synchronous: syncFull})
}

// The values of PRAGMA synchronous (https://sqlite.org/pragma.html#pragma_synchronous).
const (
	syncNormal = 1 // a WAL commit is not fsynced: it survives a killed process, not a power cut
	syncFull   = 2 // every WAL commit is fsynced before it returns
)

// options are the choices Open makes, open to tests and benchmarks that
// measure the alternatives.
type options struct {
	// readers is the size of the read pool; 0 sends reads through the
	// single write connection.
	readers int
	// synchronous is syncFull or syncNormal.
	synchronous int
}

// open is Open with options.
func open(ctx context.Context, dir string, opt options) (*Store, error) {
	if dir == "" {
		return nil, errors.New("sqlstore: open: no data directory given")
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: open: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("sqlstore: open: %w", err)
	}
	path := filepath.Join(dir, FileName)
	if err := createFile(path); err != nil {
		return nil, fmt.Errorf("sqlstore: open %s: %w", path, err)
	}

	ms := int64(busyTimeout / time.Millisecond)
	wq := url.Values{
		"_busy_timeout": {fmt.Sprint(ms)},
		"_journal_mode": {"WAL"},
		"_synchronous":  {fmt.Sprint(opt.synchronous)},
		"_foreign_keys": {"1"},
		// A write transaction takes the write lock at BEGIN, so it never
		// has to upgrade a read lock and fail with SQLITE_BUSY.
		"_txlock": {"immediate"},
	}
	w, err := sql.Open("sqlite", dsn(path, wq))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	s := &Store{path: path, w: w, r: w}
	if err := s.checkPragmas(ctx, opt.synchronous); err != nil {
		w.Close()
		return nil, err
	}
	if _, err := migrate(ctx, w, migrations); err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlstore: open %s: %w", path, err)
	}
	if opt.readers > 0 {
		rq := url.Values{
			"_busy_timeout": {fmt.Sprint(ms)},
			"_query_only":   {"1"},
		}
		r, err := sql.Open("sqlite", dsn(path, rq))
		if err != nil {
			w.Close()
			return nil, fmt.Errorf("sqlstore: open %s: %w", path, err)
		}
		r.SetMaxOpenConns(opt.readers)
		r.SetMaxIdleConns(opt.readers)
		s.r = r
	}
	return s, nil
}

// dsn makes the SQLite URI of the file at path with the driver's query
// parameters; the path is escaped, so any file name works.
func dsn(path string, q url.Values) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: q.Encode()}
	return u.String()
}

// createFile creates the database file with mode 0600 when it does not
// exist (SQLite would create it with 0644) and makes its creation durable
// by syncing it and its directory.
func createFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	d, err := os.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// checkPragmas makes sure the write connection has the settings durability
// rests on, with PRAGMA synchronous at syncLevel: SQLite silently keeps
// another journal mode on a file system that cannot do WAL, for instance.
func (s *Store) checkPragmas(ctx context.Context, wantSync int) error {
	var mode string
	var syncLevel, fk int
	if err := s.w.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return fmt.Errorf("sqlstore: open %s: %w", s.path, err)
	}
	if err := s.w.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&syncLevel); err != nil {
		return fmt.Errorf("sqlstore: open %s: %w", s.path, err)
	}
	if err := s.w.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil {
		return fmt.Errorf("sqlstore: open %s: %w", s.path, err)
	}
	if mode != "wal" || syncLevel != wantSync || fk != 1 {
		return fmt.Errorf("sqlstore: open %s: the database runs with journal_mode=%s, synchronous=%d, foreign_keys=%d; want wal, %d, 1",
			s.path, mode, syncLevel, fk, wantSync)
	}
	return nil
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// Close closes the database; later calls fail with sandbox.ErrClosed.
// Closing twice is not an error.
func (s *Store) Close() error {
	if !s.closed.CompareAndSwap(false, true) {
		return nil
	}
	var errs []error
	if s.r != s.w {
		errs = append(errs, s.r.Close())
	}
	errs = append(errs, s.w.Close())
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("sqlstore: close %s: %w", s.path, err)
	}
	return nil
}

// begin checks that the store is open and ctx not done before op.
func (s *Store) begin(ctx context.Context, op string) error {
	if s.closed.Load() {
		return fmt.Errorf("sqlstore: %s: %w", op, sandbox.ErrClosed)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("sqlstore: %s: %w", op, err)
	}
	return nil
}

// fail wraps err from op: sandbox.ErrClosed when the store was closed
// meanwhile, sandbox.ErrNoParent for a foreign key that points nowhere.
func (s *Store) fail(op string, err error) error {
	if s.closed.Load() {
		return fmt.Errorf("sqlstore: %s: %w (%w)", op, sandbox.ErrClosed, err)
	}
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY {
		return fmt.Errorf("sqlstore: %s: %w (%w)", op, sandbox.ErrNoParent, err)
	}
	return fmt.Errorf("sqlstore: %s: %w", op, err)
}

// exec runs one write statement, committed (and so durable) when it returns
// nil.
func (s *Store) exec(ctx context.Context, op, query string, args ...any) error {
	if err := s.begin(ctx, op); err != nil {
		return err
	}
	if _, err := s.w.ExecContext(ctx, query, args...); err != nil {
		return s.fail(op, err)
	}
	return nil
}

// query runs a read and calls scan for each row.
func (s *Store) query(ctx context.Context, op, query string, scan func(*sql.Rows) error, args ...any) error {
	if err := s.begin(ctx, op); err != nil {
		return err
	}
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return s.fail(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return s.fail(op, err)
		}
	}
	if err := rows.Err(); err != nil {
		return s.fail(op, err)
	}
	return nil
}

// The times a column can hold: time.Time's UnixNano is defined only
// between these (the years 1677 to 2262).
var (
	minTime = time.Unix(0, math.MinInt64)
	maxTime = time.Unix(0, math.MaxInt64)
)

// timeArg is t as stored: nanoseconds since 1970 UTC, NULL for zero.
func timeArg(field string, t time.Time) (any, error) {
	if t.IsZero() {
		return nil, nil
	}
	if t.Before(minTime) || t.After(maxTime) {
		return nil, fmt.Errorf("sqlstore: %s %v is outside the years 1678 to 2261 that can be stored", field, t)
	}
	return t.UnixNano(), nil
}

// timeOf is the stored time n: UTC, zero for NULL.
func timeOf(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.Unix(0, n.Int64).UTC()
}

// blobArg is b as stored: NULL when empty.
func blobArg(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

// blobOf is a stored blob: nil when empty. database/sql scans into a
// []byte by copying, so it aliases nothing.
func blobOf(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return b
}
