package gateway

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/authtray/authtray/core/fsys"

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
//
// Even read-only, SQLite creates the -wal and -shm files of a WAL database
// when they are absent (a reader needs the wal-index). For a database owned
// by the user authtray runs as, that is harmless and is kept: the gateway,
// running as that same user, creates the very same files on its next open,
// with the same owner and mode. For a database someone else owns (authtray
// under sudo, or the gateway running as a service user) files created by us
// would carry our uid: a root-owned -shm the gateway cannot open breaks it.
// Then authtray reads a private copy instead (see privateCopy), so nothing
// is ever created next to the gateway's files. The close func removes the
// copy.
func openRO(path string) (roDB, func(), error) {
	// SQLite reports a directory or a FIFO as "disk I/O error", and its
	// own open of a FIFO waits for a writer: look first, without blocking,
	// and say what it is in the words used for every other file. (A swap
	// after this look is caught by readBounded's deadline.)
	if err := checkRegular(path); err != nil {
		return roDB{}, nil, err
	}
	// An unreadable -wal would be SQLite's "cannot be opened": name it.
	if err := checkRegular(path + "-wal"); err != nil && err.Error() != "not found" {
		return roDB{}, nil, fmt.Errorf("%s-wal: %w", filepath.Base(path), err)
	}
	testHookChecked(path)
	closeCopy := func() {}
	if foreign(path) {
		cp, done, err := privateCopy(path)
		if err != nil {
			return roDB{}, nil, err
		}
		path, closeCopy = cp, done
	}
	u := url.URL{Scheme: "file", Path: path, RawQuery: roQuery}
	return roDB{uri: u.String()}, closeCopy, nil
}

// roQuery is the query of every database's URI: read-only, waiting
// busyWait for a lock, no statement that writes.
var roQuery = url.Values{
	"mode":    {"ro"},
	"_pragma": {fmt.Sprintf("busy_timeout(%d)", busyWait.Milliseconds()), "query_only(1)"},
}.Encode()

// testHookChecked runs between openRO's look at the file and SQLite's own
// open (a test swaps the file there).
var testHookChecked = func(string) {}

// checkRegular opens path without blocking and checks what it opened.
func checkRegular(path string) error {
	f, err := fsys.OS{}.Open(path)
	if err != nil {
		return errors.New(fsys.Reason(err))
	}
	return f.Close()
}

// foreign reports whether SQLite must not create files beside path: the
// database file or its directory is owned by another uid than ours.
func foreign(path string) bool {
	euid := os.Geteuid()
	for _, p := range []string{path, filepath.Dir(path)} {
		if uid, ok := owner(p); ok && uid != euid {
			return true
		}
	}
	return false
}

func owner(path string) (int, bool) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, false
	}
	return fsys.Owner(fi)
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
// one query, within dbDeadline.
func readStateDB(ctx context.Context, path string) (stateRows, error) {
	return readBounded(ctx, path, func(ctx context.Context) (stateRows, error) { return readStateRows(ctx, path) })
}

func readStateRows(ctx context.Context, path string) (stateRows, error) {
	return readRows(ctx, path, stateRows{Rows: map[string]string{}, Updated: map[string]int64{}}, stateRowsAtOnce,
		// No table yet, or a column of another type: the two queries say
		// what it is.
		stateRowsOneByOne)
}

