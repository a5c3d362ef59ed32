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

package httpapi

import (
	"errors"
	"hash/fnv"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubeflow/workspaces-bff/pkg/auth"
	"github.com/kubeflow/workspaces-bff/pkg/cache"
)

// WatchOptions tune the live-update streams (?watch=true). Zero values take
// the defaults.
type WatchOptions struct {
	// Heartbeat is how often an idle stream sends a comment, so proxies
	// keep it open and clients notice a dead one; the caller's access is
	// checked again at each. Default 15 s.
	Heartbeat time.Duration
	// WriteTimeout bounds each write to a client: one that reads slower
	// is dropped instead of holding its stream forever. Default 10 s.
	WriteTimeout time.Duration
	// Max is how many streams may be open at once; more are refused with
	// 429. Default 10,000.
	Max int
	// MaxPerUser is how many streams one user may have open at once, so
	// that one user cannot take them all; more are refused with 429.
	// Default 20.
	MaxPerUser int
	// Stop, when closed, ends every stream with a final event: the server
	// is shutting down, and clients should reconnect elsewhere.
	Stop <-chan struct{}
	// Observer, when set, counts streams and events for metrics.
	Observer WatchObserver
}

// WatchObserver records watch streams (pkg/metrics implements it).
type WatchObserver interface {
	// Opened is a stream that started.
	Opened(resource string)
	// Closed is a stream that ended, and why: WatchEnd values.
	Closed(resource, reason string)
	// Sent counts events written to a stream, by type (snapshot, added,
	// modified, deleted).
	Sent(resource, event string, n int)
}

// Why a watch stream ended.
const (
	WatchEndClient   = "client"   // the client went away, or a write to it timed out
	WatchEndBehind   = "behind"   // it fell further behind than the history
	WatchEndAccess   = "access"   // the caller's access changed
	WatchEndShutdown = "shutdown" // the server is shutting down
)

func (o WatchOptions) withDefaults() WatchOptions {
	if o.Heartbeat <= 0 {
		o.Heartbeat = 15 * time.Second
	}
	if o.WriteTimeout <= 0 {
		o.WriteTimeout = 10 * time.Second
	}
	if o.Max <= 0 {
		o.Max = 10000
	}
	if o.MaxPerUser <= 0 {
		o.MaxPerUser = 20
	}
	if o.Observer == nil {
		o.Observer = nopWatchObserver{}
	}
	return o
}

type nopWatchObserver struct{}

func (nopWatchObserver) Opened(string)            {}
func (nopWatchObserver) Closed(string, string)    {}
func (nopWatchObserver) Sent(string, string, int) {}

// watches holds what every stream shares.
type watches struct {
	opts     WatchOptions
	open     atomic.Int64
	perUser  *userSlots
	refusals RefusalObserver
}

// watchBatch is how many changes a stream takes from the feed at once.
const watchBatch = 64

// watchRouteSuffix marks a stream's route in metrics and access lines.
const watchRouteSuffix = "?watch=true"

// watchParam reads ?watch: absent or false serves the list; true a stream.
// A stream cannot be paged.
func watchParam(r *http.Request) (bool, error) {
	query := r.URL.Query()
	if !query.Has("watch") {
		return false, nil
	}
	var errs fieldErrors
	watch, err := strconv.ParseBool(query.Get("watch"))
	if err != nil {
		errs.add(field.Invalid(field.NewPath("watch"), query.Get("watch"), "must be a boolean"))
	} else if watch && (query.Has("limit") || query.Has("continue")) {
		errs.add(field.Invalid(field.NewPath("watch"), query.Get("watch"), "cannot be combined with limit or continue"))
	}
	return watch, errs.err(msgInvalidQuery)
}

// watchScope is what one stream follows.
type watchScope struct {
	resource string
	// tag names what the stream may see (for a restricted caller, which
	// namespaces): a Last-Event-ID resumes only a stream of the same tag,
	// since another would lack the snapshot of what it now may see.
	tag string
	// includes selects the resource's changes the stream sends.
	includes func(cache.Change) bool
	// snapshot is the list the stream starts with, as body parts, and
	// which changes it already shows.
	snapshot func() (parts [][]byte, covers func(cache.Change) bool)
	// recheck checks the caller's access again; a 4xx *Error ends the
	// stream, and an error that is no decision (the API server is away)
	// leaves it as it is until the next heartbeat.
	recheck func() error
}

