package gateway

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// The user_version of the databases this authtray was written against
// (openclaw 2026.9.6). A newer value means a newer gateway wrote the file.
const (
	stateDBVersion = 18
	agentDBVersion = 23
)

// Row keys of the state database's config_machine_state table.
const (
	keySharedStore = "auth.sharedStore"
	keyStore       = "authProfiles.store"
	keyState       = "authProfiles.state"
)

// busyWait is how long one query waits for a lock the gateway holds, and
// busyTries how often a locked read is retried: the gateway's writes are
// short, so a brief wait almost always succeeds.
const (
	busyWait  = 150 * time.Millisecond
	busyTries = 3
)

// errLocked is a database the gateway kept locked through every retry.
var errLocked = errors.New("database is locked by the gateway; try again")

// stateRows is what the state database holds for authtray.
type stateRows struct {
	Version int
	Rows    map[string]string // state_key → value_json, for the three keys
	Updated map[string]int64
}

// agentRows is what an agent database holds for authtray.
type agentRows struct {
	Version         int
	Store, State    string
	HasStore, HasSt bool
	Updated         int64
}

// openRO opens path read-only. It never uses immutable=1: the gateway writes
// these files live, and immutable would read a torn snapshot.
func openRO(path string) (*sql.DB, error) {
	u := url.URL{Scheme: "file", Path: path}
	q := url.Values{}
	q.Set("mode", "ro")
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyWait.Milliseconds()))
	q.Add("_pragma", "query_only(1)")
	u.RawQuery = q.Encode()
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// withRetry runs read, retrying while the database is busy or locked.
func withRetry(ctx context.Context, read func() error) error {
	var err error
	for i := 0; i < busyTries; i++ {
		err = read()
		if !isBusy(err) {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	return errLocked
}

func isBusy(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		c := se.Code() & 0xff
		return c == sqlite3.SQLITE_BUSY || c == sqlite3.SQLITE_LOCKED
	}
	return err != nil && strings.Contains(err.Error(), "database is locked")
}

// readStateDB reads the three auth rows of <state>/state/openclaw.sqlite in
// one query.
func readStateDB(ctx context.Context, path string) (stateRows, error) {
	out := stateRows{Rows: map[string]string{}, Updated: map[string]int64{}}
	db, err := openRO(path)
	if err != nil {
		return out, err
	}
	defer db.Close()
	err = withRetry(ctx, func() error {
		conn, err := db.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		if err := conn.QueryRowContext(ctx, "PRAGMA user_version").Scan(&out.Version); err != nil {
			return err
		}
		rows, err := conn.QueryContext(ctx, "SELECT state_key, value_json, updated_at_ms FROM config_machine_state WHERE state_key IN (?, ?, ?)", keySharedStore, keyStore, keyState)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k, v string
			var at int64
			if err := rows.Scan(&k, &v, &at); err != nil {
				return err
			}
			out.Rows[k], out.Updated[k] = v, at
		}
		return rows.Err()
	})
	return out, dbError(err)
}

// readAgentDB reads an agent's openclaw-agent.sqlite: its store and state
// rows, one query per table.
func readAgentDB(ctx context.Context, path string) (agentRows, error) {
	var out agentRows
	db, err := openRO(path)
	if err != nil {
		return out, err
	}
	defer db.Close()
	err = withRetry(ctx, func() error {
		out = agentRows{}
		conn, err := db.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		if err := conn.QueryRowContext(ctx, "PRAGMA user_version").Scan(&out.Version); err != nil {
			return err
		}
		err = conn.QueryRowContext(ctx, "SELECT store_json, updated_at FROM auth_profile_store WHERE store_key = 'primary'").Scan(&out.Store, &out.Updated)
		switch {
		case err == nil:
			out.HasStore = true
		case errors.Is(err, sql.ErrNoRows) || isNoTable(err):
		default:
			return err
		}
		err = conn.QueryRowContext(ctx, "SELECT state_json FROM auth_profile_state WHERE state_key = 'primary'").Scan(&out.State)
		switch {
		case err == nil:
			out.HasSt = true
		case errors.Is(err, sql.ErrNoRows) || isNoTable(err):
		default:
			return err
		}
		return nil
	})
	return out, dbError(err)
}

// isNoTable is a database that predates the auth tables: nothing stored yet.
func isNoTable(err error) bool {
	return err != nil && strings.Contains(err.Error(), "no such table")
}

// dbError turns a driver error into the few words a row shows.
func dbError(err error) error {
	if err == nil || errors.Is(err, errLocked) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_NOTADB:
			return errors.New("file is not a database")
		case sqlite3.SQLITE_CORRUPT:
			return errors.New("database file is corrupt")
		case sqlite3.SQLITE_CANTOPEN:
			return errors.New("database cannot be opened")
		case sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH:
			return errors.New("permission denied")
		}
	}
	msg := err.Error()
	if i := strings.Index(msg, "("); i > 0 && strings.HasPrefix(msg, "SQL logic error") {
		msg = strings.TrimSpace(msg[:i])
	}
	return errors.New(msg)
}