// readRows opens path and reads it on one connection with atOnce, or,
// when that fails for another reason than a lock, with oneByOne, retrying
// while the database is busy; unopened is the result when it cannot be
// opened.
func readRows[T any](ctx context.Context, path string, unopened T, atOnce, oneByOne func(context.Context, *sql.Conn) (T, error)) (T, error) {
	db, closeDB, err := openRO(path)
	if err != nil {
		return unopened, err
	}
	defer closeDB()
	// The driver's calls get no deadline: with one, database/sql and the
	// driver each start a goroutine per query to watch it, which cost more
	// than the query on a host with a hundred databases, and none is
	// needed. readBounded gives up at the deadline by itself, a wait for
	// a lock ends after busyWait, and a file read that hangs cannot be
	// interrupted anyway. Between tries withRetry still looks at ctx.
	dctx := context.WithoutCancel(ctx)
	var out T
	err = withRetry(ctx, func() error {
		conn, err := db.conn(dctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		out, err = atOnce(dctx, conn)
		if err != nil && !isBusy(err) {
			out, err = oneByOne(dctx, conn)
		}
		return err
	})
	return out, dbError(err)
}

// stateQuery is the user_version and the auth rows in one statement (see
// agentQuery).
const stateQuery = `SELECT 0, '', '', user_version FROM pragma_user_version
UNION ALL SELECT 1, state_key, value_json, updated_at_ms FROM config_machine_state WHERE state_key IN (?, ?, ?)`

func stateRowsAtOnce(ctx context.Context, conn *sql.Conn) (stateRows, error) {
	out := stateRows{Rows: map[string]string{}, Updated: map[string]int64{}}
	rows, err := conn.QueryContext(ctx, stateQuery, keySharedStore, keyStore, keyState)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for rows.Next() {
		var kind int
		var k, v string
		var n int64
		if err := rows.Scan(&kind, &k, &v, &n); err != nil {
			return out, err
		}
		if kind == 0 {
			out.Version = int(n)
			continue
		}
		out.Rows[k], out.Updated[k] = v, n
	}
	return out, rows.Err()
}

func stateRowsOneByOne(ctx context.Context, conn *sql.Conn) (stateRows, error) {
	out := stateRows{Rows: map[string]string{}, Updated: map[string]int64{}}
	if err := conn.QueryRowContext(ctx, "PRAGMA user_version").Scan(&out.Version); err != nil {
		return out, err
	}
	rows, err := conn.QueryContext(ctx, "SELECT state_key, value_json, updated_at_ms FROM config_machine_state WHERE state_key IN (?, ?, ?)", keySharedStore, keyStore, keyState)
	if isNoTable(err) {
		// An empty (0-byte) or brand-new database: the gateway creates
		// its tables on its next start; nothing is stored in it yet,
		// as for an agent database without auth tables.
		return out, nil
	}
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		var at int64
		if err := rows.Scan(&k, &v, &at); err != nil {
			return out, err
		}
		out.Rows[k], out.Updated[k] = v, at
	}
	return out, rows.Err()
}

// readAgentDB reads an agent's openclaw-agent.sqlite: its store and state
// rows, one query per table, within dbDeadline.
func readAgentDB(ctx context.Context, path string) (agentRows, error) {
	return readBounded(ctx, path, func(ctx context.Context) (agentRows, error) { return readAgentRows(ctx, path) })
}

func readAgentRows(ctx context.Context, path string) (agentRows, error) {
	return readRows(ctx, path, agentRows{}, agentRowsAtOnce,
		// A database unlike the gateway's (no auth tables yet, a column of
		// another type): the three queries say what it is.
		agentRowsOneByOne)
}

// agentQuery reads the user_version and both rows in one statement, so in
// one read transaction: three queries took three (each a look at the
// -wal's index and its locks) and three compilations.
const agentQuery = `SELECT 0, user_version, '' FROM pragma_user_version
UNION ALL SELECT 1, updated_at, store_json FROM auth_profile_store WHERE store_key = 'primary'
UNION ALL SELECT 2, 0, state_json FROM auth_profile_state WHERE state_key = 'primary'`

func agentRowsAtOnce(ctx context.Context, conn *sql.Conn) (agentRows, error) {
	var out agentRows
	rows, err := conn.QueryContext(ctx, agentQuery)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for rows.Next() {
		var kind int
		var n int64
		var text string
		if err := rows.Scan(&kind, &n, &text); err != nil {
			return out, err
		}
		switch {
		case kind == 0:
			out.Version = int(n)
		case kind == 1 && !out.HasStore:
			out.Store, out.Updated, out.HasStore = text, n, true
		case kind == 2 && !out.HasSt:
			out.State, out.HasSt = text, true
		}
	}
	return out, rows.Err()
}

func agentRowsOneByOne(ctx context.Context, conn *sql.Conn) (agentRows, error) {
	var out agentRows
	if err := conn.QueryRowContext(ctx, "PRAGMA user_version").Scan(&out.Version); err != nil {
		return out, err
	}
	var err error
	out.HasStore, err = queryRow(ctx, conn, "SELECT store_json, updated_at FROM auth_profile_store WHERE store_key = 'primary'", &out.Store, &out.Updated)
	if err != nil {
		return out, err
	}
	out.HasSt, err = queryRow(ctx, conn, "SELECT state_json FROM auth_profile_state WHERE state_key = 'primary'", &out.State)
	return out, err
}

// queryRow scans the one row of q into dest and reports whether there was
// one: no row, or no table (a database that predates the auth tables), is
// nothing stored yet, not an error.
func queryRow(ctx context.Context, conn *sql.Conn, q string, dest ...any) (bool, error) {
	err := conn.QueryRowContext(ctx, q).Scan(dest...)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, sql.ErrNoRows) || isNoTable(err):
		return false, nil
	}
	return false, err
}

// isNoTable is a database that predates the auth tables: nothing stored yet.
func isNoTable(err error) bool {
	return err != nil && strings.Contains(err.Error(), "no such table")
}

// dbError turns a driver error into the few words a row shows.
func dbError(err error) error {
	if err == nil || errors.Is(err, errLocked) || errors.Is(err, errChanging) || errors.Is(err, errNoAnswer) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
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
