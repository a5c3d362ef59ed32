package cache

import (
	"bytes"
	"compress/gzip"
	"hash/fnv"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/kubeflow/workspaces-bff/pkg/offheap"
)

// minGzipSize is the size below which compressing costs more than it
// saves; upstream's gzhttp uses the same threshold.
const minGzipSize = 1024

// Body is one rendered response: the exact bytes a GET answers with, their
// strong ETag, and their gzip form, compressed at most once per version.
// A Body never changes after it is published; a change publishes a new one.
//
// A Body built with a list may keep its bytes outside the Go heap (see
// package offheap): whoever uses Bytes must keep the Body reachable until
// done, with runtime.KeepAlive after the last use.
type Body struct {
	raw []byte
	// etag is the ETag in the form a header holds it (see ETagHeader).
	etag [1]string
	// owner holds raw when raw is outside the heap.
	owner *offheap.Buffer

	gzipMu sync.Mutex // one compression at a time; readers use gz
	gz     atomic.Pointer[[]byte]
}

func newBody(raw []byte, etag string) *Body {
	return &Body{raw: raw, etag: [1]string{etag}}
}

// Bytes is the identity-encoded response body. Callers must not modify it,
// and must keep the Body reachable while they use it.
func (b *Body) Bytes() []byte { return b.raw }

// ETag is the body's strong entity tag, quoted.
func (b *Body) ETag() string { return b.etag[0] }

// ETagHeader is ETag as an ETag header's value, shared by every response
// that sends it, so a 304 allocates nothing for it. Callers must not modify
// it; its capacity is 1, so an append copies it.
func (b *Body) ETagHeader() []string { return b.etag[:] }

// Gzip is the gzip-compressed body, or nil when the body is too small to be
// worth compressing. The first caller compresses; every later one shares it.
func (b *Body) Gzip() []byte {
	if len(b.raw) < minGzipSize {
		return nil
	}
	if gz := b.gz.Load(); gz != nil {
		return *gz
	}
	b.gzipMu.Lock()
	defer b.gzipMu.Unlock()
	if gz := b.gz.Load(); gz != nil {
		return *gz
	}
	gz := gzipParts(len(b.raw), b.raw)
	b.gz.Store(&gz)
	return gz
}

// moveTo makes to b with its bytes at raw and its ETag at etag (the same
// bytes and ETag, elsewhere; owner holds raw), and the gzip form when
// already compressed.
func (b *Body) moveTo(to *Body, raw []byte, etag string, owner *offheap.Buffer) {
	to.raw, to.etag, to.owner = raw, [1]string{etag}, owner
	to.gz.Store(b.gz.Load())
}

// gzipParts compresses the concatenation of parts (size bytes in all),
// trimmed to its length: the compressed form is kept as long as the body.
func gzipParts(size int, parts ...[]byte) []byte {
	var buf bytes.Buffer
	buf.Grow(size / 4)
	zw := compressors.Get().(*gzip.Writer)
	zw.Reset(&buf)
	for _, p := range parts {
		_, _ = zw.Write(p)
	}
	_ = zw.Close()
	compressors.Put(zw)
	return bytes.Clone(buf.Bytes())
}

// compressors are reused: each holds some 800 KB of state, which bodies
// rendered per request (a Workspace's details, one Secret) would otherwise
// allocate for every gzip answer.
var compressors = sync.Pool{New: func() any { return gzip.NewWriter(nil) }}

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
	// generation is the model's when the list was built: it shows every
	// change applied up to it.
	generation uint64
}

type span struct{ start, end int }

// envelope pieces of every list response: {"data":[item,item]}.
var (
	listPrefix = []byte(`{"data":[`)
	listSuffix = []byte(`]}`)
)

// item is one rendered list item and its sort key, and optionally what to
// keep in the list's memory beside it (see buildList).
type item struct {
	key  string
	json []byte
	// detail and packed, when set, are copied into the list's memory:
	// buildList says where, in its moves.
	detail *Body
	packed *packedWorkspace
}

// moved is where buildList put an item's detail and packed Workspace.
type moved struct {
	detail *Body
	packed *packedBytes
}

// sortItems orders items by key.
func sortItems(items []item) {
	sort.Slice(items, func(i, j int) bool { return items[i].key < items[j].key })
}

