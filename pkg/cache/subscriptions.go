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
	"fmt"
	"time"

	toolscache "k8s.io/client-go/tools/cache"
)

// subscriptions are a read model's event handlers on its informers and
// the events it applied of each resource it reports. The owning model's
// lock guards the counts.
type subscriptions struct {
	// resources are the ones reported by stats, in order.
	resources     []string
	registrations []registration
	events        map[string]*eventCounts
}

// registration is a model's event handler on one resource's informer.
type registration struct {
	resource string
	toolscache.ResourceEventHandlerRegistration
}

// eventCounts are one resource's applied events.
type eventCounts struct {
	added, updated, deleted uint64
	last                    time.Time
}

// subscribed names an informer by the resource it watches.
type subscribed struct {
	resource string
	informer toolscache.SharedIndexInformer
}

func newSubscriptions(resources ...string) subscriptions {
	s := subscriptions{resources: resources, events: make(map[string]*eventCounts, len(resources))}
	for _, r := range resources {
		s.events[r] = &eventCounts{}
	}
	return s
}

// register adds the model's upsert and delete handlers to each informer.
func (s *subscriptions) register(model string, upsert, remove func(any), informers ...subscribed) error {
	handler := toolscache.ResourceEventHandlerFuncs{
		AddFunc:    upsert,
		UpdateFunc: func(_, obj any) { upsert(obj) },
		DeleteFunc: remove,
	}
	for _, i := range informers {
		reg, err := i.informer.AddEventHandler(handler)
		if err != nil {
			return fmt.Errorf("registering the %s: %w", model, err)
		}
		s.registrations = append(s.registrations, registration{i.resource, reg})
	}
	return nil
}

// hasSynced reports whether the model has applied every object of its
// informers' initial lists.
func (s *subscriptions) hasSynced() bool {
	for _, r := range s.registrations {
		if !r.HasSynced() {
			return false
		}
	}
	return len(s.registrations) > 0
}

// upserted records an add (or, when the object existed, an update) of
// resource.
func (s *subscriptions) upserted(resource string, existed bool) {
	c := s.events[resource]
	if existed {
		c.updated++
	} else {
		c.added++
	}
	c.last = time.Now()
}

// removed records a delete of resource.
func (s *subscriptions) removed(resource string) {
	c := s.events[resource]
	c.deleted++
	c.last = time.Now()
}

// stats describes each reported resource, given how many objects of each
// the model serves.
func (s *subscriptions) stats(objects map[string]int) []ResourceStats {
	synced := map[string]bool{}
	for _, r := range s.registrations {
		synced[r.resource] = r.HasSynced()
	}
	out := make([]ResourceStats, 0, len(s.resources))
	for _, name := range s.resources {
		c := s.events[name]
		out = append(out, ResourceStats{
			Resource: name, Objects: objects[name],
			Added: c.added, Updated: c.updated, Deleted: c.deleted, LastEvent: c.last,
			Synced: synced[name],
		})
	}
	return out
}
