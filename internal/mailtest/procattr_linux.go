package mailtest

import (
	"os/exec"
	"syscall"
)

// dieWithParent has the kernel kill Mailpit when the test process dies
// without running its cleanups (a test binary's timeout panics, or it is
// killed), so that no Mailpit outlives the tests holding its ports.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
