package gateway

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/internal/otheruser"
)

// writerEnv names the database the helper process writes.
const writerEnv = "AUTHTRAY_TEST_DB_WRITER"

// writerUID is the user the writer runs as: not root, so that to the
// reader (the test, as root) the database is another user's, read through
// a private copy.
const writerUID = otheruser.UID

// TestForeignWriterRace reads a WAL database that another user's process
// commits to every few milliseconds — and checkpoints, restarts and
// truncates the -wal of, far more often than a gateway does — hundreds of
// times, as authtray does when the gateway runs as a service user. (Three
// immediate copy retries failed here within a few hundred reads.) Every
// read must succeed, and see one committed transaction: the two rows each
// commit writes carry the same counter, which never goes back.
func TestForeignWriterRace(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to run the writer as another user")
	}
	if testing.Short() {
		t.Skip("a race of a few seconds")
	}
	dir := otheruser.Dir(t)
	path := filepath.Join(dir, stateDBName)
	hm := &home{t: t, dir: dir}
	hm.db(stateDBName, stateSchema, stateDBVersion,
		"INSERT INTO config_machine_state VALUES ('"+keyStore+"', '{}', 0)",
		"INSERT INTO config_machine_state VALUES ('"+keyState+"', '{}', 0)")
	chownAll(t, dir, writerUID)

	stop := startWriter(t, path)
	defer stop()
	last, reads := int64(-1), 0
	deadline := time.Now().Add(4 * time.Second)
	for reads < 300 || time.Now().Before(deadline) {
		if reads > 3000 {
			break
		}
		if !foreign(path) {
			t.Fatal("the database is not another user's")
		}
		rows, err := readStateDB(context.Background(), path)
		if err != nil {
			t.Fatalf("read %d: %v", reads, err)
		}
		n := checkCommit(t, rows)
		if n < last {
			t.Fatalf("read %d saw commit %d after %d", reads, n, last)
		}
		last = n
		reads++
	}
	if last < 100 {
		t.Fatalf("the writer made only %d commits", last)
	}
	t.Logf("%d reads, up to commit %d", reads, last)
}

// checkCommit returns the commit both rows come from, failing when they
// disagree (a copy that mixed two states).
func checkCommit(t *testing.T, rows stateRows) int64 {
	t.Helper()
	n := rows.Updated[keyStore]
	for _, k := range []string{keyStore, keyState} {
		v := rows.Rows[k]
		if rows.Updated[k] != n || (n > 0 && !strings.HasPrefix(v, fmt.Sprintf(`{"commit":%d,`, n))) {
			t.Fatalf("torn read: %s at %d holds %.40q, store at %d", k, rows.Updated[k], v, n)
		}
	}
	if _, err := parseStore([]byte(rows.Rows[keyStore]), nil); n > 0 && err != nil {
		t.Fatalf("store of commit %d: %v", n, err)
	}
	return n
}

// startWriter runs this test binary's TestDBWriterHelper as writerUID on
// path and returns once it has committed; stop ends it.
func startWriter(t *testing.T, path string) (stop func()) {
	t.Helper()
	bin := filepath.Join(filepath.Dir(path), "writer.test")
	otheruser.Self(t, bin)
	cmd := exec.Command(bin, "-test.run=^TestDBWriterHelper$", "-test.v")
	cmd.Env = append(os.Environ(), writerEnv+"="+path)
	otheruser.As(cmd)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan string, 1)
	lines := bufio.NewScanner(out)
	go func() {
		for lines.Scan() {
			if strings.HasPrefix(lines.Text(), "writer: ") {
				ready <- lines.Text()
			}
		}
		close(ready)
	}()
	select {
	case l, ok := <-ready:
		if !ok || l != "writer: ready" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("writer did not start: %q", l)
		}
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal("writer did not start")
	}
	return func() {
		stdin.Close()
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("writer: %v", err)
			}
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			t.Error("writer did not stop")
		}
	}
}

// TestDBWriterHelper is the writer process of TestForeignWriterRace (it
// does nothing in a normal run): it commits both rows (40 KB each, so a
// checkpoint rewrites many pages) every 1–3 ms until its stdin closes,
// checkpointing every 8 pages, restarting the -wal every third commit and
// truncating it every seventh. A copy that skipped the consistency check
// reads a torn state within seconds here.
func TestDBWriterHelper(t *testing.T) {
	path := os.Getenv(writerEnv)
	if path == "" {
		t.Skip("run by TestForeignWriterRace")
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, s := range []string{"PRAGMA journal_mode=WAL", "PRAGMA wal_autocheckpoint=8", "PRAGMA busy_timeout=1000"} {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	stopped := make(chan struct{})
	go func() { io.Copy(io.Discard, os.Stdin); close(stopped) }()
	pad := strings.Repeat("x", 40000) // each row spans pages of its own
	give := time.After(60 * time.Second)
	for n := int64(1); ; n++ {
		if err := commit(db, n, pad); err != nil {
			t.Fatalf("commit %d: %v", n, err)
		}
		switch {
		case n%7 == 0:
			db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
		case n%3 == 0:
			db.Exec("PRAGMA wal_checkpoint(RESTART)")
		}
		if n == 1 {
			fmt.Println("writer: ready")
		}
		select {
		case <-stopped:
			return
		case <-give:
			t.Fatal("never told to stop")
		case <-time.After(time.Millisecond * time.Duration(1+n%3)):
		}
	}
}

// commit writes both rows of commit n in one transaction.
func commit(db *sql.DB, n int64, pad string) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	store := fmt.Sprintf(`{"commit":%d,"version":1,"pad":%q,"profiles":{"anthropic:manual":{"type":"token","provider":"anthropic","token":"%s"}}}`, n, pad, fakeToken(int(n%10000)))
	state := fmt.Sprintf(`{"commit":%d,"pad":%q}`, n, pad)
	for k, v := range map[string]string{keyStore: store, keyState: state} {
		if _, err := tx.Exec("UPDATE config_machine_state SET value_json = ?, updated_at_ms = ? WHERE state_key = ?", v, n, k); err != nil {
			tx.Rollback()
			return err
		}
	}
	return tx.Commit()
}
