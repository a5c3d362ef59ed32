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
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/cespare/xxhash/v2"
)

// Body is one rendered response: the exact bytes a GET answers with, their
// strong ETag, and their gzip and zstd forms, each compressed at most once
// per version. A Body never changes after it is published; a change
// publishes a new one.
type Body struct {
	raw  []byte
	etag string
	compressed
}

// newBody publishes raw, which nobody may modify afterwards.
func newBody(raw []byte) *Body {
	return &Body{raw: raw, etag: ETagOf(raw)}
}

// ETagOf is the strong ETag of the bytes of parts, one after another: every
// ETag the BFF serves is made here, from the bytes it names (or, for a list
// of lists, from their ETags), so it changes exactly when they do, and two
// replicas, or a replica before and after a restart, give the same bytes
// the same ETag. xxhash reads gigabytes a second; 64 bits make a collision
// between two versions of one URL negligible.
func ETagOf(parts ...[]byte) string {
	h := xxhash.New()
	for _, p := range parts {
		_, _ = h.Write(p) // a hash's Write never fails
	}
	return `"` + strconv.FormatUint(h.Sum64(), 36) + `"`
}

// Rendered is a Body for a response built per request (one Secret, read
// live from the API server, is never cached): {"data": v}, so a client
// that polls it gets a 304 while it does not change.
func Rendered(v any) *Body { return newBody(mustJSON(envelope{v})) }

// Bytes is the identity-encoded response body. Callers must not modify it.
func (b *Body) Bytes() []byte { return b.raw }

// ETag is the body's strong entity tag, quoted.
func (b *Body) ETag() string { return b.etag }

// Gzip is the gzip-compressed body, or nil when the body is too small to be
// worth compressing. The first caller compresses; every later one shares it.
func (b *Body) Gzip() []byte { return b.gzip(len(b.raw), &piece{raw: b.raw}) }

// Zstd is Gzip for zstd.
func (b *Body) Zstd() []byte { return b.zstd(len(b.raw), &piece{raw: b.raw}) }

// List is a rendered list response plus what a page of it needs: the sort
// keys (namespace/name) of its items and where each item sits in the body.
type List struct {
	*Body
	keys  []string
	spans []span
	// items is the body between the envelope's brackets, compressed on its
	// own so the list of every Workspace reuses it (see compress.go).
	items piece
	// generation is the model's when the list was built: it shows every
	// change published up to it (see Coverage).
	generation uint64
}

type span struct{ start, end int }

// envelope pieces of every list response: {"data":[item,item]}.
var (
	listPrefix = []byte(`{"data":[`)
	listSuffix = []byte(`]}`)

	prefixPiece = &piece{raw: listPrefix}
	commaPiece  = &piece{raw: []byte(",")}
	suffixPiece = &piece{raw: listSuffix}
)

// item is one rendered list item and its sort key.
type item struct {
	key  string
	json []byte
}

// sortItems orders items by key.
func sortItems(items []item) {
	slices.SortFunc(items, func(a, b item) int { return strings.Compare(a.key, b.key) })
}

// buildList concatenates pre-rendered items, already sorted by key, into a
// list response. No object is encoded here: items are already JSON.
func buildList(items []item) *List {
	size := len(listPrefix) + len(listSuffix)
	for _, it := range items {
		size += len(it.json) + 1
	}
	raw := make([]byte, 0, size)
	raw = append(raw, listPrefix...)
	l := &List{keys: make([]string, len(items)), spans: make([]span, len(items))}
	for i, it := range items {
		if i > 0 {
			raw = append(raw, ',')
		}
		start := len(raw)
		raw = append(raw, it.json...)
		l.keys[i] = it.key
		l.spans[i] = span{start, len(raw)}
	}
	raw = append(raw, listSuffix...)
	l.Body = newBody(raw)
	l.items.raw = raw[len(listPrefix) : len(raw)-len(listSuffix)]
	return l
}

// Gzip is Body's Gzip, made of the items' compressed piece.
func (l *List) Gzip() []byte { return l.gzip(len(l.raw), prefixPiece, &l.items, suffixPiece) }

// Zstd is Gzip for zstd.
func (l *List) Zstd() []byte { return l.zstd(len(l.raw), prefixPiece, &l.items, suffixPiece) }

// Len is the number of items in the list.
func (l *List) Len() int { return len(l.keys) }

// Page returns the items whose key sorts after `after` (all when empty), at
// most limit of them, as the comma-separated JSON that goes between the
// list's brackets; the slice shares the list's memory and must not be
// modified. last is the key of the page's last item when more items follow
// (the next page's `after`), or "" when this page is the last. Because pages
// continue from a key, not an offset, a list that changes between pages
// neither repeats nor skips an item that did not change.
func (l *List) Page(after string, limit int) (items []byte, last string) {
	start := sort.SearchStrings(l.keys, after)
	if start < len(l.keys) && l.keys[start] == after {
		start++
	}
	end := min(start+limit, len(l.keys))
	if start >= end {
		return nil, ""
	}
	if end < len(l.keys) {
		last = l.keys[end-1]
	}
	return l.raw[l.spans[start].start:l.spans[end-1].end], last
}

// Keys are the sort keys of the list's items, in order; the caller must not
// modify them.
func (l *List) Keys() []string { return l.keys }

// PageLists is Page over several lists whose key ranges follow each other
// (per-namespace lists in namespace order): at most limit items after the
// key `after`, as one run of items per list, and the key to continue from
// when more items follow.
func PageLists(lists []*List, after string, limit int) (runs [][]byte, last string) {
	for i, l := range lists {
		start := sort.SearchStrings(l.keys, after)
		if start < len(l.keys) && l.keys[start] == after {
			start++
		}
		if start >= len(l.keys) {
			continue
		}
		end := min(start+limit, len(l.keys))
		runs = append(runs, l.raw[l.spans[start].start:l.spans[end-1].end])
		limit -= end - start
		if limit == 0 {
			if end < len(l.keys) || anyItems(lists[i+1:]) {
				last = l.keys[end-1]
			}
			break
		}
	}
	return runs, last
}

func anyItems(lists []*List) bool {
	for _, l := range lists {
		if len(l.keys) > 0 {
			return true
		}
	}
	return false
}

// Select is a new list of the items of l with the given keys (in l's
// order), for a caller who may see only those. Items are copied:
// selections are small (namespaces).
func Select(l *List, keys []string) *List {
	want := make(map[string]bool, len(keys))
	for _, k := range keys {
		want[k] = true
	}
	items := make([]item, 0, len(keys))
	for i, k := range l.keys {
		if want[k] {
			items = append(items, item{key: k, json: l.raw[l.spans[i].start:l.spans[i].end]})
		}
	}
	return buildList(items)
}

// Coverage reports whether the list already shows a change: whether it was
// built at or after the change's generation. It holds the generation, not
// the list: a watch stream checks every change against its snapshot for as
// long as it lasts, and need not keep the snapshot's memory for that.
func (l *List) Coverage() func(Change) bool {
	generation := l.generation
	return func(c Change) bool { return c.Generation <= generation }
}

// emptyList answers every scope without items.
var emptyList = buildList(nil)

// envelope is {"data": v}, every single object's response.
type envelope struct {
	Data any `json:"data"`
}

// mustJSON encodes a model. Models are plain structs of strings, numbers,
// maps and slices, which always encode; a failure is a programming error.
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("encoding %T: %v", v, err))
	}
	return b
}
