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
	"context"
	"errors"
	"io"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sync/semaphore"
)

// Body limits, per route: what each route carries, with room to spare,
// and no more. Decoding costs many times a body's size in memory (a YAML
// manifest about 40 times), so a limit bounds what one request can take.
const (
	// KindBodyLimit bounds a WorkspaceKind manifest, its form (PUT) and its
	// patches: the largest real WorkspaceKind, upstream's jupyterlab
	// sample, is 22 KiB.
	KindBodyLimit = 256 << 10
	// WorkspaceBodyLimit bounds a Workspace's form and its patches:
	// upstream's sample Workspace is 3 KiB as a manifest, less as a form.
	WorkspaceBodyLimit = 64 << 10
	// SecretBodyLimit bounds a Secret's form: Kubernetes keeps a Secret
	// to 1 MiB of data, which is 1.33 MiB in base64.
	SecretBodyLimit = 1536 << 10
	// ClaimBodyLimit bounds a PersistentVolumeClaim's form.
	ClaimBodyLimit = 16 << 10
	// SmallBodyLimit bounds a pause action and an option-values request.
	SmallBodyLimit = 4 << 10
)

// bodyLimits are the routes that read a body, each with its limit: a route
// that reads a body and is missing here is a bug routes() refuses.
var bodyLimits = map[string]int64{
	"POST /api/v1/workspaces/{namespace}":                               WorkspaceBodyLimit,
	"PUT /api/v1/workspaces/{namespace}/{name}":                         WorkspaceBodyLimit,
	"PATCH /api/v1/workspaces/{namespace}/{name}":                       WorkspaceBodyLimit,
	"POST /api/v1/workspaces/{namespace}/{name}/actions/pause":          SmallBodyLimit,
	"POST /api/v1/workspacekinds":                                       KindBodyLimit,
	"PUT /api/v1/workspacekinds/{name}":                                 KindBodyLimit,
	"PATCH /api/v1/workspacekinds/{name}":                               KindBodyLimit,
	"POST /api/v1/workspacekinds/{name}/podtemplate/options/listvalues": SmallBodyLimit,
	"POST /api/v1/persistentvolumeclaims/{namespace}":                   ClaimBodyLimit,
	"POST /api/v1/secrets/{namespace}":                                  SecretBodyLimit,
	"PUT /api/v1/secrets/{namespace}/{name}":                            SecretBodyLimit,
}

// BodyLimit is the largest body the route (method and path template)
// accepts; 0 for a route that reads none.
func BodyLimit(method, template string) int64 { return bodyLimits[method+" "+template] }

// largeBody is the size past which reading and decoding a body takes one
// of the replica's decode slots (Limits.LargeBodyDecodes).
const largeBody = 64 << 10

// Why a request was refused to protect the replica or other users: the
// values of RefusalObserver.Refused.
const (
	RefusedBodyTooLarge = "body_too_large" // 413: over the route's body limit
	RefusedDecodeBusy   = "decode_busy"    // 429: every large-body decode slot was taken
	RefusedAuthzBudget  = "authz_budget"   // 429: the caller's uncached access reviews
	RefusedWatchUser    = "watch_user"     // 429: the caller's watch streams
	RefusedWatchTotal   = "watch_total"    // 429: the replica's watch streams
	RefusedLogUser      = "log_user"       // 429: the caller's concurrent log reads
	RefusedTokenReviews = "token_reviews"  // 429: the client address's failed token reviews
)

// RefusalObserver counts refusals by reason (pkg/metrics implements it).
type RefusalObserver interface {
	Refused(reason string)
}

type nopRefusals struct{}

func (nopRefusals) Refused(string) {}

// Limits bound what one request, and one user, may take of a replica.
// Zero values take the defaults.
type Limits struct {
	// LargeBodyDecodes is how many bodies over 64 KiB may be read and
	// decoded at once; the others wait up to LargeBodyWait, then get
	// 429. Default 4.
	LargeBodyDecodes int
	// LargeBodyWait is how long a large body waits for a decode slot.
	// Default 1 s.
	LargeBodyWait time.Duration
	// LogReadsPerUser is how many logs one user may read at once; more
	// are 429. Default 4.
	LogReadsPerUser int
	// LogTimeout bounds a whole log response, however slowly the client
	// reads it. Default 2 min.
	LogTimeout time.Duration
	// MaxTailLines is the largest tailLines a log read accepts. Default
	// 10,000.
	MaxTailLines int64
}

