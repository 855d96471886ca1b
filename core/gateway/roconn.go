package gateway

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"sync"

	"modernc.org/sqlite"
)

// roDB is one database as openRO opened it: the URI of each connection
// to it.
type roDB struct{ uri string }

// conn opens a connection to the database; closing it closes it.
func (d roDB) conn(ctx context.Context) (*sql.Conn, error) {
	return readers().Conn(context.WithValue(ctx, uriKey{}, d.uri))
}

// readers is the one *sql.DB every read goes through, keeping no idle
// connection: a *sql.DB per database started a goroutine of its own (its
// connection opener) and woke it to end it, for each of a host's hundred
// databases. Its connector opens the database its context names.
var readers = sync.OnceValue(func() *sql.DB {
	db := sql.OpenDB(uriConnector{})
	db.SetMaxIdleConns(0)
	return db
})

// uriKey is the context key of the URI a new connection opens.
type uriKey struct{}

type uriConnector struct{}

func (uriConnector) Connect(ctx context.Context) (driver.Conn, error) {
	uri, _ := ctx.Value(uriKey{}).(string)
	return (&sqlite.Driver{}).Open(uri)
}

func (uriConnector) Driver() driver.Driver { return &sqlite.Driver{} }
