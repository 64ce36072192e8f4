//go:build !linux

package mailtest

import "os/exec"

// dieWithParent does nothing where the kernel offers no parent-death signal:
// there a killed test process may leave its Mailpit running.
func dieWithParent(*exec.Cmd) {}
