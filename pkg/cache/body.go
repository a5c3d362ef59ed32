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
	"slices"
	"sort"
	"strconv"
	"strings"
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

func newBody(raw []byte, etag string) *Body {
	return &Body{raw: raw, etag: etag}
}

// Bytes is the identity-encoded response body. Callers must not modify it.
func (b *Body) Bytes() []byte { return b.raw }

// ETag is the body's strong entity tag, quoted.
func (b *Body) ETag() string { return b.etag }

// Gzip is the gzip-compressed body, or nil when the body is too small to be
// worth compressing. The first caller compresses; every later one shares it.
func (b *Body) Gzip() []byte { return b.gzip(len(b.raw), &piece{raw: b.raw}) }

// Zstd is Gzip for zstd.
func (b *Body) Zstd() []byte { return b.zstd(len(b.raw), &piece{raw: b.raw}) }

// etagFor builds a strong ETag from the process's boot id and the read
// model's generation when the body was rendered: a generation names exactly
// one content of each body, so it is as strong as a hash and free to compute.
func etagFor(boot string, generation uint64) string {
	return `"` + boot + "-" + strconv.FormatUint(generation, 36) + `"`
}

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
	// change applied up to it.
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
func buildList(items []item, etag string) *List {
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
	l.Body = newBody(raw, etag)
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
// order), for a caller who may see only those; the ETag derives from l's
// and the selection. Items are copied: selections are small (namespaces).
func Select(l *List, keys []string) *List {
	want := make(map[string]bool, len(keys))
	for _, k := range keys {
		want[k] = true
	}
	items := make([]item, 0, len(keys))
	h := fnv.New64a()
	for i, k := range l.keys {
		if want[k] {
			items = append(items, item{key: k, json: l.raw[l.spans[i].start:l.spans[i].end]})
			_, _ = h.Write([]byte(k))
			_, _ = h.Write([]byte{0})
		}
	}
	etag := strings.TrimSuffix(l.ETag(), `"`) + ".s" + strconv.FormatUint(h.Sum64(), 36) + `"`
	return buildList(items, etag)
}
