package autostart

import "os/exec"

func runCommand(name string, args ...string) ([]byte, error) {
	return exec.Command(name, args...).CombinedOutput()
}

func lookPath(name string) (string, error) { return exec.LookPath(name) }
