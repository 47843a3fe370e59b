package sqlstore

import (
	"context"
	"database/sql"

	"github.com/aisandbox/aisandbox/sandbox"
)

// Puts are upserts (INSERT ... ON CONFLICT DO UPDATE), never INSERT OR
// REPLACE: a replace deletes the old row first, and the ON DELETE CASCADE
// would take the class's students, answers and runs with it.

const putClassSQL = `INSERT INTO classes (id, code, title, secret_hash, created, ended, keep_days, max_students, state)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET code = excluded.code, title = excluded.title, secret_hash = excluded.secret_hash,
	created = excluded.created, ended = excluded.ended, keep_days = excluded.keep_days,
	max_students = excluded.max_students, state = excluded.state`

// PutClass implements sandbox.Store.
func (s *Store) PutClass(ctx context.Context, c sandbox.ClassRecord) error {
	if err := sandbox.CheckClassRecord(c); err != nil {
		return err
	}
	created, err := timeArg("class created", c.Created)
	if err != nil {
		return err
	}
	ended, err := timeArg("class ended", c.Ended)
	if err != nil {
		return err
	}
	return s.exec(ctx, "put class "+c.ID, putClassSQL, c.ID, c.Code, c.Title, blobArg(c.SecretHash),
		created, ended, c.KeepDays, c.MaxStudents, blobArg(c.State))
}

// Classes implements sandbox.Store.
func (s *Store) Classes(ctx context.Context) ([]sandbox.ClassRecord, error) {
	var out []sandbox.ClassRecord
	err := s.query(ctx, "list classes",
		`SELECT id, code, title, secret_hash, created, ended, keep_days, max_students, state
		FROM classes ORDER BY created, id`,
		func(rows *sql.Rows) error {
			var c sandbox.ClassRecord
			var created, ended sql.NullInt64
			if err := rows.Scan(&c.ID, &c.Code, &c.Title, &c.SecretHash, &created, &ended, &c.KeepDays, &c.MaxStudents, &c.State); err != nil {
				return err
			}
			c.SecretHash, c.State = blobOf(c.SecretHash), blobOf(c.State)
			c.Created, c.Ended = timeOf(created), timeOf(ended)
			out = append(out, c)
			return nil
		})
	return out, err
}

const putStudentSQL = `INSERT INTO students (class_id, id, nickname, token_hash, joined, removed, state)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (class_id, id) DO UPDATE SET nickname = excluded.nickname, token_hash = excluded.token_hash,
	joined = excluded.joined, removed = excluded.removed, state = excluded.state`

// PutStudent implements sandbox.Store.
func (s *Store) PutStudent(ctx context.Context, st sandbox.StudentRecord) error {
	if err := sandbox.CheckStudentRecord(st); err != nil {
		return err
	}
	joined, err := timeArg("student joined", st.Joined)
	if err != nil {
		return err
	}
	return s.exec(ctx, "put student "+st.ID+" of class "+st.ClassID, putStudentSQL,
		st.ClassID, st.ID, st.Nickname, blobArg(st.TokenHash), joined, st.Removed, blobArg(st.State))
}

// Students implements sandbox.Store.
func (s *Store) Students(ctx context.Context, classID string) ([]sandbox.StudentRecord, error) {
	var out []sandbox.StudentRecord
	err := s.query(ctx, "list students of class "+classID,
		`SELECT class_id, id, nickname, token_hash, joined, removed, state
		FROM students WHERE class_id = ? ORDER BY joined, id`,
		func(rows *sql.Rows) error {
			var st sandbox.StudentRecord
			var joined sql.NullInt64
			if err := rows.Scan(&st.ClassID, &st.ID, &st.Nickname, &st.TokenHash, &joined, &st.Removed, &st.State); err != nil {
				return err
			}
			st.TokenHash, st.State = blobOf(st.TokenHash), blobOf(st.State)
			st.Joined = timeOf(joined)
			out = append(out, st)
			return nil
		}, classID)
	return out, err
}

const putAnswerSQL = `INSERT INTO answers (class_id, student_id, activity, step, checkpoint, answer, correct, at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (class_id, student_id, activity, step, checkpoint) DO UPDATE SET
	answer = excluded.answer, correct = excluded.correct, at = excluded.at`