// streamList streams the changes of one cached list, whose snapshot is
// list's answer, to a caller who may do policy.
func (h reads) streamList(w http.ResponseWriter, r *http.Request, policy auth.Policy, sc watchScope, list func() *cache.List) error {
	sc.snapshot = func() ([][]byte, func(cache.Change) bool) {
		l := list()
		return [][]byte{l.Bytes()}, l.Coverage()
	}
	sc.recheck = func() error { return h.guard.allowed(r, policy) }
	return h.stream(w, r, sc)
}

// errAccessChanged ends a stream whose set of visible namespaces changed:
// the client needs a new snapshot.
var errAccessChanged = &Error{Status: http.StatusGone, Message: "your access changed; reconnect for a new snapshot"}

// stream answers a watch: Server-Sent Events with, unless the client
// resumes from a Last-Event-ID still held, a snapshot of the list, then
// one event per change, heartbeats while idle, and a final event when the
// server ends the stream. Events are read from the model's feed at the
// stream's own pace: a slow client never holds up the informers, and one
// that falls behind the feed's history is dropped.
func (h reads) stream(w http.ResponseWriter, r *http.Request, sc watchScope) error {
	ws := h.watches
	name := user(r).Name
	if !ws.perUser.acquire(name) {
		ws.refusals.Refused(RefusedWatchUser)
		return &Error{Status: http.StatusTooManyRequests, RetryAfter: ws.opts.Heartbeat,
			Message: "you have " + strconv.Itoa(ws.opts.MaxPerUser) + " watch streams open, the most one user may; close one or poll the list instead"}
	}
	defer ws.perUser.release(name)
	if ws.open.Add(1) > int64(ws.opts.Max) {
		ws.open.Add(-1)
		ws.refusals.Refused(RefusedWatchTotal)
		return &Error{Status: http.StatusTooManyRequests, RetryAfter: ws.opts.Heartbeat,
			Message: "too many watch streams are open; poll the list instead or try again later"}
	}
	defer ws.open.Add(-1)
	select {
	case <-ws.opts.Stop:
		// Draining: a snapshot would only be cut short.
		return &Error{Status: http.StatusServiceUnavailable, Message: "the server is shutting down; reconnect"}
	default:
	}
	if info := requestInfoFrom(r.Context()); info != nil {
		// Streams last minutes: their durations are not list latencies.
		info.route += watchRouteSuffix
	}
	obs := ws.opts.Observer
	obs.Opened(sc.resource)
	reason := WatchEndClient
	defer func() { obs.Closed(sc.resource, reason) }()

	out := startEventStream(w, "no-cache", ws.opts.WriteTimeout)
	out.prefix = h.model.Boot() + "." + sc.tag + "."

	cursor, resumed := out.resumeFrom(r.Header.Get("Last-Event-ID"))
	var covers func(cache.Change) bool
	if resumed {
		// The history must still hold every change after it, or the
		// client starts over.
		if _, _, err := h.model.ChangesSince(cursor, nil, 0); err != nil {
			resumed = false
		}
	}
	if !resumed {
		cursor = h.model.Head()
		var parts [][]byte
		parts, covers = sc.snapshot()
		// The snapshot's id is past the changes it already shows, so a
		// client resuming from it does not get them again.
		if next, _, err := h.model.ChangesSince(cursor, nil, cache.FeedHistory); err == nil {
			for _, c := range next {
				if c.Resource == sc.resource && sc.includes(c) && !covers(c) {
					break
				}
				cursor = c.Seq
			}
		}
		out.event(cursor, "snapshot", parts...)
		obs.Sent(sc.resource, "snapshot", 1)
	}
	if err := out.flush(); err != nil {
		return nil
	}

	heartbeat := time.NewTicker(ws.opts.Heartbeat)
	defer heartbeat.Stop()
	buf := make([]cache.Change, 0, watchBatch)
	for {
		changes, wake, err := h.model.ChangesSince(cursor, buf[:0], watchBatch)
		if errors.Is(err, cache.ErrFeedGap) {
			reason = WatchEndBehind
			out.final(cursor, &Error{Status: http.StatusGone,
				Message: "this stream fell behind the changes the server keeps; reconnect for a new snapshot"})
			return nil
		}
		for _, c := range changes {
			cursor = c.Seq
			if c.Resource != sc.resource || !sc.includes(c) || (covers != nil && covers(c)) {
				continue
			}
			out.event(c.Seq, string(c.Type), c.Data())
			obs.Sent(sc.resource, string(c.Type), 1)
		}
		if len(changes) == watchBatch {
			continue // more are waiting: take them before writing out
		}
		if err := out.flush(); err != nil {
			return nil
		}
		select {
		case <-wake:
		case <-heartbeat.C:
			if err := sc.recheck(); err != nil {
				var apiErr *Error
				if errors.As(err, &apiErr) && apiErr.Status < http.StatusInternalServerError {
					reason = WatchEndAccess
					out.final(cursor, apiErr)
					return nil
				}
				// No decision could be made: the access granted stands
				// until one can, as a cached decision would.
			}
			out.heartbeat(cursor)
			if err := out.flush(); err != nil {
				return nil
			}
		case <-ws.opts.Stop:
			reason = WatchEndShutdown
			out.final(cursor, &Error{Status: http.StatusServiceUnavailable, Message: "the server is shutting down; reconnect"})
			return nil
		case <-r.Context().Done():
			return nil
		}
	}
}

