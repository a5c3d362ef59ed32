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
	"errors"
	"sync"
)

// Change is one change of a served Workspace or WorkspaceKind, as watch
// streams send it: the object's new list item, rendered when its event
// arrived, or its deletion.
type Change struct {
	// Seq orders every change the model published, from 1.
	Seq uint64
	// Generation is the model generation that applied the change: a list
	// built at this generation or later already shows it (see List.Coverage).
	Generation uint64
	Resource   string // ResourceWorkspaces or ResourceWorkspaceKinds
	Type       ChangeType
	Namespace  string // "" for a WorkspaceKind
	Name       string
	// Item is the object's list item JSON; nil for ChangeDeleted. It is
	// shared: never modify it.
	Item []byte
	// gone names a deleted object for watchers (see Data).
	gone []byte
}

// ChangeType is what happened to an object.
type ChangeType string

// Change types, named as Kubernetes watch events are.
const (
	ChangeAdded    ChangeType = "added"
	ChangeModified ChangeType = "modified"
	ChangeDeleted  ChangeType = "deleted"
)

// ErrFeedGap means the changes after a position are no longer all held:
// the reader fell further behind than the feed's history, and must start
// again from a snapshot.
var ErrFeedGap = errors.New("cache: changes after this position are no longer held")

// FeedHistory is how many changes the model holds for watchers: about a
// megabyte of rendered items, and minutes of history at a change per
// second. A watcher further behind starts again from a snapshot.
const FeedHistory = 1024

// feed is the model's bounded history of changes. Publishing is O(1)
// whatever the number of readers: one wake-up channel is closed per
// change, and each reader copies what it missed at its own pace. A reader
// that falls behind the history gets ErrFeedGap; nothing ever waits for
// a reader.
type feed struct {
	mu   sync.Mutex
	ring []Change // ring[seq % len(ring)]
	last uint64   // Seq of the latest change; 0 before the first
	wake chan struct{}
}

func newFeed(history int) *feed {
	return &feed{ring: make([]Change, max(history, 1)), wake: make(chan struct{})}
}

// publish appends c, numbering it. Caller holds the model's write lock, so
// changes are published in generation order.
func (f *feed) publish(c Change) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.last++
	c.Seq = f.last
	f.ring[c.Seq%uint64(len(f.ring))] = c
	close(f.wake)
	f.wake = make(chan struct{})
}

func (f *feed) head() uint64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.last
}

func (f *feed) changesSince(seq uint64, buf []Change, max int) ([]Change, <-chan struct{}, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if seq > f.last {
		// A position this process never published (another process's,
		// or one from before a restart).
		return buf, f.wake, ErrFeedGap
	}
	size := uint64(len(f.ring))
	if f.last-seq > size {
		return buf, f.wake, ErrFeedGap
	}
	for s := seq + 1; s <= f.last && max > 0; s++ {
		buf = append(buf, f.ring[s%size])
		max--
	}
	return buf, f.wake, nil
}

// Data is what a watch event carries, rendered once for every watcher:
// the list item, or for a deletion the object's namespace (for a
// Workspace) and name, {"namespace":"…","name":"…"}. It is shared: never
// modify it.
func (c Change) Data() []byte {
	if c.Type == ChangeDeleted {
		return c.gone
	}
	return c.Item
}

// deleted is the Change of an object's deletion.
func deleted(generation uint64, resource, namespace, name string) Change {
	return Change{Generation: generation, Resource: resource, Type: ChangeDeleted, Namespace: namespace, Name: name,
		gone: mustJSON(struct {
			Namespace string `json:"namespace,omitempty"`
			Name      string `json:"name"`
		}{namespace, name})}
}
