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
	"hash/fnv"
	"sort"
	"strconv"
)

// Concat is a list response made of lists served one after another, without
// copying them: the list of every Workspace is the namespaces' lists in
// namespace order. A change in one namespace then rebuilds only that
// namespace's list, and the Workspaces' JSON is not held a third time.
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
	// The parts' ETags name their contents, so a hash of them names the
	// whole, however the parts were gathered.
	h := fnv.New64a()
	for _, l := range lists {
		_, _ = h.Write([]byte(l.ETag()))
	}
	c := &Concat{Lists: lists, etag: `"c-` + strconv.FormatUint(h.Sum64(), 36) + `"`}
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

// Boot names this process's model: feed positions and ETags of another
// process (or of this one before a restart) never match its own.
func (m *Model) Boot() string { return m.boot }

// AllWorkspaces is every Workspace, as the namespaces' lists one after
// another, kept until a Workspace changes.
func (m *Model) AllWorkspaces() *Concat {
	if c := m.all.Load(); c != nil {
		return c
	}
	m.allBuild.Lock()
	defer m.allBuild.Unlock()
	if c := m.all.Load(); c != nil {
		return c
	}
	for attempt := 0; ; attempt++ {
		m.mu.RLock()
		generation := m.generation
		namespaces := make([]string, 0, len(m.byNamespace))
		for ns := range m.byNamespace {
			namespaces = append(namespaces, ns)
		}
		m.mu.RUnlock()
		sort.Strings(namespaces)
		lists := make([]*List, 0, len(namespaces))
		generations := make(map[string]uint64, len(namespaces))
		for _, ns := range namespaces {
			if l := m.Workspaces(ns); l.Len() > 0 {
				lists = append(lists, l)
				generations[ns] = l.generation
			}
		}
		c := newConcat(lists)
		c.base, c.generations = generation, generations
		// Keep it only if no event came in meanwhile: invalidation
		// happens under the write lock, so it cannot slip between this
		// check and the store.
		m.mu.RLock()
		stable := m.generation == generation
		if stable {
			m.all.Store(c)
		}
		m.mu.RUnlock()
		if stable || attempt == 2 {
			return c
		}
	}
}
