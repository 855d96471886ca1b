package gateway

import "syscall"

func mtimeNs(st *syscall.Stat_t) int64 { return st.Mtim.Nano() }
func ctimeNs(st *syscall.Stat_t) int64 { return st.Ctim.Nano() }

// localFSType: the filesystems a home is kept on whose stat is the
// kernel's own record of the file (overlay: a container's, over one of
// these). Any other (NFS, SMB, FUSE, 9p, ...) is stamped by reading.
func localFSType(fs *syscall.Statfs_t) bool {
	switch uint32(fs.Type) {
	case 0xEF53, // ext2, ext3, ext4
		0x58465342, // xfs
		0x9123683E, // btrfs
		0x01021994, // tmpfs
		0x858458F6, // ramfs
		0x2FC12FC1, // zfs
		0xF2F52010, // f2fs
		0xCA451A4E, // bcachefs
		0x794C7630: // overlayfs
		return true
	}
	return false
}
