package gateway

import "syscall"

func mtimeNs(st *syscall.Stat_t) int64 { return st.Mtimespec.Nano() }
func ctimeNs(st *syscall.Stat_t) int64 { return st.Ctimespec.Nano() }

// localFSType: APFS. HFS+ keeps whole seconds (settled refuses those
// anyway); network and FUSE filesystems are stamped by reading.
func localFSType(fs *syscall.Statfs_t) bool {
	name := make([]byte, 0, len(fs.Fstypename))
	for _, c := range fs.Fstypename {
		if c == 0 {
			break
		}
		name = append(name, byte(c))
	}
	return string(name) == "apfs"
}
