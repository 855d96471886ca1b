// Command sqlfloor is the floor of any program that reads the gateway's
// stores correctly (bench/startup): like readall it reads every file of
// $HOME once, but each SQLite database through modernc.org/sqlite, as
// authtray must (its WAL and locks), read-only, every row of every
// table, and nothing else: no parsing, no judging, no other library.
// What it spends beyond readall is what the SQLite driver's start and the
// databases' opens cost, which no change inside authtray can remove.
package main

import (
	"database/sql"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite"
)

func main() {
	n := 0
	filepath.WalkDir(os.Getenv("HOME"), func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil || !d.Type().IsRegular():
		case strings.HasSuffix(path, ".sqlite"):
			n += readDB(path)
		case strings.HasSuffix(path, ".sqlite-wal"), strings.HasSuffix(path, ".sqlite-shm"):
			// SQLite reads these itself.
		default:
			if b, err := os.ReadFile(path); err == nil {
				n += len(b)
			}
		}
		return nil
	})
	if n == 0 {
		os.Exit(1) // an empty HOME would make the floor meaningless
	}
}

// readDB reads every row of every table of the database at path, opened
// as authtray opens it, and returns the bytes it read.
func readDB(path string) int {
	u := url.URL{Scheme: "file", Path: path, RawQuery: "mode=ro&_pragma=query_only(1)"}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		os.Exit(1)
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // one connection, as authtray holds per database
	var tables []string
	rows, err := db.Query("SELECT name FROM sqlite_master WHERE type = 'table'")
	if err != nil {
		os.Exit(1)
	}
	for rows.Next() {
		var t string
		rows.Scan(&t)
		tables = append(tables, t)
	}
	rows.Close()
	n := 0
	for _, t := range tables {
		n += readTable(db, t)
	}
	return n
}

func readTable(db *sql.DB, table string) int {
	rows, err := db.Query(`SELECT * FROM "` + strings.ReplaceAll(table, `"`, `""`) + `"`)
	if err != nil {
		os.Exit(1)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]sql.RawBytes, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		rows.Scan(ptrs...)
		for _, v := range vals {
			n += len(v)
		}
	}
	return n
}
