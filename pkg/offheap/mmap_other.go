//go:build !unix

package offheap

import "errors"

// mapMemory is not available: New keeps every buffer on the heap.
func mapMemory(int) ([]byte, error) { return nil, errors.ErrUnsupported }

func unmapMemory([]byte) {}
