//go:build !unix

package offheap

import "errors"

func pageSize() int { return 4096 }

// mapMemory is not available: New keeps every buffer on the heap.
func mapMemory(int) ([]byte, error) { return nil, errors.ErrUnsupported }

func unmapMemory([]byte) {}
