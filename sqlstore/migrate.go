package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// migration is one step of the schema. Migrations are numbered from 1 with
// no gaps; a released migration is never changed, a change of schema is a
// new migration at the end.
type migration struct {
	version int
	name    string   // what it does, for errors
	stmts   []string // run in order in one transaction
}

// migrations is the schema of aisandbox.db, step by step. Tables are STRICT,
// so a value of the wrong type is refused rather than kept.
var migrations = []migration{
	{
		version: 1,
		name:    "classes, students, answers and runs",
		stmts: []string{
			`CREATE TABLE classes (
				id           TEXT PRIMARY KEY,
				code         TEXT NOT NULL,
				title        TEXT NOT NULL,
				secret_hash  BLOB,
				created      INTEGER, -- nanoseconds since 1970 UTC; NULL = zero time
				ended        INTEGER,
				keep_days    INTEGER NOT NULL,
				max_students INTEGER NOT NULL,
				state        BLOB
			) STRICT`,
			`CREATE TABLE students (
				class_id   TEXT NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
				id         TEXT NOT NULL,
				nickname   TEXT NOT NULL,
				token_hash BLOB,
				joined     INTEGER,
				removed    INTEGER NOT NULL CHECK (removed IN (0, 1)),
				state      BLOB,
				PRIMARY KEY (class_id, id)
			) STRICT`,
			`CREATE TABLE answers (
				class_id   TEXT NOT NULL,
				student_id TEXT NOT NULL,
				activity   TEXT NOT NULL,
				step       INTEGER NOT NULL,
				checkpoint TEXT NOT NULL,
				answer     BLOB,
				correct    INTEGER CHECK (correct IN (0, 1)), -- NULL = not machine-checked
				at         INTEGER,
				PRIMARY KEY (class_id, student_id, activity, step, checkpoint),
				FOREIGN KEY (class_id, student_id) REFERENCES students (class_id, id) ON DELETE CASCADE
			) STRICT`,
			`CREATE TABLE runs (
				class_id   TEXT NOT NULL,
				student_id TEXT NOT NULL,
				run_id     TEXT NOT NULL,
				spec       BLOB,
				result     BLOB,
				status     TEXT NOT NULL,
				started    INTEGER,
				ended      INTEGER,
				model      BLOB,
				PRIMARY KEY (class_id, student_id, run_id),
				FOREIGN KEY (class_id, student_id) REFERENCES students (class_id, id) ON DELETE CASCADE
			) STRICT`,
		},
	},
}

// migrate brings the database to the last of ms and returns the version it
// found. Each migration runs in its own transaction together with the
// update of schema_version, so a failure leaves the database at the
// previous version. A database newer than ms is refused untouched.
func migrate(ctx context.Context, db *sql.DB, ms []migration) (found int, err error) {
	for i, m := range ms {
		if m.version != i+1 {
			return 0, fmt.Errorf("migration %d (%s) is numbered %d; migrations must be numbered 1, 2, 3 ... in order", i+1, m.name, m.version)
		}
	}
	known := len(ms)
	err = inTx(ctx, db, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL) STRICT`); err != nil {
			return err
		}
		v, err := version(ctx, tx)
		if errors.Is(err, sql.ErrNoRows) {
			_, err = tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (0)`)
			v = 0
		}
		found = v
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("reading the schema version: %w", err)
	}
	if found > known {
		return found, fmt.Errorf("the database has schema version %d, newer than the %d this program knows: it was written by a newer AI Sandbox; use that one, or another --data directory", found, known)
	}
	for _, m := range ms[found:] {
		err := inTx(ctx, db, func(tx *sql.Tx) error {
			// Read the version again inside the transaction, which holds
			// the write lock: another process may have migrated meanwhile.
			v, err := version(ctx, tx)
			if err != nil || v >= m.version {
				return err
			}
			for _, q := range m.stmts {
				if _, err := tx.ExecContext(ctx, q); err != nil {
					return err
				}
			}
			_, err = tx.ExecContext(ctx, `UPDATE schema_version SET version = ?`, m.version)
			return err
		})
		if err != nil {
			return found, fmt.Errorf("migration %d (%s): %w", m.version, m.name, err)
		}
	}
	return found, nil
}

// version reads the schema version; sql.ErrNoRows when none is recorded.
func version(ctx context.Context, tx *sql.Tx) (int, error) {
	var v int
	err := tx.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v)
	return v, err
}

// inTx runs f in a transaction and commits it when f returns nil.
func inTx(ctx context.Context, db *sql.DB, f func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		return errors.Join(err, tx.Rollback())
	}
	return tx.Commit()
}
