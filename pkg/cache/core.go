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
	"context"
	"sync"
	"sync/atomic"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/resourceversion"
)

// core is what both read models (Model and Storage) are built on: the lock
// that orders events and reads, the list responses cached per scope, and the
// wait of a writer until its write is served.
//
// Locking, the one discipline of this package: an event takes mu for
// writing, applies itself and drops the lists it changes; a reader takes mu
// for reading. A list is built on the first read after its scope changed by
// one reader, under its scope's build lock and then mu's read lock (always
// in that order), while the other readers of the scope wait and share it.
// Holding the read lock from reading the items to publishing the list means
// no event can drop the list in between, so a published list is never older
// than the model; the build lock means a crowd of polls after a change
// builds it once. Storage's stale PVC and Secret items are rendered by that
// builder too: each belongs to one list, and no other reader touches it.
type core struct {
	mu sync.RWMutex
	// generation counts applied events. Only the watch feed needs it: a
	// list built at generation g shows every change published up to g.
	generation uint64
	// latest is each resource's latest resourceVersion applied; writers
	// wait on it (see waitSeen).
	latest map[string]string

	wakeMu sync.Mutex
	// wake is closed at the next applied event; made only while someone
	// waits, so events cost nothing otherwise.
	wake chan struct{}

	observer      Observer
	subscriptions subscriptions
}

func newCore(resources ...string) core {
	return core{latest: map[string]string{}, observer: nopObserver{}, subscriptions: newSubscriptions(resources...)}
}

// SetObserver makes the model report its timings to o. Call it before
// Register.
func (c *core) SetObserver(o Observer) {
	if o == nil {
		o = nopObserver{}
	}
	c.observer = o
}

// HasSynced reports whether the model has applied every object of its
// informers' initial lists.
func (c *core) HasSynced() bool { return c.subscriptions.hasSynced() }

// lazyList is one scope's list response, built on the first read after a
// change dropped it, and kept until the next.
type lazyList struct {
	scope string // ScopeWorkspaces, ...: what the list's metrics call it
	build sync.Mutex
	list  atomic.Pointer[List]
	// retired marks a list whose scope the model no longer holds (a
	// namespace emptied): a reader that found it must look again. Guarded
	// by core.mu.
	retired bool
}

// drop forgets the list: its scope changed. Caller holds mu for writing.
func (l *lazyList) drop() { l.list.Store(nil) }

// cached returns l's list, building it from items (evaluated under the read
// lock, in any order) when a change dropped it; nil when l is retired.
func (c *core) cached(l *lazyList, items func() []item) *List {
	if list := l.list.Load(); list != nil {
		return list
	}
	l.build.Lock()
	defer l.build.Unlock()
	if list := l.list.Load(); list != nil {
		return list
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	if l.retired {
		return nil
	}
	start := time.Now()
	all := items()
	sortItems(all)
	list := buildList(all)
	list.generation = c.generation
	l.list.Store(list)
	c.observer.ListBuilt(l.scope, time.Since(start))
	return list
}

// applied records an event of resource at resourceVersion ("" for a
// resource nobody waits on) and wakes the waiting writers. Caller holds mu
// for writing.
func (c *core) applied(resource, rv string) {
	c.generation++
	if rv != "" && newer(rv, c.latest[resource]) {
		c.latest[resource] = rv
	}
	c.wakeMu.Lock()
	if c.wake != nil {
		close(c.wake)
		c.wake = nil
	}
	c.wakeMu.Unlock()
}

// newer reports whether resourceVersion a is after b, "" being before all.
func newer(a, b string) bool {
	if b == "" {
		return true
	}
	cmp, err := resourceversion.CompareResourceVersion(a, b)
	return err == nil && cmp > 0
}

// Written names a write the caller wants to see served: an object as the
// API server answered the write, or, with Deleted, the object that was
// deleted.
type Written struct {
	Namespace, Name string
	UID             types.UID
	ResourceVersion string
	Deleted         bool
}

// waitSeen blocks until the model serves the write w of resource, or ctx
// ends, returning ctx's error then. find looks the written object up, under
// the read lock.
func (c *core) waitSeen(ctx context.Context, resource string, w Written, find func() (metav1.Object, bool)) error {
	for {
		// Take the channel before testing, so an event applied in
		// between still wakes us.
		c.wakeMu.Lock()
		if c.wake == nil {
			c.wake = make(chan struct{})
		}
		wake := c.wake
		c.wakeMu.Unlock()

		c.mu.RLock()
		obj, exists := find()
		ok := observed(w, obj, exists, c.latest[resource])
		c.mu.RUnlock()
		if ok {
			return nil
		}
		select {
		case <-wake:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// observed decides whether a write is visible, given the object the model
// holds under its name (if it exists) and the latest resourceVersion applied
// of its resource. A watch delivers one resource's events in
// resourceVersion order, so once the model has applied an event at or past
// the write's resourceVersion, it has applied the write itself, whatever
// happened to the object since. A deletion is seen when the object is gone
// or was replaced by one with another UID.
func observed(w Written, obj metav1.Object, exists bool, latest string) bool {
	if w.Deleted {
		return !exists || obj.GetUID() != w.UID
	}
	if exists && obj.GetUID() == w.UID && obj.GetResourceVersion() == w.ResourceVersion {
		return true
	}
	cmp, err := resourceversion.CompareResourceVersion(latest, w.ResourceVersion)
	return err == nil && cmp >= 0
}