// sseWriter writes Server-Sent Events, each carrying the feed position
// after it as its id ("<process>.<seq>"), so that a client reconnecting
// with Last-Event-ID resumes where it left off.
type sseWriter struct {
	w  http.ResponseWriter
	rc *http.ResponseController
	// prefix starts every id: the process and the stream's scope tag.
	prefix  string
	timeout time.Duration
	err     error
}

// startEventStream answers 200 with the headers of a stream of
// Server-Sent Events and returns its writer, each of whose writes has
// timeout: the server's read and write timeouts bound a request, and a
// stream outlives them.
func startEventStream(w http.ResponseWriter, cacheControl string, timeout time.Duration) *sseWriter {
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Time{})
	hdr := w.Header()
	hdr.Set("Content-Type", "text/event-stream")
	hdr.Set("Cache-Control", cacheControl)
	hdr.Set("X-Accel-Buffering", "no") // nginx: do not buffer the stream
	w.WriteHeader(http.StatusOK)
	return &sseWriter{w: w, rc: rc, timeout: timeout}
}

func (s *sseWriter) id(seq uint64) string { return s.prefix + strconv.FormatUint(seq, 10) }

// resumeFrom parses a Last-Event-ID this process wrote for a stream of
// the same scope.
func (s *sseWriter) resumeFrom(lastID string) (uint64, bool) {
	seq, ok := strings.CutPrefix(lastID, s.prefix)
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseUint(seq, 10, 64)
	return n, err == nil
}

// write writes parts, each within the write timeout: a snapshot's parts
// are namespaces' lists, so a large snapshot gets time in proportion.
func (s *sseWriter) write(parts ...[]byte) {
	for i, p := range parts {
		if s.err != nil {
			return
		}
		if i > 0 && len(p) < 64<<10 {
			// A small part goes out under its call's deadline.
			if _, err := s.w.Write(p); err != nil { //nolint:gosec // G705: JSON the read model rendered, sent as text/event-stream, not HTML

				s.err = err
			}
			continue
		}
		if err := s.rc.SetWriteDeadline(time.Now().Add(s.timeout)); err != nil && !errors.Is(err, http.ErrNotSupported) {
			s.err = err
			return
		}
		if _, err := s.w.Write(p); err != nil { //nolint:gosec // G705: as above
			s.err = err
		}
	}
}

var (
	sseID    = []byte("id: ")
	sseEvent = []byte("\nevent: ")
	sseData  = []byte("\ndata: ")
	sseEnd   = []byte("\n\n")
)

// event writes one event. Its data is JSON, which never holds a raw
// newline, so it fits one data line.
func (s *sseWriter) event(seq uint64, name string, data ...[]byte) {
	s.write(sseID, []byte(s.id(seq)), sseEvent, []byte(name), sseData)
	s.write(data...)
	s.write(sseEnd)
}

// heartbeat is a comment, which clients ignore, plus the current id: a
// client whose events were all filtered out still resumes from here.
func (s *sseWriter) heartbeat(seq uint64) {
	s.write([]byte(": heartbeat\nid: " + s.id(seq) + "\n\n"))
}

// final writes the event that ends a stream: an error envelope saying why.
func (s *sseWriter) final(seq uint64, e *Error) {
	s.event(seq, "error", errorJSON(e))
	_ = s.flush()
}

func (s *sseWriter) flush() error {
	if s.err == nil {
		if err := s.rc.Flush(); err != nil && !errors.Is(err, http.ErrNotSupported) {
			s.err = err
		}
	}
	return s.err
}

// namespacesTag names a set of namespaces (sorted) in a stream's ids.
func namespacesTag(names []string) string {
	h := fnv.New64a()
	for _, ns := range names {
		_, _ = h.Write([]byte(ns))
		_, _ = h.Write([]byte{0})
	}
	return strconv.FormatUint(h.Sum64(), 36)
}
