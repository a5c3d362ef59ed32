/*
Copyright 2026 The Kubeflow Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/

package cache

import (
	"bytes"
	"compress/gzip"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// minCompressSize is the size below which compressing costs more than it
// saves; upstream's gzhttp uses the same threshold.
const minCompressSize = 1024

// zstdWindow bounds the window a zstd frame asks its decoder for: browsers
// refuse a Content-Encoding: zstd frame whose window is larger than 8 MiB
// (RFC 9659).
const zstdWindow = 8 << 20

// compressed holds the gzip and zstd forms of a rendered response, each
// made at most once, by the first reader that asks for it: a response that
// no client takes compressed is never compressed.
type compressed struct {
	gzipOnce, zstdOnce sync.Once
	gz, zst            []byte
}

// gzip is the gzip form of parts (size bytes in all), or nil when too
// small to be worth it.
func (c *compressed) gzip(size int, parts ...[]byte) []byte {
	if size < minCompressSize {
		return nil
	}
	c.gzipOnce.Do(func() {
		c.gz = compress(size, parts, func(buf *bytes.Buffer) writeCloser { return gzip.NewWriter(buf) })
	})
	return c.gz
}

// zstd is gzip's counterpart for zstd.
func (c *compressed) zstd(size int, parts ...[]byte) []byte {
	if size < minCompressSize {
		return nil
	}
	c.zstdOnce.Do(func() {
		c.zst = compress(size, parts, func(buf *bytes.Buffer) writeCloser {
			// Only invalid options fail. One goroutine: the form is made
			// once per version, and the encoder's memory is freed after.
			zw, _ := zstd.NewWriter(buf, zstd.WithEncoderConcurrency(1), zstd.WithWindowSize(zstdWindow))
			return zw
		})
	})
	return c.zst
}

type writeCloser interface {
	Write([]byte) (int, error)
	Close() error
}

// compress writes parts through a new compressor into a buffer and returns
// the result trimmed to its length, since it is kept as long as the body.
func compress(size int, parts [][]byte, newWriter func(*bytes.Buffer) writeCloser) []byte {
	var buf bytes.Buffer
	buf.Grow(size / 4)
	zw := newWriter(&buf)
	for _, p := range parts {
		_, _ = zw.Write(p) // writes to a bytes.Buffer never fail
	}
	_ = zw.Close()
	return bytes.Clone(buf.Bytes())
}