func (l Limits) withDefaults() Limits {
	if l.LargeBodyDecodes <= 0 {
		l.LargeBodyDecodes = 4
	}
	if l.LargeBodyWait <= 0 {
		l.LargeBodyWait = time.Second
	}
	if l.LogReadsPerUser <= 0 {
		l.LogReadsPerUser = 4
	}
	if l.LogTimeout <= 0 {
		l.LogTimeout = 2 * time.Minute
	}
	if l.MaxTailLines <= 0 {
		l.MaxTailLines = 10000
	}
	return l
}

// bodies reads request bodies within their route's limit, and holds a
// decode slot for a large one until its handler returns.
type bodies struct {
	slots    *semaphore.Weighted
	wait     time.Duration
	refusals RefusalObserver
}

// limit wraps h so that its request body is read at most limit bytes, and
// past largeBody only with a decode slot. Nothing is read until h reads:
// a handler that refuses the caller first never reads the body at all.
func (b *bodies) limit(limit int64, h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		lb := &limitedBody{ctx: r.Context(), b: b, limit: limit, declared: r.ContentLength,
			r: http.MaxBytesReader(w, r.Body, limit)}
		defer lb.release()
		r.Body = lb
		return h(w, r)
	}
}

// limitedBody is a request body that answers past its limit with a 413 and
// takes a decode slot before it reads past largeBody.
type limitedBody struct {
	ctx      context.Context
	b        *bodies
	r        io.ReadCloser
	limit    int64
	declared int64 // Content-Length, or -1
	read     int64
	holding  bool
	err      error
}

func (l *limitedBody) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	if l.declared > l.limit {
		// Known too large: not a byte of it is read.
		return 0, l.fail(l.tooLarge())
	}
	if !l.holding {
		if l.read >= largeBody {
			if err := l.acquire(); err != nil {
				return 0, l.fail(err)
			}
		} else if rest := largeBody - l.read; int64(len(p)) > rest {
			// Up to the threshold only: the bytes past it are read with
			// a slot held.
			p = p[:rest]
		}
	}
	n, err := l.r.Read(p)
	l.read += int64(n)
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return n, l.fail(l.tooLarge())
	}
	return n, err
}

func (l *limitedBody) Close() error { return l.r.Close() }

func (l *limitedBody) fail(err error) error {
	l.err = err
	return err
}

func (l *limitedBody) tooLarge() error {
	l.b.refusals.Refused(RefusedBodyTooLarge)
	return &Error{Status: http.StatusRequestEntityTooLarge,
		Message: "request body too large: this route accepts at most " + formatBytes(l.limit)}
}

// acquire takes a decode slot, waiting briefly: a replica decodes only a
// few large bodies at once, so their memory stays bounded.
func (l *limitedBody) acquire() error {
	ctx, cancel := context.WithTimeout(l.ctx, l.b.wait)
	defer cancel()
	if err := l.b.slots.Acquire(ctx, 1); err != nil {
		if l.ctx.Err() != nil {
			return l.ctx.Err()
		}
		l.b.refusals.Refused(RefusedDecodeBusy)
		return &Error{Status: http.StatusTooManyRequests, RetryAfter: time.Second,
			Message: "too many large request bodies are being read right now; try again shortly"}
	}
	l.holding = true
	return nil
}

func (l *limitedBody) release() {
	if l.holding {
		l.holding = false
		l.b.slots.Release(1)
	}
}

// formatBytes writes a limit as people read it: 256 KiB, 1.5 MiB.
func formatBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', -1, 64) + " MiB"
	case n >= 1<<10:
		return strconv.FormatFloat(float64(n)/(1<<10), 'f', -1, 64) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// userSlots counts what each user holds of something with a per-user cap.
type userSlots struct {
	max  int
	mu   sync.Mutex
	held map[string]int
}

func newUserSlots(max int) *userSlots { return &userSlots{max: max, held: map[string]int{}} }

// acquire takes one of user's slots, or reports that they hold them all.
func (s *userSlots) acquire(user string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.held[user] >= s.max {
		return false
	}
	s.held[user]++
	return true
}

func (s *userSlots) release(user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.held[user]--
	if s.held[user] <= 0 {
		delete(s.held, user)
	}
}

// retryAfterSeconds is a Retry-After value: whole seconds, at least 1.
func retryAfterSeconds(d time.Duration) string {
	return strconv.Itoa(max(1, int(math.Ceil(d.Seconds()))))
}
