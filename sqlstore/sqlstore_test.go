package sqlstore

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aisandbox/aisandbox/sandbox"
	"github.com/aisandbox/aisandbox/sandbox/storetest"
)

// openTest opens a store in a fresh directory and closes it after the test.
func openTest(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestStoreContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) sandbox.Store { return openTest(t, t.TempDir()) })
}

// TestStoreContractSharedReads runs the contract with reads going through
// the write connection, the other configuration open allows.
func TestStoreContractSharedReads(t *testing.T) {
	storetest.Run(t, func(t *testing.T) sandbox.Store {
		s, err := open(context.Background(), t.TempDir(), options{readers: 0, synchronous: syncFull})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

// rawDB opens the database file without the store, to look at it or spoil it.
func rawDB(t *testing.T, dir string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", dsn(filepath.Join(dir, FileName), nil))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func schemaVersion(t *testing.T, db *sql.DB) int {
	t.Helper()
	var v, n int
	if err := db.QueryRow(`SELECT max(version), count(*) FROM schema_version`).Scan(&v, &n); err != nil {
		t.Fatalf("reading schema_version: %v", err)
	}
	if n != 1 {
		t.Errorf("schema_version has %d rows, want 1", n)
	}
	return v
}

var (
	t0  = time.Date(2025, 9, 1, 9, 0, 0, 987654321, time.FixedZone("Asia/Almaty", 5*60*60))
	yes = true
)

// fixture is one class with one of each record.
func fixture() (sandbox.ClassRecord, sandbox.StudentRecord, sandbox.AnswerRecord, sandbox.RunRecord) {
	c := sandbox.ClassRecord{ID: "0123456789abcdef", Code: "K7QX2M", Title: "Физика 10А", SecretHash: []byte("h"),
		Created: t0, KeepDays: 3, MaxStudents: 40, State: []byte(`{"step":1}`)}
	s := sandbox.StudentRecord{ID: "s1", ClassID: c.ID, Nickname: "Ернар", TokenHash: []byte("t"), Joined: t0.Add(time.Second)}
	a := sandbox.AnswerRecord{ClassID: c.ID, StudentID: "s1", Activity: "moons", Step: 2, Checkpoint: "q", Answer: []byte(`1`),
		Correct: &yes, At: t0.Add(time.Minute)}
	r := sandbox.RunRecord{ClassID: c.ID, StudentID: "s1", RunID: "r1", Spec: []byte(`{}`), Result: []byte(`{"test_accuracy":1}`),
		Status: "done", Started: t0, Ended: t0.Add(time.Hour), Model: bytes.Repeat([]byte{7}, 5000)}
	return c, s, a, r
}

// checkFixture fails unless s holds exactly the fixture.
func checkFixture(t *testing.T, s sandbox.Store) {
	t.Helper()
	ctx := context.Background()
	c, st, a, r := fixture()
	cs, err := s.Classes(ctx)
	if err != nil || len(cs) != 1 {
		t.Fatalf("Classes = %d, %v; want 1 class", len(cs), err)
	}
	if d := storetest.DiffClass(cs[0], c); d != "" {
		t.Errorf("class: %s", d)
	}
	ss, err := s.Students(ctx, c.ID)
	if err != nil || len(ss) != 1 || storetest.DiffStudent(ss[0], st) != "" {
		t.Errorf("Students = %+v, %v; want %+v", ss, err, st)
	}
	as, err := s.Answers(ctx, c.ID)
	if err != nil || len(as) != 1 || storetest.DiffAnswer(as[0], a) != "" {
		t.Errorf("Answers = %+v, %v; want %+v", as, err, a)
	}
	rs, err := s.Runs(ctx, c.ID)
	if err != nil || len(rs) != 1 || storetest.DiffRun(rs[0], r) != "" {
		t.Errorf("Runs = %d, %v; want the fixture run", len(rs), err)
	}
}

func TestStoreMigrateAndReopen(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data", "nested dir?#%") // created by Open; a name URI parsing must not break
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatalf("Open on an empty directory: %v", err)
	}
	c, st, a, r := fixture()
	for _, err := range []error{s.PutClass(ctx, c), s.PutStudent(ctx, st), s.PutAnswer(ctx, a), s.PutRun(ctx, r)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	for _, name := range []string{FileName} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", name, fi.Mode().Perm())
		}
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("data directory: %v, %v; want mode 0700", fi.Mode().Perm(), err)
	}
	for round := range 2 { // reopening twice: the migrations are not applied again
		s = openTest(t, dir)
		checkFixture(t, s)
		s.Close()
		if v := schemaVersion(t, rawDB(t, dir)); v != len(migrations) {
			t.Errorf("round %d: schema version %d, want %d", round, v, len(migrations))
		}
	}
}

func TestStorePragmas(t *testing.T) {
	s := openTest(t, t.TempDir())
	// checkPragmas ran in Open; ask again on the live write connection,
	// and check that the read pool refuses writes.
	if err := s.checkPragmas(context.Background(), syncFull); err != nil {
		t.Error(err)
	}
	if _, err := s.r.Exec(`DELETE FROM classes`); err == nil {
		t.Error("a read connection accepted a write")
	}
	var timeout int
	if err := s.w.QueryRow(`PRAGMA busy_timeout`).Scan(&timeout); err != nil || timeout != 5000 {
		t.Errorf("busy_timeout = %d ms, %v; want 5000", timeout, err)
	}
}

func TestStoreRefusesNewerSchema(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir)
	c, _, _, _ := fixture()
	if err := s.PutClass(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	s.Close()
	db := rawDB(t, dir)
	newer := len(migrations) + 1
	if _, err := db.Exec(`UPDATE schema_version SET version = ?`, newer); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s2, err := Open(context.Background(), dir)
	if err == nil {
		s2.Close()
		t.Fatal("Open accepted a database with a newer schema")
	}
	if want := fmt.Sprintf("schema version %d, newer than the %d this program knows", newer, len(migrations)); !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not say %q", err, want)
	}
	// The database is left as it was.
	db = rawDB(t, dir)
	if v := schemaVersion(t, db); v != newer {
		t.Errorf("schema version after the refusal = %d, want %d", v, newer)
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM classes`).Scan(&n); err != nil || n != 1 {
		t.Errorf("classes after the refusal = %d, %v; want 1", n, err)
	}
}

func TestStoreMigrationFailureRollsBack(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openTest(t, dir)
	s.Close()
	db := rawDB(t, dir)
	bad := append(migrations[:len(migrations):len(migrations)], migration{
		version: len(migrations) + 1,
		name:    "a table, then a mistake",
		stmts:   []string{`CREATE TABLE half_done (x INTEGER)`, `ALTER TABLE no_such_table ADD COLUMN y INTEGER`},
	})
	if _, err := migrate(ctx, db, bad); err == nil || !strings.Contains(err.Error(), "a table, then a mistake") {
		t.Fatalf("migrate with a failing migration: %v, want its error", err)
	}
	if v := schemaVersion(t, db); v != len(migrations) {
		t.Errorf("schema version after a failed migration = %d, want %d", v, len(migrations))
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("the failed migration's first table exists (%d, %v): it was not rolled back", n, err)
	}
	// Misnumbered migrations are refused before anything runs.
	gap := []migration{migrations[0], {version: 3, name: "gap"}}
	if _, err := migrate(ctx, db, gap); err == nil {
		t.Error("migrate accepted migrations numbered 1, 3")
	}
}

func TestStoreMigratesFromEmptyFile(t *testing.T) {
	// An empty aisandbox.db (as a crash right after creating it leaves)
	// is a database at version 0.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, FileName), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s := openTest(t, dir)
	found, err := migrate(context.Background(), s.w, migrations)
	if err != nil || found != len(migrations) {
		t.Errorf("migrate on a migrated database: found %d, %v; want %d", found, err, len(migrations))
	}
	c, _, _, _ := fixture()
	if err := s.PutClass(context.Background(), c); err != nil {
		t.Error(err)
	}
}

func TestStoreRefusesOutOfRangeTime(t *testing.T) {
	s := openTest(t, t.TempDir())
	c, _, _, _ := fixture()
	c.Created = time.Date(1500, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := s.PutClass(context.Background(), c); err == nil {
		t.Error("a class created in 1500 was accepted")
	}
}

// TestStoreConcurrentClasses has each writer fill and delete its own
// classes while readers list everything: run with -race.
func TestStoreConcurrentClasses(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, t.TempDir())
	const writers, classesEach = 4, 5
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for w := range writers {
		wg.Go(func() {
			for i := range classesEach {
				c, st, a, r := fixture()
				c.ID = fmt.Sprintf("w%d-c%d", w, i)
				st.ClassID, a.ClassID, r.ClassID = c.ID, c.ID, c.ID
				for _, err := range []error{s.PutClass(ctx, c), s.PutStudent(ctx, st), s.PutAnswer(ctx, a), s.PutRun(ctx, r)} {
					if err != nil {
						errs <- err
						return
					}
				}
				if i%2 == 1 { // every other class ends and is deleted
					if err := s.DeleteClass(ctx, c.ID); err != nil {
						errs <- err
						return
					}
				}
			}
		})
	}
	stop := make(chan struct{})
	var rg sync.WaitGroup
	for range 2 {
		rg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				cs, err := s.Classes(ctx)
				if err != nil {
					errs <- err
					return
				}
				for _, c := range cs {
					if _, err := s.Runs(ctx, c.ID); err != nil {
						errs <- err
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	rg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	cs, err := s.Classes(ctx)
	if want := writers * (classesEach + 1) / 2; err != nil || len(cs) != want {
		t.Errorf("classes left = %d, %v; want %d", len(cs), err, want)
	}
	var orphans int
	if err := s.w.QueryRow(`SELECT (SELECT count(*) FROM students) + (SELECT count(*) FROM answers) + (SELECT count(*) FROM runs)`).Scan(&orphans); err != nil {
		t.Fatal(err)
	}
	if want := 3 * len(cs); orphans != want {
		t.Errorf("students, answers and runs left = %d, want %d (the deleted classes' records must be gone)", orphans, want)
	}
}

// crashEnv names the environment variable that makes the test binary a
// crash child writing into the directory it names.
const crashEnv = "AISANDBOX_SQLSTORE_CRASH_CHILD"

// TestStoreCrashChild is the child of TestStoreCrash: it writes records
// until it is killed, printing a line for each acknowledged one.
func TestStoreCrashChild(t *testing.T) {
	dir := os.Getenv(crashEnv)
	if dir == "" {
		t.Skip("only run as the child of TestStoreCrash")
	}
	round := os.Getenv(crashEnv + "_ROUND")
	ctx := context.Background()
	s, err := Open(ctx, dir)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	ack := func(kind, id string, err error) {
		if err != nil {
			fmt.Println("error", err)
			os.Exit(2)
		}
		fmt.Println("ack", kind, id) // os.Stdout is unbuffered: the line leaves before the next write starts
	}
	c, _, _, _ := fixture()
	c.ID = "class-" + round
	ack("class", c.ID, s.PutClass(ctx, c))
	model := bytes.Repeat([]byte("weights "), 4096) // 32 KiB, so kills land inside writes too
	// Bounded so a child that is never killed still ends (the parent then
	// fails: it kills after far fewer acknowledgements).
	for i := range 100_000 {
		st := sandbox.StudentRecord{ID: fmt.Sprint("s", i), ClassID: c.ID, Nickname: fmt.Sprint("n", i), Joined: t0}
		ack("student", st.ID, s.PutStudent(ctx, st))
		a := sandbox.AnswerRecord{ClassID: c.ID, StudentID: st.ID, Activity: "moons", Checkpoint: "q", Answer: []byte(`"a"`), At: t0}
		ack("answer", st.ID, s.PutAnswer(ctx, a))
		r := sandbox.RunRecord{ClassID: c.ID, StudentID: st.ID, RunID: "r", Status: "done", Started: t0, Model: model}
		ack("run", st.ID, s.PutRun(ctx, r))
	}
	os.Exit(3)
}

// TestStoreCrash kills a writing process with SIGKILL, three times over the
// same database, and checks that every acknowledged record is there after
// each restart.
func TestStoreCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	dir := t.TempDir()
	acked := map[string]int{} // "class/student/kind" -> 1
	for round := range 3 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestStoreCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashEnv+"="+dir, fmt.Sprintf("%s_ROUND=%d", crashEnv, round))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Kill after a number of acknowledgements that differs each round,
		// so the kill lands on a different kind of write.
		killAt := 60 + 7*round
		sc := bufio.NewScanner(out)
		n := 0
		class := fmt.Sprint("class-", round)
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) != 3 || f[0] != "ack" {
				t.Fatalf("round %d: child said %q; stderr: %s", round, sc.Text(), stderr.String())
			}
			acked[class+"/"+f[2]+"/"+f[1]] = 1
			n++
			if n == killAt {
				if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
					t.Fatal(err)
				}
			}
		}
		err = cmd.Wait()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("round %d: child ended with %v, want killed by SIGKILL; stderr: %s", round, err, stderr.String())
		}
		if n < killAt {
			t.Fatalf("round %d: only %d acknowledgements before the child died", round, n)
		}

		// Reopen, as the restarted server does, and look for every record.
		s, err := Open(context.Background(), dir)
		if err != nil {
			t.Fatalf("round %d: reopening after SIGKILL: %v", round, err)
		}
		found := map[string]int{}
		cs, err := s.Classes(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			found[c.ID+"/"+c.ID+"/class"] = 1
			ss, err1 := s.Students(context.Background(), c.ID)
			as, err2 := s.Answers(context.Background(), c.ID)
			rs, err3 := s.Runs(context.Background(), c.ID)
			if err := errors.Join(err1, err2, err3); err != nil {
				t.Fatal(err)
			}
			for _, st := range ss {
				found[c.ID+"/"+st.ID+"/student"] = 1
			}
			for _, a := range as {
				found[c.ID+"/"+a.StudentID+"/answer"] = 1
			}
			for _, r := range rs {
				found[c.ID+"/"+r.StudentID+"/run"] = 1
				if len(r.Model) != 32768 {
					t.Errorf("round %d: run of %s has a model of %d bytes, want 32768", round, r.StudentID, len(r.Model))
				}
			}
		}
		s.Close()
		missing := 0
		for k := range acked {
			if found[k] == 0 {
				missing++
				if missing <= 5 {
					t.Errorf("round %d: acknowledged %s is missing after the crash", round, k)
				}
			}
		}
		if missing > 0 {
			t.Fatalf("round %d: %d of %d acknowledged records missing", round, missing, len(acked))
		}
		// At most the one write in flight at the kill may have landed
		// without its acknowledgement being read; from now on it is kept
		// like the others.
		if extra := len(found) - len(acked); extra < 0 || extra > 1 {
			t.Errorf("round %d: %d records found beyond the %d acknowledged, want 0 or 1", round, extra, len(acked))
		}
		t.Logf("round %d: %d acknowledged records, all found after SIGKILL", round, len(acked))
		for k := range found {
			acked[k] = 1
		}
	}
}
