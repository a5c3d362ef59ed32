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
	"compress/flate"
	"encoding/binary"
	"hash/crc32"
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

// A response is compressed piece by piece, and its compressed form is its
// pieces' forms joined. The list of every Workspace is the namespaces'
// items between an envelope, so a change in one namespace compresses that
// namespace again, not the whole list (at 100,000 Workspaces, 125 MB that
// took 0.4-0.7 s of CPU per change; BenchmarkAllWorkspacesGzipAfterChange).
//
// The joined forms are what clients decode, measured with curl 7.88 and
// Chromium 156:
//   - gzip: one member whose deflate stream is the pieces' sync-flushed
//     deflate segments followed by a final empty block. Concatenated gzip
//     members would be simpler, but both clients silently stop after the
//     first member.
//   - zstd: the pieces' frames one after another, which RFC 8878 defines as
//     the concatenation of their contents, and both clients decode.

// piece is a part of a response with its compressed forms, each made at
// most once, by the first reader that asks for it: a response that no
// client takes compressed is never compressed.
type piece struct {
	raw                   []byte
	deflateOnce, zstdOnce sync.Once
	deflate, zst          []byte
}

// deflated is the piece as a deflate segment that ends on a sync flush, so
// that other segments can follow it in the same stream.
func (p *piece) deflated() []byte {
	p.deflateOnce.Do(func() {
		var buf bytes.Buffer
		buf.Grow(len(p.raw) / 4)
		// Only an invalid level fails; writes to a bytes.Buffer never do.
		fw, _ := flate.NewWriter(&buf, flate.DefaultCompression)
		_, _ = fw.Write(p.raw)
		_ = fw.Flush()
		p.deflate = bytes.Clone(buf.Bytes())
	})
	return p.deflate
}

// frame is the piece as one zstd frame.
func (p *piece) frame() []byte {
	p.zstdOnce.Do(func() {
		var buf bytes.Buffer
		buf.Grow(len(p.raw) / 4)
		// Only invalid options fail. One goroutine: the frame is made once
		// per version, and the encoder's memory is freed after.
		zw, _ := zstd.NewWriter(&buf, zstd.WithEncoderConcurrency(1), zstd.WithWindowSize(zstdWindow))
		_, _ = zw.Write(p.raw)
		_ = zw.Close()
		p.zst = bytes.Clone(buf.Bytes())
	})
	return p.zst
}

// compressed holds a response's joined gzip and zstd forms.
type compressed struct {
	gzipOnce, zstdOnce sync.Once
	gz, zst            []byte
}

// gzipHeader is a gzip member's header without name or time (RFC 1952).
var gzipHeader = []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}

// gzip is the gzip form of the pieces (size bytes in all), or nil when too
// small to be worth it.
func (c *compressed) gzip(size int, pieces ...*piece) []byte {
	if size < minCompressSize {
		return nil
	}
	c.gzipOnce.Do(func() {
		n := len(gzipHeader) + 2 + 8
		for _, p := range pieces {
			n += len(p.deflated())
		}
		out := append(make([]byte, 0, n), gzipHeader...)
		crc := uint32(0)
		for _, p := range pieces {
			out = append(out, p.deflated()...)
			crc = crc32.Update(crc, crc32.IEEETable, p.raw)
		}
		// A final, empty, fixed-Huffman block ends the deflate stream.
		out = append(out, 0x03, 0x00)
		out = binary.LittleEndian.AppendUint32(out, crc)
		c.gz = binary.LittleEndian.AppendUint32(out, uint32(size))
	})
	return c.gz
}

// zstd is gzip's counterpart for zstd.
func (c *compressed) zstd(size int, pieces ...*piece) []byte {
	if size < minCompressSize {
		return nil
	}
	c.zstdOnce.Do(func() {
		n := 0
		for _, p := range pieces {
			n += len(p.frame())
		}
		out := make([]byte, 0, n)
		for _, p := range pieces {
			out = append(out, p.frame()...)
		}
		c.zst = out
	})
	return c.zst
}