// PutAnswer implements sandbox.Store.
func (s *Store) PutAnswer(ctx context.Context, a sandbox.AnswerRecord) error {
	if err := sandbox.CheckAnswerRecord(a); err != nil {
		return err
	}
	at, err := timeArg("answer time", a.At)
	if err != nil {
		return err
	}
	var correct any // NULL: not machine-checked
	if a.Correct != nil {
		correct = *a.Correct
	}
	return s.exec(ctx, "put answer of student "+a.StudentID+" of class "+a.ClassID, putAnswerSQL,
		a.ClassID, a.StudentID, a.Activity, a.Step, a.Checkpoint, blobArg(a.Answer), correct, at)
}

// Answers implements sandbox.Store.
func (s *Store) Answers(ctx context.Context, classID string) ([]sandbox.AnswerRecord, error) {
	var out []sandbox.AnswerRecord
	err := s.query(ctx, "list answers of class "+classID,
		`SELECT class_id, student_id, activity, step, checkpoint, answer, correct, at
		FROM answers WHERE class_id = ? ORDER BY at, student_id, activity, step, checkpoint`,
		func(rows *sql.Rows) error {
			var a sandbox.AnswerRecord
			var correct sql.NullBool
			var at sql.NullInt64
			if err := rows.Scan(&a.ClassID, &a.StudentID, &a.Activity, &a.Step, &a.Checkpoint, &a.Answer, &correct, &at); err != nil {
				return err
			}
			a.Answer = blobOf(a.Answer)
			if correct.Valid {
				a.Correct = &correct.Bool
			}
			a.At = timeOf(at)
			out = append(out, a)
			return nil
		}, classID)
	return out, err
}

const putRunSQL = `INSERT INTO runs (class_id, student_id, run_id, spec, result, status, started, ended, model)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (class_id, student_id, run_id) DO UPDATE SET spec = excluded.spec, result = excluded.result,
	status = excluded.status, started = excluded.started, ended = excluded.ended, model = excluded.model`

// PutRun implements sandbox.Store.
func (s *Store) PutRun(ctx context.Context, r sandbox.RunRecord) error {
	if err := sandbox.CheckRunRecord(r); err != nil {
		return err
	}
	started, err := timeArg("run started", r.Started)
	if err != nil {
		return err
	}
	ended, err := timeArg("run ended", r.Ended)
	if err != nil {
		return err
	}
	return s.exec(ctx, "put run "+r.RunID+" of student "+r.StudentID+" of class "+r.ClassID, putRunSQL,
		r.ClassID, r.StudentID, r.RunID, blobArg(r.Spec), blobArg(r.Result), r.Status, started, ended, blobArg(r.Model))
}

// Runs implements sandbox.Store.
func (s *Store) Runs(ctx context.Context, classID string) ([]sandbox.RunRecord, error) {
	var out []sandbox.RunRecord
	err := s.query(ctx, "list runs of class "+classID,
		`SELECT class_id, student_id, run_id, spec, result, status, started, ended, model
		FROM runs WHERE class_id = ? ORDER BY started, student_id, run_id`,
		func(rows *sql.Rows) error {
			var r sandbox.RunRecord
			var started, ended sql.NullInt64
			if err := rows.Scan(&r.ClassID, &r.StudentID, &r.RunID, &r.Spec, &r.Result, &r.Status, &started, &ended, &r.Model); err != nil {
				return err
			}
			r.Spec, r.Result, r.Model = blobOf(r.Spec), blobOf(r.Result), blobOf(r.Model)
			r.Started, r.Ended = timeOf(started), timeOf(ended)
			out = append(out, r)
			return nil
		}, classID)
	return out, err
}

// DeleteClass implements sandbox.Store: the foreign keys cascade to the
// class's students and from them to their answers and runs, in the same
// transaction.
func (s *Store) DeleteClass(ctx context.Context, classID string) error {
	return s.exec(ctx, "delete class "+classID, `DELETE FROM classes WHERE id = ?`, classID)
}
