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

// Concat is a list response made of lists served one after another, without
// copying them: the list of every Workspace is the namespaces' lists in
// namespace order. A change in one namespace then rebuilds only that
// namespace's list, and the Workspaces' JSON is not held a third time.
// BenchmarkAllWorkspacesMemory, at 50,000 Workspaces in 500 namespaces
// (a 62.5 MB body): the Concat costs 44 KB beyond the namespaces' lists; a
// plain list would cost 64 MB more (a quarter of the whole process's heap
// for them) and 227 ms of copying after every change of any Workspace. Its
// parts are also what compressing per namespace, so that a change costs
// CPU in proportion to its namespace, would build on.
type Concat struct {
	// Lists are the parts, in order, each with items.
	Lists []*List
	// base is the model's generation when the namespaces were read, and
	// generations the generation of each namespace's list (see Coverage).
	base        uint64
	generations map[string]uint64
	etag        string
	parts       [][]byte
	pieces      []*piece
	size        int
	compressed
}

func newConcat(lists []*List) *Concat {
	// The parts' ETags name their bytes, so a hash of them names the
	// whole, at a cost that does not grow with the bytes.
	etags := make([][]byte, len(lists))
	for i, l := range lists {
		etags[i] = []byte(l.ETag())
	}
	c := &Concat{Lists: lists, etag: ETagOf(etags...)}
	c.pieces = append(c.pieces, prefixPiece)
	for i, l := range lists {
		if i > 0 {
			c.pieces = append(c.pieces, commaPiece)
		}
		c.pieces = append(c.pieces, &l.items)
	}
	c.pieces = append(c.pieces, suffixPiece)
	c.parts = make([][]byte, len(c.pieces))
	for i, p := range c.pieces {
		c.parts[i] = p.raw
		c.size += len(p.raw)
	}
	return c
}

// ETag is the whole list's strong entity tag.
func (c *Concat) ETag() string { return c.etag }

// Len is the number of items.
func (c *Concat) Len() int {
	n := 0
	for _, l := range c.Lists {
		n += l.Len()
	}
	return n
}

// Parts are the pieces of the whole response body, in order: the envelope
// and each list's items, comma-separated. They share the lists' memory:
// callers must not modify them (nor hand them to net.Buffers, which does).
func (c *Concat) Parts() [][]byte { return c.parts }

// Size is the length of the whole response body.
func (c *Concat) Size() int { return c.size }

// Gzip is the whole body compressed, once per version, or nil when it is
// too small to be worth it.
func (c *Concat) Gzip() []byte { return c.gzip(c.size, c.pieces...) }

// Zstd is Gzip for zstd.
func (c *Concat) Zstd() []byte { return c.zstd(c.size, c.pieces...) }

// Coverage reports whether the list of every Workspace already shows a
// change: the list of its namespace in it was built at or after the
// change's generation, or, for a namespace without Workspaces then, the
// namespaces were read at or after it. Like List.Coverage, it holds no
// list.
func (c *Concat) Coverage() func(Change) bool {
	base, generations := c.base, c.generations
	return func(ch Change) bool {
		if g, ok := generations[ch.Namespace]; ok {
			return ch.Generation <= g
		}
		return ch.Generation <= base
	}
}
