package gateway

import "time"

// SettleTime is how long ago a database's file must have last changed for
// its stat alone to stamp it (settled); one that changed more recently is
// stamped by its header bytes too, as every file was before.
//
// Why the stat alone is enough then (git's "racy" rule): the database
// file and its -wal are written with write(), which sets their
// modification and change times (the database's ctime is stamped and
// waited for; the -wal's only its mtime, strongStamp says why) to the
// kernel's clock, coarse (a tick; a second or two on some filesystems). A
// stat-only stamp can miss a write only if the write leaves every stamped
// fact as it was: same inode, size and times, so a write in the same
// clock step as the one before. A file is settled when its times are at
// least SettleTime before now, and now is read before the stat: any write
// after the stat sets a time no earlier than the stat's moment less one
// clock step (2 s at most), which is later than the stamped time, so the
// next stamp differs. A write under way at the stat has set its times
// already (the kernel sets them before it copies the data), so the file is
// not settled and its header is read. A stamp taken while the file was
// changing has the header form, which never equals a settled one: the
// first settled stamp costs one more read. A file whose times are whole
// seconds may be on a filesystem that keeps no finer (where a clock
// stepped back could land a write on the same second), and a time ahead
// of now is a clock that moved: neither settles. Only a local filesystem
// is trusted (localFS): a network one may answer a stat from its cache.
// The -shm is never stamped by its stat: SQLite writes it through mmap,
// which need not change its times; its wal-index header (every commit's
// counter, the -wal's salts) is read while the -wal has not settled
// (shmNeeded: a settled -wal's stat sees the next commit itself). Only a
// clock stepped back by more than SettleTime, and a write then landing on
// the very nanosecond of the stamped times with the same size, could go
// unseen.
const SettleTime = 3 * time.Second

// settled reports whether a file whose modification and change times are
// mtime and ctime (ns) has settled at now (SettleTime).
func settled(mtime, ctime int64, now time.Time) bool {
	limit := now.Add(-SettleTime).UnixNano()
	return mtime <= limit && ctime <= limit && mtime%1e9 != 0 && ctime%1e9 != 0
}
