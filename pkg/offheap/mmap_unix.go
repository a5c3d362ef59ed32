//go:build unix

package offheap

import (
	"fmt"
	"syscall"
)

// mapMemory maps n bytes of zeroed, private, anonymous memory.
func mapMemory(n int) ([]byte, error) {
	return syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
}

func unmapMemory(mem []byte) {
	if err := syscall.Munmap(mem); err != nil {
		// mem came from mapMemory and is unmapped once: a failure
		// means the bookkeeping is broken, and memory would leak.
		panic(fmt.Sprintf("offheap: unmapping %d bytes: %v", len(mem), err))
	}
}