// buildList concatenates pre-rendered items, already sorted by key, into a
// list response. No object is encoded here: items are already JSON.
//
// The list, and the details and packed Workspaces of its items, share one
// buffer, which a large list keeps outside the Go heap (see package
// offheap): a namespace's Workspaces then live beside their list, built
// and freed with it. moves says where each item's detail and packed
// Workspace went (nil when no item has them): the caller points their
// holders there before it publishes the list.
func buildList(items []item, etag string) (l *List, moves []moved) {
	return buildListIn(offheap.New, items, etag)
}

// buildListIn is buildList in a buffer from alloc: offheap.New for a list
// kept until its scope changes, offheap.OnHeap for one that serves one
// request.
func buildListIn(alloc func(int) *offheap.Buffer, items []item, etag string) (l *List, moves []moved) {
	size, extra, details, packs := len(listPrefix)+len(listSuffix), 0, 0, 0
	for _, it := range items {
		size += len(it.json) + 1
		if it.detail != nil {
			extra += len(it.detail.raw)
			details++
		}
		if it.packed != nil {
			extra += len(it.packed.data().b)
			packs++
		}
	}
	buf := alloc(size + extra)
	raw, rest := buf.Bytes()[:0:size], buf.Bytes()[size:]
	// place copies b to the front of rest.
	place := func(b []byte) []byte {
		n := copy(rest, b)
		if n != len(b) {
			// The sizes were summed under the same locks: a bug.
			panic("cache: a list's buffer is too small for what it holds")
		}
		placed := rest[:n:n]
		rest = rest[n:]
		return placed
	}
	raw = append(raw, listPrefix...)
	l = &List{keys: make([]string, len(items)), spans: make([]span, len(items))}
	// What moves is made in one allocation of each type, ETags included:
	// it lives and dies with the list, and one object is cheaper to keep
	// and to mark than a few hundred, and leaves no small survivors
	// scattered among the garbage of the events that made them.
	var bodies []Body
	var packed []packedBytes
	var etags string // the moved details' ETags, one after another
	if details+packs > 0 {
		moves = make([]moved, len(items))
		bodies, packed = make([]Body, details), make([]packedBytes, packs)
		var b strings.Builder
		for _, it := range items {
			if it.detail != nil {
				b.WriteString(it.detail.ETag())
			}
		}
		etags = b.String()
	}
	for i, it := range items {
		if i > 0 {
			raw = append(raw, ',')
		}
		start := len(raw)
		raw = append(raw, it.json...)
		l.keys[i] = it.key
		l.spans[i] = span{start, len(raw)}
		if it.detail != nil {
			n := len(it.detail.ETag())
			it.detail.moveTo(&bodies[0], place(it.detail.raw), etags[:n], buf)
			moves[i].detail, bodies, etags = &bodies[0], bodies[1:], etags[n:]
		}
		if it.packed != nil {
			packed[0] = packedBytes{b: place(it.packed.data().b), owner: buf}
			moves[i].packed, packed = &packed[0], packed[1:]
		}
	}
	raw = append(raw, listSuffix...)
	l.Body = &Body{raw: raw, etag: [1]string{etag}, owner: buf}
	return l, moves
}

// itemJSON is the JSON of the item with the given key, which the list must
// hold; it shares the list's memory.
func (l *List) itemJSON(key string) []byte {
	i := 0
	if l != nil {
		i = sort.SearchStrings(l.keys, key)
	}
	if l == nil || i == len(l.keys) || l.keys[i] != key {
		// The read model keeps every item either pending or in the last
		// list built; anything else is a bug in it.
		panic("cache: list item " + key + " is neither pending nor in the last list")
	}
	return l.raw[l.spans[i].start:l.spans[i].end]
}

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

// AppendPageLists is Page over several lists whose key ranges follow each other
// (per-namespace lists in namespace order): at most limit items after the
// key `after`, as one run of items per list, and the key to continue from
// when more items follow.
// The runs are appended to dst: a caller that has room for them on its
// stack saves growing a slice per request.
func AppendPageLists(dst [][]byte, lists []*List, after string, limit int) (runs [][]byte, last string) {
	runs = dst
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
	// items are l's memory, which may be outside the heap: l must live
	// until they are copied. The selection serves one request: it stays
	// on the heap, which frees it without a cleanup or a mapping.
	defer runtime.KeepAlive(l)
	selected, _ := buildListIn(offheap.OnHeap, items, etag)
	return selected
}
